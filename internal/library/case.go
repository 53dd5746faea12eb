package library

import (
	"context"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

var errCaseNotFound = fault.New(fault.NotFound, "Không tìm thấy điển hình.", "Case not found.")

// CaseKPIInput is a before/after indicator as the editor types it.
type CaseKPIInput struct {
	Name        string  `json:"name"`
	Unit        string  `json:"unit" required:"false"`
	Before      float64 `json:"before"`
	After       float64 `json:"after"`
	LowerBetter bool    `json:"lower_better" required:"false" doc:"Giảm là tốt hơn, ví dụ tỷ lệ lỗi (lower is better, e.g. a defect rate)"`
}

// CaseInput is a case as an editor enters it. The province is the
// enterprise's.
type CaseInput struct {
	Title        string         `json:"title"`
	EnterpriseID int64          `json:"enterprise_id" minimum:"1"`
	ActivityID   int64          `json:"activity_id" required:"false" doc:"Mô hình điểm của chương trình (a programme pilot model); CaseKPI đã xác minh lấy từ đây"`
	Industry     string         `json:"industry" required:"false" doc:"Ngành ưu tiên (priority industry code)"`
	VSIC         string         `json:"vsic" required:"false" doc:"Mã ngành VSIC"`
	SizeClass    string         `json:"size_class" required:"false" enum:"micro,small,medium,large,"`
	Tools        []string       `json:"tools" doc:"Mã công cụ trong danh mục (catalogue tool codes)"`
	Summary      string         `json:"summary" required:"false"`
	ProblemMD    string         `json:"problem_md" doc:"Markdown"`
	SolutionMD   string         `json:"solution_md" required:"false" doc:"Markdown"`
	LessonsMD    string         `json:"lessons_md" required:"false" doc:"Markdown"`
	KPIs         []CaseKPIInput `json:"kpis" required:"false"`
	Contact      CaseContact    `json:"contact" required:"false"`
}

var (
	vsicRe  = regexp.MustCompile(`^[0-9]{1,5}$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9 .()-]{6,20}$`)
)

// check validates in; tools reports whether a tool code is in the catalogue.
func (in *CaseInput) check(known func(string) bool) error {
	bad := fault.Fields{}
	checkText(bad, "title", &in.Title, MaxTitle, true, fault.Text{Vi: "tên điển hình", En: "the case's title"})
	checkText(bad, "summary", &in.Summary, MaxSummary, false, fault.Text{})
	checkText(bad, "problem_md", &in.ProblemMD, MaxBody, true, fault.Text{Vi: "vấn đề doanh nghiệp gặp phải", En: "the problem the enterprise had"})
	checkText(bad, "solution_md", &in.SolutionMD, MaxBody, false, fault.Text{})
	checkText(bad, "lessons_md", &in.LessonsMD, MaxBody, false, fault.Text{})
	checkText(bad, "vsic", &in.VSIC, 5, false, fault.Text{})
	checkText(bad, "industry", &in.Industry, 40, false, fault.Text{})
	checkText(bad, "size_class", &in.SizeClass, 40, false, fault.Text{})
	if in.EnterpriseID <= 0 {
		bad.Add("enterprise_id", "Vui lòng chọn doanh nghiệp.", "Please choose the enterprise.")
	}
	if in.ActivityID < 0 {
		in.ActivityID = 0
	}
	if in.Industry != "" && !slices.Contains(registry.Industries, registry.Industry(in.Industry)) {
		bad.Add("industry", "Ngành ưu tiên không có trong danh mục.", "Not a known priority industry.")
	}
	if in.VSIC != "" && !vsicRe.MatchString(in.VSIC) {
		bad.Add("vsic", "Mã VSIC gồm 1 đến 5 chữ số.", "A VSIC code is 1 to 5 digits.")
	}
	if in.SizeClass != "" && !slices.Contains(registry.SizeClasses, registry.SizeClass(in.SizeClass)) {
		bad.Add("size_class", "Quy mô: siêu nhỏ, nhỏ, vừa hoặc lớn.", "Size: micro, small, medium or large.")
	}
	var tools []string
	for _, t := range in.Tools {
		t = strings.TrimSpace(t)
		if t == "" || slices.Contains(tools, t) {
			continue
		}
		if !vn.IsText(t) || !known(t) {
			bad.Add("tools", "Công cụ không có trong danh mục.", "A tool is not in the catalogue.")
			continue
		}
		tools = append(tools, t)
	}
	switch {
	case len(tools) == 0:
		bad.Add("tools", "Vui lòng chọn ít nhất một công cụ đã áp dụng.", "Please choose at least one tool applied.")
	case len(tools) > MaxTools:
		bad.Add("tools", fmt.Sprintf("Tối đa %d công cụ.", MaxTools), fmt.Sprintf("At most %d tools.", MaxTools))
	}
	in.Tools = tools
	var kpis []CaseKPIInput
	for i, k := range in.KPIs {
		field := fmt.Sprintf("kpis.%d", i)
		checkText(bad, field, &k.Name, MaxShort, false, fault.Text{})
		checkText(bad, field, &k.Unit, 30, false, fault.Text{})
		if k.Name == "" && k.Unit == "" && k.Before == 0 && k.After == 0 {
			continue
		}
		switch {
		case k.Name == "":
			bad.Add(field, "Vui lòng nhập tên chỉ số.", "Please enter the indicator's name.")
		case !kpiValue(k.Before) || !kpiValue(k.After):
			bad.Add(field, "Giá trị trước và sau là số có giá trị tuyệt đối không quá 10^15.",
				"Before and after are numbers of at most 10^15 in absolute value.")
		case k.Before != 0:
			if _, ok := Improvement(k.Before, k.After, k.LowerBetter); !ok {
				bad.Add(field, "Giá trị trước quá gần 0 để tính mức cải thiện; nhập 0 hoặc một giá trị khác.",
					"The before value is too close to 0 to compute the improvement; enter 0 or another value.")
			}
		}
		kpis = append(kpis, k)
	}
	if len(kpis) > MaxKPIs {
		bad.Add("kpis", fmt.Sprintf("Tối đa %d chỉ số.", MaxKPIs), fmt.Sprintf("At most %d indicators.", MaxKPIs))
	}
	in.KPIs = kpis
	c := &in.Contact
	checkText(bad, "contact.name", &c.Name, MaxShort, false, fault.Text{})
	checkText(bad, "contact.role", &c.Role, MaxShort, false, fault.Text{})
	checkText(bad, "contact.phone", &c.Phone, 20, false, fault.Text{})
	checkText(bad, "contact.email", &c.Email, 200, false, fault.Text{})
	if c.Phone != "" && !phoneRe.MatchString(c.Phone) {
		bad.Add("contact.phone", "Số điện thoại không hợp lệ.", "Not a valid phone number.")
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			bad.Add("contact.email", "Địa chỉ email không hợp lệ.", "Not a valid email address.")
		}
	}
	if c.Consent && c.Name == "" {
		bad.Add("contact.name", "Vui lòng nhập tên người liên hệ khi doanh nghiệp đồng ý công khai.",
			"Please enter the contact's name when the enterprise consents to show it.")
	}
	return bad.Err()
}

// MaxKPIValue bounds a before/after value (as contest entries do).
const MaxKPIValue = 1e15

// kpiValue reports whether f is a finite number of at most MaxKPIValue in
// absolute value.
func kpiValue(f float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) <= MaxKPIValue
}

func (in *CaseInput) kpis() []CaseKPI {
	out := make([]CaseKPI, 0, len(in.KPIs))
	for _, k := range in.KPIs {
		out = append(out, CaseKPI{Name: k.Name, Unit: k.Unit, Before: k.Before, After: k.After, LowerBetter: k.LowerBetter})
	}
	return out
}

func (s *Service) toolCheck(ctx context.Context) func(string) bool {
	var codes map[string]bool
	return func(code string) bool {
		if codes == nil {
			codes = map[string]bool{}
			ts, err := s.store.FindTools(ctx)
			if err != nil {
				return false
			}
			for _, t := range ts {
				codes[t.Code] = true
			}
		}
		return codes[code]
	}
}

// prepare validates in and resolves its enterprise and pilot for a.
func (s *Service) prepare(ctx context.Context, a *auth.Actor, in *CaseInput) (*Enterprise, error) {
	if err := in.check(s.toolCheck(ctx)); err != nil {
		return nil, err
	}
	e, err := s.store.FindEnterprise(ctx, in.EnterpriseID)
	if fault.Is(err, fault.NotFound) {
		return nil, fieldErr("enterprise_id", "Doanh nghiệp không có trong sổ đăng ký.", "The enterprise is not in the registry.")
	}
	if err != nil {
		return nil, err
	}
	if !mayEdit(a, e.ProvinceCode) {
		return nil, denied()
	}
	if in.ActivityID != 0 {
		if s.prog == nil {
			return nil, fieldErr("activity_id", "Không liên kết được mô hình điểm.", "Pilot models cannot be linked.")
		}
		p, err := s.prog.Pilot(ctx, in.ActivityID, "vi")
		if fault.Is(err, fault.NotFound) {
			return nil, fieldErr("activity_id", "Không có mô hình điểm với mã này.", "No pilot model has this number.")
		}
		if err != nil {
			return nil, err
		}
		if p.EnterpriseID != e.ID {
			return nil, fieldErr("activity_id", "Mô hình điểm này thuộc doanh nghiệp khác.", "This pilot model is another enterprise's.")
		}
	}
	return e, nil
}

// CreateCase creates a draft case. ActLibraryManage (a provincial officer
// for an enterprise of their province).
func (s *Service) CreateCase(ctx context.Context, in CaseInput) (*Case, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.prepare(ctx, a, &in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := &Case{Status: StatusDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	fillCase(c, &in, e)
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, tx, "library.case_create", "library_case", int64(c.ID), nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func fillCase(c *Case, in *CaseInput, e *Enterprise) {
	c.Title, c.EnterpriseID, c.EnterpriseName, c.ActivityID, c.ProvinceCode = in.Title, e.ID, e.Name, in.ActivityID, e.ProvinceCode
	c.Industry, c.VSIC, c.SizeClass, c.Tools = registry.Industry(in.Industry), in.VSIC, registry.SizeClass(in.SizeClass), in.Tools
	c.Summary, c.ProblemMD, c.SolutionMD, c.LessonsMD, c.KPIs, c.Contact = in.Summary, Markdown(in.ProblemMD), Markdown(in.SolutionMD), Markdown(in.LessonsMD), in.kpis(), in.Contact
}

// editableCase reads a case a edits (404 for one a may not see at all).
func (s *Service) editableCase(ctx context.Context, tx Store, a *auth.Actor, id CaseID, version int) (*Case, error) {
	c, err := tx.FindCase(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errCaseNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayEdit(a, c.ProvinceCode) {
		if c.Status != StatusPublished {
			return nil, errCaseNotFound
		}
		return nil, denied()
	}
	if version != c.Version {
		return nil, fault.New(fault.Conflict, "Điển hình vừa được người khác thay đổi; vui lòng tải lại trang.",
			"Someone else changed this case meanwhile; please reload the page.")
	}
	return c, nil
}

// UpdateCase changes a case (its status aside) if version is still the
// stored one.
func (s *Service) UpdateCase(ctx context.Context, id CaseID, version int, in CaseInput) (*Case, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	var out *Case
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := s.editableCase(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		e, err := s.prepare(ctx, a, &in)
		if err != nil {
			return err
		}
		before := *c
		fillCase(c, &in, e)
		c.UpdatedAt = s.now()
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		out = c
		return s.record(ctx, tx, "library.case_update", "library_case", int64(c.ID), before, c)
	})
	return out, err
}

// SetCaseStatus publishes a case (its publication date is now) or takes it
// back to draft.
func (s *Service) SetCaseStatus(ctx context.Context, id CaseID, version int, st Status) (*Case, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	if !st.Valid() {
		return nil, fieldErr("status", "Trạng thái không hợp lệ.", "Not a valid status.")
	}
	var out *Case
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := s.editableCase(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status == st {
			out = c
			return nil
		}
		before := *c
		c.Status, c.UpdatedAt = st, s.now()
		if st == StatusPublished {
			now := s.now()
			c.PublishedAt = &now
		} else {
			c.PublishedAt = nil
		}
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		out = c
		return s.record(ctx, tx, "library.case_"+string(st), "library_case", int64(c.ID), before, c)
	})
	return out, err
}

// CheckCase validates in without storing anything: the form shows every
// field's error at once, even when some fields did not parse.
func (s *Service) CheckCase(ctx context.Context, in CaseInput) error {
	return in.check(s.toolCheck(ctx))
}
