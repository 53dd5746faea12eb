package sqldb

import (
	"context"

	"nscl/internal/audit"
	"nscl/internal/training"
)

// TrainingStore keeps courses, sessions, enrolments and practitioner
// credentials (0023_training.sql).
type TrainingStore struct {
	conn
}

var _ training.Store = (*TrainingStore)(nil)

// Training returns the training store.
func (db *DB) Training() *TrainingStore { return &TrainingStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *TrainingStore) Tx(ctx context.Context, fn func(training.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&TrainingStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *TrainingStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}
