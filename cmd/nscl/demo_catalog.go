package main

import (
	"context"

	"nscl/internal/demo"
)

// seedCatalog adds the catalog demo data after the registry and the accounts.
// (Scaffolding: the owner of the catalog area replaces this file.)
func (a *app) seedCatalog(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
