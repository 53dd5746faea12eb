package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"nscl/internal/assessment"
)

// TestReview_VerifyAnswersHTTP pins the verification's answers over HTTP:
// a code over 1.024 characters or a number over 40 gets the uniform 404
// (not the schema's 422), and counts against the client like any failure.
func TestReview_VerifyAnswersHTTP(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	get := func(path string) (int, string) {
		res, err := http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, p := range []string{
		"/api/v1/verify/abc.def",
		"/api/v1/verify/" + strings.Repeat("A", 1100) + ".x",
		"/api/v1/verify?number=5S-2026-999999",
		"/api/v1/verify?number=" + strings.Repeat("9", 41),
		"/api/v1/verify",
		"/verify/" + strings.Repeat("A", 1100) + ".x",
	} {
		code, body := get(p)
		if len(body) > 300 {
			body = body[:300]
		}
		t.Logf("%s → %d %s", p[:min(len(p), 60)], code, body)
		if code != 404 {
			t.Errorf("%s: status %d, want the uniform 404", p[:min(len(p), 60)], code)
		}
	}
	// The over-long ones counted: 6 failures so far; 14 more over-long
	// codes use up the 20, then the address is refused.
	for i := range assessment.VerifyLimit - 6 {
		if code, _ := get("/api/v1/verify/" + strings.Repeat("B", 1100+i) + ".x"); code != 404 {
			t.Fatalf("over-long code %d: %d", i, code)
		}
	}
	if code, _ := get("/api/v1/verify/" + strings.Repeat("C", 1100) + ".x"); code != 429 {
		t.Errorf("after %d failures, an over-long code: %d, want 429", assessment.VerifyLimit, code)
	}
	if code, _ := get("/api/v1/verify?number=" + strings.Repeat("9", 41)); code != 429 {
		t.Errorf("after %d failures, an over-long number: %d, want 429", assessment.VerifyLimit, code)
	}
}
