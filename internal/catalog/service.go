package catalog

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/sheet"
	"nscl/internal/vn"
)

// Store keeps the catalogue and the standards. Find methods return a
// fault.NotFound error for a missing row; inserts of an existing tool code or
// standard code return fault.Conflict.
type Store interface {
	// Tx runs fn with a store bound to one transaction.
	Tx(ctx context.Context, fn func(Store) error) error
	AddAudit(ctx context.Context, e audit.Entry) error

	ListTools(ctx context.Context) ([]*Tool, error) // by position, then code
	FindTool(ctx context.Context, code ToolCode) (*Tool, error)
	InsertTool(ctx context.Context, t *Tool) error
	// InsertMissingTool inserts t unless its code exists (then it changes
	// nothing and reports false), also against a concurrent insert.
	InsertMissingTool(ctx context.Context, t *Tool) (bool, error)
	UpdateTool(ctx context.Context, t *Tool) error
	// DeleteTool removes a tool.
	DeleteTool(ctx context.Context, code ToolCode) error
	// ToolInUse reports whether other records (experts' expertise) refer
	// to the tool's code.
	ToolInUse(ctx context.Context, code ToolCode) (bool, error)

	FindStandard(ctx context.Context, id StandardID) (*Standard, error)
	FindStandardByCode(ctx context.Context, code string) (*Standard, error)
	SearchStandards(ctx context.Context, f StandardFilter) (*StandardPage, error)
	CreateStandard(ctx context.Context, s *Standard) error
	UpdateStandard(ctx context.Context, s *Standard) error
	// CreateStandards inserts many standards in multi-row statements (the
	// demo and national-scale data); ReplacedBy must refer to rows that
	// exist already.
	CreateStandards(ctx context.Context, ss []*Standard) error
	// ReplacedBy lists the standards that id replaced, in designation order.
	ReplacedBy(ctx context.Context, id StandardID) ([]*Standard, error)
	// EachStandard calls fn for every standard in designation order.
	EachStandard(ctx context.Context, fn func(*Standard) error) error

	SaveImport(ctx context.Context, im *Import) error
	FindImport(ctx context.Context, id int64) (*Import, error)
	MarkImportApplied(ctx context.Context, id int64, at time.Time) error
}

// Service is the catalog use cases: the improvement-tool catalogue and the
// standards. Reading is public; writes need auth.ActCatalogManage and are
// audited in the same transaction.
type Service struct {
	store Store
	now   func() time.Time
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

var (
	errToolNotFound     = fault.New(fault.NotFound, "Không tìm thấy công cụ trong danh mục.", "Tool not found in the catalogue.")
	errStandardNotFound = fault.New(fault.NotFound, "Không tìm thấy tiêu chuẩn.", "Standard not found.")
)

// mayManage returns the actor if they may edit the catalogue.
func mayManage(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !auth.Can(a, auth.ActCatalogManage) {
		return nil, fault.New(fault.Forbidden, "Bạn không có quyền sửa danh mục công cụ và tiêu chuẩn.", "You may not edit the tool catalogue and the standards.")
	}
	return a, nil
}

// CanManage reports whether the actor in ctx may edit the catalogue (pages
// show the edit links with it).
func CanManage(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActCatalogManage)
}

// EnsureBuiltin adds the shipped tools the database lacks. It never changes
// a tool that exists: an administrator's edits stay. It runs at every start
// (of every server: an insert that another server made first is skipped).
func (s *Service) EnsureBuiltin(ctx context.Context) (added int, err error) {
	have, err := s.store.ListTools(ctx)
	if err != nil {
		return 0, err
	}
	codes := map[ToolCode]bool{}
	for _, t := range have {
		codes[t.Code] = true
	}
	now := s.now().UTC()
	for _, t := range Builtin() {
		if codes[t.Code] {
			continue
		}
		t.UpdatedAt = now
		ok, err := s.store.InsertMissingTool(ctx, &t)
		if err != nil {
			return added, err
		}
		if ok {
			added++
		}
	}
	return added, nil
}

// Tools lists the catalogue's tools in catalogue order, hidden ones
// included (other domains keep referring to them). A Service without a store
// (tests of other domains) returns the shipped catalogue.
func (s *Service) Tools(ctx context.Context) ([]Tool, error) {
	if s == nil || s.store == nil {
		return Builtin(), nil
	}
	ts, err := s.store.ListTools(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Tool, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out, nil
}

// PublicTools lists the tools a visitor sees: hidden ones only for editors;
// sector, if set, keeps the tools that fit it.
func (s *Service) PublicTools(ctx context.Context, sector Sector) ([]Tool, error) {
	all, err := s.Tools(ctx)
	if err != nil {
		return nil, err
	}
	editor := CanManage(ctx)
	var out []Tool
	for _, t := range all {
		if (t.Hidden && !editor) || !t.FitsSector(sector) {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// Tool returns one tool; a hidden tool is NotFound except for editors.
func (s *Service) Tool(ctx context.Context, code ToolCode) (*Tool, error) {
	t, err := s.store.FindTool(ctx, code)
	if fault.Is(err, fault.NotFound) || (err == nil && t.Hidden && !CanManage(ctx)) {
		return nil, errToolNotFound
	}
	return t, err
}

// ToolInput is an editor's version of a tool. Lists are codes.
type ToolInput struct {
	Code          string   `json:"code,omitempty" doc:"Mã công cụ mới: chữ thường, số, gạch dưới (new tool's code: a-z, 0-9, _)"`
	Kind          string   `json:"kind" enum:"method,system,digital"`
	NameVi        string   `json:"name_vi" maxLength:"300"`
	NameEn        string   `json:"name_en" maxLength:"300"`
	PurposeVi     string   `json:"purpose_vi" maxLength:"5000"`
	PurposeEn     string   `json:"purpose_en" maxLength:"5000"`
	ResultsVi     string   `json:"results_vi" maxLength:"5000"`
	ResultsEn     string   `json:"results_en" maxLength:"5000"`
	Prerequisites []string `json:"prerequisites" doc:"Mã các công cụ cần có trước (codes of prerequisite tools)"`
	Sectors       []string `json:"sectors" doc:"Ngành phù hợp; rỗng = mọi ngành (sectors; empty = all)"`
	Standard      string   `json:"standard,omitempty" maxLength:"200" doc:"Số hiệu TCVN của hệ thống quản lý (TCVN designation)"`
	Position      int      `json:"position" minimum:"0" maximum:"100000"`
	Hidden        bool     `json:"hidden"`
}

// InputOf returns t as an input (the edit form's starting values).
func InputOf(t *Tool) ToolInput {
	in := ToolInput{Code: string(t.Code), Kind: string(t.Kind), NameVi: t.Name.Vi, NameEn: t.Name.En,
		PurposeVi: t.Purpose.Vi, PurposeEn: t.Purpose.En, ResultsVi: t.Results.Vi, ResultsEn: t.Results.En,
		Standard: t.Standard, Position: t.Position, Hidden: t.Hidden}
	for _, p := range t.Prerequisites {
		in.Prerequisites = append(in.Prerequisites, string(p))
	}
	for _, x := range t.Sectors {
		in.Sectors = append(in.Sectors, string(x))
	}
	return in
}

var toolCodePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,31}$`)

// reservedCodes are path words of the tool pages.
var reservedCodes = map[string]bool{"new": true, "edit": true, "import": true, "export": true}

// cleanText cleans each line of a multi-paragraph text (see
// sheet.CleanText), keeping single blank lines between paragraphs.
func cleanText(s string) string {
	var out []string
	blank := false
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l := sheet.CleanText(line)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return vn.NFC(strings.Join(out, "\n"))
}

// applyToolInput validates in against the catalogue (all) and writes it
// into t.
func applyToolInput(t *Tool, in ToolInput, all map[ToolCode]*Tool) error {
	fs := fault.Fields{}
	t.Kind = ToolKind(strings.TrimSpace(in.Kind))
	if !t.Kind.Valid() {
		fs.Add("kind", "Chọn loại công cụ.", "Choose the kind of tool.")
	}
	t.Name = fault.Text{Vi: vn.NFC(in.NameVi), En: vn.NFC(in.NameEn)}
	t.Purpose = fault.Text{Vi: cleanText(in.PurposeVi), En: cleanText(in.PurposeEn)}
	t.Results = fault.Text{Vi: cleanText(in.ResultsVi), En: cleanText(in.ResultsEn)}
	for _, f := range []struct {
		key, v string
		max    int
		vi, en string
	}{
		{"name_vi", t.Name.Vi, 300, "Nhập tên tiếng Việt.", "Enter the Vietnamese name."},
		{"name_en", t.Name.En, 300, "Nhập tên tiếng Anh.", "Enter the English name."},
		{"purpose_vi", t.Purpose.Vi, 5000, "Nhập mục đích (tiếng Việt).", "Enter the purpose in Vietnamese."},
		{"purpose_en", t.Purpose.En, 5000, "Nhập mục đích (tiếng Anh).", "Enter the purpose in English."},
		{"results_vi", t.Results.Vi, 5000, "Nhập kết quả điển hình (tiếng Việt).", "Enter the typical results in Vietnamese."},
		{"results_en", t.Results.En, 5000, "Nhập kết quả điển hình (tiếng Anh).", "Enter the typical results in English."},
	} {
		switch {
		case f.v == "":
			fs.Add(f.key, f.vi, f.en)
		case utf8.RuneCountInString(f.v) > f.max:
			fs.Add(f.key, fmt.Sprintf("Tối đa %d ký tự.", f.max), fmt.Sprintf("At most %d characters.", f.max))
		}
	}
	t.Prerequisites = nil
	for _, p := range in.Prerequisites {
		c := ToolCode(strings.TrimSpace(p))
		if c == "" || slices.Contains(t.Prerequisites, c) {
			continue
		}
		if c == t.Code {
			fs.Add("prerequisites", "Một công cụ không thể là điều kiện tiên quyết của chính nó.", "A tool cannot be its own prerequisite.")
			continue
		}
		if _, ok := all[c]; !ok {
			fs.Add("prerequisites", "Công cụ tiên quyết \""+string(c)+"\" không có trong danh mục.", "Prerequisite \""+string(c)+"\" is not in the catalogue.")
			continue
		}
		t.Prerequisites = append(t.Prerequisites, c)
	}
	if len(fs) == 0 && prerequisiteCycle(t, all) {
		fs.Add("prerequisites", "Các điều kiện tiên quyết tạo thành vòng lặp (công cụ này lại là tiên quyết của một tiên quyết của nó).",
			"The prerequisites form a loop (this tool is a prerequisite of one of its own prerequisites).")
	}
	t.Sectors = nil
	for _, x := range in.Sectors {
		sec, ok := ParseSector(x)
		if !ok {
			fs.Add("sectors", "Ngành \""+x+"\" không có trong danh sách.", "Sector \""+x+"\" is not in the list.")
			continue
		}
		if sec != "" && !slices.Contains(t.Sectors, sec) {
			t.Sectors = append(t.Sectors, sec)
		}
	}
	t.Standard = ""
	if strings.TrimSpace(in.Standard) != "" {
		n, err := ParseNotation("standard", in.Standard)
		if err != nil {
			for k, v := range fault.FieldsOf(err) {
				fs[k] = v
			}
		} else {
			t.Standard = n.Code()
		}
	}
	if in.Position < 0 || in.Position > 100000 {
		fs.Add("position", "Thứ tự từ 0 đến 100000.", "The order is from 0 to 100000.")
	}
	t.Position, t.Hidden = in.Position, in.Hidden
	return fs.Err()
}

// prerequisiteCycle reports whether t's prerequisites lead back to t.
func prerequisiteCycle(t *Tool, all map[ToolCode]*Tool) bool {
	seen := map[ToolCode]bool{}
	stack := append([]ToolCode(nil), t.Prerequisites...)
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c == t.Code {
			return true
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		if x, ok := all[c]; ok && x.Code != t.Code {
			stack = append(stack, x.Prerequisites...)
		}
	}
	return false
}

func (s *Service) toolMap(ctx context.Context, st Store) (map[ToolCode]*Tool, error) {
	ts, err := st.ListTools(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[ToolCode]*Tool, len(ts))
	for _, t := range ts {
		m[t.Code] = t
	}
	return m, nil
}

// UpdateTool replaces the editable fields of tool code (not its code).
func (s *Service) UpdateTool(ctx context.Context, code ToolCode, in ToolInput) (*Tool, error) {
	if _, err := mayManage(ctx); err != nil {
		return nil, err
	}
	var out *Tool
	err := s.store.Tx(ctx, func(st Store) error {
		all, err := s.toolMap(ctx, st)
		if err != nil {
			return err
		}
		before, ok := all[code]
		if !ok {
			return errToolNotFound
		}
		t := *before
		if err := applyToolInput(&t, in, all); err != nil {
			return err
		}
		t.UpdatedAt = s.now().UTC()
		if err := st.UpdateTool(ctx, &t); err != nil {
			return err
		}
		out = &t
		return st.AddAudit(ctx, audit.New(ctx, t.UpdatedAt, "catalog.tool_update", "tool", string(code), before, &t))
	})
	return out, err
}

// CreateTool adds a tool to the catalogue.
func (s *Service) CreateTool(ctx context.Context, in ToolInput) (*Tool, error) {
	if _, err := mayManage(ctx); err != nil {
		return nil, err
	}
	code := strings.ToLower(strings.TrimSpace(in.Code))
	if !toolCodePattern.MatchString(code) || reservedCodes[code] {
		return nil, (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Mã công cụ không hợp lệ.", En: "The tool code is not valid."}}).
			Field("code", "Mã gồm 2–32 ký tự: chữ thường không dấu, số, gạch dưới, bắt đầu bằng chữ (ví dụ: hoshin_kanri).",
				"2–32 characters: lower-case letters, digits and underscores, starting with a letter (e.g. hoshin_kanri).")
	}
	var out *Tool
	err := s.store.Tx(ctx, func(st Store) error {
		all, err := s.toolMap(ctx, st)
		if err != nil {
			return err
		}
		if _, ok := all[ToolCode(code)]; ok {
			return (&fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: "Mã công cụ đã có trong danh mục.", En: "The tool code is already in the catalogue."}}).
				Field("code", "Đã có công cụ mã \""+code+"\": /tools/"+code, "There is already a tool \""+code+"\": /tools/"+code)
		}
		t := &Tool{Code: ToolCode(code)}
		if err := applyToolInput(t, in, all); err != nil {
			return err
		}
		if t.Position == 0 {
			for _, x := range all {
				t.Position = max(t.Position, x.Position+10)
			}
		}
		t.UpdatedAt = s.now().UTC()
		if err := st.InsertTool(ctx, t); err != nil {
			return err
		}
		out = t
		return st.AddAudit(ctx, audit.New(ctx, t.UpdatedAt, "catalog.tool_create", "tool", code, nil, t))
	})
	return out, err
}

// DeleteTool removes a tool an editor added. The shipped tools are never
// deleted (hide them instead), nor a tool that another tool has as a
// prerequisite or that experts declare as expertise.
func (s *Service) DeleteTool(ctx context.Context, code ToolCode) error {
	if _, err := mayManage(ctx); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st Store) error {
		all, err := s.toolMap(ctx, st)
		if err != nil {
			return err
		}
		t, ok := all[code]
		if !ok {
			return errToolNotFound
		}
		if t.Builtin || IsBuiltin(code) {
			return fault.New(fault.Conflict, "Công cụ có sẵn của hệ thống không xóa được; có thể ẩn công cụ.",
				"A shipped tool cannot be deleted; it can be hidden.")
		}
		for _, x := range all {
			if slices.Contains(x.Prerequisites, code) {
				return fault.New(fault.Conflict, "Công cụ là điều kiện tiên quyết của "+x.Name.Vi+": bỏ liên kết đó trước, hoặc ẩn công cụ.",
					"The tool is a prerequisite of "+x.Name.En+": remove that first, or hide the tool.")
			}
		}
		used, err := st.ToolInUse(ctx, code)
		if err != nil {
			return err
		}
		if used {
			return fault.New(fault.Conflict, "Đã có chuyên gia khai báo chuyên môn về công cụ này: không xóa được, hãy ẩn công cụ.",
				"Experts declare expertise in this tool: it cannot be deleted; hide it instead.")
		}
		if err := st.DeleteTool(ctx, code); err != nil {
			return err
		}
		return st.AddAudit(ctx, audit.New(ctx, s.now().UTC(), "catalog.tool_delete", "tool", string(code), t, nil))
	})
}

// Standards.

// SearchStandards returns a page of standards matching f (public).
func (s *Service) SearchStandards(ctx context.Context, f StandardFilter) (*StandardPage, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if !ValidICSPrefix(f.ICSPrefix) {
		return nil, (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Mã ICS không hợp lệ.", En: "The ICS code is not valid."}}).
			Field("ics", "Mã ICS dạng 03, 03.120 hoặc 03.120.10.", "An ICS code looks like 03, 03.120 or 03.120.10.")
	}
	return s.store.SearchStandards(ctx, f)
}

// Standard returns one standard (public).
func (s *Service) Standard(ctx context.Context, id StandardID) (*Standard, error) {
	st, err := s.store.FindStandard(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errStandardNotFound
	}
	return st, err
}

// StandardByCode returns the standard with designation code in any
// spelling, or NotFound.
func (s *Service) StandardByCode(ctx context.Context, code string) (*Standard, error) {
	n, err := ParseNotation("code", code)
	if err != nil {
		return nil, err
	}
	st, err := s.store.FindStandardByCode(ctx, n.Code())
	if fault.Is(err, fault.NotFound) {
		return nil, errStandardNotFound
	}
	return st, err
}

// maxChain bounds a replaced-by chain.
const maxChain = 50

// Chain returns the standards that replaced id, in order: the one that
// replaced it, the one that replaced that one, and so on.
func (s *Service) Chain(ctx context.Context, id StandardID) ([]*Standard, error) {
	var out []*Standard
	seen := map[StandardID]bool{id: true}
	cur, err := s.store.FindStandard(ctx, id)
	if err != nil {
		return nil, err
	}
	for cur.ReplacedBy != 0 && len(out) < maxChain && !seen[cur.ReplacedBy] {
		seen[cur.ReplacedBy] = true
		next, err := s.store.FindStandard(ctx, cur.ReplacedBy)
		if err != nil {
			return nil, err
		}
		out = append(out, next)
		cur = next
	}
	return out, nil
}

// Replaces returns the standards that id replaced (status replaced, replaced
// by id), by designation.
func (s *Service) Replaces(ctx context.Context, id StandardID) ([]*Standard, error) {
	return s.store.ReplacedBy(ctx, id)
}

// parseStandard validates in (alone, without the database) and returns the
// standard and the designation of its replacement.
func parseStandard(in StandardInput) (*Standard, string, fault.Fields) {
	fs := fault.Fields{}
	st := &Standard{}
	n, err := ParseNotation("code", in.Code)
	if err != nil {
		if strings.TrimSpace(in.Code) == "" {
			fs.Add("code", "Nhập số hiệu tiêu chuẩn (ví dụ TCVN ISO 9001:2015).", "Enter the designation (e.g. TCVN ISO 9001:2015).")
		} else {
			for k, v := range fault.FieldsOf(err) {
				fs[k] = v
			}
		}
	}
	if a := strings.TrimSpace(in.Adopted); a != "" {
		na := normalizeNotation(strings.Trim(a, "()"))
		switch {
		case n.Kind == KindQCVN:
			fs.Add("adopted", "Quy chuẩn (QCVN) không ghi tiêu chuẩn quốc tế tương đương.", "A regulation (QCVN) has no adopted international standard.")
		case !validAdopted(na):
			fs.Add("adopted", "Tiêu chuẩn quốc tế dạng ISO 15:1998, IEC 60335-1:2006 hoặc ISO/IEC 17025:2017.",
				"Write the international standard as ISO 15:1998, IEC 60335-1:2006 or ISO/IEC 17025:2017.")
		case n.Adopted != "" && n.Adopted != na:
			fs.Add("adopted", "Tiêu chuẩn quốc tế khác với tiêu chuẩn ghi trong số hiệu ("+n.Adopted+").",
				"This differs from the international standard in the designation ("+n.Adopted+").")
		default:
			n.Adopted = na
		}
	}
	st.Code, st.Kind, st.Series, st.Number, st.Year, st.Body, st.Adopted = n.Code(), n.Kind, n.Series, n.Number, n.Year, n.Body, n.Adopted
	st.Title = fault.Text{Vi: vn.NFC(sheet.CleanText(in.TitleVi)), En: vn.NFC(sheet.CleanText(in.TitleEn))}
	switch {
	case st.Title.Vi == "":
		fs.Add("title_vi", "Nhập tên tiêu chuẩn bằng tiếng Việt.", "Enter the Vietnamese title.")
	case utf8.RuneCountInString(st.Title.Vi) > 1000:
		fs.Add("title_vi", "Tối đa 1000 ký tự.", "At most 1000 characters.")
	}
	if utf8.RuneCountInString(st.Title.En) > 1000 {
		fs.Add("title_en", "Tối đa 1000 ký tự.", "At most 1000 characters.")
	}
	status, ok := ParseStatus(in.Status)
	if !ok {
		fs.Add("status", "Tình trạng là: còn hiệu lực, bị thay thế hoặc hủy bỏ.", "The status is one of: in force, replaced, withdrawn.")
	}
	st.Status = status
	var replacedBy string
	if strings.TrimSpace(in.ReplacedBy) != "" {
		rn, err := ParseNotation("replaced_by", in.ReplacedBy)
		switch {
		case err != nil:
			for k, v := range fault.FieldsOf(err) {
				fs[k] = v
			}
		case status != StatusReplaced && ok:
			fs.Add("replaced_by", "Chỉ tiêu chuẩn có tình trạng \"bị thay thế\" mới ghi tiêu chuẩn thay thế.",
				"Only a standard with the status \"replaced\" names the standard that replaces it.")
		case rn.Code() == st.Code && st.Code != "":
			fs.Add("replaced_by", "Một tiêu chuẩn không thể thay thế chính nó.", "A standard cannot replace itself.")
		default:
			replacedBy = rn.Code()
		}
	} else if status == StatusReplaced {
		fs.Add("replaced_by", "Tiêu chuẩn bị thay thế cần ghi số hiệu tiêu chuẩn thay thế.", "A replaced standard needs the designation of the standard that replaces it.")
	}
	st.Issuer = vn.NFC(sheet.CleanText(in.Issuer))
	if utf8.RuneCountInString(st.Issuer) > 300 {
		fs.Add("issuer", "Tối đa 300 ký tự.", "At most 300 characters.")
	}
	sec, ok := ParseSector(in.Sector)
	if !ok {
		fs.Add("sector", "Lĩnh vực \""+in.Sector+"\" không có trong danh sách.", "Sector \""+in.Sector+"\" is not in the list.")
	}
	st.Sector = sec
	ics, ok := normalizeICS(in.ICS)
	if !ok {
		fs.Add("ics", "Mã ICS dạng 03.120.10 (nhiều mã cách nhau bằng dấu phẩy).", "Write ICS codes as 03.120.10 (several separated by commas).")
	}
	st.ICS = ics
	if d := strings.TrimSpace(in.EffectiveOn); d != "" {
		t, err := sheet.ParseDate(d)
		if err != nil {
			fs.Add("effective_on", "Ngày hiệu lực dạng dd/mm/yyyy.", "Write the effective date as dd/mm/yyyy.")
		} else {
			st.EffectiveOn = t.Format("2006-01-02")
		}
	}
	return st, replacedBy, fs
}

// resolveReplacement sets st.ReplacedBy from the designation code (which
// must exist), refusing a chain that comes back to st.
func resolveReplacement(ctx context.Context, store Store, st *Standard, code string) error {
	st.ReplacedBy, st.ReplacedByCode = 0, ""
	if code == "" {
		return nil
	}
	r, err := store.FindStandardByCode(ctx, code)
	if fault.Is(err, fault.NotFound) {
		return (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Không tìm thấy tiêu chuẩn thay thế.", En: "The replacing standard was not found."}}).
			Field("replaced_by", "Chưa có tiêu chuẩn "+code+" trong hệ thống; hãy thêm nó trước.", code+" is not in the system yet; add it first.")
	}
	if err != nil {
		return err
	}
	cur := r
	for i := 0; i < maxChain; i++ {
		if st.ID != 0 && cur.ID == st.ID {
			return (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Chuỗi thay thế tạo thành vòng lặp.", En: "The replacement chain forms a loop."}}).
				Field("replaced_by", code+" (hoặc tiêu chuẩn thay thế nó) lại được thay thế bởi chính tiêu chuẩn này.",
					code+" (or a standard that replaces it) is itself replaced by this standard.")
		}
		if cur.ReplacedBy == 0 {
			break
		}
		if cur, err = store.FindStandard(ctx, cur.ReplacedBy); err != nil {
			return err
		}
	}
	st.ReplacedBy, st.ReplacedByCode = r.ID, r.Code
	return nil
}

func duplicateStandard(existing *Standard) error {
	href := fmt.Sprintf("/standards/%d", existing.ID)
	return (&fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: "Số hiệu tiêu chuẩn đã có trong hệ thống.", En: "This designation is already in the system."}}).
		Field("code", "Đã có "+existing.Code+": "+href, existing.Code+" already exists: "+href)
}

// CreateStandard adds a standard.
func (s *Service) CreateStandard(ctx context.Context, in StandardInput) (*Standard, error) {
	if _, err := mayManage(ctx); err != nil {
		return nil, err
	}
	st, repl, fs := parseStandard(in)
	if err := fs.Err(); err != nil {
		return nil, err
	}
	err := s.store.Tx(ctx, func(store Store) error {
		if ex, err := store.FindStandardByCode(ctx, st.Code); err == nil {
			return duplicateStandard(ex)
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
		if err := resolveReplacement(ctx, store, st, repl); err != nil {
			return err
		}
		st.CreatedAt = s.now().UTC()
		st.UpdatedAt = st.CreatedAt
		if err := store.CreateStandard(ctx, st); err != nil {
			return err
		}
		return store.AddAudit(ctx, audit.New(ctx, st.CreatedAt, "catalog.standard_create", "standard", fmt.Sprint(st.ID), nil, st))
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// UpdateStandard replaces standard id's fields (the designation may change,
// within its uniqueness).
func (s *Service) UpdateStandard(ctx context.Context, id StandardID, in StandardInput) (*Standard, error) {
	if _, err := mayManage(ctx); err != nil {
		return nil, err
	}
	st, repl, fs := parseStandard(in)
	if err := fs.Err(); err != nil {
		return nil, err
	}
	err := s.store.Tx(ctx, func(store Store) error {
		before, err := store.FindStandard(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errStandardNotFound
		}
		if err != nil {
			return err
		}
		if ex, err := store.FindStandardByCode(ctx, st.Code); err == nil && ex.ID != id {
			return duplicateStandard(ex)
		} else if err != nil && !fault.Is(err, fault.NotFound) {
			return err
		}
		st.ID, st.CreatedAt = id, before.CreatedAt
		if err := resolveReplacement(ctx, store, st, repl); err != nil {
			return err
		}
		st.UpdatedAt = s.now().UTC()
		if err := store.UpdateStandard(ctx, st); err != nil {
			return err
		}
		return store.AddAudit(ctx, audit.New(ctx, st.UpdatedAt, "catalog.standard_update", "standard", fmt.Sprint(id), before, st))
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// InputOfStandard returns st as an input (the edit form).
func InputOfStandard(st *Standard) StandardInput {
	in := StandardInput{Code: st.Display(), TitleVi: st.Title.Vi, TitleEn: st.Title.En, Status: string(st.Status),
		ReplacedBy: st.ReplacedByCode, Issuer: st.Issuer, Sector: string(st.Sector), ICS: st.ICS}
	if st.EffectiveOn != "" {
		if t, err := time.Parse("2006-01-02", st.EffectiveOn); err == nil {
			in.EffectiveOn = vn.Date(t)
		}
	}
	return in
}

// SeedStandards inserts demo or national-scale standards (DemoStandards) in
// bulk, without audit entries (the system's data load), then links the
// replacements named by ReplacedByCode.
func (s *Service) SeedStandards(ctx context.Context, ss []*Standard) error {
	now := s.now().UTC()
	for _, st := range ss {
		if st.CreatedAt.IsZero() {
			st.CreatedAt, st.UpdatedAt = now, now
		}
	}
	if err := s.store.CreateStandards(ctx, ss); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(st Store) error {
		for _, x := range LinkDemo(ss) {
			if err := st.UpdateStandard(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
}
