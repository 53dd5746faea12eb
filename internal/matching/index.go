package matching

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"nscl/internal/catalog"
)

// indexCache keeps the current index of the profiles. A ranking reads the
// store's version (one row) and uses the current index if it covers it;
// otherwise one caller rebuilds, outside any lock that rankings wait on,
// and swaps the new index in. Meanwhile the other rankings keep using the
// old index (or, at start, wait for the first). A change of the
// track-record counters only (every accept, completion, rating) refreshes
// the counters of the current profiles rather than reading them all again.
type indexCache struct {
	cur      atomic.Pointer[index]
	mu       sync.Mutex    // guards building
	building chan struct{} // closed when the running rebuild ends; nil if none
}

// current returns an index that covers the store's version.
func (c *indexCache) current(ctx context.Context, st Store) (*index, error) {
	v, err := st.ProfilesVersion(ctx)
	if err != nil {
		return nil, err
	}
	for {
		x := c.cur.Load()
		if x != nil && x.version.covers(v) {
			return x, nil
		}
		c.mu.Lock()
		if ch := c.building; ch != nil {
			c.mu.Unlock()
			if x != nil {
				return x, nil // another caller rebuilds: keep the old index meanwhile
			}
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		ch := make(chan struct{})
		c.building = ch
		c.mu.Unlock()
		nx, err := c.rebuild(ctx, st, x, v)
		c.mu.Lock()
		if err == nil {
			c.cur.Store(nx)
		}
		c.building = nil
		c.mu.Unlock()
		close(ch)
		return nx, err
	}
}

// rebuild returns a new index at version v: the counters of old refreshed
// if only they changed, every profile read again otherwise.
func (c *indexCache) rebuild(ctx context.Context, st Store, old *index, v Version) (x *index, err error) {
	var ps []*Profile
	if old != nil && old.version.Profiles == v.Profiles {
		cs, err := st.LoadCounters(ctx)
		if err != nil {
			return nil, err
		}
		ps = make([]*Profile, len(old.all))
		for i, p := range old.all {
			q := *p // Tools, Sectors and Provinces are shared: never written after build
			if d, ok := cs[p.ID]; ok {
				q.Active, q.Completed, q.RatingSum, q.RatingCount = d.Active, d.Completed, d.RatingSum, d.RatingCount
			}
			ps[i] = &q
		}
	} else if ps, err = st.LoadProfiles(ctx); err != nil {
		return nil, err
	}
	x = &index{version: v}
	x.build(ps)
	return x, nil
}

// index holds the profiles of the experts who may be matched, with an
// inverted index by tool, so that ranking one need reads memory rather
// than every candidate row (60,000 expertise rows for a need of four
// common tools over 50,000 experts take 30 ms to read on SQLite alone).
// An index is never changed once built (indexCache swaps whole indexes),
// so rankings read it without a lock.
type index struct {
	version Version
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
	// number (0 none) of the organisation each profile made public, by
	// position.
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
		if o := p.publicOrg(); o != 0 {
			d, ok := dense[o]
			if !ok {
				d = int32(len(x.orgIDs))
				dense[o] = d
				x.orgIDs = append(x.orgIDs, o)
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
		top = insertTop(top, Scored{ID: p.ID, Organisation: p.publicOrg(), Parts: parts, Total: totalOf(parts), Free: free, profile: p}, limit)
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
