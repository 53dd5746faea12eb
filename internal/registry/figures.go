package registry

import (
	"math"

	"nscl/internal/fault"
)

// Figures are an enterprise's figures for one calendar year. Money is whole
// đồng, counts whole numbers; nil means "not reported". Energy is in kWh
// (electricity is what SMEs meter and pay for; fuels are converted at 1 toe
// = 11,630 kWh, the IEA factor, by whoever reports them), so that an EnPI
// such as kWh per million đồng of value added needs no unit field.
type Figures struct {
	Year       int    `json:"year"`
	Employees  *int64 `json:"employees"`   // annual average with social insurance (Decree 80)
	Revenue    *int64 `json:"revenue"`     // total annual revenue, đồng
	Capital    *int64 `json:"capital"`     // total capital (nguồn vốn), đồng
	ValueAdded *int64 `json:"value_added"` // đồng
	EnergyKWh  *int64 `json:"energy_kwh"`
	Exports    *int64 `json:"exports"` // đồng
}

// MinYear and the current year bound the years of figures and activities.
const MinYear = 1990

// Validate checks the figures, given the current year.
func (f *Figures) Validate(thisYear int) Problems {
	var ps Problems
	if f.Year < MinYear || f.Year > thisYear {
		ps.Add("year", CodeYearInvalid, "Năm phải từ 1990 đến năm hiện tại.", "The year must be between 1990 and this year.")
	}
	if f.Employees != nil && *f.Employees < 0 {
		ps.Add("employees", CodeEmployeesNegative, "Số lao động không thể âm.", "The number of employees cannot be negative.")
	}
	if f.Revenue != nil && *f.Revenue < 0 {
		ps.Add("revenue", CodeRevenueNotANumber, "Doanh thu phải là số đồng không âm.", "Revenue must be a non-negative amount of đồng.")
	}
	if f.Capital != nil && *f.Capital < 0 {
		ps.Add("capital", CodeCapitalNotANumber, "Tổng nguồn vốn phải là số đồng không âm.", "Total capital must be a non-negative amount of đồng.")
	}
	for _, a := range []struct {
		field string
		v     *int64
	}{{"value_added", f.ValueAdded}, {"energy_kwh", f.EnergyKWh}, {"exports", f.Exports}} {
		if a.v != nil && *a.v < 0 {
			ps.Add(a.field, CodeAmountNegative, "Giá trị không thể âm.", "The value cannot be negative.")
		}
	}
	return ps
}

// SizeClass is a Decree 80/2021 size class.
type SizeClass string

// The size classes; SizeUnknown when the figures do not allow a decision.
const (
	SizeUnknown SizeClass = ""
	SizeMicro   SizeClass = "micro"
	SizeSmall   SizeClass = "small"
	SizeMedium  SizeClass = "medium"
	SizeLarge   SizeClass = "large"
)

// SizeClasses lists the classes in order.
var SizeClasses = []SizeClass{SizeMicro, SizeSmall, SizeMedium, SizeLarge}

// Label names the class.
func (c SizeClass) Label() fault.Text {
	switch c {
	case SizeMicro:
		return text("Siêu nhỏ", "Micro")
	case SizeSmall:
		return text("Nhỏ", "Small")
	case SizeMedium:
		return text("Vừa", "Medium")
	case SizeLarge:
		return text("Lớn", "Large")
	}
	return text("Chưa xác định", "Unknown")
}

// IsSME reports whether c is micro, small or medium.
func (c SizeClass) IsSME() bool { return c == SizeMicro || c == SizeSmall || c == SizeMedium }

// Tier is one size class's limits, inclusive.
type Tier struct {
	Class        SizeClass `json:"class"`
	MaxEmployees int64     `json:"max_employees"`
	MaxRevenue   int64     `json:"max_revenue_vnd"`
	MaxCapital   int64     `json:"max_capital_vnd"`
}

// SizeRules are the limits of a decree, tried in order per sector group.
type SizeRules struct {
	Decree string
	Tiers  map[SectorGroup][]Tier
}

// Decree80 is Decree 80/2021/NĐ-CP Article 5 (reference.json sme_tiers). It
// is law, not a programme setting: a later decree becomes a new SizeRules.
var Decree80 = SizeRules{Decree: "80/2021/NĐ-CP", Tiers: map[SectorGroup][]Tier{
	SectorAgriculture: {{SizeMicro, 10, 3e9, 3e9}, {SizeSmall, 100, 50e9, 20e9}, {SizeMedium, 200, 200e9, 100e9}},
	SectorIndustry:    {{SizeMicro, 10, 3e9, 3e9}, {SizeSmall, 100, 50e9, 20e9}, {SizeMedium, 200, 200e9, 100e9}},
	SectorTrade:       {{SizeMicro, 10, 10e9, 3e9}, {SizeSmall, 50, 100e9, 50e9}, {SizeMedium, 100, 300e9, 100e9}},
}}

// Classify returns the size class of a firm of sector group g with figures
// f: the first tier (micro, small, medium) whose employee limit is met AND
// whose revenue OR capital limit is met; else large. Unknown when the
// sector group or the employees are unknown, or when neither revenue nor
// capital is known.
func (r SizeRules) Classify(g SectorGroup, f Figures) SizeClass {
	tiers, ok := r.Tiers[g]
	if !ok || f.Employees == nil || (f.Revenue == nil && f.Capital == nil) {
		return SizeUnknown
	}
	for _, t := range tiers {
		if *f.Employees > t.MaxEmployees {
			continue
		}
		if (f.Revenue != nil && *f.Revenue <= t.MaxRevenue) || (f.Capital != nil && *f.Capital <= t.MaxCapital) {
			return t.Class
		}
	}
	return SizeLarge
}

// YearMetrics are the figures of a year with what is derived from them.
type YearMetrics struct {
	Figures
	SizeClass SizeClass `json:"size_class"`
	// Productivity is labour productivity in đồng per employee: value added
	// per employee, or revenue per employee when value added is missing
	// (then ByRevenue is set). Nil without employees or both amounts.
	Productivity *float64 `json:"productivity"`
	ByRevenue    bool     `json:"productivity_by_revenue"`
	// Growth is the change of Productivity against the previous calendar
	// year, as a fraction (0.05 = +5%), when both years are known and
	// measured the same way.
	Growth *float64 `json:"productivity_growth"`
}

// Metrics derives the metrics of figures (any order) for a firm of sector
// group g, ordered by year.
func Metrics(r SizeRules, g SectorGroup, figs []Figures) []YearMetrics {
	ms := make([]YearMetrics, len(figs))
	for i, f := range figs {
		ms[i] = YearMetrics{Figures: f, SizeClass: r.Classify(g, f)}
		if f.Employees != nil && *f.Employees > 0 {
			switch {
			case f.ValueAdded != nil:
				p := float64(*f.ValueAdded) / float64(*f.Employees)
				ms[i].Productivity = &p
			case f.Revenue != nil:
				p := float64(*f.Revenue) / float64(*f.Employees)
				ms[i].Productivity, ms[i].ByRevenue = &p, true
			}
		}
	}
	sortMetrics(ms)
	for i := 1; i < len(ms); i++ {
		prev, cur := ms[i-1], ms[i]
		if prev.Year == cur.Year-1 && prev.Productivity != nil && cur.Productivity != nil &&
			prev.ByRevenue == cur.ByRevenue && *prev.Productivity > 0 {
			g := *cur.Productivity / *prev.Productivity - 1
			g = math.Round(g*1e6) / 1e6
			ms[i].Growth = &g
		}
	}
	return ms
}

func sortMetrics(ms []YearMetrics) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Year < ms[j-1].Year; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
