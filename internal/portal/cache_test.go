package portal

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// TestPageCache_GenerationChangeNeverServesOldPage: a page cached while
// public, then hidden (the generation changes and the build fails with
// 404): a visitor arriving during the failing rebuild waits for it instead
// of getting the taken-down page, gets the error, and the failed build
// leaves no slot behind — every round, not only the first.
func TestPageCache_GenerationChangeNeverServesOldPage(t *testing.T) {
	const key = "vi\x00honour_show\x00/vinh-danh/2025/x"
	c := NewPageCache(time.Minute, nil, 10)
	if _, err := c.Get(key, 1, func() ([]byte, error) { return []byte("SECRET STORY"), nil }); err != nil {
		t.Fatal(err)
	}
	errGone := errors.New("404 honour hidden")
	for round := range 3 {
		started, release := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Get(key, 2, func() ([]byte, error) { close(started); <-release; return nil, errGone })
			if !errors.Is(err, errGone) {
				t.Errorf("round %d: rebuilder: %v", round, err)
			}
		}()
		<-started
		type result struct {
			p   *Page
			err error
		}
		visitor := make(chan result, 1)
		go func() {
			p, err := c.Get(key, 2, func() ([]byte, error) { return nil, errGone })
			visitor <- result{p, err}
		}()
		select {
		case v := <-visitor:
			t.Fatalf("round %d: a visitor did not wait for the rebuild after the generation changed: %v, %v", round, v.p, v.err)
		case <-time.After(50 * time.Millisecond):
		}
		close(release)
		wg.Wait()
		if v := <-visitor; v.err == nil || v.p != nil {
			t.Errorf("round %d: after the honour was hidden, a visitor got %q", round, v.p.Body)
		}
		if n := c.Len(); n != 0 {
			t.Errorf("round %d: %d slots left after failed builds", round, n)
		}
	}
}

// TestPageCache_StaleByTTLServesOldCopy: with the generation unchanged, a
// page past its TTL is rebuilt by one caller while the others get the old
// copy at once; a failed build drops the slot.
func TestPageCache_StaleByTTLServesOldCopy(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := NewPageCache(time.Minute, clock, 10)
	old, err := c.Get("k", 1, func() ([]byte, error) { return []byte("old"), nil })
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan *Page)
	go func() {
		p, _ := c.Get("k", 1, func() ([]byte, error) { close(started); <-release; return []byte("new"), nil })
		done <- p
	}()
	<-started
	if p, err := c.Get("k", 1, func() ([]byte, error) { t.Error("second rebuild"); return nil, nil }); err != nil || p != old {
		t.Fatalf("during the TTL rebuild: %v, %v", p, err)
	}
	close(release)
	if p := <-done; string(p.Body) != "new" {
		t.Fatalf("rebuilt %q", p.Body)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	if _, err := c.Get("k", 1, func() ([]byte, error) { return nil, errors.New("down") }); err == nil || c.Len() != 0 {
		t.Fatalf("failed TTL rebuild: %v, %d slots", err, c.Len())
	}
}

// TestPageCache_EvictsLeastRecentlyUsed: a full cache drops the page used
// longest ago to keep a new one, so junk keys cannot lock real pages out.
func TestPageCache_EvictsLeastRecentlyUsed(t *testing.T) {
	c := NewPageCache(time.Minute, nil, 2)
	n := 0
	build := func() ([]byte, error) { n++; return []byte{byte('a' + n)}, nil }
	c.Get("a", 1, build)
	c.Get("b", 1, build)
	c.Get("a", 1, build) // a is now the most recent
	c.Get("c", 1, build) // evicts b
	if c.Len() != 2 || n != 3 {
		t.Fatalf("%d slots, %d builds", c.Len(), n)
	}
	c.Get("a", 1, build)
	c.Get("c", 1, build)
	if n != 3 {
		t.Fatalf("a or c evicted: %d builds", n)
	}
	c.Get("b", 1, build)
	if n != 4 || c.Len() != 2 {
		t.Fatalf("b: %d builds, %d slots", n, c.Len())
	}
}
