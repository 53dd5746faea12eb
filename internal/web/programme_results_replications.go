package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
)

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
