package sqldb_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// A bulk load leaves the registry exactly as CreateEnterprises would: the
// same search results, facet counts and indexes.
func TestRegistryStore_BulkLoad(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fresh := sameKind(t, db)
		bulk, plain := db.Registry(), fresh.Registry()
		at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
		if err := bulk.BeginBulkLoad(ctx); err != nil {
			t.Fatal(err)
		}
		for _, first := range []int{1_000_000_000, 1_000_001_000} {
			es := makeEnterprises(first, 1000, at)
			if err := bulk.CreateEnterprisesBulk(ctx, es); err != nil {
				t.Fatal(err)
			}
			if err := plain.CreateEnterprises(ctx, makeEnterprises(first, 1000, at)); err != nil {
				t.Fatal(err)
			}
			figs := map[registry.EnterpriseID][]registry.Figures{}
			for _, e := range es[:10] {
				figs[e.ID] = []registry.Figures{{Year: 2025, Employees: ptr[int64](12)}, {Year: 2024, Employees: ptr[int64](10)}}
			}
			if err := bulk.CreateFigures(ctx, figs); err != nil {
				t.Fatal(err)
			}
		}
		if err := bulk.FinishBulkLoad(ctx); err != nil {
			t.Fatal(err)
		}
		if err := bulk.FinishBulkLoad(ctx); err != nil {
			t.Fatalf("FinishBulkLoad again: %v", err)
		}
		for _, f := range []registry.Filter{
			{Query: vn.Fold("san xuat so 1000000999"), Limit: 10, Facets: true},
			{Query: vn.Fold("cong ty"), ProvinceCode: "79", Limit: 5, Facets: true},
			{ProvinceCode: "01", Limit: 3, Facets: true},
			{Limit: 3, Facets: true},
		} {
			got, err := bulk.SearchEnterprises(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := plain.SearchEnterprises(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || got.Total == 0 || len(got.Enterprises) != len(want.Enterprises) {
				t.Errorf("%+v: bulk total %d (%d shown), plain %d (%d shown)", f, got.Total, len(got.Enterprises), want.Total, len(want.Enterprises))
			}
			for i := range got.Enterprises {
				if got.Enterprises[i].TaxCode != want.Enterprises[i].TaxCode {
					t.Errorf("%+v: row %d is %s, want %s", f, i, got.Enterprises[i].TaxCode, want.Enterprises[i].TaxCode)
				}
			}
			for p, n := range want.Facets.Province {
				if got.Facets.Province[p] != n {
					t.Errorf("%+v: facet province %s = %d, want %d", f, p, got.Facets.Province[p], n)
				}
			}
		}
		figs, err := bulk.FindFigures(ctx, 1)
		if err != nil || len(figs) != 2 || figs[0].Year != 2024 {
			t.Errorf("figures of enterprise 1: %+v, %v", figs, err)
		}
		if got, want := indexes(t, db), indexes(t, sameKind(t, db)); got != want {
			t.Errorf("indexes after the bulk load: %s; a fresh schema has %s", got, want)
		}
		if err := bulk.BeginBulkLoad(ctx); fault.KindOf(err) != fault.Conflict {
			t.Errorf("BeginBulkLoad on a filled registry: %v, want conflict", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// sameKind opens another empty database of db's kind.
func sameKind(t *testing.T, db *sqldb.DB) *sqldb.DB {
	if db.IsPostgres() {
		return sqldbtest.MustOpenPostgres(t)
	}
	return sqldbtest.MustOpenSQLite(t)
}

// indexes describes the indexes of the enterprises table: name, columns and
// whether partial, sorted by name.
func indexes(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	q := `SELECT group_concat(d, ' | ') FROM (
		SELECT il.name || '(' || group_concat(ii.name) || ') partial=' || il.partial AS d
		FROM pragma_index_list('enterprises') il, pragma_index_info(il.name) ii
		GROUP BY il.name ORDER BY il.name)`
	var args []any
	if db.IsPostgres() {
		q = `SELECT string_agg(replace(indexdef, $1 || '.', ''), ' | ' ORDER BY indexname) FROM pg_indexes
			WHERE schemaname = $1 AND tablename = 'enterprises'`
		args = append(args, db.Schema())
	}
	var s string
	if err := db.WriteDB().QueryRowContext(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Large selections are read by walking the sort order's index (see
// walkSortIndexFrom); the pages must be the same as a sort would give.
func TestRegistryStore_SearchLargeSelectionPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Registry()
		es := makeEnterprises(1_000_000_000, 12_000, time.Now())
		for i, e := range es {
			e.Employees = int64((i * 7919) % 500)
			e.Name = fmt.Sprintf("Công ty %05d", (i*104729)%12_000)
			e.VSIC = "2410"
		}
		if err := s.CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		byName := slices.Clone(es)
		slices.SortFunc(byName, func(a, b *registry.Enterprise) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		byEmp := slices.Clone(es)
		slices.SortFunc(byEmp, func(a, b *registry.Enterprise) int {
			return cmp.Or(cmp.Compare(b.Employees, a.Employees), cmp.Compare(a.ID, b.ID))
		})
		province := func(xs []*registry.Enterprise, p string) []*registry.Enterprise {
			var out []*registry.Enterprise
			for _, e := range xs {
				if e.ProvinceCode == p {
					out = append(out, e)
				}
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    registry.Filter
			want []*registry.Enterprise
		}{
			{"AllByName", registry.Filter{Facets: true, Offset: 4000, Limit: 20}, byName},
			{"ProvinceByName", registry.Filter{ProvinceCode: "01", Offset: 100, Limit: 20}, province(byName, "01")},
			{"AllByEmployeesDesc", registry.Filter{Sort: registry.SortEmployeesDesc, Offset: 7000, Limit: 20}, byEmp},
			{"VSICByName", registry.Filter{VSICPrefix: "24", Facets: true, Offset: 3000, Limit: 20}, byName},
			{"VSICByEmployeesDesc", registry.Filter{VSICPrefix: "241", Sort: registry.SortEmployeesDesc, Facets: true, Offset: 9000, Limit: 20}, byEmp},
			{"WordsByName", registry.Filter{Query: "cong ty", Facets: true, Offset: 5000, Limit: 20}, byName},
			{"WordsByNameNoFacets", registry.Filter{Query: "cong", Offset: 11_990, Limit: 20}, byName},
		} {
			p, err := s.SearchEnterprises(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != len(tc.want) {
				t.Errorf("%s: total %d, want %d", tc.name, p.Total, len(tc.want))
			}
			for i, e := range p.Enterprises {
				if w := tc.want[tc.f.Offset+i]; e.ID != w.ID {
					t.Fatalf("%s: row %d is %d %q, want %d %q", tc.name, tc.f.Offset+i, e.ID, e.Name, w.ID, w.Name)
				}
			}
		}
	})
}
