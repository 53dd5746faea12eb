package programme

import (
	"context"
	"sync"
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

	// rendered holds what the web layer made of this dashboard (the public
	// page, per language): it lives and goes with the snapshot.
	rendered sync.Map
}

// Rendered returns the bytes kept under key for this dashboard, calling
// build once to make them when there are none.
func (d *Dashboard) Rendered(key string, build func() ([]byte, error)) ([]byte, error) {
	if b, ok := d.rendered.Load(key); ok {
		return b.([]byte), nil
	}
	b, err := build()
	if err != nil {
		return nil, err
	}
	d.rendered.Store(key, b)
	return b, nil
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
	Hidden      bool  `json:"suppressed" doc:"Số liệu công khai: dưới 5 doanh nghiệp, không hiển thị (public: fewer than 5 enterprises, not shown)"`
}

// ProgressRow is a year's targets and what the data measures. A nil
// target means none is set for the year (or the filter is a province:
// targets are national).
type ProgressRow struct {
	Year              int      `json:"year"`
	EnterprisesTarget *float64 `json:"enterprises_target"`
	Enterprises       int      `json:"enterprises" doc:"Doanh nghiệp (không trùng) có nhiệm vụ ký hợp đồng trong năm (theo ngày hợp đồng)"`
	PilotsTarget      *float64 `json:"pilots_target" doc:"Mục tiêu cả giai đoạn"`
	Pilots            int      `json:"pilots" doc:"Mô hình điểm ký hợp đồng, lũy kế"`
	ExpertsTarget     *float64 `json:"experts_target"`
	Experts           int      `json:"experts" doc:"Chuyên gia có chứng nhận còn hiệu lực ngày 31/12 của năm"`
	LPTarget          *float64 `json:"lp_target"`
	LPGrowth          *float64 `json:"lp_growth" doc:"Trung vị tăng năng suất lao động, %"`
	LPCount           int      `json:"lp_count" doc:"Số doanh nghiệp có số liệu hai năm liền"`
	Hidden            bool     `json:"suppressed" doc:"Số liệu công khai: số doanh nghiệp dưới 5, không hiển thị"`
}

// BudgetRow is a year's budget: planned (approved plans), committed
// (approved activities) and disbursed, state and counterpart, in đồng.
type BudgetRow struct {
	Year               int   `json:"year"`
	PlannedState       int64 `json:"planned_state"`
	PlannedCounterpart int64 `json:"planned_counterpart"`
	CommittedState     int64 `json:"committed_state"`
	CommittedCounter   int64 `json:"committed_counterpart"`
	Disbursed          int64 `json:"disbursed" doc:"Đã giải ngân trong năm (theo ngày chi), đồng"`
	Hidden             bool  `json:"suppressed" doc:"Số liệu công khai: dưới 5 doanh nghiệp, không hiển thị"`
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
	Hidden      bool       `json:"suppressed" doc:"Số liệu công khai: dưới 5 doanh nghiệp, không hiển thị"`
}

// ProvinceRow is a province's activities. On the public figures, a row
// backed by fewer than 5 enterprises shows nothing (Hidden, figures 0).
type ProvinceRow struct {
	Code         string `json:"code"`
	Activities   int    `json:"activities"`
	Supported    int    `json:"supported"`
	Enterprises  int    `json:"enterprises"`
	Approved     int64  `json:"approved"`
	Disbursed    int64  `json:"disbursed"`
	Replications int    `json:"replications"`
	Hidden       bool   `json:"suppressed" doc:"Số liệu công khai: dưới 5 doanh nghiệp, không hiển thị"`
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
	Hidden bool       `json:"suppressed" doc:"Số liệu công khai: dưới 5 doanh nghiệp, không hiển thị"`
}

// Spread summarises the replications of the pilot models.
type Spread struct {
	Pilots       int   `json:"pilots" doc:"Mô hình điểm ký hợp đồng (trong năm lọc, theo năm ký)"`
	Replicated   int   `json:"replicated" doc:"Trong các mô hình điểm đó, số mô hình đã có đơn vị nhân rộng"`
	Replications int   `json:"replications"`
	Enterprises  int   `json:"enterprises" doc:"Doanh nghiệp nhân rộng (không trùng)"`
	Provinces    int   `json:"provinces" doc:"Số tỉnh có doanh nghiệp nhân rộng"`
	ByDepth      []int `json:"by_depth" doc:"Số lượt nhân rộng theo tầng của cây lan tỏa (1 = học trực tiếp từ mô hình)"`
	Hidden       bool  `json:"suppressed" doc:"Số liệu công khai: dưới 5 doanh nghiệp nhân rộng, không hiển thị"`
}

// PublicMinEnterprises is the smallest number of distinct enterprises a
// cell of the public figures may rest on: fewer could point at a firm, so
// such a cell (a row, a KPI box, the headline totals) shows no figures.
// The public figures also count only the activities the programme decided
// to support (approved and later): drafts, ineligible, withdrawn and
// rejected proposals, and those still under review, are left out.
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

// ExportActivities streams the activities under f (scoped like the
// dashboard) to fn, by id.
func (s *Service) ExportActivities(ctx context.Context, f FactsFilter, fn func(*ExportRow) error) error {
	f, err := DashboardScope(ctx, f)
	if err != nil {
		return err
	}
	return s.store.FactsExport(ctx, f, fn)
}
