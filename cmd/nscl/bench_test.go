package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// BenchmarkLoginPage serves GET /login through the whole middleware chain,
// next to a bare handler writing the same bytes (the reference of the
// throughput target; bench/foundation/run.sh measures both under wrk).
func BenchmarkLoginPage(b *testing.B) {
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(b.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(context.Background(), cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close(context.Background())
	h, err := srv.app.handler(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	page := rec.Body.Bytes()
	if rec.Code != 200 {
		b.Fatalf("status %d", rec.Code)
	}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"nscl", h}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			req := httptest.NewRequest("GET", "/login", nil)
			for b.Loop() {
				w := httptest.NewRecorder()
				c.h.ServeHTTP(w, req)
			}
		})
	}
}
