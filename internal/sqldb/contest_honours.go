package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"nscl/internal/contest"
	"nscl/internal/fault"
)

// The honour roll's store (0031_contest.sql's honours, 0034_honours.sql's
// hidden reason and photos).

const honourRecordColumns = honourColumns + `, h.hidden_reason, h.photo_sha256, h.photo_width, h.photo_height,
	COALESCE(c.province_code, ''), COALESCE(p.uploaded_by, 0), p.uploaded_at`

const honourRecordFrom = honourFrom + ` LEFT JOIN honour_photos p ON p.honour_id = h.id`

// honourRecordSelect reads the photo's uploader without its bytes.
const honourRecordSelect = `SELECT ` + honourRecordColumns + honourRecordFrom

func scanHonourRecord(sc interface{ Scan(...any) error }) (*contest.HonourRecord, error) {
	var r contest.HonourRecord
	var sha string
	var w, hgt int
	var by int64
	var at sql.NullTime
	h, err := scanHonour(scanFunc(func(dest ...any) error {
		return sc.Scan(append(dest, &r.HiddenReason, &sha, &w, &hgt, &r.Organiser, &by, &at)...)
	}))
	if err != nil {
		return nil, err
	}
	r.Honour = h
	if sha != "" {
		r.Photo = &contest.HonourPhoto{SHA256: sha, Width: w, Height: hgt, UploadedBy: by}
		if at.Valid {
			r.Photo.UploadedAt = at.Time.UTC()
		}
	}
	return &r, nil
}

// scanFunc adapts a function to the Scan of a row.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// FindHonourRecords returns the honours f selects.
func (s *ContestStore) FindHonourRecords(ctx context.Context, f contest.HonourFilter) ([]*contest.HonourRecord, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Year != 0 {
		add("h.year = $%d", f.Year)
	}
	if f.ContestID != 0 {
		add("h.contest_id = $%d", int64(f.ContestID))
	}
	if f.Organiser != "" {
		add("c.province_code = $%d", f.Organiser)
	}
	if !f.PublicOn.IsZero() {
		add("h.published_on <= $%d", dayText(&f.PublicOn))
		where = append(where, "h.hidden = 0")
	}
	q := honourRecordSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY h.year DESC, CASE WHEN h.rank = 0 THEN 1 ELSE 0 END, h.rank, h.score DESC, h.title, h.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err, "find honours")
	}
	var out []*contest.HonourRecord
	for rows.Next() {
		r, err := scanHonourRecord(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan honour")
		}
		out = append(out, r)
	}
	return out, closeRows(rows, "find honours")
}

// FindHonourRecord returns an honour with its photo and hidden reason.
func (s *ContestStore) FindHonourRecord(ctx context.Context, id contest.HonourID) (*contest.HonourRecord, error) {
	r, err := scanHonourRecord(s.r.QueryRowContext(ctx, honourRecordSelect+` WHERE h.id = $1`, int64(id)))
	return r, translate(err, fmt.Sprintf("find honour %d", id))
}

// FindHonourBySlug returns the honour of year at slug.
func (s *ContestStore) FindHonourBySlug(ctx context.Context, year int, slug string) (*contest.HonourRecord, error) {
	r, err := scanHonourRecord(s.r.QueryRowContext(ctx, honourRecordSelect+` WHERE h.year = $1 AND h.slug = $2`, year, slug))
	return r, translate(err, fmt.Sprintf("find honour %d/%s", year, slug))
}

// errStaleHonour is the message of a stale edit.
func errStaleHonour(id contest.HonourID) error {
	return &fault.Error{Kind: fault.Conflict, Op: fmt.Sprintf("honour %d: stale version", id),
		Message: fault.Text{Vi: "Trang vinh danh này vừa được người khác thay đổi; hãy tải lại trang để xem bản mới rồi làm lại.",
			En: "Someone else changed this honour meanwhile; reload the page to see the new version, then try again."}}
}

// UpdateHonourRecord writes r's editable fields if its version is current.
func (s *ContestStore) UpdateHonourRecord(ctx context.Context, r *contest.HonourRecord) error {
	kpis, err := jsonText(nonNil(r.KPIs), "honour KPIs")
	if err != nil {
		return err
	}
	r.UpdatedAt = s.db.now()
	res, err := s.w.ExecContext(ctx, `UPDATE honours SET title = $1, award = $2, summary_md = $3, story_md = $4, kpis = $5,
		hidden = $6, hidden_reason = $7, updated_at = $8, version = version + 1 WHERE id = $9 AND version = $10`,
		r.Title, r.Award, r.SummaryMD, r.StoryMD, kpis, boolInt(r.Hidden), r.HiddenReason, utc(r.UpdatedAt), int64(r.ID), r.Version)
	if err != nil {
		return translate(err, "update honour")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if _, ferr := s.FindHonour(ctx, r.ID); ferr != nil {
			return ferr
		}
		return errStaleHonour(r.ID)
	}
	r.Version++
	return nil
}

// PutHonourPhoto replaces an honour's photo.
func (s *ContestStore) PutHonourPhoto(ctx context.Context, id contest.HonourID, p *contest.HonourPhoto, content, thumb []byte) error {
	return s.inTx(ctx, func(c conn) error {
		if p.UploadedAt.IsZero() {
			p.UploadedAt = s.db.now()
		}
		res, err := c.w.ExecContext(ctx, `UPDATE honours SET photo_sha256 = $1, photo_width = $2, photo_height = $3, updated_at = $4,
			version = version + 1 WHERE id = $5`, p.SHA256, p.Width, p.Height, utc(p.UploadedAt), int64(id))
		if err != nil {
			return translate(err, "set honour photo")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return translate(sql.ErrNoRows, fmt.Sprintf("honour %d", id))
		}
		if _, err := c.w.ExecContext(ctx, `DELETE FROM honour_photos WHERE honour_id = $1`, int64(id)); err != nil {
			return translate(err, "replace honour photo")
		}
		_, err = c.w.ExecContext(ctx, `INSERT INTO honour_photos (honour_id, content, thumb, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5)`, int64(id), content, thumb, nullInt64(p.UploadedBy), utc(p.UploadedAt))
		return translate(err, "store honour photo")
	})
}

// HonourPhotoBytes returns an honour's photo or thumbnail.
func (s *ContestStore) HonourPhotoBytes(ctx context.Context, id contest.HonourID, thumb bool) ([]byte, error) {
	col := "content"
	if thumb {
		col = "thumb"
	}
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT `+col+` FROM honour_photos WHERE honour_id = $1`, int64(id)).Scan(&b)
	return b, translate(err, fmt.Sprintf("honour %d photo", id))
}

// PortalOpenContests returns the announced contests open for entries on day.
func (s *ContestStore) PortalOpenContests(ctx context.Context, day time.Time) ([]*contest.Contest, error) {
	d := dayText(&day)
	rows, err := s.r.QueryContext(ctx, `SELECT `+contestColumns+` FROM contests WHERE status = $1 AND entries_open <= $2
		AND entries_close >= $3 ORDER BY entries_close, code`, string(contest.StatusAnnounced), d, d)
	if err != nil {
		return nil, translate(err, "find open contests")
	}
	var out []*contest.Contest
	for rows.Next() {
		c, err := scanContest(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan contest")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "find open contests")
}
