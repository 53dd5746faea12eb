package httpx

import (
	"context"
	"log/slog"
	"net/http"

	"nscl/internal/fault"
)

// Status returns the HTTP status for an error kind. This is the only such
// table: unknown errors are 500, never 400.
func Status(k fault.Kind) int {
	switch k {
	case fault.Invalid:
		return http.StatusUnprocessableEntity
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Conflict:
		return http.StatusConflict
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.Unauthenticated:
		return http.StatusUnauthorized
	case fault.Unavailable:
		return http.StatusServiceUnavailable
	case fault.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorHandler renders an error for a request whose handler failed.
type ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

// HandlerFunc is a handler that returns an error instead of writing one.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Adapt turns h into an http.Handler that sends errors to onError, logging
// internal ones once with the request id.
func Adapt(log *slog.Logger, onError ErrorHandler, h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			LogError(log, r, err)
			onError(w, r, err)
		}
	})
}

// LogError logs err if it is internal (a bug or an outage): the other kinds
// are the user's to fix and are not logged.
func LogError(log *slog.Logger, r *http.Request, err error) {
	if fault.KindOf(err) != fault.Internal {
		return
	}
	if r.Context().Err() == context.Canceled {
		return // the client went away
	}
	log.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", r.URL.Path, "request_id", RequestID(r.Context()))
}
