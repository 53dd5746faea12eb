package main

import (
	"context"
	"fmt"

	"nscl/internal/catalog"
	"nscl/internal/demo"
)

// Sizes of the demo standards: a sample of real management-system and MOIT
// standards with their replacement chains plus generated ones, and the
// national scale of the search benchmark.
const (
	demoStandardsSmall    = 120
	demoStandardsNational = 20000
)

// seedCatalog adds the catalog demo data after the registry and the
// accounts: the standards (the tool catalogue itself is product data, written
// by wireCatalog at every start).
func (a *app) seedCatalog(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	n := demoStandardsSmall
	if scale == demo.National {
		n = demoStandardsNational
	}
	if err := a.catalog.SeedStandards(ctx, catalog.DemoStandards(n, seed)); err != nil {
		return fmt.Errorf("demo: standards: %w", err)
	}
	return nil
}
