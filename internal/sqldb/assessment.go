package sqldb

import (
	"context"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/vn"
)

// AssessmentStore keeps schemes, assessments, certificates and
// accreditations (0022_assessment.sql). Its methods are in one file per
// area: assessment_core.go, assessment_schemes.go, assessment_audit.go,
// assessment_certificate.go, assessment_accreditation.go.
type AssessmentStore struct {
	conn
}

var _ assessment.Store = (*AssessmentStore)(nil)

// Assessment returns the assessment store.
func (db *DB) Assessment() *AssessmentStore { return &AssessmentStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *AssessmentStore) Tx(ctx context.Context, fn func(assessment.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&AssessmentStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *AssessmentStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// dayText writes a calendar day as 'yyyy-mm-dd' in Vietnam's zone; the zero
// time (or nil) as ”.
func dayText(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(vn.Zone).Format("2006-01-02")
}

// dayOf reads 'yyyy-mm-dd' as midnight in Vietnam's zone; ” (or a broken
// value) as nil.
func dayOf(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, vn.Zone)
	if err != nil {
		return nil
	}
	return &t
}

// dayVal is dayOf for a column that is never ”: the zero time otherwise.
func dayVal(s string) time.Time {
	if t := dayOf(s); t != nil {
		return *t
	}
	return time.Time{}
}
