package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// DemoSample reads every step-th enterprise by id, in id order, up to the
// limit, also where ids have gaps.
func TestRegistryStore_DemoSample(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Registry()
		es := makeEnterprises(1_000_000_000, 40, time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
		if err := st.CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		gone := es[11] // a gap in the ids
		if _, err := db.WriteDB().ExecContext(ctx, `DELETE FROM enterprises WHERE id = $1`, int64(gone.ID)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ limit, step int }{{100, 3}, {5, 4}, {100, 1}, {3, 0}} {
			got, err := st.DemoSample(ctx, tc.limit, tc.step)
			if err != nil {
				t.Fatal(err)
			}
			var want []registry.EnterpriseID
			for _, e := range es {
				if int64(e.ID)%int64(max(tc.step, 1)) == 0 && e.ID != gone.ID && len(want) < tc.limit {
					want = append(want, e.ID)
				}
			}
			var ids []registry.EnterpriseID
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if len(ids) != len(want) {
				t.Fatalf("DemoSample(%d, %d) = %v, want %v", tc.limit, tc.step, ids, want)
			}
			for i := range ids {
				if ids[i] != want[i] {
					t.Fatalf("DemoSample(%d, %d) = %v, want %v", tc.limit, tc.step, ids, want)
				}
			}
		}
	})
}

// A figure loader writes the same figures as CreateFigures, and refuses
// figures of no enterprise.
func TestFigureLoader(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		plain := sameKind(t, db)
		at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
		l, err := db.Registry().NewFigureLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		for _, first := range []int{1_000_000_000, 1_000_000_100} {
			for _, d := range []*sqldb.DB{db, plain} {
				es := makeEnterprises(first, 50, at)
				if err := d.Registry().CreateEnterprises(ctx, es); err != nil {
					t.Fatal(err)
				}
				figs := map[registry.EnterpriseID][]registry.Figures{}
				for i, e := range es {
					figs[e.ID] = []registry.Figures{{Year: 2024, Employees: ptr(int64(i))}, {Year: 2025, Revenue: ptr(int64(first + i))}}
				}
				if d == db {
					err = l.CreateFigures(ctx, figs)
				} else {
					err = d.Registry().CreateFigures(ctx, figs)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := l.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		got, want := tableRows(t, db, "enterprise_figures"), tableRows(t, plain, "enterprise_figures")
		if len(want) != 200 {
			t.Fatalf("%d figures, want 200", len(want))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("figures (-want +got):\n%s", diff)
		}
		if db.DriverName() != "sqlite" {
			return
		}
		orphan, err := plain.Registry().NewFigureLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer orphan.Close()
		if err := orphan.CreateFigures(ctx, map[registry.EnterpriseID][]registry.Figures{999_999: {{Year: 2025}}}); err != nil {
			t.Fatal(err)
		}
		if err := orphan.Finish(ctx); fault.KindOf(err) != fault.Invalid {
			t.Fatalf("Finish with an orphan = %v, want Invalid", err)
		}
	})
}
