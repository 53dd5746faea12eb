package programme

import (
	"context"
	"math"
	"sort"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// Dashboard is the programme's aggregates under a filter: progress against
// the targets, the budget, the activities by status, type, track, industry
// and size class, the provinces, the KPI improvements and the spread. It
// holds counts and sums only, never an enterprise's name.
type Dashboard struct {
	Filter  FactsFilter `json:"filter"`
	Public  bool        `json:"public"`
	Version int64       `json:"version"`
	BuiltAt time.Time   `json:"built_at"`
	Years   []int       `json:"years" doc:"Các năm có số liệu (years with data)"`

	Totals     Totals        `json:"totals"`
	Progress   []ProgressRow `json:"progress"`
	Budget     []BudgetRow   `json:"budget"`
	ByStatus   []Breakdown   `json:"by_status"`
	ByType     []Breakdown   `json:"by_type"`
	ByTrack    []Breakdown   `json:"by_track"`
	ByIndustry []Breakdown   `json:"by_industry"`
	BySize     []Breakdown   `json:"by_size"`
	Provinces  []ProvinceRow `json:"provinces" doc:"Chỉ các tỉnh có số liệu (only provinces with data)"`
	KPIs       []KPIBox      `json:"kpis"`
	Spread     Spread        `json:"spread"`
}

// Totals are the dashboard's headline figures.
type Totals struct {
	Activities  int   `json:"activities"`
	Supported   int   `json:"supported" doc:"Nhiệm vụ đã ký hợp đồng trở đi"`
	Enterprises int   `json:"enterprises" doc:"Doanh nghiệp được hỗ trợ (không trùng)"`
	Pilots      int   `json:"pilots" doc:"Mô hình điểm đã ký hợp đồng"`
	Committed   int64 `json:"committed" doc:"Ngân sách nhà nước được duyệt của nhiệm vụ đã phê duyệt trở đi, đồng"`
	Counterpart int64 `json:"counterpart" doc:"Vốn đối ứng của các nhiệm vụ đó, đồng"`
	Disbursed   int64 `json:"disbursed"`
	Planned     int64 `json:"planned" doc:"Ngân sách nhà nước theo kế hoạch năm đã duyệt, đồng"`
}

// ProgressRow is a year's targets and what the data measures. A nil
// target means none is set for the year (or the filter is a province:
// targets are national).
type ProgressRow struct {
	Year              int      `json:"year"`
	EnterprisesTarget *float64 `json:"enterprises_target"`
	Enterprises       int      `json:"enterprises" doc:"Doanh nghiệp (không trùng) có nhiệm vụ ký hợp đồng trong năm"`
	PilotsTarget      *float64 `json:"pilots_target" doc:"Mục tiêu cả giai đoạn"`
	Pilots            int      `json:"pilots" doc:"Mô hình điểm ký hợp đồng, lũy kế"`
	ExpertsTarget     *float64 `json:"experts_target"`
	Experts           int      `json:"experts" doc:"Chuyên gia có chứng nhận, lũy kế"`
	LPTarget          *float64 `json:"lp_target"`
	LPGrowth          *float64 `json:"lp_growth" doc:"Trung vị tăng năng suất lao động, %"`
	LPCount           int      `json:"lp_count" doc:"Số doanh nghiệp có số liệu hai năm liền"`
}

// BudgetRow is a year's budget: planned (approved plans), committed
// (approved activities) and disbursed, state and counterpart, in đồng.
type BudgetRow struct {
	Year               int   `json:"year"`
	PlannedState       int64 `json:"planned_state"`
	PlannedCounterpart int64 `json:"planned_counterpart"`
	CommittedState     int64 `json:"committed_state"`
	CommittedCounter   int64 `json:"committed_counterpart"`
	Disbursed          int64 `json:"disbursed"`
}

// Breakdown is the activities of one status, type, track, industry or
// size class.
type Breakdown struct {
	Key         string     `json:"key"`
	Label       fault.Text `json:"label"`
	Activities  int        `json:"activities"`
	Supported   int        `json:"supported"`
	State       int64      `json:"state" doc:"Ngân sách nhà nước đề xuất, đồng"`
	Counterpart int64      `json:"counterpart"`
	Approved    int64      `json:"approved"`
	Disbursed   int64      `json:"disbursed"`
}

// ProvinceRow is a province's activities. On the public figures, a count
// of fewer than 5 enterprises is not shown (Enterprises = -1).
type ProvinceRow struct {
	Code         string `json:"code"`
	Activities   int    `json:"activities"`
	Supported    int    `json:"supported"`
	Enterprises  int    `json:"enterprises"`
	Approved     int64  `json:"approved"`
	Disbursed    int64  `json:"disbursed"`
	Replications int    `json:"replications"`
}

// KPIBox is the distribution of a KPI's improvement (percent, positive =
// better) over the activities that reported an actual value.
type KPIBox struct {
	Code   string     `json:"code"`
	Name   fault.Text `json:"name"`
	N      int        `json:"n"`
	Min    float64    `json:"min"`
	Q1     float64    `json:"q1"`
	Median float64    `json:"median"`
	Q3     float64    `json:"q3"`
	Max    float64    `json:"max"`
}

// Spread summarises the replications of the pilot models.
type Spread struct {
	Pilots       int   `json:"pilots" doc:"Mô hình điểm đã ký hợp đồng"`
	Replicated   int   `json:"replicated" doc:"Mô hình điểm có ít nhất một đơn vị nhân rộng"`
	Replications int   `json:"replications"`
	Enterprises  int   `json:"enterprises" doc:"Doanh nghiệp nhân rộng (không trùng)"`
	Provinces    int   `json:"provinces" doc:"Số tỉnh có doanh nghiệp nhân rộng"`
	ByDepth      []int `json:"by_depth" doc:"Số lượt nhân rộng theo tầng của cây lan tỏa (1 = học trực tiếp từ mô hình)"`
}

// PublicMinEnterprises is the smallest count of enterprises the public
// figures show for a province: fewer could point at a firm.
const PublicMinEnterprises = 5

type dashKey struct {
	FactsFilter
	public bool
}

var errDashboardView = fault.New(fault.Forbidden, "Bạn không có quyền xem bảng điều hành của chương trình.",
	"You may not see the programme's dashboard.")

// DashboardScope returns f as the actor may see it: a province officer is
// held to their own province, whatever f asks.
func DashboardScope(ctx context.Context, f FactsFilter) (FactsFilter, error) {
	a := auth.ActorFrom(ctx)
	if !auth.Can(a, auth.ActProgrammeView) {
		if a.IsAnonymous() {
			return f, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
		}
		return f, errDashboardView
	}
	if a.Role == auth.RoleProvince {
		f.Province = a.ProvinceCode
	}
	if f.Year < 0 || f.Year > 9999 {
		f.Year = 0
	}
	return f, nil
}

// Dashboard returns the aggregates under f for an officer (scoped).
func (s *Service) Dashboard(ctx context.Context, f FactsFilter) (*Dashboard, error) {
	f, err := DashboardScope(ctx, f)
	if err != nil {
		return nil, err
	}
	facts, err := s.currentFacts(ctx)
	if err != nil {
		return nil, err
	}
	return facts.Dashboard(f, false), nil
}

// Figures returns the public aggregates of year (0 = all years), for
// anyone: the whole country, counts and sums only.
func (s *Service) Figures(ctx context.Context, year int) (*Dashboard, error) {
	facts, err := s.currentFacts(ctx)
	if err != nil {
		return nil, err
	}
	if year < 0 || year > 9999 {
		year = 0
	}
	return facts.Dashboard(FactsFilter{Year: year}, true), nil
}

// FactsVersion returns the version of the snapshot the dashboard serves
// now (public caches key on it).
func (s *Service) FactsVersion(ctx context.Context) (int64, error) {
	facts, err := s.currentFacts(ctx)
	if err != nil {
		return 0, err
	}
	return facts.Version, nil
}

// Dashboard returns the aggregates under f, computed once per snapshot
// and filter.
func (f *Facts) Dashboard(flt FactsFilter, public bool) *Dashboard {
	k := dashKey{flt, public}
	f.mu.Lock()
	d, ok := f.dash[k]
	f.mu.Unlock()
	if ok {
		return d
	}
	d = f.aggregate(flt, public)
	f.mu.Lock()
	if len(f.dash) < 512 {
		f.dash[k] = d
	}
	f.mu.Unlock()
	return d
}

// aggregate computes the dashboard under flt in a few passes over the facts.
func (f *Facts) aggregate(flt FactsFilter, public bool) *Dashboard {
	d := &Dashboard{Filter: flt, Public: public, Version: f.Version, BuiltAt: f.BuiltAt}
	prov, provOK := uint8(0), true
	if flt.Province != "" {
		prov, provOK = f.dict.find(flt.Province)
	}
	inProv := func(p uint8) bool { return flt.Province == "" || provOK && p == prov }
	st := func(i uint8) Status { return Status(f.dict.str(i)) }

	// Per-index accumulators.
	type acc struct {
		n, sup                       int
		state, counter, appr, disbur int64
	}
	var byStatus, byType, byTrack, byInd, bySize, byProv [256]acc
	years := map[int]bool{}
	entsAll := map[int64]struct{}{}
	entsProv := map[uint8]map[int64]struct{}{}
	entsYear := map[int16]map[int64]struct{}{}
	pilotsYear := map[int16]int{}
	committedYear := map[int16]*BudgetRow{}
	pilotType, _ := f.dict.find(string(TypePilotModel))
	pilotIdx := map[int32]bool{}

	for i := range f.Acts {
		a := &f.Acts[i]
		if !inProv(a.Province) {
			continue
		}
		years[int(a.Year)] = true
		s := st(a.Status)
		sup := s.Supported()
		// Progress and the yearly budget ignore the year filter: they are
		// the series over the years.
		if sup && a.EnterpriseID != 0 {
			m := entsYear[a.ContractYear]
			if m == nil {
				m = map[int64]struct{}{}
				entsYear[a.ContractYear] = m
			}
			m[a.EnterpriseID] = struct{}{}
		}
		if sup && a.Type == pilotType {
			pilotsYear[a.ContractYear]++
		}
		if s.Committed() {
			b := committedYear[a.Year]
			if b == nil {
				b = &BudgetRow{Year: int(a.Year)}
				committedYear[a.Year] = b
			}
			b.CommittedState += a.Approved
			b.CommittedCounter += a.Counterpart
			b.Disbursed += a.Disbursed
		}
		if flt.Year != 0 && int(a.Year) != flt.Year {
			continue
		}
		d.Totals.Activities++
		add := func(x *acc) {
			x.n++
			x.state += a.State
			x.counter += a.Counterpart
			x.appr += a.Approved
			x.disbur += a.Disbursed
			if sup {
				x.sup++
			}
		}
		add(&byStatus[a.Status])
		add(&byType[a.Type])
		add(&byTrack[a.Track])
		add(&byInd[a.Industry])
		add(&bySize[a.Size])
		add(&byProv[a.Province])
		if s.Committed() {
			d.Totals.Committed += a.Approved
			d.Totals.Counterpart += a.Counterpart
			d.Totals.Disbursed += a.Disbursed
		}
		if sup {
			d.Totals.Supported++
			if a.EnterpriseID != 0 {
				entsAll[a.EnterpriseID] = struct{}{}
				m := entsProv[a.Province]
				if m == nil {
					m = map[int64]struct{}{}
					entsProv[a.Province] = m
				}
				m[a.EnterpriseID] = struct{}{}
			}
			if a.Type == pilotType {
				d.Totals.Pilots++
				pilotIdx[int32(i)] = true
			}
		}
	}
	d.Totals.Enterprises = len(entsAll)

	breakdown := func(arr *[256]acc, keys []string, label func(string) fault.Text) []Breakdown {
		var out []Breakdown
		seen := map[string]bool{}
		emit := func(key string) {
			i, ok := f.dict.find(key)
			if !ok || seen[key] {
				return
			}
			seen[key] = true
			x := arr[i]
			if x.n == 0 {
				return
			}
			out = append(out, Breakdown{Key: key, Label: label(key), Activities: x.n, Supported: x.sup, State: x.state,
				Counterpart: x.counter, Approved: x.appr, Disbursed: x.disbur})
		}
		for _, k := range keys {
			emit(k)
		}
		for _, k := range f.dict.vals { // values outside the vocabulary, after it
			if arr == &byStatus || arr == &byType || arr == &byTrack {
				break
			}
			emit(k)
		}
		return out
	}
	var stKeys, tyKeys, trKeys []string
	for _, x := range Statuses {
		stKeys = append(stKeys, string(x))
	}
	for _, x := range ActivityTypes {
		tyKeys = append(tyKeys, string(x))
	}
	for _, x := range Tracks {
		trKeys = append(trKeys, string(x))
	}
	d.ByStatus = breakdown(&byStatus, stKeys, func(k string) fault.Text { return Status(k).Label() })
	d.ByType = breakdown(&byType, tyKeys, func(k string) fault.Text { return ActivityType(k).Label() })
	d.ByTrack = breakdown(&byTrack, trKeys, func(k string) fault.Text { return Track(k).Label() })
	d.ByIndustry = breakdown(&byInd, IndustryKeys, IndustryLabel)
	d.BySize = breakdown(&bySize, SizeKeys, SizeLabel)

	// Replications (the spread) and their provinces.
	replProv := map[uint8]int{}
	replEnts := map[int64]struct{}{}
	replProvs := map[uint8]struct{}{}
	replicated := map[int32]struct{}{}
	for _, r := range f.Repls {
		if !inProv(r.Province) || flt.Year != 0 && int(r.Year) != flt.Year {
			continue
		}
		d.Spread.Replications++
		replProv[r.Province]++
		replEnts[r.EnterpriseID] = struct{}{}
		replProvs[r.Province] = struct{}{}
		if r.Pilot >= 0 {
			replicated[r.Pilot] = struct{}{}
		}
		for len(d.Spread.ByDepth) < int(r.Depth) {
			d.Spread.ByDepth = append(d.Spread.ByDepth, 0)
		}
		if r.Depth > 0 {
			d.Spread.ByDepth[r.Depth-1]++
		}
	}
	d.Spread.Pilots = d.Totals.Pilots
	d.Spread.Replicated = len(replicated)
	d.Spread.Enterprises = len(replEnts)
	d.Spread.Provinces = len(replProvs)

	for i, code := range f.dict.vals {
		x := byProv[i]
		if code == "" || x.n == 0 && replProv[uint8(i)] == 0 || !inProv(uint8(i)) {
			continue
		}
		row := ProvinceRow{Code: code, Activities: x.n, Supported: x.sup, Enterprises: len(entsProv[uint8(i)]),
			Approved: x.appr, Disbursed: x.disbur, Replications: replProv[uint8(i)]}
		if public && row.Enterprises < PublicMinEnterprises {
			row.Enterprises = -1
		}
		d.Provinces = append(d.Provinces, row)
	}
	sort.Slice(d.Provinces, func(i, j int) bool { return d.Provinces[i].Code < d.Provinces[j].Code })

	// KPI improvements of the filtered activities.
	vals := map[uint8][]float64{}
	for _, k := range f.KPIs {
		a := &f.Acts[k.Act]
		if !inProv(a.Province) || flt.Year != 0 && int(a.Year) != flt.Year {
			continue
		}
		vals[k.KPI] = append(vals[k.KPI], float64(k.Improvement))
	}
	for i, xs := range vals {
		code := f.dict.str(i)
		q := quantiles(xs)
		d.KPIs = append(d.KPIs, KPIBox{Code: code, Name: f.KPIDefs[code].Name, N: len(xs),
			Min: round1(q[0]), Q1: round1(q[1]), Median: round1(q[2]), Q3: round1(q[3]), Max: round1(q[4])})
	}
	sort.Slice(d.KPIs, func(i, j int) bool {
		bi, bj := f.KPIDefs[d.KPIs[i].Code].Builtin, f.KPIDefs[d.KPIs[j].Code].Builtin
		if bi != bj {
			return bi
		}
		return d.KPIs[i].Code < d.KPIs[j].Code
	})

	f.progress(d, flt, inProv, entsYear, pilotsYear, committedYear, years)
	for y := range years {
		d.Years = append(d.Years, y)
	}
	sort.Ints(d.Years)
	if public {
		d.Filter.Province = ""
	}
	return d
}

// progress fills the targets-versus-results and budget series: every
// programme year up to the last with data or a plan.
func (f *Facts) progress(d *Dashboard, flt FactsFilter, inProv func(uint8) bool, entsYear map[int16]map[int64]struct{},
	pilotsYear map[int16]int, committed map[int16]*BudgetRow, years map[int]bool) {
	targets := map[Metric]map[int]float64{}
	for _, t := range f.Targets {
		if targets[t.Metric] == nil {
			targets[t.Metric] = map[int]float64{}
		}
		targets[t.Metric][t.Year] = t.Value
	}
	target := func(m Metric, y int) *float64 {
		if flt.Province != "" { // the targets are national
			return nil
		}
		if v, ok := targets[m][y]; ok {
			return &v
		}
		return nil
	}
	planned := map[int]*BudgetRow{}
	for _, p := range f.Plans {
		if flt.Province != "" && p.Province != flt.Province {
			continue
		}
		b := planned[p.Year]
		if b == nil {
			b = &BudgetRow{}
			planned[p.Year] = b
		}
		b.PlannedState += p.StateBudget
		b.PlannedCounterpart += p.Counterpart
	}
	experts := map[int]int{}
	for _, e := range f.Experts {
		if flt.Province == "" || e.Province == flt.Province {
			experts[e.Year] += e.N
		}
	}
	lp := map[int][]float64{}
	for _, g := range f.LP {
		if inProv(g.Province) {
			lp[int(g.Year)] = append(lp[int(g.Year)], float64(g.Growth))
		}
	}

	first, last := math.MaxInt, 0
	for y := range years {
		first, last = min(first, y), max(last, y)
	}
	for y := range planned {
		first, last = min(first, y), max(last, y)
	}
	if last == 0 {
		return
	}
	cumExperts := 0
	for y, n := range experts {
		if y < first {
			cumExperts += n
		}
	}
	cumPilots := 0
	for y, n := range pilotsYear {
		if int(y) < first {
			cumPilots += n
		}
	}
	for y := first; y <= last; y++ {
		cumExperts += experts[y]
		cumPilots += pilotsYear[int16(y)]
		row := ProgressRow{Year: y, EnterprisesTarget: target(MetricEnterprisesSupported, y), Enterprises: len(entsYear[int16(y)]),
			PilotsTarget: target(MetricPilotModels, 0), Pilots: cumPilots,
			ExpertsTarget: target(MetricExpertsCertified, y), Experts: cumExperts, LPTarget: target(MetricLPGrowth, y)}
		if xs := lp[y]; len(xs) > 0 {
			m := round1(quantiles(xs)[2])
			row.LPGrowth, row.LPCount = &m, len(xs)
		}
		d.Progress = append(d.Progress, row)
		b := BudgetRow{Year: y}
		if p := planned[y]; p != nil {
			b.PlannedState, b.PlannedCounterpart = p.PlannedState, p.PlannedCounterpart
		}
		if c := committed[int16(y)]; c != nil {
			b.CommittedState, b.CommittedCounter, b.Disbursed = c.CommittedState, c.CommittedCounter, c.Disbursed
		}
		if flt.Year == 0 || flt.Year == y {
			d.Totals.Planned += b.PlannedState
		}
		d.Budget = append(d.Budget, b)
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// ExportActivities streams the activities under f (scoped like the
// dashboard) to fn, by id.
func (s *Service) ExportActivities(ctx context.Context, f FactsFilter, fn func(*ExportRow) error) error {
	f, err := DashboardScope(ctx, f)
	if err != nil {
		return err
	}
	return s.store.FactsExport(ctx, f, fn)
}
