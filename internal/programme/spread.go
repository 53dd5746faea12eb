package programme

import (
	"context"
	"regexp"
	"slices"
	"sync"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// SpreadFigures is how far the pilot models spread, for one province or the
// whole country: what the 2012–2020 phase could not show.
type SpreadFigures struct {
	Province     string         `json:"province" doc:"Rỗng = cả nước (empty = the whole country)"`
	Pilots       int            `json:"pilots" doc:"Mô hình điểm đã ký hợp đồng trở đi (pilot models contracted or later)"`
	Replicated   int            `json:"replicated" doc:"Mô hình điểm có ít nhất một doanh nghiệp áp dụng"`
	Rate         float64        `json:"rate" doc:"Tỷ lệ mô hình được nhân rộng, % (replicated / pilots)"`
	Replications int            `json:"replications"`
	Confirmed    int            `json:"confirmed"`
	PerPilot     []PilotReach   `json:"per_pilot" doc:"Nhiều bản ghi nhân rộng nhất trước (most replicated first), tối đa 50"`
	Reached      int            `json:"reached" doc:"Doanh nghiệp được tiếp cận: hưởng lợi từ nhiệm vụ được hỗ trợ hoặc đã áp dụng mô hình (distinct)"`
	BySector     []ReachCount   `json:"by_sector"`
	ByProvince   []ReachCount   `json:"by_province"`
	BySize       []ReachCount   `json:"by_size"`
	ActivityKPIs []KPIQuartiles `json:"activity_kpis" doc:"Cải thiện KPI đã xác minh của nhiệm vụ được hỗ trợ, % (verified)"`
	RepKPIs      []KPIQuartiles `json:"replication_kpis" doc:"Cải thiện KPI của các bản ghi nhân rộng đã xác nhận, %"`
}

// PilotReach is one pilot model's replications.
type PilotReach struct {
	ID           ActivityID `json:"id"`
	Title        string     `json:"title"`
	Enterprise   string     `json:"enterprise"`
	Province     string     `json:"province"`
	Replications int        `json:"replications"`
	Confirmed    int        `json:"confirmed"`
	Depth        int        `json:"depth" doc:"Số tầng của cây lan tỏa (levels of the diffusion tree)"`
}

// ReachCount is a count for one value of a breakdown ("" = unknown).
type ReachCount struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// KPIQuartiles is the distribution of one KPI's improvements, in percent.
type KPIQuartiles struct {
	Code   string  `json:"code"`
	N      int     `json:"n"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
}

// spreadProvinceRe is the form of a province code; the web and API check
// that the code exists (they hold the geography table).
var spreadProvinceRe = regexp.MustCompile(`^[0-9]{2}$`)

// SpreadFigures returns the spread figures: a provincial officer's are those of
// the province (replications by its firms, its pilots, its beneficiaries);
// the ministry may ask for a province.
func (s *Service) SpreadFigures(ctx context.Context, province string) (*SpreadFigures, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeView) {
		return nil, fault.New(fault.Forbidden, "Bạn không xem được số liệu nhân rộng.", "You may not see the spread figures.")
	}
	if !auth.Can(a, auth.ActProgrammeManage) {
		province = a.ProvinceCode
	} else if province != "" && !spreadProvinceRe.MatchString(province) {
		return nil, ErrSpreadProvince
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	sp, err := s.spread.do(v, province, func() (*SpreadFigures, error) { return s.store.FindSpread(ctx, province) })
	if err != nil {
		return nil, err
	}
	return s.spreadNames(ctx, sp)
}

// ErrSpreadProvince refuses a province code that is not one.
var ErrSpreadProvince = fault.New(fault.Invalid, "Mã tỉnh không hợp lệ; chọn tỉnh trong danh sách.",
	"Unknown province code; choose a province from the list.").
	Field("province", "Mã tỉnh không hợp lệ; chọn tỉnh trong danh sách.", "Unknown province code; choose a province from the list.")

// spreadNames returns a copy of the cached figures with the current
// titles and enterprise names of the pilots shown: names are not cached,
// as renaming an enterprise does not bump programme_version.
func (s *Service) spreadNames(ctx context.Context, sp *SpreadFigures) (*SpreadFigures, error) {
	if len(sp.PerPilot) == 0 {
		return sp, nil
	}
	ids := make([]ActivityID, 0, len(sp.PerPilot))
	for _, p := range sp.PerPilot {
		ids = append(ids, p.ID)
	}
	names, err := s.store.PilotNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := *sp
	out.PerPilot = slices.Clone(sp.PerPilot)
	for i := range out.PerPilot {
		if n, ok := names[out.PerPilot[i].ID]; ok {
			out.PerPilot[i].Title, out.PerPilot[i].Enterprise = n.Title, n.Enterprise
		}
	}
	return &out, nil
}

// PilotName is a pilot's title and its enterprise's current name.
type PilotName struct {
	Title      string
	Enterprise string
}

// spreadCache keeps the spread figures computed at one programme_version
// (which the database bumps on every write they read), by province: the
// queries scan every supported activity and replication, so they run once
// per change, not once per page view. Figures are shared read-only.
// Concurrent misses for one (version, province) wait for one computation.
type spreadCache struct {
	mu       sync.Mutex
	v        int64
	by       map[string]*SpreadFigures
	inflight map[spreadKey]*spreadCall
}

type spreadKey struct {
	v        int64
	province string
}

// spreadCall is a computation in flight; done is closed when sp, err are set.
type spreadCall struct {
	done chan struct{}
	sp   *SpreadFigures
	err  error
}

// do returns the cached figures of (v, province), or computes them with
// compute once however many callers miss at the same time.
func (c *spreadCache) do(v int64, province string, compute func() (*SpreadFigures, error)) (*SpreadFigures, error) {
	c.mu.Lock()
	if c.v == v {
		if sp, ok := c.by[province]; ok {
			c.mu.Unlock()
			return sp, nil
		}
	}
	k := spreadKey{v, province}
	if call, ok := c.inflight[k]; ok {
		c.mu.Unlock()
		<-call.done
		return call.sp, call.err
	}
	call := &spreadCall{done: make(chan struct{})}
	if c.inflight == nil {
		c.inflight = map[spreadKey]*spreadCall{}
	}
	c.inflight[k] = call
	c.mu.Unlock()

	call.sp, call.err = compute()
	c.mu.Lock()
	delete(c.inflight, k)
	if call.err == nil {
		c.putLocked(v, province, call.sp)
	}
	c.mu.Unlock()
	close(call.done)
	return call.sp, call.err
}

func (c *spreadCache) putLocked(v int64, province string, sp *SpreadFigures) {
	if v < c.v {
		return // computed before a newer write already cached
	}
	if v != c.v || c.by == nil {
		c.v, c.by = v, map[string]*SpreadFigures{}
	}
	// Keep at most the country and the 34 provinces.
	if len(c.by) < 64 {
		c.by[province] = sp
	}
}
