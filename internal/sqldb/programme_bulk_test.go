package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The programme's bulk load drops secondary indexes and its Finish builds
// them again: the schema ends as the migrations made it.
func TestProgrammeStore_BeginBulkLoad(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		before := indexDefs(t, db)
		load, err := db.Programme().BeginBulkLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer load.Close()
		if during := indexDefs(t, db); db.DriverName() == "sqlite" && len(during) >= len(before) {
			t.Fatalf("%d indexes during the load, want fewer than %d", len(during), len(before))
		}
		if err := load.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		after := indexDefs(t, db)
		if len(after) != len(before) {
			t.Fatalf("%d indexes after the load, want %d", len(after), len(before))
		}
		for name, def := range before {
			if after[name] != def {
				t.Fatalf("index %s after the load = %q, want %q", name, after[name], def)
			}
		}
	})
}

// indexDefs returns the definition of every index by name.
func indexDefs(t *testing.T, db *sqldb.DB) map[string]string {
	t.Helper()
	q := `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'`
	if db.DriverName() == "postgres" {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`
	}
	rows, err := db.WriteDB().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out[name] = def
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// bulkActivities returns n activities with children, the same on every
// call.
func bulkActivities(n int) []*sqldb.BulkActivity {
	at := time.Date(2025, 4, 5, 6, 7, 8, 0, time.UTC)
	actual := 120.0
	var bs []*sqldb.BulkActivity
	for i := range n {
		bs = append(bs, &sqldb.BulkActivity{Activity: &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackBreadth,
			Year: 2025, Title: fmt.Sprintf("Mô hình điểm số %d tại xưởng", i), ProvinceCode: "01", Status: programme.StatusInProgress,
			StateBudget: 300, Counterpart: 200, ApprovedBudget: 300, CreatedAt: at,
			Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 300, Counterpart: 200}},
			KPIs:   []programme.ActivityKPI{{Code: "labour_productivity", Baseline: 100, Target: 115, Actual: &actual}}},
			Milestones: []programme.Milestone{{Seq: 1, Title: "Khảo sát", DueDate: "2025-06-30", StateAmount: 100, Status: programme.MilestoneAccepted},
				{Seq: 2, Title: "Nghiệm thu", DueDate: "2025-12-31", StateAmount: 200}},
			Disbursements: []programme.Disbursement{{MilestoneID: 2, Amount: 150, PaidOn: "2025-07-10", CreatedAt: at}},
			Events:        []programme.Event{{From: programme.StatusDraft, To: programme.StatusSubmitted, At: at}}})
	}
	return bs
}

// A bulk load writes the same rows as CreateActivitiesBulk.
func TestProgrammeBulkLoad_SameRows(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		plain := sameKind(t, db)
		load, err := db.Programme().BeginBulkLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer load.Close()
		for range 2 {
			if err := load.CreateActivities(ctx, bulkActivities(30)); err != nil {
				t.Fatal(err)
			}
			if err := plain.Programme().CreateActivitiesBulk(ctx, bulkActivities(30)); err != nil {
				t.Fatal(err)
			}
		}
		if err := load.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Programme().BeginBulkLoad(ctx); fault.KindOf(err) != fault.Conflict {
			t.Fatalf("BeginBulkLoad on activities: %v, want Conflict", err)
		}
		for _, table := range []string{"activities", "activity_words", "activity_budget_lines", "activity_kpis", "activity_milestones",
			"activity_disbursements", "activity_events"} {
			got, want := tableRows(t, db, table), tableRows(t, plain, table)
			if len(want) == 0 {
				t.Fatalf("%s: no rows", table)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s (-want +got):\n%s", table, diff)
			}
		}
	})
}

// A row of a child that refers to nothing fails the load's Finish.
func TestProgrammeBulkLoad_Orphan(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	ctx := context.Background()
	load, err := db.Programme().BeginBulkLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer load.Close()
	bs := bulkActivities(3)
	bs[1].Reviews = []programme.Review{{ReviewerID: 999_999, Status: programme.ReviewAssigned, AssignedAt: time.Now()}}
	if err := load.CreateActivities(ctx, bs); err != nil {
		t.Fatal(err)
	}
	if err := load.Finish(ctx); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("Finish = %v, want Invalid", err)
	}
	if n := len(tableRows(t, db, "activity_reviews")); n != 0 {
		t.Fatalf("%d reviews copied, want none", n)
	}
}

// tableRows returns every row of table as text, in order.
func tableRows(t *testing.T, db *sqldb.DB, table string) []string {
	t.Helper()
	rows, err := db.WriteDB().QueryContext(context.Background(), `SELECT * FROM `+table+` ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
