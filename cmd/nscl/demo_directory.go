package main

import (
	"context"

	"nscl/internal/demo"
)

// seedDirectory adds the directory demo data after the registry and the accounts.
// (Scaffolding: the owner of the directory area replaces this file.)
func (a *app) seedDirectory(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
