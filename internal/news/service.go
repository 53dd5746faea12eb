package news

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"nscl/internal/audit"
)

// Store keeps articles, subscribers and newsletters (sqldb/news*.go).
// Finders return fault.NotFound for a missing object; an update whose
// version is stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error
}

// Options configure a Service. Store is required.
type Options struct {
	Store   Store
	Clock   func() time.Time
	Log     *slog.Logger
	BaseURL string // for links in mails and the feed
}

// Service is the news' use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store   Store
	now     func() time.Time
	log     *slog.Logger
	baseURL string
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: o.Store, now: o.Clock, log: o.Log, baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}

// ArticleSummary is a published article as other areas show it (the
// portal's home page).
type ArticleSummary struct {
	ID          int64
	Title       string
	Summary     string // plain text
	URL         string // the article's page, e.g. "/news/slug"
	Category    string
	ImageURL    string // "" without an image
	PublishedAt time.Time
}

// LatestArticles returns the n most recently published articles (their
// publication time has come), newest first. Anyone may read them.
func (s *Service) LatestArticles(ctx context.Context, n int) ([]ArticleSummary, error) {
	return nil, nil // the news area fills this in
}
