package matching

import (
	"context"
	"math"
	"sync"

	"nscl/internal/catalog"
)

// index holds the profiles of the experts who may be matched, with an
// inverted index by tool, so that ranking one need reads memory rather
// than every candidate row (60,000 expertise rows for a need of four
// common tools over 50,000 experts take 30 ms to read on SQLite alone).
// It is reloaded when the store's version of the profiles changes (any
// expert row written, the counters included), so several servers on one
// database stay correct.
type index struct {
	mu      sync.Mutex
	version string
	all     []*Profile
	byTool  map[catalog.ToolCode][]entry // by tool: positions in all, with levels
	byID    map[ExpertID]*Profile
	// Sectors and provinces as bit sets, for the fast path of rank: each
	// distinct value has a bit (values past 64 fall back to Score).
	bits      map[string]uint64
	sectors   []uint64
	provinces []uint64
	pool      *sync.Pool // of *scratch sized for all
	// Need-independent parts (capacity, rating, experience) and the dense
	// organisation number (0 none) of each profile, by position.
	static []float64
	orgNo  []int32
	orgIDs []OrganisationID // by dense number
}

// scratch is the per-ranking working memory, reused through a pool so that
// a ranking does not allocate (and later collect) half a megabyte.
type scratch struct {
	num   []float64
	seen  []bool
	cands []*Profile
	orgs  []ScoredOrg // by dense organisation number
	oseen []int32     // dense numbers touched
}

type entry struct {
	pos   int32
	level int32
}

// current returns an up-to-date index.
func (x *index) current(ctx context.Context, st Store) (*index, error) {
	v, err := st.ProfilesVersion(ctx)
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.version != v || x.all == nil {
		ps, err := st.LoadProfiles(ctx)
		if err != nil {
			return nil, err
		}
		x.build(ps)
		x.version = v
	}
	return &index{version: x.version, all: x.all, byTool: x.byTool, byID: x.byID, bits: x.bits, sectors: x.sectors,
		provinces: x.provinces, pool: x.pool, static: x.static, orgNo: x.orgNo, orgIDs: x.orgIDs}, nil
}

// build fills the index from ps.
func (x *index) build(ps []*Profile) {
	// One array of profiles rather than one allocation each: a ranking
	// walks tens of thousands of them, and scattered structs made it wait
	// on memory more than compute.
	arr := make([]Profile, len(ps))
	for i, p := range ps {
		arr[i] = *p
		ps[i] = &arr[i]
	}
	x.all = ps
	n := len(ps)
	x.static, x.orgNo, x.orgIDs = make([]float64, n), make([]int32, n), []OrganisationID{0}
	dense := map[OrganisationID]int32{}
	for i, p := range ps {
		parts := partsOf(0, false, false, p)
		x.static[i] = parts.Capacity + parts.Rating + parts.Experience
		if p.Organisation != 0 {
			d, ok := dense[p.Organisation]
			if !ok {
				d = int32(len(x.orgIDs))
				dense[p.Organisation] = d
				x.orgIDs = append(x.orgIDs, p.Organisation)
			}
			x.orgNo[i] = d
		}
	}
	nOrgs := len(x.orgIDs)
	x.pool = &sync.Pool{New: func() any {
		return &scratch{num: make([]float64, n), seen: make([]bool, n), orgs: make([]ScoredOrg, nOrgs)}
	}}
	x.byTool = map[catalog.ToolCode][]entry{}
	x.byID = make(map[ExpertID]*Profile, len(ps))
	x.bits = map[string]uint64{}
	x.sectors, x.provinces = make([]uint64, len(ps)), make([]uint64, len(ps))
	bit := func(v string) uint64 {
		b, ok := x.bits[v]
		if !ok && len(x.bits) < 64 {
			b = 1 << len(x.bits)
			x.bits[v] = b
		}
		return b
	}
	for i, p := range ps {
		p.pos = int32(i)
		x.byID[p.ID] = p
		for t, l := range p.Tools {
			x.byTool[t] = append(x.byTool[t], entry{int32(i), int32(min(l, MaxLevel))})
		}
		for _, s := range p.Sectors {
			x.sectors[i] |= bit("s" + s)
		}
		for _, s := range p.Provinces {
			x.provinces[i] |= bit("p" + s)
		}
	}
}

// rank is Rank over the index: the tools fraction is summed along the
// tool lists, sector and province are bit tests. It gives the same parts
// as Score (a test checks it).
func (x *index) rank(q Query, c Conflicts, limit int) Ranking {
	limit = max(limit, 1)
	sb, sok := x.bits["s"+q.sector()]
	pb, pok := x.bits["p"+q.ProvinceCode]
	if len(x.bits) >= 64 && (!sok || !pok) {
		return Rank(q, x.candidates(q.Tools), c, limit) // a value without a bit: the slow path
	}
	sc := x.pool.Get().(*scratch)
	num, seen, cands := sc.num, sc.seen, sc.cands[:0]
	defer func() {
		for _, p := range cands { // leave the buffers clean for the next ranking
			num[p.pos], seen[p.pos] = 0, false
		}
		sc.cands = cands[:0]
		x.pool.Put(sc)
	}()
	var den float64
	for i, t := range q.Tools {
		w := RankWeight(i)
		den += w
		for _, e := range x.byTool[t] {
			num[e.pos] += w * float64(e.level) / MaxLevel
			if !seen[e.pos] {
				seen[e.pos] = true
				cands = append(cands, x.all[e.pos])
			}
		}
	}
	// Score every candidate from the arrays; the parts of the few that
	// enter the top are computed in full (the same values: partsOf).
	var r Ranking
	r.Candidates = len(cands)
	top := make([]Scored, 0, limit+1)
	oseen := sc.oseen[:0]
	for _, p := range cands {
		i := p.pos
		if c.Has(p) {
			r.Conflicted++
			continue
		}
		free := p.Capacity - p.Active
		if free <= 0 {
			r.Full++
			continue
		}
		tools := math.Round(WeightTools*num[i]/den*10) / 10
		total := tools + x.static[i]
		if sok && x.sectors[i]&sb != 0 {
			total += WeightSector
		}
		if pok && x.provinces[i]&pb != 0 {
			total += WeightProvince
		}
		total = math.Round(total*10) / 10
		if d := x.orgNo[i]; d != 0 {
			o := &sc.orgs[d]
			if o.ID == 0 {
				o.ID = x.orgIDs[d]
				oseen = append(oseen, d)
			}
			o.Members++
			if o.BestID == 0 || total > o.Best || (total == o.Best && p.ID < o.BestID) {
				o.Best, o.BestID = total, p.ID
			}
		}
		if len(top) == limit && (total < top[limit-1].Total || (total == top[limit-1].Total && (tools < top[limit-1].Parts.Tools ||
			(tools == top[limit-1].Parts.Tools && p.ID > top[limit-1].ID)))) {
			continue
		}
		parts := partsOf(num[i]/den, sok && x.sectors[i]&sb != 0, pok && x.provinces[i]&pb != 0, p)
		top = insertTop(top, Scored{ID: p.ID, Organisation: p.Organisation, Parts: parts, Total: totalOf(parts), Free: free, profile: p}, limit)
	}
	r.Experts = withLevels(top, q.Tools)
	for _, d := range oseen {
		r.Organisations = append(r.Organisations, sc.orgs[d])
		sc.orgs[d] = ScoredOrg{}
	}
	sc.oseen = oseen[:0]
	r.Organisations = sortOrgs(r.Organisations, limit)
	return r
}

// candidates returns the profiles with at least one of tools, each once.
func (x *index) candidates(tools []catalog.ToolCode) []*Profile {
	seen := make([]bool, len(x.all))
	var out []*Profile
	for _, t := range tools {
		for _, e := range x.byTool[t] {
			if !seen[e.pos] {
				seen[e.pos] = true
				out = append(out, x.all[e.pos])
			}
		}
	}
	return out
}

// profile returns the profile of id, or nil.
func (x *index) profile(id ExpertID) *Profile { return x.byID[id] }
