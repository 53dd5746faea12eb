package main

import "nscl/internal/library"

// wireLibrary builds the case library and guides' service.
func (a *app) wireLibrary() {
	a.library = library.NewService(library.Options{Store: a.db.Library(), Log: a.log})
}
