package web

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"slices"
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

// --- the results tab ---

type resActivityPage struct {
	Layout
	Tabs         []activityTab
	ID           programme.ActivityID
	Title        string
	Pilot        bool
	KPIs         []resKPIResultRow
	Overall      string
	Reps         []resRepRow
	Others       string
	Tree         string
	TreeNodes    int
	CanReplicate bool
	PublicHref   string
}

type resKPIResultRow struct {
	Name        string
	Unit        string
	Baseline    string
	Target      string
	Actual      string
	Improvement string
	Reached     bool
	HasActual   bool
	Verified    bool
}

// resRepRow is a replication in the tables.
type resRepRow struct {
	ID         programme.ReplicationID
	Href       string
	Enterprise string
	Province   string
	Pilot      string
	PilotHref  string
	AppliedOn  string
	Status     string
	Confirmed  bool
	CanConfirm bool
	Version    int
	KPIs       []string
	Overall    string
}

func (h *Handler) repRow(r *http.Request, defs map[string]programme.KPIDef, x *programme.ReplicationResult) resRepRow {
	lang := h.lang(r)
	row := resRepRow{ID: x.ID, Href: repHref(x.ID), Enterprise: x.EnterpriseName, Province: h.provinceName(x.ProvinceCode),
		Pilot: x.PilotTitle, PilotHref: pilotHref(x.PilotID), AppliedOn: resDate(x.AppliedOn), Status: resRepStatus(lang, x.Status),
		Confirmed: x.Status == programme.ReplicationConfirmed, CanConfirm: h.programme.CanConfirm(r.Context(), &x.ReplicationRecord),
		Version: x.Version, Overall: resPct(x.Overall)}
	for _, k := range x.Results {
		name, _ := resKPIName(lang, defs, k.Code)
		row.KPIs = append(row.KPIs, name+": "+resPct(k.Improvement))
	}
	return row
}

func (h *Handler) handleActivityResults(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	res, err := h.programme.Results(r.Context(), programme.ActivityID(id), h.lang(r))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	a := res.Activity
	p := &resActivityPage{Tabs: activityTabs(a, tabResults, lang), ID: a.ID, Title: a.Title, Pilot: a.Type == programme.TypePilotModel,
		Overall: resPct(res.Overall), CanReplicate: res.CanReplicate}
	if p.Pilot && a.Status.Supported() {
		p.PublicHref = pilotHref(a.ID)
	}
	for _, k := range res.KPIs {
		name, unit := resKPIName(lang, defs, k.Code)
		row := resKPIResultRow{Name: name, Unit: unit, Baseline: resNum(k.Baseline), Target: resNum(k.Target), Actual: "—",
			Improvement: resPct(k.Improvement), Reached: k.Reached, HasActual: k.Actual != nil, Verified: k.Verified}
		if k.Actual != nil {
			row.Actual = resNum(*k.Actual)
		}
		p.KPIs = append(p.KPIs, row)
	}
	if p.Pilot {
		for i := range res.Replications {
			p.Reps = append(p.Reps, h.repRow(r, defs, &res.Replications[i]))
		}
		if res.Others > 0 {
			p.Others = fmtText(text("res.others_unconfirmed"), "{n}", vn.Int(int64(res.Others))).In(lang)
		}
		p.TreeNodes = res.Tree.Size()
		if p.TreeNodes > 0 {
			p.Tree = resTreeOption(res.Tree, lang, h.provinceName)
			p.Charts = true
		}
	}
	title := fmtText(text("res.results_title"), "{title}", a.Title)
	return h.render(w, r, http.StatusOK, "programme_results_activity", title, p)
}

// --- replications ---

type resRepsPage struct {
	Layout
	Rows       []resRepRow
	Pager      Pager
	Officer    bool
	Enterprise bool
	Provinces  []option
	Statuses   []option
	Pilot      string
	XLSX       string
}

// repFilter reads the filters of /replications (and of its XLSX download).
func repFilter(q url.Values) programme.ReplicationFilter {
	f := programme.ReplicationFilter{Province: q.Get("province"), Status: programme.ReplicationStatus(q.Get("status"))}
	if f.Status != programme.ReplicationReported && f.Status != programme.ReplicationConfirmed {
		f.Status = ""
	}
	if pid, err := strconv.ParseInt(q.Get("pilot"), 10, 64); err == nil && pid > 0 {
		f.PilotID = programme.ActivityID(pid)
	}
	return f
}

func (h *Handler) handleReplications(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page := pageParam(q)
	const limit = 30
	f := repFilter(q)
	f.Offset, f.Limit = (page-1)*limit, limit
	rows, total, err := h.programme.Replications(r.Context(), f)
	if err != nil {
		return err
	}
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &resRepsPage{Pager: newPager(r, page, limit, total), Enterprise: auth.Can(a, auth.ActReplicationRecord),
		Officer: auth.Can(a, auth.ActProgrammeView), Pilot: q.Get("pilot"), XLSX: xlsxHref("/replications.xlsx", q)}
	for i := range rows {
		p.Rows = append(p.Rows, h.repRow(r, defs, &rows[i]))
	}
	if auth.Can(a, auth.ActProgrammeManage) {
		p.Provinces = h.provinceOptions(f.Province)
	}
	for _, s := range []programme.ReplicationStatus{programme.ReplicationReported, programme.ReplicationConfirmed} {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: resRepStatus(lang, s), Selected: f.Status == s})
	}
	return h.render(w, r, http.StatusOK, "programme_results_replications", text("res.reps_title"), p)
}

// resFormPage records or edits a replication.
type resFormPage struct {
	Layout
	Form        formErrors
	Pilot       programme.PilotSummary
	PilotHref   string
	Province    string
	Industry    string
	Sources     []option
	Tools       []resToolOpt
	AppliedOn   string
	Description string
	KPIRows     []resKPIInputRow
	KPIOptions  []option
	Action      string
	Version     int
	Edit        bool
	// Read-only view (a confirmed record, or an officer).
	ReadOnly bool
	Rep      *resRepRow
	Details  []resRepKPIRow
	Tree     string
}

type resToolOpt struct {
	Value, Label string
	Checked      bool
}

type resKPIInputRow struct {
	N        int
	Options  []option
	Baseline string
	Actual   string
	ErrCode  string
	ErrBase  string
	ErrAct   string
}

type resRepKPIRow struct {
	Name, Unit, Baseline, Actual, Improvement string
}

// resFormKPIRows is the number of KPI rows of the form.
const resFormKPIRows = 5

// resFormValues are the values the form shows.
type resFormValues struct {
	source      string
	appliedOn   string
	tools       []string
	description string
	codes       []string
	baselines   []string
	actuals     []string
}

func (h *Handler) renderRepForm(w http.ResponseWriter, r *http.Request, status int, pilotID programme.ActivityID, v resFormValues,
	fe formErrors, edit *programme.ReplicationRecord) error {
	lang := h.lang(r)
	pilot, sources, err := h.programme.ReplicablePilot(r.Context(), pilotID, lang)
	if err != nil {
		return err
	}
	_, ks, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	names := h.resToolNames(r)
	p := &resFormPage{Form: fe, Pilot: *pilot, PilotHref: pilotHref(pilot.ID), Province: h.provinceName(pilot.ProvinceCode),
		Industry: resIndustry(lang, pilot.Industry), AppliedOn: v.appliedOn, Description: v.description, Action: "/replications"}
	if edit != nil {
		p.Action, p.Version, p.Edit = repHref(edit.ID), edit.Version, true
	}
	for _, s := range sources {
		if edit != nil && s.ID != 0 && s.ID >= edit.ID {
			continue // only older records: no cycle
		}
		val := strconv.FormatInt(int64(s.ID), 10)
		label := s.Name
		if s.ID == 0 {
			label = fmtText(text("res.source_pilot"), "{name}", s.Name).In(lang)
		} else if s.AppliedOn != "" {
			label += " — " + resDate(s.AppliedOn)
		}
		p.Sources = append(p.Sources, option{Value: val, Label: label, Selected: val == v.source || v.source == "" && s.ID == 0})
	}
	for _, t := range pilot.Tools {
		p.Tools = append(p.Tools, resToolOpt{Value: t, Label: resTool(names, t), Checked: slices.Contains(v.tools, t)})
	}
	for i := range resFormKPIRows {
		row := resKPIInputRow{N: i}
		code := ""
		if i < len(v.codes) {
			code, row.Baseline, row.Actual = v.codes[i], v.baselines[i], v.actuals[i]
		}
		for _, k := range ks {
			if k.Hidden && k.Code != code {
				continue
			}
			row.Options = append(row.Options, option{Value: k.Code, Label: k.Name.In(lang) + " (" + resUnit(lang, k.Unit) + ")", Selected: k.Code == code})
		}
		pre := "kpi." + strconv.Itoa(i)
		row.ErrCode, row.ErrBase, row.ErrAct = fe.Errors[pre+".code"], fe.Errors[pre+".baseline"], fe.Errors[pre+".actual"]
		p.KPIRows = append(p.KPIRows, row)
	}
	title := text("res.form_title")
	if edit != nil {
		title = text("res.edit_title")
	}
	return h.render(w, r, status, "programme_results_form", title, p)
}

func resUnit(lang string, u programme.Unit) string {
	if l := u.Label().In(lang); l != "" {
		return l
	}
	return text("res.unit_count").In(lang)
}

func (h *Handler) handleReplicationNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	pid, err := strconv.ParseInt(r.URL.Query().Get("pilot"), 10, 64)
	if err != nil || pid <= 0 {
		redirect(w, r, "/pilots")
		return nil
	}
	ps, _, err := h.programme.ReplicablePilot(r.Context(), programme.ActivityID(pid), h.lang(r))
	if err != nil {
		return err
	}
	return h.renderRepForm(w, r, http.StatusOK, programme.ActivityID(pid), resFormValues{tools: ps.Tools}, formErrors{}, nil)
}

// readRepForm reads the posted form; bad numbers become field errors.
func readRepForm(r *http.Request) (programme.ReplicationInput, resFormValues, fault.Fields) {
	v := resFormValues{source: formValue(r, "source"), appliedOn: formValue(r, "applied_on"), tools: r.PostForm["tool"],
		description: r.PostFormValue("description"), codes: r.PostForm["kpi_code"], baselines: r.PostForm["kpi_baseline"],
		actuals: r.PostForm["kpi_actual"]}
	pid, _ := strconv.ParseInt(formValue(r, "pilot"), 10, 64)
	src, _ := strconv.ParseInt(v.source, 10, 64)
	in := programme.ReplicationInput{PilotID: programme.ActivityID(pid), SourceID: programme.ReplicationID(src), AppliedOn: v.appliedOn,
		Tools: v.tools, Description: v.description}
	bad := fault.Fields{}
	n := min(len(v.codes), len(v.baselines), len(v.actuals))
	v.codes, v.baselines, v.actuals = v.codes[:n], v.baselines[:n], v.actuals[:n]
	for i := range n {
		code := strings.TrimSpace(v.codes[i])
		bs, as := strings.TrimSpace(v.baselines[i]), strings.TrimSpace(v.actuals[i])
		if code == "" && bs == "" && as == "" {
			continue
		}
		// Errors are keyed by the row of the form, which is the index the
		// service sees as long as empty rows come last; keep the row.
		pre := "kpi." + strconv.Itoa(len(in.KPIs))
		b, okB := resParseNum(bs)
		a, okA := resParseNum(as)
		if !okB {
			bad.Add(pre+".baseline", "Nhập số liệu nền là một số.", "Enter the baseline as a number.")
		}
		if !okA {
			bad.Add(pre+".actual", "Nhập kết quả là một số.", "Enter the result as a number.")
		}
		in.KPIs = append(in.KPIs, programme.ReplicationKPI{Code: code, Baseline: b, Actual: a})
	}
	// Show the rows compacted, so that errors line up with them.
	var cs, bs, as []string
	for i := range n {
		if strings.TrimSpace(v.codes[i]+v.baselines[i]+v.actuals[i]) == "" {
			continue
		}
		cs, bs, as = append(cs, v.codes[i]), append(bs, v.baselines[i]), append(as, v.actuals[i])
	}
	v.codes, v.baselines, v.actuals = cs, bs, as
	return in, v, bad
}

func (h *Handler) handleReplicationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	in, v, bad := readRepForm(r)
	var rec *programme.ReplicationRecord
	err := bad.Err()
	if err == nil {
		rec, err = h.programme.RecordReplication(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderRepForm(w, r, formStatus(err), in.PilotID, v, newFormErrors(h.lang(r), err, nil), nil)
	}
	h.flash(r.Context(), "success", text("res.flash_recorded"))
	redirect(w, r, repHref(rec.ID))
	return nil
}

func (h *Handler) handleReplicationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderRep(w, r, http.StatusOK, programme.ReplicationID(id), nil, formErrors{})
}

// renderRep shows a replication: the edit form to its enterprise while it
// is reported, the record (and the confirm button) otherwise.
func (h *Handler) renderRep(w http.ResponseWriter, r *http.Request, status int, id programme.ReplicationID, v *resFormValues, fe formErrors) error {
	x, err := h.programme.Replication(r.Context(), id)
	if err != nil {
		return err
	}
	if h.programme.CanEditReplication(r.Context(), &x.ReplicationRecord) {
		if v == nil {
			v = &resFormValues{source: strconv.FormatInt(int64(x.SourceID), 10), appliedOn: resDate(x.AppliedOn), tools: x.Tools,
				description: x.Description}
			for _, k := range x.KPIs {
				v.codes = append(v.codes, k.Code)
				v.baselines = append(v.baselines, resNum(k.Baseline))
				v.actuals = append(v.actuals, resNum(k.Actual))
			}
		}
		return h.renderRepForm(w, r, status, x.PilotID, *v, fe, &x.ReplicationRecord)
	}
	lang := h.lang(r)
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	row := h.repRow(r, defs, x)
	p := &resFormPage{Form: fe, ReadOnly: true, Rep: &row, PilotHref: pilotHref(x.PilotID), Description: x.Description,
		Pilot: programme.PilotSummary{ID: x.PilotID, Title: x.PilotTitle, EnterpriseName: x.PilotEnterprise}}
	names := h.resToolNames(r)
	for _, t := range x.Tools {
		p.Tools = append(p.Tools, resToolOpt{Value: t, Label: resTool(names, t), Checked: true})
	}
	for _, k := range x.Results {
		name, unit := resKPIName(lang, defs, k.Code)
		p.Details = append(p.Details, resRepKPIRow{Name: name, Unit: unit, Baseline: resNum(k.Baseline), Actual: resNum(k.Actual),
			Improvement: resPct(k.Improvement)})
	}
	return h.render(w, r, status, "programme_results_form", fmtText(text("res.rep_title"), "{name}", x.EnterpriseName), p)
}

func (h *Handler) handleReplicationUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in, v, bad := readRepForm(r)
	version, _ := strconv.Atoi(formValue(r, "version"))
	err = bad.Err()
	if err == nil {
		_, err = h.programme.UpdateReplication(r.Context(), programme.ReplicationID(id), version, in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderRep(w, r, formStatus(err), programme.ReplicationID(id), &v, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("res.flash_updated"))
	redirect(w, r, repHref(programme.ReplicationID(id)))
	return nil
}

func (h *Handler) handleReplicationConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	if _, err := h.programme.ConfirmReplication(r.Context(), programme.ReplicationID(id), version); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderRep(w, r, formStatus(err), programme.ReplicationID(id), nil, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("res.flash_confirmed"))
	back := "/replications"
	if ref, err := url.Parse(r.Header.Get("Referer")); err == nil && strings.HasPrefix(ref.Path, "/activities/") {
		back = ref.Path
	}
	redirect(w, r, back)
	return nil
}

// --- spread ---

type resSpreadPage struct {
	Layout
	Province   string
	Provinces  []option
	Pilots     string
	Replicated string
	Rate       string
	Reps       string
	Confirmed  string
	Reached    string
	PerPilot   []resPilotReachRow
	Breakdowns []resBreakdown
	ActKPIs    []resQuartRow
	RepKPIs    []resQuartRow
	XLSX       string // the query of the tables' downloads (/programme/spread/{table}.xlsx)
}

type resPilotReachRow struct {
	Href, Title, Enterprise, Province string
	Replications, Confirmed, Depth    string
}

type resCountRow struct{ Label, N string }

type resBreakdown struct {
	Title string
	Rows  []resCountRow
	Href  string // its XLSX download
}

type resQuartRow struct{ Name, N, Q1, Median, Q3 string }

// spreadFigures reads the province filter of /programme/spread (and of
// its downloads) and asks the service for the figures.
func (h *Handler) spreadFigures(r *http.Request) (*programme.SpreadFigures, error) {
	prov := r.URL.Query().Get("province")
	if prov != "" && h.geo != nil {
		if _, ok := h.geo.Province(prov); !ok {
			return nil, programme.ErrSpreadProvince
		}
	}
	return h.programme.SpreadFigures(r.Context(), prov)
}

func (h *Handler) handleSpread(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	sp, err := h.spreadFigures(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	p := &resSpreadPage{Pilots: vn.Int(int64(sp.Pilots)), Replicated: vn.Int(int64(sp.Replicated)), Rate: vn.Decimal(sp.Rate, 1) + " %",
		Reps: vn.Int(int64(sp.Replications)), Confirmed: vn.Int(int64(sp.Confirmed)), Reached: vn.Int(int64(sp.Reached)),
		XLSX: xlsxHref("", r.URL.Query())}
	if sp.Province != "" {
		p.Province = h.provinceName(sp.Province)
	}
	if auth.Can(a, auth.ActProgrammeManage) {
		p.Provinces = h.provinceOptions(sp.Province)
	}
	for _, x := range sp.PerPilot {
		p.PerPilot = append(p.PerPilot, resPilotReachRow{Href: actHref(x.ID) + tabResults, Title: x.Title, Enterprise: x.Enterprise,
			Province: h.provinceName(x.Province), Replications: vn.Int(int64(x.Replications)), Confirmed: vn.Int(int64(x.Confirmed)),
			Depth: vn.Int(int64(x.Depth))})
	}
	counts := func(key string, title fault.Text, cs []programme.ReachCount, label func(string) string) {
		b := resBreakdown{Title: title.In(lang), Href: "/programme/spread/" + key + ".xlsx" + p.XLSX}
		for _, c := range cs {
			b.Rows = append(b.Rows, resCountRow{label(c.Key), vn.Int(int64(c.N))})
		}
		p.Breakdowns = append(p.Breakdowns, b)
	}
	counts("sectors", text("res.by_sector"), sp.BySector, func(k string) string { return resIndustry(lang, k) })
	counts("provinces", text("res.by_province"), sp.ByProvince, func(k string) string {
		if k == "" {
			return text("res.unknown").In(lang)
		}
		return h.provinceName(k)
	})
	counts("sizes", text("res.by_size"), sp.BySize, func(k string) string { return resSize(lang, k) })
	quart := func(qs []programme.KPIQuartiles) []resQuartRow {
		var out []resQuartRow
		for _, q := range qs {
			name, _ := resKPIName(lang, defs, q.Code)
			out = append(out, resQuartRow{name, vn.Int(int64(q.N)), resPct(&q.Q1), resPct(&q.Median), resPct(&q.Q3)})
		}
		return out
	}
	p.ActKPIs, p.RepKPIs = quart(sp.ActivityKPIs), quart(sp.RepKPIs)
	return h.render(w, r, http.StatusOK, "programme_results_spread", text("res.spread_title"), p)
}

// --- public pilot models ---

type resPilotsPage struct {
	Layout
	Rows       []resPilotRow
	Pager      Pager
	Tools      []option
	Industries []option
	Provinces  []option
}

type resPilotRow struct {
	Href, Title, Enterprise, Province, Industry, Tools, Replications string
}

func (h *Handler) handlePilots(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := pageParam(q)
	const limit = 20
	f := programme.PilotFilter{Tool: q.Get("tool"), Industry: q.Get("industry"), Province: q.Get("province"),
		Offset: (page - 1) * limit, Limit: limit}
	ps, total, err := h.programme.Pilots(r.Context(), f)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	names := h.resToolNames(r)
	p := &resPilotsPage{Pager: newPager(r, page, limit, total), Provinces: h.provinceOptions(f.Province)}
	for _, x := range ps {
		p.Rows = append(p.Rows, resPilotRow{Href: pilotHref(x.ID), Title: x.Title, Enterprise: x.EnterpriseName,
			Province: h.provinceName(x.ProvinceCode), Industry: resIndustry(lang, x.Industry), Tools: resTools(names, x.Tools),
			Replications: vn.Int(int64(x.Replications))})
	}
	codes := make([]string, 0, len(names))
	for c := range names {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int { return strings.Compare(vn.Fold(names[a]), vn.Fold(names[b])) })
	for _, c := range codes {
		p.Tools = append(p.Tools, option{Value: c, Label: names[c], Selected: c == f.Tool})
	}
	for _, i := range registry.Industries {
		p.Industries = append(p.Industries, option{Value: string(i), Label: i.Label().In(lang), Selected: string(i) == f.Industry})
	}
	return h.render(w, r, http.StatusOK, "programme_results_pilots", text("res.pilots_title"), p)
}

type resPilotPage struct {
	Layout
	Row          resPilotRow
	Summary      string
	KPIs         []resKPIResultRow
	Overall      string
	Tree         string
	Confirmed    string
	CanReplicate bool
	NewHref      string
	RepsText     string
	Names        []string // the tree as text, indented by level
}

// resTreeNames writes the tree under n as lines indented by level.
func resTreeNames(n *programme.TreeNode, level int, prov func(string) string, out []string) []string {
	for _, c := range n.Children {
		label := c.Name
		if c.Province != "" {
			label += " (" + prov(c.Province) + ")"
		}
		out = append(out, strings.Repeat("— ", level+1)+label)
		out = resTreeNames(c, level+1, prov, out)
	}
	return out
}

func (h *Handler) handlePilot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lang := h.lang(r)
	v, err := h.programme.Pilot(r.Context(), programme.ActivityID(id), lang)
	if err != nil {
		return err
	}
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	names := h.resToolNames(r)
	x := v.Pilot
	p := &resPilotPage{Row: resPilotRow{Href: pilotHref(x.ID), Title: x.Title, Enterprise: x.EnterpriseName, Province: h.provinceName(x.ProvinceCode),
		Industry: resIndustry(lang, x.Industry), Tools: resTools(names, x.Tools), Replications: vn.Int(int64(x.Replications))},
		Summary: x.Summary, Overall: resPct(v.Overall), Confirmed: vn.Int(int64(v.Confirmed)), CanReplicate: v.CanReplicate,
		NewHref: "/replications/new?pilot=" + strconv.FormatInt(int64(x.ID), 10)}
	for _, k := range v.KPIs {
		name, unit := resKPIName(lang, defs, k.Code)
		row := resKPIResultRow{Name: name, Unit: unit, Baseline: resNum(k.Baseline), Target: resNum(k.Target), Improvement: resPct(k.Improvement),
			Reached: k.Reached, HasActual: true, Verified: true}
		row.Actual = resNum(*k.Actual)
		p.KPIs = append(p.KPIs, row)
	}
	p.RepsText = fmtText(text("res.pilot_reps"), "{n}", vn.Int(int64(x.Replications)), "{c}", vn.Int(int64(v.Confirmed))).In(lang)
	if v.Tree.Size() > 0 {
		p.Names = resTreeNames(v.Tree, 0, h.provinceName, nil)
		p.Tree = resTreeOption(v.Tree, lang, h.provinceName)
		p.Charts = true
	}
	return h.render(w, r, http.StatusOK, "programme_results_pilot", fault.Text{Vi: x.Title, En: x.Title}, p)
}
