package main

import "nscl/internal/portal"

// wirePortal builds the portal's home page service over the other areas
// (each optional: a nil service leaves its part of the page empty).
func (a *app) wirePortal() {
	o := portal.Options{Log: a.log}
	if a.programme != nil {
		o.Figures = a.programme
	}
	if a.news != nil {
		o.News = a.news
	}
	if a.library != nil {
		o.Library = a.library
	}
	if a.contest != nil {
		o.Contests = a.contest
	}
	a.portal = portal.NewService(o)
}
