package contest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Eligible lists why enterprise ent may not enter c (none when it may):
// its size class, priority industry, province, operating months (from its
// founding date when the registry has it) and, if c asks, a completed
// programme activity linked to the entry. now is the day of the check.
func Eligible(c *Contest, cat *Category, ent *registry.Enterprise, e *Entry, now time.Time) []Problem {
	var ps []Problem
	add := func(vi, en string) {
		ps = append(ps, Problem{Field: "eligibility", Message: fault.Text{Vi: vi, En: en}})
	}
	el := c.Eligibility
	if len(el.SizeClasses) > 0 && !slices.Contains(el.SizeClasses, string(ent.SizeClass)) {
		add(fmt.Sprintf("Quy mô doanh nghiệp (%s) không thuộc đối tượng của cuộc thi.", sizeLabel(ent.SizeClass).Vi),
			fmt.Sprintf("The enterprise's size class (%s) is not among the contest's.", sizeLabel(ent.SizeClass).En))
	}
	if len(el.PriorityIndustries) > 0 && !slices.Contains(el.PriorityIndustries, string(ent.Industry)) {
		add("Doanh nghiệp không thuộc ngành ưu tiên của cuộc thi.", "The enterprise is not in one of the contest's priority industries.")
	}
	if len(el.Provinces) > 0 && !slices.Contains(el.Provinces, ent.ProvinceCode) {
		add("Doanh nghiệp không thuộc tỉnh/thành được dự thi.", "The enterprise is not in a province the contest is open to.")
	}
	if el.MinOperatingMonths > 0 {
		founded, err := time.ParseInLocation("2006-01-02", ent.FoundedOn, vn.Zone)
		switch {
		case ent.FoundedOn == "" || err != nil:
			add("Chưa có ngày thành lập của doanh nghiệp trong cơ sở dữ liệu để kiểm tra thời gian hoạt động; vui lòng cập nhật hồ sơ doanh nghiệp.",
				"The registry has no founding date to check the operating time; please update the enterprise's profile.")
		case monthsBetween(founded, now) < el.MinOperatingMonths:
			add(fmt.Sprintf("Doanh nghiệp cần hoạt động liên tục ít nhất %d tháng (hiện %d tháng).", el.MinOperatingMonths, monthsBetween(founded, now)),
				fmt.Sprintf("The enterprise must have operated for at least %d months (now %d).", el.MinOperatingMonths, monthsBetween(founded, now)))
		}
	}
	if el.RequireCompletedActivity && len(e.ActivityIDs) == 0 {
		ps = append(ps, Problem{Field: "activities", Message: fault.Text{
			Vi: "Cuộc thi yêu cầu liên kết ít nhất một nhiệm vụ của chương trình đã hoàn thành.",
			En: "The contest asks for at least one completed programme activity to be linked."}})
	}
	if cat != nil {
		switch cat.Basis {
		case BasisSector:
			if string(ent.Industry) != cat.Value {
				add("Ngành của doanh nghiệp không khớp hạng mục đã chọn.", "The enterprise's industry does not match the chosen category.")
			}
		case BasisSize:
			if !SizeCategoryAdmits(cat.Value, ent.SizeClass) {
				add("Quy mô của doanh nghiệp không khớp hạng mục đã chọn.", "The enterprise's size class does not match the chosen category.")
			}
		}
	}
	return ps
}

// SizeSME is the value of a size category open to every small and medium
// enterprise (micro, small and medium); the other size values ("micro",
// "small", "medium", "large") admit exactly that size class.
const SizeSME = "sme"

// SizeCategoryAdmits tells whether a size category of value v admits an
// enterprise of size class s: "sme" any SME, otherwise the same class only.
func SizeCategoryAdmits(v string, s registry.SizeClass) bool {
	if v == SizeSME {
		return s.IsSME()
	}
	return s != registry.SizeUnknown && string(s) == v
}

// ValidSizeCategory tells whether v is a size category's value.
func ValidSizeCategory(v string) bool {
	return v == SizeSME || registry.SizeClass(v) == registry.SizeLarge || registry.SizeClass(v).IsSME()
}

// SizeCategoryLabel names a size category's value.
func SizeCategoryLabel(v string) fault.Text {
	if v == SizeSME {
		return fault.Text{Vi: "DN nhỏ và vừa", En: "SME"}
	}
	return registry.SizeClass(v).Label()
}

func sizeLabel(s registry.SizeClass) fault.Text {
	if s == registry.SizeUnknown {
		return fault.Text{Vi: "chưa xác định", En: "unknown"}
	}
	return s.Label()
}

// monthsBetween counts the whole months from a to b.
func monthsBetween(a, b time.Time) int {
	a, b = a.In(vn.Zone), b.In(vn.Zone)
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(m, 0)
}

// Complete lists what entry e lacks for contest c: a title, a summary, an
// answer to every criterion, at least one KPI with its unit and evidence.
func Complete(c *Contest, e *Entry) []Problem {
	var ps []Problem
	add := func(field, vi, en string) {
		ps = append(ps, Problem{Field: field, Message: fault.Text{Vi: vi, En: en}})
	}
	if strings.TrimSpace(e.Title) == "" {
		add("title", "Thiếu tên bài dự thi.", "The title is missing.")
	}
	if strings.TrimSpace(e.SummaryMD) == "" {
		add("summary", "Thiếu phần mô tả.", "The description is missing.")
	}
	for _, cr := range c.Criteria {
		if strings.TrimSpace(e.Form[cr.Code]) == "" {
			add("answer."+cr.Code, "Chưa trả lời tiêu chí "+cr.Code+" — "+cr.Name+".", "Criterion "+cr.Code+" ("+cr.Name+") is not answered.")
		}
	}
	if len(e.KPIs) == 0 {
		add("kpis", "Cần ít nhất một chỉ số trước/sau.", "At least one before/after KPI is needed.")
	}
	for i, k := range e.KPIs {
		if !k.Verified && strings.TrimSpace(k.Evidence) == "" {
			add(fmt.Sprintf("kpis.%d", i), "Chỉ số “"+k.Name+"” chưa có bằng chứng.", "KPI “"+k.Name+"” has no evidence.")
		}
	}
	return ps
}
