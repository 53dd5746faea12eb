package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/jobs"
	"nscl/internal/vn"
)

const auditPerPage = 50

// auditPage is the audit log with its filters.
type auditPage struct {
	Layout
	formErrors
	Filter    auditForm
	Entries   []auditRow
	Actions   []string // suggestions for the action filter
	Pager     Pager
	CanExport bool
}

// auditForm is the filter as typed.
type auditForm struct {
	ActorID    string
	Action     string
	ObjectType string
	ObjectID   string
	From       string
	To         string
}

// auditRow is one entry with its JSON pretty-printed.
type auditRow struct {
	*audit.Entry
	BeforeJSON string
	AfterJSON  string
}

// auditActions are the action prefixes offered in the filter.
var auditActions = []string{"auth.", "auth.login", "auth.login_failed", "auth.lockout", "auth.password_reset",
	"auth.totp_enable", "auth.totp_reset", "user.", "user.create", "user.update", "user.language", "token.", "job."}

// readAuditFilter reads the filter from form values (the query of the list,
// or the posted export form). Dates that do not parse are field errors.
func readAuditFilter(v url.Values) (auditForm, audit.Filter, error) {
	f := auditForm{
		ActorID: strings.TrimSpace(v.Get("actor_id")), Action: strings.TrimSpace(v.Get("action")),
		ObjectType: strings.TrimSpace(v.Get("object_type")), ObjectID: strings.TrimSpace(v.Get("object_id")),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")),
	}
	af := audit.Filter{Action: f.Action, ObjectType: f.ObjectType, ObjectID: f.ObjectID}
	errs := fault.Fields{}
	if f.ActorID != "" {
		id, err := strconv.ParseInt(f.ActorID, 10, 64)
		if err != nil || id <= 0 {
			m := text("audit.actor_invalid")
			errs.Add("actor_id", m.Vi, m.En)
		}
		af.ActorID = id
	}
	if f.From != "" {
		d, err := vn.ParseDate(f.From)
		if err != nil {
			m := text("form.date_invalid")
			errs.Add("from", m.Vi, m.En)
		}
		af.From = d
	}
	if f.To != "" {
		d, err := vn.ParseDate(f.To)
		if err != nil {
			m := text("form.date_invalid")
			errs.Add("to", m.Vi, m.En)
		}
		af.To = d.AddDate(0, 0, 1) // the "to" day is included
	}
	return f, af, errs.Err()
}

func (h *Handler) handleAuditList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page := pageParam(q)
	form, f, ferr := readAuditFilter(q)
	p := &auditPage{Filter: form, Actions: auditActions, CanExport: auth.Can(a, auth.ActAuditRead)}
	if ferr != nil {
		if !auth.Can(a, auth.ActAuditRead) {
			return fault.New(fault.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
		}
		p.formErrors = newFormErrors(h.lang(r), ferr, nil)
		return h.render(w, r, http.StatusUnprocessableEntity, "audit", text("audit.title"), p)
	}
	f.Offset, f.Limit = (page-1)*auditPerPage, auditPerPage
	entries, total, err := h.auditLog.FindEntries(r.Context(), f)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p.Entries = append(p.Entries, auditRow{Entry: e, BeforeJSON: prettyJSON(e.Before), AfterJSON: prettyJSON(e.After)})
	}
	p.Pager = newPager(r, page, auditPerPage, total)
	return h.render(w, r, http.StatusOK, "audit", text("audit.title"), p)
}

// prettyJSON indents a JSON document for reading; other text stays as is.
func prettyJSON(s string) string {
	if s == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

func (h *Handler) handleAuditExport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	_, f, err := readAuditFilter(r.PostForm)
	var j *jobs.Job
	if err == nil {
		j, err = h.jobs.EnqueueAuditExport(r.Context(), f)
	}
	if fault.Is(err, fault.Invalid) {
		// Back to the list, which shows the same filter and the message.
		h.flash(r.Context(), "error", fault.MessageOf(err))
		http.Redirect(w, r, "/admin/audit?"+r.PostForm.Encode(), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("flash.export_started"))
	http.Redirect(w, r, "/jobs/"+strconv.FormatInt(int64(j.ID), 10), http.StatusSeeOther)
	return nil
}
