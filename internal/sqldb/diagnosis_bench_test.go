package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/diagnosis"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The diagnosis benchmarks fill a fresh database with 20,000 enterprises,
// each with a submitted self-diagnosis this year (with its 28 answers) and
// half of them last year too, then time the result page's data: the peer
// position alone (FindPeers) and the whole report (the diagnosis with its
// answers, its questionnaire version, last year's and the peers), as a
// ministry officer would open it, and report p50 and p95. They run only with
// -bench:
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench Diagnosis -benchtime 2000x
const benchDiagnoses = 20_000

func fillDiagnoses(b *testing.B, db *sqldb.DB) []*diagnosis.Diagnosis {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	rng := rand.New(rand.NewPCG(3, 4))
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	es := make([]*registry.Enterprise, benchDiagnoses)
	for i := range es {
		tr := benchTrades[rng.IntN(len(benchTrades))]
		es[i] = &registry.Enterprise{TaxCode: fmt.Sprintf("%010d", 1_300_000_000+i), Name: fmt.Sprintf("Công ty %s %d", tr.name, i),
			ProvinceCode: benchProvinces[rng.IntN(len(benchProvinces))], VSIC: tr.vsic, VSICEdition: registry.VSIC2025,
			SizeClass: benchSizes[rng.IntN(len(benchSizes)-1)], CreatedAt: at, UpdatedAt: at}
		es[i].Derive()
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		b.Fatal(err)
	}
	c := diagnosis.DefaultContent()
	q := &diagnosis.Questionnaire{Version: 1, Status: diagnosis.StatusPublished, Content: c, CreatedAt: at, UpdatedAt: at, PublishedAt: &at}
	if err := db.Diagnosis().CreateQuestionnaire(ctx, q); err != nil {
		b.Fatal(err)
	}
	var ds, current []*diagnosis.Diagnosis
	for i, e := range es {
		base := 1.5 + rng.Float64()*3
		for _, year := range []int{2025, 2026} {
			if year == 2025 && i%2 == 1 {
				continue
			}
			ans := map[string]int{}
			for _, dim := range c.Dimensions {
				off := rng.NormFloat64() * 0.7
				for _, qq := range dim.Questions {
					ans[qq.Code] = min(max(int(base+off+rng.NormFloat64()*0.6+0.5), 1), 5)
				}
			}
			r := diagnosis.Score(&c, ans)
			d := &diagnosis.Diagnosis{EnterpriseID: int64(e.ID), Year: year, Version: 1, Status: diagnosis.StatusSubmitted, Answers: ans,
				ProvinceCode: e.ProvinceCode, Sector: diagnosis.SectorKey(e), SizeClass: string(e.SizeClass), Score: r.Score, Level: r.Level,
				Levels: r.Levels, Path: diagnosis.Recommend(&c, r.Levels, diagnosis.Profile{SizeClass: string(e.SizeClass), Industry: string(e.Industry)}),
				CreatedAt: at, UpdatedAt: at, SubmittedAt: &at}
			ds = append(ds, d)
			if year == 2026 {
				current = append(current, d)
			}
		}
	}
	for i := 0; i < len(ds); i += 5_000 {
		if err := db.Diagnosis().CreateDiagnosesBulk(ctx, ds[i:min(i+5_000, len(ds))]); err != nil {
			b.Fatal(err)
		}
	}
	if db.IsPostgres() { // as autovacuum would: statistics and the visibility map for index-only scans
		if _, err := db.WriteDB().ExecContext(ctx, `VACUUM ANALYZE diagnoses`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: %d enterprises, %d diagnoses with answers in %s", db.DriverName(), len(es), len(ds), time.Since(start).Round(time.Millisecond))
	return current
}

func dgReport(b *testing.B, lat []time.Duration) {
	b.ReportMetric(ms(percentile(lat, 0.5)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.95)), "p95-ms")
}

func benchmarkDiagnosis(b *testing.B, db *sqldb.DB) {
	ds := fillDiagnoses(b, db)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	b.Run("Peers", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		for b.Loop() {
			d := ds[rng.IntN(len(ds))]
			t0 := time.Now()
			p, err := db.Diagnosis().FindPeers(ctx, d.Year, d.Sector, d.SizeClass, d.EnterpriseID, d.Score)
			lat = append(lat, time.Since(t0))
			if err != nil || p.Count == 0 {
				b.Fatalf("FindPeers = %+v, %v", p, err)
			}
		}
		dgReport(b, lat)
	})
	b.Run("ResultPage", func(b *testing.B) {
		svc := diagnosis.NewService(diagnosis.Options{Store: db.Diagnosis(), Enterprises: registry.NewService(db.Registry())})
		officer := auth.WithActor(ctx, &auth.Actor{UserID: 1, Role: auth.RoleMinistry, Email: "bo@x.vn"})
		lat := make([]time.Duration, 0, b.N)
		for b.Loop() {
			d := ds[rng.IntN(len(ds))]
			t0 := time.Now()
			r, err := svc.Report(officer, d.ID)
			lat = append(lat, time.Since(t0))
			if err != nil || len(r.Changes) != 9 || !r.Peers.Enough {
				b.Fatalf("Report(%d) = %+v, %v", d.ID, r, err)
			}
		}
		dgReport(b, lat)
	})
}

func BenchmarkDiagnosis_SQLite(b *testing.B) { benchmarkDiagnosis(b, sqldbtest.MustOpenSQLite(b)) }

func BenchmarkDiagnosis_Postgres(b *testing.B) { benchmarkDiagnosis(b, sqldbtest.MustOpenPostgres(b)) }
