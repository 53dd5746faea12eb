package main

import (
	"context"

	"nscl/internal/demo"
)

// seedDiagnosis adds the diagnosis demo data after the registry and the accounts.
// (Scaffolding: the owner of the diagnosis area replaces this file.)
func (a *app) seedDiagnosis(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
