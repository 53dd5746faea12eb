package main

import (
	"context"

	"nscl/internal/demo"
)

// seedHonours fills the demo's the honour roll's stories and the national honours recorded by the ministry.
func (a *app) seedHonours(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
