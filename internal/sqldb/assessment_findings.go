package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nscl/internal/assessment"
	"nscl/internal/fault"
)

// The photo and finding area of the assessment store (see assessment.go):
// photo evidence of an assessment's items (0022's assessment_photos, the
// bytes kept in the row) and findings with their corrective actions
// (assessment_findings, with 0025's trail of done and reopened).

// HoldEvidence touches the assessment's row, which holds it until the
// transaction ends (a write lock on SQLite, a row lock on PostgreSQL).
func (s *AssessmentStore) HoldEvidence(ctx context.Context, id assessment.AssessmentID) error {
	res, err := s.w.ExecContext(ctx, `UPDATE assessments SET version = version WHERE id = $1`, int64(id))
	if err != nil {
		return translate(err, "hold evidence")
	}
	return findingRow(res, "hold evidence", "Không tìm thấy cuộc đánh giá.", "Assessment not found.")
}

// CreatePhoto inserts a photo with its bytes.
func (s *AssessmentStore) CreatePhoto(ctx context.Context, p *assessment.Photo, content, thumb []byte) error {
	if p.UploadedAt.IsZero() {
		p.UploadedAt = s.db.now()
	}
	p.Size, p.ThumbSize = int64(len(content)), int64(len(thumb))
	err := s.w.QueryRowContext(ctx, `INSERT INTO assessment_photos (assessment_id, item_key, content_type, width, height, size, sha256,
		content, thumb, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		int64(p.AssessmentID), p.ItemKey, p.ContentType, p.Width, p.Height, p.Size, p.SHA256, content, thumb,
		nullInt64(int64(p.UploadedBy)), utc(p.UploadedAt)).Scan(&p.ID)
	return translate(err, "create photo")
}

// photoColumns reads a photo without its bytes (aliases: p photos, u
// uploader).
const photoColumns = `p.id, p.assessment_id, p.item_key, p.content_type, p.width, p.height, p.size, LENGTH(p.thumb), p.sha256,
	COALESCE(p.uploaded_by, 0), COALESCE(u.name, ''), p.uploaded_at`

const photoFrom = ` FROM assessment_photos p LEFT JOIN users u ON u.id = p.uploaded_by`

func scanPhoto(sc interface{ Scan(...any) error }) (*assessment.Photo, error) {
	var p assessment.Photo
	var at sql.NullTime
	if err := sc.Scan(&p.ID, &p.AssessmentID, &p.ItemKey, &p.ContentType, &p.Width, &p.Height, &p.Size, &p.ThumbSize, &p.SHA256,
		&p.UploadedBy, &p.UploaderName, &at); err != nil {
		return nil, err
	}
	p.UploadedAt = timeOf(at)
	return &p, nil
}

// FindPhoto reads a photo without its bytes.
func (s *AssessmentStore) FindPhoto(ctx context.Context, id assessment.PhotoID) (*assessment.Photo, error) {
	p, err := scanPhoto(s.r.QueryRowContext(ctx, `SELECT `+photoColumns+photoFrom+` WHERE p.id = $1`, int64(id)))
	return p, translate(err, fmt.Sprintf("find photo %d", id))
}

// FindPhotos reads an assessment's photos (of one item unless item is
// "") by item and upload order.
func (s *AssessmentStore) FindPhotos(ctx context.Context, id assessment.AssessmentID, item string) ([]*assessment.Photo, error) {
	q := `SELECT ` + photoColumns + photoFrom + ` WHERE p.assessment_id = $1`
	args := []any{int64(id)}
	if item != "" {
		q += ` AND p.item_key = $2`
		args = append(args, item)
	}
	// An assessment keeps at most assessment.MaxPhotosPerAssessment; the
	// bound keeps a read bounded whatever the table holds.
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY p.item_key, p.id LIMIT 1000`, args...)
	if err != nil {
		return nil, translate(err, "find photos")
	}
	var out []*assessment.Photo
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan photo")
		}
		out = append(out, p)
	}
	return out, closeRows(rows, "find photos")
}

// CountPhotos counts an assessment's photos, and those of item.
func (s *AssessmentStore) CountPhotos(ctx context.Context, id assessment.AssessmentID, item string) (int, int, error) {
	var total, ofItem int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN item_key = $2 THEN 1 ELSE 0 END), 0)
		FROM assessment_photos WHERE assessment_id = $1`, int64(id), item).Scan(&total, &ofItem)
	return total, ofItem, translate(err, "count photos")
}

// FindPhotoBytes reads a photo's content or thumbnail.
func (s *AssessmentStore) FindPhotoBytes(ctx context.Context, id assessment.PhotoID, thumb bool) ([]byte, error) {
	col := "content"
	if thumb {
		col = "thumb"
	}
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT `+col+` FROM assessment_photos WHERE id = $1`, int64(id)).Scan(&b)
	return b, translate(err, fmt.Sprintf("find photo %d bytes", id))
}

// DeletePhoto removes a photo.
func (s *AssessmentStore) DeletePhoto(ctx context.Context, id assessment.PhotoID) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM assessment_photos WHERE id = $1`, int64(id))
	if err != nil {
		return translate(err, "delete photo")
	}
	return findingRow(res, "delete photo", "Không tìm thấy ảnh.", "Photo not found.")
}

// findingRow is nil if res touched a row, NotFound with vi/en otherwise.
func findingRow(res sql.Result, op, vi, en string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n == 0 {
		return fault.New(fault.NotFound, vi, en)
	}
	return nil
}

// CreateFinding inserts a finding.
func (s *AssessmentStore) CreateFinding(ctx context.Context, f *assessment.Finding) error {
	now := s.db.now()
	if f.CreatedAt.IsZero() {
		f.CreatedAt = now
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt = f.CreatedAt
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO assessment_findings (assessment_id, enterprise_id, item_key, description,
		corrective_action, owner_name, due_date, status, done_note, done_at, done_by, closure_note, closed_at, closed_by,
		reopen_reason, reopened_at, reopened_by, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1) RETURNING id`,
		int64(f.AssessmentID), int64(f.EnterpriseID), f.ItemKey, f.Description, f.CorrectiveAction, f.OwnerName, dayText(f.DueDate),
		string(f.Status), f.DoneNote, nullTime(f.DoneAt), nullInt64(int64(f.DoneBy)), f.ClosureNote, nullTime(f.ClosedAt),
		nullInt64(int64(f.ClosedBy)), f.ReopenReason, nullTime(f.ReopenedAt), nullInt64(int64(f.ReopenedBy)),
		nullInt64(int64(f.CreatedBy)), utc(f.CreatedAt), utc(f.UpdatedAt)).Scan(&f.ID)
	if err != nil {
		return translate(err, "create finding")
	}
	f.Version = 1
	return nil
}

// UpdateFinding writes a finding at its version.
func (s *AssessmentStore) UpdateFinding(ctx context.Context, f *assessment.Finding) error {
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE assessment_findings SET item_key = $1, description = $2, corrective_action = $3,
		owner_name = $4, due_date = $5, status = $6, done_note = $7, done_at = $8, done_by = $9, closure_note = $10, closed_at = $11,
		closed_by = $12, reopen_reason = $13, reopened_at = $14, reopened_by = $15, updated_at = $16, version = version + 1
		WHERE id = $17 AND version = $18`,
		f.ItemKey, f.Description, f.CorrectiveAction, f.OwnerName, dayText(f.DueDate), string(f.Status), f.DoneNote, nullTime(f.DoneAt),
		nullInt64(int64(f.DoneBy)), f.ClosureNote, nullTime(f.ClosedAt), nullInt64(int64(f.ClosedBy)), f.ReopenReason,
		nullTime(f.ReopenedAt), nullInt64(int64(f.ReopenedBy)), utc(f.UpdatedAt), int64(f.ID), f.Version)
	if err != nil {
		return translate(err, "update finding")
	}
	if err := changed(res, "update finding", "Phát hiện vừa được người khác thay đổi.", "Someone else changed this finding meanwhile."); err != nil {
		return err
	}
	f.Version++
	return nil
}

// findingColumns reads a finding with its joined names (aliases: f
// findings, a assessments, e enterprises, s schemes, c creator).
const findingColumns = `f.id, f.assessment_id, f.enterprise_id, e.name, a.province_code, s.code, s.name_vi, s.name_en, a.mode,
	COALESCE(a.assessor_id, 0), f.item_key, f.description, f.corrective_action, f.owner_name, f.due_date, f.status, f.done_note,
	f.done_at, COALESCE(f.done_by, 0), f.closure_note, f.closed_at, COALESCE(f.closed_by, 0), f.reopen_reason, f.reopened_at,
	COALESCE(f.reopened_by, 0), COALESCE(f.created_by, 0), COALESCE(c.name, ''), f.created_at, f.updated_at, f.version`

const findingFrom = ` FROM assessment_findings f JOIN assessments a ON a.id = f.assessment_id
	JOIN enterprises e ON e.id = f.enterprise_id JOIN assessment_schemes s ON s.id = a.scheme_id
	LEFT JOIN users c ON c.id = f.created_by`

func scanFinding(sc interface{ Scan(...any) error }) (*assessment.Finding, error) {
	var f assessment.Finding
	var mode, due, status string
	var doneAt, closedAt, reopenedAt, created, updated sql.NullTime
	if err := sc.Scan(&f.ID, &f.AssessmentID, &f.EnterpriseID, &f.EnterpriseName, &f.ProvinceCode, &f.SchemeCode, &f.SchemeName.Vi,
		&f.SchemeName.En, &mode, &f.AssessorID, &f.ItemKey, &f.Description, &f.CorrectiveAction, &f.OwnerName, &due, &status,
		&f.DoneNote, &doneAt, &f.DoneBy, &f.ClosureNote, &closedAt, &f.ClosedBy, &f.ReopenReason, &reopenedAt, &f.ReopenedBy,
		&f.CreatedBy, &f.CreatedByName, &created, &updated, &f.Version); err != nil {
		return nil, err
	}
	f.Mode, f.Status, f.DueDate = assessment.Mode(mode), assessment.FindingStatus(status), dayOf(due)
	f.DoneAt, f.ClosedAt, f.ReopenedAt = timePtr(doneAt), timePtr(closedAt), timePtr(reopenedAt)
	f.CreatedAt, f.UpdatedAt = timeOf(created), timeOf(updated)
	return &f, nil
}

// FindFinding reads a finding.
func (s *AssessmentStore) FindFinding(ctx context.Context, id assessment.FindingID) (*assessment.Finding, error) {
	f, err := scanFinding(s.r.QueryRowContext(ctx, `SELECT `+findingColumns+findingFrom+` WHERE f.id = $1`, int64(id)))
	return f, translate(err, fmt.Sprintf("find finding %d", id))
}

// FindFindings reads a page of findings and the total: those not closed
// first, by due date (none last), then newest first.
func (s *AssessmentStore) FindFindings(ctx context.Context, f assessment.FindingFilter) ([]*assessment.Finding, int, error) {
	var w where
	if f.AssessmentID != 0 {
		w.add("f.assessment_id = ?", int64(f.AssessmentID))
	}
	if f.EnterpriseID != 0 {
		w.add("f.enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.AssessorID != 0 {
		w.add("a.assessor_id = ?", int64(f.AssessorID))
	}
	if f.Provinces != nil {
		if len(f.Provinces) == 0 {
			return nil, 0, nil
		}
		w.add("a.province_code IN ("+findingMarks(len(f.Provinces))+")", findingArgs(f.Provinces)...)
	}
	if len(f.Statuses) > 0 {
		sts := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			sts[i] = string(st)
		}
		w.add("f.status IN ("+findingMarks(len(sts))+")", findingArgs(sts)...)
	}
	if !f.DueBefore.IsZero() {
		w.add("f.due_date <> '' AND f.due_date < ?", dayText(&f.DueBefore))
	}
	// Not closed first, by due date (none last): the overdue ones come
	// first among them, since their due dates are the earliest.
	const order = ` ORDER BY CASE WHEN f.status = 'closed' THEN 1 ELSE 0 END, CASE WHEN f.due_date = '' THEN 1 ELSE 0 END, f.due_date,
		f.id DESC`
	q := `SELECT ` + findingColumns + `, COUNT(*) OVER ()` + findingFrom + w.sql() + order
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, translate(err, "find findings")
	}
	var out []*assessment.Finding
	total := 0
	for rows.Next() {
		x, err := scanFinding(findingTotalScanner{rows, &total})
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan finding")
		}
		out = append(out, x)
	}
	if err := closeRows(rows, "find findings"); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// A page past the end still tells the total.
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*)`+findingFrom+w.sql(), w.args...).Scan(&n); err != nil {
			return nil, 0, translate(err, "count findings")
		}
		total = n
	}
	return out, total, nil
}

// findingTotalScanner scans a finding row whose last column is the total.
type findingTotalScanner struct {
	rows  *sql.Rows
	total *int
}

func (t findingTotalScanner) Scan(dest ...any) error { return t.rows.Scan(append(dest, t.total)...) }

// findingMarks is "?, ?, …" (n marks) for where.add.
func findingMarks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// findingArgs is xs as query arguments.
func findingArgs[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
