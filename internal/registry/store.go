package registry

import (
	"context"

	"nscl/internal/audit"
)

// Store keeps the registry. Finders return fault.NotFound for a missing
// object; writes return fault.Conflict for a duplicate tax code or a second
// pending claim of a user on a firm.
type Store interface {
	// Tx runs fn with a Store bound to one transaction.
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error

	FindEnterpriseByID(ctx context.Context, id EnterpriseID) (*Enterprise, error)
	FindEnterpriseByTaxCode(ctx context.Context, taxCode string) (*Enterprise, error)
	// FindEnterprises returns matching enterprises and the total.
	FindEnterprises(ctx context.Context, f Filter) ([]*Enterprise, int, error)
	// SearchEnterprises is FindEnterprises with facets when f.Facets.
	SearchEnterprises(ctx context.Context, f Filter) (*Page, error)
	// CreateEnterprises inserts many enterprises in one transaction (demo
	// data, imports), filling IDs. It writes the rows as given: callers
	// validate and derive (Enterprise.Derive).
	CreateEnterprises(ctx context.Context, es []*Enterprise) error
	CountEnterprises(ctx context.Context) (int, error)
	// UpdateEnterprise writes every field of e (by e.ID).
	UpdateEnterprise(ctx context.Context, e *Enterprise) error

	// FindFigures returns the figures of an enterprise, by year.
	FindFigures(ctx context.Context, id EnterpriseID) ([]Figures, error)
	// PutFigures inserts or replaces the figures of f.Year.
	PutFigures(ctx context.Context, id EnterpriseID, f Figures) error
	DeleteFigures(ctx context.Context, id EnterpriseID, year int) error
	// CreateFigures inserts the figures of many enterprises (bulk).
	CreateFigures(ctx context.Context, figs map[EnterpriseID][]Figures) error

	FindActivities(ctx context.Context, id EnterpriseID) ([]*Activity, error)
	CreateActivity(ctx context.Context, a *Activity) error

	AddHistory(ctx context.Context, h *HistoryEntry) error
	FindHistory(ctx context.Context, id EnterpriseID, offset, limit int) ([]*HistoryEntry, int, error)

	CreateClaim(ctx context.Context, c *Claim) error
	FindClaimByID(ctx context.Context, id ClaimID) (*Claim, error)
	FindClaims(ctx context.Context, f ClaimFilter) ([]*Claim, int, error)
	UpdateClaim(ctx context.Context, c *Claim) error

	// FindSettings returns every value of key, oldest effective first.
	FindSettings(ctx context.Context, key SettingKey) ([]*Setting, error)
	CreateSetting(ctx context.Context, s *Setting) error
}
