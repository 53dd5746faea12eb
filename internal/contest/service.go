package contest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"nscl/internal/audit"
	"nscl/internal/geo"
	"nscl/internal/registry"
)

// Store keeps contests, entries, judging and honours. Its methods are
// declared by area, each in the area's file (setup.go, entries.go,
// judging.go, honours.go); core.go has those every area uses. Finders
// return fault.NotFound for a missing object; an update whose version is
// stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error

	CoreStore
	SetupStore
	EntryStore
	JudgingStore
	HonourStore
}

// Registry is what contests read of the registry (*registry.Service
// does): an enterprise the actor may see.
type Registry interface {
	FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error)
}

// Activities is what contests read of the programme: an enterprise's
// completed activities with their verified results, to link to an entry
// and take its KPIs from (cmd adapts *programme.Service).
type Activities interface {
	CompletedActivities(ctx context.Context, ent registry.EnterpriseID) ([]ActivityRef, error)
}

// ActivityRef is a completed programme activity an entry may build on.
type ActivityRef struct {
	ID       int64
	Code     string
	Title    string
	ClosedOn time.Time
	KPIs     []EntryKPI // its verified results, Verified set
}

// Mailer sends one plain-text email (*mail.Service does).
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// Options configure a Service. Store and Registry are required.
type Options struct {
	Store      Store
	Registry   Registry
	Activities Activities // without it entries link no activities
	Mailer     Mailer     // without it no notices are sent
	Geo        *geo.Table // the provinces; loaded from the embedded table when nil
	Clock      func() time.Time
	Log        *slog.Logger
	BaseURL    string // for links in notices
}

// Service is the contests' use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store      Store
	reg        Registry
	activities Activities
	mailer     Mailer
	geo        *geo.Table
	now        func() time.Time
	log        *slog.Logger
	baseURL    string
	// honourGen counts the honour roll's changes made through this
	// Service: the caches of the public pages key on it.
	honourGen atomic.Int64
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Geo == nil {
		o.Geo = geo.MustLoad()
	}
	return &Service{store: o.Store, reg: o.Registry, activities: o.Activities, mailer: o.Mailer, geo: o.Geo,
		now: o.Clock, log: o.Log, baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}
