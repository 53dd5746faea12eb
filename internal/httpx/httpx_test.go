package httpx_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/httpx"
)

func TestStatus_Table(t *testing.T) {
	for _, tc := range []struct {
		kind fault.Kind
		want int
	}{
		{fault.Invalid, 422}, {fault.NotFound, 404}, {fault.Conflict, 409}, {fault.Forbidden, 403},
		{fault.Unauthenticated, 401}, {fault.Unavailable, 503}, {fault.TooMany, 429}, {fault.Internal, 500},
	} {
		if got := httpx.Status(tc.kind); got != tc.want {
			t.Errorf("Status(%v)=%d, want %d", tc.kind, got, tc.want)
		}
	}
	// An error that is not a fault is internal: 500, never 400.
	if got := httpx.Status(fault.KindOf(errors.New("boom"))); got != 500 {
		t.Fatalf("unknown error status %d", got)
	}
}

func plainError(w http.ResponseWriter, r *http.Request, err error) {
	http.Error(w, fault.MessageOf(err).En, httpx.Status(fault.KindOf(err)))
}

func TestLogging_RequestIDAndOneLine(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	var observed []int
	h := httpx.Logging(log, func(r *http.Request, pattern string, status int, d time.Duration) {
		observed = append(observed, status)
	}, plainError, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if httpx.RequestID(r.Context()) == "" {
			t.Error("no request id in context")
		}
		w.WriteHeader(http.StatusTeapot)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	id := rec.Header().Get("X-Request-Id")
	if len(id) != 16 {
		t.Fatalf("X-Request-Id=%q", id)
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Fatalf("%d log lines, want 1: %s", n, buf.String())
	}
	if !strings.Contains(buf.String(), `"request_id":"`+id+`"`) || !strings.Contains(buf.String(), `"status":418`) {
		t.Fatalf("log line lacks id or status: %s", buf.String())
	}
	if len(observed) != 1 || observed[0] != 418 {
		t.Fatalf("observed %v", observed)
	}

	// A sane incoming id is kept; a hostile one is replaced.
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-Id"); got != "abc-123" {
		t.Fatalf("kept id %q", got)
	}
	req.Header.Set("X-Request-Id", "bad id\r\nx")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-Id"); got == "bad id\r\nx" || got == "" {
		t.Fatalf("hostile id kept: %q", got)
	}
}

func TestLogging_PanicIs500(t *testing.T) {
	var buf bytes.Buffer
	h := httpx.Logging(slog.New(slog.NewTextHandler(&buf, nil)), nil, plainError,
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("kaboom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "kaboom") {
		t.Fatal("panic value leaked to the client")
	}
	if !strings.Contains(buf.String(), "kaboom") {
		t.Fatal("panic not logged")
	}
}

func TestSecurityHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	httpx.SecurityHeaders(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline: %q", csp)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("hardening headers missing")
	}
}

func TestLimitBody(t *testing.T) {
	var readErr error
	h := httpx.LimitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader("0123456789ABC")))
	var mbe *http.MaxBytesError
	if !errors.As(readErr, &mbe) {
		t.Fatalf("read error %v, want MaxBytesError", readErr)
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader("short")))
	if readErr != nil {
		t.Fatalf("small body: %v", readErr)
	}
}

func TestCrossOrigin(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	deny := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(403) })
	h := httpx.CrossOrigin(deny, ok)
	for _, tc := range []struct {
		name    string
		method  string
		headers map[string]string
		want    int
	}{
		{"same origin form", "POST", map[string]string{"Sec-Fetch-Site": "same-origin"}, 204},
		{"cross site form", "POST", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross origin by Origin", "POST", map[string]string{"Origin": "https://evil.example"}, 403},
		{"cross site GET is safe", "GET", map[string]string{"Sec-Fetch-Site": "cross-site"}, 204},
		{"bearer token passes", "POST", map[string]string{"Sec-Fetch-Site": "cross-site", "Authorization": "Bearer nscl_x"}, 204},
		{"no browser headers", "POST", nil, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "http://nscl.test/x", nil)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d", rec.Code, tc.want)
			}
		})
	}
}

func TestTrustProxy(t *testing.T) {
	var got string
	h := httpx.TrustProxy(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = httpx.ClientIP(r) }))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Forwarded-For", "1.2.3.4, 10.0.0.9")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "10.0.0.9" {
		t.Fatalf("ClientIP=%q, want the address the trusted proxy added", got)
	}
	req = httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "192.0.2.7" {
		t.Fatalf("ClientIP=%q without header", got)
	}
}

func TestMetrics(t *testing.T) {
	m := httpx.NewMetrics()
	m.Observe(httptest.NewRequest("GET", "/login", nil), "GET /login", 200, 3*time.Millisecond)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `nscl_http_requests_total{method="GET",route="GET /login",status="200"} 1`) {
		t.Fatalf("metrics lack the request:\n%s", rec.Body.String()[:min(2000, rec.Body.Len())])
	}
}
