package quality

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/spc"
)

// Typed ids, so that one kind of id cannot be passed for another.
type (
	ProcessID        int64
	CharacteristicID int64
	AnnotationID     int64
	AlertID          int64
)

// Sources of measurements.
const (
	SourceForm   = "form"
	SourceUpload = "upload"
	SourceAPI    = "api"
)

// Limits of the workspace.
const (
	MaxBatch        = 10000  // measurements in one API batch
	MaxUploadRows   = 100000 // rows in one uploaded file
	DefaultWindow   = 100    // points on a chart unless chosen otherwise
	MaxWindow       = 1000   // points on a chart at most
	alertContext    = 100    // earlier points evaluated with new ones
	maxSubgroupSize = 100
)

// Process is a production process (a line, a machine, a step) of an
// enterprise.
type Process struct {
	ID           ProcessID `json:"id"`
	EnterpriseID int64     `json:"enterprise_id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Line         string    `json:"line"` // line or area
	// Active is false once the process is taken out of use: it keeps its
	// history, takes no new characteristics, and its characteristics were
	// deactivated with it.
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks p's fields.
func (p *Process) Validate() error {
	f := fault.Fields{}
	p.Name, p.Description, p.Line = strings.TrimSpace(p.Name), strings.TrimSpace(p.Description), strings.TrimSpace(p.Line)
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		f.Add("name", "Vui lòng nhập tên quá trình.", "Please enter the process name.")
	case n > 200:
		f.Add("name", "Tên quá trình dài tối đa 200 ký tự.", "The process name has at most 200 characters.")
	}
	if utf8.RuneCountInString(p.Line) > 200 {
		f.Add("line", "Dây chuyền/khu vực dài tối đa 200 ký tự.", "The line or area has at most 200 characters.")
	}
	if utf8.RuneCountInString(p.Description) > 2000 {
		f.Add("description", "Mô tả dài tối đa 2000 ký tự.", "The description has at most 2000 characters.")
	}
	return f.Err()
}

// Characteristic is a measured quality characteristic of a process, with its
// chart settings.
type Characteristic struct {
	ID           CharacteristicID `json:"id"`
	ProcessID    ProcessID        `json:"process_id"`
	EnterpriseID int64            `json:"enterprise_id"`
	Name         string           `json:"name"`
	Unit         string           `json:"unit"`
	LSL          *float64         `json:"lsl,omitempty"`
	USL          *float64         `json:"usl,omitempty"`
	Target       *float64         `json:"target,omitempty"`
	// SubgroupSize is the number of values per subgroup (X̄ charts: ≥ 2;
	// I–MR: 1), or for p and np charts the usual sample size.
	SubgroupSize int    `json:"subgroup_size"`
	Chart        string `json:"chart"` // one of spc's chart names
	Rules        string `json:"rules"` // "we", "nelson" or "none"
	SamplingPlan string `json:"sampling_plan"`
	// Active is false once monitoring stopped: the history stays readable
	// and no new measurement is accepted.
	Active bool `json:"active"`
	// LastSeq is the seq of the newest measurement (0: none yet).
	LastSeq int64 `json:"last_seq"`
	// LastCpk is the Cpk of the latest default window, when computable.
	LastCpk        *float64   `json:"last_cpk,omitempty"`
	LastMeasuredAt *time.Time `json:"last_measured_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Charts lists the chart names a characteristic may use, in menu order.
var Charts = []string{spc.ChartXbarR, spc.ChartXbarS, spc.ChartIMR, spc.ChartP, spc.ChartNP, spc.ChartC, spc.ChartU,
	spc.ChartEWMA, spc.ChartCUSUM}

// RuleSets lists the accepted rule sets.
var RuleSets = []string{spc.RulesWesternElectric, spc.RulesNelson, spc.RulesNone}

// IsAttribute reports whether the chart counts (p, np, c, u) rather than
// measures.
func IsAttribute(chart string) bool {
	switch chart {
	case spc.ChartP, spc.ChartNP, spc.ChartC, spc.ChartU:
		return true
	}
	return false
}

// IsXbar reports whether the chart plots subgroup means.
func IsXbar(chart string) bool { return chart == spc.ChartXbarR || chart == spc.ChartXbarS }

// IsAttribute reports whether c is counted rather than measured.
func (c *Characteristic) IsAttribute() bool { return IsAttribute(c.Chart) }

// HasSpec reports whether a specification limit is set.
func (c *Characteristic) HasSpec() bool { return c.LSL != nil || c.USL != nil }

// NeedsSize reports whether each count needs its sample size (p, np, u).
func (c *Characteristic) NeedsSize() bool {
	return c.Chart == spc.ChartP || c.Chart == spc.ChartNP || c.Chart == spc.ChartU
}

// PointSize is how many values make one point on a variables chart.
func (c *Characteristic) PointSize() int {
	if c.IsAttribute() || c.SubgroupSize < 1 {
		return 1
	}
	return c.SubgroupSize
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Validate checks c's fields and normalises the text ones.
func (c *Characteristic) Validate() error {
	f := fault.Fields{}
	c.Name, c.Unit, c.SamplingPlan = strings.TrimSpace(c.Name), strings.TrimSpace(c.Unit), strings.TrimSpace(c.SamplingPlan)
	c.Chart, c.Rules = strings.ToLower(strings.TrimSpace(c.Chart)), strings.ToLower(strings.TrimSpace(c.Rules))
	if c.Rules == "" {
		c.Rules = spc.RulesWesternElectric
	}
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		f.Add("name", "Vui lòng nhập tên đặc tính.", "Please enter the characteristic's name.")
	case n > 200:
		f.Add("name", "Tên đặc tính dài tối đa 200 ký tự.", "The name has at most 200 characters.")
	}
	if utf8.RuneCountInString(c.Unit) > 30 {
		f.Add("unit", "Đơn vị dài tối đa 30 ký tự.", "The unit has at most 30 characters.")
	}
	if utf8.RuneCountInString(c.SamplingPlan) > 2000 {
		f.Add("sampling_plan", "Kế hoạch lấy mẫu dài tối đa 2000 ký tự.", "The sampling plan has at most 2000 characters.")
	}
	known := false
	for _, ch := range Charts {
		known = known || ch == c.Chart
	}
	if !known {
		f.Add("chart", "Vui lòng chọn loại biểu đồ.", "Please choose a chart type.")
	}
	okRules := false
	for _, r := range RuleSets {
		okRules = okRules || r == c.Rules
	}
	if !okRules {
		f.Add("rules", "Bộ quy tắc phải là we, nelson hoặc none.", "The rule set must be we, nelson or none.")
	}
	switch {
	case c.SubgroupSize < 1:
		f.Add("subgroup_size", "Cỡ nhóm con phải từ 1 trở lên.", "The subgroup size must be at least 1.")
	case IsXbar(c.Chart) && c.SubgroupSize < 2:
		f.Add("subgroup_size", "Biểu đồ X̄ cần cỡ nhóm con từ 2 trở lên.", "X̄ charts need a subgroup size of at least 2.")
	case c.Chart == spc.ChartIMR && c.SubgroupSize != 1:
		f.Add("subgroup_size", "Biểu đồ I–MR dùng cỡ nhóm con 1.", "The I–MR chart uses a subgroup size of 1.")
	case !c.IsAttribute() && c.SubgroupSize > maxSubgroupSize:
		f.Add("subgroup_size", fmt.Sprintf("Cỡ nhóm con tối đa %d.", maxSubgroupSize), fmt.Sprintf("The subgroup size is at most %d.", maxSubgroupSize))
	}
	for _, l := range []struct {
		name string
		v    *float64
	}{{"lsl", c.LSL}, {"usl", c.USL}, {"target", c.Target}} {
		if l.v != nil && !finite(*l.v) {
			f.Add(l.name, "Giá trị phải là số hữu hạn.", "The value must be a finite number.")
		}
	}
	if c.IsAttribute() && (c.LSL != nil || c.USL != nil || c.Target != nil) {
		f.Add("lsl", "Biểu đồ thuộc tính (p, np, c, u) không có giới hạn kỹ thuật.", "Attribute charts (p, np, c, u) have no specification limits.")
	}
	if c.LSL != nil && c.USL != nil && *c.LSL >= *c.USL {
		f.Add("usl", "USL phải lớn hơn LSL.", "USL must be greater than LSL.")
	}
	if c.Target != nil && ((c.LSL != nil && *c.Target < *c.LSL) || (c.USL != nil && *c.Target > *c.USL)) {
		f.Add("target", "Giá trị mục tiêu phải nằm giữa LSL và USL.", "The target must lie between LSL and USL.")
	}
	return f.Err()
}

// Measurement is one stored value: a measured value, or for attribute
// charts the count (Value) in a sample of Size.
type Measurement struct {
	Seq      int64     `json:"seq"`
	Subgroup string    `json:"subgroup"`
	TakenAt  time.Time `json:"taken_at"`
	Value    float64   `json:"value"`
	Size     float64   `json:"size,omitempty"`
}

// MeasurementInput is a measurement as given by a form, a file or a
// machine. Subgroup and TakenAt are optional: missing labels are numbered,
// a missing time is the time of arrival.
type MeasurementInput struct {
	TakenAt  time.Time
	Subgroup string
	Value    float64
	Size     float64 // attribute charts: sample size (0: the characteristic's)
}

// Annotation records an assignable cause found at a point and the action
// taken.
type Annotation struct {
	ID               AnnotationID     `json:"id"`
	CharacteristicID CharacteristicID `json:"characteristic_id"`
	PointSeq         int64            `json:"point_seq"`
	Subgroup         string           `json:"subgroup"`
	Cause            string           `json:"cause"`
	Action           string           `json:"action"`
	CreatedBy        int64            `json:"created_by"`
	CreatedByName    string           `json:"created_by_name"`
	CreatedAt        time.Time        `json:"created_at"`
}

// Validate checks a's fields.
func (a *Annotation) Validate() error {
	f := fault.Fields{}
	a.Cause, a.Action = strings.TrimSpace(a.Cause), strings.TrimSpace(a.Action)
	if a.PointSeq <= 0 {
		f.Add("point", "Vui lòng chọn điểm trên biểu đồ.", "Please choose a point of the chart.")
	}
	switch n := utf8.RuneCountInString(a.Cause); {
	case n == 0:
		f.Add("cause", "Vui lòng nhập nguyên nhân.", "Please enter the assignable cause.")
	case n > 1000:
		f.Add("cause", "Nguyên nhân dài tối đa 1000 ký tự.", "The cause has at most 1000 characters.")
	}
	if utf8.RuneCountInString(a.Action) > 1000 {
		f.Add("action", "Hành động dài tối đa 1000 ký tự.", "The action has at most 1000 characters.")
	}
	return f.Err()
}

// Alert is a new point that broke a rule.
type Alert struct {
	ID                 AlertID          `json:"id"`
	CharacteristicID   CharacteristicID `json:"characteristic_id"`
	CharacteristicName string           `json:"characteristic_name"`
	EnterpriseID       int64            `json:"enterprise_id"`
	Rule               string           `json:"rule"`
	PointSeq           int64            `json:"point_seq"`
	Subgroup           string           `json:"subgroup"`
	Value              float64          `json:"value"`
	CreatedAt          time.Time        `json:"created_at"`
	ReadAt             *time.Time       `json:"read_at,omitempty"`
}

// RuleText describes a rule name of an alert in both languages.
func RuleText(rule string) fault.Text {
	switch rule {
	case "we1", "nelson1", "limits":
		return fault.Text{Vi: "Điểm nằm ngoài giới hạn kiểm soát", En: "Point beyond the control limits"}
	case "we2", "nelson5":
		return fault.Text{Vi: "2 trong 3 điểm liên tiếp vượt 2σ cùng phía", En: "2 of 3 points beyond 2σ on one side"}
	case "we3", "nelson6":
		return fault.Text{Vi: "4 trong 5 điểm liên tiếp vượt 1σ cùng phía", En: "4 of 5 points beyond 1σ on one side"}
	case "we4":
		return fault.Text{Vi: "8 điểm liên tiếp cùng phía đường tâm", En: "8 points in a row on one side of the center"}
	case "nelson2":
		return fault.Text{Vi: "9 điểm liên tiếp cùng phía đường tâm", En: "9 points in a row on one side of the center"}
	case "nelson3":
		return fault.Text{Vi: "6 điểm liên tiếp tăng hoặc giảm", En: "6 points in a row steadily rising or falling"}
	case "nelson4":
		return fault.Text{Vi: "14 điểm liên tiếp lên xuống xen kẽ", En: "14 points in a row alternating up and down"}
	case "nelson7":
		return fault.Text{Vi: "15 điểm liên tiếp trong vùng 1σ", En: "15 points in a row within 1σ"}
	case "nelson8":
		return fault.Text{Vi: "8 điểm liên tiếp ngoài vùng 1σ", En: "8 points in a row beyond 1σ"}
	case "secondary":
		return fault.Text{Vi: "Độ phân tán (R, S hoặc MR) vượt giới hạn", En: "Dispersion (R, S or MR) beyond its limits"}
	}
	return fault.Text{Vi: rule, En: rule}
}

// Settings are an enterprise's workspace settings.
type Settings struct {
	EnterpriseID int64
	Shared       bool // officers of the ActQualityViewShared roles may read the charts
}

// EnterpriseSummary is the aggregate an officer sees of one enterprise.
type EnterpriseSummary struct {
	EnterpriseID    int64  `json:"enterprise_id"`
	Name            string `json:"name"`
	ProvinceCode    string `json:"province_code"`
	Shared          bool   `json:"shared"`
	Processes       int    `json:"processes"`
	Characteristics int    `json:"characteristics"`
	CpkLow          int    `json:"cpk_below_1"`       // Cpk < 1
	CpkMid          int    `json:"cpk_1_to_1_33"`     // 1 ≤ Cpk < 1.33
	CpkHigh         int    `json:"cpk_at_least_1_33"` // Cpk ≥ 1.33
	Alerts30        int    `json:"alerts_30_days"`
}

// ProvinceSummary sums the enterprises of one province.
type ProvinceSummary struct {
	ProvinceCode    string `json:"province_code"`
	Enterprises     int    `json:"enterprises"`
	Processes       int    `json:"processes"`
	Characteristics int    `json:"characteristics"`
	CpkLow          int    `json:"cpk_below_1"`
	CpkMid          int    `json:"cpk_1_to_1_33"`
	CpkHigh         int    `json:"cpk_at_least_1_33"`
	Alerts30        int    `json:"alerts_30_days"`
}

// Aggregate is the officers' view: per enterprise and per province.
type Aggregate struct {
	Enterprises []EnterpriseSummary `json:"enterprises"`
	Provinces   []ProvinceSummary   `json:"provinces"`
}
