package sqldb

import (
	"context"

	"nscl/internal/audit"
	"nscl/internal/news"
)

// NewsStore keeps articles, subscribers and newsletters (0036_news.sql).
type NewsStore struct {
	conn
}

var _ news.Store = (*NewsStore)(nil)

// News returns the news store.
func (db *DB) News() *NewsStore { return &NewsStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *NewsStore) Tx(ctx context.Context, fn func(news.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&NewsStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *NewsStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}
