package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// contestFormExtra is how many empty category and criterion rows the form
// offers beyond those entered.
const contestFormExtra = 3

type categoryFormRow struct {
	Index  int
	Code   string
	Name   string
	Bases  []option
	Value  string
	Awards string
	Error  string
}

type criterionFormRow struct {
	Index    int
	Code     string
	Name     string
	Guidance string
	Points   string
	TieBreak string
	Error    string
}

type contestFormPage struct {
	Layout
	Tabs         []contestTab
	New          bool
	Action       string
	Cancel       string
	Version      int
	Locked       bool // announced: the rubric, categories and eligibility stay
	Presets      []option
	In           contest.ContestInput
	Kinds        []option
	EntryKinds   []option
	Organiser    string
	Sizes        []option
	Industries   []option
	Categories   []categoryFormRow
	Criteria     []criterionFormRow
	MinMonths    string
	RequireAct   bool
	Form         formErrors
	SectorValues []option
}

func (h *Handler) contestForm(r *http.Request, p *contestFormPage, in contest.ContestInput, fe formErrors) *contestFormPage {
	lang := h.lang(r)
	p.Tabs, p.In, p.Form = h.contestTabs(r, "/contests"), in, fe
	p.Organiser = h.organiserName(lang, in.ProvinceCode)
	for _, k := range []contest.Kind{contest.KindYearly, contest.KindAdHoc} {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: k == in.Kind})
	}
	for _, k := range []contest.EntryKind{contest.EntryEnterprise, contest.EntrySolution} {
		p.EntryKinds = append(p.EntryKinds, option{Value: string(k), Label: k.Label().In(lang), Selected: k == in.EntryKind})
	}
	for _, s := range registry.SizeClasses {
		p.Sizes = append(p.Sizes, option{Value: string(s), Label: s.Label().In(lang), Selected: slices.Contains(in.Eligibility.SizeClasses, string(s))})
	}
	for _, i := range registry.Industries {
		p.Industries = append(p.Industries, option{Value: string(i), Label: i.Label().In(lang), Selected: slices.Contains(in.Eligibility.PriorityIndustries, string(i))})
	}
	if in.Eligibility.MinOperatingMonths > 0 {
		p.MinMonths = strconv.Itoa(in.Eligibility.MinOperatingMonths)
	}
	p.RequireAct = in.Eligibility.RequireCompletedActivity
	bases := []contest.CategoryBasis{contest.BasisOpen, contest.BasisSector, contest.BasisSize, contest.BasisTool}
	for i := range len(in.Categories) + contestFormExtra {
		row := categoryFormRow{Index: i}
		var basis contest.CategoryBasis
		if i < len(in.Categories) {
			c := in.Categories[i]
			row.Code, row.Name, row.Value, basis = c.Code, c.Name, c.Value, c.Basis
			var lines []string
			for _, a := range c.Awards {
				lines = append(lines, fmt.Sprintf("%s; %d; %s", a.Name, a.Count, pointsText(a.MinScore)))
			}
			row.Awards = strings.Join(lines, "\n")
		}
		for _, b := range bases {
			row.Bases = append(row.Bases, option{Value: string(b), Label: b.Label().In(lang), Selected: b == basis})
		}
		row.Error = fe.Errors[fmt.Sprintf("categories.%d", i)]
		p.Categories = append(p.Categories, row)
	}
	for i := range len(in.Criteria) + contestFormExtra {
		row := criterionFormRow{Index: i}
		if i < len(in.Criteria) {
			c := in.Criteria[i]
			row.Code, row.Name, row.Guidance, row.Points = c.Code, c.Name, c.Guidance, pointsText(c.MaxPoints)
			if c.TieBreak > 0 {
				row.TieBreak = strconv.Itoa(c.TieBreak)
			}
		}
		row.Error = fe.Errors[fmt.Sprintf("criteria.%d", i)]
		p.Criteria = append(p.Criteria, row)
	}
	for _, pr := range contest.Presets {
		p.Presets = append(p.Presets, option{Value: pr.Code, Label: pr.Name.In(lang)})
	}
	return p
}

func (h *Handler) handleContestNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if auth.ActorFrom(ctx).IsAnonymous() {
		return &fault.Error{Kind: fault.Unauthenticated, Message: text("cs.sign_in")}
	}
	if !h.contest.MayOrganise(ctx) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("cs.only_organisers")}
	}
	year := h.contest.Today().Year()
	in := contest.ContestInput{Year: year, Kind: contest.KindYearly, EntryKind: contest.EntrySolution, MinJudges: 3, Blind: true}
	if a := auth.ActorFrom(ctx); a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	if pr, ok := contest.PresetByCode(r.URL.Query().Get("preset")); ok {
		in.EntryKind, in.Criteria, in.Categories, in.Eligibility = pr.EntryKind, pr.Criteria, pr.Categories, pr.Eligibility
	}
	p := h.contestForm(r, &contestFormPage{New: true, Action: "/contests", Cancel: "/contests"}, in, formErrors{Errors: map[string]string{}})
	return h.render(w, r, http.StatusOK, "contest_form", text("cs.new"), p)
}

// parseContestForm reads the contest form; unparsable numbers become
// values the service refuses with its own message.
func parseContestForm(r *http.Request) (contest.ContestInput, int) {
	f := r.PostForm
	in := contest.ContestInput{Code: f.Get("code"), Title: f.Get("title"), Kind: contest.Kind(f.Get("kind")),
		ProvinceCode: f.Get("province_code"), EntryKind: contest.EntryKind(f.Get("entry_kind")), RulesMD: f.Get("rules"),
		EntriesOpen: f.Get("entries_open"), EntriesClose: f.Get("entries_close"), JudgingEnd: f.Get("judging_end"),
		PublishOn: f.Get("publish_on"), Blind: f.Get("blind") == "1"}
	in.Year = atoiOr(f.Get("year"), -1)
	in.MinJudges = atoiOr(f.Get("min_judges"), -1)
	in.Eligibility = contest.Eligibility{MinOperatingMonths: atoiOr(f.Get("min_operating_months"), 0), SizeClasses: f["size_classes"],
		PriorityIndustries: f["priority_industries"], RequireCompletedActivity: f.Get("require_activity") == "1"}
	if strings.TrimSpace(f.Get("min_operating_months")) != "" && atoiOr(f.Get("min_operating_months"), -1) < 0 {
		in.Eligibility.MinOperatingMonths = -1
	}
	codes, names, bases, values, awards := f["cat_code"], f["cat_name"], f["cat_basis"], f["cat_value"], f["cat_awards"]
	for i := range codes {
		c := contest.Category{Code: codes[i], Name: at(names, i), Basis: contest.CategoryBasis(at(bases, i)), Value: at(values, i)}
		for _, line := range strings.Split(at(awards, i), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			parts := strings.Split(line, ";")
			a := contest.AwardTier{Name: strings.TrimSpace(parts[0]), Count: -1}
			if len(parts) > 1 {
				a.Count = atoiOr(parts[1], -1)
			}
			if len(parts) > 2 {
				if v, err := vn.ParseDecimal(strings.TrimSpace(parts[2])); err == nil {
					a.MinScore = v
				} else {
					a.MinScore = -1
				}
			}
			c.Awards = append(c.Awards, a)
		}
		in.Categories = append(in.Categories, c)
	}
	ccodes, cnames, guides, points, ties := f["cr_code"], f["cr_name"], f["cr_guidance"], f["cr_points"], f["cr_tie"]
	for i := range ccodes {
		c := contest.Criterion{Code: ccodes[i], Name: at(cnames, i), Guidance: at(guides, i), TieBreak: atoiOr(at(ties, i), 0)}
		if s := strings.TrimSpace(at(points, i)); s != "" {
			if v, err := vn.ParseDecimal(s); err == nil {
				c.MaxPoints = v
			} else {
				c.MaxPoints = -1
			}
		}
		if strings.TrimSpace(at(ties, i)) != "" && atoiOr(at(ties, i), -1) < 0 {
			c.TieBreak = -1
		}
		in.Criteria = append(in.Criteria, c)
	}
	return in, atoiOr(f.Get("version"), 0)
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

func atoiOr(s string, or int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return or
	}
	return n
}

func (h *Handler) handleContestCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &fault.Error{Kind: fault.Invalid, Message: text("error.bad_request")}
	}
	in, _ := parseContestForm(r)
	c, err := h.contest.CreateContest(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := h.contestForm(r, &contestFormPage{New: true, Action: "/contests", Cancel: "/contests"}, in, newFormErrors(h.lang(r), err, nil))
		return h.render(w, r, formStatus(err), "contest_form", text("cs.new"), p)
	}
	h.flash(r.Context(), "success", text("cs.flash_created"))
	redirect(w, r, contestHref(c.ID))
	return nil
}

func (h *Handler) handleContestEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.contest.Contest(r.Context(), contest.ContestID(id))
	if err != nil {
		return err
	}
	if !v.CanEdit {
		return &fault.Error{Kind: fault.Forbidden, Message: text("cs.not_editable")}
	}
	c := v.Contest
	p := h.contestForm(r, &contestFormPage{Action: contestHref(c.ID), Cancel: contestHref(c.ID), Version: c.Version,
		Locked: c.Status != contest.StatusDraft}, contest.InputOf(c), formErrors{Errors: map[string]string{}})
	return h.render(w, r, http.StatusOK, "contest_form", fault.Text{Vi: c.Title, En: c.Title}, p)
}

func (h *Handler) handleContestUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &fault.Error{Kind: fault.Invalid, Message: text("error.bad_request")}
	}
	in, version := parseContestForm(r)
	c, err := h.contest.UpdateContest(r.Context(), contest.ContestID(id), version, in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		v, verr := h.contest.Contest(r.Context(), contest.ContestID(id))
		if verr != nil {
			return verr
		}
		if v.Contest.Status != contest.StatusDraft {
			old := contest.InputOf(v.Contest)
			in.Code, in.Categories, in.Criteria, in.Eligibility = old.Code, old.Categories, old.Criteria, old.Eligibility
		}
		in.ProvinceCode = v.Contest.ProvinceCode
		p := h.contestForm(r, &contestFormPage{Action: contestHref(v.Contest.ID), Cancel: contestHref(v.Contest.ID), Version: v.Contest.Version,
			Locked: v.Contest.Status != contest.StatusDraft}, in, newFormErrors(h.lang(r), err, nil))
		return h.render(w, r, formStatus(err), "contest_form", fault.Text{Vi: v.Contest.Title, En: v.Contest.Title}, p)
	}
	h.flash(r.Context(), "success", text("cs.flash_saved"))
	redirect(w, r, contestHref(c.ID))
	return nil
}

// contestAction runs a status change posted from the contest page and
// returns to it; a refusal is flashed there.
func (h *Handler) contestAction(w http.ResponseWriter, r *http.Request, ok fault.Text, fn func(id contest.ContestID, version int) error) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &fault.Error{Kind: fault.Invalid, Message: text("error.bad_request")}
	}
	if err := fn(contest.ContestID(id), atoiOr(r.PostForm.Get("version"), 0)); err != nil {
		if !isFormError(err) {
			return err
		}
		_, msg := statusOf(err)
		lines := []string{msg.Vi}
		en := []string{msg.En}
		for _, m := range fault.FieldsOf(err) {
			lines, en = append(lines, m.Vi), append(en, m.En)
		}
		slices.Sort(lines[1:])
		slices.Sort(en[1:])
		h.flash(r.Context(), "error", fault.Text{Vi: strings.Join(lines, " "), En: strings.Join(en, " ")})
	} else {
		h.flash(r.Context(), "success", ok)
	}
	redirect(w, r, contestHref(contest.ContestID(id)))
	return nil
}

func (h *Handler) handleContestAnnounce(w http.ResponseWriter, r *http.Request) error {
	return h.contestAction(w, r, text("cs.flash_announced"), func(id contest.ContestID, version int) error {
		_, err := h.contest.Announce(r.Context(), id, version)
		return err
	})
}

func (h *Handler) handleContestCancel(w http.ResponseWriter, r *http.Request) error {
	return h.contestAction(w, r, text("cs.flash_cancelled"), func(id contest.ContestID, version int) error {
		_, err := h.contest.Cancel(r.Context(), id, version, r.PostForm.Get("reason"))
		return err
	})
}
