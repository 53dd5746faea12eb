package main

import (
	"context"

	"nscl/internal/demo"
)

// seedLibrary fills the demo's the case library's cases and the tool guides.
func (a *app) seedLibrary(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
