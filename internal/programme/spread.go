package programme

import (
	"context"
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

// SpreadFigures returns the spread figures: a provincial officer's are those of
// the province (replications by its firms, its pilots, its beneficiaries);
// the ministry may ask for a province.
func (s *Service) SpreadFigures(ctx context.Context, province string) (*SpreadFigures, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errResSignIn
	}
	if !auth.Can(a, auth.ActProgrammeView) {
		return nil, fault.New(fault.Forbidden, "Bạn không xem được số liệu nhân rộng.", "You may not see the spread figures.")
	}
	if !auth.Can(a, auth.ActProgrammeManage) {
		province = a.ProvinceCode
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.spread
	if sp, ok := c.get(v, province); ok {
		return sp, nil
	}
	sp, err := s.store.FindSpread(ctx, province)
	if err != nil {
		return nil, err
	}
	c.put(v, province, sp)
	return sp, nil
}

// spreadCache keeps the spread figures computed at one programme_version
// (which the database bumps on every write they read), by province: the
// queries scan every supported activity and replication, so they run once
// per change, not once per page view. Figures are shared read-only.
type spreadCache struct {
	mu sync.Mutex
	v  int64
	by map[string]*SpreadFigures
}

func (c *spreadCache) get(v int64, province string) (*SpreadFigures, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != v {
		return nil, false
	}
	sp, ok := c.by[province]
	return sp, ok
}

func (c *spreadCache) put(v int64, province string, sp *SpreadFigures) {
	c.mu.Lock()
	defer c.mu.Unlock()
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
