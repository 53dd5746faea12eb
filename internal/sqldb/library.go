package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"nscl/internal/audit"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// LibraryStore keeps cases and guides (0035_library.sql).
type LibraryStore struct {
	conn
}

var _ library.Store = (*LibraryStore)(nil)

// Library returns the library store.
func (db *DB) Library() *LibraryStore { return &LibraryStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *LibraryStore) Tx(ctx context.Context, fn func(library.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&LibraryStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *LibraryStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// FindTools reads the catalogue's visible tools in catalogue order.
func (s *LibraryStore) FindTools(ctx context.Context) ([]library.Tool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name_vi, name_en FROM catalog_tools WHERE NOT hidden ORDER BY position, code`)
	if err != nil {
		return nil, translate(err, "find tools")
	}
	var out []library.Tool
	for rows.Next() {
		var t library.Tool
		if err := rows.Scan(&t.Code, &t.Name.Vi, &t.Name.En); err != nil {
			rows.Close()
			return nil, translate(err, "scan tool")
		}
		out = append(out, t)
	}
	return out, closeRows(rows, "find tools")
}

// FindEnterprise reads an enterprise's name and province.
func (s *LibraryStore) FindEnterprise(ctx context.Context, id int64) (*library.Enterprise, error) {
	e := library.Enterprise{ID: id}
	err := s.r.QueryRowContext(ctx, `SELECT name, province_code FROM enterprises WHERE id = $1`, id).Scan(&e.Name, &e.ProvinceCode)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find enterprise %d", id))
	}
	return &e, nil
}

// toolList stores tools as ",a,b," so that one tool is a LIKE '%,a,%'.
func toolList(tools []string) string { return "," + strings.Join(tools, ",") + "," }

func toolsOf(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

func caseFolded(c *library.Case, enterprise string) string {
	return vn.Fold(strings.Join([]string{c.Title, enterprise, c.Summary, string(c.ProblemMD), string(c.SolutionMD), string(c.LessonsMD)}, " "))
}

const caseColumns = `c.id, c.title, c.enterprise_id, e.name, COALESCE(c.activity_id, 0), c.province_code, c.industry, c.vsic, c.size_class,
	c.tools, c.summary, c.problem_md, c.solution_md, c.lessons_md, c.kpis, c.contact_name, c.contact_role, c.contact_phone,
	c.contact_email, c.contact_consent, c.status, c.published_at,
	COALESCE((SELECT MIN(p.id) FROM library_case_photos p WHERE p.case_id = c.id), 0),
	COALESCE(c.created_by, 0), c.created_at, c.updated_at, c.version`

const caseFrom = ` FROM library_cases c JOIN enterprises e ON e.id = c.enterprise_id`

func scanCase(sc interface{ Scan(...any) error }) (*library.Case, error) {
	var c library.Case
	var ind, size, tools, kpis, status string
	var consent int
	var published sql.NullTime
	if err := sc.Scan(&c.ID, &c.Title, &c.EnterpriseID, &c.EnterpriseName, &c.ActivityID, &c.ProvinceCode, &ind, &c.VSIC, &size,
		&tools, &c.Summary, &c.ProblemMD, &c.SolutionMD, &c.LessonsMD, &kpis, &c.Contact.Name, &c.Contact.Role, &c.Contact.Phone,
		&c.Contact.Email, &consent, &status, &published, &c.CoverPhotoID, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.Version); err != nil {
		return nil, err
	}
	c.Industry, c.SizeClass, c.Tools, c.Contact.Consent, c.Status = registry.Industry(ind), registry.SizeClass(size), toolsOf(tools),
		consent != 0, library.Status(status)
	c.PublishedAt = timePtr(published)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := fromJSONText(kpis, &c.KPIs, "case KPIs"); err != nil {
		return nil, err
	}
	return &c, nil
}

// CreateCase inserts c at version 1.
func (s *LibraryStore) CreateCase(ctx context.Context, c *library.Case) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.db.now()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	kpis, err := jsonText(nonNil(c.KPIs), "case KPIs")
	if err != nil {
		return err
	}
	name, err := s.enterpriseName(ctx, c.EnterpriseID)
	if err != nil {
		return err
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO library_cases (title, enterprise_id, activity_id, province_code, industry, vsic, size_class,
		tools, summary, problem_md, solution_md, lessons_md, kpis, contact_name, contact_role, contact_phone, contact_email, contact_consent,
		status, published_at, search_folded, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, 1) RETURNING id`,
		c.Title, c.EnterpriseID, nullInt64(c.ActivityID), c.ProvinceCode, string(c.Industry), c.VSIC, string(c.SizeClass), toolList(c.Tools),
		c.Summary, string(c.ProblemMD), string(c.SolutionMD), string(c.LessonsMD), kpis, c.Contact.Name, c.Contact.Role, c.Contact.Phone, c.Contact.Email,
		boolInt(c.Contact.Consent), string(c.Status), nullTime(c.PublishedAt), caseFolded(c, name), nullInt64(int64(c.CreatedBy)),
		utc(c.CreatedAt), utc(c.UpdatedAt)).Scan(&c.ID)
	if err != nil {
		return translate(err, "create case")
	}
	c.Version, c.EnterpriseName = 1, name
	return nil
}

func (c conn) enterpriseName(ctx context.Context, id int64) (string, error) {
	var name string
	err := c.r.QueryRowContext(ctx, `SELECT name FROM enterprises WHERE id = $1`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fault.New(fault.Invalid, "Doanh nghiệp không có trong sổ đăng ký.", "The enterprise is not in the registry.")
	}
	return name, translate(err, "case enterprise")
}

// UpdateCase writes c if its version is still the stored one.
func (s *LibraryStore) UpdateCase(ctx context.Context, c *library.Case) error {
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = s.db.now()
	}
	kpis, err := jsonText(nonNil(c.KPIs), "case KPIs")
	if err != nil {
		return err
	}
	name, err := s.enterpriseName(ctx, c.EnterpriseID)
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE library_cases SET title = $1, enterprise_id = $2, activity_id = $3, province_code = $4,
		industry = $5, vsic = $6, size_class = $7, tools = $8, summary = $9, problem_md = $10, solution_md = $11, lessons_md = $12, kpis = $13,
		contact_name = $14, contact_role = $15, contact_phone = $16, contact_email = $17, contact_consent = $18, status = $19,
		published_at = $20, search_folded = $21, updated_at = $22, version = version + 1 WHERE id = $23 AND version = $24`,
		c.Title, c.EnterpriseID, nullInt64(c.ActivityID), c.ProvinceCode, string(c.Industry), c.VSIC, string(c.SizeClass), toolList(c.Tools),
		c.Summary, string(c.ProblemMD), string(c.SolutionMD), string(c.LessonsMD), kpis, c.Contact.Name, c.Contact.Role, c.Contact.Phone, c.Contact.Email,
		boolInt(c.Contact.Consent), string(c.Status), nullTime(c.PublishedAt), caseFolded(c, name), utc(c.UpdatedAt), int64(c.ID), c.Version)
	if err != nil {
		return translate(err, "update case")
	}
	if err := changed(res, "update case", "Điển hình vừa được người khác thay đổi.", "Someone else changed this case meanwhile."); err != nil {
		return err
	}
	c.Version++
	c.EnterpriseName = name
	return nil
}

// FindCase reads one case.
func (s *LibraryStore) FindCase(ctx context.Context, id library.CaseID) (*library.Case, error) {
	c, err := scanCase(s.r.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find case %d", id))
	}
	return c, nil
}

func caseWhere(f library.CaseFilter) *where {
	w := &where{}
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.DraftsOf != "" && f.DraftsOf != "*" {
		w.add("(c.status = 'published' OR c.province_code = ?)", f.DraftsOf)
	}
	if f.Tool != "" {
		w.add(`c.tools LIKE ? ESCAPE '\'`, likeContains(","+f.Tool+","))
	}
	if f.Industry != "" {
		w.add("c.industry = ?", f.Industry)
	}
	if f.VSIC != "" {
		w.add(`c.vsic LIKE ? ESCAPE '\'`, likePrefix(f.VSIC))
	}
	if f.SizeClass != "" {
		w.add("c.size_class = ?", f.SizeClass)
	}
	if f.Province != "" {
		w.add("c.province_code = ?", f.Province)
	}
	if f.EnterpriseID != 0 {
		w.add("c.enterprise_id = ?", f.EnterpriseID)
	}
	if f.ActivityID != 0 {
		w.add("c.activity_id = ?", f.ActivityID)
	}
	if len(f.IDs) > 0 {
		marks := make([]string, len(f.IDs))
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			marks[i], args[i] = "?", int64(id)
		}
		w.add("c.id IN ("+strings.Join(marks, ", ")+")", args...)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`c.search_folded LIKE ? ESCAPE '\'`, likeContains(q))
	}
	return w
}

// FindCases returns the cases matching f, the latest published first (drafts
// by their last change), and their total.
func (s *LibraryStore) FindCases(ctx context.Context, f library.CaseFilter) ([]*library.Case, int, error) {
	w := caseWhere(f)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM library_cases c`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count cases")
	}
	q := `SELECT ` + caseColumns + caseFrom + w.sql() + ` ORDER BY COALESCE(c.published_at, c.updated_at) DESC, c.id DESC`
	args := w.args
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, translate(err, "find cases")
	}
	var out []*library.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan case")
		}
		out = append(out, c)
	}
	return out, total, closeRows(rows, "find cases")
}

// ---- photos ----

// CreatePhoto inserts a case's photo with its JPEG and thumbnail.
func (s *LibraryStore) CreatePhoto(ctx context.Context, p *library.CasePhoto, content, thumb []byte) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO library_case_photos (case_id, caption, width, height, size, content, thumb, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, int64(p.CaseID), p.Caption, p.Width, p.Height, p.Size, content, thumb,
		nullInt64(int64(p.UploadedBy)), utc(p.UploadedAt)).Scan(&p.ID)
	return translate(err, "create case photo")
}

const libPhotoColumns = `id, case_id, caption, width, height, size, COALESCE(uploaded_by, 0), uploaded_at`

func scanLibraryPhoto(sc interface{ Scan(...any) error }) (*library.CasePhoto, error) {
	var p library.CasePhoto
	if err := sc.Scan(&p.ID, &p.CaseID, &p.Caption, &p.Width, &p.Height, &p.Size, &p.UploadedBy, &p.UploadedAt); err != nil {
		return nil, err
	}
	p.UploadedAt = p.UploadedAt.UTC()
	return &p, nil
}

// FindPhoto reads a photo's description.
func (s *LibraryStore) FindPhoto(ctx context.Context, id library.PhotoID) (*library.CasePhoto, error) {
	p, err := scanLibraryPhoto(s.r.QueryRowContext(ctx, `SELECT `+libPhotoColumns+` FROM library_case_photos WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find case photo %d", id))
	}
	return p, nil
}

// FindPhotos reads a case's photos in upload order.
func (s *LibraryStore) FindPhotos(ctx context.Context, id library.CaseID) ([]*library.CasePhoto, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+libPhotoColumns+` FROM library_case_photos WHERE case_id = $1 ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find case photos")
	}
	var out []*library.CasePhoto
	for rows.Next() {
		p, err := scanLibraryPhoto(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan case photo")
		}
		out = append(out, p)
	}
	return out, closeRows(rows, "find case photos")
}

// FindPhotoBytes reads a photo's JPEG, or its thumbnail.
func (s *LibraryStore) FindPhotoBytes(ctx context.Context, id library.PhotoID, thumb bool) ([]byte, error) {
	col := "content"
	if thumb {
		col = "thumb"
	}
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT `+col+` FROM library_case_photos WHERE id = $1`, int64(id)).Scan(&b)
	return b, translate(err, fmt.Sprintf("find case photo %d", id))
}

// DeletePhoto deletes a photo.
func (s *LibraryStore) DeletePhoto(ctx context.Context, id library.PhotoID) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM library_case_photos WHERE id = $1`, int64(id))
	return translate(err, "delete case photo")
}
