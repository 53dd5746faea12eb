package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/matching"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkMatching_Rank ranks needs over a directory of 50,000 experts in
// 10,000 organisations (the national demo's sizes; distributions in
// fakeExperts) and reports the p50 and p95 latency of one ranking as the
// enterprise's page asks it (service call: version check, conflicts,
// scoring, names). The first call loads the profiles (reported apart).
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench Matching -benchtime 400x
func BenchmarkMatching_Rank(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *sqldb.DB
			if backend == "sqlite" {
				db = sqldbtest.MustOpenSQLite(b)
			} else {
				db = sqldbtest.MustOpenPostgres(b)
			}
			benchRank(b, db)
		})
	}
}

func benchRank(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	start := time.Now()
	ents := makeMatchingFirms(b, db, 200)
	fillOrganisations(b, db, 10_000, ents[:20])
	rng := rand.New(rand.NewPCG(3, 4))
	insertExperts(b, db, fakeExperts(rng, 1, 50_000, 1, 10_000, ents))
	if _, err := db.WriteDB().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: 50,000 experts in %v", db.DriverName(), time.Since(start).Round(time.Millisecond))
	svc := newMatchingService(db)
	sys := auth.SystemContext(ctx)
	needs := []matching.NeedInput{
		{Tools: []catalog.ToolCode{"5s", "kaizen", "qc7", "lean"}},
		{Tools: []catalog.ToolCode{"iso9001", "iso14001"}},
		{Tools: []catalog.ToolCode{"tpm", "smed", "spc", "six_sigma", "poka_yoke"}},
		{Tools: []catalog.ToolCode{"5s"}},
		{Tools: []catalog.ToolCode{"energy_audit", "iso50001", "digital_mes"}},
	}
	var ids []matching.NeedID
	for i, in := range needs {
		n := &matching.Need{EnterpriseID: ents[i], Status: matching.NeedOpen, Description: "bench", Industry: "plastics",
			ProvinceCode: fillProvinces[i], Tools: in.Tools, Levels: []matching.Level{}, PublishedAt: time.Now(), UpdatedAt: time.Now()}
		if err := db.Matching().CreateNeed(ctx, n); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	t0 := time.Now()
	if _, err := svc.RankNeed(sys, ids[0], 20); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: first ranking (loads the profiles) %v", db.DriverName(), time.Since(t0).Round(time.Millisecond))
	// A track-record change (accept, completion, rating) refreshes only the
	// counters; a profile change reloads every profile (off the lock).
	if err := db.Matching().AddTrackRecord(ctx, 1, matching.TrackDelta{Completed: 1}, time.Now()); err != nil {
		b.Fatal(err)
	}
	t0 = time.Now()
	if _, err := svc.RankNeed(sys, ids[0], 20); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: ranking after a counters change (refreshes the counters) %v", db.DriverName(), time.Since(t0).Round(time.Millisecond))
	if _, err := db.WriteDB().ExecContext(ctx, `UPDATE experts SET capacity = capacity + 1 WHERE id = 1`); err != nil {
		b.Fatal(err)
	}
	t0 = time.Now()
	if _, err := svc.RankNeed(sys, ids[0], 20); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: ranking after a profile change (reloads the profiles) %v", db.DriverName(), time.Since(t0).Round(time.Millisecond))
	var lat []time.Duration
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		i++
		s := time.Now()
		m, err := svc.RankNeed(sys, id, 20)
		lat = append(lat, time.Since(s))
		if err != nil || len(m.Experts) == 0 {
			b.Fatalf("rank: %v", err)
		}
	}
	b.ReportMetric(ms(percentile(lat, 0.5)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.95)), "p95-ms")
}

// makeMatchingFirms registers n enterprises and returns their ids.
func makeMatchingFirms(tb testing.TB, db *sqldb.DB, n int) []int64 {
	tb.Helper()
	es := makeEnterprises(1_200_000_000, n, time.Now())
	for _, e := range es {
		e.Industry = registry.IndustryPlastics
	}
	if err := db.Registry().CreateEnterprises(context.Background(), es); err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, n)
	for i, e := range es {
		ids[i] = int64(e.ID)
	}
	return ids
}

// fillOrganisations inserts organisations 1…n; the first len(firms) are
// the registry's firms (a conflict for those firms' needs).
func fillOrganisations(tb testing.TB, db *sqldb.DB, n int, firms []int64) {
	tb.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	tx, err := db.WriteDB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	rows := make([][]any, 0, n)
	for i := 1; i <= n; i++ {
		var ent any
		if i <= len(firms) {
			ent = firms[i-1]
		}
		rows = append(rows, []any{int64(i), "consulting", fmt.Sprintf("Công ty Tư vấn Năng suất %d", i), fmt.Sprintf("cong ty tu van nang suat %d", i),
			ent, fillProvinces[i%len(fillProvinces)], now, now})
	}
	if err := batchInsert(ctx, tx, `INSERT INTO organisations (id, kind, name, name_folded, enterprise_id, province_code, created_at, updated_at)`, 8, rows); err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if db.IsPostgres() {
		if _, err := db.WriteDB().ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('organisations', 'id'), (SELECT max(id) FROM organisations))`); err != nil {
			tb.Fatal(err)
		}
	}
}

// newMatchingService is the service over db with the registry and the
// built-in catalogue.
func newMatchingService(db *sqldb.DB) *matching.Service {
	return matching.NewService(matching.Options{Store: db.Matching(), Enterprises: registry.NewService(db.Registry()),
		Tools: &catalog.Service{}})
}
