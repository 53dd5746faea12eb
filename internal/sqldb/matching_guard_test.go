package sqldb_test

import (
	"context"
	"testing"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/matching"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// staleStore returns snapshots taken earlier for the objects in its maps:
// the reads of a request that raced another (a double click).
type staleStore struct {
	matching.Store
	needs       map[matching.NeedID]matching.Need
	interests   map[matching.InterestID]matching.Interest
	engagements map[matching.EngagementID]matching.Engagement
}

func (s *staleStore) Tx(ctx context.Context, fn func(matching.Store) error) error {
	return s.Store.Tx(ctx, func(tx matching.Store) error {
		return fn(&staleStore{Store: tx, needs: s.needs, interests: s.interests, engagements: s.engagements})
	})
}

func (s *staleStore) FindNeedByID(ctx context.Context, id matching.NeedID) (*matching.Need, error) {
	if n, ok := s.needs[id]; ok {
		return &n, nil
	}
	return s.Store.FindNeedByID(ctx, id)
}

func (s *staleStore) FindInterestByID(ctx context.Context, id matching.InterestID) (*matching.Interest, error) {
	if i, ok := s.interests[id]; ok {
		return &i, nil
	}
	return s.Store.FindInterestByID(ctx, id)
}

func (s *staleStore) FindEngagementByID(ctx context.Context, id matching.EngagementID) (*matching.Engagement, error) {
	if g, ok := s.engagements[id]; ok {
		return &g, nil
	}
	return s.Store.FindEngagementByID(ctx, id)
}

func counters(t *testing.T, db *sqldb.DB, id int) (active, completed, sum, count int) {
	t.Helper()
	if err := db.WriteDB().QueryRow(`SELECT active_engagements, engagements_completed, rating_sum, rating_count FROM experts WHERE id = $1`, id).
		Scan(&active, &completed, &sum, &count); err != nil {
		t.Fatal(err)
	}
	return
}

// TestMatchingService_StaleWritesConflict replays each decision with the
// state read before the first one took effect: the second must be a
// Conflict (vi/en) and the counters must not grow twice.
func TestMatchingService_StaleWritesConflict(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		ctx := context.Background()
		st := &staleStore{Store: db.Matching(), needs: map[matching.NeedID]matching.Need{},
			interests: map[matching.InterestID]matching.Interest{}, engagements: map[matching.EngagementID]matching.Engagement{}}
		svc := matching.NewService(matching.Options{Store: st, Enterprises: registry.NewService(db.Registry()), Tools: &catalog.Service{}})
		conflict := func(what string, err error) {
			t.Helper()
			if !fault.Is(err, fault.Conflict) {
				t.Fatalf("%s with a stale read = %v, want Conflict", what, err)
			}
			if f, ok := err.(*fault.Error); ok && (f.Message.Vi == "" || f.Message.En == "") {
				t.Fatalf("%s: message %+v, want vi and en", what, f.Message)
			}
		}
		n, err := svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s"}, Description: "Sắp xếp xưởng"})
		if err != nil {
			t.Fatal(err)
		}
		ia, err := svc.ExpressInterest(as(w.expertA), n.ID, "Tôi làm được.")
		if err != nil {
			t.Fatal(err)
		}
		ib, err := svc.ExpressInterest(as(w.expertB), n.ID, "Tôi cũng vậy.")
		if err != nil {
			t.Fatal(err)
		}
		open, _ := db.Matching().FindNeedByID(ctx, n.ID)
		pendingB, _ := db.Matching().FindInterestByID(ctx, ib.ID)

		// Decline B twice.
		st.needs[n.ID], st.interests[ib.ID] = *open, *pendingB
		if _, err := svc.DeclineInterest(as(w.owner), ib.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.DeclineInterest(as(w.owner), ib.ID)
		conflict("second decline", err)

		// Accept A, then accept A again and withdraw the need, both with the open need read before.
		pendingA, _ := db.Matching().FindInterestByID(ctx, ia.ID)
		st.interests[ia.ID] = *pendingA
		g, err := svc.AcceptInterest(as(w.owner), ia.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.AcceptInterest(as(w.owner), ia.ID)
		conflict("second accept", err)
		_, err = svc.WithdrawNeed(as(w.owner), n.ID)
		conflict("withdrawal of a filled need", err)
		if back, _ := db.Matching().FindNeedByID(ctx, n.ID); back.Status != matching.NeedFilled {
			t.Fatalf("need status %s after the stale withdrawal, want filled", back.Status)
		}
		if a, _, _, _ := counters(t, db, 1); a != 1 {
			t.Fatalf("active %d after two accepts, want 1", a)
		}

		// Complete twice.
		active, _ := db.Matching().FindEngagementByID(ctx, g.ID)
		st.engagements[g.ID] = *active
		if _, err := svc.CompleteEngagement(as(w.owner), g.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.CompleteEngagement(as(w.owner), g.ID)
		conflict("second completion", err)
		if a, c, _, _ := counters(t, db, 1); a != 0 || c != 1 {
			t.Fatalf("after two completions: active %d, completed %d; want 0, 1", a, c)
		}

		// Rate twice.
		done, _ := db.Matching().FindEngagementByID(ctx, g.ID)
		st.engagements[g.ID] = *done
		if _, err := svc.RateEngagement(as(w.owner), g.ID, 4, "Tốt"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.RateEngagement(as(w.owner), g.ID, 5, "")
		conflict("second rating", err)
		if _, _, sum, count := counters(t, db, 1); sum != 4 || count != 1 {
			t.Fatalf("after two ratings: sum %d, count %d; want 4, 1", sum, count)
		}
		if back, _ := db.Matching().FindEngagementByID(ctx, g.ID); back.Rating != 4 {
			t.Fatalf("rating %d, want the first (4)", back.Rating)
		}
	})
}

// TestMatchingService_RankHidesPrivateFields checks that the ranking shows
// title, province and organisation only if the expert made them public,
// and that the organisation ranking counts and names only members who
// made the membership public.
func TestMatchingService_RankHidesPrivateFields(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		var org int64
		if err := db.WriteDB().QueryRow(`SELECT organisation_id FROM experts WHERE id = 1`).Scan(&org); err != nil {
			t.Fatal(err)
		}
		// Expert 7: a better fit than 1, in the same organisation, all private.
		insertExperts(t, db, []testExpert{{ID: 7, Org: org, Name: "Hoàng Kín Đáo", Title: "PGS.TS.", Province: "79", Capacity: 3,
			Tools: map[string]int{"5s": 3, "kaizen": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"}}})
		n, err := w.svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s", "kaizen"}, Description: "Cải tiến"})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []string{"owner", "officer"} {
			actor := w.owner
			if a == "officer" {
				actor = w.province
			}
			m, err := w.svc.RankNeed(as(actor), n.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, e := range m.Experts {
				switch e.ExpertID {
				case 7:
					seen++
					if e.Title != "" || e.ProvinceCode != "" || e.OrganisationID != 0 || e.OrganisationName != "" {
						t.Fatalf("%s: expert 7 shows private fields: %+v", a, e)
					}
				case 1:
					seen++
					if e.Title != "ThS." || e.ProvinceCode != "79" || e.OrganisationID != matching.OrganisationID(org) || e.OrganisationName == "" {
						t.Fatalf("%s: expert 1 hides public fields: %+v", a, e)
					}
				}
			}
			if seen != 2 {
				t.Fatalf("%s: experts %+v, want 1 and 7", a, m.Experts)
			}
			if len(m.Organisations) != 1 || m.Organisations[0].Members != 1 || m.Organisations[0].BestExpertID != 1 || m.Organisations[0].BestExpert != "Nguyễn Văn An" {
				t.Fatalf("%s: organisations %+v: want one member counted, expert 1 named", a, m.Organisations)
			}
		}
	})
}

// TestMatchingService_VersionIgnoresClock checks that a write with an
// older updated_at (a server whose clock is behind) still reloads the
// ranking: an expert who withdrew the matching consent is no longer
// ranked.
func TestMatchingService_VersionIgnoresClock(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		n, err := w.svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s"}, Description: "5S"})
		if err != nil {
			t.Fatal(err)
		}
		has := func(id matching.ExpertID) bool {
			t.Helper()
			m, err := w.svc.RankNeed(as(w.owner), n.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range m.Experts {
				if e.ExpertID == id {
					return true
				}
			}
			return false
		}
		if !has(1) {
			t.Fatal("expert 1 not ranked")
		}
		if _, err := db.WriteDB().Exec(`UPDATE experts SET consents = 'listing', updated_at = $1 WHERE id = 1`, "2001-01-01 00:00:00"); err != nil {
			t.Fatal(err)
		}
		if has(1) {
			t.Fatal("expert 1 withdrew the matching consent (with an older updated_at) and is still ranked")
		}
		// The directory's other tables bump the version too.
		if _, err := db.WriteDB().Exec(`DELETE FROM expert_tools WHERE expert_id = 2`); err != nil {
			t.Fatal(err)
		}
		if has(2) {
			t.Fatal("expert 2 lost the tool and is still ranked")
		}
	})
}

// TestMatchingService_ConcurrentDoubleClick completes and rates one
// engagement twice at the same time: one of each succeeds, the other is a
// Conflict, and the track record grows once.
func TestMatchingService_ConcurrentDoubleClick(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		n, err := w.svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s"}, Description: "5S"})
		if err != nil {
			t.Fatal(err)
		}
		i, err := w.svc.ExpressInterest(as(w.expertA), n.ID, "Tôi làm được.")
		if err != nil {
			t.Fatal(err)
		}
		g, err := w.svc.AcceptInterest(as(w.owner), i.ID)
		if err != nil {
			t.Fatal(err)
		}
		twice := func(what string, fn func() error) {
			t.Helper()
			errs := make(chan error, 2)
			for range 2 {
				go func() { errs <- fn() }()
			}
			e1, e2 := <-errs, <-errs
			if (e1 == nil) == (e2 == nil) || !(fault.Is(e1, fault.Conflict) || fault.Is(e2, fault.Conflict)) {
				t.Fatalf("%s twice at once: %v and %v; want one success and one Conflict", what, e1, e2)
			}
		}
		twice("complete", func() error { _, err := w.svc.CompleteEngagement(as(w.owner), g.ID); return err })
		twice("rate", func() error { _, err := w.svc.RateEngagement(as(w.owner), g.ID, 5, ""); return err })
		if a, c, sum, count := counters(t, db, 1); a != 0 || c != 1 || sum != 5 || count != 1 {
			t.Fatalf("counters %d %d %d %d; want 0 1 5 1", a, c, sum, count)
		}
	})
}
