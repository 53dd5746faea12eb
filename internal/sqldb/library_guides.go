package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nscl/internal/library"
	"nscl/internal/vn"
)

// ---- guides ----

const guideColumns = `g.id, g.tool_code, COALESCE(t.name_vi, g.tool_code), COALESCE(t.name_en, g.tool_code), g.title, g.summary, g.body_md,
	g.videos, g.province_code, g.status, g.published_at, (SELECT COUNT(*) FROM library_guide_files f WHERE f.guide_id = g.id),
	COALESCE(g.created_by, 0), g.created_at, g.updated_at, g.version`

const guideFrom = ` FROM library_guides g LEFT JOIN catalog_tools t ON t.code = g.tool_code`

func scanGuide(sc interface{ Scan(...any) error }) (*library.Guide, error) {
	var g library.Guide
	var videos, status string
	var published sql.NullTime
	if err := sc.Scan(&g.ID, &g.ToolCode, &g.ToolName.Vi, &g.ToolName.En, &g.Title, &g.Summary, &g.BodyMD, &videos, &g.ProvinceCode,
		&status, &published, &g.Files, &g.CreatedBy, &g.CreatedAt, &g.UpdatedAt, &g.Version); err != nil {
		return nil, err
	}
	g.Status, g.PublishedAt = library.Status(status), timePtr(published)
	g.CreatedAt, g.UpdatedAt = g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	if err := fromJSONText(videos, &g.Videos, "guide videos"); err != nil {
		return nil, err
	}
	return &g, nil
}

func guideFolded(g *library.Guide) string {
	return vn.Fold(strings.Join([]string{g.Title, g.Summary, string(g.BodyMD)}, " "))
}

// CreateGuide inserts g at version 1.
func (s *LibraryStore) CreateGuide(ctx context.Context, g *library.Guide) error {
	if g.CreatedAt.IsZero() {
		g.CreatedAt = s.db.now()
	}
	if g.UpdatedAt.IsZero() {
		g.UpdatedAt = g.CreatedAt
	}
	videos, err := jsonText(nonNil(g.Videos), "guide videos")
	if err != nil {
		return err
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO library_guides (tool_code, title, summary, body_md, videos, province_code, status,
		published_at, search_folded, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id`,
		g.ToolCode, g.Title, g.Summary, string(g.BodyMD), videos, g.ProvinceCode, string(g.Status), nullTime(g.PublishedAt), guideFolded(g),
		nullInt64(int64(g.CreatedBy)), utc(g.CreatedAt), utc(g.UpdatedAt)).Scan(&g.ID)
	if err != nil {
		return translate(err, "create guide")
	}
	g.Version = 1
	return nil
}

// UpdateGuide writes g if its version is still the stored one.
func (s *LibraryStore) UpdateGuide(ctx context.Context, g *library.Guide) error {
	if g.UpdatedAt.IsZero() {
		g.UpdatedAt = s.db.now()
	}
	videos, err := jsonText(nonNil(g.Videos), "guide videos")
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE library_guides SET tool_code = $1, title = $2, summary = $3, body_md = $4, videos = $5,
		province_code = $6, status = $7, published_at = $8, search_folded = $9, updated_at = $10, version = version + 1
		WHERE id = $11 AND version = $12`,
		g.ToolCode, g.Title, g.Summary, string(g.BodyMD), videos, g.ProvinceCode, string(g.Status), nullTime(g.PublishedAt), guideFolded(g),
		utc(g.UpdatedAt), int64(g.ID), g.Version)
	if err != nil {
		return translate(err, "update guide")
	}
	if err := changed(res, "update guide", "Bài hướng dẫn vừa được người khác thay đổi.", "Someone else changed this guide meanwhile."); err != nil {
		return err
	}
	g.Version++
	return nil
}

// FindGuide reads one guide.
func (s *LibraryStore) FindGuide(ctx context.Context, id library.GuideID) (*library.Guide, error) {
	g, err := scanGuide(s.r.QueryRowContext(ctx, `SELECT `+guideColumns+guideFrom+` WHERE g.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find guide %d", id))
	}
	return g, nil
}

// FindGuides returns the guides matching f by tool (catalogue order), the
// latest first, and their total.
func (s *LibraryStore) FindGuides(ctx context.Context, f library.GuideFilter) ([]*library.Guide, int, error) {
	w := &where{}
	if f.Status != "" {
		w.add("g.status = ?", string(f.Status))
	}
	if f.DraftsOf != "" && f.DraftsOf != "*" {
		w.add("(g.status = 'published' OR g.province_code = ?)", f.DraftsOf)
	}
	if f.Tool != "" {
		w.add("g.tool_code = ?", f.Tool)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`g.search_folded LIKE ? ESCAPE '\'`, likeContains(q))
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM library_guides g`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count guides")
	}
	q := `SELECT ` + guideColumns + guideFrom + w.sql() + ` ORDER BY COALESCE(t.position, 0), g.tool_code, COALESCE(g.published_at, g.updated_at) DESC, g.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, translate(err, "find guides")
	}
	var out []*library.Guide
	for rows.Next() {
		g, err := scanGuide(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan guide")
		}
		out = append(out, g)
	}
	return out, total, closeRows(rows, "find guides")
}

// ---- templates ----

// CreateFile inserts a guide's template with its data.
func (s *LibraryStore) CreateFile(ctx context.Context, f *library.GuideFile) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO library_guide_files (guide_id, name, content_type, size, data, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(f.GuideID), f.Name, f.ContentType, f.Size, f.Data,
		nullInt64(int64(f.UploadedBy)), utc(f.UploadedAt)).Scan(&f.ID)
	return translate(err, "create guide file")
}

// FindFiles reads a guide's templates without their data.
func (s *LibraryStore) FindFiles(ctx context.Context, id library.GuideID) ([]*library.GuideFile, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, guide_id, name, content_type, size, COALESCE(uploaded_by, 0), uploaded_at
		FROM library_guide_files WHERE guide_id = $1 ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find guide files")
	}
	var out []*library.GuideFile
	for rows.Next() {
		var f library.GuideFile
		if err := rows.Scan(&f.ID, &f.GuideID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &f.UploadedAt); err != nil {
			rows.Close()
			return nil, translate(err, "scan guide file")
		}
		f.UploadedAt = f.UploadedAt.UTC()
		out = append(out, &f)
	}
	return out, closeRows(rows, "find guide files")
}

// FindFile reads one template with its data.
func (s *LibraryStore) FindFile(ctx context.Context, id library.FileID) (*library.GuideFile, error) {
	var f library.GuideFile
	err := s.r.QueryRowContext(ctx, `SELECT id, guide_id, name, content_type, size, data, COALESCE(uploaded_by, 0), uploaded_at
		FROM library_guide_files WHERE id = $1`, int64(id)).Scan(&f.ID, &f.GuideID, &f.Name, &f.ContentType, &f.Size, &f.Data,
		&f.UploadedBy, &f.UploadedAt)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find guide file %d", id))
	}
	f.UploadedAt = f.UploadedAt.UTC()
	return &f, nil
}

// DeleteFile deletes a template.
func (s *LibraryStore) DeleteFile(ctx context.Context, id library.FileID) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM library_guide_files WHERE id = $1`, int64(id))
	return translate(err, "delete guide file")
}
