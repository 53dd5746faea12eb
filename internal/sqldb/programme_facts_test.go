package sqldb_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// factsFixture writes a small known programme through the bulk path: six
// enterprises in provinces 01 and 79, six activities in six statuses,
// KPIs with actuals, three replications forming a tree of depth 2, and
// registry figures from which labour-productivity growth is known.
func factsFixture(t *testing.T, db *sqldb.DB) []*registry.Enterprise {
	t.Helper()
	ctx := context.Background()
	es := makeEnterprises(1_500_000_000, 6, time.Now())
	for i, e := range es {
		e.ProvinceCode = []string{"01", "01", "01", "79", "79", "79"}[i]
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	i64 := func(v int64) *int64 { return &v }
	f64 := func(v float64) *float64 { return &v }
	figs := map[registry.EnterpriseID][]registry.Figures{
		es[0].ID: {{Year: 2023, Employees: i64(10), ValueAdded: i64(1000)}, {Year: 2024, Employees: i64(11), ValueAdded: i64(1210)},
			{Year: 2025, Employees: i64(11), ValueAdded: i64(1331)}},
		es[3].ID: {{Year: 2024, Employees: i64(10), Revenue: i64(500)}, {Year: 2025, Employees: i64(10), Revenue: i64(600)}},
	}
	if err := db.Registry().CreateFigures(ctx, figs); err != nil {
		t.Fatal(err)
	}
	ent := func(i int) int64 { return int64(es[i].ID) }
	act := func(e int64, prov string, year int, typ programme.ActivityType, tr programme.Track, st programme.Status,
		contract string, state, counter, approved, disbursed int64, kpis ...programme.ActivityKPI) *sqldb.BulkActivity {
		return &sqldb.BulkActivity{Activity: &programme.Activity{Type: typ, Track: tr, Year: year, Title: "Nhiệm vụ " + string(st),
			EnterpriseID: e, ProvinceCode: prov, Industry: "textiles", SizeClass: "small", Status: st, StateBudget: state,
			Counterpart: counter, ApprovedBudget: approved, Disbursed: disbursed, ContractDate: contract,
			Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: state, Counterpart: counter}}, KPIs: kpis},
			Events: []programme.Event{{From: programme.StatusDraft, To: programme.StatusSubmitted, At: time.Now()}}}
	}
	bs := []*sqldb.BulkActivity{
		act(ent(0), "01", 2024, programme.TypePilotModel, programme.TrackBreadth, programme.StatusClosed, "2024-03-01", 300, 200, 300, 300,
			programme.ActivityKPI{Code: "labour_productivity", Baseline: 100, Target: 115, Actual: f64(120)},
			programme.ActivityKPI{Code: "defect_ppm", Baseline: 1000, Target: 900, Actual: f64(800)}),
		act(ent(0), "01", 2025, programme.TypeDepthProject, programme.TrackDepth, programme.StatusInProgress, "2025-02-01", 500, 600, 500, 200),
		act(ent(1), "01", 2025, programme.TypePilotModel, programme.TrackBreadth, programme.StatusApproved, "", 100, 80, 100, 0),
		act(ent(3), "79", 2025, programme.TypePilotModel, programme.TrackBreadth, programme.StatusEvaluating, "2025-05-01", 200, 150, 200, 150,
			programme.ActivityKPI{Code: "labour_productivity", Baseline: 50, Target: 60, Actual: f64(55)}),
		act(0, "79", 2025, programme.TypeTraining, programme.TrackCapacity, programme.StatusDraft, "", 90, 0, 0, 0),
		act(ent(5), "79", 2024, programme.TypePilotModel, programme.TrackBreadth, programme.StatusRejected, "", 100, 100, 0, 0),
	}
	bs[0].Milestones = []programme.Milestone{{Seq: 1, Title: "Khảo sát", DueDate: "2024-06-30", StateAmount: 300, Status: programme.MilestoneAccepted}}
	bs[0].Disbursements = []programme.Disbursement{{MilestoneID: 1, Amount: 300, PaidOn: "2024-07-10"}}
	for _, k := range []int{1, 3} {
		bs[k].Milestones = []programme.Milestone{{Seq: 1, Title: "Khảo sát", DueDate: "2025-06-30", StateAmount: bs[k].Disbursed,
			Status: programme.MilestoneAccepted}}
		bs[k].Disbursements = []programme.Disbursement{{MilestoneID: 1, Amount: bs[k].Disbursed, PaidOn: "2025-07-10"}}
	}
	if err := db.Programme().CreateActivitiesBulk(ctx, bs); err != nil {
		t.Fatal(err)
	}
	rs := []*programme.Replication{
		{PilotID: bs[0].ID, EnterpriseID: ent(1), AppliedOn: "2025-04-01", ProvinceCode: "01",
			KPIs: []programme.ReplicationKPI{{Code: "labour_productivity", Baseline: 80, Actual: 88}}},
		{PilotID: bs[0].ID, EnterpriseID: ent(2), SourceID: -1, AppliedOn: "2026-01-15", ProvinceCode: "01"},
		{PilotID: bs[3].ID, EnterpriseID: ent(4), AppliedOn: "2026-02-01", ProvinceCode: "79"},
	}
	if err := db.Programme().CreateReplicationsBulk(ctx, rs); err != nil {
		t.Fatal(err)
	}
	if rs[1].SourceID != rs[0].ID {
		t.Fatalf("source of the second replication = %d, want %d", rs[1].SourceID, rs[0].ID)
	}
	got, err := db.Programme().FindActivityByID(ctx, bs[0].ID)
	if err != nil || len(got.KPIs) != 2 || len(got.Budget) != 1 || got.Disbursed != 300 {
		t.Fatalf("bulk activity read back = %+v, %v", got, err)
	}
	return es
}

func actorCtx(role auth.Role, prov string) context.Context {
	return auth.WithActor(context.Background(), &auth.Actor{UserID: 7, Role: role, ProvinceCode: prov})
}

// TestProgrammeFacts pins the dashboard's aggregates on a small known
// dataset on both databases: counts, sums, distinct enterprises, the
// progress series (labour-productivity growth from the registry figures),
// the KPI distributions, the spread, the province scope, the public
// figures' suppression, and the rebuild when the version moves.
func TestProgrammeFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		factsFixture(t, db)
		// A request waits for the rebuild in full here (see
		// TestProgrammeFacts_ServesPreviousWhileBuilding for the wait's
		// bound).
		svc := programme.NewService(programme.Options{Store: db.Programme(), FactsWait: time.Minute})
		ministry := actorCtx(auth.RoleMinistry, "")
		d, err := svc.Dashboard(ministry, programme.FactsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := programme.Totals{Activities: 6, Supported: 3, Enterprises: 2, Pilots: 2, Committed: 1100, Counterpart: 1030, Disbursed: 650}
		if d.Totals != want {
			t.Errorf("totals = %+v, want %+v", d.Totals, want)
		}
		byYear := map[int]programme.ProgressRow{}
		for _, p := range d.Progress {
			byYear[p.Year] = p
		}
		if p := byYear[2024]; p.Enterprises != 1 || p.Pilots != 1 || p.LPGrowth == nil || *p.LPGrowth != 10 || p.LPCount != 1 ||
			p.EnterprisesTarget == nil || *p.EnterprisesTarget != 1405 {
			t.Errorf("progress 2024 = %+v", p)
		}
		if p := byYear[2025]; p.Enterprises != 2 || p.Pilots != 2 || p.LPGrowth == nil || *p.LPGrowth != 15 || p.LPCount != 2 {
			t.Errorf("progress 2025 = %+v", p)
		}
		budget := map[int]programme.BudgetRow{}
		for _, b := range d.Budget {
			budget[b.Year] = b
		}
		if b := budget[2025]; b.CommittedState != 800 || b.Disbursed != 350 || b.CommittedCounter != 830 {
			t.Errorf("budget 2025 = %+v", b)
		}
		st := map[string]int{}
		for _, b := range d.ByStatus {
			st[b.Key] = b.Activities
		}
		if st["closed"] != 1 || st["draft"] != 1 || st["rejected"] != 1 || len(st) != 6 {
			t.Errorf("by status = %v", st)
		}
		if d.ByType[0].Key != "pilot_model" || d.ByType[0].Activities != 4 || d.ByType[0].Supported != 2 {
			t.Errorf("by type = %+v", d.ByType)
		}
		kp := map[string]programme.KPIBox{}
		for _, k := range d.KPIs {
			kp[k.Code] = k
		}
		if k := kp["labour_productivity"]; k.N != 2 || k.Median != 15 || k.Min != 10 || k.Max != 20 || k.Name.Vi == "" {
			t.Errorf("kpi labour productivity = %+v", k)
		}
		if k := kp["defect_ppm"]; k.N != 1 || k.Median != 20 {
			t.Errorf("kpi defect = %+v (down is better)", k)
		}
		if s := d.Spread; s.Replications != 3 || s.Enterprises != 3 || s.Replicated != 2 || len(s.ByDepth) != 2 || s.ByDepth[1] != 1 || s.Provinces != 2 {
			t.Errorf("spread = %+v", s)
		}
		if len(d.Provinces) != 2 || d.Provinces[0].Code != "01" || d.Provinces[0].Enterprises != 1 || d.Provinces[1].Activities != 3 {
			t.Errorf("provinces = %+v", d.Provinces)
		}

		// A year.
		d25, err := svc.Dashboard(ministry, programme.FactsFilter{Year: 2025})
		if err != nil || d25.Totals.Activities != 4 || d25.Totals.Enterprises != 2 || d25.Spread.Replications != 1 {
			t.Errorf("2025: %+v, %v", d25.Totals, err)
		}

		// A province officer sees their province, whatever they ask.
		dp, err := svc.Dashboard(actorCtx(auth.RoleProvince, "79"), programme.FactsFilter{Province: "01"})
		if err != nil {
			t.Fatal(err)
		}
		if dp.Filter.Province != "79" || dp.Totals.Activities != 3 || dp.Totals.Supported != 1 || dp.Spread.Replications != 1 ||
			len(dp.Provinces) != 1 || dp.Progress[0].EnterprisesTarget != nil {
			t.Errorf("province 79: filter %+v totals %+v provinces %+v", dp.Filter, dp.Totals, dp.Provinces)
		}
		for _, role := range []auth.Role{auth.RoleEnterprise, auth.RoleExpert, auth.RoleAssessor, auth.RoleJudge} {
			if _, err := svc.Dashboard(actorCtx(role, ""), programme.FactsFilter{}); !fault.Is(err, fault.Forbidden) {
				t.Errorf("%s: %v, want forbidden", role, err)
			}
		}
		if _, err := svc.Dashboard(context.Background(), programme.FactsFilter{}); !fault.Is(err, fault.Unauthenticated) {
			t.Errorf("anonymous: %v", err)
		}

		// The public figures: three enterprises in all, so nothing but "< 5".
		pub, err := svc.Figures(context.Background(), 0)
		if err != nil || !pub.Totals.Hidden || pub.Totals.Committed != 0 || !pub.Public {
			t.Fatalf("figures: %+v, %v", pub, err)
		}
		for _, p := range pub.Provinces {
			if !p.Hidden || p.Approved != 0 || p.Activities != 0 {
				t.Errorf("public province %+v", p)
			}
		}

		// Cached while the version stands; rebuilt when a write moves it.
		again, _ := svc.Dashboard(ministry, programme.FactsFilter{})
		if again != d {
			t.Error("same version: the dashboard was computed again")
		}
		if err := db.Programme().CreateActivitiesBulk(context.Background(), []*sqldb.BulkActivity{{Activity: &programme.Activity{
			Type: programme.TypeContest, Track: programme.TrackCapacity, Year: 2026, Title: "Cuộc thi", ProvinceCode: "01",
			Status: programme.StatusSubmitted}}}); err != nil {
			t.Fatal(err)
		}
		d2, err := svc.Dashboard(ministry, programme.FactsFilter{})
		if err != nil || d2.Totals.Activities != 7 || d2.Version <= d.Version {
			t.Errorf("after a write: %+v v%d (was v%d), %v", d2.Totals, d2.Version, d.Version, err)
		}

		// The annual report: a PDF in the Decree 30 layout, the province's
		// for a province officer; no report for a year out of range.
		var pdf bytes.Buffer
		if err := svc.AnnualReport(actorCtx(auth.RoleProvince, "79"), programme.ReportOptions{Year: 2025, Province: "01",
			ProvinceName: func(c string) string {
				return map[string]string{"79": "Thành phố Hồ Chí Minh", "01": "Thành phố Hà Nội"}[c]
			},
			Uncompressed: true}, &pdf); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) || pdfdoc.Pages(pdf.Bytes()) < 2 {
			t.Errorf("report: %d bytes, %d pages", pdf.Len(), pdfdoc.Pages(pdf.Bytes()))
		}
		for _, want := range []string{"KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH", "NĂM 2025", "SỞ CÔNG THƯƠNG", "Hồ Chí Minh"} {
			if !bytes.Contains(pdf.Bytes(), pdfdoc.StreamText(want)) {
				t.Errorf("report lacks %q", want)
			}
		}
		if bytes.Contains(pdf.Bytes(), pdfdoc.StreamText("Hà Nội")) {
			t.Error("the province officer's report names another province")
		}
		if err := svc.AnnualReport(ministry, programme.ReportOptions{Year: 1999}, &pdf); !fault.Is(err, fault.NotFound) {
			t.Errorf("report for 1999: %v", err)
		}
		if err := svc.AnnualReport(actorCtx(auth.RoleExpert, ""), programme.ReportOptions{Year: 2025}, &pdf); !fault.Is(err, fault.Forbidden) {
			t.Errorf("report for an expert: %v", err)
		}

		// Concurrent readers while a write moves the version: one of them
		// rebuilds, the others get the previous snapshot or the new one,
		// never an error.
		if _, err := db.WriteDB().ExecContext(context.Background(), `UPDATE activities SET disbursed = disbursed + 1 WHERE id = $1`,
			int64(d2.Version%7)+1); err != nil {
			t.Fatal(err)
		}
		vs := make(chan int64, 8)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := svc.Dashboard(ministry, programme.FactsFilter{Year: 2025})
				if err != nil {
					t.Error(err)
					return
				}
				vs <- d.Version
			}()
		}
		wg.Wait()
		close(vs)
		for v := range vs {
			if v < d2.Version {
				t.Errorf("a reader got version %d, older than %d", v, d2.Version)
			}
		}
		if d3, _ := svc.Dashboard(ministry, programme.FactsFilter{}); d3 == nil || d3.Version <= d2.Version {
			t.Errorf("after the concurrent readers the dashboard is not rebuilt: %+v", d3)
		}

		// The export streams the filtered activities with the proposer.
		var names []string
		err = svc.ExportActivities(actorCtx(auth.RoleProvince, "01"), programme.FactsFilter{Year: 2025}, func(r *programme.ExportRow) error {
			names = append(names, r.Proposer)
			return nil
		})
		if err != nil || len(names) != 2 || names[0] == "" {
			t.Errorf("export 01/2025 = %q, %v", names, err)
		}
	})
}

// TestProgrammeFacts_ServesPreviousWhileBuilding pins the bound on the
// wait: after a write, a request that cannot wait for the rebuild gets the
// previous snapshot at once, and the rebuilt one shortly after; the first
// build, with nothing to serve, is always waited for.
func TestProgrammeFacts_ServesPreviousWhileBuilding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		factsFixture(t, db)
		svc := programme.NewService(programme.Options{Store: db.Programme(), FactsWait: time.Nanosecond})
		ministry := actorCtx(auth.RoleMinistry, "")
		d, err := svc.Dashboard(ministry, programme.FactsFilter{})
		if err != nil || d.Totals.Activities != 6 {
			t.Fatalf("first build: %+v, %v", d, err)
		}
		if err := db.Programme().CreateActivitiesBulk(context.Background(), []*sqldb.BulkActivity{{Activity: &programme.Activity{
			Type: programme.TypeContest, Track: programme.TrackCapacity, Year: 2026, Title: "Cuộc thi", ProvinceCode: "01",
			Status: programme.StatusSubmitted}}}); err != nil {
			t.Fatal(err)
		}
		d2, err := svc.Dashboard(ministry, programme.FactsFilter{})
		if err != nil || d2.Version != d.Version || d2.Totals.Activities != 6 {
			t.Errorf("during the rebuild: %+v v%d (was v%d), %v; want the previous snapshot", d2.Totals, d2.Version, d.Version, err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			d3, err := svc.Dashboard(ministry, programme.FactsFilter{})
			if err == nil && d3.Totals.Activities == 7 && d3.Version > d.Version {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the rebuilt snapshot never came: %+v, %v", d3, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}
