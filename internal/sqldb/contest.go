package sqldb

import (
	"context"

	"nscl/internal/audit"
	"nscl/internal/contest"
)

// ContestStore keeps contests, entries, judging and the honour roll
// (0031_contest.sql and the areas' later migrations). Its methods are in
// one file per area: contest_core.go, contest_setup.go,
// contest_entries.go, contest_judging.go, contest_honours.go.
type ContestStore struct {
	conn
}

var _ contest.Store = (*ContestStore)(nil)

// Contest returns the contest store.
func (db *DB) Contest() *ContestStore { return &ContestStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *ContestStore) Tx(ctx context.Context, fn func(contest.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&ContestStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *ContestStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}
