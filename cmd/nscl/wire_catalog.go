package main

import (
	"context"

	"nscl/internal/catalog"
)

// wireCatalog builds the catalog service and makes sure the shipped tool
// catalogue is in the database (it adds missing tools only, never changing
// one an administrator edited). A database that is not migrated yet (a
// command run without migration) is left alone with a warning.
func (a *app) wireCatalog() {
	a.catalog = catalog.NewService(a.db.Catalog())
	if n, err := a.catalog.EnsureBuiltin(context.Background()); err != nil {
		a.log.Warn("catalog: shipped tools not written", "err", err)
	} else if n > 0 {
		a.log.Info("catalog: shipped tools written", "added", n)
	}
}
