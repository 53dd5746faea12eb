package directory

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sheet"
	"nscl/internal/vn"
)

// Import of experts and organisations from XLSX or CSV (directory
// managers): every row is checked first and the report lists each problem
// by line and column; the file is written only when no row has a problem,
// all rows in one transaction (all or nothing).

// ImportKind says what a file holds.
type ImportKind string

// The import kinds.
const (
	ImportExperts       ImportKind = "experts"
	ImportOrganisations ImportKind = "organisations"
)

// RowProblem is one problem of one row.
type RowProblem struct {
	Line    int        `json:"line"`
	Field   string     `json:"field"`
	Code    Code       `json:"code"`
	Message fault.Text `json:"message"`
}

// ImportReport is what an import found and did.
type ImportReport struct {
	Kind     ImportKind   `json:"kind"`
	FileName string       `json:"file_name"`
	Rows     int          `json:"rows"`
	Problems []RowProblem `json:"problems"`
	Preview  [][]string   `json:"preview" doc:"Các dòng đầu như sẽ được ghi (the first rows as they would be written)"`
	Applied  bool         `json:"applied"`
	Created  int          `json:"created"`
}

// MaxImportRows caps a file (a directory import, not a bulk load).
const MaxImportRows = 20_000

var expertFields = []sheet.Field{
	{Key: "name", Required: true, Aliases: []string{"Họ tên", "Họ và tên", "Tên chuyên gia", "Full name", "Name"}},
	{Key: "title", Aliases: []string{"Học hàm, học vị", "Học vị", "Title"}},
	{Key: "kind", Aliases: []string{"Loại", "Kind"}},
	{Key: "email", Aliases: []string{"Email", "Thư điện tử"}},
	{Key: "id_number", Aliases: []string{"Số CCCD", "CCCD", "Số căn cước", "ID number"}},
	{Key: "phone", Aliases: []string{"Điện thoại", "Số điện thoại", "Phone"}},
	{Key: "province", Aliases: []string{"Nơi làm việc", "Tỉnh/Thành phố", "Tỉnh", "Province", "Based in"}},
	{Key: "organisation_id", Aliases: []string{"Mã tổ chức", "Organisation number", "Organisation id"}},
	{Key: "tools", Aliases: []string{"Chuyên môn", "Công cụ", "Expertise", "Tools"}},
	{Key: "sectors", Aliases: []string{"Ngành phục vụ", "Ngành", "Sectors"}},
	{Key: "provinces", Aliases: []string{"Địa bàn phục vụ", "Provinces served"}},
	{Key: "languages", Aliases: []string{"Ngôn ngữ", "Languages"}},
	{Key: "capacity", Aliases: []string{"Số việc nhận cùng lúc", "Capacity"}},
	{Key: "bio", Aliases: []string{"Giới thiệu", "Biography", "Bio"}},
}

var orgFields = []sheet.Field{
	{Key: "name", Required: true, Aliases: []string{"Tên tổ chức", "Tên đơn vị", "Organisation name", "Name"}},
	{Key: "kind", Required: true, Aliases: []string{"Loại tổ chức", "Loại", "Kind"}},
	{Key: "short_name", Aliases: []string{"Tên viết tắt", "Short name"}},
	{Key: "tax_code", Aliases: []string{"Mã số thuế", "MST", "Tax code"}},
	{Key: "province", Aliases: []string{"Tỉnh/Thành phố", "Tỉnh", "Province"}},
	{Key: "address", Aliases: []string{"Địa chỉ", "Address"}},
	{Key: "website", Aliases: []string{"Website", "Trang web"}},
	{Key: "email", Aliases: []string{"Email"}},
	{Key: "phone", Aliases: []string{"Điện thoại", "Phone"}},
	{Key: "vilas_number", Aliases: []string{"Số hiệu VILAS", "VILAS", "VILAS number"}},
	{Key: "vilas_valid_from", Aliases: []string{"Hiệu lực từ", "Valid from"}},
	{Key: "vilas_valid_to", Aliases: []string{"Hiệu lực đến", "Valid to"}},
	{Key: "test_scope", Aliases: []string{"Phạm vi thử nghiệm", "Test scope"}},
	{Key: "equipment", Aliases: []string{"Thiết bị chính", "Equipment"}},
	{Key: "description", Aliases: []string{"Giới thiệu", "Description"}},
}

// ProvinceResolver reads a province as people write it (*geo.Table).
type ProvinceResolver interface {
	Resolve(s string) (string, bool)
}

func (s *Service) resolveProvince(v string) (string, bool) {
	if r, ok := s.provinces.(ProvinceResolver); ok {
		return r.Resolve(v)
	}
	return v, knownProvince(s.provinces, v)
}

// sheetErr turns a reader error into an Invalid error with its message.
func sheetErr(err error) error {
	var se *sheet.Error
	if errors.As(err, &se) {
		return &fault.Error{Kind: fault.Invalid, Message: se.Message, Err: err}
	}
	return err
}

func (rep *ImportReport) add(line int, field string, code Code, vi, en string) {
	rep.Problems = append(rep.Problems, RowProblem{Line: line, Field: field, Code: code, Message: fault.Text{Vi: vi, En: en}})
}

// readRows reads every data row of the file.
func readRows(r io.Reader, size int64, name string, fields []sheet.Field) ([]sheet.Row, error) {
	rd, err := sheet.Open(r, size, name, sheet.Options{Fields: fields, MaxRows: MaxImportRows + 50})
	if err != nil {
		return nil, sheetErr(err)
	}
	defer rd.Close()
	var rows []sheet.Row
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, sheetErr(err)
		}
		rows = append(rows, row)
		if len(rows) > MaxImportRows {
			return nil, fault.New(fault.Invalid, fmt.Sprintf("Tệp có quá %d dòng.", MaxImportRows), fmt.Sprintf("The file has more than %d rows.", MaxImportRows))
		}
	}
	if len(rows) == 0 {
		return nil, fault.New(fault.Invalid, "Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
	}
	return rows, nil
}

func cellText(row sheet.Row, key string) string { return row.Values[key].Text() }

// splitList splits "a, b; c" into its items.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// toolByName finds a tool by code or name (folded).
func toolByName(tools []catalog.Tool, v string) (catalog.ToolCode, bool) {
	f := vn.Fold(v)
	for _, t := range tools {
		if string(t.Code) == strings.ToLower(strings.TrimSpace(v)) || vn.Fold(t.Name.Vi) == f || vn.Fold(t.Name.En) == f {
			return t.Code, true
		}
	}
	return "", false
}

func levelOf(v string) (Level, bool) {
	switch vn.Fold(v) {
	case "1", "thuc hanh", "practitioner":
		return LevelPractitioner, true
	case "2", "tu van", "consultant":
		return LevelConsultant, true
	case "3", "tu van truong", "lead consultant", "lead":
		return LevelLeadConsultant, true
	}
	return 0, false
}

func sectorOf(v string) (string, bool) {
	f := vn.Fold(v)
	if f == "other" || f == "nganh khac" || f == "khac" {
		return OtherSector, true
	}
	for _, i := range registry.Industries {
		if string(i) == f || vn.Fold(i.Label().Vi) == f || vn.Fold(i.Label().En) == f {
			return string(i), true
		}
	}
	return "", false
}

// expertRow reads one row into an expert, adding its cell problems.
func (s *Service) expertRow(row sheet.Row, tools []catalog.Tool, rep *ImportReport) *Expert {
	e := &Expert{Name: cellText(row, "name"), Title: cellText(row, "title"), Email: cellText(row, "email"),
		IDNumber: row.Values["id_number"].Digits(), Phone: cellText(row, "phone"), Bio: cellText(row, "bio"),
		Languages: []string{cellText(row, "languages")}, Capacity: 1, Status: StatusActive}
	if raw := cellText(row, "id_number"); raw != "" && e.IDNumber == "" {
		e.IDNumber = raw // not digits: the validation says so
	}
	switch k := vn.Fold(cellText(row, "kind")); k {
	case "", "expert", "chuyen gia", "chuyen gia tu van":
		e.Kind = KindExpert
	case "practitioner", "can bo thuc hanh", "thuc hanh", "can bo thuc hanh cai tien":
		e.Kind = KindPractitioner
	default:
		e.Kind = Kind(k)
	}
	if v := cellText(row, "province"); v != "" {
		if code, ok := s.resolveProvince(v); ok {
			e.ProvinceCode = code
		} else {
			rep.add(row.Line, "province", CodeProvinceUnknown, "Tỉnh/thành không rõ: "+v+".", "Unknown province: "+v+".")
		}
	}
	if v := cellText(row, "organisation_id"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			e.OrganisationID = OrganisationID(n)
		} else {
			rep.add(row.Line, "organisation_id", CodeOrganisationUnknown, "Mã tổ chức phải là số: "+v+".", "The organisation number must be a number: "+v+".")
		}
	}
	if v := cellText(row, "capacity"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			e.Capacity = n
		} else {
			rep.add(row.Line, "capacity", CodeCapacityInvalid, "Số việc nhận cùng lúc phải là số nguyên.", "Capacity must be a whole number.")
		}
	}
	for _, item := range splitList(cellText(row, "tools")) {
		name, lv, _ := strings.Cut(item, ":")
		code, ok := toolByName(tools, name)
		if !ok {
			rep.add(row.Line, "tools", CodeToolUnknown, "Công cụ không có trong danh mục: "+strings.TrimSpace(name)+".", "Tool not in the catalogue: "+strings.TrimSpace(name)+".")
			continue
		}
		level := LevelPractitioner
		if strings.TrimSpace(lv) != "" {
			l, ok := levelOf(lv)
			if !ok {
				rep.add(row.Line, "tools", CodeLevelInvalid, "Mức độ không hợp lệ: "+lv+" (1, 2, 3).", "Unknown level: "+lv+" (1, 2, 3).")
				continue
			}
			level = l
		}
		e.Tools = append(e.Tools, Expertise{Tool: code, Level: level})
	}
	for _, item := range splitList(cellText(row, "sectors")) {
		if sc, ok := sectorOf(item); ok {
			e.Sectors = append(e.Sectors, sc)
		} else {
			rep.add(row.Line, "sectors", CodeSectorUnknown, "Ngành không rõ: "+strings.TrimSpace(item)+".", "Unknown sector: "+strings.TrimSpace(item)+".")
		}
	}
	for _, item := range splitList(cellText(row, "provinces")) {
		if code, ok := s.resolveProvince(item); ok {
			e.Provinces = append(e.Provinces, code)
		} else {
			rep.add(row.Line, "provinces", CodeProvinceUnknown, "Tỉnh/thành không rõ: "+strings.TrimSpace(item)+".", "Unknown province: "+strings.TrimSpace(item)+".")
		}
	}
	return e
}

func (rep *ImportReport) addErr(line int, err error) {
	if ps := ProblemsOf(err); len(ps) > 0 {
		for _, p := range ps {
			rep.Problems = append(rep.Problems, RowProblem{Line: line, Field: p.Field, Code: p.Code, Message: p.Message})
		}
		return
	}
	rep.Problems = append(rep.Problems, RowProblem{Line: line, Message: fault.MessageOf(err)})
}

const previewLimit = 20

// ImportExpertsFile checks a file of experts and, when apply is set and no
// row has a problem, creates them all in one transaction. Consents are not
// imported: only the person gives them. Directory managers only.
func (s *Service) ImportExpertsFile(ctx context.Context, r io.Reader, size int64, name string, apply bool) (*ImportReport, error) {
	if _, err := manager(ctx); err != nil {
		return nil, err
	}
	rows, err := readRows(r, size, name, expertFields)
	if err != nil {
		return nil, err
	}
	tools, err := s.Tools(ctx)
	if err != nil {
		return nil, err
	}
	codes, err := s.toolCodes(ctx)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Kind: ImportExperts, FileName: name, Rows: len(rows)}
	emails, ids := map[string]int{}, map[string]int{}
	orgs := map[OrganisationID]bool{}
	es := make([]*Expert, 0, len(rows))
	now := s.now()
	for _, row := range rows {
		e := s.expertRow(row, tools, rep)
		e.Normalize()
		if err := e.Validate(codes, s.provinces); err != nil {
			rep.addErr(row.Line, err)
		}
		if e.Email != "" {
			if first, ok := emails[e.Email]; ok {
				rep.add(row.Line, "email", CodeDuplicateEmail, fmt.Sprintf("Email trùng với dòng %d.", first), fmt.Sprintf("Same email as line %d.", first))
			} else if id, err := s.store.FindExpertIDByEmail(ctx, e.Email); err == nil {
				rep.add(row.Line, "email", CodeDuplicateEmail, "Đã có chuyên gia với email này: "+ExpertURL(id), "An expert with this email already exists: "+ExpertURL(id))
			}
			emails[e.Email] = row.Line
		}
		if e.IDNumber != "" {
			if first, ok := ids[e.IDNumber]; ok {
				rep.add(row.Line, "id_number", CodeDuplicateIDNumber, fmt.Sprintf("Số CCCD trùng với dòng %d.", first), fmt.Sprintf("Same ID number as line %d.", first))
			} else if id, err := s.store.FindExpertIDByIDNumber(ctx, e.IDNumber); err == nil {
				rep.add(row.Line, "id_number", CodeDuplicateIDNumber, "Đã có chuyên gia với số CCCD này: "+ExpertURL(id), "An expert with this ID number already exists: "+ExpertURL(id))
			}
			ids[e.IDNumber] = row.Line
		}
		if e.OrganisationID != 0 {
			known, seen := orgs[e.OrganisationID]
			if !seen {
				_, err := s.store.FindOrganisation(ctx, e.OrganisationID)
				known = err == nil
				orgs[e.OrganisationID] = known
			}
			if !known {
				rep.add(row.Line, "organisation_id", CodeOrganisationUnknown, "Tổ chức không tồn tại.", "The organisation does not exist.")
			}
		}
		e.CreatedAt, e.UpdatedAt = now, now
		es = append(es, e)
		if len(rep.Preview) < previewLimit {
			var ts []string
			for _, t := range e.Tools {
				ts = append(ts, fmt.Sprintf("%s:%d", t.Tool, t.Level))
			}
			rep.Preview = append(rep.Preview, []string{strconv.Itoa(row.Line), e.Name, e.Email, string(e.Kind), e.ProvinceCode,
				strings.Join(ts, ", "), strings.Join(e.Sectors, ", "), strings.Join(e.Provinces, ", ")})
		}
	}
	if !apply || len(rep.Problems) > 0 {
		return rep, nil
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateExperts(ctx, es); err != nil {
			return err
		}
		ids := make([]ExpertID, len(es))
		for i, e := range es {
			ids[i] = e.ID
		}
		return s.audit(ctx, tx, "expert.import", "expert", int64(es[0].ID), nil, map[string]any{"file": name, "rows": len(es), "ids": ids})
	})
	if err != nil {
		return nil, err
	}
	rep.Applied, rep.Created = true, len(es)
	s.invalidateCounts()
	return rep, nil
}

func orgKindOf(v string) (OrgKind, bool) {
	f := vn.Fold(v)
	for _, k := range OrgKinds {
		if string(k) == f || vn.Fold(k.Label().Vi) == f || vn.Fold(k.Label().En) == f {
			return k, true
		}
	}
	return "", false
}

// ImportOrganisationsFile is ImportExpertsFile for organisations.
func (s *Service) ImportOrganisationsFile(ctx context.Context, r io.Reader, size int64, name string, apply bool) (*ImportReport, error) {
	if _, err := manager(ctx); err != nil {
		return nil, err
	}
	rows, err := readRows(r, size, name, orgFields)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Kind: ImportOrganisations, FileName: name, Rows: len(rows)}
	os := make([]*Organisation, 0, len(rows))
	now := s.now()
	for _, row := range rows {
		o := &Organisation{Name: cellText(row, "name"), ShortName: cellText(row, "short_name"), TaxCode: cellText(row, "tax_code"),
			Address: cellText(row, "address"), Website: cellText(row, "website"), Email: cellText(row, "email"), Phone: cellText(row, "phone"),
			VILAS: cellText(row, "vilas_number"), TestScope: cellText(row, "test_scope"), Equipment: cellText(row, "equipment"),
			Description: cellText(row, "description"), Status: "active", CreatedAt: now, UpdatedAt: now}
		if k, ok := orgKindOf(cellText(row, "kind")); ok {
			o.Kind = k
		} else {
			o.Kind = OrgKind(cellText(row, "kind"))
		}
		if v := cellText(row, "province"); v != "" {
			if code, ok := s.resolveProvince(v); ok {
				o.ProvinceCode = code
			} else {
				rep.add(row.Line, "province", CodeProvinceUnknown, "Tỉnh/thành không rõ: "+v+".", "Unknown province: "+v+".")
			}
		}
		for key, dst := range map[string]*string{"vilas_valid_from": &o.ValidFrom, "vilas_valid_to": &o.ValidTo} {
			c := row.Values[key]
			if c.IsEmpty() {
				continue
			}
			if d, err := c.Date(); err == nil {
				*dst = d.Format("2006-01-02")
			} else {
				*dst = c.Text() // the validation reports it
			}
		}
		if err := s.CheckOrganisation(ctx, o); err != nil {
			rep.addErr(row.Line, err)
		}
		os = append(os, o)
		if len(rep.Preview) < previewLimit {
			rep.Preview = append(rep.Preview, []string{strconv.Itoa(row.Line), o.Name, string(o.Kind), o.ProvinceCode, o.TaxCode, o.VILAS,
				o.ValidFrom, o.ValidTo})
		}
	}
	if !apply || len(rep.Problems) > 0 {
		return rep, nil
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateOrganisations(ctx, os); err != nil {
			return err
		}
		ids := make([]OrganisationID, len(os))
		for i, o := range os {
			ids[i] = o.ID
		}
		return s.audit(ctx, tx, "organisation.import", "organisation", int64(os[0].ID), nil, map[string]any{"file": name, "rows": len(os), "ids": ids})
	})
	if err != nil {
		return nil, err
	}
	rep.Applied, rep.Created = true, len(os)
	return rep, nil
}
