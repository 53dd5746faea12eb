package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/vn"
)

// ---- an enterprise's entries: /contest-entries ----

type entryMinePage struct {
	Layout
	Tabs    []contestTab
	Entries []entryRow
}

func (h *Handler) handleMyEntries(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if auth.ActorFrom(ctx).IsAnonymous() {
		return &fault.Error{Kind: fault.Unauthenticated, Message: text("cs.sign_in")}
	}
	list, err := h.contest.MyEntries(ctx)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &entryMinePage{Tabs: h.contestTabs(r, "/contest-entries")}
	for _, e := range list {
		p.Entries = append(p.Entries, h.entryRow(lang, nil, e, nil))
	}
	return h.render(w, r, http.StatusOK, "entry_mine", text("cs.tab_mine"), p)
}

// ---- a contest's entries for its organiser: /contests/{id}/entries ----

type contestEntriesPage struct {
	Layout
	Tabs       []contestTab
	Contest    contestRow
	Categories []option
	Statuses   []option
	Filtered   bool
	Entries    []entryRow
	XLSXHref   string
}

func (h *Handler) contestEntries(r *http.Request) (*contest.Contest, []contest.EntryRow, error) {
	id, err := signedInID(r)
	if err != nil {
		return nil, nil, err
	}
	qs := r.URL.Query()
	cat, _ := strconv.ParseInt(qs.Get("category"), 10, 64)
	return h.contest.Entries(r.Context(), contest.ContestID(id), contest.EntryQuery{CategoryID: contest.CategoryID(cat), Status: contest.EntryStatus(qs.Get("status"))})
}

func (h *Handler) handleContestEntries(w http.ResponseWriter, r *http.Request) error {
	c, rows, err := h.contestEntries(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	qs := r.URL.Query()
	p := &contestEntriesPage{Tabs: h.contestTabs(r, "/contests"), Contest: h.contestRow(lang, c),
		Filtered: qs.Get("category") != "" || qs.Get("status") != "", XLSXHref: xlsxHref(contestHref(c.ID)+"/entries.xlsx", qs)}
	for _, cat := range c.Categories {
		p.Categories = append(p.Categories, option{Value: strconv.FormatInt(int64(cat.ID), 10), Label: cat.Name, Selected: qs.Get("category") == strconv.FormatInt(int64(cat.ID), 10)})
	}
	for _, st := range contest.EntryStatuses {
		p.Statuses = append(p.Statuses, option{Value: string(st), Label: st.Label().In(lang), Selected: string(st) == qs.Get("status")})
	}
	for _, row := range rows {
		p.Entries = append(p.Entries, h.entryRow(lang, c, row.Entry, row.Problems))
	}
	return h.render(w, r, http.StatusOK, "contest_entries", fault.Text{Vi: c.Title, En: c.Title}, p)
}

func (h *Handler) handleContestEntriesXLSX(w http.ResponseWriter, r *http.Request) error {
	c, rows, err := h.contestEntries(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: fault.Text{Vi: "Bai du thi", En: "Entries"}, File: "contest-entries-" + strings.ToLower(c.Code),
		Cols: []xlsxCol{{Label: text("cs.code")}, {Label: text("cs.entry_title"), Width: 40}, {Label: text("cs.enterprise"), Width: 36},
			{Label: text("cs.tax_code")}, {Label: text("cs.province")}, {Label: text("cs.category"), Width: 28},
			{Label: text("cs.status")}, {Label: text("cs.submitted"), Kind: xDate}, {Label: text("cs.kpis"), Kind: xInt},
			{Label: text("cs.missing"), Width: 50}, {Label: text("cs.note"), Width: 40}}}
	for _, row := range rows {
		e := row.Entry
		er := h.entryRow(lang, c, e, row.Problems)
		var sub any
		if e.SubmittedAt != nil {
			sub = e.SubmittedAt.In(vn.Zone)
		}
		if !t.add(e.Code, e.Title, e.EnterpriseName, e.TaxCode, er.Province, er.Category, er.Status, sub, len(e.KPIs),
			strings.Join(er.Missing, " "), e.StatusNote) {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}

// ---- an entry: /contest-entries/{id} ----

type answerRow struct {
	Code     string
	Name     string
	Guidance string
	Points   string
	Answer   template.HTML
}

type kpiRow struct {
	Name     string
	Unit     string
	Before   string
	After    string
	Evidence string
	Verified bool
}

type fileRow struct {
	ID   int64
	Name string
	Size string
	Href string
}

type entryViewPage struct {
	Layout
	Tabs         []contestTab
	Entry        entryRow
	Contest      contestRow
	Summary      template.HTML
	Answers      []answerRow
	KPIs         []kpiRow
	Files        []fileRow
	Activities   []int64
	Problems     []string
	Note         string
	Version      int
	View         *contest.EntryView
	FeedbackHref string
	Statuses     []option
	Form         formErrors
	MaxFileMB    int
}

func (h *Handler) entryPage(r *http.Request, v *contest.EntryView, fe formErrors) *entryViewPage {
	lang := h.lang(r)
	e, c := v.Entry, v.Contest
	p := &entryViewPage{Tabs: h.contestTabs(r, "/contests"), Entry: h.entryRow(lang, c, e, nil), Contest: h.contestRow(lang, c),
		Summary: markdown.Render(e.SummaryMD), Note: e.StatusNote, Version: e.Version, View: v, Activities: e.ActivityIDs, Form: fe,
		MaxFileMB: contest.MaxEntryFileSize >> 20}
	if v.Entrant {
		p.Tabs = h.contestTabs(r, "/contest-entries")
	}
	if v.Published && v.Entrant {
		p.FeedbackHref = entryHref(e.ID) + "/feedback"
	}
	for _, cr := range c.Criteria {
		p.Answers = append(p.Answers, answerRow{Code: cr.Code, Name: cr.Name, Guidance: cr.Guidance, Points: pointsText(cr.MaxPoints),
			Answer: markdown.Render(e.Form[cr.Code])})
	}
	for _, k := range e.KPIs {
		p.KPIs = append(p.KPIs, kpiRow{Name: k.Name, Unit: k.Unit, Before: vn.Decimal(k.Before, 2), After: vn.Decimal(k.After, 2),
			Evidence: k.Evidence, Verified: k.Verified})
	}
	for _, f := range v.Files {
		p.Files = append(p.Files, fileRow{ID: int64(f.ID), Name: f.Name, Size: fileSize(f.Size),
			Href: entryHref(e.ID) + "/files/" + strconv.FormatInt(int64(f.ID), 10)})
	}
	for _, pr := range v.Problems {
		p.Problems = append(p.Problems, pr.Message.In(lang))
	}
	for _, st := range []contest.EntryStatus{contest.EntryAccepted, contest.EntryIncomplete, contest.EntryRejected} {
		p.Statuses = append(p.Statuses, option{Value: string(st), Label: st.Label().In(lang)})
	}
	return p
}

func (h *Handler) handleEntryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.contest.Entry(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "entry_view", fault.Text{Vi: v.Entry.Title, En: v.Entry.Title}, h.entryPage(r, v, formErrors{Errors: map[string]string{}}))
}

// entryAction runs a change posted from the entry page: back to the page
// with a flash, or the page again with the refusal.
func (h *Handler) entryAction(w http.ResponseWriter, r *http.Request, ok fault.Text, fn func(id contest.EntryID, version int) error) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &fault.Error{Kind: fault.Invalid, Message: text("error.bad_request")}
	}
	if err := fn(contest.EntryID(id), atoiOr(r.PostForm.Get("version"), 0)); err != nil {
		if !isFormError(err) {
			return err
		}
		v, verr := h.contest.Entry(r.Context(), contest.EntryID(id))
		if verr != nil {
			return verr
		}
		return h.render(w, r, formStatus(err), "entry_view", fault.Text{Vi: v.Entry.Title, En: v.Entry.Title}, h.entryPage(r, v, newFormErrors(h.lang(r), err, nil)))
	}
	h.flash(r.Context(), "success", ok)
	redirect(w, r, entryHref(contest.EntryID(id)))
	return nil
}

func (h *Handler) handleEntrySubmit(w http.ResponseWriter, r *http.Request) error {
	return h.entryAction(w, r, text("cs.flash_submitted"), func(id contest.EntryID, version int) error {
		_, err := h.contest.SubmitEntry(r.Context(), id, version)
		return err
	})
}

func (h *Handler) handleEntryWithdraw(w http.ResponseWriter, r *http.Request) error {
	return h.entryAction(w, r, text("cs.flash_withdrawn"), func(id contest.EntryID, version int) error {
		_, err := h.contest.WithdrawEntry(r.Context(), id, version)
		return err
	})
}

func (h *Handler) handleEntryCheck(w http.ResponseWriter, r *http.Request) error {
	return h.entryAction(w, r, text("cs.flash_checked"), func(id contest.EntryID, version int) error {
		_, err := h.contest.CheckEntry(r.Context(), id, version, contest.CheckDecision{Status: contest.EntryStatus(r.PostForm.Get("status")),
			Note: r.PostForm.Get("note")})
		return err
	})
}

func (h *Handler) handleEntryUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.contest.Entry(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	if !v.Entrant {
		return &fault.Error{Kind: fault.Forbidden, Message: text("cs.entry_not_editable")}
	}
	fail := func(status int, msg fault.Text) error {
		return h.render(w, r, status, "entry_view", fault.Text{Vi: v.Entry.Title, En: v.Entry.Title},
			h.entryPage(r, v, newFormErrors(h.lang(r), fault.Fields{"file": msg}.Err(), nil)))
	}
	name, data, err := readUpload(w, r, "file", contest.MaxEntryFileSize)
	if err != nil {
		msg := text("cs.choose_file")
		if errors.Is(err, errUploadTooLarge) {
			msg = text("cs.file_too_large")
		}
		return fail(uploadFailStatus(err), msg)
	}
	if _, err := h.contest.AddEntryFile(r.Context(), contest.EntryID(id), name, data); err != nil {
		if !isFormError(err) {
			return err
		}
		v, verr := h.contest.Entry(r.Context(), contest.EntryID(id))
		if verr != nil {
			return verr
		}
		return h.render(w, r, formStatus(err), "entry_view", fault.Text{Vi: v.Entry.Title, En: v.Entry.Title}, h.entryPage(r, v, newFormErrors(h.lang(r), err, nil)))
	}
	h.flash(r.Context(), "success", text("cs.flash_uploaded"))
	redirect(w, r, entryHref(contest.EntryID(id)))
	return nil
}

func (h *Handler) handleEntryFile(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, err := h.contest.EntryFile(r.Context(), contest.EntryID(id), contest.EntryFileID(fid))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, err = w.Write(f.Data)
	return err
}

func (h *Handler) handleEntryFileDelete(w http.ResponseWriter, r *http.Request) error {
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	return h.entryAction(w, r, text("cs.flash_file_removed"), func(id contest.EntryID, _ int) error {
		return h.contest.RemoveEntryFile(r.Context(), id, contest.EntryFileID(fid))
	})
}

// fileSize is a file's size for people: bytes, KB or MB.
func fileSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return vn.Decimal(float64(n)/1024, 1) + " KB"
	}
	return vn.Decimal(float64(n)/(1<<20), 1) + " MB"
}
