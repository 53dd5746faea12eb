package sqldb

// The schemes area of the assessment store (see assessment.go).

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// versionColumns reads a scheme version.
const versionColumns = `id, scheme_id, no, status, body, note, published_at, published_by, created_by, created_at, updated_at, rev`

func scanVersion(sc interface{ Scan(...any) error }) (*assessment.Version, error) {
	var v assessment.Version
	var status, body string
	var pubAt, created, updated sql.NullTime
	var pubBy, createdBy sql.NullInt64
	if err := sc.Scan(&v.ID, &v.SchemeID, &v.No, &status, &body, &v.Note, &pubAt, &pubBy, &createdBy, &created, &updated, &v.Rev); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &v.Body); err != nil {
		return nil, fmt.Errorf("sqldb: scheme version %d body: %w", v.ID, err)
	}
	v.Status, v.PublishedAt, v.CreatedAt, v.UpdatedAt = assessment.VersionStatus(status), timePtr(pubAt), timeOf(created), timeOf(updated)
	v.PublishedBy, v.CreatedBy = auth.UserID(pubBy.Int64), auth.UserID(createdBy.Int64)
	return &v, nil
}

// FindVersions reads a scheme's versions, newest first.
func (s *AssessmentStore) FindVersions(ctx context.Context, id assessment.SchemeID) ([]*assessment.Version, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+versionColumns+` FROM scheme_versions WHERE scheme_id = $1 ORDER BY no DESC`, int64(id))
	if err != nil {
		return nil, translate(err, "find scheme versions")
	}
	var out []*assessment.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan scheme version")
		}
		out = append(out, v)
	}
	return out, closeRows(rows, "find scheme versions")
}

// LockScheme takes the scheme's row for the transaction and returns its
// version. Every writer of a scheme or of its versions runs it first, so
// that concurrent writers of one scheme lock in the same order (PostgreSQL
// never deadlocks between them; SQLite has one writer anyway).
func (s *AssessmentStore) LockScheme(ctx context.Context, id assessment.SchemeID) (int, error) {
	var v int
	err := s.w.QueryRowContext(ctx, `UPDATE assessment_schemes SET version = version WHERE id = $1 RETURNING version`, int64(id)).Scan(&v)
	return v, translate(err, fmt.Sprintf("lock scheme %d", id))
}

// extraScan scans a row into the destinations asked for, then extra (the
// columns a query adds after a shared column list).
type extraScan struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (e extraScan) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }

// FindSchemeVersioned reads a scheme with its version.
func (s *AssessmentStore) FindSchemeVersioned(ctx context.Context, id assessment.SchemeID) (*assessment.Scheme, int, error) {
	var v int
	x, err := scanScheme(extraScan{s.r.QueryRowContext(ctx, `SELECT `+schemeColumns+`, s.version FROM assessment_schemes s WHERE s.id = $1`, int64(id)), []any{&v}})
	if err != nil {
		return nil, 0, translate(err, fmt.Sprintf("find scheme %d", id))
	}
	return x, v, nil
}

// UpdateScheme writes a scheme's properties and archived flag if it is
// still at version and returns the next version.
func (s *AssessmentStore) UpdateScheme(ctx context.Context, sc *assessment.Scheme, version int) (int, error) {
	if sc.UpdatedAt.IsZero() {
		sc.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE assessment_schemes SET name_vi = $1, name_en = $2, kind = $3, tools = $4,
		validity_months = $5, archived = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9`,
		sc.Name.Vi, sc.Name.En, string(sc.Kind), joinList(sc.Tools), sc.ValidityMonths, boolInt(sc.Archived), utc(sc.UpdatedAt), int64(sc.ID), version)
	if err != nil {
		return 0, translate(err, "update scheme")
	}
	if err := changed(res, "update scheme", "Bộ tiêu chí vừa được người khác thay đổi. Vui lòng tải lại trang rồi sửa lại.",
		"Someone else changed this scheme meanwhile. Please reload the page and edit again."); err != nil {
		return 0, err
	}
	return version + 1, nil
}

// CreateDraft inserts a draft numbered after the scheme's highest version.
// The partial unique index (one draft per scheme) turns a second draft into
// a Conflict.
func (s *AssessmentStore) CreateDraft(ctx context.Context, v *assessment.Version) error {
	if v.CreatedAt.IsZero() {
		v.CreatedAt = s.db.now()
	}
	v.UpdatedAt, v.Status, v.Rev = v.CreatedAt, assessment.VersionDraft, 1
	body, err := json.Marshal(v.Body)
	if err != nil {
		return fmt.Errorf("sqldb: scheme body: %w", err)
	}
	return s.inTx(ctx, func(c conn) error {
		if err := c.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(no), 0) + 1 FROM scheme_versions WHERE scheme_id = $1`,
			int64(v.SchemeID)).Scan(&v.No); err != nil {
			return translate(err, "next scheme version")
		}
		err := c.w.QueryRowContext(ctx, `INSERT INTO scheme_versions (scheme_id, no, status, body, note, created_by, created_at, updated_at, rev)
			VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, 1) RETURNING id`, int64(v.SchemeID), v.No, string(body), v.Note,
			nullInt64(int64(v.CreatedBy)), utc(v.CreatedAt), utc(v.UpdatedAt)).Scan(&v.ID)
		return translate(err, "create scheme draft")
	})
}

// UpdateDraft writes a draft's body and note at its rev.
func (s *AssessmentStore) UpdateDraft(ctx context.Context, v *assessment.Version) error {
	if v.UpdatedAt.IsZero() {
		v.UpdatedAt = s.db.now()
	}
	body, err := json.Marshal(v.Body)
	if err != nil {
		return fmt.Errorf("sqldb: scheme body: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE scheme_versions SET body = $1, note = $2, updated_at = $3, rev = rev + 1
		WHERE id = $4 AND status = 'draft' AND rev = $5`, string(body), v.Note, utc(v.UpdatedAt), int64(v.ID), v.Rev)
	if err != nil {
		return translate(err, "update scheme draft")
	}
	if err := changed(res, "update scheme draft", "Bản nháp vừa được người khác thay đổi.", "Someone else changed this draft meanwhile."); err != nil {
		return err
	}
	v.Rev++
	return nil
}

// PublishDraft retires the published version and publishes the draft.
func (s *AssessmentStore) PublishDraft(ctx context.Context, v *assessment.Version) error {
	now := s.db.now()
	if v.PublishedAt == nil {
		v.PublishedAt = &now
	}
	return s.inTx(ctx, func(c conn) error {
		// The draft first: a stale one changes nothing.
		var id int64
		err := c.w.QueryRowContext(ctx, `SELECT id FROM scheme_versions WHERE id = $1 AND status = 'draft' AND rev = $2`,
			int64(v.ID), v.Rev).Scan(&id)
		if err != nil {
			if err == sql.ErrNoRows {
				return fault.New(fault.Conflict, "Bản nháp vừa được người khác thay đổi.", "Someone else changed this draft meanwhile.")
			}
			return translate(err, "publish scheme draft")
		}
		if _, err := c.w.ExecContext(ctx, `UPDATE scheme_versions SET status = 'retired', updated_at = $1
			WHERE scheme_id = $2 AND status = 'published'`, utc(now), int64(v.SchemeID)); err != nil {
			return translate(err, "retire scheme version")
		}
		res, err := c.w.ExecContext(ctx, `UPDATE scheme_versions SET status = 'published', note = $1, published_at = $2,
			published_by = $3, updated_at = $4, rev = rev + 1 WHERE id = $5 AND status = 'draft' AND rev = $6`,
			v.Note, utc(*v.PublishedAt), nullInt64(int64(v.PublishedBy)), utc(now), int64(v.ID), v.Rev)
		if err != nil {
			return translate(err, "publish scheme draft")
		}
		if err := changed(res, "publish scheme draft", "Bản nháp vừa được người khác thay đổi.", "Someone else changed this draft meanwhile."); err != nil {
			return err
		}
		v.Status, v.UpdatedAt = assessment.VersionPublished, now
		v.Rev++
		return nil
	})
}

// DeleteDraft removes a draft at its rev.
func (s *AssessmentStore) DeleteDraft(ctx context.Context, id assessment.VersionID, rev int) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM scheme_versions WHERE id = $1 AND status = 'draft' AND rev = $2`, int64(id), rev)
	if err != nil {
		return translate(err, "delete scheme draft")
	}
	return changed(res, "delete scheme draft", "Bản nháp vừa được người khác thay đổi.", "Someone else changed this draft meanwhile.")
}
