package main

import (
	"context"

	"nscl/internal/directory"
)

// wireDirectory builds the directory service: the catalogue's tools (the
// built-in codes until the catalog is wired), the 34 provinces and the
// registry lookup that links an organisation to the enterprise with its tax
// code. It first re-indexes the experts whose search text still holds an
// organisation they keep hidden (indexed before the search respected it).
func (a *app) wireDirectory() {
	store := a.db.Directory()
	var after directory.ExpertID
	n := 0
	for {
		last, err := store.ReindexHiddenOrganisations(context.Background(), after, 1000)
		if err != nil {
			a.log.Error("directory: re-index of hidden organisations", "err", err)
			break
		}
		if last == 0 {
			break
		}
		after, n = last, n+1
	}
	if n > 0 {
		a.log.Info("directory: re-indexed experts with a hidden organisation", "batches", n)
	}
	opts := []directory.Option{directory.WithEnterprises(store)}
	if a.catalog != nil {
		opts = append(opts, directory.WithTools(a.catalog))
	}
	a.directory = directory.NewService(store, a.geo, opts...)
}
