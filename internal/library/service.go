package library

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"nscl/internal/audit"
)

// Store keeps cases and guides (sqldb/library*.go). Finders return
// fault.NotFound for a missing object; an update whose version is stale is
// fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error
}

// Options configure a Service. Store is required.
type Options struct {
	Store Store
	Clock func() time.Time
	Log   *slog.Logger
}

// Service is the library's use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store Store
	now   func() time.Time
	log   *slog.Logger
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: o.Store, now: o.Clock, log: o.Log}
}

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}

// CaseSummary is a published case as other areas show it (the portal's
// home page, a newsletter).
type CaseSummary struct {
	ID           int64
	Title        string
	Summary      string // plain text, one or two sentences
	URL          string // the case's page, a path such as "/cases/12"
	Tools        []string
	ProvinceCode string
	Sector       string
	PhotoURL     string // "" when the case has no photo
	PublishedAt  time.Time
}

// LatestCases returns the n most recently published cases, newest first.
// Anyone may read published cases.
func (s *Service) LatestCases(ctx context.Context, n int) ([]CaseSummary, error) {
	return nil, nil // the case area fills this in
}

// CaseSummaries returns the published cases with these ids, in the order
// given; unknown or unpublished ids are left out.
func (s *Service) CaseSummaries(ctx context.Context, ids []int64) ([]CaseSummary, error) {
	return nil, nil // the case area fills this in
}
