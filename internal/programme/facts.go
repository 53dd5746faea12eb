package programme

import (
	"context"
	"sync"
	"time"
)

// FactsStore reads what the dashboard, the exports and the annual report
// aggregate (sqldb/programme_facts.go). The scans call fn once per row, so
// that 200,000 activities never sit in memory as full rows.
type FactsStore interface {
	// FactsActivityRange returns the smallest and largest activity id (0, 0
	// when there is none), read once for every part of a scan.
	FactsActivityRange(ctx context.Context) (lo, hi int64, err error)
	// FactsActivities scans part (0 ≤ part < parts) of the programme's
	// activities with ids in [lo, hi], by id: the parts split that range
	// evenly, so that they can be read side by side.
	FactsActivities(ctx context.Context, lo, hi int64, part, parts int, fn func(*FactRow) error) error
	// FactsDisbursements scans the payments summed by activity and by the
	// year they were paid (paid_on).
	FactsDisbursements(ctx context.Context, fn func(id ActivityID, year int, amount int64) error) error
	// FactsKPIs scans the KPIs that have an actual value.
	FactsKPIs(ctx context.Context, fn func(id ActivityID, code string, baseline, actual float64) error) error
	// FactsReplications scans the replications, by id.
	FactsReplications(ctx context.Context, fn func(*ReplicationRow) error) error
	// FactsTargets returns the programme's targets.
	FactsTargets(ctx context.Context) ([]Target, error)
	// FactsPlanLines returns the budget lines of the approved plans.
	FactsPlanLines(ctx context.Context) ([]PlanLineRow, error)
	// FactsExperts counts, for each year, the directory's experts (not
	// anonymised) holding a credential valid at the end of that year, by
	// province: the counts are per year, not cumulative.
	FactsExperts(ctx context.Context) ([]ExpertCount, error)
	// FactsFigures scans the registry figures of the enterprises that have
	// a supported activity, by enterprise and year.
	FactsFigures(ctx context.Context, fn func(*FigureRow) error) error
	// FactsExport scans the activities matching f for the export, by id.
	FactsExport(ctx context.Context, f FactsFilter, fn func(*ExportRow) error) error
}

// FactRow is an activity as the facts scan reads it.
type FactRow struct {
	ID           ActivityID
	Year         int
	ContractDate string
	Status       Status
	Type         ActivityType
	Track        Track
	EnterpriseID int64
	Province     string
	Industry     string
	SizeClass    string
	StateBudget  int64
	Counterpart  int64
	Approved     int64
	Disbursed    int64
}

// ReplicationRow is a replication as the facts scan reads it.
type ReplicationRow struct {
	ID           ReplicationID
	PilotID      ActivityID
	EnterpriseID int64
	SourceID     ReplicationID
	AppliedOn    string
	Province     string
	Industry     string
	SizeClass    string
}

// PlanLineRow is a budget line of an approved plan.
type PlanLineRow struct {
	Year     int
	Province string // "" for the ministry's plan
	PlanLine
}

// ExpertCount is the number of experts based in Province whose credential
// was valid on 31/12 of Year (issued by then, not expired by then).
type ExpertCount struct {
	Year     int
	Province string
	N        int
}

// FigureRow is a year of an enterprise's registry figures; 0 when unknown.
type FigureRow struct {
	EnterpriseID int64
	Year         int
	Employees    int64
	Revenue      int64
	ValueAdded   int64
}

// FactsFilter narrows the dashboard, the exports and the report: Year 0 is
// every year, Province "" every province.
type FactsFilter struct {
	Year     int    `json:"year"`
	Province string `json:"province"`
}

// ExportRow is an activity as the export writes it: no budget lines, no
// KPIs, the proposer's name.
type ExportRow struct {
	ID           ActivityID
	Year         int
	Type         ActivityType
	Track        Track
	Status       Status
	Title        string
	Proposer     string
	Province     string
	Industry     string
	SizeClass    string
	StateBudget  int64
	Counterpart  int64
	Approved     int64
	Disbursed    int64
	DecisionNo   string
	DecisionDate string
	ContractNo   string
	ContractDate string
}

// factsCache holds the latest facts snapshot. A request reads the store's
// Version (one row); when it moved, the first request to notice rebuilds
// while the others keep serving the previous snapshot.
type factsCache struct {
	mu       sync.Mutex
	snap     *Facts
	building bool
	done     chan struct{} // closed when the first build ends
}

// factsMaxAge bounds how long a snapshot is kept when the version does not
// move: the registry figures and the directory's credentials it reads do
// not bump programme_version.
const factsMaxAge = 15 * time.Minute

// facts returns the current snapshot, rebuilding it if the store moved.
func (s *Service) currentFacts(ctx context.Context) (*Facts, error) {
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.facts
	for {
		c.mu.Lock()
		snap := c.snap
		fresh := snap != nil && snap.Version == v && s.now().Sub(snap.BuiltAt) < factsMaxAge
		if fresh {
			c.mu.Unlock()
			return snap, nil
		}
		if c.building {
			if snap != nil { // serve the previous snapshot meanwhile
				c.mu.Unlock()
				return snap, nil
			}
			done := c.done
			c.mu.Unlock()
			select {
			case <-done:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		c.building = true
		c.done = make(chan struct{})
		c.mu.Unlock()

		built, err := s.buildFacts(ctx, v)
		c.mu.Lock()
		c.building = false
		close(c.done)
		if err == nil && (c.snap == nil || c.snap.Version <= built.Version) {
			c.snap = built
		}
		c.mu.Unlock()
		if err != nil {
			if snap != nil {
				s.log.Warn("programme: facts rebuild failed, serving the previous snapshot", "err", err)
				return snap, nil
			}
			return nil, err
		}
		return built, nil
	}
}
