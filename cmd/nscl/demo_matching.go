package main

import (
	"context"

	"nscl/internal/demo"
)

// seedMatching adds the matching demo data after the registry and the accounts.
// (Scaffolding: the owner of the matching area replaces this file.)
func (a *app) seedMatching(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
