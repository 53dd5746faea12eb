package programme

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Facts is a snapshot of the programme for the dashboard: one small Fact
// per activity, one ReplFact per replication, the KPI improvements, the
// labour-productivity growth of supported enterprises, and the targets,
// plans and expert counts. The categorical fields are indexes into small
// dictionaries, so that 200,000 activities take a few megabytes and an
// aggregate is one pass over an array.
type Facts struct {
	Version int64
	BuiltAt time.Time

	Acts    []Fact
	Disb    []DisbFact
	KPIs    []KPIFact
	Repls   []ReplFact
	LP      []LPFact
	Targets []Target
	Plans   []PlanLineRow
	Experts []ExpertCount
	KPIDefs map[string]KPIDef

	// lpKey identifies the supported enterprises LP was computed for, at
	// lpAt (a rebuild keeps LP when they did not change).
	lpKey uint64
	lpAt  time.Time

	// dict maps the categorical values (status, type, track, province,
	// industry, size class, KPI code) to the indexes of the facts.
	dict dict

	mu   sync.Mutex
	dash map[dashKey]*Dashboard // aggregates computed from this snapshot
}

// Fact is an activity, compactly.
type Fact struct {
	ID           ActivityID
	EnterpriseID int64
	State        int64 // state budget asked
	Counterpart  int64
	Approved     int64 // approved state budget
	Disbursed    int64
	Year         int16 // the activity's (plan) year
	ContractYear int16 // the contract's year, else Year
	Status       uint8
	Type         uint8
	Track        uint8
	Province     uint8
	Industry     uint8
	Size         uint8
}

// DisbFact is what an activity was paid in a year (by paid_on).
type DisbFact struct {
	Act    int32 // index into Acts
	Year   int16
	Amount int64
}

// KPIFact is the improvement of an activity's KPI, actual over baseline, in
// percent (positive = better).
type KPIFact struct {
	Act         int32 // index into Acts
	KPI         uint8
	Improvement float32
}

// ReplFact is a replication, compactly. Depth is 1 for an enterprise that
// learnt from the pilot itself, 2 for one that learnt from a replication…
type ReplFact struct {
	Pilot        int32 // index into Acts, -1 if unknown
	EnterpriseID int64
	Year         int16
	Province     uint8
	Industry     uint8
	Size         uint8
	Depth        uint8
}

// LPFact is a supported enterprise's labour-productivity growth in Year
// over the year before, in percent.
type LPFact struct {
	Year      int16
	FirstYear int16 // the enterprise's first contract year
	Province  uint8
	Growth    float32
}

// dict interns strings as small indexes; index 0 is "".
type dict struct {
	idx  map[string]uint8
	vals []string
}

func newDict() dict { return dict{idx: map[string]uint8{"": 0}, vals: []string{""}} }

// id returns s's index, adding it; values past 255 share index 0.
func (d *dict) id(s string) uint8 {
	if i, ok := d.idx[s]; ok {
		return i
	}
	if len(d.vals) > 255 {
		return 0
	}
	i := uint8(len(d.vals))
	d.idx[s], d.vals = i, append(d.vals, s)
	return i
}

// clone returns a copy of d.
func (d *dict) clone() dict {
	c := dict{idx: make(map[string]uint8, len(d.idx)), vals: append([]string(nil), d.vals...)}
	for k, v := range d.idx {
		c.idx[k] = v
	}
	return c
}

// find returns s's index without adding it.
func (d *dict) find(s string) (uint8, bool) { i, ok := d.idx[s]; return i, ok }

// str returns the value of index i.
func (d *dict) str(i uint8) string { return d.vals[i] }

// yearOf reads the year of a yyyy-mm-dd date, 0 if it has none.
func yearOf(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil {
		return 0
	}
	return y
}

// buildFacts reads the store into a new snapshot at version v. The reads
// run side by side (each on its own connection); the labour-productivity
// growth of the previous snapshot is kept when the supported enterprises
// did not change, so most rebuilds do not read the registry figures.
func (s *Service) buildFacts(ctx context.Context, v int64) (*Facts, error) {
	f := &Facts{Version: v, BuiltAt: s.now(), dict: newDict(), KPIDefs: map[string]KPIDef{}, dash: map[dashKey]*Dashboard{}}
	// Fix the life-cycle vocabularies' indexes first, so they are stable.
	for _, x := range Statuses {
		f.dict.id(string(x))
	}
	for _, x := range ActivityTypes {
		f.dict.id(string(x))
	}
	for _, x := range Tracks {
		f.dict.id(string(x))
	}
	s.facts.mu.Lock()
	prev := s.facts.snap
	s.facts.mu.Unlock()
	reuseLP := prev != nil && s.now().Sub(prev.lpAt) < factsMaxAge

	type kpiRow struct {
		id             ActivityID
		code           string
		baseline, actl float64
	}
	var (
		wg       sync.WaitGroup
		errs     [8]error
		kpis     []kpiRow
		disb     []DisbFact // Act holds the activity id until mapped
		disbIDs  []ActivityID
		repls    []ReplicationRow
		figures  []FigureRow
		defs     []KPIDef
		actIndex = make(map[ActivityID]int32, 1<<16)
	)
	run := func(i int, fn func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = fn() }()
	}
	// The activities are read in two halves of the id range, side by
	// side, each with its own dictionary (merged below); the range is read
	// once, so that both halves split the same one.
	lo, hi, err := s.store.FactsActivityRange(ctx)
	if err != nil {
		return nil, err
	}
	var halves [2]struct {
		acts []Fact
		dict dict
	}
	for h := range halves {
		halves[h].dict = f.dict.clone()
		run(5+h, func() error {
			part := &halves[h]
			return s.store.FactsActivities(ctx, lo, hi, h, len(halves), func(r *FactRow) error {
				cy := yearOf(r.ContractDate)
				if cy == 0 {
					cy = r.Year
				}
				d := &part.dict
				part.acts = append(part.acts, Fact{ID: r.ID, EnterpriseID: r.EnterpriseID, State: r.StateBudget, Counterpart: r.Counterpart,
					Approved: r.Approved, Disbursed: r.Disbursed, Year: int16(r.Year), ContractYear: int16(cy),
					Status: d.id(string(r.Status)), Type: d.id(string(r.Type)), Track: d.id(string(r.Track)),
					Province: d.id(r.Province), Industry: d.id(r.Industry), Size: d.id(r.SizeClass)})
				return nil
			})
		})
	}
	run(1, func() error {
		return s.store.FactsKPIs(ctx, func(id ActivityID, code string, baseline, actual float64) error {
			kpis = append(kpis, kpiRow{id, code, baseline, actual})
			return nil
		})
	})
	run(0, func() error {
		return s.store.FactsDisbursements(ctx, func(id ActivityID, year int, amount int64) error {
			disb, disbIDs = append(disb, DisbFact{Year: int16(year), Amount: amount}), append(disbIDs, id)
			return nil
		})
	})
	run(2, func() error {
		return s.store.FactsReplications(ctx, func(r *ReplicationRow) error {
			repls = append(repls, *r)
			return nil
		})
	})
	run(3, func() (err error) {
		if defs, err = s.store.FindKPIs(ctx); err != nil {
			return err
		}
		if f.Targets, err = s.store.FactsTargets(ctx); err != nil {
			return err
		}
		if f.Plans, err = s.store.FactsPlanLines(ctx); err != nil {
			return err
		}
		f.Experts, err = s.store.FactsExperts(ctx)
		return err
	})
	if !reuseLP {
		run(4, func() error {
			return s.store.FactsFigures(ctx, func(r *FigureRow) error {
				figures = append(figures, *r)
				return nil
			})
		})
	}
	wg.Wait()
	readAt := time.Now()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, part := range halves {
		var remap [256]uint8
		for i, v := range part.dict.vals {
			remap[i] = f.dict.id(v)
		}
		for _, a := range part.acts {
			a.Status, a.Type, a.Track = remap[a.Status], remap[a.Type], remap[a.Track]
			a.Province, a.Industry, a.Size = remap[a.Province], remap[a.Industry], remap[a.Size]
			actIndex[a.ID] = int32(len(f.Acts))
			f.Acts = append(f.Acts, a)
		}
	}
	for i, x := range disb {
		if a, ok := actIndex[disbIDs[i]]; ok {
			x.Act = a
			f.Disb = append(f.Disb, x)
		}
	}
	for _, d := range defs {
		f.KPIDefs[d.Code] = d
	}
	for _, k := range kpis {
		i, ok := actIndex[k.id]
		d, known := f.KPIDefs[k.code]
		if !ok || !known {
			continue
		}
		if p, ok := Improvement(d.Direction, k.baseline, k.actl); ok {
			f.KPIs = append(f.KPIs, KPIFact{Act: i, KPI: f.dict.id(k.code), Improvement: float32(p)})
		}
	}

	depth := make(map[ReplicationID]uint8, len(repls))
	var orphans []int // replications whose source came later in id order
	for _, r := range repls {
		pilot, ok := actIndex[r.PilotID]
		if !ok {
			pilot = -1
		}
		d := uint8(1)
		if r.SourceID != 0 {
			if sd, ok := depth[r.SourceID]; ok {
				d = sd + 1
			} else {
				orphans = append(orphans, len(f.Repls))
			}
		}
		depth[r.ID] = d
		f.Repls = append(f.Repls, ReplFact{Pilot: pilot, EnterpriseID: r.EnterpriseID, Year: int16(yearOf(r.AppliedOn)),
			Province: f.dict.id(r.Province), Industry: f.dict.id(r.Industry), Size: f.dict.id(r.SizeClass), Depth: d})
	}
	for _, i := range orphans { // rare: a source with a larger id
		if sd, ok := depth[repls[i].SourceID]; ok {
			f.Repls[i].Depth = sd + 1
		}
	}

	supported, key := f.supportedEnterprises()
	f.lpKey = key
	switch {
	case reuseLP && prev.lpKey == key:
		f.LP, f.lpAt = prev.LP, prev.lpAt
		s.log.Debug("programme: facts rebuilt", "version", v, "activities", len(f.Acts), "read", readAt.Sub(f.BuiltAt),
			"total", time.Since(f.BuiltAt), "figures", "kept")
		return f, nil
	case reuseLP: // the supported enterprises changed: read their figures now
		err := s.store.FactsFigures(ctx, func(r *FigureRow) error {
			figures = append(figures, *r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	f.lpAt = f.BuiltAt
	f.buildLP(supported, figures)
	s.log.Debug("programme: facts rebuilt", "version", v, "activities", len(f.Acts), "read", readAt.Sub(f.BuiltAt),
		"total", time.Since(f.BuiltAt), "figures", len(figures))
	return f, nil
}

type supportedEnt struct {
	first    int16
	province uint8
}

// supportedEnterprises returns every enterprise with a supported activity,
// its first contract year and province, and a hash of them.
func (f *Facts) supportedEnterprises() (map[int64]supportedEnt, uint64) {
	out := map[int64]supportedEnt{}
	h := fnv.New64a()
	var buf [16]byte
	for _, a := range f.Acts {
		if a.EnterpriseID == 0 || !Status(f.dict.str(a.Status)).Supported() {
			continue
		}
		binary.LittleEndian.PutUint64(buf[:8], uint64(a.EnterpriseID))
		binary.LittleEndian.PutUint16(buf[8:10], uint16(a.ContractYear))
		clear(buf[10:])
		copy(buf[10:], f.dict.str(a.Province))
		h.Write(buf[:])
		if e, ok := out[a.EnterpriseID]; !ok || a.ContractYear < e.first {
			out[a.EnterpriseID] = supportedEnt{a.ContractYear, a.Province}
		}
	}
	return out, h.Sum64()
}

// buildLP computes the labour-productivity growth of every supported
// enterprise, for each year from its first contract year on: labour
// productivity is value added per employee, growth is the year over the
// year before. The measure is chosen per pair of years: value added when
// both years report it, else revenue when both do (revenue per employee
// against value added per employee would read as a jump of several
// hundred percent). figures are by enterprise and year.
func (f *Facts) buildLP(supported map[int64]supportedEnt, figures []FigureRow) {
	for i := 1; i < len(figures); i++ {
		p, r := &figures[i-1], &figures[i]
		e, ok := supported[r.EnterpriseID]
		if !ok || p.EnterpriseID != r.EnterpriseID || r.Year != p.Year+1 || r.Year < int(e.first) ||
			p.Employees <= 0 || r.Employees <= 0 {
			continue
		}
		var before, after int64
		switch {
		case p.ValueAdded > 0 && r.ValueAdded > 0:
			before, after = p.ValueAdded, r.ValueAdded
		case p.Revenue > 0 && r.Revenue > 0:
			before, after = p.Revenue, r.Revenue
		default:
			continue
		}
		lp0 := float64(before) / float64(p.Employees)
		lp1 := float64(after) / float64(r.Employees)
		f.LP = append(f.LP, LPFact{Year: int16(r.Year), FirstYear: e.first, Province: e.province,
			Growth: float32((lp1/lp0 - 1) * 100)})
	}
}

// quantiles returns min, q1, median, q3, max of xs (sorted in place),
// by linear interpolation.
func quantiles(xs []float64) [5]float64 {
	sort.Float64s(xs)
	q := func(p float64) float64 {
		if len(xs) == 1 {
			return xs[0]
		}
		h := p * float64(len(xs)-1)
		lo := int(h)
		if lo+1 >= len(xs) {
			return xs[len(xs)-1]
		}
		return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
	}
	return [5]float64{xs[0], q(0.25), q(0.5), q(0.75), xs[len(xs)-1]}
}
