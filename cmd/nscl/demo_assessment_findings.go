package main

import (
	"context"

	"nscl/internal/demo"
)

// seedFindings fills the demo's photo evidence and findings with
// corrective actions (open, done, closed, overdue).
func (a *app) seedFindings(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
