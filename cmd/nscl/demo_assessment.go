package main

import (
	"context"

	"nscl/internal/demo"
)

// seedAssessments fills the demo's assessments: self and independent ones in every status, with answers, photos and findings.
func (a *app) seedAssessments(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
