package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestProgrammeStore_Targets pins the seeded targets (version 1), the
// insert of a new one at version 1 (a second insert of the same metric and
// year is a conflict, not an overwrite) and the versioned update (a stale
// version changes nothing) on both databases.
func TestProgrammeStore_Targets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		ts, err := st.FindTargets(ctx, programme.TheProgramme)
		if err != nil || len(ts) < 20 {
			t.Fatalf("targets = %d, %v", len(ts), err)
		}
		n := len(ts)
		byKey := func(ts []programme.Target) map[int]programme.Target {
			got := map[int]programme.Target{}
			for _, x := range ts {
				if x.Metric == programme.MetricPilotModels {
					got[x.Year] = x
				}
			}
			return got
		}
		seeded := byKey(ts)[0]
		if seeded.ID == 0 || seeded.Version != 1 {
			t.Fatalf("seeded pilot target = %+v", seeded)
		}

		// An update at the version read.
		up := seeded
		up.Value, up.Note = 120, "điều chỉnh"
		if err := st.UpdateTarget(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update: %v (version %d)", err, up.Version)
		}
		// A second writer who read version 1: refused, nothing written.
		stale := seeded
		stale.Value = 999
		if err := st.UpdateTarget(ctx, &stale); !fault.Is(err, fault.Conflict) || stale.Version != 1 {
			t.Fatalf("stale update: %v (version %d)", err, stale.Version)
		}
		// A new target, then the same (metric, year) inserted again.
		nt := programme.Target{Metric: programme.MetricPilotModels, Year: 2026, Value: 60, Note: "mới"}
		if err := st.CreateTarget(ctx, &nt); err != nil || nt.ID == 0 || nt.Version != 1 {
			t.Fatalf("create: %+v, %v", nt, err)
		}
		dup := programme.Target{Metric: programme.MetricPilotModels, Year: 2026, Value: 65}
		if err := st.CreateTarget(ctx, &dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate create: %v", err)
		}

		ts, err = st.FindTargets(ctx, programme.TheProgramme)
		if err != nil || len(ts) != n+1 {
			t.Fatalf("targets after = %d (want %d), %v", len(ts), n+1, err)
		}
		got := byKey(ts)
		if got[0].Value != 120 || got[0].Note != "điều chỉnh" || got[0].Version != 2 ||
			got[2026].Value != 60 || got[2026].Note != "mới" || got[2026].Version != 1 {
			t.Fatalf("pilot targets = %+v", got)
		}
	})
}

// TestProgrammeStore_Plans pins plans with their lines, the filters, the
// unique (year, province), and the version check on both databases.
func TestProgrammeStore_Plans(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		mk := func(year int, prov string) *programme.Plan {
			p := &programme.Plan{Year: year, ProvinceCode: prov, Title: "Kế hoạch năm", Lines: []programme.PlanLine{
				{Track: programme.TrackCapacity, Type: programme.TypeStandard, PlannedCount: 5, StateBudget: 2_000_000_000},
				{Track: programme.TrackBreadth, Type: programme.TypePilotModel, PlannedCount: 20, StateBudget: 10_000_000_000, Counterpart: 6_000_000_000},
			}}
			if err := st.CreatePlan(ctx, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		m26, m27, hcm26 := mk(2026, ""), mk(2027, ""), mk(2026, "79")
		_ = mk(2026, "01")
		if err := st.CreatePlan(ctx, &programme.Plan{Year: 2026, Title: "Trùng"}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate plan: %v", err)
		}
		got, err := st.FindPlanByID(ctx, m26.ID)
		if err != nil || got.Version != 1 || got.Status != programme.PlanDraft || len(got.Lines) != 2 {
			t.Fatalf("plan = %+v, %v", got, err)
		}
		if got.Lines[0].Track != programme.TrackBreadth || got.Lines[0].Counterpart != 6_000_000_000 {
			t.Fatalf("lines not in display order: %+v", got.Lines)
		}
		if p, err := st.FindPlanFor(ctx, programme.TheProgramme, 2026, "79"); err != nil || p.ID != hcm26.ID {
			t.Fatalf("plan for 2026/79 = %+v, %v", p, err)
		}
		if _, err := st.FindPlanFor(ctx, programme.TheProgramme, 2028, ""); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing plan: %v", err)
		}
		ps, err := st.FindPlans(ctx, programme.PlanFilter{Provinces: []string{"", "79"}})
		if err != nil || len(ps) != 3 || ps[0].ID != m26.ID || ps[1].ID != hcm26.ID || ps[2].ID != m27.ID || len(ps[2].Lines) != 2 {
			t.Fatalf("plans of ministry+79 = %v, %v", ps, err)
		}
		if ps, err := st.FindPlans(ctx, programme.PlanFilter{Year: 2026}); err != nil || len(ps) != 3 {
			t.Fatalf("plans of 2026 = %d, %v", len(ps), err)
		}

		// Two writers read version 1; the second is told.
		a, b := *got, *got
		a.Title, a.Lines = "Sửa A", a.Lines[:1]
		if err := st.UpdatePlan(ctx, &a); err != nil || a.Version != 2 {
			t.Fatalf("update a: %v (version %d)", err, a.Version)
		}
		b.Title = "Sửa B"
		if err := st.UpdatePlan(ctx, &b); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		got, _ = st.FindPlanByID(ctx, m26.ID)
		if got.Title != "Sửa A" || len(got.Lines) != 1 || got.Version != 2 {
			t.Fatalf("after = %+v", got)
		}
	})
}

// TestProgrammeStore_Calls pins the calls' filters, order, drafts' scope,
// the unique code and the version check on both databases.
func TestProgrammeStore_Calls(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		base := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
		mk := func(code, prov string, track programme.Track, types []programme.ActivityType, provs []string, status programme.CallStatus, deadlineDays int) *programme.Call {
			c := &programme.Call{ProvinceCode: prov, Code: code, Title: "Đợt " + code, Track: track, Types: types, Provinces: provs,
				OpensAt: base, Deadline: base.AddDate(0, 0, deadlineDays), Status: status}
			if err := st.CreateCall(ctx, c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		pilot := []programme.ActivityType{programme.TypePilotModel}
		open1 := mk("BCT-2026-01", "", programme.TrackBreadth, pilot, nil, programme.CallOpen, 60)
		open2 := mk("BCT-2026-02", "", programme.TrackDepth, []programme.ActivityType{programme.TypeDepthProject}, nil, programme.CallOpen, 30)
		hcm := mk("HCM-2026-01", "79", programme.TrackBreadth, pilot, []string{"79"}, programme.CallOpen, 90)
		closed := mk("BCT-2025-01", "", programme.TrackBreadth, pilot, nil, programme.CallClosed, -200)
		draftM := mk("BCT-2026-03", "", programme.TrackCapacity, []programme.ActivityType{programme.TypeTraining}, nil, programme.CallDraft, 100)
		draftP := mk("HCM-2026-02", "79", programme.TrackBreadth, pilot, []string{"79"}, programme.CallDraft, 100)
		if err := st.CreateCall(ctx, &programme.Call{Code: "BCT-2026-01", Title: "x", Track: programme.TrackBreadth, OpensAt: base, Deadline: base, Status: programme.CallDraft}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate code: %v", err)
		}
		ids := func(f programme.CallFilter) []programme.CallID {
			cs, err := st.FindCalls(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []programme.CallID
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		same := func(name string, got []programme.CallID, want ...*programme.Call) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("%s = %v, want %d calls", name, got, len(want))
			}
			for i := range want {
				if got[i] != want[i].ID {
					t.Fatalf("%s = %v, want %v at %d", name, got, want[i].ID, i)
				}
			}
		}
		same("public", ids(programme.CallFilter{}), open2, open1, hcm, closed)
		same("ministry", ids(programme.CallFilter{AllDrafts: true}), open2, open1, hcm, draftP, draftM, closed)
		same("province 79", ids(programme.CallFilter{DraftScope: []string{"79"}}), open2, open1, hcm, draftP, closed)
		same("track depth", ids(programme.CallFilter{Track: programme.TrackDepth}), open2)
		same("type pilot", ids(programme.CallFilter{Type: programme.TypePilotModel}), open1, hcm, closed)
		same("province 01", ids(programme.CallFilter{Province: "01"}), open2, open1, closed)
		same("closed", ids(programme.CallFilter{Statuses: []programme.CallStatus{programme.CallClosed}}), closed)
		same("limit", ids(programme.CallFilter{Limit: 2}), open2, open1)

		if c, err := st.FindCallByCode(ctx, "HCM-2026-01"); err != nil || c.ID != hcm.ID {
			t.Fatalf("by code = %+v, %v", c, err)
		}
		a, b := *draftM, *draftM
		a.Status, a.Types = programme.CallOpen, []programme.ActivityType{programme.TypeTraining, programme.TypeStandard}
		if err := st.UpdateCall(ctx, &a); err != nil || a.Version != 2 {
			t.Fatalf("update: %v", err)
		}
		b.Title = "B"
		if err := st.UpdateCall(ctx, &b); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		got, err := st.FindCallByID(ctx, draftM.ID)
		if err != nil || got.Status != programme.CallOpen || len(got.Types) != 2 || got.Title != draftM.Title || got.Version != 2 {
			t.Fatalf("after = %+v, %v", got, err)
		}
	})
}
