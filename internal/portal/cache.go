package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"
)

// PageCache keeps rendered public pages for a short time, at most max of
// them (the least recently used is dropped to keep a new one). A page is
// built again when it is older than the TTL or its generation changed (a
// write of what it shows). Only when the TTL alone expired do the other
// callers keep getting the old copy while one rebuilds it; after a
// generation change nobody gets the old copy: they wait for the rebuild,
// as for the first build. A failed build drops the slot, so an address
// that does not answer (a 404, a page just hidden) keeps nothing.
type PageCache struct {
	ttl time.Duration
	now func() time.Time
	max int

	mu    sync.Mutex
	tick  uint64
	slots map[string]*slot
}

// Page is a rendered page with its entity tag.
type Page struct {
	Body  []byte
	ETag  string // a strong validator, quoted
	built time.Time
	gen   int64
}

type slot struct {
	build    sync.Mutex // held while the page is built
	page     atomic.Pointer[Page]
	building atomic.Bool // a TTL rebuild is running
	used     uint64      // the cache's tick at the last use (under PageCache.mu)
}

// NewPageCache returns a cache of at most max pages.
func NewPageCache(ttl time.Duration, now func() time.Time, max int) *PageCache {
	if now == nil {
		now = time.Now
	}
	return &PageCache{ttl: ttl, now: now, max: max, slots: map[string]*slot{}}
}

// NewPage wraps body with its entity tag (for pages not cached).
func NewPage(body []byte) *Page {
	sum := sha256.Sum256(body)
	return &Page{Body: body, ETag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// Get returns the page under key built at generation gen (generations
// only grow), calling build when there is none, it is stale by the TTL and
// no other caller is rebuilding it, or its generation is older.
func (c *PageCache) Get(key string, gen int64, build func() ([]byte, error)) (*Page, error) {
	s := c.slot(key)
	if s == nil {
		b, err := build()
		if err != nil {
			return nil, err
		}
		return NewPage(b), nil
	}
	p := s.page.Load()
	if p != nil && p.gen >= gen {
		if p.gen > gen || c.now().Sub(p.built) < c.ttl {
			return p, nil
		}
		// Only the TTL expired: one caller rebuilds, the others keep
		// the old copy meanwhile.
		if !s.building.CompareAndSwap(false, true) {
			return p, nil
		}
		defer s.building.Store(false)
		s.build.Lock()
		defer s.build.Unlock()
		if q := s.page.Load(); q != p && q != nil && q.gen >= gen {
			return q, nil // rebuilt meanwhile
		}
		return c.rebuild(key, s, gen, build)
	}
	// No page yet or an older generation: wait for the build under way,
	// if any, never serving the old copy.
	s.build.Lock()
	defer s.build.Unlock()
	if p = s.page.Load(); p != nil && p.gen >= gen && (p.gen > gen || c.now().Sub(p.built) < c.ttl) {
		return p, nil
	}
	return c.rebuild(key, s, gen, build)
}

// slot returns key's slot, making one (and dropping the least recently
// used when the cache is full); nil when the cache keeps nothing.
func (c *PageCache) slot(key string) *slot {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	s, ok := c.slots[key]
	if !ok {
		if c.max <= 0 {
			return nil
		}
		if len(c.slots) >= c.max {
			c.evict()
		}
		s = &slot{}
		c.slots[key] = s
	}
	s.used = c.tick
	return s
}

// evict drops the least recently used slot (under c.mu).
func (c *PageCache) evict() {
	var oldK string
	var old *slot
	for k, s := range c.slots {
		if old == nil || s.used < old.used {
			oldK, old = k, s
		}
	}
	if old != nil {
		delete(c.slots, oldK)
	}
}

// rebuild builds s's page (under s.build): on success it is kept, on
// failure the slot is dropped along with its old page.
func (c *PageCache) rebuild(key string, s *slot, gen int64, build func() ([]byte, error)) (*Page, error) {
	b, err := build()
	if err != nil {
		s.page.Store(nil)
		c.mu.Lock()
		if c.slots[key] == s {
			delete(c.slots, key)
		}
		c.mu.Unlock()
		return nil, err
	}
	np := NewPage(b)
	np.built, np.gen = c.now(), gen
	s.page.Store(np)
	return np, nil
}

// Len is the number of keys kept.
func (c *PageCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.slots)
}
