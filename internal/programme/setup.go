package programme

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// SetupStore keeps targets, plans and calls (sqldb/programme_setup.go).
type SetupStore interface {
	// FindTargets returns the programme's targets by metric (in Metrics
	// order is the caller's business), then year.
	FindTargets(ctx context.Context, id ProgrammeID) ([]Target, error)
	// CreateTarget inserts the target of (programme, metric, year) at
	// version 1 (ID set); one that exists already is fault.Conflict.
	CreateTarget(ctx context.Context, t *Target) error
	// UpdateTarget writes t's value and note if t.Version is still the
	// stored one (fault.Conflict otherwise); t.Version becomes the new one.
	UpdateTarget(ctx context.Context, t *Target) error

	// FindPlans returns the plans matching f, by year then province, with
	// their lines.
	FindPlans(ctx context.Context, f PlanFilter) ([]*Plan, error)
	FindPlanByID(ctx context.Context, id PlanID) (*Plan, error)
	// FindPlanFor returns the plan of (programme, year, province).
	FindPlanFor(ctx context.Context, id ProgrammeID, year int, province string) (*Plan, error)
	// CreatePlan inserts p with its lines (ID, Version 1, times set).
	CreatePlan(ctx context.Context, p *Plan) error
	// UpdatePlan writes p's fields and replaces its lines if p.Version is
	// still the stored one (fault.Conflict otherwise); p.Version becomes the
	// new one.
	UpdatePlan(ctx context.Context, p *Plan) error

	// FindCalls returns the calls matching f: open first (nearest deadline
	// first), then drafts, then closed (latest deadline first).
	FindCalls(ctx context.Context, f CallFilter) ([]*Call, error)
	FindCallByCode(ctx context.Context, code string) (*Call, error)
	// UpdateCall writes c if c.Version is still the stored one
	// (fault.Conflict otherwise); c.Version becomes the new one.
	UpdateCall(ctx context.Context, c *Call) error
}

// PlanFilter selects plans. Provinces, when not nil, restricts to those
// province codes ("" = the ministry's).
type PlanFilter struct {
	ProgrammeID ProgrammeID
	Year        int
	Provinces   []string
}

// CallFilter selects calls. Open and closed calls are public; drafts are
// included only for AllDrafts or for the provinces in DraftScope ("" = the
// ministry's). Statuses empty = any.
type CallFilter struct {
	Track      Track
	Type       ActivityType
	Province   string // a call of this province, or open to it (its Provinces list contains it or is empty)
	Statuses   []CallStatus
	DraftScope []string // provinces whose drafts are included; nil = none, unless AllDrafts
	AllDrafts  bool
	Limit      int
}

// Limits of the inputs.
const (
	MaxSetupTitle      = 300
	MaxSetupNotes      = 4000
	MaxCallDescription = 8000
	MaxPlanDecisionNo  = 60
	MaxPlanLines       = 40
	// MaxPlanCount is the most activities one plan line may plan: above
	// it a figure is a typing error (and would not fit the column).
	MaxPlanCount = 100_000
	// MaxTargetValue is the largest target of a count metric.
	MaxTargetValue = 10_000_000
)

// TrackTypes returns the activity types a call or plan of track t may have.
func TrackTypes(t Track) []ActivityType {
	switch t {
	case TrackCapacity:
		return []ActivityType{TypeTraining, TypeCommunication, TypeContest, TypeResearch, TypeStandard, TypeLabUpgrade}
	case TrackBreadth, TrackDepth:
		return []ActivityType{TypePilotModel, TypeDepthProject, TypeTraining}
	}
	return nil
}

// TargetInput is a target as an officer enters it. Version is the
// target's version as read, for a change of an existing target (0 for a
// new one): a target changed meanwhile is not overwritten.
type TargetInput struct {
	Metric  Metric  `json:"metric"`
	Year    int     `json:"year" doc:"0 = cả giai đoạn (the whole period)"`
	Value   float64 `json:"value"`
	Note    string  `json:"note" required:"false"`
	Version int     `json:"version" required:"false" minimum:"0" doc:"Phiên bản đã đọc khi sửa chỉ tiêu có sẵn (bắt buộc); 0 = chỉ tiêu mới (the version read, required to change an existing target; 0 = a new one)"`
}

// Check validates a target of p: known metric, a year of p's period (or
// 0), a finite value ≥ 0, ≤ 100 for a percentage, a whole number up to
// MaxTargetValue for a count (every metric but the percentage).
func (in *TargetInput) Check(p *Programme) error {
	in.Note = vn.NFC(in.Note)
	bad := fault.Fields{}
	if !in.Metric.Valid() {
		bad.Add("metric", "Chỉ tiêu không có trong danh mục.", "Not a known metric.")
	}
	if in.Year != 0 && (in.Year < p.StartYear || in.Year > p.EndYear) {
		bad.Add("year", fmt.Sprintf("Năm phải trong giai đoạn %d–%d (hoặc 0 = cả giai đoạn).", p.StartYear, p.EndYear),
			fmt.Sprintf("The year must be within %d–%d (or 0 = the whole period).", p.StartYear, p.EndYear))
	}
	switch {
	case math.IsNaN(in.Value) || math.IsInf(in.Value, 0):
		// NaN compares false with every bound: refused before them.
		bad.Add("value", "Giá trị phải là một số, ví dụ 1200 hoặc 7,5.", "The value must be a number, e.g. 1200 or 7,5.")
	case in.Value < 0:
		bad.Add("value", "Giá trị không được âm.", "The value may not be negative.")
	case in.Metric.Percent() && in.Value > 100:
		bad.Add("value", "Tỷ lệ phần trăm không được vượt quá 100.", "A percentage may not exceed 100.")
	case !in.Metric.Percent() && in.Value != math.Trunc(in.Value):
		bad.Add("value", "Chỉ tiêu này đếm số lượng: nhập số nguyên.", "This target is a count: enter a whole number.")
	case !in.Metric.Percent() && in.Value > MaxTargetValue:
		bad.Add("value", fmt.Sprintf("Chỉ tiêu tối đa %s.", vn.Int(MaxTargetValue)), fmt.Sprintf("At most %d.", MaxTargetValue))
	}
	if in.Version < 0 {
		bad.Add("version", "Phiên bản không hợp lệ.", "Not a valid version.")
	}
	if utf8.RuneCountInString(in.Note) > MaxSetupNotes {
		bad.Add("note", fmt.Sprintf("Ghi chú tối đa %d ký tự.", MaxSetupNotes), fmt.Sprintf("At most %d characters.", MaxSetupNotes))
	}
	return bad.Err()
}

// Percent reports whether the metric is a percentage.
func (m Metric) Percent() bool { return strings.HasSuffix(string(m), "_pct") }

// PlanInput is a plan as an officer enters it.
type PlanInput struct {
	Year         int        `json:"year"`
	ProvinceCode string     `json:"province_code" required:"false" doc:"Rỗng = kế hoạch của Bộ (empty = the ministry's plan)"`
	Title        string     `json:"title"`
	Notes        string     `json:"notes" required:"false"`
	Lines        []PlanLine `json:"lines" required:"false"`
}

// Check validates a plan of p: a year of the period, a title, lines of a
// valid track and one of its types, each (track, type) once, counts from
// 0 to MaxPlanCount and amounts from 0 to MaxAmount (so that the columns
// hold them and the totals of MaxPlanLines lines cannot overflow). Lines
// with nothing planned are dropped.
func (in *PlanInput) Check(p *Programme) error {
	in.Title, in.Notes, in.ProvinceCode = vn.NFC(in.Title), vn.NFC(in.Notes), strings.TrimSpace(in.ProvinceCode)
	bad := fault.Fields{}
	if in.Year < p.StartYear || in.Year > p.EndYear {
		bad.Add("year", fmt.Sprintf("Năm phải trong giai đoạn %d–%d.", p.StartYear, p.EndYear),
			fmt.Sprintf("The year must be within %d–%d.", p.StartYear, p.EndYear))
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Add("title", "Vui lòng nhập tên kế hoạch.", "Please enter the plan's title.")
	case n > MaxSetupTitle:
		bad.Add("title", fmt.Sprintf("Tên tối đa %d ký tự.", MaxSetupTitle), fmt.Sprintf("At most %d characters.", MaxSetupTitle))
	}
	if utf8.RuneCountInString(in.Notes) > MaxSetupNotes {
		bad.Add("notes", fmt.Sprintf("Ghi chú tối đa %d ký tự.", MaxSetupNotes), fmt.Sprintf("At most %d characters.", MaxSetupNotes))
	}
	var lines []PlanLine
	seen := map[string]bool{}
	for i, l := range in.Lines {
		if l.PlannedCount == 0 && l.StateBudget == 0 && l.Counterpart == 0 {
			continue
		}
		field := fmt.Sprintf("lines.%d", i)
		switch {
		case !l.Track.Valid():
			bad.Add(field, "Hướng hỗ trợ không hợp lệ.", "Not a valid track.")
		case !slices.Contains(TrackTypes(l.Track), l.Type):
			bad.Add(field, "Loại nhiệm vụ "+string(l.Type)+" không thuộc hướng "+l.Track.Label().Vi+".",
				"Activity type "+string(l.Type)+" is not of the "+l.Track.Label().En+" track.")
		case seen[string(l.Track)+"/"+string(l.Type)]:
			bad.Add(field, "Dòng này trùng hướng và loại nhiệm vụ với một dòng khác.", "This line repeats another line's track and type.")
		case l.PlannedCount < 0 || l.StateBudget < 0 || l.Counterpart < 0:
			bad.Add(field, "Số lượng và kinh phí không được âm.", "Counts and amounts may not be negative.")
		case l.PlannedCount > MaxPlanCount:
			bad.Add(field, fmt.Sprintf("Số lượng tối đa %s mỗi dòng.", vn.Int(MaxPlanCount)), fmt.Sprintf("At most %d activities a line.", MaxPlanCount))
		case l.StateBudget > MaxAmount || l.Counterpart > MaxAmount:
			bad.Add(field, "Số tiền mỗi ô tối đa "+vn.Money(MaxAmount)+".", fmt.Sprintf("Each amount is at most %d VND.", MaxAmount))
		}
		seen[string(l.Track)+"/"+string(l.Type)] = true
		lines = append(lines, l)
	}
	if len(lines) > MaxPlanLines {
		bad.Add("lines", fmt.Sprintf("Tối đa %d dòng.", MaxPlanLines), fmt.Sprintf("At most %d lines.", MaxPlanLines))
	}
	in.Lines = lines
	return bad.Err()
}

// PlanTotals are a plan's totals, by track and overall.
type PlanTotals struct {
	Track        Track `json:"track,omitempty"`
	PlannedCount int   `json:"planned_count"`
	StateBudget  int64 `json:"state_budget"`
	Counterpart  int64 `json:"counterpart"`
}

// Total is state budget plus counterpart.
func (t PlanTotals) Total() int64 { return t.StateBudget + t.Counterpart }

// Totals returns the totals of p's lines by track (in Tracks order, only
// tracks with lines) and overall.
func (p *Plan) Totals() (byTrack []PlanTotals, all PlanTotals) {
	for _, tr := range Tracks {
		t := PlanTotals{Track: tr}
		has := false
		for _, l := range p.Lines {
			if l.Track == tr {
				has = true
				t.PlannedCount += l.PlannedCount
				t.StateBudget += l.StateBudget
				t.Counterpart += l.Counterpart
			}
		}
		if has {
			byTrack = append(byTrack, t)
			all.PlannedCount += t.PlannedCount
			all.StateBudget += t.StateBudget
			all.Counterpart += t.Counterpart
		}
	}
	return byTrack, all
}

// ApproveInput is a plan's approval decision.
type ApproveInput struct {
	DecisionNo   string `json:"decision_no" doc:"Số quyết định, ví dụ 1234/QĐ-BCT"`
	DecisionDate string `json:"decision_date" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
}

// Check validates the decision and returns its date as yyyy-mm-dd; the
// date may not be in the future.
func (in *ApproveInput) Check(now time.Time) (string, error) {
	in.DecisionNo = vn.NFC(in.DecisionNo)
	bad := fault.Fields{}
	switch n := utf8.RuneCountInString(in.DecisionNo); {
	case n == 0:
		bad.Add("decision_no", "Vui lòng nhập số quyết định phê duyệt.", "Please enter the approval decision's number.")
	case n > MaxPlanDecisionNo:
		bad.Add("decision_no", fmt.Sprintf("Tối đa %d ký tự.", MaxPlanDecisionNo), fmt.Sprintf("At most %d characters.", MaxPlanDecisionNo))
	}
	var date string
	d, err := vn.ParseDate(in.DecisionDate)
	switch {
	case strings.TrimSpace(in.DecisionDate) == "":
		bad.Add("decision_date", "Vui lòng nhập ngày quyết định (dd/mm/yyyy).", "Please enter the decision's date (dd/mm/yyyy).")
	case err != nil:
		bad.Add("decision_date", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	case d.After(now):
		bad.Add("decision_date", "Ngày quyết định không được ở tương lai.", "The decision's date may not be in the future.")
	default:
		date = d.Format("2006-01-02")
	}
	return date, bad.Err()
}

// CallInput is a call as an officer enters it.
type CallInput struct {
	ProvinceCode   string         `json:"province_code" required:"false" doc:"Rỗng = đợt của Bộ (empty = the ministry's call)"`
	Code           string         `json:"code" doc:"Ví dụ BCT-2026-01"`
	Title          string         `json:"title"`
	Description    string         `json:"description" required:"false" doc:"Quy định của đợt (the call's rules)"`
	Track          Track          `json:"track"`
	Types          []ActivityType `json:"types"`
	Industries     []string       `json:"industries" required:"false" doc:"Mã ngành ưu tiên; rỗng = mọi ngành (priority industry codes; empty = any)"`
	Provinces      []string       `json:"provinces" required:"false" doc:"Mã tỉnh; rỗng = mọi tỉnh (province codes; empty = any)"`
	MaxStateBudget int64          `json:"max_state_budget" required:"false" doc:"đồng; 0 = không giới hạn"`
	OpensAt        time.Time      `json:"opens_at"`
	Deadline       time.Time      `json:"deadline"`
}

// callCodePattern is the pattern of a call's code: an issuer, the year, a number,
// e.g. BCT-2026-01, HCM-2026-02.
var callCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,11}-20[0-9]{2}-[0-9]{2,3}$`)

// Check validates a call: code pattern, title, track, types of the track,
// known industries and provinces (known reports whether a code is one),
// a cap not negative, deadline after opening. A provincial call is open to
// its own province only.
func (in *CallInput) Check(knownIndustry, knownProvince func(string) bool) error {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Title, in.Description, in.ProvinceCode = vn.NFC(in.Title), vn.NFC(in.Description), strings.TrimSpace(in.ProvinceCode)
	bad := fault.Fields{}
	if !callCodePattern.MatchString(in.Code) {
		bad.Add("code", "Mã đợt theo dạng BCT-2026-01 (đơn vị, năm, số thứ tự).", "The code looks like BCT-2026-01 (issuer, year, number).")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Add("title", "Vui lòng nhập tên đợt.", "Please enter the call's title.")
	case n > MaxSetupTitle:
		bad.Add("title", fmt.Sprintf("Tên tối đa %d ký tự.", MaxSetupTitle), fmt.Sprintf("At most %d characters.", MaxSetupTitle))
	}
	if utf8.RuneCountInString(in.Description) > MaxCallDescription {
		bad.Add("description", fmt.Sprintf("Tối đa %d ký tự.", MaxCallDescription), fmt.Sprintf("At most %d characters.", MaxCallDescription))
	}
	if !in.Track.Valid() {
		bad.Add("track", "Vui lòng chọn hướng hỗ trợ.", "Please choose a track.")
	} else {
		var types []ActivityType
		for _, t := range in.Types {
			if slices.Contains(types, t) {
				continue
			}
			if !slices.Contains(TrackTypes(in.Track), t) {
				bad.Add("types", "Loại nhiệm vụ "+t.Label().Vi+" không thuộc hướng "+in.Track.Label().Vi+".",
					"Activity type "+t.Label().En+" is not of the "+in.Track.Label().En+" track.")
				break
			}
			types = append(types, t)
		}
		if len(types) == 0 && bad["types"].Vi == "" {
			bad.Add("types", "Vui lòng chọn ít nhất một loại nhiệm vụ.", "Please choose at least one activity type.")
		}
		in.Types = types
	}
	in.Industries = setupCleanCodes(in.Industries)
	for _, c := range in.Industries {
		if !knownIndustry(c) {
			bad.Add("industries", "Ngành không có trong danh mục: "+c+".", "Not a known industry: "+c+".")
			break
		}
	}
	in.Provinces = setupCleanCodes(in.Provinces)
	for _, c := range in.Provinces {
		if !knownProvince(c) {
			bad.Add("provinces", "Tỉnh/thành không có trong danh mục: "+c+".", "Not a known province: "+c+".")
			break
		}
	}
	if in.ProvinceCode != "" {
		if !knownProvince(in.ProvinceCode) {
			bad.Add("province_code", "Tỉnh/thành không có trong danh mục.", "Not a known province.")
		}
		for _, c := range in.Provinces {
			if c != in.ProvinceCode {
				bad.Add("provinces", "Đợt của tỉnh chỉ dành cho doanh nghiệp trong tỉnh.", "A province's call is for its own province only.")
				break
			}
		}
		if len(in.Provinces) == 0 {
			in.Provinces = []string{in.ProvinceCode}
		}
	}
	switch {
	case in.MaxStateBudget < 0:
		bad.Add("max_state_budget", "Mức hỗ trợ tối đa không được âm.", "The cap may not be negative.")
	case in.MaxStateBudget > MaxAmount:
		bad.Add("max_state_budget", "Mức hỗ trợ tối đa không quá "+vn.Money(MaxAmount)+".", fmt.Sprintf("The cap is at most %d VND.", MaxAmount))
	}
	switch {
	case in.OpensAt.IsZero():
		bad.Add("opens_at", "Vui lòng nhập ngày mở nhận hồ sơ.", "Please enter the opening date.")
	case in.Deadline.IsZero():
		bad.Add("deadline", "Vui lòng nhập hạn nộp hồ sơ.", "Please enter the deadline.")
	case !in.Deadline.After(in.OpensAt):
		bad.Add("deadline", "Hạn nộp phải sau ngày mở nhận hồ sơ.", "The deadline must be after the opening.")
	}
	return bad.Err()
}

func setupCleanCodes(in []string) []string {
	var out []string
	for _, c := range in {
		c = strings.TrimSpace(c)
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// DaysLeft is the number of whole days from now until the call's deadline
// (0 on its last day), negative once past.
func (c *Call) DaysLeft(now time.Time) int {
	d := c.Deadline.Sub(now)
	if d < 0 {
		return -1 - int(-d/(24*time.Hour))
	}
	return int(d / (24 * time.Hour))
}

// Accepts reports whether the call accepts a proposal of type t from an
// enterprise of a province and industry (empty lists do not restrict).
func (c *Call) Accepts(t ActivityType, province, industry string) bool {
	return (len(c.Types) == 0 || slices.Contains(c.Types, t)) &&
		(len(c.Provinces) == 0 || slices.Contains(c.Provinces, province)) &&
		(len(c.Industries) == 0 || slices.Contains(c.Industries, industry))
}
