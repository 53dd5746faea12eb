package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/spc"
)

// The quality monitoring (SPC) workspace pages. Routes are registered by
// registerQuality when the handler has the quality service.

func (h *Handler) registerQuality(mux Router) {
	if h.quality == nil {
		return
	}
	h.handle(mux, "GET /quality", h.handleQualityHome)
	h.handle(mux, "POST /quality/sharing", h.handleQualitySharing)
	h.handle(mux, "GET /quality/enterprises/{id}", h.handleQualityEnterprise)
	h.handle(mux, "GET /quality/alerts", h.handleQualityAlerts)
	h.handle(mux, "POST /quality/alerts/read", h.handleQualityAlertsRead)
	h.handle(mux, "GET /quality/processes/new", h.handleQualityProcessNew)
	h.handle(mux, "POST /quality/processes", h.handleQualityProcessCreate)
	h.handle(mux, "GET /quality/processes/{id}", h.handleQualityProcessShow)
	h.handle(mux, "GET /quality/characteristics/new", h.handleQualityCharNew)
	h.handle(mux, "POST /quality/characteristics", h.handleQualityCharCreate)
	h.handle(mux, "GET /quality/characteristics/{id}", h.handleQualityCharShow)
	h.handle(mux, "GET /quality/characteristics/{id}/chart.json", h.handleQualityChartJSON)
	h.handle(mux, "GET /quality/characteristics/{id}/capability", h.handleQualityCapability)
	h.handle(mux, "GET /quality/characteristics/{id}/capability.json", h.handleQualityCapabilityJSON)
	h.handle(mux, "GET /quality/characteristics/{id}/export.xlsx", h.handleQualityExport)
	h.handle(mux, "POST /quality/characteristics/{id}/measurements", h.handleQualityMeasurements)
	h.handle(mux, "POST /quality/characteristics/{id}/upload", h.handleQualityUpload)
	h.handle(mux, "POST /quality/characteristics/{id}/annotations", h.handleQualityAnnotation)
	h.handle(mux, "GET /quality/processes/{id}/edit", h.handleQualityProcessEdit)
	h.handle(mux, "POST /quality/processes/{id}", h.handleQualityProcessUpdate)
	h.handle(mux, "POST /quality/processes/{id}/active", h.handleQualityProcessActive)
	h.handle(mux, "GET /quality/characteristics/{id}/edit", h.handleQualityCharEdit)
	h.handle(mux, "POST /quality/characteristics/{id}", h.handleQualityCharUpdate)
	h.handle(mux, "POST /quality/characteristics/{id}/active", h.handleQualityCharActive)
	h.handle(mux, "GET /quality/characteristics/{id}/report.pdf", h.handleQualityReportPDF)
}

// num formats a number for the pages: up to 6 significant digits.
func num(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// qualityBase has the number helpers every quality page uses.
type qualityBase struct{}

// F formats a number.
func (qualityBase) F(v float64) string { return num(v) }

// FP formats an optional number ("—" when unset).
func (qualityBase) FP(v *float64) string {
	if v == nil {
		return "—"
	}
	return num(*v)
}

// Pct is a fraction as a whole percentage (0.95 → 95).
func (qualityBase) Pct(v float64) int { return int(math.Round(v * 100)) }

// qualityHomePage is the enterprise's workspace, or for officers the
// aggregate indicators (Aggregate set) or a shared workspace.
type qualityHomePage struct {
	Layout
	qualityBase
	Workspace      *quality.Workspace
	EnterpriseName string
	Aggregate      *quality.Aggregate
	Provinces      []provinceRow
	Enterprises    []enterpriseRow
	ShowProvinces  bool
}

type provinceRow struct {
	quality.ProvinceSummary
	Name string
}

type enterpriseRow struct {
	quality.EnterpriseSummary
	Province string
	CanView  bool
}

func (h *Handler) handleQualityHome(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := &qualityHomePage{}
	if auth.Can(a, auth.ActQualityManage) {
		if p.Workspace, err = h.quality.FindWorkspace(ctx, 0); err != nil {
			return err
		}
		p.EnterpriseName = h.enterpriseName(r, p.Workspace.EnterpriseID)
		return h.render(w, r, http.StatusOK, "quality_home", text("quality.title"), p)
	}
	if p.Aggregate, err = h.quality.FindAggregate(ctx); err != nil {
		return err
	}
	p.ShowProvinces = a.ProvinceCode == ""
	for _, s := range p.Aggregate.Provinces {
		p.Provinces = append(p.Provinces, provinceRow{ProvinceSummary: s, Name: h.geo.Name(s.ProvinceCode)})
	}
	for _, e := range p.Aggregate.Enterprises {
		p.Enterprises = append(p.Enterprises, enterpriseRow{EnterpriseSummary: e, Province: h.geo.Name(e.ProvinceCode),
			CanView: e.Shared && quality.CanViewShared(ctx, e.ProvinceCode, e.EnterpriseID)})
	}
	return h.render(w, r, http.StatusOK, "quality_home", text("quality.aggregate_title"), p)
}

// enterpriseName returns an enterprise's name, or "" (for the heading).
func (h *Handler) enterpriseName(r *http.Request, id int64) string {
	if h.registry == nil || id == 0 {
		return ""
	}
	e, err := h.registry.FindEnterpriseByID(auth.SystemContext(r.Context()), registry.EnterpriseID(id))
	if err != nil {
		return ""
	}
	return e.Name
}

func (h *Handler) handleQualityEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p := &qualityHomePage{}
	if p.Workspace, err = h.quality.FindWorkspace(r.Context(), id); err != nil {
		return err
	}
	p.EnterpriseName = h.enterpriseName(r, id)
	return h.render(w, r, http.StatusOK, "quality_home", text("quality.title"), p)
}

func (h *Handler) handleQualitySharing(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	shared := formValue(r, "shared") == "1"
	if err := h.quality.SetSharing(r.Context(), shared); err != nil {
		return err
	}
	msg := text("quality.flash_unshared")
	if shared {
		msg = text("quality.flash_shared")
	}
	h.flash(r.Context(), "success", msg)
	redirect(w, r, "/quality")
	return nil
}

// qualityAlertsPage lists alerts.
type qualityAlertsPage struct {
	Layout
	qualityBase
	Alerts []alertRow
	Pager  Pager
	Unread int
}

type alertRow struct {
	*quality.Alert
	RuleText string
}

func (h *Handler) alertRows(lang string, as []*quality.Alert) []alertRow {
	out := make([]alertRow, len(as))
	for i, a := range as {
		out[i] = alertRow{Alert: a, RuleText: quality.RuleText(a.Rule).In(lang)}
	}
	return out
}

func (h *Handler) handleQualityAlerts(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	if !quality.CanManage(ctx) {
		return fault.New(fault.Forbidden, "Chỉ doanh nghiệp có cảnh báo.", "Only enterprises have alerts.")
	}
	page := pageParam(r.URL.Query())
	const limit = 50
	as, total, err := h.quality.FindAlerts(ctx, quality.AlertFilter{Offset: (page - 1) * limit, Limit: limit})
	if err != nil {
		return err
	}
	p := &qualityAlertsPage{Alerts: h.alertRows(h.lang(r), as), Pager: newPager(r, page, limit, total)}
	if p.Unread, err = h.quality.UnreadAlerts(ctx); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "quality_alerts", text("quality.alerts_title"), p)
}

func (h *Handler) handleQualityAlertsRead(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var ids []quality.AlertID
	if v := formValue(r, "id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return badRequest(err)
		}
		ids = append(ids, quality.AlertID(id))
	}
	if _, err := h.quality.MarkAlertsRead(r.Context(), ids); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("quality.flash_read"))
	next := formValue(r, "next")
	if !isLocalPath(next) || !strings.HasPrefix(next, "/quality") {
		next = "/quality/alerts"
	}
	redirect(w, r, next)
	return nil
}

// qualityProcessFormPage is the new-process form, or with Edit the form
// that changes Process and takes it out of (or back into) use.
type qualityProcessFormPage struct {
	Layout
	formErrors
	Process quality.Process
	Edit    bool
}

func requireQualityManage(r *http.Request) error {
	if !quality.CanManage(r.Context()) {
		return fault.New(fault.Forbidden, "Chỉ người dùng doanh nghiệp quản lý quá trình và đặc tính.",
			"Only enterprise users manage processes and characteristics.")
	}
	return nil
}

func (h *Handler) handleQualityProcessNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := requireQualityManage(r); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "quality_process_form", text("quality.process_new"), &qualityProcessFormPage{})
}

func (h *Handler) handleQualityProcessCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	p := quality.Process{Name: formValue(r, "name"), Line: formValue(r, "line"), Description: formValue(r, "description")}
	if err := h.quality.CreateProcess(r.Context(), &p); err != nil {
		if !isFormError(err) {
			return err
		}
		status, _ := statusOf(err)
		return h.render(w, r, status, "quality_process_form", text("quality.process_new"),
			&qualityProcessFormPage{Process: p, formErrors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("quality.flash_process_created"))
	redirect(w, r, "/quality/processes/"+strconv.FormatInt(int64(p.ID), 10))
	return nil
}

// qualityProcessPage shows a process and its characteristics.
type qualityProcessPage struct {
	Layout
	qualityBase
	Process         *quality.Process
	Characteristics []*quality.Characteristic
	CanManage       bool
}

func (h *Handler) handleQualityProcessShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := &qualityProcessPage{}
	if p.Process, err = h.quality.FindProcessByID(ctx, quality.ProcessID(id)); err != nil {
		return err
	}
	if p.Characteristics, err = h.quality.FindCharacteristics(ctx, 0, p.Process.ID); err != nil {
		return err
	}
	p.CanManage = h.quality.CanWrite(ctx, p.Process.EnterpriseID)
	return h.render(w, r, http.StatusOK, "quality_process", fault.Text{Vi: p.Process.Name, En: p.Process.Name}, p)
}

// qualityCharFormPage is the new-characteristic form, or with Char the
// form that changes it (HasData: it has measurements, so the subgroup
// size is fixed and ChartTypes holds the charts its data fit).
type qualityCharFormPage struct {
	Layout
	formErrors
	Process    *quality.Process
	Char       *quality.Characteristic
	HasData    bool
	Form       charForm
	ChartTypes []string
	RuleSets   []string
}

type charForm struct {
	Name, Unit, LSL, USL, Target, SubgroupSize, Chart, Rules, SamplingPlan string
}

func (h *Handler) handleQualityCharNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := requireQualityManage(r); err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(r.URL.Query().Get("process"), 10, 64)
	proc, err := h.quality.FindProcessByID(r.Context(), quality.ProcessID(pid))
	if err != nil {
		return err
	}
	p := &qualityCharFormPage{Process: proc, ChartTypes: quality.Charts, RuleSets: quality.RuleSets,
		Form: charForm{SubgroupSize: "5", Chart: spc.ChartXbarR, Rules: spc.RulesWesternElectric}}
	return h.render(w, r, http.StatusOK, "quality_char_form", text("quality.char_new"), p)
}

// optFloat parses an optional number field ("" is nil), accepting a
// decimal comma.
func optFloat(f fault.Fields, name, v string) *float64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil {
		f.Add(name, "Vui lòng nhập một số.", "Please enter a number.")
		return nil
	}
	return &x
}

func (h *Handler) handleQualityCharCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	form := readCharForm(r)
	pid, _ := strconv.ParseInt(formValue(r, "process"), 10, 64)
	proc, err := h.quality.FindProcessByID(ctx, quality.ProcessID(pid))
	if err != nil {
		return err
	}
	f := fault.Fields{}
	u := form.settings(f)
	c := &quality.Characteristic{ProcessID: proc.ID, Name: u.Name, Unit: u.Unit, Chart: u.Chart, Rules: u.Rules,
		SamplingPlan: u.SamplingPlan, LSL: u.LSL, USL: u.USL, Target: u.Target, SubgroupSize: u.SubgroupSize}
	err = f.Err()
	if err == nil {
		err = h.quality.CreateCharacteristic(ctx, c)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		status, _ := statusOf(err)
		return h.render(w, r, status, "quality_char_form", text("quality.char_new"), &qualityCharFormPage{Process: proc,
			ChartTypes: quality.Charts, RuleSets: quality.RuleSets, Form: form, formErrors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(ctx, "success", text("quality.flash_char_created"))
	redirect(w, r, "/quality/characteristics/"+strconv.FormatInt(int64(c.ID), 10))
	return nil
}

// qualityCharPage is a characteristic's chart, forms and alerts.
type qualityCharPage struct {
	Layout
	qualityBase
	Char      *quality.Characteristic
	Process   *quality.Process
	Chart     *quality.Chart
	CanManage bool
	Alerts    []alertRow
	Windows   []int
	Entry     formErrors // the subgroup form
	Upload    formErrors
	Note      formErrors // the annotation form
	EntryForm struct{ Label, Values, Count, Size string }
	Points    []pointOption // for the annotation form, newest first
	Violated  int
}

type pointOption struct {
	Seq   int64
	Text  string
	Alert bool
}

// WindowQuery returns the query string keeping the window, or "".
func (p *qualityCharPage) WindowQuery() string {
	if p.Chart == nil || p.Chart.Window == quality.DefaultWindow {
		return ""
	}
	return "?window=" + strconv.Itoa(p.Chart.Window)
}

func windowParam(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("window"))
	return n
}

// charPage loads the characteristic page.
func (h *Handler) charPage(r *http.Request, id int64) (*qualityCharPage, error) {
	ctx := r.Context()
	ch, err := h.quality.FindChart(ctx, quality.CharacteristicID(id), windowParam(r))
	if err != nil {
		return nil, err
	}
	p := &qualityCharPage{Chart: ch, Char: ch.Characteristic, Windows: []int{25, 50, 100, 200, 500}}
	if p.Process, err = h.quality.FindProcessByID(ctx, p.Char.ProcessID); err != nil {
		return nil, err
	}
	p.CanManage = h.quality.CanWrite(ctx, p.Char.EnterpriseID)
	if p.CanManage {
		as, _, err := h.quality.FindAlerts(ctx, quality.AlertFilter{CharacteristicID: p.Char.ID, Limit: 10})
		if err != nil {
			return nil, err
		}
		p.Alerts = h.alertRows(h.lang(r), as)
	}
	lang := h.lang(r)
	for i := len(ch.Points) - 1; i >= 0; i-- {
		pt := ch.Points[i]
		t := "#" + strconv.Itoa(pt.Number) + " — " + pt.Label + " — " + num(pt.Value)
		if len(pt.Violations) > 0 {
			p.Violated++
			t = "⚠ " + t + " (" + quality.RuleText(pt.Violations[0]).In(lang) + ")"
		}
		p.Points = append(p.Points, pointOption{Seq: pt.Seq, Text: t, Alert: len(pt.Violations) > 0})
	}
	return p, nil
}

func (h *Handler) handleQualityCharShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, err := h.charPage(r, id)
	if err != nil {
		return err
	}
	p.Charts = true
	return h.render(w, r, http.StatusOK, "quality_char", fault.Text{Vi: p.Char.Name, En: p.Char.Name}, p)
}

// renderCharError shows the characteristic page again with a form's errors.
func (h *Handler) renderCharError(w http.ResponseWriter, r *http.Request, id int64, err error, set func(p *qualityCharPage, fe formErrors)) error {
	if !isFormError(err) {
		return err
	}
	p, perr := h.charPage(r, id)
	if perr != nil {
		return perr
	}
	p.Charts = true
	set(p, newFormErrors(h.lang(r), err, nil))
	status, _ := statusOf(err)
	return h.render(w, r, status, "quality_char", fault.Text{Vi: p.Char.Name, En: p.Char.Name}, p)
}

// splitNumbers parses numbers separated by spaces, new lines or
// semicolons, each with a decimal point or comma.
func splitNumbers(s string) ([]float64, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	out := make([]float64, 0, len(fields))
	for _, f := range fields {
		v, err := strconv.ParseFloat(strings.Replace(f, ",", ".", 1), 64)
		if err != nil {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

func charURL(id int64) string { return "/quality/characteristics/" + strconv.FormatInt(id, 10) }

func (h *Handler) handleQualityMeasurements(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	in := quality.SubgroupInput{Label: formValue(r, "label")}
	f := fault.Fields{}
	if v := formValue(r, "values"); v != "" || formValue(r, "count") == "" {
		vals, ok := splitNumbers(v)
		if !ok {
			f.Add("values", "Các giá trị phải là số, cách nhau bằng dấu cách.", "The values must be numbers separated by spaces.")
		}
		in.Values = vals
	} else {
		if c := optFloat(f, "count", formValue(r, "count")); c != nil {
			in.Count = *c
		}
		if s := optFloat(f, "size", formValue(r, "size")); s != nil {
			in.Size = *s
		}
	}
	err = f.Err()
	var res *quality.Ingested
	if err == nil {
		res, err = h.quality.AddSubgroup(ctx, quality.CharacteristicID(id), in)
	}
	if err != nil {
		return h.renderCharError(w, r, id, err, func(p *qualityCharPage, fe formErrors) {
			p.Entry = fe
			p.EntryForm.Label, p.EntryForm.Values = in.Label, formValue(r, "values")
			p.EntryForm.Count, p.EntryForm.Size = formValue(r, "count"), formValue(r, "size")
		})
	}
	h.flashIngested(r, res)
	redirect(w, r, charURL(id))
	return nil
}

// flashIngested tells what was stored and how many alerts it raised.
func (h *Handler) flashIngested(r *http.Request, res *quality.Ingested) {
	t := text("quality.flash_stored")
	msg := fault.Text{Vi: strings.ReplaceAll(t.Vi, "{n}", strconv.Itoa(res.Count)), En: strings.ReplaceAll(t.En, "{n}", strconv.Itoa(res.Count))}
	kind := "success"
	if n := len(res.Alerts); n > 0 {
		a := text("quality.flash_alerts")
		msg.Vi += " " + strings.ReplaceAll(a.Vi, "{n}", strconv.Itoa(n))
		msg.En += " " + strings.ReplaceAll(a.En, "{n}", strconv.Itoa(n))
		kind = "error"
	}
	h.flash(r.Context(), kind, msg)
}

// maxUpload caps an uploaded measurement file.
const maxUpload = 16 << 20

func (h *Handler) handleQualityUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large"), err: err}
		}
		return h.renderCharError(w, r, id, (&fault.Error{Kind: fault.Invalid, Message: text("quality.upload_missing")}).
			Field("file", text("quality.upload_missing").Vi, text("quality.upload_missing").En), func(p *qualityCharPage, fe formErrors) { p.Upload = fe })
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.renderCharError(w, r, id, (&fault.Error{Kind: fault.Invalid, Message: text("quality.upload_missing")}).
			Field("file", text("quality.upload_missing").Vi, text("quality.upload_missing").En), func(p *qualityCharPage, fe formErrors) { p.Upload = fe })
	}
	defer file.Close()
	res, err := h.quality.Upload(r.Context(), quality.CharacteristicID(id), hdr.Filename, file)
	if err != nil {
		return h.renderCharError(w, r, id, err, func(p *qualityCharPage, fe formErrors) { p.Upload = fe })
	}
	h.flashIngested(r, res)
	redirect(w, r, charURL(id))
	return nil
}

func (h *Handler) handleQualityAnnotation(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	seq, _ := strconv.ParseInt(formValue(r, "point"), 10, 64)
	an := &quality.Annotation{CharacteristicID: quality.CharacteristicID(id), PointSeq: seq, Subgroup: formValue(r, "subgroup"),
		Cause: formValue(r, "cause"), Action: formValue(r, "action")}
	if err := h.quality.AddAnnotation(r.Context(), an); err != nil {
		return h.renderCharError(w, r, id, err, func(p *qualityCharPage, fe formErrors) { p.Note = fe })
	}
	h.flash(r.Context(), "success", text("quality.flash_annotated"))
	redirect(w, r, charURL(id))
	return nil
}

// qualityCapabilityPage is the capability report.
type qualityCapabilityPage struct {
	Layout
	qualityBase
	Report  *quality.Capability
	Char    *quality.Characteristic
	Indices []indexRow
	Window  int
}

type indexRow struct {
	Name                string
	Value, Lower, Upper string
	Band                string // "ok", "warn", "danger", "" for the Cpk-like indices
}

func (h *Handler) handleQualityCapability(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	rep, err := h.quality.FindCapability(r.Context(), quality.CharacteristicID(id), windowParam(r))
	if err != nil {
		return err
	}
	p := &qualityCapabilityPage{Report: rep, Char: rep.Chart.Characteristic, Window: rep.Chart.Window}
	if k := rep.Capability; k != nil {
		for _, iv := range []struct {
			name string
			v    *spc.Interval
		}{{"Cp", k.Cp}, {"Cpk", k.Cpk}, {"Cpl", k.Cpl}, {"Cpu", k.Cpu}, {"Cpm", k.Cpm}, {"Pp", k.Pp}, {"Ppk", k.Ppk}} {
			if iv.v == nil {
				continue
			}
			band := "ok"
			switch {
			case iv.v.Value < 1:
				band = "danger"
			case iv.v.Value < 1.33:
				band = "warn"
			}
			p.Indices = append(p.Indices, indexRow{Name: iv.name, Value: num(iv.v.Value), Lower: num(iv.v.Lower), Upper: num(iv.v.Upper), Band: band})
		}
	}
	p.Charts = true
	title := text("quality.capability_title")
	return h.render(w, r, http.StatusOK, "quality_capability", fault.Text{Vi: title.Vi + " — " + p.Char.Name, En: title.En + " — " + p.Char.Name}, p)
}

func (h *Handler) handleQualityExport(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name, err := h.quality.ExportXLSX(r.Context(), quality.CharacteristicID(id), windowParam(r), &buf)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", attachment(name))
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	hd.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// writeJSON writes v as JSON (chart options).
func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fault.Internalf("web: chart JSON: %w", err)
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(b)
	return nil
}

func (h *Handler) handleQualityChartJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	ch, err := h.quality.FindChart(r.Context(), quality.CharacteristicID(id), windowParam(r))
	if err != nil {
		return err
	}
	return writeJSON(w, controlChartOption(ch, h.lang(r)))
}

func (h *Handler) handleQualityCapabilityJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	rep, err := h.quality.FindCapability(r.Context(), quality.CharacteristicID(id), windowParam(r))
	if err != nil {
		return err
	}
	return writeJSON(w, histogramOption(rep, h.lang(r)))
}

// qualityBadge returns the unread alerts of the actor's enterprise for the
// dashboard card (0 when none or not applicable).
func (h *Handler) qualityBadge(r *http.Request) int {
	if h.quality == nil {
		return 0
	}
	n, err := h.quality.UnreadAlerts(r.Context())
	if err != nil {
		return 0
	}
	return n
}

// qualityCard adds the unread alerts to the quality card of the dashboard.
func (h *Handler) qualityCard(r *http.Request, cards []Card) {
	for i := range cards {
		if cards[i].Href != "/quality" {
			continue
		}
		if n := h.qualityBadge(r); n > 0 {
			t := text("card.quality.alerts")
			cards[i].Badge = strings.ReplaceAll(t.In(h.lang(r)), "{n}", strconv.Itoa(n))
		}
	}
}
