package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The results and spread pages: the KPI catalogue (officers), an
// activity's results tab (KPIs, improvement, and for a pilot model its
// replications and diffusion tree), the replications (enterprises record
// them, officers confirm), the spread figures, and the public list of
// pilot models. Authorization is the programme service's; the pages only
// hide what the actor cannot do.

// registerResults registers the pages of this programme area.
func (h *Handler) registerResults(mux Router) {
	h.handle(mux, "GET /programme/kpis", h.handleKPIs)
	h.handle(mux, "GET /programme/kpis.xlsx", h.handleKPIsXLSX)
	h.handle(mux, "GET /replications.xlsx", h.handleReplicationsXLSX)
	h.handle(mux, "GET /programme/spread/{file}", h.handleSpreadXLSX)
	h.handle(mux, "POST /programme/kpis", h.handleKPIAdd)
	h.handle(mux, "POST /programme/kpis/{code}", h.handleKPIRename)
	h.handle(mux, "POST /programme/kpis/{code}/hide", h.handleKPIHide)
	h.handle(mux, "POST /programme/kpis/{code}/delete", h.handleKPIDelete)
	h.handle(mux, "GET /activities/{id}/results", h.handleActivityResults)
	h.handle(mux, "GET /replications", h.handleReplications)
	h.handle(mux, "GET /replications/new", h.handleReplicationNew)
	h.handle(mux, "POST /replications", h.handleReplicationCreate)
	h.handle(mux, "GET /replications/{id}", h.handleReplicationShow)
	h.handle(mux, "POST /replications/{id}", h.handleReplicationUpdate)
	h.handle(mux, "POST /replications/{id}/confirm", h.handleReplicationConfirm)
	h.handle(mux, "GET /programme/spread", h.handleSpread)
	h.handle(mux, "GET /pilots", h.handlePilots)
	h.handle(mux, "GET /pilots/{id}", h.handlePilot)
}

// resultsPages are the page models of this programme area.
func resultsPages() map[string]page {
	return map[string]page{
		"programme_results_kpis":         &resKPIsPage{},
		"programme_results_activity":     &resActivityPage{},
		"programme_results_replications": &resRepsPage{},
		"programme_results_form":         &resFormPage{},
		"programme_results_spread":       &resSpreadPage{},
		"programme_results_pilots":       &resPilotsPage{},
		"programme_results_pilot":        &resPilotPage{},
	}
}

// --- helpers ---

// resPct writes an improvement: "+12,5 %", "—" when there is none.
func resPct(p *float64) string {
	if p == nil || math.IsNaN(*p) {
		return "—"
	}
	s := vn.Decimal(*p, 1) + " %"
	if *p > 0 {
		s = "+" + s
	}
	return s
}

// resNum writes a KPI value with up to 2 decimals, decimal comma.
func resNum(v float64) string {
	s := vn.Decimal(v, 2)
	if strings.Contains(s, ",") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ",")
	}
	return s
}

// resParseNum reads a number typed the Vietnamese way ("1.234,5") or the
// English way ("1234.5").
func resParseNum(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// resToolNames maps tool codes to their catalogue names in lang.
func (h *Handler) resToolNames(r *http.Request) map[string]string {
	out := map[string]string{}
	if h.catalog == nil {
		return out
	}
	ts, err := h.catalog.Tools(r.Context())
	if err != nil {
		return out
	}
	for _, t := range ts {
		if n := t.Name.In(h.lang(r)); n != "" {
			out[string(t.Code)] = n
		}
	}
	return out
}

func resTool(names map[string]string, c string) string {
	if n, ok := names[c]; ok {
		return n
	}
	return toolFallbackName(catalog.ToolCode(c))
}

func resTools(names map[string]string, cs []string) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = resTool(names, c)
	}
	return strings.Join(out, ", ")
}

func resIndustry(lang, i string) string {
	if i == "" {
		return text("res.industry_other").In(lang)
	}
	return registry.Industry(i).Label().In(lang)
}

func resSize(lang, z string) string {
	if z == "" {
		return text("res.unknown").In(lang)
	}
	return registry.SizeClass(z).Label().In(lang)
}

func resDate(d string) string {
	t, err := vn.ParseDate(d)
	if err != nil {
		return d
	}
	return vn.Date(t)
}

func resRepStatus(lang string, s programme.ReplicationStatus) string {
	if s == programme.ReplicationConfirmed {
		return text("res.status_confirmed").In(lang)
	}
	return text("res.status_reported").In(lang)
}

func actHref(id programme.ActivityID) string {
	return "/activities/" + strconv.FormatInt(int64(id), 10)
}
func pilotHref(id programme.ActivityID) string {
	return "/pilots/" + strconv.FormatInt(int64(id), 10)
}
func repHref(id programme.ReplicationID) string {
	return "/replications/" + strconv.FormatInt(int64(id), 10)
}

// resKPIName names a KPI of the catalogue in lang.
func resKPIName(lang string, defs map[string]programme.KPIDef, code string) (string, string) {
	d, ok := defs[code]
	if !ok {
		return code, ""
	}
	return d.Name.In(lang), d.Unit.Label().In(lang)
}

func (h *Handler) resKPIDefs(r *http.Request) (map[string]programme.KPIDef, []programme.KPIDef, error) {
	ks, err := h.programme.KPIs(r.Context())
	if err != nil {
		return nil, nil, err
	}
	m := map[string]programme.KPIDef{}
	for _, k := range ks {
		m[k.Code] = k
	}
	return m, ks, nil
}

// resTreeOption is the ECharts option of a diffusion tree (a tree series),
// for the data-chart attribute.
func resTreeOption(root *programme.TreeNode, lang string, provName func(string) string) string {
	type node struct {
		Name     string  `json:"name"`
		Children []*node `json:"children,omitempty"`
	}
	var conv func(n *programme.TreeNode) *node
	conv = func(n *programme.TreeNode) *node {
		label := n.Name
		if n.Province != "" {
			label += " (" + provName(n.Province) + ")"
		}
		out := &node{Name: label}
		for _, c := range n.Children {
			out.Children = append(out.Children, conv(c))
		}
		return out
	}
	opt := map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"series": []any{map[string]any{
			"type": "tree", "data": []any{conv(root)}, "top": "5%", "left": "15%", "bottom": "5%", "right": "25%",
			"initialTreeDepth": -1, "symbolSize": 9, "expandAndCollapse": true,
			"label":  map[string]any{"position": "left", "verticalAlign": "middle", "align": "right", "fontSize": 12},
			"leaves": map[string]any{"label": map[string]any{"position": "right", "verticalAlign": "middle", "align": "left"}},
		}},
	}
	b, _ := json.Marshal(opt)
	return string(b)
}

// --- the KPI catalogue ---

type resKPIsPage struct {
	Layout
	Form      formErrors
	Rows      []resKPIRow
	Units     []option
	Code      string
	NameVi    string
	NameEn    string
	Direction string
	Manage    bool
	Failed    string // the row whose action failed
}

type resKPIRow struct {
	Code      string
	NameVi    string
	NameEn    string
	Unit      string
	Direction string
	Builtin   bool
	Hidden    bool
	Error     string
}

// kpiViewer requires an actor who may see the KPI catalogue (its page and
// its download).
func kpiViewer(r *http.Request) (*auth.Actor, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActProgrammeView) {
		return nil, fault.New(fault.Forbidden, "Bạn không xem được danh mục KPI của chương trình.", "You may not see the programme's KPI catalogue.")
	}
	return a, nil
}

func (h *Handler) renderKPIs(w http.ResponseWriter, r *http.Request, status int, p *resKPIsPage) error {
	a, err := kpiViewer(r)
	if err != nil {
		return err
	}
	_, ks, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p.Manage = auth.Can(a, auth.ActProgrammeManage)
	for _, k := range ks {
		row := resKPIRow{Code: k.Code, NameVi: k.Name.Vi, NameEn: k.Name.En, Unit: k.Unit.Label().In(lang), Builtin: k.Builtin, Hidden: k.Hidden,
			Direction: text("res.dir_" + string(k.Direction)).In(lang)}
		if row.Unit == "" {
			row.Unit = text("res.unit_count").In(lang)
		}
		if p.Failed == k.Code {
			row.Error = p.Form.Message
		}
		p.Rows = append(p.Rows, row)
	}
	for _, u := range programme.Units {
		l := u.Label().In(lang)
		if l == "" {
			l = text("res.unit_count").In(lang)
		}
		p.Units = append(p.Units, option{Value: string(u), Label: l, Selected: p.Form.HasErrors() && formValue(r, "unit") == string(u)})
	}
	return h.render(w, r, status, "programme_results_kpis", text("res.kpis_title"), p)
}

func (h *Handler) handleKPIs(w http.ResponseWriter, r *http.Request) error {
	return h.renderKPIs(w, r, http.StatusOK, &resKPIsPage{Direction: "up"})
}

func (h *Handler) handleKPIAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	in := programme.KPIInput{Code: formValue(r, "code"), NameVi: formValue(r, "name_vi"), NameEn: formValue(r, "name_en"),
		Unit: programme.Unit(formValue(r, "unit")), Direction: programme.Direction(formValue(r, "direction"))}
	k, err := h.programme.AddKPI(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderKPIs(w, r, formStatus(err), &resKPIsPage{Form: newFormErrors(h.lang(r), err, nil), Code: in.Code,
			NameVi: in.NameVi, NameEn: in.NameEn, Direction: string(in.Direction)})
	}
	h.flash(r.Context(), "success", fmtText(text("res.flash_kpi_added"), "{code}", k.Code))
	redirect(w, r, "/programme/kpis")
	return nil
}

func (h *Handler) kpiAction(w http.ResponseWriter, r *http.Request, do func(code string) error, flash fault.Text) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	code := r.PathValue("code")
	if err := do(code); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderKPIs(w, r, formStatus(err), &resKPIsPage{Form: newFormErrors(h.lang(r), err, nil), Failed: code, Direction: "up"})
	}
	h.flash(r.Context(), "success", fmtText(flash, "{code}", code))
	redirect(w, r, "/programme/kpis")
	return nil
}

func (h *Handler) handleKPIRename(w http.ResponseWriter, r *http.Request) error {
	return h.kpiAction(w, r, func(code string) error {
		_, err := h.programme.RenameKPI(r.Context(), code, formValue(r, "name_vi"), formValue(r, "name_en"))
		return err
	}, text("res.flash_kpi_renamed"))
}

func (h *Handler) handleKPIHide(w http.ResponseWriter, r *http.Request) error {
	return h.kpiAction(w, r, func(code string) error {
		_, err := h.programme.HideKPI(r.Context(), code, formValue(r, "hidden") != "0")
		return err
	}, text("res.flash_kpi_hidden"))
}

func (h *Handler) handleKPIDelete(w http.ResponseWriter, r *http.Request) error {
	return h.kpiAction(w, r, func(code string) error { return h.programme.DeleteKPI(r.Context(), code) }, text("res.flash_kpi_deleted"))
}
