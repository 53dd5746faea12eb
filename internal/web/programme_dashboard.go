package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The dashboard pages: the officers' dashboard (progress against the
// targets, budget, activities by status, type, track, industry and size,
// the province map with drill-down, KPI improvements, spread summary), the
// public figures (the same aggregates, counts and sums only), every table
// as XLSX, the export of the activities and the annual report in PDF.
// The aggregates are the programme service's (facts*.go), scoped there.

// registerDashboard registers the pages of this programme area.
func (h *Handler) registerDashboard(mux Router) {
	h.handle(mux, "GET /programme/dashboard", h.handleDashboard)
	h.handle(mux, "GET /programme/dashboard/{file}", h.handleDashboardTable)
	h.handle(mux, "GET /programme/export/activities.xlsx", h.handleActivitiesExport)
	h.handle(mux, "GET /programme/report/{file}", h.handleAnnualReport)
	h.handle(mux, "GET /figures", h.handleFigures)
	h.handle(mux, "GET /figures/{file}", h.handleFiguresTable)
}

// dashboardPages are the page models of this programme area.
func dashboardPages() map[string]page {
	return map[string]page{"programme_dashboard_view": &dashboardPage{}}
}

// dashboardPage is the dashboard and, with Public, the public figures.
type dashboardPage struct {
	Layout
	Public      bool
	D           *programme.Dashboard
	Years       []option
	Provinces   []option // empty for a province officer: they cannot switch
	Province    string   // the province drilled into, its name
	ScopeNote   string
	Cards       []dashStat
	MapJSON     string
	MapSrc      string
	MapLink     string
	Charts      []dashChart
	Tables      []*dashTable
	Query       string // ?year=…&province=… of the filter, for the links
	ReportHref  string
	ReportYear  int
	ExportHref  string
	SpreadHref  string
	ClearHref   string
	HasData     bool
	BaseHref    string
	LPMethod    string
	Attribution string
}

type dashStat struct {
	Value, Label string
}

type dashChart struct {
	ID, Title, JSON string
	Large           bool
}

// handleDashboard shows the officers' dashboard.
func (h *Handler) handleDashboard(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := h.checkProvince(r); err != nil {
		return err
	}
	f := dashboardFilter(r)
	d, err := h.programme.Dashboard(r.Context(), f)
	if err != nil {
		return err
	}
	p := h.dashboardModel(r, d, false)
	return h.render(w, r, http.StatusOK, "programme_dashboard_view", text("dash.title"), p)
}

// handleFigures shows the public figures. An anonymous visitor without a
// flash message gets bytes rendered once per snapshot, year and language:
// they are kept on the snapshot's public dashboard (so they go with it),
// the model is built only when they are missing, and they carry nothing of
// the request: the language switch points at the canonical URL
// (/figures?year=…) and there is no request id.
func (h *Handler) handleFigures(w http.ResponseWriter, r *http.Request) error {
	year := dashboardFilter(r).Year
	d, err := h.programme.Figures(r.Context(), year)
	if err != nil {
		return err
	}
	var l Layout
	h.fill(r, &l, text("fig.title"), true)
	if l.Actor != nil || l.Flash != nil {
		p := h.dashboardModel(r, d, true)
		p.Layout = l
		p.Layout.Charts = true
		return h.write(w, http.StatusOK, "programme_dashboard_view", p)
	}
	body, err := d.Rendered(l.Lang, func() ([]byte, error) {
		p := h.dashboardModel(r, d, true)
		p.Layout = l
		p.Layout.Charts = true
		p.CurrentPath = figuresPath(d.Filter.Year)
		p.RequestID = ""
		var buf bytes.Buffer
		err := h.execute(&buf, "programme_dashboard_view", p)
		return buf.Bytes(), err
	})
	if err != nil {
		return err
	}
	writeHTML(w, http.StatusOK, body)
	return nil
}

// figuresPath is the canonical URL of the public figures of year.
func figuresPath(year int) string {
	return "/figures" + filterQuery(programme.FactsFilter{Year: year})
}

// checkProvince refuses a ?province= that is not one of the 34 provinces.
func (h *Handler) checkProvince(r *http.Request) error {
	code := strings.TrimSpace(r.URL.Query().Get("province"))
	if code == "" {
		return nil
	}
	if _, ok := h.geo.Province(code); !ok {
		return fault.New(fault.Invalid, "Không có tỉnh, thành phố mã "+code+" (mã gồm 2 chữ số, ví dụ 01 là Hà Nội).",
			"There is no province with code "+code+" (a two-digit code, e.g. 01 for Hà Nội).")
	}
	return nil
}

// dashboardFilter reads ?year= and ?province= (a bad year means all years).
func dashboardFilter(r *http.Request) programme.FactsFilter {
	q := r.URL.Query()
	y, err := strconv.Atoi(q.Get("year"))
	if err != nil || y < 2000 || y > 2100 {
		y = 0
	}
	return programme.FactsFilter{Year: y, Province: strings.TrimSpace(q.Get("province"))}
}

func filterQuery(f programme.FactsFilter) string {
	var parts []string
	if f.Year != 0 {
		parts = append(parts, "year="+strconv.Itoa(f.Year))
	}
	if f.Province != "" {
		parts = append(parts, "province="+f.Province)
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}

// dashboardModel builds the page from the aggregates.
func (h *Handler) dashboardModel(r *http.Request, d *programme.Dashboard, public bool) *dashboardPage {
	lang := h.lang(r)
	p := &dashboardPage{Public: public, D: d, HasData: d.Totals.Activities > 0 || len(d.Progress) > 0,
		Query: filterQuery(d.Filter), LPMethod: text("dash.lp_method").In(lang), Attribution: text("dash.attribution").In(lang)}
	p.BaseHref = "/programme/dashboard"
	if public {
		p.BaseHref = "/figures"
	}
	p.ClearHref = p.BaseHref
	a := auth.ActorFrom(r.Context())
	years := d.Years
	if len(years) == 0 {
		years = []int{time.Now().Year()}
	}
	for _, y := range years {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == d.Filter.Year})
	}
	p.ReportYear = years[len(years)-1]
	if d.Filter.Year != 0 {
		p.ReportYear = d.Filter.Year
	}
	if !public {
		if a.Role == auth.RoleProvince {
			p.ScopeNote = strings.ReplaceAll(text("dash.scope_province").In(lang), "{p}", h.geo.Name(a.ProvinceCode))
		} else {
			p.Provinces = h.provinceOptions(d.Filter.Province)
		}
		if d.Filter.Province != "" {
			p.Province = h.geo.Name(d.Filter.Province)
		}
		p.ReportHref = "/programme/report/" + strconv.Itoa(p.ReportYear) + ".pdf" + filterQuery(programme.FactsFilter{Province: d.Filter.Province})
		p.ExportHref = "/programme/export/activities.xlsx" + p.Query
		p.SpreadHref = "/programme/spread"
	}
	t := d.Totals
	p.Cards = []dashStat{
		{vn.Int(int64(t.Activities)), text("dash.card_activities").In(lang)},
		{vn.Int(int64(t.Supported)), text("dash.card_supported").In(lang)},
		{vn.Int(int64(t.Enterprises)), text("dash.card_enterprises").In(lang)},
		{vn.Int(int64(t.Pilots)), text("dash.card_pilots").In(lang)},
		{billions(t.Committed, lang), text("dash.card_committed").In(lang)},
		{billions(t.Disbursed, lang), text("dash.card_disbursed").In(lang)},
		{vn.Int(int64(d.Spread.Replications)), text("dash.card_replications").In(lang)},
		{vn.Int(int64(d.Spread.Enterprises)), text("dash.card_reached").In(lang)},
	}
	// Public figures resting on fewer than 5 enterprises show "< 5".
	for i := range p.Cards {
		if t.Hidden && i < 6 || d.Spread.Hidden && i >= 6 {
			p.Cards[i].Value = cSuppressed().Text
		}
	}
	p.MapSrc, _ = h.asset("vn-provinces.json")
	if !public && a.Role != auth.RoleProvince {
		p.MapLink = "/programme/dashboard?province={code}"
		if d.Filter.Year != 0 {
			p.MapLink += "&year=" + strconv.Itoa(d.Filter.Year)
		}
	}
	p.MapJSON = mustJSON(h.mapOption(d, lang))
	p.Charts = dashboardCharts(d, lang)
	p.Tables = h.dashboardTables(d, lang)
	p.Layout.Charts = true
	return p
}

// billions writes an amount of đồng in billions with one decimal, for the
// cards ("229,2 tỷ ₫"); the tables keep the exact amounts.
func billions(v int64, lang string) string {
	s := strconv.FormatFloat(float64(v)/1e9, 'f', 1, 64)
	if lang == "en" {
		return s + " bn ₫"
	}
	return strings.Replace(s, ".", ",", 1) + " tỷ ₫"
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// mapOption is the choropleth of the 34 provinces: activities per
// province; the whole map is shown, both archipelagos included.
func (h *Handler) mapOption(d *programme.Dashboard, lang string) obj {
	by := map[string]programme.ProvinceRow{}
	for _, p := range d.Provinces {
		by[p.Code] = p
	}
	maxV := 1
	var data []obj
	for _, p := range h.geo.Provinces {
		row := by[p.Code]
		if row.Hidden {
			continue // no figure: the province stays uncoloured
		}
		maxV = max(maxV, row.Activities)
		item := obj{"name": p.Short, "value": row.Activities, "code": p.Code}
		if d.Filter.Province == p.Code {
			item["itemStyle"] = obj{"borderColor": "#d4a017", "borderWidth": 2}
		}
		data = append(data, item)
	}
	return obj{
		"tooltip": obj{"trigger": "item", "formatter": "{b}: {c}"},
		"visualMap": obj{"min": 0, "max": maxV, "left": 0, "bottom": 0, "calculable": true,
			"text":    []string{text("dash.map_high").In(lang), text("dash.map_low").In(lang)},
			"inRange": obj{"color": []string{"#e6eef6", "#0b4f8a"}}},
		"series": []obj{{"type": "map", "map": "vn", "roam": true, "name": text("dash.map_series").In(lang),
			"aspectScale": 1, "layoutCenter": []string{"50%", "50%"}, "layoutSize": "95%",
			"emphasis": obj{"label": obj{"show": false}, "itemStyle": obj{"areaColor": "#d4a017"}},
			"select":   obj{"disabled": true}, "data": data}},
	}
}

// dashboardCharts are the charts under the cards.
func dashboardCharts(d *programme.Dashboard, lang string) []dashChart {
	var years []string
	var ents, entT, planned, committed, disbursed []any
	for _, p := range d.Progress {
		years = append(years, strconv.Itoa(p.Year))
		ents = append(ents, p.Enterprises)
		if p.EnterprisesTarget != nil {
			entT = append(entT, *p.EnterprisesTarget)
		} else {
			entT = append(entT, nil)
		}
	}
	const bn = 1e9
	for _, b := range d.Budget {
		planned = append(planned, round2(float64(b.PlannedState)/bn))
		committed = append(committed, round2(float64(b.CommittedState)/bn))
		disbursed = append(disbursed, round2(float64(b.Disbursed)/bn))
	}
	legend := obj{"bottom": 0}
	grid := obj{"left": 50, "right": 16, "top": 24, "bottom": 56}
	charts := []dashChart{
		{ID: "dash-chart-progress", Title: text("dash.chart_progress").In(lang), JSON: mustJSON(obj{
			"tooltip": obj{"trigger": "axis"}, "legend": legend, "grid": grid, "color": []string{"#0b4f8a", "#d4a017"},
			"xAxis": obj{"type": "category", "data": years}, "yAxis": obj{"type": "value"},
			"series": []obj{{"type": "bar", "name": text("dash.measured").In(lang), "data": ents},
				{"type": "line", "name": text("dash.target").In(lang), "data": entT, "connectNulls": true}}})},
		{ID: "dash-chart-budget", Title: text("dash.chart_budget").In(lang), JSON: mustJSON(obj{
			"tooltip": obj{"trigger": "axis"}, "legend": legend, "grid": grid, "color": []string{"#9db7d5", "#0b4f8a", "#2e7d32"},
			"xAxis": obj{"type": "category", "data": years}, "yAxis": obj{"type": "value", "name": text("dash.bn_vnd").In(lang)},
			"series": []obj{{"type": "bar", "name": text("dash.planned").In(lang), "data": planned},
				{"type": "bar", "name": text("dash.committed").In(lang), "data": committed},
				{"type": "bar", "name": text("dash.disbursed").In(lang), "data": disbursed}}})},
	}
	var stNames []string
	var stVals []any
	for _, b := range d.ByStatus {
		stNames = append(stNames, b.Label.In(lang))
		stVals = append(stVals, b.Activities)
	}
	charts = append(charts, dashChart{ID: "dash-chart-status", Title: text("dash.chart_status").In(lang), JSON: mustJSON(obj{
		"tooltip": obj{"trigger": "axis"}, "grid": obj{"left": 150, "right": 24, "top": 8, "bottom": 24}, "color": []string{"#0b4f8a"},
		"xAxis": obj{"type": "value"}, "yAxis": obj{"type": "category", "data": stNames, "inverse": true},
		"series": []obj{{"type": "bar", "name": text("dash.activities").In(lang), "data": stVals}}})})
	var tyItems []obj
	for _, b := range d.ByType {
		tyItems = append(tyItems, obj{"name": b.Label.In(lang), "value": b.Activities})
	}
	charts = append(charts, dashChart{ID: "dash-chart-type", Title: text("dash.chart_type").In(lang), JSON: mustJSON(obj{
		"tooltip": obj{"trigger": "item"}, "legend": obj{"type": "scroll", "bottom": 0},
		"series": []obj{{"type": "pie", "radius": []string{"35%", "65%"}, "center": []string{"50%", "45%"},
			"label": obj{"show": false}, "data": tyItems}}})})
	if len(d.KPIs) > 0 {
		var names []string
		var boxes []any
		for _, k := range d.KPIs {
			if k.Hidden {
				continue
			}
			names = append(names, k.Name.In(lang))
			boxes = append(boxes, []float64{k.Min, k.Q1, k.Median, k.Q3, k.Max})
		}
		charts = append(charts, dashChart{ID: "dash-chart-kpi", Title: text("dash.chart_kpi").In(lang), Large: true, JSON: mustJSON(obj{
			"tooltip": obj{"trigger": "item"}, "grid": obj{"left": 50, "right": 16, "top": 16, "bottom": 110},
			"xAxis":  obj{"type": "category", "data": names, "axisLabel": obj{"rotate": 35, "interval": 0}},
			"yAxis":  obj{"type": "value", "name": "%"},
			"series": []obj{{"type": "boxplot", "name": text("dash.improvement").In(lang), "data": boxes, "itemStyle": obj{"color": "#e6eef6", "borderColor": "#0b4f8a"}}}})})
	}
	return charts
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }
