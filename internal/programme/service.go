package programme

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/geo"
	"nscl/internal/registry"
)

// Store keeps the programme. Its methods are declared by area, each in the
// area's file (setup.go, activity.go, execution.go, results.go, facts.go);
// core.go has those every area uses. Finders return fault.NotFound for a
// missing object; an update whose version is stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error
	// Version is a counter the database bumps on every write the dashboard
	// reads (programme_version), the same on every server.
	Version(ctx context.Context) (int64, error)

	CoreStore
	SetupStore
	ActivityStore
	ExecutionStore
	ResultStore
	FactsStore
}

// Registry is what the programme reads of the registry (*registry.Service
// does): an enterprise the actor may see, and its eligibility for a track on
// a date under the rules then in force.
type Registry interface {
	FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error)
	Eligibility(ctx context.Context, id registry.EnterpriseID, track registry.Track, counterpartPct float64, on time.Time) (*registry.Eligibility, error)
}

// Mailer sends one plain-text email (*mail.Service does).
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// Options configure a Service. Store and Registry are required.
type Options struct {
	Store    Store
	Registry Registry
	Mailer   Mailer     // without it no notices are sent
	Geo      *geo.Table // the provinces; loaded from the embedded table when nil
	Clock    func() time.Time
	Log      *slog.Logger
	BaseURL  string // for links in notices
	// FactsWait is how long a request waits for a dashboard rebuild before
	// it serves the previous snapshot (default 80 ms; see factsCache).
	FactsWait time.Duration
}

// Service is the programme's use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store   Store
	reg     Registry
	mailer  Mailer
	now     func() time.Time
	log     *slog.Logger
	baseURL string
	geo     *geo.Table
	// factsWait: see Options.FactsWait.
	factsWait time.Duration
	facts     factsCache  // facts.go
	spread    spreadCache // spread.go
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.FactsWait <= 0 {
		o.FactsWait = 80 * time.Millisecond
	}
	if o.Geo == nil {
		o.Geo = geo.MustLoad()
	}
	return &Service{store: o.Store, reg: o.Registry, mailer: o.Mailer, now: o.Clock, log: o.Log, geo: o.Geo, factsWait: o.FactsWait,
		baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}
