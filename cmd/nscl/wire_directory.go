package main

import "nscl/internal/directory"

// wireDirectory builds the directory service: the catalogue's tools (the
// built-in codes until the catalog is wired), the 34 provinces and the
// registry lookup that links an organisation to the enterprise with its tax
// code.
func (a *app) wireDirectory() {
	store := a.db.Directory()
	opts := []directory.Option{directory.WithEnterprises(store)}
	if a.catalog != nil {
		opts = append(opts, directory.WithTools(a.catalog))
	}
	a.directory = directory.NewService(store, a.geo, opts...)
}
