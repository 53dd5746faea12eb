package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nscl/internal/fault"
)

// parseForm parses the request's form. A body over the limit set by
// httpx.LimitBody is a 413; a form that does not parse is a 400.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large"), err: err}
		}
		return badRequest(err)
	}
	return nil
}

// formValue returns a trimmed form value.
func formValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// formErrors holds what a failed form shows: the general message and one
// message per field, in the page's language.
type formErrors struct {
	Message string
	Errors  map[string]string
}

// HasErrors reports whether the form shows any error.
func (f formErrors) HasErrors() bool { return f.Message != "" || len(f.Errors) > 0 }

// newFormErrors converts err (usually fault.Invalid) for the form in lang.
// rename maps service field names to form field names.
func newFormErrors(lang string, err error, rename map[string]string) formErrors {
	_, msg := statusOf(err)
	fe := formErrors{Message: msg.In(lang), Errors: map[string]string{}}
	for k, v := range fault.FieldsOf(err) {
		if n, ok := rename[k]; ok {
			k = n
		}
		fe.Errors[k] = v.In(lang)
	}
	return fe
}

// isFormError reports whether err is something the user fixes on the form
// (so the form is shown again), rather than a page-level error.
func isFormError(err error) bool {
	switch fault.KindOf(err) {
	case fault.Invalid, fault.Conflict:
		return true
	}
	return false
}

// pathID reads a positive integer path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
	}
	return id, nil
}

// Pager is the page navigation under a list.
type Pager struct {
	Page  int // 1-based
	Pages int
	Total int
	Prev  string // URL of the previous page, "" on the first
	Next  string // URL of the next page, "" on the last
}

const maxPage = 100000

// pageParam returns the 1-based page number in the query (capped).
func pageParam(q url.Values) int {
	p, err := strconv.Atoi(q.Get("page"))
	if err != nil || p < 1 {
		return 1
	}
	return min(p, maxPage)
}

// newPager builds the pager for a list of total items, limit per page,
// keeping the other query parameters in the links.
func newPager(r *http.Request, page, limit, total int) Pager {
	pages := (total + limit - 1) / limit
	p := Pager{Page: page, Pages: max(pages, 1), Total: total}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, p.Pages))
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}

// signedInID reads the {id} of the path for a signed-in actor (anyone else
// is sent to sign in); the service decides what the actor may do with it.
func signedInID(r *http.Request) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	if _, err := actor(r); err != nil {
		return 0, err
	}
	return id, nil
}

// postedID is signedInID for a form post: it also reads the form.
func postedID(r *http.Request) (int64, error) {
	id, err := signedInID(r)
	if err != nil {
		return 0, err
	}
	if err := parseForm(r); err != nil {
		return 0, err
	}
	return id, nil
}
