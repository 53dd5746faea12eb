package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// The audit area of the assessment store (see assessment.go): assessments,
// their answers, the assessors who may be assigned.

// CreateAssessment inserts an assessment with the note of its request.
func (s *AssessmentStore) CreateAssessment(ctx context.Context, x *assessment.Assessment, note string) error {
	now := s.db.now()
	if x.CreatedAt.IsZero() {
		x.CreatedAt = now
	}
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = x.CreatedAt
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO assessments (enterprise_id, province_code, scheme_id, version_id, mode, status, site,
		assessor_id, based_on, started_at, submitted_at, score_pct, points, level_code, cancel_reason, created_by, created_at, updated_at,
		version, request_note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1, $19) RETURNING id`,
		int64(x.EnterpriseID), x.ProvinceCode, int64(x.SchemeID), int64(x.VersionID), string(x.Mode), string(x.Status), x.Site,
		nullInt64(int64(x.AssessorID)), nullInt64(int64(x.BasedOn)), nullTime(x.StartedAt), nullTime(x.SubmittedAt), x.ScorePct, x.Points,
		x.LevelCode, x.CancelReason, nullInt64(int64(x.CreatedBy)), utc(x.CreatedAt), utc(x.UpdatedAt), note).Scan(&x.ID)
	if err != nil {
		return translate(err, "create assessment")
	}
	x.Version = 1
	return nil
}

// UpdateAssessment writes an assessment's state at its version.
func (s *AssessmentStore) UpdateAssessment(ctx context.Context, x *assessment.Assessment) error {
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE assessments SET status = $1, site = $2, assessor_id = $3, started_at = $4, submitted_at = $5,
		score_pct = $6, points = $7, level_code = $8, cancel_reason = $9, updated_at = $10, version = version + 1
		WHERE id = $11 AND version = $12`,
		string(x.Status), x.Site, nullInt64(int64(x.AssessorID)), nullTime(x.StartedAt), nullTime(x.SubmittedAt), x.ScorePct, x.Points,
		x.LevelCode, x.CancelReason, utc(x.UpdatedAt), int64(x.ID), x.Version)
	if err != nil {
		return translate(err, "update assessment")
	}
	if err := changed(res, "update assessment", "Cuộc đánh giá vừa được người khác thay đổi.", "Someone else changed this assessment meanwhile."); err != nil {
		return err
	}
	x.Version++
	return nil
}

// auditTotalScanner scans a row whose last column is COUNT(*) OVER ().
type auditTotalScanner struct {
	rows  *sql.Rows
	total *int
}

func (t auditTotalScanner) Scan(dest ...any) error { return t.rows.Scan(append(dest, t.total)...) }

// FindAssessments reads a page of assessments and the total.
func (s *AssessmentStore) FindAssessments(ctx context.Context, f assessment.AssessmentFilter) ([]*assessment.Assessment, int, error) {
	var w where
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.AssessorID != 0 {
		w.add("a.assessor_id = ?", int64(f.AssessorID))
	}
	if f.Provinces != nil {
		if len(f.Provinces) == 0 {
			return nil, 0, nil
		}
		ph := make([]string, len(f.Provinces))
		args := make([]any, len(f.Provinces))
		for i, p := range f.Provinces {
			ph[i], args[i] = "?", p
		}
		w.add("a.province_code IN ("+strings.Join(ph, ", ")+")", args...)
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i], args[i] = "?", string(st)
		}
		w.add("a.status IN ("+strings.Join(ph, ", ")+")", args...)
	}
	if f.Mode != "" {
		w.add("a.mode = ?", string(f.Mode))
	}
	if f.SchemeID != 0 {
		w.add("a.scheme_id = ?", int64(f.SchemeID))
	}
	if f.SchemeCode != "" {
		w.add("s.code = ?", f.SchemeCode)
	}
	if f.Exclude != 0 {
		w.add("a.id <> ?", int64(f.Exclude))
	}
	for _, word := range strings.Fields(f.Query) {
		w.add(`(e.name_folded LIKE ? ESCAPE '\' OR e.tax_code LIKE ? ESCAPE '\')`, likeContains(word), likePrefix(word))
	}
	order := ` ORDER BY a.created_at DESC, a.id DESC`
	if f.ToDoFirst {
		order = ` ORDER BY CASE a.status WHEN 'in_progress' THEN 0 WHEN 'assigned' THEN 1 WHEN 'requested' THEN 2 ELSE 3 END, a.created_at DESC, a.id DESC`
	}
	q := `SELECT ` + assessmentColumns + `, COUNT(*) OVER ()` + assessmentFrom + w.sql() + order
	args := w.args
	if f.Limit > 0 {
		args = append(args, f.Limit, max(f.Offset, 0))
		q += fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, translate(err, "find assessments")
	}
	var out []*assessment.Assessment
	total := 0
	for rows.Next() {
		x, err := scanAssessment(auditTotalScanner{rows, &total})
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan assessment")
		}
		out = append(out, x)
	}
	if err := closeRows(rows, "find assessments"); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page: the total still counts.
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*)`+assessmentFrom+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count assessments")
		}
	}
	return out, total, nil
}

// FindAssessmentNote reads the note of an independent request.
func (s *AssessmentStore) FindAssessmentNote(ctx context.Context, id assessment.AssessmentID) (string, error) {
	var note string
	err := s.r.QueryRowContext(ctx, `SELECT request_note FROM assessments WHERE id = $1`, int64(id)).Scan(&note)
	return note, translate(err, fmt.Sprintf("find assessment note %d", id))
}

// HoldAnswers touches an assessment in progress (its row is held until
// the transaction ends).
func (s *AssessmentStore) HoldAnswers(ctx context.Context, id assessment.AssessmentID, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE assessments SET updated_at = $1 WHERE id = $2 AND status = $3`,
		utc(at), int64(id), string(assessment.StatusInProgress))
	if err != nil {
		return translate(err, "hold answers")
	}
	return changed(res, "hold answers", "Cuộc đánh giá không còn nhận câu trả lời.", "The assessment no longer takes answers.")
}

// UpsertAnswer writes an answer unless the stored one is newer.
func (s *AssessmentStore) UpsertAnswer(ctx context.Context, id assessment.AssessmentID, a assessment.Answer) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO assessment_answers (assessment_id, item_key, value, na, note, answered_by, answered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (assessment_id, item_key) DO UPDATE SET value = excluded.value, na = excluded.na, note = excluded.note,
			answered_by = excluded.answered_by, answered_at = excluded.answered_at
		WHERE assessment_answers.answered_at < excluded.answered_at`,
		int64(id), a.ItemKey, a.Value, boolInt(a.NA), a.Note, nullInt64(int64(a.AnsweredBy)), utc(a.AnsweredAt))
	if err != nil {
		return false, translate(err, "upsert answer")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, translate(err, "upsert answer")
	}
	return n > 0, nil
}

// FindAuditCandidates reads at most limit enabled assessors accredited on
// a scheme: those whose accreditation is in force on day today first,
// then by name.
func (s *AssessmentStore) FindAuditCandidates(ctx context.Context, scheme assessment.SchemeID, today time.Time, limit int) ([]assessment.Candidate, error) {
	if limit <= 0 {
		limit = 200
	}
	day := dayText(&today)
	rows, err := s.r.QueryContext(ctx, `SELECT u.email, `+accreditationColumns+accreditationFrom+`
		WHERE r.scheme_id = $1 AND u.role = $2 AND NOT u.disabled
		ORDER BY CASE WHEN r.status = $3 AND r.granted_on <= $4 AND r.expires_on >= $4 THEN 0 ELSE 1 END, u.name, u.id
		LIMIT $5`, int64(scheme), string(auth.RoleAssessor), string(assessment.AccreditationActive), day, limit)
	if err != nil {
		return nil, translate(err, "find audit candidates")
	}
	var out []assessment.Candidate
	for rows.Next() {
		var email string
		acc, err := scanAccreditation(auditFirstScanner{rows, &email})
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan audit candidate")
		}
		out = append(out, assessment.Candidate{UserID: acc.UserID, Name: acc.UserName, Email: email, Accreditation: acc})
	}
	return out, closeRows(rows, "find audit candidates")
}

// auditFirstScanner scans a row whose first column is read into first.
type auditFirstScanner struct {
	rows  *sql.Rows
	first any
}

func (p auditFirstScanner) Scan(dest ...any) error {
	return p.rows.Scan(append([]any{p.first}, dest...)...)
}

const auditUserColumns = `id, name, email, role, COALESCE(enterprise_id, 0), lang, disabled`

func scanAuditUser(sc interface{ Scan(...any) error }) (*assessment.AuditUser, error) {
	var u assessment.AuditUser
	var role string
	if err := sc.Scan(&u.ID, &u.Name, &u.Email, &role, &u.EnterpriseID, &u.Lang, &u.Disabled); err != nil {
		return nil, err
	}
	u.Role = auth.Role(role)
	return &u, nil
}

// FindAuditUser reads an account's name, email, role and state.
func (s *AssessmentStore) FindAuditUser(ctx context.Context, id auth.UserID) (*assessment.AuditUser, error) {
	u, err := scanAuditUser(s.r.QueryRowContext(ctx, `SELECT `+auditUserColumns+` FROM users WHERE id = $1`, int64(id)))
	return u, translate(err, fmt.Sprintf("find user %d", id))
}

// FindAuditEnterpriseUsers reads the enabled accounts of an enterprise
// (the first 100: those told of a result).
func (s *AssessmentStore) FindAuditEnterpriseUsers(ctx context.Context, enterprise registry.EnterpriseID) ([]assessment.AuditUser, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+auditUserColumns+` FROM users WHERE enterprise_id = $1 AND NOT disabled ORDER BY id LIMIT 100`,
		int64(enterprise))
	if err != nil {
		return nil, translate(err, "find enterprise users")
	}
	var out []assessment.AuditUser
	for rows.Next() {
		u, err := scanAuditUser(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan enterprise user")
		}
		out = append(out, *u)
	}
	return out, closeRows(rows, "find enterprise users")
}

// EnsureAssessorAccreditation inserts an accreditation unless the assessor
// has one for the scheme.
func (s *AssessmentStore) EnsureAssessorAccreditation(ctx context.Context, a *assessment.Accreditation) error {
	return s.inTx(ctx, func(c conn) error {
		st := &AssessmentStore{c}
		old, err := st.FindAccreditationFor(ctx, a.UserID, a.SchemeID)
		if err == nil {
			*a = *old
			return nil
		}
		if !fault.Is(err, fault.NotFound) {
			return err
		}
		now := s.db.now()
		if a.CreatedAt.IsZero() {
			a.CreatedAt = now
		}
		a.UpdatedAt = a.CreatedAt
		if a.Status == "" {
			a.Status = assessment.AccreditationActive
		}
		err = c.w.QueryRowContext(ctx, `INSERT INTO assessor_accreditations (user_id, scheme_id, number, granted_on, expires_on, status,
			note, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
			int64(a.UserID), int64(a.SchemeID), a.Number, dayText(&a.GrantedOn), dayText(&a.ExpiresOn), string(a.Status), a.Note,
			utc(a.CreatedAt), utc(a.UpdatedAt)).Scan(&a.ID)
		if err != nil {
			return translate(err, "create accreditation")
		}
		a.Version = 1
		return nil
	})
}
