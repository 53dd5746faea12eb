package sqldb

import (
	"context"

	"nscl/internal/audit"
	"nscl/internal/library"
)

// LibraryStore keeps cases and guides (0035_library.sql).
type LibraryStore struct {
	conn
}

var _ library.Store = (*LibraryStore)(nil)

// Library returns the library store.
func (db *DB) Library() *LibraryStore { return &LibraryStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *LibraryStore) Tx(ctx context.Context, fn func(library.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&LibraryStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *LibraryStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}
