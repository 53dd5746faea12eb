package web

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/geo"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkDashboardNational measures the dashboard end to end on the
// national scale — 1,000,000 enterprises (NSCL_BENCH_ENTERPRISES to
// change), 200,000 activities (55 % contracted or later, a payment each),
// 40,000 replications, four years of registry figures for the supported
// enterprises — on SQLite and PostgreSQL (NSCL_TEST_POSTGRES):
//
//   - the service's Dashboard, warm (p50, p95 over ≥ 50 calls),
//
//   - the page GET /programme/dashboard through the handler, template
//     included, warm (≥ 50 requests over the filters),
//
//   - the page right after a newly contracted activity of an enterprise
//     not supported before (the facts are rebuilt in the background, LP
//     growth recomputed, and the request waits for them at most
//     Options.FactsWait; 20 samples),
//
//   - the annual report PDF,
//
//   - the XLSX export of the 200,000 activities: time and peak RSS
//     (VmHWM, reset before it through /proc/self/clear_refs).
//
//     NSCL_TEST_POSTGRES=postgres://… go test ./internal/web/ -run '^$' -bench DashboardNational -benchtime 1x -timeout 60m
func BenchmarkDashboardNational(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *sqldb.DB
			if backend == "sqlite" {
				db = sqldbtest.MustOpenSQLite(b)
			} else {
				db = sqldbtest.MustOpenPostgres(b)
			}
			nEnt := 1_000_000
			if s := os.Getenv("NSCL_BENCH_ENTERPRISES"); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					b.Fatal(err)
				}
				nEnt = n
			}
			benchFill(b, db, nEnt, 200_000)
			benchDashboard(b, db, nEnt)
		})
	}
}

var benchProvinces = []string{"01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38",
	"40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"}

// benchFill writes nEnt enterprises and nAct activities through the bulk paths.
func benchFill(b *testing.B, db *sqldb.DB, nEnt, nAct int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Now()
	reg := db.Registry()
	if err := reg.BeginBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	for done := 0; done < nEnt; done += 50_000 {
		es := make([]*registry.Enterprise, min(50_000, nEnt-done))
		for i := range es {
			k := done + i
			es[i] = &registry.Enterprise{TaxCode: fmt.Sprintf("%010d", 3_000_000_000+k), Name: fmt.Sprintf("Công ty TNHH Sản xuất Số %d", k),
				ProvinceCode: benchProvinces[k%len(benchProvinces)], CreatedAt: start, UpdatedAt: start}
		}
		if err := reg.CreateEnterprisesBulk(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	if err := reg.FinishBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d enterprises in %v", db.DriverName(), nEnt, time.Since(start).Round(time.Millisecond))
	t0 := time.Now()
	var pilots []*programme.Activity
	supported := map[int64]bool{}
	for done := 0; done < nAct; done += 10_000 {
		bs := make([]*sqldb.BulkActivity, 0, 10_000)
		for i := range min(10_000, nAct-done) {
			ent := int64(1 + rng.IntN(nEnt))
			st := programme.Statuses[rng.IntN(len(programme.Statuses))]
			if rng.IntN(100) < 40 {
				st = []programme.Status{programme.StatusInProgress, programme.StatusEvaluating, programme.StatusClosed}[rng.IntN(3)]
			}
			year := 2021 + rng.IntN(6)
			state := int64(100+rng.IntN(1000)) * 1_000_000
			a := &programme.Activity{Type: programme.ActivityTypes[rng.IntN(len(programme.ActivityTypes))], Track: programme.Tracks[rng.IntN(3)],
				Year: year, Title: "Mô hình điểm áp dụng 5S và Kaizen tại xưởng sản xuất số " + strconv.Itoa(done+i), EnterpriseID: ent,
				ProvinceCode: benchProvinces[int(ent)%len(benchProvinces)], Industry: string(registry.Industries[rng.IntN(len(registry.Industries))]),
				SizeClass: string(registry.SizeClasses[rng.IntN(4)]), Status: st, StateBudget: state, Counterpart: state / 2,
				DecisionNo: "123/QĐ-BCT", DecisionDate: strconv.Itoa(year) + "-03-01",
				Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: state, Counterpart: state / 2}}}
			if st.Committed() {
				a.ApprovedBudget = state
			}
			ba := &sqldb.BulkActivity{Activity: a}
			if st.Supported() {
				a.ContractNo, a.ContractDate = "HĐ-"+strconv.Itoa(done+i), strconv.Itoa(year)+"-04-01"
				ba.Milestones = []programme.Milestone{{Seq: 1, Title: "Khảo sát", DueDate: strconv.Itoa(year) + "-08-01",
					StateAmount: state / 2, Status: programme.MilestoneAccepted}}
				ba.Disbursements = []programme.Disbursement{{MilestoneID: 1, Amount: state / 2, PaidOn: strconv.Itoa(year+1) + "-01-15"}}
				supported[ent] = true
			}
			for _, code := range []string{"labour_productivity", "defect_ppm"} {
				k := programme.ActivityKPI{Code: code, Baseline: 100 + 100*rng.Float64(), Target: 250}
				if st == programme.StatusEvaluating || st == programme.StatusClosed {
					v := k.Baseline * (0.8 + 0.5*rng.Float64())
					k.Actual = &v
				}
				a.KPIs = append(a.KPIs, k)
			}
			bs = append(bs, ba)
			if a.Type == programme.TypePilotModel && st.Supported() {
				pilots = append(pilots, a)
			}
		}
		if err := db.Programme().CreateActivitiesBulk(ctx, bs); err != nil {
			b.Fatal(err)
		}
	}
	var reps []*programme.Replication
	seen := map[[2]int64]bool{}
	for len(reps) < nAct/5 && len(pilots) > 0 {
		p := pilots[rng.IntN(len(pilots))]
		ent := int64(1 + rng.IntN(nEnt))
		if seen[[2]int64{int64(p.ID), ent}] {
			continue
		}
		seen[[2]int64{int64(p.ID), ent}] = true
		reps = append(reps, &programme.Replication{PilotID: p.ID, EnterpriseID: ent, AppliedOn: "2025-06-01",
			ProvinceCode: benchProvinces[int(ent)%len(benchProvinces)]})
	}
	if err := db.Programme().CreateReplicationsBulk(ctx, reps); err != nil {
		b.Fatal(err)
	}
	figs := map[registry.EnterpriseID][]registry.Figures{}
	for ent := range supported {
		emp, va := int64(20+rng.IntN(200)), int64(1_000_000_000+rng.IntN(1_000_000_000))
		for y := 2022; y <= 2025; y++ {
			e, v := emp, va
			figs[registry.EnterpriseID(ent)] = append(figs[registry.EnterpriseID(ent)], registry.Figures{Year: y, Employees: &e, ValueAdded: &v})
			va = va * int64(100+rng.IntN(20)) / 100
		}
		if len(figs) == 10_000 {
			if err := reg.CreateFigures(ctx, figs); err != nil {
				b.Fatal(err)
			}
			figs = map[registry.EnterpriseID][]registry.Figures{}
		}
	}
	if err := reg.CreateFigures(ctx, figs); err != nil {
		b.Fatal(err)
	}
	if _, err := db.WriteDB().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d activities, %d replications, figures of %d enterprises in %v", db.DriverName(), nAct, len(reps),
		len(supported), time.Since(t0).Round(time.Millisecond))
}

func benchDashboard(b *testing.B, db *sqldb.DB, nEnt int) {
	h := &Handler{programme: programme.NewService(programme.Options{Store: db.Programme()}), geo: geo.MustLoad(),
		bufs: sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 16<<10)) }}}
	if err := h.loadAssets(); err != nil {
		b.Fatal(err)
	}
	if err := h.parseTemplates(); err != nil {
		b.Fatal(err)
	}
	actor := &auth.Actor{UserID: 1, Role: auth.RoleMinistry, Lang: "vi"}
	ctx := auth.WithActor(context.Background(), actor)
	name := db.DriverName()
	t0 := time.Now()
	if _, err := h.programme.Dashboard(ctx, programme.FactsFilter{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: first dashboard (loads the facts) %v", name, time.Since(t0).Round(time.Millisecond))
	queries := []string{""}
	for y := 2021; y <= 2026; y++ {
		queries = append(queries, "?year="+strconv.Itoa(y))
	}
	for _, p := range benchProvinces {
		queries = append(queries, "?province="+p, "?year=2025&province="+p)
	}
	page := func(q string) time.Duration {
		r := httptest.NewRequest(http.MethodGet, "/programme/dashboard"+q, nil).WithContext(ctx)
		w := httptest.NewRecorder()
		t := time.Now()
		if err := h.handleDashboard(w, r); err != nil {
			b.Fatal(err)
		}
		took := time.Since(t)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "dash-chart-progress") {
			b.Fatalf("%s: %d, %d bytes", q, w.Code, w.Body.Len())
		}
		return took
	}
	var svc0, svc, http1, http2 []time.Duration
	for round := range 2 {
		for _, q := range queries {
			f := dashboardFilter(httptest.NewRequest(http.MethodGet, "/x"+q, nil))
			t := time.Now()
			if _, err := h.programme.Dashboard(ctx, f); err != nil {
				b.Fatal(err)
			}
			if round == 0 {
				svc0 = append(svc0, time.Since(t))
			} else {
				svc = append(svc, time.Since(t))
			}
		}
	}
	for round := range 2 {
		for _, q := range queries {
			d := page(q)
			if round == 0 {
				http1 = append(http1, d)
			} else {
				http2 = append(http2, d)
			}
		}
	}
	report := func(what string, xs []time.Duration) {
		b.Logf("%s: %-58s n=%3d p50 %8.1f ms p95 %8.1f ms", name, what, len(xs), msOf(pct(xs, 0.5)), msOf(pct(xs, 0.95)))
	}
	report("service Dashboard, first of each filter (aggregated)", svc0)
	report("service Dashboard, warm", svc)
	report("GET /programme/dashboard, first request of each filter", http1)
	report("GET /programme/dashboard, warm", http2)

	// A newly contracted activity of an enterprise not supported before:
	// the facts are rebuilt on the next request and LP growth recomputed.
	var rebuild []time.Duration
	y := time.Now().Year()
	for i := range 20 {
		ent := int64(nEnt - i)
		if err := db.Programme().CreateActivitiesBulk(context.Background(), []*sqldb.BulkActivity{{Activity: &programme.Activity{
			Type: programme.TypeDepthProject, Track: programme.TrackDepth, Year: y, Title: "Hợp đồng mới", EnterpriseID: ent,
			ProvinceCode: benchProvinces[int(ent)%len(benchProvinces)], Status: programme.StatusInProgress, StateBudget: 100_000_000,
			ApprovedBudget: 100_000_000, ContractDate: strconv.Itoa(y) + "-03-01"}}}); err != nil {
			b.Fatal(err)
		}
		rebuild = append(rebuild, page("?province="+benchProvinces[i]))
	}
	report("GET /programme/dashboard after a new contract (rebuild)", rebuild)

	var pdf []time.Duration
	for range 3 {
		var buf bytes.Buffer
		t := time.Now()
		if err := h.programme.AnnualReport(ctx, programme.ReportOptions{Year: 2025}, &buf); err != nil {
			b.Fatal(err)
		}
		pdf = append(pdf, time.Since(t))
	}
	report("annual report PDF", pdf)

	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	before := peakRSS()
	t := time.Now()
	w := &countingWriter{header: http.Header{}}
	r := httptest.NewRequest(http.MethodGet, "/programme/export/activities.xlsx", nil).WithContext(ctx)
	if err := h.handleActivitiesExport(w, r); err != nil {
		b.Fatal(err)
	}
	took := time.Since(t)
	peak := peakRSS()
	b.Logf("%s: XLSX export of every activity: %v, %.1f MB written, peak RSS %d MB (before: %d MB, delta %d MB)", name,
		took.Round(time.Millisecond), float64(w.n)/1e6, peak>>10, before>>10, (peak-before)>>10)
	b.ReportMetric(msOf(pct(http2, 0.95)), "page-p95-ms")
	b.ReportMetric(msOf(pct(rebuild, 0.95)), "rebuild-p95-ms")
	b.ReportMetric(took.Seconds(), "xlsx-s")
	b.ReportMetric(float64((peak-before)>>10), "xlsx-RSS-delta-MB")
}

func pct(xs []time.Duration, p float64) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type countingWriter struct {
	header http.Header
	n      int64
}

func (w *countingWriter) Header() http.Header         { return w.header }
func (w *countingWriter) WriteHeader(int)             {}
func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// resetPeakRSS resets VmHWM to the current RSS (Linux).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads VmHWM in kB.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
