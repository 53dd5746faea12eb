package matching

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nscl/internal/catalog"
)

// TestRank_HiddenOrganisation checks that a member who keeps the
// organisation private is neither counted in nor named by the
// organisation's ranking, on both paths, though the membership still
// counts as a conflict of interest.
func TestRank_HiddenOrganisation(t *testing.T) {
	q := Query{Tools: []catalog.ToolCode{"5s"}, Industry: "plastics", ProvinceCode: "79"}
	ps := []*Profile{
		{ID: 1, Organisation: 10, OrgPublic: true, Tools: map[catalog.ToolCode]int{"5s": 1}, Capacity: 1},
		{ID: 2, Organisation: 10, Tools: map[catalog.ToolCode]int{"5s": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"}, Capacity: 3},
		{ID: 3, Organisation: 20, Tools: map[catalog.ToolCode]int{"5s": 3}, Capacity: 1},
	}
	var x index
	x.build(ps)
	for name, r := range map[string]Ranking{"fast": x.rank(q, Conflicts{}, 10), "slow": Rank(q, x.candidates(q.Tools), Conflicts{}, 10)} {
		if len(r.Organisations) != 1 || r.Organisations[0].ID != 10 || r.Organisations[0].Members != 1 || r.Organisations[0].BestID != 1 {
			t.Fatalf("%s: organisations %+v: want organisation 10 with its one public member 1", name, r.Organisations)
		}
		for _, e := range r.Experts {
			if e.ID != 1 && e.Organisation != 0 {
				t.Fatalf("%s: expert %d shows the hidden organisation %d", name, e.ID, e.Organisation)
			}
		}
	}
	c := Conflicts{Organisations: map[OrganisationID]bool{20: true}}
	if r := x.rank(q, c, 10); r.Conflicted != 1 {
		t.Fatalf("a hidden membership of the enterprise's organisation: conflicted %d, want 1", r.Conflicted)
	}
}

// versionStore is a Store whose version and profiles a test sets;
// LoadProfiles may be held to observe a rebuild in progress.
type versionStore struct {
	Store
	mu       sync.Mutex
	v        Version
	ps       func() []*Profile
	counters map[ExpertID]TrackDelta
	hold     chan struct{} // if not nil, LoadProfiles waits for it
	entered  chan struct{} // signalled when LoadProfiles starts
	loads    atomic.Int32
	cloads   atomic.Int32
}

func (s *versionStore) ProfilesVersion(context.Context) (Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v, nil
}

func (s *versionStore) LoadProfiles(ctx context.Context) ([]*Profile, error) {
	s.loads.Add(1)
	s.mu.Lock()
	hold, entered := s.hold, s.entered
	s.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if hold != nil {
		<-hold
	}
	return s.ps(), nil
}

func (s *versionStore) LoadCounters(context.Context) (map[ExpertID]TrackDelta, error) {
	s.cloads.Add(1)
	return s.counters, nil
}

func (s *versionStore) set(v Version) {
	s.mu.Lock()
	s.v = v
	s.mu.Unlock()
}

// TestIndexCache_RebuildOutsideLock checks that a rebuild does not make
// other rankings wait (they keep the old index), that only one rebuild
// runs, and that a change of the counters only refreshes the counters.
func TestIndexCache_RebuildOutsideLock(t *testing.T) {
	ctx := context.Background()
	gen := 1
	st := &versionStore{v: Version{1, 1}, ps: func() []*Profile {
		return []*Profile{{ID: 1, Tools: map[catalog.ToolCode]int{"5s": gen}, Capacity: 2}}
	}}
	var c indexCache
	x1, err := c.current(ctx, st)
	if err != nil || x1.profile(1).Tools["5s"] != 1 || st.loads.Load() != 1 {
		t.Fatalf("first index %+v, %v, %d loads", x1, err, st.loads.Load())
	}
	if x, _ := c.current(ctx, st); x != x1 || st.loads.Load() != 1 {
		t.Fatal("same version: the index was rebuilt")
	}

	// A profile change: one caller rebuilds while the others keep x1.
	gen = 2
	st.mu.Lock()
	st.hold, st.entered = make(chan struct{}), make(chan struct{}, 4)
	st.mu.Unlock()
	st.set(Version{2, 1})
	done := make(chan *index)
	go func() {
		x, err := c.current(ctx, st)
		if err != nil {
			t.Error(err)
		}
		done <- x
	}()
	<-st.entered
	for range 3 {
		got := make(chan *index)
		go func() { x, _ := c.current(ctx, st); got <- x }()
		select {
		case x := <-got:
			if x != x1 {
				t.Fatal("during a rebuild: not the old index")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a ranking waited for the rebuild")
		}
	}
	close(st.hold)
	x2 := <-done
	if x2.version != (Version{2, 1}) || x2.profile(1).Tools["5s"] != 2 || st.loads.Load() != 2 {
		t.Fatalf("rebuilt index %+v, %d loads: want one rebuild", x2.version, st.loads.Load())
	}
	if x1.profile(1).Tools["5s"] != 1 {
		t.Fatal("the old index changed")
	}
	st.mu.Lock()
	st.hold, st.entered = nil, nil
	st.mu.Unlock()

	// The counters only: no profile read, the counters refreshed.
	st.counters = map[ExpertID]TrackDelta{1: {Active: 2, Completed: 7, RatingSum: 9, RatingCount: 2}}
	st.set(Version{2, 5})
	x3, err := c.current(ctx, st)
	if err != nil || st.loads.Load() != 2 || st.cloads.Load() != 1 {
		t.Fatalf("counters change: %v, %d loads, %d counter loads", err, st.loads.Load(), st.cloads.Load())
	}
	p := x3.profile(1)
	if p.Active != 2 || p.Completed != 7 || p.RatingSum != 9 || p.Tools["5s"] != 2 || x2.profile(1).Completed != 0 {
		t.Fatalf("refreshed profile %+v", p)
	}
	// Full: the fast path leaves it out like the slow one.
	q := Query{Tools: []catalog.ToolCode{"5s"}}
	if r := x3.rank(q, Conflicts{}, 5); r.Full != 1 || len(r.Experts) != 0 {
		t.Fatalf("after the counters: %+v", r)
	}
}
