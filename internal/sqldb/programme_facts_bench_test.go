package sqldb_test

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkProgrammeFacts measures the dashboard on 1,000,000 enterprises
// (NSCL_BENCH_ENTERPRISES to change) and 200,000 activities (two KPIs and
// a budget line each, 55 % contracted or later) with 40,000 replications
// and three years of registry figures for the supported enterprises, on
// both databases:
//
//   - the first Dashboard call (loads the facts),
//
//   - warm calls: the country, every year, every province, years ×
//     provinces, as officers would switch (p50, p95),
//
//   - a call right after a write (the version moved: the facts are read
//     again by that call; p95 over 10 writes),
//
//   - the annual report PDF.
//
//     NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench ProgrammeFacts -benchtime 1x
func BenchmarkProgrammeFacts(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *sqldb.DB
			if backend == "sqlite" {
				db = sqldbtest.MustOpenSQLite(b)
			} else {
				db = sqldbtest.MustOpenPostgres(b)
			}
			benchFacts(b, db)
		})
	}
}

var factsProvinces = []string{"01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38",
	"40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"}

// fillFacts writes nEnt enterprises and nAct activities with everything the
// facts read, through the bulk paths.
func fillFacts(b *testing.B, db *sqldb.DB, nEnt, nAct int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Now()
	reg := db.Registry()
	if err := reg.BeginBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	for done := 0; done < nEnt; done += 50_000 {
		es := makeEnterprises(3_000_000_000+done, min(50_000, nEnt-done), start)
		for i, e := range es {
			e.ProvinceCode = factsProvinces[(done+i)%len(factsProvinces)]
		}
		if err := reg.CreateEnterprisesBulk(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	if err := reg.FinishBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d enterprises in %v", db.DriverName(), nEnt, time.Since(start).Round(time.Millisecond))
	t0 := time.Now()
	statuses := programme.Statuses
	types := programme.ActivityTypes
	var pilots []*programme.Activity
	supportedEnts := map[int64]bool{}
	for done := 0; done < nAct; done += 10_000 {
		bs := make([]*sqldb.BulkActivity, 0, 10_000)
		for i := range min(10_000, nAct-done) {
			ent := int64(1 + rng.IntN(nEnt))
			st := statuses[rng.IntN(len(statuses))]
			if rng.IntN(100) < 40 {
				st = []programme.Status{programme.StatusInProgress, programme.StatusEvaluating, programme.StatusClosed}[rng.IntN(3)]
			}
			year := 2021 + rng.IntN(6)
			state := int64(100+rng.IntN(1000)) * 1_000_000
			a := &programme.Activity{Type: types[rng.IntN(len(types))], Track: programme.Tracks[rng.IntN(3)], Year: year,
				Title: "Nhiệm vụ " + strconv.Itoa(done+i), EnterpriseID: ent, ProvinceCode: factsProvinces[int(ent)%len(factsProvinces)],
				Industry: string(registry.Industries[rng.IntN(len(registry.Industries))]), SizeClass: string(registry.SizeClasses[rng.IntN(4)]),
				Status: st, StateBudget: state, Counterpart: state / 2,
				Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: state, Counterpart: state / 2}}}
			if st.Committed() {
				a.ApprovedBudget = state
			}
			ba := &sqldb.BulkActivity{Activity: a}
			if st.Supported() {
				a.ContractDate = strconv.Itoa(year) + "-04-01"
				ba.Milestones = []programme.Milestone{{Seq: 1, Title: "Khảo sát", DueDate: strconv.Itoa(year) + "-08-01",
					StateAmount: state / 2, Status: programme.MilestoneAccepted}}
				ba.Disbursements = []programme.Disbursement{{MilestoneID: 1, Amount: state / 2, PaidOn: strconv.Itoa(year+1) + "-01-15"}}
				supportedEnts[ent] = true
			}
			for _, code := range []string{"labour_productivity", "defect_ppm"} {
				k := programme.ActivityKPI{Code: code, Baseline: 100 + 100*rng.Float64(), Target: 250}
				if code == "defect_ppm" {
					k.Target = 50
				}
				if st == programme.StatusEvaluating || st == programme.StatusClosed {
					v := k.Baseline * (0.8 + 0.5*rng.Float64())
					k.Actual = &v
				}
				a.KPIs = append(a.KPIs, k)
			}
			bs = append(bs, ba)
			if a.Type == programme.TypePilotModel && st.Supported() {
				pilots = append(pilots, a)
			}
		}
		if err := db.Programme().CreateActivitiesBulk(ctx, bs); err != nil {
			b.Fatal(err)
		}
	}
	var reps []*programme.Replication
	for len(reps) < nAct/5 && len(pilots) > 0 {
		p := pilots[rng.IntN(len(pilots))]
		first := len(reps)
		for k := range 1 + rng.IntN(6) {
			ent := int64(1 + rng.IntN(nEnt))
			r := &programme.Replication{PilotID: p.ID, EnterpriseID: ent, AppliedOn: "2025-06-01",
				ProvinceCode: factsProvinces[int(ent)%len(factsProvinces)]}
			if k > 0 && rng.IntN(10) < 4 {
				r.SourceID = -programme.ReplicationID(first + rng.IntN(k) + 1)
			}
			reps = append(reps, r)
		}
	}
	// One pilot's replications may repeat an enterprise: keep the first.
	seen := map[[2]int64]bool{}
	keep := reps[:0]
	remap := map[int]int{}
	for i, r := range reps {
		k := [2]int64{int64(r.PilotID), r.EnterpriseID}
		if seen[k] {
			continue
		}
		if r.SourceID < 0 {
			if j, ok := remap[int(-r.SourceID)-1]; ok {
				r.SourceID = -programme.ReplicationID(j + 1)
			} else {
				r.SourceID = 0
			}
		}
		seen[k] = true
		remap[i] = len(keep)
		keep = append(keep, r)
	}
	if err := db.Programme().CreateReplicationsBulk(ctx, keep); err != nil {
		b.Fatal(err)
	}
	figs := map[registry.EnterpriseID][]registry.Figures{}
	for ent := range supportedEnts {
		emp, va := int64(20+rng.IntN(200)), int64(1_000_000_000+rng.IntN(1_000_000_000))
		for y := 2022; y <= 2025; y++ {
			e, v := emp, va
			figs[registry.EnterpriseID(ent)] = append(figs[registry.EnterpriseID(ent)], registry.Figures{Year: y, Employees: &e, ValueAdded: &v})
			va = va * int64(100+rng.IntN(20)) / 100
		}
		if len(figs) == 10_000 {
			if err := reg.CreateFigures(ctx, figs); err != nil {
				b.Fatal(err)
			}
			figs = map[registry.EnterpriseID][]registry.Figures{}
		}
	}
	if err := reg.CreateFigures(ctx, figs); err != nil {
		b.Fatal(err)
	}
	if _, err := db.WriteDB().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d activities, %d replications, figures of %d enterprises in %v", db.DriverName(), nAct, len(keep),
		len(supportedEnts), time.Since(t0).Round(time.Millisecond))
}

func benchFacts(b *testing.B, db *sqldb.DB) {
	nEnt := 1_000_000
	if s := os.Getenv("NSCL_BENCH_ENTERPRISES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		nEnt = n
	}
	fillFacts(b, db, nEnt, 200_000)
	ctx := auth.WithActor(context.Background(), &auth.Actor{UserID: 1, Role: auth.RoleMinistry})
	// Each read of a rebuild, alone.
	st := db.Programme()
	for _, r := range []struct {
		name string
		fn   func() error
	}{
		{"activities", func() error {
			return st.FactsActivities(ctx, 0, 1<<62, 0, 1, func(*programme.FactRow) error { return nil })
		}},
		{"kpis", func() error {
			return st.FactsKPIs(ctx, func(programme.ActivityID, string, float64, float64) error { return nil })
		}},
		{"replications", func() error { return st.FactsReplications(ctx, func(*programme.ReplicationRow) error { return nil }) }},
		{"figures", func() error { return st.FactsFigures(ctx, func(*programme.FigureRow) error { return nil }) }},
		{"experts", func() error { _, err := st.FactsExperts(ctx); return err }},
	} {
		t := time.Now()
		if err := r.fn(); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: read %s %v", db.DriverName(), r.name, time.Since(t).Round(time.Millisecond))
	}
	var logger *slog.Logger
	if os.Getenv("NSCL_BENCH_DEBUG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	svc := programme.NewService(programme.Options{Store: db.Programme(), Log: logger})
	t0 := time.Now()
	d, err := svc.Dashboard(ctx, programme.FactsFilter{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: first dashboard (loads the facts) %v; %d activities, %d enterprises supported", db.DriverName(),
		time.Since(t0).Round(time.Millisecond), d.Totals.Activities, d.Totals.Enterprises)
	filters := []programme.FactsFilter{{}}
	for y := 2021; y <= 2026; y++ {
		filters = append(filters, programme.FactsFilter{Year: y})
	}
	for _, p := range factsProvinces {
		filters = append(filters, programme.FactsFilter{Province: p}, programme.FactsFilter{Year: 2025, Province: p})
	}
	var warm latencies
	b.ResetTimer()
	for range b.N {
		for round := range 3 {
			for _, f := range filters {
				t := time.Now()
				if _, err := svc.Dashboard(ctx, f); err != nil {
					b.Fatal(err)
				}
				name := "warm"
				if round == 0 {
					name = "warm, first of a filter"
				}
				warm.add(name, time.Since(t))
			}
		}
	}
	b.StopTimer()
	// A rebuild after a newly contracted activity of an enterprise not
	// supported before: the supported set changes, so the registry
	// figures are read again and LP growth recomputed.
	var rebuild latencies
	for i := range 20 {
		if err := benchContract(ctx, db, int64(nEnt-i)); err != nil {
			b.Fatal(err)
		}
		t := time.Now()
		if _, err := svc.Dashboard(ctx, programme.FactsFilter{Province: factsProvinces[i]}); err != nil {
			b.Fatal(err)
		}
		rebuild.add("after a new contract (rebuild, LP recomputed)", time.Since(t))
	}
	var rep latencies
	for range 3 {
		var buf bytes.Buffer
		t := time.Now()
		if err := svc.AnnualReport(ctx, programme.ReportOptions{Year: 2025}, &buf); err != nil {
			b.Fatal(err)
		}
		rep.add("annual report PDF", time.Since(t))
	}
	warm.report(b)
	for _, l := range []*latencies{&rebuild, &rep} {
		for _, n := range l.names {
			b.Logf("%s: %s p50 %.1f ms p95 %.1f ms", db.DriverName(), n, ms(percentile(l.per[n], 0.5)), ms(percentile(l.per[n], 0.95)))
		}
	}
	b.ReportMetric(ms(percentile(rebuild.all, 0.95)), "rebuild-p95-ms")
	b.ReportMetric(ms(percentile(rep.all, 0.95)), "report-ms")
}

// benchContract writes an in-progress activity of enterprise ent, contracted
// this year, through the bulk path.
func benchContract(ctx context.Context, db *sqldb.DB, ent int64) error {
	y := time.Now().Year()
	return db.Programme().CreateActivitiesBulk(ctx, []*sqldb.BulkActivity{{Activity: &programme.Activity{
		Type: programme.TypeDepthProject, Track: programme.TrackDepth, Year: y, Title: "Hợp đồng mới", EnterpriseID: ent,
		ProvinceCode: factsProvinces[int(ent)%len(factsProvinces)], Status: programme.StatusInProgress, StateBudget: 100_000_000,
		ApprovedBudget: 100_000_000, ContractDate: strconv.Itoa(y) + "-03-01"}}})
}
