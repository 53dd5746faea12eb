package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// entryFormKPIRows is how many KPI rows the entry form offers beyond those
// entered.
const entryFormKPIRows = 3

type answerFormRow struct {
	Code     string
	Name     string
	Guidance string
	Points   string
	Answer   string
	Error    string
}

type kpiFormRow struct {
	Index    int
	Name     string
	Unit     string
	Before   string
	After    string
	Evidence string
	Error    string
}

type activityOption struct {
	ID       int64
	Label    string
	KPIs     string
	Selected bool
}

type entryFormPage struct {
	Layout
	Tabs       []contestTab
	New        bool
	Action     string
	Cancel     string
	Version    int
	Contest    contestRow
	Categories []option
	Title      string
	Summary    string
	Answers    []answerFormRow
	KPIs       []kpiFormRow
	Activities []activityOption
	Form       formErrors
}

func (h *Handler) entryForm(r *http.Request, p *entryFormPage, c *contest.Contest, acts []contest.ActivityRef, in contest.EntryInput, fe formErrors) *entryFormPage {
	lang := h.lang(r)
	p.Tabs, p.Contest, p.Title, p.Summary, p.Form = h.contestTabs(r, "/contest-entries"), h.contestRow(lang, c), in.Title, in.SummaryMD, fe
	for _, cat := range c.Categories {
		p.Categories = append(p.Categories, option{Value: strconv.FormatInt(int64(cat.ID), 10), Label: cat.Name + " (" + cat.Code + ")",
			Selected: cat.ID == in.CategoryID || len(c.Categories) == 1})
	}
	for _, cr := range c.Criteria {
		p.Answers = append(p.Answers, answerFormRow{Code: cr.Code, Name: cr.Name, Guidance: cr.Guidance, Points: pointsText(cr.MaxPoints),
			Answer: in.Form[cr.Code], Error: fe.Errors["answer."+cr.Code]})
	}
	for i := range len(in.KPIs) + entryFormKPIRows {
		row := kpiFormRow{Index: i, Error: fe.Errors["kpis."+strconv.Itoa(i)]}
		if i < len(in.KPIs) {
			k := in.KPIs[i]
			row.Name, row.Unit, row.Before, row.After, row.Evidence = k.Name, k.Unit, vn.Decimal(k.Before, 2), vn.Decimal(k.After, 2), k.Evidence
		}
		p.KPIs = append(p.KPIs, row)
	}
	for _, a := range acts {
		var ks []string
		for _, k := range a.KPIs {
			ks = append(ks, k.Name+": "+vn.Decimal(k.Before, 2)+" → "+vn.Decimal(k.After, 2)+" "+k.Unit)
		}
		p.Activities = append(p.Activities, activityOption{ID: a.ID, Label: a.Code + " — " + a.Title + " (" + contestDate(a.ClosedOn) + ")",
			KPIs: strings.Join(ks, "; "), Selected: slices.Contains(in.ActivityIDs, a.ID)})
	}
	return p
}

// parseEntryForm reads the entry form; an unreadable number becomes NaN,
// which the service refuses next to its row.
func parseEntryForm(r *http.Request, c *contest.Contest) (contest.EntryInput, int) {
	f := r.PostForm
	cat, _ := strconv.ParseInt(f.Get("category"), 10, 64)
	in := contest.EntryInput{CategoryID: contest.CategoryID(cat), Title: f.Get("title"), SummaryMD: f.Get("summary"), Form: map[string]string{}}
	for _, cr := range c.Criteria {
		in.Form[cr.Code] = f.Get("answer." + cr.Code)
	}
	names, units, befores, afters, evs := f["kpi_name"], f["kpi_unit"], f["kpi_before"], f["kpi_after"], f["kpi_evidence"]
	num := func(s string) float64 {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0
		}
		v, err := vn.ParseDecimal(s)
		if err != nil {
			return nan()
		}
		return v
	}
	for i := range names {
		in.KPIs = append(in.KPIs, contest.EntryKPI{Name: names[i], Unit: at(units, i), Before: num(at(befores, i)), After: num(at(afters, i)), Evidence: at(evs, i)})
	}
	for _, s := range f["activity"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.ActivityIDs = append(in.ActivityIDs, id)
		}
	}
	return in, atoiOr(f.Get("version"), 0)
}

func (h *Handler) handleEntryNew(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	c, acts, err := h.contest.EntryForm(r.Context(), contest.ContestID(id))
	if err != nil {
		return err
	}
	p := h.entryForm(r, &entryFormPage{New: true, Action: contestHref(c.ID) + "/entries", Cancel: contestHref(c.ID)}, c, acts,
		contest.EntryInput{Form: map[string]string{}}, formErrors{Errors: map[string]string{}})
	return h.render(w, r, http.StatusOK, "entry_form", text("cs.entry_new"), p)
}

func (h *Handler) handleEntryCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &fault.Error{Kind: fault.Invalid, Message: text("error.bad_request")}
	}
	c, acts, err := h.contest.EntryForm(r.Context(), contest.ContestID(id))
	if err != nil {
		return err
	}
	in, _ := parseEntryForm(r, c)
	e, err := h.contest.CreateEntry(r.Context(), c.ID, in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := h.entryForm(r, &entryFormPage{New: true, Action: contestHref(c.ID) + "/entries", Cancel: contestHref(c.ID)}, c, acts, in,
			newFormErrors(h.lang(r), err, nil))
		return h.render(w, r, formStatus(err), "entry_form", text("cs.entry_new"), p)
	}
	h.flash(r.Context(), "success", text("cs.flash_entry_created"))
	redirect(w, r, entryHref(e.ID))
	return nil
}

func (h *Handler) handleEntryEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.contest.Entry(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	if !v.CanEdit {
		return &fault.Error{Kind: fault.Forbidden, Message: text("cs.entry_not_editable")}
	}
	_, acts, err := h.contest.EntryForm(r.Context(), v.Contest.ID)
	if err != nil {
		return err
	}
	p := h.entryForm(r, &entryFormPage{Action: entryHref(v.Entry.ID), Cancel: entryHref(v.Entry.ID), Version: v.Entry.Version}, v.Contest, acts,
		contest.InputOfEntry(v.Entry), formErrors{Errors: map[string]string{}})
	return h.render(w, r, http.StatusOK, "entry_form", fault.Text{Vi: v.Entry.Title, En: v.Entry.Title}, p)
}

func (h *Handler) handleEntryUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &fault.Error{Kind: fault.Invalid, Message: text("error.bad_request")}
	}
	v, err := h.contest.Entry(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	in, version := parseEntryForm(r, v.Contest)
	if _, err := h.contest.UpdateEntry(r.Context(), v.Entry.ID, version, in); err != nil {
		if !isFormError(err) {
			return err
		}
		_, acts, aerr := h.contest.EntryForm(r.Context(), v.Contest.ID)
		if aerr != nil {
			return aerr
		}
		p := h.entryForm(r, &entryFormPage{Action: entryHref(v.Entry.ID), Cancel: entryHref(v.Entry.ID), Version: v.Entry.Version}, v.Contest, acts, in,
			newFormErrors(h.lang(r), err, nil))
		return h.render(w, r, formStatus(err), "entry_form", fault.Text{Vi: v.Entry.Title, En: v.Entry.Title}, p)
	}
	h.flash(r.Context(), "success", text("cs.flash_saved"))
	redirect(w, r, entryHref(v.Entry.ID))
	return nil
}

func nan() float64 { return math.NaN() }
