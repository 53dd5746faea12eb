package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// pausingStore is a contest.Store whose transactions pause right after
// reading the contest when the context carries pauseAt, once.
type pausingStore struct {
	contest.Store
	once       *sync.Once
	hold, held chan struct{}
}

type pauseAt struct{}

func newPausingStore(st contest.Store) *pausingStore {
	return &pausingStore{Store: st, once: &sync.Once{}, hold: make(chan struct{}), held: make(chan struct{})}
}

func (p *pausingStore) Tx(ctx context.Context, fn func(contest.Store) error) error {
	return p.Store.Tx(ctx, func(tx contest.Store) error {
		return fn(&pausingStore{Store: tx, once: p.once, hold: p.hold, held: p.held})
	})
}

func (p *pausingStore) FindContest(ctx context.Context, id contest.ContestID) (*contest.Contest, error) {
	c, err := p.Store.FindContest(ctx, id)
	if ctx.Value(pauseAt{}) != nil {
		p.once.Do(func() {
			close(p.held)
			<-p.hold
		})
	}
	return c, err
}

// interleave runs first (which pauses inside its transaction, after
// reading the contest), then second while first is paused, and checks
// that second waits for first: a phase change and a write depending on
// the phase never interleave. It returns both errors.
func interleave(t *testing.T, ps *pausingStore, first, second func() error) (error, error) {
	t.Helper()
	e1, e2 := make(chan error, 1), make(chan error, 1)
	go func() { e1 <- first() }()
	<-ps.held
	go func() { e2 <- second() }()
	select {
	case err := <-e2:
		t.Errorf("the second transaction ran (%v) while the first was open", err)
		close(ps.hold)
		return <-e1, err
	case <-time.After(300 * time.Millisecond):
	}
	close(ps.hold)
	return <-e1, <-e2
}

func raceWorld(t *testing.T, db *sqldb.DB) (*judgingWorld, *pausingStore, *contest.Service, context.Context, context.Context) {
	w := newJudgingWorld(t, db)
	now := time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC)
	ps := newPausingStore(db.Contest())
	svc := contest.NewService(contest.Options{Store: ps, Registry: registry.NewService(db.Registry()), Clock: func() time.Time { return now }})
	org := actorOf(w.admin, auth.RoleAdmin)
	if _, err := svc.AddJudge(org, w.c.ID, contest.JudgeInput{UserID: int64(w.judges[1].ID), Organisation: "Viện"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Assign(org, w.entries[0].ID, int64(w.judges[1].ID)); err != nil {
		t.Fatal(err)
	}
	return w, ps, svc, org, actorOf(w.judges[1], auth.RoleJudge)
}

func forceClose(svc *contest.Service, ctx context.Context, w *judgingWorld) error {
	c, err := w.st.FindContest(context.Background(), w.c.ID)
	if err != nil {
		return err
	}
	return svc.ChangePhase(ctx, c.ID, contest.PhaseInput{To: contest.StatusConsensus, Force: true, Note: "Hết hạn", Version: c.Version})
}

// TestJudging_ScoreAndPhaseSerialised: a judge submitting a sheet while
// the organiser force-closes independent scoring either gets the sheet in
// before the close (which then does not list it as missing) or is refused
// after it, on both databases.
func TestJudging_ScoreAndPhaseSerialised(t *testing.T) {
	t.Run("ScoreFirst", func(t *testing.T) {
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			w, ps, svc, org, j1 := raceWorld(t, db)
			scoreErr, phaseErr := interleave(t, ps, func() error {
				_, err := svc.Score(context.WithValue(j1, pauseAt{}, 1), w.entries[0].ID, contest.ScoreInput{Marks: marks(25, 40, 15), Submit: true, Version: 1})
				return err
			}, func() error { return forceClose(svc, org, w) })
			if scoreErr != nil || phaseErr != nil {
				t.Fatalf("score %v, phase %v", scoreErr, phaseErr)
			}
			phases, err := w.st.FindPhases(context.Background(), w.c.ID)
			if err != nil || len(phases) != 1 || phases[0].Forced || strings.Contains(phases[0].Note, w.entries[0].Code) {
				t.Fatalf("the close lists the sheet submitted before it: %+v %v", phases, err)
			}
		})
	})
	t.Run("CloseFirst", func(t *testing.T) {
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			w, ps, svc, org, j1 := raceWorld(t, db)
			phaseErr, scoreErr := interleave(t, ps, func() error {
				return forceClose(svc, context.WithValue(org, pauseAt{}, 1), w)
			}, func() error {
				_, err := svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: marks(25, 40, 15), Submit: true, Version: 1})
				return err
			})
			if phaseErr != nil || !fault.Is(scoreErr, fault.Conflict) {
				t.Fatalf("phase %v, score %v (want the score refused)", phaseErr, scoreErr)
			}
			as, _ := w.st.FindAssignments(context.Background(), contest.AssignmentFilter{ContestID: w.c.ID})
			if len(as) != 1 || as[0].Status == contest.AssignSubmitted {
				t.Fatalf("sheet submitted after the close: %+v", as)
			}
		})
	})
}

// TestJudging_ConsensusAndDecideSerialised: a consensus score recorded
// while the organiser decides the contest is either in the frozen results
// (recorded first) or refused, on both databases.
func TestJudging_ConsensusAndDecideSerialised(t *testing.T) {
	setup := func(t *testing.T, db *sqldb.DB) (*judgingWorld, *pausingStore, *contest.Service, context.Context) {
		w, ps, svc, org, j1 := raceWorld(t, db)
		if _, err := svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: marks(25, 40, 15), Submit: true, Version: 1}); err != nil {
			t.Fatal(err)
		}
		if err := forceClose(svc, org, w); err != nil {
			t.Fatal(err)
		}
		return w, ps, svc, org
	}
	decide := func(svc *contest.Service, ctx context.Context, w *judgingWorld) error {
		c, err := w.st.FindContest(context.Background(), w.c.ID)
		if err != nil {
			return err
		}
		return svc.ChangePhase(ctx, c.ID, contest.PhaseInput{To: contest.StatusDecided, Version: c.Version})
	}
	consensus := func(svc *contest.Service, ctx context.Context, w *judgingWorld) error {
		return svc.RecordConsensus(ctx, w.entries[0].ID, contest.ConsensusInput{Scores: map[string]float64{"1": 20, "2": 30, "3": 10}, Note: "Thống nhất"})
	}
	t.Run("ConsensusFirst", func(t *testing.T) {
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			w, ps, svc, org := setup(t, db)
			cErr, dErr := interleave(t, ps, func() error { return consensus(svc, context.WithValue(org, pauseAt{}, 1), w) },
				func() error { return decide(svc, org, w) })
			if cErr != nil || dErr != nil {
				t.Fatalf("consensus %v, decide %v", cErr, dErr)
			}
		})
	})
	t.Run("DecideFirst", func(t *testing.T) {
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			w, ps, svc, org := setup(t, db)
			dErr, cErr := interleave(t, ps, func() error { return decide(svc, context.WithValue(org, pauseAt{}, 1), w) },
				func() error { return consensus(svc, org, w) })
			if dErr != nil || !fault.Is(cErr, fault.Conflict) {
				t.Fatalf("decide %v, consensus %v (want the consensus refused)", dErr, cErr)
			}
			xs, _ := w.st.FindConsensus(context.Background(), w.c.ID)
			if len(xs) != 0 {
				t.Fatalf("consensus recorded after the decision: %+v", xs)
			}
		})
	})
}
