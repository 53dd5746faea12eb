package assessment

import (
	"context"

	"nscl/internal/fault"
)

// Shipped is a scheme delivered with the platform, with its first
// published version.
type Shipped struct {
	Scheme Scheme
	Body   Body
	Note   string
}

// EnsureShipped creates each shipped scheme (schemes_shipped.go) that the
// database does not have yet, published as version 1. It never changes a
// scheme that exists: officers may have edited it. Several servers may run
// it at once: a code another one created meanwhile is not an error.
func (s *Service) EnsureShipped(ctx context.Context) error {
	for _, sh := range ShippedSchemes() {
		if _, err := s.store.FindSchemeByCode(ctx, sh.Scheme.Code); err == nil {
			continue
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
		sc := sh.Scheme
		sc.Shipped = true
		v := &Version{Status: VersionPublished, Body: sh.Body, Note: sh.Note}
		if err := s.store.CreateScheme(ctx, &sc, v); err != nil && !fault.Is(err, fault.Conflict) {
			return err
		}
	}
	return nil
}
