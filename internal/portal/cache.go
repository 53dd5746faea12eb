package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"
)

// PageCache keeps rendered public pages for a short time. A page is built
// again when it is older than the TTL or its generation changed (a write
// of what it shows): one caller rebuilds it while the others keep getting
// the old copy, so a busy page never stampedes the database.
type PageCache struct {
	ttl time.Duration
	now func() time.Time
	max int

	mu    sync.Mutex
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
	first    sync.Mutex
	page     atomic.Pointer[Page]
	building atomic.Bool
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

// Get returns the page under key built at generation gen, calling build
// when there is none, or it is stale and no other caller is rebuilding it.
// When the cache is full, a new key is built and not kept.
func (c *PageCache) Get(key string, gen int64, build func() ([]byte, error)) (*Page, error) {
	c.mu.Lock()
	s, ok := c.slots[key]
	if !ok && len(c.slots) < c.max {
		s = &slot{}
		c.slots[key] = s
	}
	c.mu.Unlock()
	if s == nil {
		b, err := build()
		if err != nil {
			return nil, err
		}
		return NewPage(b), nil
	}
	p := s.page.Load()
	if p != nil && p.gen == gen && c.now().Sub(p.built) < c.ttl {
		return p, nil
	}
	rebuild := func() (*Page, error) {
		b, err := build()
		if err != nil {
			return nil, err
		}
		np := NewPage(b)
		np.built, np.gen = c.now(), gen
		s.page.Store(np)
		return np, nil
	}
	if p != nil {
		if !s.building.CompareAndSwap(false, true) {
			return p, nil
		}
		defer s.building.Store(false)
		return rebuild()
	}
	s.first.Lock()
	defer s.first.Unlock()
	if p = s.page.Load(); p != nil {
		return p, nil
	}
	return rebuild()
}

// Len is the number of keys kept.
func (c *PageCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.slots)
}
