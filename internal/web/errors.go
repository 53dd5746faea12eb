package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/httpx"
)

// statusError is an HTTP-level problem with the request itself (a body too
// large, a form that does not parse): statuses the fault kinds do not name.
type statusError struct {
	status int
	msg    fault.Text
	err    error
}

func (e *statusError) Error() string {
	if e.err != nil {
		return e.msg.En + ": " + e.err.Error()
	}
	return e.msg.En
}

func (e *statusError) Unwrap() error { return e.err }

func badRequest(err error) error {
	return &statusError{status: http.StatusBadRequest, msg: text("error.bad_request"), err: err}
}

// statusOf returns the HTTP status and the user-safe message for err.
func statusOf(err error) (int, fault.Text) {
	var se *statusError
	if errors.As(err, &se) {
		return se.status, se.msg
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, text("error.too_large")
	}
	return httpx.Status(fault.KindOf(err)), fault.MessageOf(err)
}

// errorPage shows an error in the user's language first, then the other.
type errorPage struct {
	Layout
	Code    int
	First   errorText // in the page's language
	Second  errorText // in the other language
	Show500 bool      // an internal error: only the request id is shown
}

type errorText struct {
	Lang    string
	Heading string
	Message string
}

// Error renders err as an HTML error page (or, for htmx, a fragment). Not
// signed in (401) redirects to the login page with the current page as next.
// Internal errors show only a generic message and the request id; the
// caller (httpx.Adapt) has logged them.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := statusOf(err)
	if status == http.StatusUnauthorized {
		to := "/login"
		if next := nextFor(r); next != "" && next != "/" {
			to += "?next=" + url.QueryEscape(next)
		}
		if r.Header.Get("HX-Request") == "true" {
			w.Header().Set("HX-Redirect", to)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	p := &errorPage{Code: status, Show500: status >= 500 && status != http.StatusServiceUnavailable}
	h.fill(r, &p.Layout, errorHeading(status), false)
	if p.Show500 {
		msg = text("error.internal_message")
	}
	other := "en"
	if p.Lang == "en" {
		other = "vi"
	}
	heading := errorHeading(status)
	p.First = errorText{Lang: p.Lang, Heading: heading.In(p.Lang), Message: msg.In(p.Lang)}
	p.Second = errorText{Lang: other, Heading: heading.In(other), Message: msg.In(other)}
	if r.Header.Get("HX-Request") == "true" {
		if err := h.renderFragment(w, status, p.Lang, "error-fragment", p); err != nil {
			http.Error(w, msg.Vi+" / "+msg.En, status)
		}
		return
	}
	if err := h.write(w, status, "error", p); err != nil {
		httpx.LogError(h.log, r, err)
		http.Error(w, msg.Vi+" / "+msg.En, status)
	}
}

func errorHeading(status int) fault.Text {
	switch status {
	case http.StatusBadRequest:
		return text("error.400")
	case http.StatusForbidden:
		return text("error.403")
	case http.StatusNotFound:
		return text("error.404")
	case http.StatusConflict:
		return text("error.409")
	case http.StatusRequestEntityTooLarge:
		return text("error.413")
	case http.StatusUnprocessableEntity:
		return text("error.422")
	case http.StatusTooManyRequests:
		return text("error.429")
	case http.StatusServiceUnavailable:
		return text("error.503")
	}
	return text("error.500")
}

// NotFound renders the 404 page; Register uses it for every unmatched path.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.Error(w, r, &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")})
}

// nextFor is the page to come back to after signing in: the request itself
// for a GET, else the local page the form was on.
func nextFor(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		if p := ref.RequestURI(); isLocalPath(p) {
			return p
		}
	}
	return ""
}

// isLocalPath reports whether p is a path on this site: it starts with one
// "/" (not "//" or "/\", which browsers read as another host) and has no
// scheme, host or control characters. Only such paths are redirect targets.
func isLocalPath(p string) bool {
	if p == "" || p[0] != '/' || len(p) > 2000 {
		return false
	}
	if len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return false
	}
	if strings.ContainsAny(p, "\r\n\t\x00\\") {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// safeNext returns next if it is a local path, else "/".
func safeNext(next string) string {
	if isLocalPath(next) {
		return next
	}
	return "/"
}
