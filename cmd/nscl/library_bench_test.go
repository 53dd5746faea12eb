package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/library"
)

// TestLibraryPagesLatency measures the public library pages over HTTP on
// the small demo (an anonymous visitor, 300 requests each, one at a time)
// next to a bare net/http handler in the same run, and logs p50/p95. It
// fails only when a page's p95 is over 50 ms.
func TestLibraryPagesLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency figures")
	}
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	if _, err := srv.app.runDemo(ctx, demo.Small, 1, nil); err != nil {
		t.Fatal(err)
	}
	cs, _, err := srv.app.library.Cases(auth.SystemContext(ctx), library.CaseQuery{Status: library.StatusPublished, PerPage: 1})
	if err != nil || len(cs) == 0 {
		t.Fatal("no case")
	}
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!doctype html><title>ok</title><p>ok</p>")
	}))
	defer bare.Close()
	measure := func(url string) (time.Duration, time.Duration) {
		const n = 300
		ds := make([]time.Duration, 0, n)
		for range n {
			start := time.Now()
			res, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", url, res.StatusCode)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[n/2], ds[n*95/100]
	}
	p50, p95 := measure(bare.URL)
	t.Logf("bare net/http: p50 %v, p95 %v", p50, p95)
	for _, p := range []string{"/cases", "/cases?tool=5s&q=xuong", fmt.Sprintf("/cases/%d", cs[0].ID), "/guides", "/api/v1/cases"} {
		p50, p95 := measure(srv.URL() + p)
		t.Logf("%s: p50 %v, p95 %v", p, p50, p95)
		if p95 > 50*time.Millisecond {
			t.Errorf("%s: p95 %v over 50 ms", p, p95)
		}
	}
}
