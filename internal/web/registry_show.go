package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// registryShowPage is an enterprise's profile.
type registryShowPage struct {
	Layout
	regBase
	Ent          *registry.Enterprise
	Href         string
	ParentHref   string
	ParentName   string
	Province     string
	Industry     string
	Ownership    string
	VSIC         string
	SectorGroup  string
	Status       string
	PublicFields []string
	Metrics      []registry.YearMetrics
	ByRevenue    bool // some year's productivity is revenue-based
	ChartJSON    string
	Eligibility  []eligView
	Shares       struct{ Breadth, Depth string }
	ShareErrors  formErrors
	Judgement    judgementView
	JudgeForm    struct{ SectorSpecific, Replicable, Note string }
	JudgeErrors  formErrors
	Activities   []*registry.Activity
	ActForm      struct{ Year, Title, Tool string }
	ActErrors    formErrors
	History      []historyRow
	HistoryPager Pager
	CanEdit      bool
	CanManage    bool
}

// eligView is one track's answer.
type eligView struct {
	Track    string
	Eligible bool
	Summary  string
	Reasons  []string
	Date     string
	Problem  string // why there is no answer (no rules in force)
}

// judgementView is the officer judgement as shown.
type judgementView struct {
	SectorSpecific string
	Replicable     string
	Note           string
	By             string
	At             *time.Time
	Judged         bool
}

// historyRow is one change of the enterprise.
type historyRow struct {
	*registry.HistoryEntry
	Label  string
	Before string
	After  string
}

const historyPageSize = 20

// Default counterpart shares of the eligibility form: the middle of the
// default ranges (breadth 30–50%, depth 50–70%).
const (
	defaultBreadthShare = "40"
	defaultDepthShare   = "60"
)

func (h *Handler) handleEnterpriseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, err := h.showPage(r, registry.EnterpriseID(id))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "registry_show", fault.Text{Vi: p.Ent.Name, En: p.Ent.Name}, p)
}

// renderShowError shows the profile again with a form's errors, or returns
// err when it is not something the user fixes on the form.
func (h *Handler) renderShowError(w http.ResponseWriter, r *http.Request, id registry.EnterpriseID, err error, set func(p *registryShowPage, fe formErrors)) error {
	if !isFormError(err) {
		return err
	}
	p, perr := h.showPage(r, id)
	if perr != nil {
		return perr
	}
	set(p, newFormErrors(h.lang(r), err, nil))
	return h.render(w, r, formStatus(err), "registry_show", fault.Text{Vi: p.Ent.Name, En: p.Ent.Name}, p)
}

// parseShare reads a counterpart share in percent ("40", "42,5").
func parseShare(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%")), ",", ".", 1), 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// showPage loads everything the profile shows.
func (h *Handler) showPage(r *http.Request, id registry.EnterpriseID) (*registryShowPage, error) {
	ctx := r.Context()
	lang := h.lang(r)
	a := auth.ActorFrom(ctx)
	e, err := h.registry.FindEnterpriseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &registryShowPage{Ent: e, Href: entURL(e.ID), Province: h.geo.Name(e.ProvinceCode), Industry: industryLabel(e.Industry).In(lang),
		Ownership: e.Ownership.Label().In(lang), VSIC: vsicLabel(e), SectorGroup: e.SectorGroup().Label().In(lang),
		CanEdit: auth.Allowed(a, auth.ActEnterpriseEdit, entScope(e)), CanManage: auth.Allowed(a, auth.ActEnterpriseManage, entScope(e))}
	p.Status = text("reg.status_active").In(lang)
	if e.Status == registry.StatusDissolved {
		p.Status = text("reg.status_dissolved").In(lang)
	}
	for _, f := range e.Public {
		p.PublicFields = append(p.PublicFields, publicLabel(f).In(lang))
	}
	if e.ParentID != 0 {
		p.ParentHref = entURL(e.ParentID)
		p.ParentName = registry.ParentTaxCode(e.TaxCode)
		if parent, err := h.registry.FindEnterpriseByID(ctx, e.ParentID); err == nil {
			p.ParentName = parent.Name + " (" + parent.TaxCode + ")"
		} else if !fault.Is(err, fault.NotFound) {
			return nil, err
		} else {
			p.ParentHref = "" // a head office the actor may not open
		}
	}
	if p.Metrics, err = h.registry.FindFigures(ctx, id); err != nil {
		return nil, err
	}
	for _, m := range p.Metrics {
		if m.ByRevenue {
			p.ByRevenue = true
		}
	}
	if len(p.Metrics) > 0 {
		b, err := json.Marshal(figuresChartOption(p.Metrics, lang))
		if err != nil {
			return nil, fault.Internalf("web: figures chart: %w", err)
		}
		p.ChartJSON = string(b)
		p.Charts = true
	}

	// Eligibility for each track at the counterpart share asked for.
	q := r.URL.Query()
	p.Shares.Breadth, p.Shares.Depth = defaultBreadthShare, defaultDepthShare
	if v := q.Get("share_breadth"); v != "" {
		p.Shares.Breadth = v
	}
	if v := q.Get("share_depth"); v != "" {
		p.Shares.Depth = v
	}
	bad := fault.Fields{}
	now := time.Now()
	for _, t := range []struct {
		track registry.Track
		share string
		field string
	}{{registry.TrackBreadth, p.Shares.Breadth, "share_breadth"}, {registry.TrackDepth, p.Shares.Depth, "share_depth"}} {
		v := eligView{Track: t.track.Label().In(lang)}
		share, ok := parseShare(t.share)
		if !ok {
			bad.Add(t.field, "Vui lòng nhập tỷ lệ phần trăm, ví dụ 40.", "Please enter a percentage, e.g. 40.")
			continue
		}
		el, err := h.registry.Eligibility(ctx, id, t.track, share, now)
		switch {
		case err == nil:
			v.Eligible, v.Date = el.Eligible, isoToVN(el.Date)
			for i, reason := range el.Reasons {
				if i == 0 {
					v.Summary = reason.In(lang)
				} else {
					v.Reasons = append(v.Reasons, reason.In(lang))
				}
			}
		case fault.Is(err, fault.NotFound):
			v.Problem = fault.MessageOf(err).In(lang)
		case fault.Is(err, fault.Invalid):
			for k, m := range fault.FieldsOf(err) {
				if k == "counterpart_pct" {
					k = t.field
				}
				bad[k] = m
			}
			continue
		default:
			return nil, err
		}
		p.Eligibility = append(p.Eligibility, v)
	}
	if len(bad) > 0 {
		p.ShareErrors = newFormErrors(lang, bad.Err(), nil)
	}

	j := e.Judgement
	p.Judgement = judgementView{SectorSpecific: judged(lang, j.SectorSpecific), Replicable: judged(lang, j.Replicable), Note: j.Note, At: j.At,
		Judged: j.At != nil}
	p.JudgeForm.SectorSpecific, p.JudgeForm.Replicable, p.JudgeForm.Note = judgedValue(j.SectorSpecific), judgedValue(j.Replicable), j.Note
	if j.By != 0 {
		// Who judged, by name: officers' names are not secret to those who
		// may see the enterprise, but auth only shows accounts to admins.
		if u, err := h.auth.FindUserByID(auth.SystemContext(ctx), j.By); err == nil {
			p.Judgement.By = u.Name + " (" + u.Email + ")"
		}
	}

	if p.Activities, err = h.registry.FindActivities(ctx, id); err != nil {
		return nil, err
	}
	p.ActForm.Year = strconv.Itoa(time.Now().In(vn.Zone).Year())

	hpage := 1
	if n, err := strconv.Atoi(q.Get("hpage")); err == nil && n > 1 && n <= maxPage {
		hpage = n
	}
	hs, total, err := h.registry.FindHistory(ctx, id, (hpage-1)*historyPageSize, historyPageSize)
	if err != nil {
		return nil, err
	}
	for _, he := range hs {
		p.History = append(p.History, historyRow{HistoryEntry: he, Label: historyLabel(he.Action).In(lang),
			Before: historyJSON(he.Before), After: historyJSON(he.After)})
	}
	p.HistoryPager = pagerFor(p.Href, q, "hpage", hpage, historyPageSize, total)
	return p, nil
}

func judged(lang string, v *bool) string {
	switch {
	case v == nil:
		return text("reg.judge_none").In(lang)
	case *v:
		return text("reg.judge_yes").In(lang)
	}
	return text("reg.judge_no").In(lang)
}

func judgedValue(v *bool) string {
	switch {
	case v == nil:
		return ""
	case *v:
		return "yes"
	}
	return "no"
}

// figuresChartOption is the ECharts option of an enterprise's history:
// employees as bars, revenue (billion đồng) and labour productivity
// (million đồng per employee) as lines, each on its own axis.
func figuresChartOption(ms []registry.YearMetrics, lang string) obj {
	in := func(vi, en string) string { return fault.Text{Vi: vi, En: en}.In(lang) }
	years := make([]string, len(ms))
	emp := make([]any, len(ms))
	rev := make([]any, len(ms))
	prod := make([]any, len(ms))
	for i, m := range ms {
		years[i] = strconv.Itoa(m.Year)
		emp[i], rev[i], prod[i] = "-", "-", "-"
		if m.Employees != nil {
			emp[i] = *m.Employees
		}
		if m.Revenue != nil {
			rev[i] = math.Round(float64(*m.Revenue)/1e7) / 100 // tỷ đồng, 2 decimals
		}
		if m.Productivity != nil {
			d := obj{"value": math.Round(*m.Productivity/1e4) / 100} // triệu đồng/người
			if m.ByRevenue {
				d["itemStyle"] = obj{"color": colGold}
				d["symbol"] = "diamond"
			}
			prod[i] = d
		}
	}
	nEmp, nRev, nProd := in("Lao động (người)", "Employees"), in("Doanh thu (tỷ ₫)", "Revenue (bn ₫)"),
		in("Năng suất lao động (triệu ₫/người)", "Labour productivity (m ₫/employee)")
	return obj{
		"animation": false,
		"legend":    obj{"top": 0, "data": []string{nEmp, nRev, nProd}},
		"tooltip":   obj{"trigger": "axis"},
		"grid":      obj{"left": 48, "right": 96, "top": 56, "bottom": 28},
		"xAxis":     obj{"type": "category", "data": years},
		"yAxis": []any{
			obj{"type": "value", "name": in("người", "people"), "position": "left"},
			obj{"type": "value", "name": in("tỷ ₫", "bn ₫"), "position": "right", "splitLine": obj{"show": false}},
			obj{"type": "value", "name": in("tr ₫/ng", "m ₫/emp"), "position": "right", "offset": 48, "splitLine": obj{"show": false}},
		},
		"series": []any{
			obj{"name": nEmp, "type": "bar", "data": emp, "yAxisIndex": 0, "itemStyle": obj{"color": colSoftBl}},
			obj{"name": nRev, "type": "line", "data": rev, "yAxisIndex": 1, "itemStyle": obj{"color": colNavy}, "lineStyle": obj{"color": colNavy}},
			obj{"name": nProd, "type": "line", "data": prod, "yAxisIndex": 2, "itemStyle": obj{"color": colRed}, "lineStyle": obj{"color": colRed}},
		},
	}
}

func (h *Handler) handleJudgement(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in := registry.JudgementInput{Clear: true}
	f := fault.Fields{}
	choice := func(name string) *bool {
		switch formValue(r, name) {
		case "yes":
			v := true
			return &v
		case "no":
			v := false
			return &v
		case "":
			return nil
		}
		f.Add(name, "Vui lòng chọn một giá trị trong danh sách.", "Please choose a value from the list.")
		return nil
	}
	in.SectorSpecific, in.Replicable = choice("sector_specific"), choice("replicable")
	note := formValue(r, "note")
	in.Note = &note
	err = f.Err()
	if err == nil {
		_, err = h.registry.SetJudgement(r.Context(), registry.EnterpriseID(id), in)
	}
	if err != nil {
		return h.renderShowError(w, r, registry.EnterpriseID(id), err, func(p *registryShowPage, fe formErrors) {
			p.JudgeErrors = fe
			p.JudgeForm.SectorSpecific, p.JudgeForm.Replicable, p.JudgeForm.Note = formValue(r, "sector_specific"), formValue(r, "replicable"), note
		})
	}
	h.flash(r.Context(), "success", text("reg.flash_judged"))
	redirect(w, r, entURL(registry.EnterpriseID(id))+"#judgement")
	return nil
}

func (h *Handler) handleActivityCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in := registry.Activity{Title: formValue(r, "title"), Tool: formValue(r, "tool")}
	f := fault.Fields{}
	if y, err := strconv.Atoi(formValue(r, "year")); err == nil {
		in.Year = y
	} else {
		f.Add("year", "Vui lòng nhập năm, ví dụ 2024.", "Please enter a year, e.g. 2024.")
	}
	err = f.Err()
	if err == nil {
		_, err = h.registry.AddActivity(r.Context(), registry.EnterpriseID(id), in)
	}
	if err != nil {
		return h.renderShowError(w, r, registry.EnterpriseID(id), err, func(p *registryShowPage, fe formErrors) {
			p.ActErrors = fe
			p.ActForm.Year, p.ActForm.Title, p.ActForm.Tool = formValue(r, "year"), in.Title, in.Tool
		})
	}
	h.flash(r.Context(), "success", text("reg.flash_activity"))
	redirect(w, r, entURL(registry.EnterpriseID(id))+"#activities")
	return nil
}

// historyJSON indents a before/after document; "null" (nothing) is "".
func historyJSON(s string) string {
	if s == "null" {
		return ""
	}
	return prettyJSON(s)
}
