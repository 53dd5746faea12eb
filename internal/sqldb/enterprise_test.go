package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// makeEnterprises returns n enterprises with tax codes first, first+1, …
func makeEnterprises(first, n int, at time.Time) []*registry.Enterprise {
	provinces := []string{"01", "79", "75", "48"}
	es := make([]*registry.Enterprise, n)
	for i := range es {
		k := first + i
		es[i] = &registry.Enterprise{
			TaxCode:      fmt.Sprintf("%010d", k),
			Name:         fmt.Sprintf("Công ty TNHH Sản xuất Số %d", k),
			ProvinceCode: provinces[k%len(provinces)],
			CreatedAt:    at,
			UpdatedAt:    at,
		}
	}
	return es
}

func TestRegistryStore_CreateEnterprises(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Registry()
		at := time.Date(2026, 2, 3, 4, 5, 6, 789012345, time.FixedZone("ICT", 7*3600))
		es := makeEnterprises(1_000_000_000, 2000, at)              // 40 full statements
		es = append(es, makeEnterprises(2_000_000_000, 123, at)...) // 2 more and a tail
		if err := s.CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountEnterprises(ctx); err != nil || n != len(es) {
			t.Fatalf("CountEnterprises = %d, %v; want %d", n, err, len(es))
		}
		seen := map[registry.EnterpriseID]bool{}
		for _, e := range es {
			if e.ID == 0 || seen[e.ID] {
				t.Fatalf("enterprise %s has ID %d (zero or repeated)", e.TaxCode, e.ID)
			}
			seen[e.ID] = true
		}
		for _, i := range []int{0, 1, 499, 500, 1234, 1999, 2000, len(es) - 1} {
			want := es[i]
			got, err := s.FindEnterpriseByID(ctx, want.ID)
			if err != nil {
				t.Fatalf("FindEnterpriseByID(%d): %v", want.ID, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("enterprise %d (-want +got):\n%s", i, diff)
			}
			byTax, err := s.FindEnterpriseByTaxCode(ctx, want.TaxCode)
			if err != nil {
				t.Fatal(err)
			}
			if byTax.ID != want.ID {
				t.Errorf("FindEnterpriseByTaxCode(%s).ID=%d, want %d", want.TaxCode, byTax.ID, want.ID)
			}
		}
		if got := es[0].CreatedAt; got.Location() != time.UTC || !got.Equal(at.Truncate(time.Microsecond)) {
			t.Errorf("CreatedAt=%v, want %v in UTC", got, at)
		}
	})
}

func TestRegistryStore_CreateEnterprises_ErrDuplicate(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Registry()
		if err := s.CreateEnterprises(ctx, makeEnterprises(1, 10, time.Now())); err != nil {
			t.Fatal(err)
		}
		// 600 new ones and, in the tail statement, one that exists: nothing
		// of the call stays.
		es := append(makeEnterprises(100, 600, time.Now()), makeEnterprises(5, 1, time.Now())...)
		err := s.CreateEnterprises(ctx, es)
		if got := fault.KindOf(err); got != fault.Conflict {
			t.Fatalf("kind=%v (%v), want conflict", got, err)
		}
		if n, err := s.CountEnterprises(ctx); err != nil || n != 10 {
			t.Fatalf("CountEnterprises = %d, %v; want 10 (rolled back)", n, err)
		}
	})
}

func TestRegistryStore_FindEnterprises(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Registry()
		now := time.Now()
		es := []*registry.Enterprise{
			{TaxCode: "3600123456", Name: "Công ty Cổ phần Thép Đồng Nai", ProvinceCode: "75", VSIC: "2410"},
			{TaxCode: "3600999999", Name: "CÔNG TY TNHH ĐỒNG NAI XANH", ProvinceCode: "75"},
			{TaxCode: "0101234567", Name: "Công ty Dệt may Hà Nội", ProvinceCode: "01"},
			{TaxCode: "0101234567-001", Name: "Chi nhánh Dệt may Hà Nội tại Đồng Nai", ProvinceCode: "75", VSIC: "1311"},
			{TaxCode: "0309876543", Name: "Công ty Nhựa Sài Gòn", ProvinceCode: "79"},
		}
		for _, e := range es {
			e.CreatedAt, e.UpdatedAt = now, now
		}
		if err := s.CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name      string
			f         registry.Filter
			want      []string // tax codes, in name order
			wantTotal int
		}{
			{"All", registry.Filter{}, []string{"0101234567-001", "3600999999", "3600123456", "0101234567", "0309876543"}, 5},
			{"FoldedName", registry.Filter{Query: vn.Fold("dong nai")}, []string{"0101234567-001", "3600999999", "3600123456"}, 3},
			{"FoldedNameFromDiacritics", registry.Filter{Query: vn.Fold("Đồng  NAI")}, []string{"0101234567-001", "3600999999", "3600123456"}, 3},
			{"TaxCodePrefix", registry.Filter{Query: "0101"}, []string{"0101234567-001", "0101234567"}, 2},
			{"TaxCodeBranch", registry.Filter{Query: "0101234567-"}, []string{"0101234567-001"}, 1},
			{"TaxCodeIsPrefixNotSubstring", registry.Filter{Query: "1234"}, []string{}, 0},
			{"Province", registry.Filter{ProvinceCode: "01"}, []string{"0101234567"}, 1},
			{"NameAndProvince", registry.Filter{Query: "det may", ProvinceCode: "75"}, []string{"0101234567-001"}, 1},
			{"LegalFormWordChecked", registry.Filter{Query: "co dong"}, []string{"3600999999", "3600123456"}, 2},
			{"LegalFormWordIsAWordPrefix", registry.Filter{Query: "ty det"}, []string{"0101234567"}, 1},
			{"LegalFormWordsOnly", registry.Filter{Query: "cong ty"}, []string{"3600999999", "3600123456", "0101234567", "0309876543"}, 4},
			{"NameAndVSICDivision", registry.Filter{Query: "dong nai", VSICPrefix: "24"}, []string{"3600123456"}, 1},
			{"NameAndVSICClass", registry.Filter{Query: "dong", VSICPrefix: "1311"}, []string{"0101234567-001"}, 1},
			{"NameAndVSICOtherClass", registry.Filter{Query: "dong", VSICPrefix: "2420"}, []string{}, 0},
			{"VSICOnly", registry.Filter{VSICPrefix: "13"}, []string{"0101234567-001"}, 1},
			{"ProvinceAndUnknownSize", registry.Filter{ProvinceCode: "75", SizeClass: ptr(registry.SizeUnknown)}, []string{"0101234567-001", "3600999999", "3600123456"}, 3},
			{"ProvinceAndSmall", registry.Filter{ProvinceCode: "75", SizeClass: ptr(registry.SizeSmall)}, []string{}, 0},
			{"Page", registry.Filter{Offset: 1, Limit: 2}, []string{"3600999999", "3600123456"}, 5},
			{"PastLastPage", registry.Filter{Query: "dong nai", Offset: 10, Limit: 2}, []string{}, 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := s.FindEnterprises(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				codes := []string{}
				for _, e := range got {
					codes = append(codes, e.TaxCode)
				}
				if diff := cmp.Diff(tc.want, codes); diff != "" {
					t.Errorf("tax codes (-want +got):\n%s", diff)
				}
				if total != tc.wantTotal {
					t.Errorf("total=%d, want %d", total, tc.wantTotal)
				}
			})
		}
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := s.FindEnterpriseByID(ctx, 987654); !fault.Is(err, fault.NotFound) {
				t.Errorf("FindEnterpriseByID(missing) = %v, want not_found", err)
			}
			if _, err := s.FindEnterpriseByTaxCode(ctx, "0000000000"); !fault.Is(err, fault.NotFound) {
				t.Errorf("FindEnterpriseByTaxCode(missing) = %v, want not_found", err)
			}
		})
	})
}

// BenchmarkCreateEnterprises_SQLite inserts 100,000 enterprises per
// iteration (in calls of 10,000, as the demo data does) and reports rows/s.
// The demo's national scale needs at least 50,000 rows/s.
func BenchmarkCreateEnterprises_SQLite(b *testing.B) {
	benchmarkCreateEnterprises(b, func() *sqldb.DB { return sqldbtest.MustOpenSQLite(b) })
}

// BenchmarkCreateEnterprises_Postgres is the same on PostgreSQL (when
// NSCL_TEST_POSTGRES is set).
func BenchmarkCreateEnterprises_Postgres(b *testing.B) {
	benchmarkCreateEnterprises(b, func() *sqldb.DB { return sqldbtest.MustOpenPostgres(b) })
}

func benchmarkCreateEnterprises(b *testing.B, open func() *sqldb.DB) {
	const rows, perCall = 100_000, 10_000
	ctx := context.Background()
	now := time.Now()
	var total time.Duration
	n := 0
	for b.Loop() {
		n++
		b.StopTimer()
		db := open()
		calls := make([][]*registry.Enterprise, 0, rows/perCall)
		for k := 0; k < rows; k += perCall {
			calls = append(calls, makeEnterprises(k, perCall, now))
		}
		b.StartTimer()
		start := time.Now()
		for _, es := range calls {
			if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
				b.Fatal(err)
			}
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(rows*n)/total.Seconds(), "rows/s")
}
