package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// The search benchmarks fill a fresh database with 1,000,000 enterprises
// (names built like the demo data's: legal form, trade, brand, sometimes a
// province) once per run, then time realistic list queries and report the
// p50 and p95 latency. They run only with -bench:
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench Registry -benchtime 400x -timeout 30m
const benchEnterprises = 1_000_000

var (
	benchForms  = []string{"Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Hợp tác xã", "Doanh nghiệp tư nhân"}
	benchTrades = []struct{ name, vsic string }{{"Dệt may", "1311"}, {"Da giày", "1520"}, {"Nhựa", "2220"}, {"Thép", "2410"},
		{"Hóa chất", "2011"}, {"Cơ khí", "2592"}, {"Năng lượng", "3511"}, {"Điện tử", "2610"}, {"Thực phẩm", "1079"},
		{"Bao bì", "1702"}, {"Chế biến gỗ", "1610"}, {"Vật liệu xây dựng", "2395"}, {"Cơ khí chính xác", "2815"},
		{"May mặc", "1410"}, {"Thương mại", "4669"}, {"Vận tải", "4933"}, {"Xây dựng", "4100"}, {"Nông sản", "0111"}}
	benchBrands = []string{"An Phát", "Minh Long", "Thành Công", "Phú Thịnh", "Đại Việt", "Sao Mai", "Hưng Thịnh", "Tân Tiến",
		"Việt Thắng", "Bình Minh", "Phương Nam", "Kim Long", "Hoàng Gia", "Trường Sơn", "Hồng Hà", "Nam Việt", "Hòa Bình",
		"Thiên Phúc", "Đông Á", "Quang Trung", "Lạc Hồng", "Sông Công", "Hải Đăng", "Tiến Phát", "Ánh Dương", "Thăng Long",
		"Vạn Xuân", "Cửu Long", "Tây Đô", "Bắc Hà", "Nhật Tân", "Toàn Thắng", "Đức Phú", "Gia Bảo", "Phúc An", "Hưng Long",
		"Tân Phú", "Kim Ngân", "Trung Kiên", "Quốc Bảo", "Thái Sơn", "Ngọc Lan", "Hoa Sen", "Mekong", "Sài Gòn Xanh"}
	benchProvinces = []string{"01", "79", "79", "01", "31", "48", "75", "92", "22", "04", "08", "11", "12", "14", "15", "19",
		"20", "24", "25", "33", "37", "38", "40", "42", "44", "46", "51", "52", "56", "66", "68", "80", "82", "86", "91", "96"}
	benchSizes = []registry.SizeClass{registry.SizeMicro, registry.SizeMicro, registry.SizeMicro, registry.SizeSmall,
		registry.SizeSmall, registry.SizeMedium, registry.SizeLarge, registry.SizeUnknown}
)

func fillRegistry(b *testing.B, db *sqldb.DB) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	seq := 0
	if err := db.Registry().BeginBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	for done := 0; done < benchEnterprises; done += 10_000 {
		es := make([]*registry.Enterprise, 10_000)
		for i := range es {
			tr := benchTrades[rng.IntN(len(benchTrades))]
			name := benchForms[rng.IntN(len(benchForms))] + " " + tr.name + " " + benchBrands[rng.IntN(len(benchBrands))]
			if rng.IntN(3) == 0 {
				name += " " + benchBrands[rng.IntN(len(benchBrands))]
			}
			var tax string
			for {
				seq++
				first9 := fmt.Sprintf("%02d%07d", 1+seq%99, seq/99+1)
				if d, ok := registry.TaxCheckDigit(first9); ok {
					tax = first9 + string(d)
					break
				}
			}
			e := &registry.Enterprise{TaxCode: tax, Name: name, ProvinceCode: benchProvinces[rng.IntN(len(benchProvinces))],
				VSIC: tr.vsic, VSICEdition: registry.VSIC2025, Ownership: registry.Ownerships[rng.IntN(4)],
				SizeClass: benchSizes[rng.IntN(len(benchSizes))], Employees: int64(rng.IntN(500)), LatestYear: 2025,
				FoundedOn: fmt.Sprintf("%d-%02d-%02d", 1990+rng.IntN(35), 1+rng.IntN(12), 1+rng.IntN(28))}
			e.Derive()
			es[i] = e
		}
		if err := db.Registry().CreateEnterprisesBulk(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Registry().FinishBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d enterprises in %v", db.DriverName(), benchEnterprises, time.Since(start).Round(time.Second))
}

type benchQuery struct {
	name string
	f    registry.Filter
}

func plastics() *registry.Industry { i := registry.IndustryPlastics; return &i }
func small() *registry.SizeClass   { s := registry.SizeSmall; return &s }
func private() *registry.Ownership { o := registry.OwnershipPrivate; return &o }

// searchQueries are name words (as typed: partial, any order, any case or
// diacritics) with one filter.
var searchQueries = []benchQuery{
	{"nhua an phat/province", registry.Filter{Query: "nhựa an phát", ProvinceCode: "79"}},
	{"thep minh/industry", registry.Filter{Query: "thep minh", Industry: plastics()}},
	{"det may hoa/size", registry.Filter{Query: "dệt may hòa", SizeClass: small()}},
	{"co khi chinh/province", registry.Filter{Query: "co khi chinh", ProvinceCode: "01"}},
	{"phu thinh go/ownership", registry.Filter{Query: "phú thịnh gỗ", Ownership: private()}},
	{"dien tu hai dang/province", registry.Filter{Query: "điện tử hải đăng", ProvinceCode: "48"}},
	{"an phat nhua (reversed)/province", registry.Filter{Query: "phat an nhua", ProvinceCode: "01"}},
	{"sao mai/vsic", registry.Filter{Query: "sao mai", VSICPrefix: "22"}},
	{"hoa chat tan/size", registry.Filter{Query: "hoa chat tan", SizeClass: small()}},
	{"bao bi/province", registry.Filter{Query: "bao bi", ProvinceCode: "31"}},
}

// facetQueries are list pages with facets for the current filter.
var facetQueries = []benchQuery{
	{"all", registry.Filter{Facets: true}},
	{"province", registry.Filter{ProvinceCode: "79", Facets: true}},
	{"industry+size", registry.Filter{Industry: plastics(), SizeClass: small(), Facets: true}},
	{"words+province", registry.Filter{Query: "nhua an", ProvinceCode: "79", Facets: true}},
	{"words", registry.Filter{Query: "thep minh", Facets: true}},
	{"province sorted by employees", registry.Filter{ProvinceCode: "01", Sort: registry.SortEmployeesDesc, Facets: true}},
	{"vsic", registry.Filter{VSICPrefix: "2220", Facets: true}},
}

func benchmarkQueries(b *testing.B, db *sqldb.DB, qs []benchQuery) {
	ctx := context.Background()
	s := db.Registry()
	for _, q := range qs { // warm up, check they work
		q.f.Query = vn.Fold(q.f.Query)
		if _, err := s.SearchEnterprises(ctx, q.f); err != nil {
			b.Fatalf("%s: %v", q.name, err)
		}
	}
	var lat latencies
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		q.f.Query = vn.Fold(q.f.Query)
		q.f.Limit = 20
		start := time.Now()
		p, err := s.SearchEnterprises(ctx, q.f)
		d := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		_ = p
		lat.add(q.name, d)
	}
	lat.report(b)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// latencies collects the time of each query of a benchmark, by name.
type latencies struct {
	all   []time.Duration
	per   map[string][]time.Duration
	names []string // in the order first seen
}

func (l *latencies) add(name string, d time.Duration) {
	if l.per == nil {
		l.per = map[string][]time.Duration{}
	}
	if _, ok := l.per[name]; !ok {
		l.names = append(l.names, name)
	}
	l.all = append(l.all, d)
	l.per[name] = append(l.per[name], d)
}

// report logs the p50 and p95 of each named query and reports those of all
// queries as the benchmark's p50-ms and p95-ms.
func (l *latencies) report(b *testing.B) {
	b.Helper()
	width := 0
	for _, n := range l.names {
		width = max(width, len(n))
	}
	for _, n := range l.names {
		if n != "" {
			b.Logf("%-*s p50 %7.2f ms  p95 %7.2f ms", width, n, ms(percentile(l.per[n], 0.5)), ms(percentile(l.per[n], 0.95)))
		}
	}
	b.ReportMetric(ms(percentile(l.all, 0.5)), "p50-ms")
	b.ReportMetric(ms(percentile(l.all, 0.95)), "p95-ms")
}

// percentile returns the p-quantile (0–1) of ds, which it does not reorder.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// benchmarkRegistry fills one database and runs the search and the facet
// queries on it.
func benchmarkRegistry(b *testing.B, db *sqldb.DB) {
	fillRegistry(b, db)
	b.Run("Search", func(b *testing.B) { benchmarkQueries(b, db, searchQueries) })
	b.Run("Facets", func(b *testing.B) { benchmarkQueries(b, db, facetQueries) })
}

func BenchmarkRegistry_SQLite(b *testing.B) { benchmarkRegistry(b, sqldbtest.MustOpenSQLite(b)) }

func BenchmarkRegistry_Postgres(b *testing.B) { benchmarkRegistry(b, sqldbtest.MustOpenPostgres(b)) }
