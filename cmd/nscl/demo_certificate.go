package main

import (
	"context"

	"nscl/internal/demo"
)

// seedCertificates fills the demo's recognitions and certificates (valid, expiring, expired, revoked).
func (a *app) seedCertificates(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	return nil
}
