package catalog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/audit"
	"nscl/internal/fault"
	"nscl/internal/sheet"
)

// MaxImportBytes bounds an uploaded standards file.
const MaxImportBytes = 10 << 20

// MaxImportRows bounds the rows of one import (titles and header included).
const MaxImportRows = 25000

// RowProblem is one problem of an imported row.
type RowProblem struct {
	Field   string     `json:"field"`
	Message fault.Text `json:"message"`
}

// ImportRow is one data row of an uploaded file: what it says, and what is
// wrong with it.
type ImportRow struct {
	Line     int           `json:"line" doc:"Dòng trong tệp (row of the file)"`
	Input    StandardInput `json:"input"`
	Code     string        `json:"code,omitempty" doc:"Số hiệu dạng chuẩn (canonical designation)"`
	Update   bool          `json:"update" doc:"Cập nhật tiêu chuẩn đã có (updates an existing standard)"`
	Problems []RowProblem  `json:"problems,omitempty"`
}

// Import is an uploaded file checked and waiting for confirmation. It is
// applied all or nothing, and only when no row has a problem.
type Import struct {
	ID        int64       `json:"id"`
	FileName  string      `json:"file_name"`
	CreatedBy int64       `json:"created_by"`
	CreatedAt time.Time   `json:"created_at"`
	AppliedAt *time.Time  `json:"applied_at,omitempty"`
	Rows      []ImportRow `json:"rows"`
}

// Counts returns the rows that create, update, and have problems.
func (im *Import) Counts() (creates, updates, bad int) {
	for _, r := range im.Rows {
		switch {
		case len(r.Problems) > 0:
			bad++
		case r.Update:
			updates++
		default:
			creates++
		}
	}
	return
}

// importFields are the columns of a standards file (also the export's).
var importFields = []sheet.Field{
	{Key: "code", Required: true, Aliases: []string{"Số hiệu", "Số hiệu tiêu chuẩn", "Ký hiệu", "Mã tiêu chuẩn", "Code", "Designation", "Standard"}},
	{Key: "title_vi", Required: true, Aliases: []string{"Tên tiêu chuẩn", "Tên tiếng Việt", "Tên", "Title (vi)", "Vietnamese title", "Title"}},
	{Key: "title_en", Aliases: []string{"Tên tiếng Anh", "Title (en)", "English title"}},
	{Key: "status", Aliases: []string{"Tình trạng", "Trạng thái", "Hiệu lực", "Status"}},
	{Key: "replaced_by", Aliases: []string{"Thay thế bởi", "Bị thay thế bởi", "Tiêu chuẩn thay thế", "Replaced by"}},
	{Key: "issuer", Aliases: []string{"Cơ quan ban hành", "Cơ quan công bố", "Issuing body", "Issuer"}},
	{Key: "sector", Aliases: []string{"Lĩnh vực", "Ngành", "Sector"}},
	{Key: "ics", Aliases: []string{"Mã ICS", "ICS", "ICS code"}},
	{Key: "adopted", Aliases: []string{"Tiêu chuẩn quốc tế tương đương", "Tiêu chuẩn quốc tế", "Adopted standard", "International standard"}},
	{Key: "effective_on", Aliases: []string{"Ngày hiệu lực", "Ngày có hiệu lực", "Effective date", "Effective"}},
}

// importHeaders are the header texts the export writes, in column order.
var importHeaders = []string{"Số hiệu (Code)", "Tên tiếng Việt (Title (vi))", "Tên tiếng Anh (Title (en))", "Tình trạng (Status)",
	"Thay thế bởi (Replaced by)", "Cơ quan ban hành (Issuer)", "Lĩnh vực (Sector)", "Mã ICS (ICS code)",
	"Tiêu chuẩn quốc tế tương đương (Adopted standard)", "Ngày hiệu lực (Effective date)"}

// readRows reads the data rows of a standards file.
func readRows(r io.Reader, size int64, name string) ([]ImportRow, error) {
	rd, err := sheet.Open(r, size, name, sheet.Options{Fields: importFields, MaxBytes: MaxImportBytes, MaxRows: MaxImportRows})
	if err != nil {
		return nil, asInvalid(err)
	}
	defer rd.Close()
	var rows []ImportRow
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, asInvalid(err)
		}
		v := func(k string) string {
			c := row.Values[k]
			if k == "effective_on" && c.Kind == sheet.Date {
				if t, err := c.Date(); err == nil {
					return t.Format("02/01/2006")
				}
			}
			return c.Text()
		}
		rows = append(rows, ImportRow{Line: row.Line, Input: StandardInput{Code: v("code"), TitleVi: v("title_vi"), TitleEn: v("title_en"),
			Status: v("status"), ReplacedBy: v("replaced_by"), Issuer: v("issuer"), Sector: v("sector"), ICS: v("ics"),
			Adopted: v("adopted"), EffectiveOn: v("effective_on")}})
	}
	if len(rows) == 0 {
		return nil, fault.New(fault.Invalid, "Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
	}
	return rows, nil
}

// asInvalid makes a sheet error (which carries its own vi/en message) an
// Invalid fault for the upload form.
func asInvalid(err error) error {
	if fault.KindOf(err) == fault.Invalid {
		return err
	}
	var se *sheet.Error
	if errors.As(err, &se) {
		m := se.Message
		if se.Line > 0 {
			m.Vi = fmt.Sprintf("Dòng %d: %s", se.Line, m.Vi)
			m.En = fmt.Sprintf("Row %d: %s", se.Line, m.En)
		}
		return fault.Wrap(fault.Invalid, err, m.Vi, m.En)
	}
	return err
}

// PreviewImport reads an uploaded standards file (XLSX or CSV), checks every
// row (notation, statuses, replacements, duplicates in the file) and keeps
// the result for ApplyImport. Rows whose code exists update that standard.
func (s *Service) PreviewImport(ctx context.Context, name string, size int64, r io.Reader) (*Import, error) {
	a, err := mayManage(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := readRows(r, size, name)
	if err != nil {
		return nil, err
	}
	return s.checkImport(ctx, int64(a.UserID), name, rows)
}

// ImportRows is PreviewImport for rows sent as data (the API).
func (s *Service) ImportRows(ctx context.Context, rows []StandardInput) (*Import, error) {
	a, err := mayManage(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || len(rows) > MaxImportRows {
		return nil, fault.New(fault.Invalid, fmt.Sprintf("Gửi từ 1 đến %d dòng.", MaxImportRows), fmt.Sprintf("Send 1 to %d rows.", MaxImportRows))
	}
	ir := make([]ImportRow, len(rows))
	for i, in := range rows {
		ir[i] = ImportRow{Line: i + 1, Input: in}
	}
	return s.checkImport(ctx, int64(a.UserID), "api", ir)
}

func (s *Service) checkImport(ctx context.Context, user int64, name string, rows []ImportRow) (*Import, error) {
	im := &Import{FileName: name, CreatedBy: user, CreatedAt: s.now().UTC(), Rows: rows}
	inFile := map[string]int{} // code → line
	replacedBy := map[string]string{}
	for i := range im.Rows {
		r := &im.Rows[i]
		st, repl, fs := parseStandard(r.Input)
		if fs["code"].Vi == "" {
			r.Code = st.Code
			if line, dup := inFile[st.Code]; dup {
				fs.Add("code", fmt.Sprintf("Số hiệu %s trùng với dòng %d.", st.Code, line), fmt.Sprintf("%s repeats line %d.", st.Code, line))
			} else {
				inFile[st.Code] = r.Line
			}
		}
		if repl != "" {
			replacedBy[st.Code] = repl
		}
		r.Problems = problemsOf(fs)
	}
	for i := range im.Rows {
		r := &im.Rows[i]
		if r.Code == "" {
			continue
		}
		ex, err := s.store.FindStandardByCode(ctx, r.Code)
		if err == nil {
			r.Update = ex.ID != 0
		} else if !fault.Is(err, fault.NotFound) {
			return nil, err
		}
		repl := replacedBy[r.Code]
		if repl == "" {
			continue
		}
		if _, ok := inFile[repl]; ok {
			continue
		}
		if _, err := s.store.FindStandardByCode(ctx, repl); fault.Is(err, fault.NotFound) {
			r.Problems = append(r.Problems, RowProblem{Field: "replaced_by", Message: fault.Text{
				Vi: "Tiêu chuẩn thay thế " + repl + " không có trong tệp và chưa có trong hệ thống.",
				En: "The replacing standard " + repl + " is neither in the file nor in the system."}})
		} else if err != nil {
			return nil, err
		}
	}
	if err := s.store.SaveImport(ctx, im); err != nil {
		return nil, err
	}
	return im, nil
}

func problemsOf(fs fault.Fields) []RowProblem {
	var out []RowProblem
	for _, k := range []string{"code", "title_vi", "title_en", "status", "replaced_by", "issuer", "sector", "ics", "adopted", "effective_on"} {
		if m, ok := fs[k]; ok {
			out = append(out, RowProblem{Field: k, Message: m})
		}
	}
	return out
}

// FindImport returns a kept import (editors only).
func (s *Service) FindImport(ctx context.Context, id int64) (*Import, error) {
	if _, err := mayManage(ctx); err != nil {
		return nil, err
	}
	im, err := s.store.FindImport(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "Không tìm thấy lần nhập này.", "Import not found.")
	}
	return im, err
}

// ImportResult counts what an applied import did.
type ImportResult struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
}

// ApplyImport writes the rows of import id in one transaction: new codes are
// created, existing ones updated; then the replacements are linked. Any
// problem (a row's, or one found now against the database) rolls back
// everything.
func (s *Service) ApplyImport(ctx context.Context, id int64) (*ImportResult, error) {
	if _, err := mayManage(ctx); err != nil {
		return nil, err
	}
	res := &ImportResult{}
	err := s.store.Tx(ctx, func(store Store) error {
		im, err := store.FindImport(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return fault.New(fault.NotFound, "Không tìm thấy lần nhập này.", "Import not found.")
		}
		if err != nil {
			return err
		}
		if im.AppliedAt != nil {
			return fault.New(fault.Conflict, "Tệp này đã được nhập.", "This file has already been imported.")
		}
		if _, _, bad := im.Counts(); bad > 0 {
			return fault.New(fault.Invalid, fmt.Sprintf("Còn %d dòng có lỗi: sửa tệp và tải lên lại; không dòng nào được nhập.", bad),
				fmt.Sprintf("%d rows have problems: fix the file and upload it again; nothing was imported.", bad))
		}
		now := s.now().UTC()
		type pending struct {
			st   *Standard
			repl string
			line int
		}
		var all []pending
		for _, r := range im.Rows {
			st, repl, fs := parseStandard(r.Input)
			if err := fs.Err(); err != nil {
				return rowErr(r.Line, err)
			}
			st.UpdatedAt = now
			ex, err := store.FindStandardByCode(ctx, st.Code)
			switch {
			case err == nil:
				st.ID, st.CreatedAt, st.ReplacedBy = ex.ID, ex.CreatedAt, 0
				if err := store.UpdateStandard(ctx, st); err != nil {
					return err
				}
				if err := store.AddAudit(ctx, audit.New(ctx, now, "catalog.standard_import_update", "standard", fmt.Sprint(st.ID), ex, st)); err != nil {
					return err
				}
				res.Updated++
			case fault.Is(err, fault.NotFound):
				st.CreatedAt = now
				if err := store.CreateStandard(ctx, st); err != nil {
					return err
				}
				if err := store.AddAudit(ctx, audit.New(ctx, now, "catalog.standard_import_create", "standard", fmt.Sprint(st.ID), nil, st)); err != nil {
					return err
				}
				res.Created++
			default:
				return err
			}
			all = append(all, pending{st, repl, r.Line})
		}
		for _, p := range all {
			if p.repl == "" {
				continue
			}
			if err := resolveReplacement(ctx, store, p.st, p.repl); err != nil {
				return rowErr(p.line, err)
			}
			if err := store.UpdateStandard(ctx, p.st); err != nil {
				return err
			}
		}
		if err := store.MarkImportApplied(ctx, id, now); err != nil {
			return err
		}
		return store.AddAudit(ctx, audit.New(ctx, now, "catalog.standard_import", "standard_import", fmt.Sprint(id), nil, res))
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// rowErr prefixes err's message with the row's line.
func rowErr(line int, err error) error {
	m := fault.MessageOf(err)
	for _, v := range fault.FieldsOf(err) {
		m = v
		break
	}
	return &fault.Error{Kind: fault.KindOf(err), Err: err, Message: fault.Text{
		Vi: fmt.Sprintf("Dòng %d: %s Không dòng nào được nhập.", line, m.Vi),
		En: fmt.Sprintf("Row %d: %s Nothing was imported.", line, m.En)}}
}

// ExportXLSX writes every standard as an XLSX workbook whose columns
// PreviewImport reads back.
func (s *Service) ExportXLSX(ctx context.Context, w io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	const name = "TieuChuan"
	if err := x.SetSheetName("Sheet1", name); err != nil {
		return fault.Internalf("catalog: export: %w", err)
	}
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return fault.Internalf("catalog: export: %w", err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fault.Internalf("catalog: export: %w", err)
	}
	head := make([]any, len(importHeaders))
	for i, h := range importHeaders {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fault.Internalf("catalog: export: %w", err)
	}
	line := 1
	err = s.store.EachStandard(ctx, func(st *Standard) error {
		line++
		eff := ""
		if st.EffectiveOn != "" {
			if t, err := time.Parse("2006-01-02", st.EffectiveOn); err == nil {
				eff = t.Format("02/01/2006")
			}
		}
		sector := ""
		if st.Sector != "" {
			sector = string(st.Sector)
		}
		row := []any{st.Code, st.Title.Vi, st.Title.En, st.Status.Label().Vi, st.ReplacedByCode, st.Issuer, sector, st.ICS, st.Adopted, eff}
		for i, v := range row {
			if s, ok := v.(string); ok {
				row[i] = neutralize(s)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, line)
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fault.Internalf("catalog: export: %w", err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		return fault.Internalf("catalog: export: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// neutralize keeps a text cell from being read as a formula by a
// spreadsheet (a leading =, +, - or @).
func neutralize(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
