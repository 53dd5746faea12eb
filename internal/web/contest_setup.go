package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The pages of the contests' setup (cycles, categories, rubric, timeline,
// eligibility) and the entries (forms, attachments, KPI evidence,
// completeness). The contests' list and pages are public (drafts to their
// organisers only); the service decides everything else.

// registerContestSetup registers the pages of this area.
func (h *Handler) registerContestSetup(mux Router) {
	h.handle(mux, "GET /contests", h.handleContests)
	h.handle(mux, "GET /contests/new", h.handleContestNew)
	h.handle(mux, "POST /contests", h.handleContestCreate)
	h.handle(mux, "GET /contests/{id}", h.handleContestShow)
	h.handle(mux, "GET /contests/{id}/edit", h.handleContestEdit)
	h.handle(mux, "POST /contests/{id}", h.handleContestUpdate)
	h.handle(mux, "POST /contests/{id}/announce", h.handleContestAnnounce)
	h.handle(mux, "POST /contests/{id}/cancel", h.handleContestCancel)
	h.handle(mux, "GET /contests/{id}/entries", h.handleContestEntries)
	h.handle(mux, "GET /contests/{id}/entries.xlsx", h.handleContestEntriesXLSX)
	h.handle(mux, "GET /contests/{id}/enter", h.handleEntryNew)
	h.handle(mux, "POST /contests/{id}/entries", h.handleEntryCreate)
	h.handle(mux, "GET /contest-entries", h.handleMyEntries)
	h.handle(mux, "GET /contest-entries/{id}", h.handleEntryShow)
	h.handle(mux, "GET /contest-entries/{id}/edit", h.handleEntryEdit)
	h.handle(mux, "POST /contest-entries/{id}", h.handleEntryUpdate)
	h.handle(mux, "POST /contest-entries/{id}/submit", h.handleEntrySubmit)
	h.handle(mux, "POST /contest-entries/{id}/withdraw", h.handleEntryWithdraw)
	h.handle(mux, "POST /contest-entries/{id}/check", h.handleEntryCheck)
	h.handle(mux, "POST /contest-entries/{id}/files", h.handleEntryUpload)
	h.handle(mux, "GET /contest-entries/{id}/files/{fid}", h.handleEntryFile)
	h.handle(mux, "POST /contest-entries/{id}/files/{fid}/delete", h.handleEntryFileDelete)
}

// contestSetupPages lists this area's page templates with a zero model each.
func contestSetupPages() map[string]page {
	return map[string]page{
		"contest_list":    &contestListPage{},
		"contest_view":    &contestViewPage{View: &contest.ContestView{}},
		"contest_form":    &contestFormPage{},
		"contest_entries": &contestEntriesPage{},
		"entry_view":      &entryViewPage{View: &contest.EntryView{}},
		"entry_form":      &entryFormPage{},
		"entry_mine":      &entryMinePage{},
	}
}

func contestHref(id contest.ContestID) string { return "/contests/" + strconv.FormatInt(int64(id), 10) }
func entryHref(id contest.EntryID) string {
	return "/contest-entries/" + strconv.FormatInt(int64(id), 10)
}

// contestTab is a tab of the contests' pages.
type contestTab struct {
	Label   string
	Href    string
	Current bool
}

func (h *Handler) contestTabs(r *http.Request, current string) []contestTab {
	lang := h.lang(r)
	tabs := []contestTab{{Label: text("cs.tab_contests").In(lang), Href: "/contests", Current: current == "/contests"}}
	if a := auth.ActorFrom(r.Context()); a != nil && a.Role == auth.RoleEnterprise && a.EnterpriseID != 0 {
		tabs = append(tabs, contestTab{Label: text("cs.tab_mine").In(lang), Href: "/contest-entries", Current: current == "/contest-entries"})
	}
	return tabs
}

// contestRow is a contest in a list.
type contestRow struct {
	ID        int64
	Href      string
	Code      string
	Title     string
	Year      int
	Organiser string
	Status    string
	Badge     string
	Open      string
	Close     string
	Accepting bool
}

func statusBadge(s contest.Status) string {
	switch s {
	case contest.StatusDraft:
		return "badge-muted"
	case contest.StatusAnnounced:
		return "badge-ok"
	case contest.StatusJudging, contest.StatusConsensus:
		return "badge-info"
	case contest.StatusDecided:
		return "badge-ok"
	}
	return "badge-danger"
}

func entryBadge(s contest.EntryStatus) string {
	switch s {
	case contest.EntryAccepted:
		return "badge-ok"
	case contest.EntrySubmitted:
		return "badge-info"
	case contest.EntryIncomplete:
		return "badge-warn"
	case contest.EntryRejected:
		return "badge-danger"
	}
	return "badge-muted"
}

func (h *Handler) organiserName(lang, prov string) string {
	if prov == "" {
		return text("cs.ministry").In(lang)
	}
	return text("cs.dept").In(lang) + " " + h.contest.ProvinceName(prov)
}

func (h *Handler) contestRow(lang string, c *contest.Contest) contestRow {
	return contestRow{ID: int64(c.ID), Href: contestHref(c.ID), Code: c.Code, Title: c.Title, Year: c.Year,
		Organiser: h.organiserName(lang, c.ProvinceCode), Status: c.Status.Label().In(lang), Badge: statusBadge(c.Status),
		Open: contestDate(c.EntriesOpen), Close: contestDate(c.EntriesClose), Accepting: c.AcceptsEntries(h.contest.Today())}
}

// entryRow is an entry in a list.
type entryRow struct {
	ID         int64
	Href       string
	Code       string
	Title      string
	Enterprise string
	Province   string
	Category   string
	Status     string
	Badge      string
	Submitted  string
	Missing    []string
	Contest    string
}

func (h *Handler) entryRow(lang string, c *contest.Contest, e *contest.Entry, problems []contest.Problem) entryRow {
	row := entryRow{ID: int64(e.ID), Href: entryHref(e.ID), Code: e.Code, Title: e.Title, Enterprise: e.EnterpriseName,
		Province: h.contest.ProvinceName(e.ProvinceCode), Status: e.Status.Label().In(lang), Badge: entryBadge(e.Status)}
	if e.SubmittedAt != nil {
		row.Submitted = contestDate(*e.SubmittedAt)
	}
	if c != nil {
		row.Contest = c.Title
		for _, cat := range c.Categories {
			if cat.ID == e.CategoryID {
				row.Category = cat.Name
			}
		}
	}
	for _, p := range problems {
		row.Missing = append(row.Missing, p.Message.In(lang))
	}
	return row
}

// ---- the list: /contests ----

type contestListPage struct {
	Layout
	Tabs        []contestTab
	Years       []option
	Statuses    []option
	Filtered    bool
	Contests    []contestRow
	CanOrganise bool
	Presets     []option
	MyEntries   []entryRow
}

func (h *Handler) handleContests(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	year, _ := strconv.Atoi(qs.Get("year"))
	st := contest.Status(qs.Get("status"))
	if !st.Valid() {
		st = ""
	}
	list, err := h.contest.Contests(ctx, contest.ContestQuery{Year: year, Status: st})
	if err != nil {
		return err
	}
	p := &contestListPage{Tabs: h.contestTabs(r, "/contests"), Filtered: year != 0 || st != "", CanOrganise: h.contest.MayOrganise(ctx)}
	this := h.contest.Today().Year()
	for y := this + 1; y >= 2021; y-- {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	for _, s := range contest.Statuses {
		if s == contest.StatusDraft && !p.CanOrganise {
			continue
		}
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == st})
	}
	for _, c := range list {
		p.Contests = append(p.Contests, h.contestRow(lang, c))
	}
	for _, pr := range contest.Presets {
		p.Presets = append(p.Presets, option{Value: pr.Code, Label: pr.Name.In(lang)})
	}
	if a := auth.ActorFrom(ctx); a != nil && a.Role == auth.RoleEnterprise && a.EnterpriseID != 0 {
		mine, err := h.contest.MyEntries(ctx)
		if err != nil {
			return err
		}
		for _, e := range mine {
			p.MyEntries = append(p.MyEntries, h.entryRow(lang, nil, e, nil))
		}
	}
	// Not renderPublic: the list changes with every announcement.
	return h.render(w, r, http.StatusOK, "contest_list", text("cs.title"), p)
}

// ---- a contest: /contests/{id} ----

type criterionRow struct {
	Code     string
	Name     string
	Guidance string
	Points   string
	TieBreak int
}

type categoryRow struct {
	Code   string
	Name   string
	Basis  string
	Value  string
	Awards []string
}

type contestViewPage struct {
	Layout
	Tabs         []contestTab
	Contest      contestRow
	Kind         string
	EntryKind    string
	Rules        template.HTML
	JudgingEnd   string
	PublishOn    string
	MinJudges    int
	Blind        bool
	Eligibility  []string
	Categories   []categoryRow
	Criteria     []criterionRow
	MaxPoints    string
	Version      int
	Cancelled    string
	Counts       []option
	MyEntries    []entryRow
	View         *contest.ContestView
	ResultsHref  string
	JudgesHref   string
	EntriesHref  string
	HasJudging   bool
	NotYetOpen   bool
	EntriesClose string
}

func (h *Handler) handleContestShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	v, err := h.contest.Contest(ctx, contest.ContestID(id))
	if err != nil {
		return err
	}
	c := v.Contest
	p := &contestViewPage{Tabs: h.contestTabs(r, "/contests"), Contest: h.contestRow(lang, c), Kind: c.Kind.Label().In(lang),
		EntryKind: c.EntryKind.Label().In(lang), Rules: markdown.Render(c.RulesMD), JudgingEnd: contestDate(c.JudgingEnd),
		PublishOn: contestDate(c.PublishOn), MinJudges: c.MinJudges, Blind: c.Blind, MaxPoints: pointsText(c.MaxPoints), Version: c.Version,
		View: v, EntriesHref: contestHref(c.ID) + "/entries", JudgesHref: contestHref(c.ID) + "/judging",
		HasJudging: c.Status != contest.StatusDraft && c.Status != contest.StatusCancelled,
		NotYetOpen: c.Status == contest.StatusAnnounced && h.contest.Today().Before(c.EntriesOpen), EntriesClose: contestDate(c.EntriesClose)}
	if v.Published {
		p.ResultsHref = contestHref(c.ID) + "/results"
	}
	p.Eligibility = h.eligibilityLines(lang, c)
	for _, cat := range c.Categories {
		row := categoryRow{Code: cat.Code, Name: cat.Name, Basis: cat.Basis.Label().In(lang), Value: basisValue(lang, cat)}
		for _, a := range cat.Awards {
			s := a.Name + " × " + strconv.Itoa(a.Count)
			if a.MinScore > 0 {
				s += " (≥ " + pointsText(a.MinScore) + ")"
			}
			row.Awards = append(row.Awards, s)
		}
		p.Categories = append(p.Categories, row)
	}
	for _, cr := range c.Criteria {
		p.Criteria = append(p.Criteria, criterionRow{Code: cr.Code, Name: cr.Name, Guidance: cr.Guidance, Points: pointsText(cr.MaxPoints), TieBreak: cr.TieBreak})
	}
	if v.Cancellation != nil {
		p.Cancelled = v.Cancellation.Reason
	}
	for _, st := range contest.EntryStatuses {
		if n := v.Counts[st]; n > 0 {
			p.Counts = append(p.Counts, option{Value: strconv.Itoa(n), Label: st.Label().In(lang)})
		}
	}
	for _, e := range v.MyEntries {
		p.MyEntries = append(p.MyEntries, h.entryRow(lang, c, e, nil))
	}
	title := fault.Text{Vi: c.Title, En: c.Title}
	p.Meta = &PageMeta{Description: markdown.Plain(c.RulesMD, 200), Type: "website"}
	// Not renderPublic: the page changes with the contest's status and day.
	return h.render(w, r, http.StatusOK, "contest_view", title, p)
}

func (h *Handler) eligibilityLines(lang string, c *contest.Contest) []string {
	el := c.Eligibility
	var out []string
	if el.MinOperatingMonths > 0 {
		out = append(out, text("cs.elig_months").In(lang)+": "+strconv.Itoa(el.MinOperatingMonths))
	}
	if len(el.SizeClasses) > 0 {
		s := ""
		for i, v := range el.SizeClasses {
			if i > 0 {
				s += ", "
			}
			s += registry.SizeClass(v).Label().In(lang)
		}
		out = append(out, text("cs.elig_sizes").In(lang)+": "+s)
	}
	if len(el.PriorityIndustries) > 0 {
		s := ""
		for i, v := range el.PriorityIndustries {
			if i > 0 {
				s += ", "
			}
			s += registry.Industry(v).Label().In(lang)
		}
		out = append(out, text("cs.elig_industries").In(lang)+": "+s)
	}
	if len(el.Provinces) > 0 {
		s := ""
		for i, v := range el.Provinces {
			if i > 0 {
				s += ", "
			}
			s += h.contest.ProvinceName(v)
		}
		out = append(out, text("cs.elig_provinces").In(lang)+": "+s)
	}
	if el.RequireCompletedActivity {
		out = append(out, text("cs.elig_activity").In(lang))
	}
	return out
}

func basisValue(lang string, c contest.Category) string {
	switch c.Basis {
	case contest.BasisSector:
		return registry.Industry(c.Value).Label().In(lang)
	case contest.BasisSize:
		return contest.SizeCategoryLabel(c.Value).In(lang)
	}
	return c.Value
}

func pointsText(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func contestDate(t time.Time) string { return vn.Date(t) }
