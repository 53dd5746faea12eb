package sqldb

// The accreditation area of the assessment store (see assessment.go):
// assessor_accreditations (0022) and their history, accreditation_events
// (0027, numbers 0029). The readers of an accreditation (accreditationColumns,
// scanAccreditation) are in assessment_core.go.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// CreateAccreditation inserts an accreditation at version 1. A second
// one of the assessor on the scheme, or a number in use, is a Conflict
// on the field user_id or number; the insert does nothing then, so that
// the transaction goes on (on PostgreSQL a unique violation would abort
// it).
func (s *AssessmentStore) CreateAccreditation(ctx context.Context, x *assessment.Accreditation, by auth.UserID) error {
	if x.CreatedAt.IsZero() {
		x.CreatedAt = s.db.now()
	}
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = x.CreatedAt
	}
	if x.Status == "" {
		x.Status = assessment.AccreditationActive
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO assessor_accreditations (user_id, scheme_id, number, granted_on, expires_on, status,
		note, created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
		ON CONFLICT DO NOTHING RETURNING id`,
		int64(x.UserID), int64(x.SchemeID), x.Number, dayText(&x.GrantedOn), dayText(&x.ExpiresOn), string(x.Status), x.Note,
		nullInt64(int64(by)), utc(x.CreatedAt), utc(x.UpdatedAt)).Scan(&x.ID)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessor_accreditations WHERE user_id = $1 AND scheme_id = $2`,
			int64(x.UserID), int64(x.SchemeID)).Scan(&n); err != nil {
			return translate(err, "create accreditation")
		}
		if n > 0 {
			return fault.New(fault.Conflict, "Đánh giá viên đã được công nhận cho bộ tiêu chí này.", "The assessor is already accredited on this scheme.").
				Field("user_id", "Đã được công nhận.", "Already accredited.")
		}
		return fault.New(fault.Conflict, "Số quyết định đã được dùng.", "The number is already used.").
			Field("number", "Số này đã được dùng.", "This number is already used.")
	}
	if err != nil {
		return translate(err, "create accreditation")
	}
	x.Version = 1
	return nil
}

// UpdateAccreditation writes an accreditation's expiry, status and note
// if its version is still the stored one.
func (s *AssessmentStore) UpdateAccreditation(ctx context.Context, x *assessment.Accreditation) error {
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE assessor_accreditations SET expires_on = $1, status = $2, note = $3, updated_at = $4,
		version = version + 1 WHERE id = $5 AND version = $6`,
		dayText(&x.ExpiresOn), string(x.Status), x.Note, utc(x.UpdatedAt), int64(x.ID), x.Version)
	if err != nil {
		return translate(err, "update accreditation")
	}
	if err := changed(res, "update accreditation", "Quyết định công nhận vừa được người khác thay đổi.",
		"Someone else changed this accreditation meanwhile."); err != nil {
		return err
	}
	x.Version++
	return nil
}

// RegrantAccreditation writes an accreditation granted again (its number,
// dates, status and note) if its version is still the stored one.
func (s *AssessmentStore) RegrantAccreditation(ctx context.Context, x *assessment.Accreditation) error {
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE assessor_accreditations SET number = $1, granted_on = $2, expires_on = $3, status = $4,
		note = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8`,
		x.Number, dayText(&x.GrantedOn), dayText(&x.ExpiresOn), string(x.Status), x.Note, utc(x.UpdatedAt), int64(x.ID), x.Version)
	if err != nil {
		return translate(err, "regrant accreditation")
	}
	if err := changed(res, "regrant accreditation", "Quyết định công nhận vừa được người khác thay đổi.",
		"Someone else changed this accreditation meanwhile."); err != nil {
		return err
	}
	x.Version++
	return nil
}

// AccreditationNumberUsed reports whether an accreditation has number.
func (s *AssessmentStore) AccreditationNumberUsed(ctx context.Context, number string) (bool, error) {
	var n int
	err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessor_accreditations WHERE number = $1`, number).Scan(&n)
	return n > 0, translate(err, "accreditation number used")
}

// FindAccreditation reads an accreditation.
func (s *AssessmentStore) FindAccreditation(ctx context.Context, id assessment.AccreditationID) (*assessment.Accreditation, error) {
	x, err := scanAccreditation(s.r.QueryRowContext(ctx, `SELECT `+accreditationColumns+accreditationFrom+` WHERE r.id = $1`, int64(id)))
	return x, translate(err, fmt.Sprintf("find accreditation %d", id))
}

// FindAccreditations reads the accreditations matching f, by assessor
// name then scheme code, and their total.
func (s *AssessmentStore) FindAccreditations(ctx context.Context, f assessment.AccreditationFilter) ([]*assessment.Accreditation, int, error) {
	var w where
	if f.SchemeID != 0 {
		w.add("r.scheme_id = ?", int64(f.SchemeID))
	}
	if f.UserID != 0 {
		w.add("r.user_id = ?", int64(f.UserID))
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i], args[i] = "?", string(st)
		}
		w.add("r.status IN ("+strings.Join(ph, ", ")+")", args...)
	}
	if !f.ExpiresFrom.IsZero() {
		w.add("r.expires_on >= ?", dayText(&f.ExpiresFrom))
	}
	if !f.ExpiresBefore.IsZero() {
		w.add("r.expires_on < ?", dayText(&f.ExpiresBefore))
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+accreditationColumns+accreditationFrom+w.sql()+` ORDER BY u.name, s.code, r.id`+limit, w.args...)
	if err != nil {
		return nil, 0, translate(err, "find accreditations")
	}
	var out []*assessment.Accreditation
	for rows.Next() {
		x, err := scanAccreditation(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan accreditation")
		}
		out = append(out, x)
	}
	if err := closeRows(rows, "find accreditations"); err != nil {
		return nil, 0, err
	}
	total := len(out) + max(f.Offset, 0)
	if f.Limit > 0 && (len(out) == f.Limit || len(out) == 0 && f.Offset > 0) {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*)`+accreditationFrom+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count accreditations")
		}
	}
	return out, total, nil
}

// AddAccreditationEvent writes one entry of an accreditation's history.
func (s *AssessmentStore) AddAccreditationEvent(ctx context.Context, e *assessment.AccreditationEvent) error {
	if e.At.IsZero() {
		e.At = s.db.now()
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO accreditation_events (accreditation_id, action, expires_before, expires_after, reason,
		actor_id, at, number_before, number_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		int64(e.AccreditationID), e.Action, dayText(e.ExpiresBefore), dayText(e.ExpiresAfter), e.Reason, nullInt64(int64(e.ActorID)),
		utc(e.At), e.NumberBefore, e.NumberAfter).Scan(&e.ID)
	return translate(err, "add accreditation event")
}

// FindAccreditationEvents reads an accreditation's history, oldest first.
func (s *AssessmentStore) FindAccreditationEvents(ctx context.Context, id assessment.AccreditationID) ([]*assessment.AccreditationEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT v.id, v.accreditation_id, v.action, v.expires_before, v.expires_after, v.reason,
		COALESCE(v.actor_id, 0), COALESCE(u.name, ''), v.at, v.number_before, v.number_after
		FROM accreditation_events v LEFT JOIN users u ON u.id = v.actor_id WHERE v.accreditation_id = $1 ORDER BY v.id`, int64(id))
	if err != nil {
		return nil, translate(err, "find accreditation events")
	}
	var out []*assessment.AccreditationEvent
	for rows.Next() {
		var e assessment.AccreditationEvent
		var before, after string
		var at sql.NullTime
		if err := rows.Scan(&e.ID, &e.AccreditationID, &e.Action, &before, &after, &e.Reason, &e.ActorID, &e.ActorName, &at, &e.NumberBefore, &e.NumberAfter); err != nil {
			rows.Close()
			return nil, translate(err, "scan accreditation event")
		}
		e.ExpiresBefore, e.ExpiresAfter, e.At = dayOf(before), dayOf(after), timeOf(at)
		out = append(out, &e)
	}
	return out, closeRows(rows, "find accreditation events")
}

// FindAccounts reads the enabled accounts matching f, by name: of a
// role, whose name or email contains f.Query (case folded), f.Limit at
// most (1000 when none is set).
func (s *AssessmentStore) FindAccounts(ctx context.Context, f assessment.AccountFilter) ([]assessment.Account, error) {
	var w where
	w.add("role = ?", string(f.Role))
	w.add("NOT disabled")
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(lower(name) LIKE ? ESCAPE '\' OR lower(email) LIKE ? ESCAPE '\')`, likeContains(strings.ToLower(q)), likeContains(strings.ToLower(q)))
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, email, role FROM users`+w.sql()+
		fmt.Sprintf(` ORDER BY name, id LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), w.args...)
	if err != nil {
		return nil, translate(err, "find accounts")
	}
	var out []assessment.Account
	for rows.Next() {
		var a assessment.Account
		var r string
		if err := rows.Scan(&a.ID, &a.Name, &a.Email, &r); err != nil {
			rows.Close()
			return nil, translate(err, "scan account")
		}
		a.Role, a.Active = auth.Role(r), true
		out = append(out, a)
	}
	return out, closeRows(rows, "find accounts")
}

// FindAccount reads one account.
func (s *AssessmentStore) FindAccount(ctx context.Context, id auth.UserID) (*assessment.Account, error) {
	var a assessment.Account
	var r string
	var disabled bool
	err := s.r.QueryRowContext(ctx, `SELECT id, name, email, role, disabled FROM users WHERE id = $1`, int64(id)).
		Scan(&a.ID, &a.Name, &a.Email, &r, &disabled)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find account %d", id))
	}
	a.Role, a.Active = auth.Role(r), !disabled
	return &a, nil
}

// NextAccreditationNumber returns the next number of a series.
func (s *AssessmentStore) NextAccreditationNumber(ctx context.Context, series string) (int, error) {
	return s.nextNumber(ctx, series)
}
