package programme

import (
	"context"
	"fmt"
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
// Version (one row); when it moved, a rebuild starts in the background and
// the request waits for it at most Options.FactsWait, then serves the previous
// snapshot: after a write an officer usually sees the new figures at once
// (a rebuild on the usual data takes milliseconds), and on national data
// (one to two seconds) no request waits longer than that. Only the
// very first build, with nothing to serve, is waited for in full.
type factsCache struct {
	mu       sync.Mutex
	snap     *Facts
	building bool
	done     chan struct{} // closed when the current build ends
	err      error         // of the last build, nil when it succeeded
}

// factsMaxAge bounds how long a snapshot is kept when the version does not
// move: the registry figures and the directory's credentials it reads do
// not bump programme_version.
const factsMaxAge = 15 * time.Minute

// factsBuildTimeout bounds one background rebuild.
const factsBuildTimeout = 5 * time.Minute

// currentFacts returns the current snapshot, rebuilding it if the store
// moved (see factsCache).
func (s *Service) currentFacts(ctx context.Context) (*Facts, error) {
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.facts
	c.mu.Lock()
	snap := c.snap
	if snap != nil && snap.Version == v && s.now().Sub(snap.BuiltAt) < factsMaxAge {
		c.mu.Unlock()
		return snap, nil
	}
	if !c.building {
		c.building = true
		c.done = make(chan struct{})
		// The build outlives the request that started it: other requests
		// wait for it, and its result serves them all.
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), factsBuildTimeout)
		go func(done chan struct{}) {
			defer cancel()
			built, err := s.buildFacts(bctx, v)
			c.mu.Lock()
			defer c.mu.Unlock()
			c.building = false
			c.err = err
			close(done)
			if err != nil {
				s.log.Warn("programme: facts rebuild failed", "err", err)
				return
			}
			if c.snap == nil || c.snap.Version <= built.Version {
				c.snap = built
			}
		}(c.done)
	}
	done := c.done
	c.mu.Unlock()

	var timeout <-chan time.Time
	if snap != nil {
		t := time.NewTimer(s.factsWait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-done:
	case <-timeout:
		return snap, nil // still building: the previous snapshot meanwhile
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil || (snap != nil && c.snap == snap && c.snap.Version != v) {
		if snap != nil {
			return snap, nil // the rebuild failed: keep serving what we had
		}
		return nil, fmt.Errorf("programme: facts: %w", c.err)
	}
	return c.snap, nil
}
