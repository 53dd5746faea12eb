package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/geo"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkActivitiesExport streams 200,000 activities as XLSX through
// the export handler (SQLite) and reports the time and the peak resident
// memory of the export alone (VmHWM, reset before it through
// /proc/self/clear_refs).
//
//	go test ./internal/web/ -run '^$' -bench ActivitiesExport -benchtime 1x
func BenchmarkActivitiesExport(b *testing.B) {
	db := sqldbtest.MustOpenSQLite(b)
	ctx := context.Background()
	const nEnt, nAct = 20_000, 200_000
	es := make([]*registry.Enterprise, nEnt)
	for i := range es {
		es[i] = &registry.Enterprise{TaxCode: fmt.Sprintf("%010d", 4_000_000_000+i), Name: fmt.Sprintf("Công ty TNHH Sản xuất Số %d", i),
			ProvinceCode: []string{"01", "79", "48", "56"}[i%4]}
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		b.Fatal(err)
	}
	for done := 0; done < nAct; done += 10_000 {
		bs := make([]*sqldb.BulkActivity, 0, 10_000)
		for i := range 10_000 {
			k := done + i
			st := programme.Statuses[k%len(programme.Statuses)]
			bs = append(bs, &sqldb.BulkActivity{Activity: &programme.Activity{Type: programme.ActivityTypes[k%8], Track: programme.Tracks[k%3],
				Year: 2021 + k%6, Title: "Mô hình điểm áp dụng 5S và Kaizen tại xưởng sản xuất số " + strconv.Itoa(k),
				EnterpriseID: int64(es[k%nEnt].ID), ProvinceCode: es[k%nEnt].ProvinceCode, Industry: "textiles", SizeClass: "small",
				Status: st, StateBudget: 500_000_000, Counterpart: 300_000_000, ApprovedBudget: 500_000_000, Disbursed: 200_000_000,
				DecisionNo: "123/QĐ-BCT", DecisionDate: "2025-03-01", ContractNo: "HĐ-2025-" + strconv.Itoa(k), ContractDate: "2025-04-01"}})
		}
		if err := db.Programme().CreateActivitiesBulk(ctx, bs); err != nil {
			b.Fatal(err)
		}
	}
	h := &Handler{programme: programme.NewService(programme.Options{Store: db.Programme()}), geo: geo.MustLoad()}
	actor := &auth.Actor{UserID: 1, Role: auth.RoleMinistry, Lang: "vi"}
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		before := peakRSS()
		t := time.Now()
		w := &countingWriter{header: http.Header{}}
		r := httptest.NewRequest(http.MethodGet, "/programme/export/activities.xlsx", nil)
		r = r.WithContext(auth.WithActor(r.Context(), actor))
		if err := h.handleActivitiesExport(w, r); err != nil {
			b.Fatal(err)
		}
		took := time.Since(t)
		peak := peakRSS()
		if ct := w.header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			b.Fatalf("content type %q", ct)
		}
		b.Logf("export of %d activities: %v, %.1f MB written, peak RSS %d MB (before: %d MB)", nAct, took.Round(time.Millisecond),
			float64(w.n)/1e6, peak>>10, before>>10)
		b.ReportMetric(took.Seconds(), "s/export")
		b.ReportMetric(float64(peak>>10), "peak-RSS-MB")
	}
}

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
