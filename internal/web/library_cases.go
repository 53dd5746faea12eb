package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/markdown"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// ---- the list: /cases ----

type caseCard struct {
	ID         library.CaseID
	Href       string
	Title      string
	Enterprise string
	Summary    string
	Tools      []string
	Province   string
	Industry   string
	Size       string
	Thumb      string
	Published  string
	Draft      bool
}

type caseListPage struct {
	Layout
	Tabs       []libTab
	Tools      []option
	Industries []option
	Sizes      []option
	Provinces  []option
	Statuses   []option
	Query      string
	VSIC       string
	Filtered   bool
	Cases      []caseCard
	Pager      Pager
	CanManage  bool
}

func (h *Handler) caseCard(lang string, c *library.Case, names map[string]string) caseCard {
	cc := caseCard{ID: c.ID, Href: fmt.Sprintf("/cases/%d", c.ID), Title: c.Title, Enterprise: c.EnterpriseName, Summary: c.Summary,
		Tools: libToolLabels(c.Tools, names), Province: h.geo.Name(c.ProvinceCode), Draft: c.Status != library.StatusPublished}
	if cc.Summary == "" {
		cc.Summary = markdown.Plain(string(c.ProblemMD), 220)
	}
	if c.Industry != "" {
		cc.Industry = c.Industry.Label().In(lang)
	}
	if c.SizeClass != "" {
		cc.Size = c.SizeClass.Label().In(lang)
	}
	if c.CoverPhotoID != 0 {
		cc.Thumb = fmt.Sprintf("/cases/%d/photos/%d/thumb", c.ID, c.CoverPhotoID)
	}
	if c.PublishedAt != nil {
		cc.Published = vn.Date(*c.PublishedAt)
	}
	return cc
}

func libIndustryOptions(lang, selected string) []option {
	out := make([]option, 0, len(registry.Industries))
	for _, i := range registry.Industries {
		out = append(out, option{Value: string(i), Label: i.Label().In(lang), Selected: string(i) == selected})
	}
	return out
}

func libSizeOptions(lang, selected string) []option {
	out := make([]option, 0, len(registry.SizeClasses))
	for _, s := range registry.SizeClasses {
		out = append(out, option{Value: string(s), Label: s.Label().In(lang), Selected: string(s) == selected})
	}
	return out
}

func (h *Handler) handleCaseList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	q := library.CaseQuery{Tool: qs.Get("tool"), Industry: qs.Get("industry"), VSIC: strings.TrimSpace(qs.Get("vsic")), SizeClass: qs.Get("size"), Province: qs.Get("province"),
		Status: library.Status(qs.Get("status")), Query: strings.TrimSpace(qs.Get("q")), Page: pageParam(qs), PerPage: 12}
	if _, ok := h.geo.Province(q.Province); !ok {
		q.Province = ""
	}
	cs, total, err := h.library.Cases(ctx, q)
	if err != nil {
		return err
	}
	p := &caseListPage{Tabs: libTabs(lang, "/cases"), Industries: libIndustryOptions(lang, q.Industry), Sizes: libSizeOptions(lang, q.SizeClass),
		Provinces: h.provinceOptions(q.Province), Query: q.Query, Pager: newPager(r, q.Page, q.PerPage, total),
		VSIC: q.VSIC, Filtered: q.Tool != "" || q.Industry != "" || q.VSIC != "" || q.SizeClass != "" || q.Province != "" || q.Query != "" || q.Status != "",
		CanManage: h.library.MayManage(ctx)}
	var names map[string]string
	if p.Tools, names, err = h.libTools(r, q.Tool); err != nil {
		return err
	}
	if p.CanManage {
		for _, s := range library.Statuses {
			p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == q.Status})
		}
	}
	for _, c := range cs {
		p.Cases = append(p.Cases, h.caseCard(lang, c, names))
	}
	p.Meta = &PageMeta{Description: text("lib.cases_intro").In(lang), URL: h.libAbsURL(r, "/cases")}
	return h.render(w, r, http.StatusOK, "library_cases", text("lib.cases_title"), p)
}

// ---- a case: /cases/{id} ----

type caseKPIRow struct {
	Name, Unit, Before, After, Change string
	Better, Verified                  bool
}

type casePhotoRow struct {
	ID            library.PhotoID
	Src, Thumb    string
	Caption       string
	DeleteAction  string
	Width, Height int
}

type caseShowPage struct {
	Layout
	Tabs           []libTab
	Case           caseCard
	Version        int
	Status         string
	StatusBadge    string
	Problem        template.HTML
	Solution       template.HTML
	Lessons        template.HTML
	EnterpriseHref string
	VSIC           string
	KPIs           []caseKPIRow
	Verified       bool
	PilotHref      string
	PilotTitle     string
	Replicators    []caseReplicatorRow
	Others         int
	Photos         []casePhotoRow
	Contact        library.CaseContact
	CanEdit        bool
	Published      bool
	ToolLinks      []option
	ShareURL       string
	PhotoForm      formErrors
}

// caseReplicatorRow is an enterprise that applied the pilot, its date as
// dd/mm/yyyy.
type caseReplicatorRow struct {
	Name      string
	AppliedOn string
}

func libReplicatorRows(rs []library.CaseReplicator) []caseReplicatorRow {
	out := make([]caseReplicatorRow, 0, len(rs))
	for _, r := range rs {
		row := caseReplicatorRow{Name: r.Name}
		if t, err := time.ParseInLocation("2006-01-02", r.AppliedOn, vn.Zone); err == nil {
			row.AppliedOn = vn.Date(t)
		}
		out = append(out, row)
	}
	return out
}

func libKPIRows(ks []library.CaseKPI) []caseKPIRow {
	out := make([]caseKPIRow, 0, len(ks))
	for _, k := range ks {
		row := caseKPIRow{Name: k.Name, Unit: k.Unit, Before: vn.Decimal(k.Before, 2), After: vn.Decimal(k.After, 2), Verified: k.Verified}
		if k.Improvement != nil {
			sign := "+"
			if *k.Improvement < 0 {
				sign = "−"
			}
			row.Change = sign + vn.Decimal(math.Abs(*k.Improvement), 1) + "%"
			row.Better = *k.Improvement > 0
		}
		out = append(out, row)
	}
	return out
}

func (h *Handler) handleCaseShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderCaseShow(w, r, http.StatusOK, formErrors{})
}

func (h *Handler) renderCaseShow(w http.ResponseWriter, r *http.Request, status int, fe formErrors) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	v, err := h.library.Case(ctx, library.CaseID(id), lang)
	if err != nil {
		return err
	}
	_, names, err := h.libTools(r)
	if err != nil {
		return err
	}
	c := v.Case
	p := &caseShowPage{Tabs: libTabs(lang, "/cases"), Case: h.caseCard(lang, c, names), Version: c.Version, Status: c.Status.Label().In(lang),
		StatusBadge: libStatusBadge(c.Status), Problem: libMD(string(c.ProblemMD)), Solution: libMD(string(c.SolutionMD)), Lessons: libMD(string(c.LessonsMD)),
		VSIC: c.VSIC, KPIs: libKPIRows(v.KPIs), Verified: v.Verified, PilotTitle: v.PilotTitle, Replicators: libReplicatorRows(v.Replicators), Others: v.Others,
		Contact: c.Contact, CanEdit: v.CanEdit, Published: c.Status == library.StatusPublished, PhotoForm: fe}
	if v.PilotTitle != "" {
		p.PilotHref = fmt.Sprintf("/pilots/%d", c.ActivityID)
	}
	// The registry's page only for those who may open it (a provincial
	// officer gets 404 for another province's enterprise).
	if auth.Allowed(auth.ActorFrom(ctx), auth.ActEnterpriseView, auth.Scope{ProvinceCode: c.ProvinceCode, EnterpriseID: c.EnterpriseID}) {
		p.EnterpriseHref = fmt.Sprintf("/enterprises/%d", c.EnterpriseID)
	}
	for _, t := range c.Tools {
		p.ToolLinks = append(p.ToolLinks, option{Value: "/guides?tool=" + url.QueryEscape(t), Label: names[t]})
	}
	for _, ph := range v.Photos {
		p.Photos = append(p.Photos, casePhotoRow{ID: ph.ID, Src: fmt.Sprintf("/cases/%d/photos/%d", c.ID, ph.ID),
			Thumb: fmt.Sprintf("/cases/%d/photos/%d/thumb", c.ID, ph.ID), Caption: ph.Caption,
			DeleteAction: fmt.Sprintf("/cases/%d/photos/%d/delete", c.ID, ph.ID), Width: ph.Width, Height: ph.Height})
	}
	p.ShareURL = h.libAbsURL(r, p.Case.Href)
	p.Meta = &PageMeta{Description: p.Case.Summary, URL: p.ShareURL, Type: "article"}
	if len(p.Photos) > 0 {
		p.Meta.Image = h.libAbsURL(r, p.Photos[0].Src)
	}
	return h.render(w, r, status, "case_show", fault.Text{Vi: c.Title, En: c.Title}, p)
}

func (h *Handler) handleCaseStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	st := library.Status(formValue(r, "status"))
	if _, err := h.library.SetCaseStatus(r.Context(), library.CaseID(id), libVersion(r), st); err != nil {
		if !isFormError(err) {
			return err
		}
		h.flash(r.Context(), "error", libErrText(err))
	} else if st == library.StatusPublished {
		h.flash(r.Context(), "success", text("lib.flash_published"))
	} else {
		h.flash(r.Context(), "success", text("lib.flash_unpublished"))
	}
	redirect(w, r, fmt.Sprintf("/cases/%d", id))
	return nil
}

// libErrText is the message of err in both languages.
func libErrText(err error) fault.Text {
	_, msg := statusOf(err)
	return msg
}
