package portal_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nscl/internal/contest"
	"nscl/internal/portal"
	"nscl/internal/programme"
)

type fakeSources struct {
	calls atomic.Int32
	fail  atomic.Bool
	gate  chan struct{}
	gen   atomic.Int64 // the honour generation
}

func (f *fakeSources) HonourGeneration() int64 { return f.gen.Load() }

func (f *fakeSources) Figures(ctx context.Context, year int) (*programme.Dashboard, error) {
	f.calls.Add(1)
	if f.gate != nil {
		<-f.gate
	}
	if f.fail.Load() {
		return nil, errors.New("database down")
	}
	return &programme.Dashboard{Totals: programme.Totals{Activities: int(f.calls.Load())}}, nil
}

func (f *fakeSources) LatestHonours(ctx context.Context, n int) ([]*contest.HonourRecord, error) {
	return []*contest.HonourRecord{{Honour: &contest.Honour{Title: "A"}}}, nil
}

func (f *fakeSources) OpenContests(ctx context.Context) ([]*contest.Contest, error) {
	return make([]*contest.Contest, 7), nil
}

// TestHome_CacheAndRefresh: the data is built once while fresh, again
// after the TTL or an honour change; a failed rebuild keeps the old copy;
// the lists are capped.
func TestHome_CacheAndRefresh(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	f := &fakeSources{}
	var clock sync.Mutex // the rebuild beside a stale copy reads the clock
	s := portal.NewService(portal.Options{Figures: f, Contests: f, TTL: time.Minute, Clock: func() time.Time {
		clock.Lock()
		defer clock.Unlock()
		return now
	}})
	ctx := context.Background()
	h1, err := s.Home(ctx)
	if err != nil || h1.Figures.Totals.Activities != 1 || len(h1.Contests) != portal.HomeContests || len(h1.Honours) != 1 {
		t.Fatalf("first: %+v, %v", h1, err)
	}
	if h, _ := s.Home(ctx); h != h1 || f.calls.Load() != 1 {
		t.Fatalf("fresh copy rebuilt (%d calls)", f.calls.Load())
	}
	f.gen.Add(1) // an honour changed
	h2, _ := s.Home(ctx)
	if h2 == h1 || h2.Seq <= h1.Seq {
		t.Fatal("an honour change does not rebuild")
	}
	clock.Lock()
	now = now.Add(2 * time.Minute)
	clock.Unlock()
	f.fail.Store(true)
	if h, err := s.Home(ctx); err != nil || h != h2 {
		t.Fatalf("stale copy: %v, %v", h, err)
	}
	// The rebuild beside it fails: the old copy stays.
	waitFor(t, func() bool { return f.calls.Load() == 3 && !s.Building() })
	if h, err := s.Home(ctx); err != nil || h != h2 {
		t.Fatalf("after a failed rebuild: %v, %v", h, err)
	}
	f.fail.Store(false)
	waitFor(t, func() bool {
		h, _ := s.Home(ctx)
		return h != h2 && h.Seq > h2.Seq
	})
}

// waitFor waits up to 5 s for cond.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestHome_SingleFlight: many visitors at once while the data is stale:
// one rebuild, beside them; every one gets the old copy at once, without
// waiting for it.
func TestHome_SingleFlight(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix())
	f := &fakeSources{}
	s := portal.NewService(portal.Options{Figures: f, TTL: time.Minute, Clock: func() time.Time { return time.Unix(now.Load(), 0) }})
	old, _ := s.Home(context.Background())
	now.Add(120)
	f.gate = make(chan struct{})
	var wg sync.WaitGroup
	var stale atomic.Int32
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if h, _ := s.Home(context.Background()); h == old {
				stale.Add(1)
			}
		}()
	}
	wg.Wait() // while the rebuild waits at the gate
	if stale.Load() != 50 {
		t.Fatalf("old copies served %d of 50 while rebuilding", stale.Load())
	}
	close(f.gate)
	waitFor(t, func() bool { h, _ := s.Home(context.Background()); return h != old })
	if f.calls.Load() != 2 {
		t.Fatalf("builds %d, want 2", f.calls.Load())
	}
}

// TestPageCache: built once per generation and TTL; a full cache drops
// its least recently used page; the entity tag follows the bytes.
func TestPageCache(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := portal.NewPageCache(time.Minute, func() time.Time { return now }, 2)
	n := 0
	build := func() ([]byte, error) { n++; return []byte{byte('a' + n)}, nil }
	p1, _ := c.Get("x", 1, build)
	p2, _ := c.Get("x", 1, build)
	if p1 != p2 || n != 1 || p1.ETag == "" {
		t.Fatalf("cached: %d builds", n)
	}
	p3, _ := c.Get("x", 2, build)
	if p3 == p1 || p3.ETag == p1.ETag || n != 2 {
		t.Fatal("new generation not rebuilt")
	}
	now = now.Add(2 * time.Minute)
	if p, _ := c.Get("x", 2, build); p == p3 || n != 3 {
		t.Fatal("stale page not rebuilt")
	}
	c.Get("y", 1, build)
	c.Get("z", 1, build)
	c.Get("z", 1, build)
	if c.Len() != 2 || n != 5 {
		t.Fatalf("full cache: %d keys, %d builds", c.Len(), n)
	}
	if _, err := c.Get("w", 1, func() ([]byte, error) { return nil, errors.New("boom") }); err == nil {
		t.Fatal("build error lost")
	}
}

// BenchmarkPageCache_Hit is the cost of serving a cached page's bytes.
func BenchmarkPageCache_Hit(b *testing.B) {
	c := portal.NewPageCache(time.Minute, nil, 512)
	body := make([]byte, 15000)
	if _, err := c.Get("vi\x00home\x00/", 1, func() ([]byte, error) { return body, nil }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if p, _ := c.Get("vi\x00home\x00/", 1, nil); len(p.Body) != len(body) {
				b.Fatal("miss")
			}
		}
	})
}
