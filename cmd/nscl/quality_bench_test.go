package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/spc"
)

// BenchmarkQualityIngest runs the real server on SQLite and posts batches of
// measurements over HTTP with an enterprise user's personal token, as
// machines do (POST /api/v1/quality/characteristics/{id}/measurements). It
// reports measurements/s end to end: JSON decoding, checks, the multi-row
// inserts, rule evaluation, alerts and the audit entry, committed per batch.
// The target is ≥ 50,000 measurements/s (bench/quality/run.sh).
func BenchmarkQualityIngest(b *testing.B) {
	for _, bc := range []struct{ batch, clients int }{{1000, 1}, {5000, 1}, {5000, 4}, {10000, 4}} {
		b.Run(fmt.Sprintf("batch=%d/clients=%d", bc.batch, bc.clients), func(b *testing.B) {
			url, token := qualityBenchServer(b)
			bodies := make([][]byte, 8)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range bodies {
				ms := make([]map[string]any, bc.batch)
				for j := range ms {
					ms[j] = map[string]any{"value": 24 + rng.NormFloat64()*0.1}
				}
				bodies[i], _ = json.Marshal(map[string]any{"measurements": ms})
			}
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: bc.clients}}
			post := func(body []byte) {
				req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					b.Errorf("status %d", res.StatusCode)
				}
			}
			var n atomic.Int64
			start := time.Now()
			b.ResetTimer()
			for b.Loop() {
				var wg sync.WaitGroup
				for c := range bc.clients {
					wg.Go(func() { post(bodies[(int(n.Load())+c)%len(bodies)]) })
				}
				wg.Wait()
				n.Add(int64(bc.batch * bc.clients))
			}
			b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "measurements/s")
		})
	}
}

// qualityBenchServer starts the platform on a fresh SQLite file with one
// enterprise user, a token and an I–MR characteristic; it returns the
// measurements URL and the token.
func qualityBenchServer(b *testing.B) (string, string) {
	b.Helper()
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(b.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close(context.Background()) })
	es := []*registry.Enterprise{{TaxCode: "0100109106", Name: "Công ty Nhựa Bench", ProvinceCode: "01"}}
	if err := srv.app.db.Registry().CreateEnterprises(ctx, es); err != nil {
		b.Fatal(err)
	}
	u, err := srv.app.auth.CreateUser(auth.SystemContext(ctx), auth.UserInput{Email: "may-do@nhua.vn", Name: "Máy đo",
		Password: "MayDo@2026-bench", Role: auth.RoleEnterprise, EnterpriseID: int64(es[0].ID), Lang: "vi"})
	if err != nil {
		b.Fatal(err)
	}
	uctx := auth.WithActor(ctx, u.Actor())
	secret, _, err := srv.app.auth.CreateToken(uctx, "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	p := &quality.Process{Name: "Ép phun"}
	if err := srv.app.quality.CreateProcess(uctx, p); err != nil {
		b.Fatal(err)
	}
	lsl, usl := 23.4, 24.6
	c := &quality.Characteristic{ProcessID: p.ID, Name: "Khối lượng", Unit: "g", Chart: spc.ChartIMR, SubgroupSize: 1, LSL: &lsl, USL: &usl}
	if err := srv.app.quality.CreateCharacteristic(uctx, c); err != nil {
		b.Fatal(err)
	}
	return fmt.Sprintf("%s/api/v1/quality/characteristics/%d/measurements", srv.URL(), c.ID), secret
}
