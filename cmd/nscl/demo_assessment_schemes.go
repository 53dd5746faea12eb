package main

import (
	"context"

	"nscl/internal/demo"
)

// seedSchemes fills the demo's scheme work beyond the shipped schemes
// (which every install has): e.g. a draft version being edited.
func (a *app) seedSchemes(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
