package sqldb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestProgrammeFactsAttribution pins the years things count in, on both
// databases: money disbursed by the year it was paid; the enterprises
// supported (card and progress row alike) and the pilots by contract
// year, also after the last plan year; the spread's pilots and replicated
// pilots under the same filter; labour-productivity growth measured the
// same way in both years of a pair; experts counted only while their
// credential is valid.
func TestProgrammeFactsAttribution(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		es := makeEnterprises(1_600_000_000, 3, time.Now())
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		i64 := func(v int64) *int64 { return &v }
		// es[0]: value added in 2023 only, revenue both years: the pair
		// uses revenue (10 %), never VA/emp against revenue/emp.
		// es[1]: value added in 2023, revenue in 2024: no common measure.
		figs := map[registry.EnterpriseID][]registry.Figures{
			es[0].ID: {{Year: 2023, Employees: i64(10), ValueAdded: i64(1000), Revenue: i64(5000)},
				{Year: 2024, Employees: i64(10), Revenue: i64(5500)}},
			es[1].ID: {{Year: 2023, Employees: i64(10), ValueAdded: i64(1000)}, {Year: 2024, Employees: i64(10), Revenue: i64(9000)}},
		}
		if err := db.Registry().CreateFigures(ctx, figs); err != nil {
			t.Fatal(err)
		}
		now := time.Now().Year()
		act := func(e int, year int, typ programme.ActivityType, contract string, approved int64, paid ...string) *sqldb.BulkActivity {
			b := &sqldb.BulkActivity{Activity: &programme.Activity{Type: typ, Track: programme.TrackBreadth, Year: year,
				Title: "Nhiệm vụ " + contract, EnterpriseID: int64(es[e].ID), ProvinceCode: "79", Industry: "textiles",
				SizeClass: "small", Status: programme.StatusInProgress, StateBudget: approved, ApprovedBudget: approved, ContractDate: contract}}
			if len(paid) > 0 {
				b.Milestones = []programme.Milestone{{Seq: 1, Title: "Đợt 1", DueDate: contract, StateAmount: approved,
					Status: programme.MilestoneAccepted}}
			}
			for _, p := range paid {
				b.Disbursements = append(b.Disbursements, programme.Disbursement{MilestoneID: 1, Amount: 100, PaidOn: p})
			}
			return b
		}
		bs := []*sqldb.BulkActivity{
			// Plan year 2023, contracted 2024-01-10, paid in 2024 and 2025.
			act(0, 2023, programme.TypePilotModel, "2024-01-10", 1000, "2024-02-01", "2025-03-01"),
			// Plan year 2023, contracted in 2023.
			act(1, 2023, programme.TypeDepthProject, "2023-06-01", 500),
			// Plan year 2024, contracted this year: after every plan year.
			act(2, 2024, programme.TypePilotModel, strconv.Itoa(now)+"-01-05", 500),
		}
		if err := db.Programme().CreateActivitiesBulk(ctx, bs); err != nil {
			t.Fatal(err)
		}
		if err := db.Programme().CreateReplicationsBulk(ctx, []*programme.Replication{{PilotID: bs[0].ID,
			EnterpriseID: int64(es[1].ID), AppliedOn: "2025-04-01", ProvinceCode: "79"}}); err != nil {
			t.Fatal(err)
		}
		// An expert certified in 2022 whose credential expired mid-2023,
		// and one certified in 2023 for good.
		at := time.Now().UTC()
		for i, c := range [][2]string{{"2022-03-01", "2023-06-30"}, {"2023-05-01", ""}} {
			var id int64
			if err := db.WriteDB().QueryRowContext(ctx, `INSERT INTO experts (name, province_code, created_at, updated_at)
				VALUES ($1, '79', $2, $3) RETURNING id`, "Chuyên gia "+strconv.Itoa(i), at, at).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := db.WriteDB().ExecContext(ctx, `INSERT INTO expert_credentials (expert_id, title, issued_on, expires_on)
				VALUES ($1, 'Chứng nhận', $2, $3)`, id, c[0], c[1]); err != nil {
				t.Fatal(err)
			}
		}

		// The two halves of a scan split the one range read before them:
		// every activity once.
		lo, hi, err := db.Programme().FactsActivityRange(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[programme.ActivityID]int{}
		for part := range 2 {
			if err := db.Programme().FactsActivities(ctx, lo, hi, part, 2, func(r *programme.FactRow) error {
				seen[r.ID]++
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if len(seen) != len(bs) || seen[bs[0].ID] != 1 || seen[bs[2].ID] != 1 {
			t.Errorf("halves of [%d, %d] read %v", lo, hi, seen)
		}

		svc := programme.NewService(programme.Options{Store: db.Programme()})
		ministry := auth.WithActor(ctx, &auth.Actor{UserID: 7, Role: auth.RoleMinistry})
		d, err := svc.Dashboard(ministry, programme.FactsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		prog := map[int]programme.ProgressRow{}
		for _, p := range d.Progress {
			prog[p.Year] = p
		}
		budget := map[int]programme.BudgetRow{}
		for _, b := range d.Budget {
			budget[b.Year] = b
		}
		if budget[2023].Disbursed != 0 || budget[2024].Disbursed != 100 || budget[2025].Disbursed != 100 {
			t.Errorf("disbursed by year paid: %+v", d.Budget)
		}
		if p := prog[2024]; p.LPGrowth == nil || *p.LPGrowth != 10 || p.LPCount != 1 {
			t.Errorf("LP 2024 = %+v (growth %v): the measure must be the same in both years", p, p.LPGrowth)
		}
		if prog[2023].Enterprises != 1 || prog[2024].Enterprises != 1 || prog[now].Enterprises != 1 || prog[now].Pilots != 2 {
			t.Errorf("progress by contract year (to %d): %+v", now, d.Progress)
		}
		if d.Progress[len(d.Progress)-1].Year < now {
			t.Errorf("the series stops at %d, before the current year %d", d.Progress[len(d.Progress)-1].Year, now)
		}
		if prog[2023].Experts != 1 || prog[2024].Experts != 1 {
			t.Errorf("experts certified (valid at the year's end): 2023 %d, 2024 %d; want 1 (one expired in 2023)",
				prog[2023].Experts, prog[2024].Experts)
		}
		for _, y := range []int{2023, 2024, 2025, now} {
			dy, err := svc.Dashboard(ministry, programme.FactsFilter{Year: y})
			if err != nil {
				t.Fatal(err)
			}
			if dy.Totals.Enterprises != prog[y].Enterprises {
				t.Errorf("%d: enterprises card %d, progress row %d", y, dy.Totals.Enterprises, prog[y].Enterprises)
			}
			if dy.Totals.Disbursed != budget[y].Disbursed {
				t.Errorf("%d: disbursed card %d, budget row %d", y, dy.Totals.Disbursed, budget[y].Disbursed)
			}
			if dy.Spread.Replicated > dy.Spread.Pilots {
				t.Errorf("%d: spread %+v: more pilots replicated than pilots", y, dy.Spread)
			}
		}
		if d24, _ := svc.Dashboard(ministry, programme.FactsFilter{Year: 2024}); d24.Spread.Pilots != 1 || d24.Spread.Replicated != 1 {
			t.Errorf("2024 spread = %+v, want the pilot contracted in 2024, replicated", d24.Spread)
		}
	})
}

// TestProgrammeBulkDisbursed pins the bulk loader's disbursed total: the
// sum of the payment rows whatever the activity says, and never above the
// approved budget.
func TestProgrammeBulkDisbursed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		mk := func(claimed int64, amounts ...int64) *sqldb.BulkActivity {
			b := &sqldb.BulkActivity{Activity: &programme.Activity{Type: programme.TypeDepthProject, Track: programme.TrackDepth,
				Year: 2025, Title: "Dự án", ProvinceCode: "01", Status: programme.StatusInProgress, StateBudget: 500,
				ApprovedBudget: 500, Disbursed: claimed, ContractDate: "2025-02-01"},
				Milestones: []programme.Milestone{{Seq: 1, Title: "Đợt 1", DueDate: "2025-06-30", StateAmount: 500,
					Status: programme.MilestoneAccepted}}}
			for _, a := range amounts {
				b.Disbursements = append(b.Disbursements, programme.Disbursement{MilestoneID: 1, Amount: a, PaidOn: "2025-07-01"})
			}
			return b
		}
		b := mk(999, 100, 200)
		if err := db.Programme().CreateActivitiesBulk(ctx, []*sqldb.BulkActivity{b}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Programme().FindActivityByID(ctx, b.ID); err != nil || got.Disbursed != 300 {
			t.Fatalf("disbursed = %v, %v; want 300 (the rows' sum)", got, err)
		}
		err := db.Programme().CreateActivitiesBulk(ctx, []*sqldb.BulkActivity{mk(0, 300, 300)})
		if err == nil || !strings.Contains(err.Error(), "approved budget") {
			t.Fatalf("600 paid on 500 approved: %v", err)
		}
	})
}
