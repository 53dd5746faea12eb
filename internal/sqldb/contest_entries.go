package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"nscl/internal/contest"
)

// NextEntryNumber returns the next number of a contest's entries.
func (s *ContestStore) NextEntryNumber(ctx context.Context, id contest.ContestID) (int, error) {
	var n int
	err := s.w.QueryRowContext(ctx, `INSERT INTO contest_entry_counters (contest_id, n) VALUES ($1, 1)
		ON CONFLICT (contest_id) DO UPDATE SET n = contest_entry_counters.n + 1 RETURNING n`, int64(id)).Scan(&n)
	return n, translate(err, fmt.Sprintf("next entry number of contest %d", id))
}

// UpdateEntry writes e if e.Version is still the stored one.
func (s *ContestStore) UpdateEntry(ctx context.Context, e *contest.Entry) error {
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = s.db.now()
	}
	form, kpis, acts, err := entryJSON(e)
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE contest_entries SET category_id = $1, title = $2, summary_md = $3, form = $4, kpis = $5,
		activity_ids = $6, status = $7, status_note = $8, submitted_at = $9, updated_at = $10, version = version + 1
		WHERE id = $11 AND version = $12`,
		int64(e.CategoryID), e.Title, e.SummaryMD, form, kpis, acts, string(e.Status), e.StatusNote, nullTime(e.SubmittedAt),
		utc(e.UpdatedAt), int64(e.ID), e.Version)
	if err != nil {
		return translate(err, "update contest entry")
	}
	if err := changed(res, "update contest entry", "Bài dự thi vừa được người khác thay đổi.", "Someone else changed this entry meanwhile."); err != nil {
		return err
	}
	e.Version++
	return nil
}

// CreateEntryFile stores f with its data.
func (s *ContestStore) CreateEntryFile(ctx context.Context, f *contest.EntryFile) error {
	if f.UploadedAt.IsZero() {
		f.UploadedAt = s.db.now()
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO contest_entry_files (entry_id, name, content_type, size, data, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		int64(f.EntryID), f.Name, f.ContentType, f.Size, f.Data, nullInt64(f.UploadedBy), utc(f.UploadedAt)).Scan(&f.ID)
	return translate(err, "create contest entry file")
}

// FindEntryFiles returns an entry's files without their data.
func (s *ContestStore) FindEntryFiles(ctx context.Context, id contest.EntryID) ([]*contest.EntryFile, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, entry_id, name, content_type, size, uploaded_by, uploaded_at FROM contest_entry_files
		WHERE entry_id = $1 ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find contest entry files")
	}
	var out []*contest.EntryFile
	for rows.Next() {
		var f contest.EntryFile
		var by sql.NullInt64
		if err := rows.Scan(&f.ID, &f.EntryID, &f.Name, &f.ContentType, &f.Size, &by, &f.UploadedAt); err != nil {
			rows.Close()
			return nil, translate(err, "scan contest entry file")
		}
		f.UploadedBy, f.UploadedAt = by.Int64, f.UploadedAt.UTC()
		out = append(out, &f)
	}
	return out, closeRows(rows, "find contest entry files")
}

// FindEntryFile returns one file with its data.
func (s *ContestStore) FindEntryFile(ctx context.Context, id contest.EntryFileID) (*contest.EntryFile, error) {
	var f contest.EntryFile
	var by sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT id, entry_id, name, content_type, size, data, uploaded_by, uploaded_at FROM contest_entry_files
		WHERE id = $1`, int64(id)).Scan(&f.ID, &f.EntryID, &f.Name, &f.ContentType, &f.Size, &f.Data, &by, &f.UploadedAt)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find contest entry file %d", id))
	}
	f.UploadedBy, f.UploadedAt = by.Int64, f.UploadedAt.UTC()
	return &f, nil
}

// DeleteEntryFile removes a file.
func (s *ContestStore) DeleteEntryFile(ctx context.Context, id contest.EntryFileID) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM contest_entry_files WHERE id = $1`, int64(id))
	if err != nil {
		return translate(err, "delete contest entry file")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return translate(sql.ErrNoRows, fmt.Sprintf("delete contest entry file %d", id))
	}
	return nil
}
