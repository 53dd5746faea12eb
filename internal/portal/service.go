package portal

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"nscl/internal/contest"
	"nscl/internal/library"
	"nscl/internal/news"
	"nscl/internal/programme"
)

// The sources of the home page; each is optional (nil: its part is empty).
type (
	// Figures are the programme's public aggregates (*programme.Service).
	Figures interface {
		Figures(ctx context.Context, year int) (*programme.Dashboard, error)
	}
	// News are the latest articles (*news.Service).
	News interface {
		LatestArticles(ctx context.Context, n int) ([]news.ArticleSummary, error)
	}
	// Library are the latest cases (*library.Service).
	Library interface {
		LatestCases(ctx context.Context, n int) ([]library.CaseSummary, error)
	}
	// Contests are the latest honours and the contests open for entries
	// (*contest.Service).
	Contests interface {
		LatestHonours(ctx context.Context, n int) ([]*contest.HonourRecord, error)
		OpenContests(ctx context.Context) ([]*contest.Contest, error)
		// HonourGeneration changes when an honour does: a cached copy
		// built at another generation is stale.
		HonourGeneration() int64
	}
)

// Options configure a Service.
type Options struct {
	Figures  Figures
	News     News
	Library  Library
	Contests Contests
	// TTL is how long the home page's data is served before it is built
	// again (DefaultTTL when 0).
	TTL   time.Duration
	Clock func() time.Time
	Log   *slog.Logger
}

// DefaultTTL is how long the home page's data and the cached public pages
// live.
const DefaultTTL = 60 * time.Second

// How many items of each list the home page shows.
const (
	HomeNews     = 4
	HomeCases    = 3
	HomeHonours  = 6
	HomeContests = 4
)

// Service builds the home page's data.
type Service struct {
	o     Options
	now   func() time.Time
	log   *slog.Logger
	ttl   time.Duration
	pages *PageCache

	cur      atomic.Pointer[Home]
	first    sync.Mutex  // held while the first copy is built
	building atomic.Bool // a rebuild is running: others serve the old copy
	seq      atomic.Int64
}

// honourGen is the contests' honour generation (0 without contests).
func (s *Service) honourGen() int64 {
	if s.o.Contests == nil {
		return 0
	}
	return s.o.Contests.HonourGeneration()
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	return &Service{o: o, now: o.Clock, log: o.Log, ttl: o.TTL, pages: NewPageCache(o.TTL, o.Clock, 512)}
}

// Pages is the cache of rendered public pages (the home page per
// language, the honour roll's pages).
func (s *Service) Pages() *PageCache { return s.pages }

// Home is the home page's data: aggregates and public lists only. It is
// shared by every visitor and never changed once built.
type Home struct {
	Seq      int64 // increases with every build
	BuiltAt  time.Time
	Figures  *programme.Dashboard // all years; nil without the programme
	News     []news.ArticleSummary
	Cases    []library.CaseSummary
	Honours  []*contest.HonourRecord
	Contests []*contest.Contest
	honours  int64 // the honour generation it was built at
}

// Home returns the home page's data: the cached copy while it is younger
// than the TTL and no honour changed. A copy only older than the TTL is
// still returned at once, and one new copy is built beside it (at national
// scale the figures take over a second, which no visitor should wait for
// once a minute). After an honour change one caller waits for the new copy
// while the others keep getting the old one. Only the very first build
// makes every caller wait.
func (s *Service) Home(ctx context.Context) (*Home, error) {
	h := s.cur.Load()
	if h != nil && s.now().Sub(h.BuiltAt) < s.ttl && h.honours == s.honourGen() {
		return h, nil
	}
	if h != nil {
		if !s.building.CompareAndSwap(false, true) {
			return h, nil
		}
		if h.honours == s.honourGen() {
			go func() {
				defer s.building.Store(false)
				s.rebuild(ctx, h)
			}()
			return h, nil
		}
		defer s.building.Store(false)
		return s.rebuild(ctx, h), nil
	}
	s.first.Lock()
	defer s.first.Unlock()
	if h = s.cur.Load(); h != nil {
		return h, nil
	}
	nh, err := s.build(ctx)
	if err != nil {
		return nil, err
	}
	s.cur.Store(nh)
	return nh, nil
}

// rebuild builds and stores a new copy and returns it; if the build fails
// it keeps and returns old (the old copy is better than an error page).
func (s *Service) rebuild(ctx context.Context, old *Home) *Home {
	nh, err := s.build(ctx)
	if err != nil {
		s.log.Warn("portal: rebuild the home page", "err", err)
		return old
	}
	s.cur.Store(nh)
	return nh
}

// build reads every source. The request's cancellation does not end a
// build that other visitors will share.
func (s *Service) build(ctx context.Context) (*Home, error) {
	ctx = context.WithoutCancel(ctx)
	h := &Home{Seq: s.seq.Add(1), BuiltAt: s.now(), honours: s.honourGen()}
	var err error
	if s.o.Figures != nil {
		if h.Figures, err = s.o.Figures.Figures(ctx, 0); err != nil {
			return nil, err
		}
	}
	if s.o.News != nil {
		if h.News, err = s.o.News.LatestArticles(ctx, HomeNews); err != nil {
			return nil, err
		}
	}
	if s.o.Library != nil {
		if h.Cases, err = s.o.Library.LatestCases(ctx, HomeCases); err != nil {
			return nil, err
		}
	}
	if s.o.Contests != nil {
		if h.Honours, err = s.o.Contests.LatestHonours(ctx, HomeHonours); err != nil {
			return nil, err
		}
		if h.Contests, err = s.o.Contests.OpenContests(ctx); err != nil {
			return nil, err
		}
		if len(h.Contests) > HomeContests {
			h.Contests = h.Contests[:HomeContests]
		}
	}
	return h, nil
}
