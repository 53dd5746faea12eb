package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkProgrammeResults_Spread measures the spread figures (totals,
// replications per pilot with tree depth, distinct enterprises reached by
// sector, province and size class, KPI quartiles) on 200,000 activities
// (a tenth pilot models, 60 % contracted or later, two KPIs each) and
// 40,000 replications (40 % learnt from an earlier replication) by
// 50,000 enterprises, for the country and for single provinces, and
// reports the p50 and p95 of one FindSpread.
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench ProgrammeResults -benchtime 40x
func BenchmarkProgrammeResults_Spread(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *sqldb.DB
			if backend == "sqlite" {
				db = sqldbtest.MustOpenSQLite(b)
			} else {
				db = sqldbtest.MustOpenPostgres(b)
			}
			benchSpread(b, db)
		})
	}
}

// bulkInsert writes rows with multi-row INSERTs of per rows each.
func bulkInsert(b *testing.B, db *sqldb.DB, head string, cols int, rows [][]any, per int) {
	b.Helper()
	ctx := context.Background()
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var sb strings.Builder
		sb.WriteString(head)
		args := make([]any, 0, (end-start)*cols)
		for i, r := range rows[start:end] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for j := range cols {
				if j > 0 {
					sb.WriteString(", ")
				}
				args = append(args, r[j])
				fmt.Fprintf(&sb, "$%d", len(args))
			}
			sb.WriteString(")")
		}
		if _, err := db.WriteDB().ExecContext(ctx, sb.String(), args...); err != nil {
			b.Fatalf("%s: %v", head, err)
		}
	}
}

func benchSpread(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	start := time.Now()
	nEnt, nAct, nRep := 50_000, 200_000, 40_000
	if testing.Short() {
		nEnt = 20_000
	}
	if err := db.Registry().CreateEnterprises(ctx, makeEnterprises(1_300_000_000, nEnt, time.Now())); err != nil {
		b.Fatal(err)
	}
	var ents []int64
	rows, err := db.WriteDB().QueryContext(ctx, `SELECT id FROM enterprises ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ents = append(ents, id)
	}
	rows.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	provs := []string{"01", "79", "31", "48", "92", "75", "22", "56"}
	inds := []string{"textiles", "plastics", "electronics", "food", "mechanical", ""}
	sizes := []string{"micro", "small", "medium", "large", ""}
	statuses := []string{"draft", "submitted", "rejected", "in_progress", "evaluating", "closed", "closed", "in_progress", "closed", "evaluating"}
	kpis := []string{"oee", "labour_productivity", "defect_ppm", "lead_time", "energy_intensity"}
	now := time.Now().UTC()
	var acts, akpis [][]any
	var pilots []int64
	pilotEnt := map[int64]int64{}
	for i := range nAct {
		id := int64(i + 1)
		typ := "depth_project"
		if i%10 == 0 {
			typ = "pilot_model"
		}
		st := statuses[rng.IntN(len(statuses))]
		ent := ents[rng.IntN(len(ents))]
		acts = append(acts, []any{id, 1, typ, "depth", 2021 + i%6, fmt.Sprintf("Nhiệm vụ %d", i), ent, provs[rng.IntN(len(provs))],
			inds[rng.IntN(len(inds))], sizes[rng.IntN(len(sizes))], st, "5s,kaizen", now, now})
		supported := st == "in_progress" || st == "evaluating" || st == "closed"
		if typ == "pilot_model" && supported {
			pilots = append(pilots, id)
			pilotEnt[id] = ent
		}
		for k := range 2 {
			code := kpis[(i+k*3)%len(kpis)]
			base := 20 + rng.Float64()*60
			var actual, verified any
			if supported && rng.IntN(10) < 7 {
				actual, verified = base*(0.8+rng.Float64()*0.5), now
			}
			akpis = append(akpis, []any{id, code, base, base * 1.2, actual, verified})
		}
	}
	bulkInsert(b, db, `INSERT INTO activities (id, programme_id, type, track, year, title, enterprise_id, province_code, industry, size_class,
		status, tools, created_at, updated_at) VALUES `, 14, acts, 500)
	bulkInsert(b, db, `INSERT INTO activity_kpis (activity_id, kpi_code, baseline, target, actual, verified_at) VALUES `, 6, akpis, 1000)
	var reps, rkpis [][]any
	last := map[int64]int64{} // the latest replication of each pilot
	for i := range nRep {
		id := int64(i + 1)
		pilot := pilots[i%len(pilots)]
		ent := ents[(i*7919)%len(ents)]
		if ent == pilotEnt[pilot] {
			ent = ents[(i*7919+1)%len(ents)]
		}
		var src any
		if p, ok := last[pilot]; ok && rng.IntN(10) < 4 {
			src = p
		}
		last[pilot] = id
		status := "reported"
		if rng.IntN(10) < 6 {
			status = "confirmed"
		}
		reps = append(reps, []any{id, pilot, ent, src, "2025-06-01", "5s", provs[rng.IntN(len(provs))], inds[rng.IntN(len(inds))],
			sizes[rng.IntN(len(sizes))], status, now, now})
		base := 30 + rng.Float64()*40
		rkpis = append(rkpis, []any{id, kpis[i%len(kpis)], base, base * (0.85 + rng.Float64()*0.4)})
	}
	bulkInsert(b, db, `INSERT INTO replications (id, pilot_id, enterprise_id, source_id, applied_on, tools, province_code, industry, size_class,
		status, created_at, updated_at) VALUES `, 12, reps, 500)
	bulkInsert(b, db, `INSERT INTO replication_kpis (replication_id, kpi_code, baseline, actual) VALUES `, 4, rkpis, 1000)
	if _, err := db.WriteDB().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d activities (%d supported pilots), %d replications in %v", db.DriverName(), nAct, len(pilots), nRep,
		time.Since(start).Round(time.Millisecond))

	st := db.Programme()
	var lat, parts latencies
	sqldb.SetSpreadTrace(func(part string, d time.Duration) { parts.add(part, d) })
	defer sqldb.SetSpreadTrace(nil)
	scopes := []string{"", "01", "79", "48"}
	i := 0
	for b.Loop() {
		p := scopes[i%len(scopes)]
		i++
		t0 := time.Now()
		sp, err := st.FindSpread(ctx, p)
		name := "country"
		if p != "" {
			name = "province"
		}
		lat.add(name, time.Since(t0))
		if err != nil || sp.Pilots == 0 || sp.Reached == 0 || len(sp.PerPilot) == 0 {
			b.Fatalf("spread %q: %+v %v", p, sp, err)
		}
	}
	// Through the service: computed once per programme_version, then served
	// from its cache until the next write.
	svc := programme.NewService(programme.Options{Store: db.Programme(), Registry: resRegistry{}})
	officer := auth.WithActor(ctx, &auth.Actor{UserID: 1, Role: auth.RoleMinistry})
	var cached []time.Duration
	for k := range 200 {
		t0 := time.Now()
		if _, err := svc.SpreadFigures(officer, scopes[k%len(scopes)]); err != nil {
			b.Fatal(err)
		}
		if k >= len(scopes) {
			cached = append(cached, time.Since(t0))
		}
	}
	b.Logf("service, cached at the same version: p50 %.2f ms  p95 %.2f ms", ms(percentile(cached, 0.5)), ms(percentile(cached, 0.95)))
	for _, n := range parts.names {
		b.Logf("  part %-22s p50 %7.2f ms  p95 %7.2f ms", n, ms(percentile(parts.per[n], 0.5)), ms(percentile(parts.per[n], 0.95)))
	}
	lat.report(b)
}
