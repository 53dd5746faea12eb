package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

type requestIDKey struct{}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// statusWriter remembers the status and size written.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (flush).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observer receives one call per finished request (metrics).
type Observer func(r *http.Request, pattern string, status int, d time.Duration)

// Logging assigns a request id (kept from X-Request-Id when it is sane),
// writes one structured log line per request, recovers panics as 500, and
// reports to observe. The request id is echoed in the X-Request-Id header.
func Logging(log *slog.Logger, observe Observer, onError ErrorHandler, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if len(id) == 0 || len(id) > 64 || strings.ContainsAny(id, " \r\n\t\"") {
			id = newRequestID()
		}
		info := &requestInfo{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey{}, id), requestInfoKey{}, info)
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(ctx, "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "request_id", id)
				if sw.status == 0 {
					onError(sw, r, fmt.Errorf("panic: %v", p))
				}
			}
			d := time.Since(start)
			if log.Enabled(ctx, slog.LevelInfo) {
				attrs := [...]slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.Int("status", sw.status), slog.Int64("bytes", sw.size),
					slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("request_id", id),
					slog.String("ip", ClientIP(r)), slog.Int64("user_id", info.userID)}
				n := len(attrs)
				if info.userID == 0 {
					n-- // anonymous: no user_id
				}
				log.LogAttrs(ctx, slog.LevelInfo, "request", attrs[:n]...)
			}
			if observe != nil {
				observe(r, info.pattern, sw.status, d)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// requestInfo is filled by inner middleware for the request log line (the
// actor is added to a context that the outer middleware cannot see).
type requestInfo struct {
	userID  int64
	pattern string
}

type requestInfoKey struct{}

// noteUser records the acting user for the request log line.
func noteUser(ctx context.Context, id int64) {
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		info.userID = id
	}
}

// Routed wraps the handler registered for pattern so that the request log
// and the metrics see the matched route pattern (the mux sets it on a copy
// of the request that the outer middleware never sees).
func Routed(pattern string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			info.pattern = pattern
		}
		next.ServeHTTP(w, r)
	})
}

// ClientIP returns the client's address without the port. Behind a proxy,
// TrustProxy must be in the chain for X-Forwarded-For to be believed.
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type clientIPKey struct{}

// TrustProxy takes the client address from the last X-Forwarded-For entry
// added by the trusted proxy in front of the servers.
func TrustProxy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			ip := strings.TrimSpace(parts[len(parts)-1])
			if net.ParseIP(ip) != nil {
				r = r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// SecurityHeaders sets the Content-Security-Policy (no inline script, no
// third-party origins), and the usual hardening headers.
func SecurityHeaders(next http.Handler) http.Handler {
	// The values are built once and assigned with canonical keys: this runs
	// on every request, and Header.Set would allocate each time.
	static := map[string][]string{
		"Content-Security-Policy": {"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
			"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
		"X-Content-Type-Options": {"nosniff"},
		"X-Frame-Options":        {"DENY"},
		"Referrer-Policy":        {"same-origin"},
		"Permissions-Policy":     {"camera=(self), geolocation=(), microphone=()"},
	}
	hsts := []string{"max-age=31536000"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range static {
			h[k] = v
		}
		if r.TLS != nil {
			h["Strict-Transport-Security"] = hsts
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBody caps request bodies at n bytes; reading past the limit fails
// with *http.MaxBytesError, which the page and API error handlers answer as
// 413 in the user's language.
func LimitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// CrossOrigin refuses cross-origin unsafe requests (POST, PUT, …) using the
// standard library's protection (Sec-Fetch-Site and Origin headers), which
// is the platform's CSRF defence. Requests with a Bearer token are not
// browser-driven and pass.
func CrossOrigin(onDeny http.Handler, next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(onDeny)
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}
