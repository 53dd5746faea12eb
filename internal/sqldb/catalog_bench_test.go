package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The standards search benchmark fills a fresh database with the national
// scale of the demo data (20,000 standards, catalog.DemoStandards) and times
// the searches of the /standards page: words as typed (designation numbers,
// titles without diacritics), filters, a page far down the list. It reports
// p50 and p95; the target is p95 ≤ 20 ms.
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench Standards -benchtime 400x
const benchStandards = 20_000

var standardQueries = []struct {
	name string
	f    catalog.StandardFilter
}{
	{"9001", catalog.StandardFilter{Query: "9001"}},
	{"iso 9001", catalog.StandardFilter{Query: "iso 9001"}},
	{"quan ly chat luong", catalog.StandardFilter{Query: "quan ly chat luong"}},
	{"thép cốt bê tông", catalog.StandardFilter{Query: "thép cốt bê tông"}},
	{"ong nhua/in force", catalog.StandardFilter{Query: "ong nhua", Status: catalog.StatusInForce}},
	{"qcvn/bct", catalog.StandardFilter{Query: "bct", Kind: catalog.KindQCVN}},
	{"all/first page", catalog.StandardFilter{}},
	{"all/page 200", catalog.StandardFilter{Offset: 4000}},
	{"sector food", catalog.StandardFilter{Sector: catalog.SectorFood}},
	{"ics 91.100", catalog.StandardFilter{ICSPrefix: "91.100"}},
	{"phuong phap thu/ics 77", catalog.StandardFilter{Query: "phuong phap thu", ICSPrefix: "77"}},
	{"tcvn 7447-7", catalog.StandardFilter{Query: "tcvn 7447-7"}},
}

func benchmarkStandards(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	svc := catalog.NewService(db.Catalog())
	start := time.Now()
	if err := svc.SeedStandards(ctx, catalog.DemoStandards(benchStandards, 1)); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d standards in %v", db.DriverName(), benchStandards, time.Since(start).Round(time.Millisecond))
	for _, q := range standardQueries { // warm up, check they find something
		q.f.Limit = 20
		p, err := svc.SearchStandards(ctx, q.f)
		if err != nil {
			b.Fatalf("%s: %v", q.name, err)
		}
		if p.Total == 0 {
			b.Fatalf("%s: nothing found", q.name)
		}
	}
	var lat latencies
	i := 0
	for b.Loop() {
		q := standardQueries[i%len(standardQueries)]
		i++
		q.f.Limit = 20
		t0 := time.Now()
		if _, err := svc.SearchStandards(ctx, q.f); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		lat.add(q.name, d)
	}
	lat.report(b)
}

func BenchmarkStandards_SQLite(b *testing.B) { benchmarkStandards(b, sqldbtest.MustOpenSQLite(b)) }

func BenchmarkStandards_Postgres(b *testing.B) { benchmarkStandards(b, sqldbtest.MustOpenPostgres(b)) }
