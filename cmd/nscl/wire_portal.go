package main

import "nscl/internal/portal"

// wirePortal builds the portal's home page service over the other areas.
func (a *app) wirePortal() {
	a.portal = portal.NewService(portal.Options{Log: a.log})
}
