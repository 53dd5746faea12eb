package main

import (
	"context"

	"nscl/internal/demo"
)

// seedJudging fills the demo's judges' assignments, conflicts, scores, consensus and results of the judged contests.
func (a *app) seedJudging(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
