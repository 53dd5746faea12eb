package sqldb

import (
	"context"
	"strings"

	"nscl/internal/audit"
	"nscl/internal/programme"
)

// ProgrammeStore keeps the programme (0014_programme.sql). Its methods are
// in one file per area: programme_core.go, programme_setup.go,
// programme_activity.go, programme_execution.go, programme_results.go,
// programme_facts.go.
type ProgrammeStore struct {
	conn
}

var _ programme.Store = (*ProgrammeStore)(nil)

// Programme returns the programme store.
func (db *DB) Programme() *ProgrammeStore { return &ProgrammeStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *ProgrammeStore) Tx(ctx context.Context, fn func(programme.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&ProgrammeStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *ProgrammeStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// Version reads programme_version, which triggers bump on every write the
// dashboard reads.
func (s *ProgrammeStore) Version(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT v FROM programme_version WHERE id = 1`).Scan(&v)
	return v, translate(err, "programme version")
}

// joinList and splitAs store the comma-separated lists of the programme's
// tables (types, industries, provinces, tools).
func joinList[T ~string](xs []T) string {
	ss := make([]string, len(xs))
	for i, x := range xs {
		ss[i] = string(x)
	}
	return strings.Join(ss, ",")
}

func splitAs[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}
