package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// ---- calls ----

type setupCallsPage struct {
	Layout
	Open      []callRow
	Drafts    []callRow
	Closed    []callRow
	CanNew    bool
	Tracks    []option
	Types     []option
	Provinces []option
	Statuses  []option
	Filtered  bool
	XLSX      string // the download of the list under its filters
}

// callQuery reads the filters of /calls (and of its XLSX download).
func (h *Handler) callQuery(r *http.Request) programme.CallQuery {
	qs := r.URL.Query()
	q := programme.CallQuery{Track: programme.Track(qs.Get("track")), Type: programme.ActivityType(qs.Get("type")),
		Province: qs.Get("province"), Status: programme.CallStatus(qs.Get("status"))}
	if !q.Track.Valid() {
		q.Track = ""
	}
	if !q.Type.Valid() {
		q.Type = ""
	}
	if _, ok := h.geo.Province(q.Province); !ok {
		q.Province = ""
	}
	return q
}

func (h *Handler) handleCalls(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := auth.ActorFrom(ctx)
	lang := h.lang(r)
	q := h.callQuery(r)
	calls, err := h.programme.Calls(ctx, q)
	if err != nil {
		return err
	}
	now := h.programme.CallNow()
	p := &setupCallsPage{CanNew: auth.Can(a, auth.ActProgrammeRun), Filtered: q != programme.CallQuery{}, XLSX: xlsxHref("/calls.xlsx", r.URL.Query())}
	for _, c := range calls {
		row := h.callRow(lang, c, now)
		switch c.Status {
		case programme.CallOpen:
			p.Open = append(p.Open, row)
		case programme.CallDraft:
			p.Drafts = append(p.Drafts, row)
		default:
			p.Closed = append(p.Closed, row)
		}
	}
	for _, t := range programme.Tracks {
		p.Tracks = append(p.Tracks, option{Value: string(t), Label: t.Label().In(lang), Selected: t == q.Track})
	}
	for _, t := range programme.ActivityTypes {
		p.Types = append(p.Types, option{Value: string(t), Label: t.Label().In(lang), Selected: t == q.Type})
	}
	p.Provinces = h.provinceOptions(q.Province)
	sts := []programme.CallStatus{programme.CallOpen, programme.CallClosed}
	if p.CanNew {
		sts = append(sts, programme.CallDraft)
	}
	for _, st := range sts {
		p.Statuses = append(p.Statuses, option{Value: string(st), Label: programme.CallStatusLabel(st).In(lang), Selected: st == q.Status})
	}
	return h.render(w, r, http.StatusOK, "programme_setup_calls", text("setup.calls_title"), p)
}

type setupCallPage struct {
	Layout
	Call        callRow
	Description string
	Types       []string
	Industries  []string
	Provinces   []string
	MaxBudget   int64
	Version     int
	Rules       []string // the track's eligibility rules in force at the opening
	RulesFrom   time.Time
	RulesNote   string
	NoRules     bool // the capacity track: no enterprise eligibility rules
	CanEdit     bool
	CanOpen     bool
	CanClose    bool
	CanPropose  bool
	ProposeHref string
	Accepting   bool
}

// ruleLines writes a track's rules as sentences in lang.
func ruleLines(lang string, r *registry.TrackRules) []string {
	var out []string
	add := func(t fault.Text, pairs ...string) { out = append(out, fmtText(t, pairs...).In(lang)) }
	add(text("setup.rule_counterpart"), "{min}", vn.Decimal(r.MinCounterpartPct, 0), "{max}", vn.Decimal(r.MaxCounterpartPct, 0))
	if r.RequireSME {
		add(text("setup.rule_sme"))
	}
	if r.RequirePriorityIndustry {
		add(text("setup.rule_priority"))
	}
	if r.MinImprovementYears > 0 {
		add(text("setup.rule_years"), "{n}", strconv.Itoa(r.MinImprovementYears))
	}
	if r.RequireSectorSpecific {
		add(text("setup.rule_sector"))
	}
	if r.RequireReplicable {
		add(text("setup.rule_replicable"))
	}
	return out
}

func (h *Handler) handleCallShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := h.programme.Call(ctx, programme.CallID(id))
	if err != nil {
		return err
	}
	a := auth.ActorFrom(ctx)
	lang := h.lang(r)
	now := h.programme.CallNow()
	p := &setupCallPage{Call: h.callRow(lang, c, now), Description: c.Description, MaxBudget: c.MaxStateBudget, Version: c.Version,
		Accepting: c.AcceptsAt(now)}
	for _, t := range c.Types {
		p.Types = append(p.Types, t.Label().In(lang))
	}
	for _, i := range c.Industries {
		p.Industries = append(p.Industries, registry.Industry(i).Label().In(lang))
	}
	for _, pr := range c.Provinces {
		p.Provinces = append(p.Provinces, h.provinceName(pr))
	}
	rules, set, err := h.programme.CallRules(ctx, c)
	switch {
	case err != nil && !fault.Is(err, fault.NotFound):
		return err
	case rules != nil:
		p.Rules = ruleLines(lang, rules)
		p.RulesFrom, _ = time.ParseInLocation("2006-01-02", set.EffectiveFrom, vn.Zone)
		p.RulesNote = set.Note
	case c.Track == programme.TrackCapacity:
		p.NoRules = true
	}
	run := h.programme.MayRun(ctx, c.ProvinceCode) && !a.IsAnonymous()
	p.CanEdit = run && c.Status != programme.CallClosed
	p.CanOpen = run && c.Status == programme.CallDraft
	p.CanClose = run && c.Status == programme.CallOpen
	p.CanPropose = auth.Can(a, auth.ActProposalSubmit) && p.Accepting
	p.ProposeHref = "/activities/new?call=" + strconv.FormatInt(int64(c.ID), 10)
	return h.render(w, r, http.StatusOK, "programme_setup_call", fault.Text{Vi: c.Code + " · " + c.Title, En: c.Code + " · " + c.Title}, p)
}

func (h *Handler) callTransition(w http.ResponseWriter, r *http.Request, move func(r *http.Request, id programme.CallID, version int) error, flash fault.Text) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	if err := move(r, programme.CallID(id), version); err != nil {
		if !isFormError(err) {
			return err
		}
		h.flash(r.Context(), "error", fault.MessageOf(err))
		redirect(w, r, callHref(programme.CallID(id)))
		return nil
	}
	h.flash(r.Context(), "success", flash)
	redirect(w, r, callHref(programme.CallID(id)))
	return nil
}

func (h *Handler) handleCallOpen(w http.ResponseWriter, r *http.Request) error {
	return h.callTransition(w, r, func(r *http.Request, id programme.CallID, v int) error {
		_, err := h.programme.OpenCall(r.Context(), id, v)
		return err
	}, text("setup.flash_call_opened"))
}

func (h *Handler) handleCallClose(w http.ResponseWriter, r *http.Request) error {
	return h.callTransition(w, r, func(r *http.Request, id programme.CallID, v int) error {
		_, err := h.programme.CloseCall(r.Context(), id, v)
		return err
	}, text("setup.flash_call_closed"))
}

// setupCallFormPage creates or edits a call.
type setupCallFormPage struct {
	Layout
	Form         formErrors
	New          bool
	OpenOnly     bool // an open call: only the description and the deadline change
	ID           programme.CallID
	Action       string
	Cancel       string
	Version      int
	Code         string
	Title        string
	Description  string
	Unit         string
	UnitOpts     []option
	ProvincesOK  bool // the ministry's calls choose the provinces they are open to
	Tracks       []option
	TrackLabel   string
	Types        []option
	Industries   []option
	Provinces    []option
	MaxBudget    string
	OpensDate    string
	OpensTime    string
	DeadlineDate string
	DeadlineTime string
}

// callFormValues is the call form as typed (kept to show it again).
type callFormValues struct {
	in                                      programme.CallInput
	maxBudget, opensD, opensT, deadD, deadT string
}

func (h *Handler) callFormPage(lang string, a *auth.Actor, v callFormValues, fe formErrors) *setupCallFormPage {
	p := &setupCallFormPage{Form: fe, Code: v.in.Code, Title: v.in.Title, Description: v.in.Description, MaxBudget: v.maxBudget,
		OpensDate: v.opensD, OpensTime: v.opensT, DeadlineDate: v.deadD, DeadlineTime: v.deadT}
	for _, t := range programme.Tracks {
		p.Tracks = append(p.Tracks, option{Value: string(t), Label: t.Label().In(lang), Selected: t == v.in.Track})
	}
	for _, t := range programme.ActivityTypes {
		var tracks []string
		for _, tr := range programme.Tracks {
			if slices.Contains(programme.TrackTypes(tr), t) {
				tracks = append(tracks, tr.Label().In(lang))
			}
		}
		p.Types = append(p.Types, option{Value: string(t), Label: t.Label().In(lang) + " (" + strings.Join(tracks, ", ") + ")",
			Selected: slices.Contains(v.in.Types, t)})
	}
	for _, i := range registry.Industries {
		p.Industries = append(p.Industries, option{Value: string(i), Label: i.Label().In(lang), Selected: slices.Contains(v.in.Industries, string(i))})
	}
	for _, pr := range h.geo.Provinces {
		p.Provinces = append(p.Provinces, option{Value: pr.Code, Label: pr.Short, Selected: slices.Contains(v.in.Provinces, pr.Code)})
	}
	if a.Role == auth.RoleProvince {
		p.Unit = h.provinceName(a.ProvinceCode)
	} else {
		p.UnitOpts = append([]option{{Value: "", Label: text("setup.unit_ministry").In(lang), Selected: v.in.ProvinceCode == ""}},
			h.provinceOptions(v.in.ProvinceCode)...)
		p.ProvincesOK = true
	}
	return p
}

// callForm reads the call form; the dates are dd/mm/yyyy and HH:MM in
// Vietnam's time.
func callForm(r *http.Request) (callFormValues, fault.Fields) {
	v := callFormValues{maxBudget: formValue(r, "max_state_budget"), opensD: formValue(r, "opens_date"), opensT: formValue(r, "opens_time"),
		deadD: formValue(r, "deadline_date"), deadT: formValue(r, "deadline_time")}
	v.in = programme.CallInput{ProvinceCode: formValue(r, "province_code"), Code: formValue(r, "code"), Title: formValue(r, "title"),
		Description: formValue(r, "description"), Track: programme.Track(formValue(r, "track")), Industries: r.PostForm["industries"],
		Provinces: r.PostForm["provinces"]}
	for _, t := range r.PostForm["types"] {
		v.in.Types = append(v.in.Types, programme.ActivityType(t))
	}
	bad := fault.Fields{}
	if n, ok := parseWhole(v.maxBudget); ok {
		v.in.MaxStateBudget = n
	} else {
		bad.Add("max_state_budget", "Nhập số tiền bằng số nguyên (đồng), ví dụ 500.000.000.", "Enter a whole number of đồng, e.g. 500.000.000.")
	}
	var ok bool
	if v.in.OpensAt, ok = dateTimeOf(v.opensD, v.opensT, "08:00"); !ok && v.opensD != "" {
		bad.Add("opens_at", "Ngày giờ không hợp lệ: ngày dd/mm/yyyy, giờ HH:MM.", "Not a valid date and time: dd/mm/yyyy and HH:MM.")
	}
	if v.in.Deadline, ok = dateTimeOf(v.deadD, v.deadT, "17:00"); !ok && v.deadD != "" {
		bad.Add("deadline", "Ngày giờ không hợp lệ: ngày dd/mm/yyyy, giờ HH:MM.", "Not a valid date and time: dd/mm/yyyy and HH:MM.")
	}
	return v, bad
}

// dateTimeOf reads a date (dd/mm/yyyy) and a time (HH:MM, def when empty)
// in Vietnam's zone; the zero time and false when they do not parse.
func dateTimeOf(date, clock, def string) (time.Time, bool) {
	if date == "" {
		return time.Time{}, false
	}
	d, err := vn.ParseDate(date)
	if err != nil {
		return time.Time{}, false
	}
	if clock == "" {
		clock = def
	}
	c, err := time.Parse("15:04", clock)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, vn.Zone), true
}

func callValues(c *programme.Call) callFormValues {
	v := callFormValues{in: programme.CallInput{ProvinceCode: c.ProvinceCode, Code: c.Code, Title: c.Title, Description: c.Description,
		Track: c.Track, Types: c.Types, Industries: c.Industries, Provinces: c.Provinces, MaxStateBudget: c.MaxStateBudget,
		OpensAt: c.OpensAt, Deadline: c.Deadline}}
	if c.MaxStateBudget != 0 {
		v.maxBudget = vn.Int(c.MaxStateBudget)
	}
	v.opensD, v.opensT = vn.Date(c.OpensAt), c.OpensAt.In(vn.Zone).Format("15:04")
	v.deadD, v.deadT = vn.Date(c.Deadline), c.Deadline.In(vn.Zone).Format("15:04")
	return v
}

func (h *Handler) renderCallNew(w http.ResponseWriter, r *http.Request, status int, v callFormValues, fe formErrors) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActProgrammeRun) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("setup.officers_only")}
	}
	p := h.callFormPage(h.lang(r), a, v, fe)
	p.New, p.Action, p.Cancel = true, "/calls", "/calls"
	return h.render(w, r, status, "programme_setup_call_form", text("setup.call_new_title"), p)
}

func (h *Handler) handleCallNew(w http.ResponseWriter, r *http.Request) error {
	now := h.programme.CallNow().In(vn.Zone)
	v := callFormValues{opensT: "08:00", deadT: "17:00", opensD: vn.Date(now.AddDate(0, 0, 7)), deadD: vn.Date(now.AddDate(0, 2, 7))}
	return h.renderCallNew(w, r, http.StatusOK, v, formErrors{})
}

func (h *Handler) handleCallCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := officer(r); err != nil {
		return err
	}
	v, bad := callForm(r)
	keep := v
	var err error
	var c *programme.Call
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		c, err = h.programme.CreateCall(r.Context(), v.in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderCallNew(w, r, formStatus(err), keep, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("setup.flash_call_created"))
	redirect(w, r, callHref(c.ID))
	return nil
}

func (h *Handler) renderCallEdit(w http.ResponseWriter, r *http.Request, status int, id programme.CallID, v *callFormValues, fe formErrors) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	c, err := h.programme.Call(r.Context(), id)
	if err != nil {
		return err
	}
	if !h.programme.MayRun(r.Context(), c.ProvinceCode) || c.Status == programme.CallClosed {
		return &fault.Error{Kind: fault.Forbidden, Message: text("setup.call_not_editable")}
	}
	vals := callValues(c)
	if v != nil {
		if c.Status == programme.CallOpen {
			vals.in.Description, vals.deadD, vals.deadT = v.in.Description, v.deadD, v.deadT
		} else {
			vals = *v
		}
	}
	p := h.callFormPage(h.lang(r), a, vals, fe)
	p.ID, p.Version, p.Action, p.Cancel = c.ID, c.Version, callHref(c.ID), callHref(c.ID)
	p.OpenOnly = c.Status == programme.CallOpen
	p.TrackLabel = c.Track.Label().In(h.lang(r))
	p.Unit, p.UnitOpts, p.ProvincesOK = h.unitName(h.lang(r), c.ProvinceCode), nil, c.ProvinceCode == ""
	return h.render(w, r, status, "programme_setup_call_form", fault.Text{Vi: "Sửa đợt " + c.Code, En: "Edit call " + c.Code}, p)
}

func (h *Handler) handleCallEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderCallEdit(w, r, http.StatusOK, programme.CallID(id), nil, formErrors{})
}

func (h *Handler) handleCallUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := h.programme.Call(ctx, programme.CallID(id))
	if err != nil {
		return err
	}
	v, bad := callForm(r)
	if c.Status == programme.CallOpen {
		// Only the description and the deadline come from the form.
		full := callValues(c)
		full.in.Description, full.in.Deadline, full.deadD, full.deadT = v.in.Description, v.in.Deadline, v.deadD, v.deadT
		if bad["deadline"].Vi == "" {
			bad = fault.Fields{}
		} else {
			bad = fault.Fields{"deadline": bad["deadline"]}
		}
		v = full
	}
	keep := v
	version, _ := strconv.Atoi(formValue(r, "version"))
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.programme.UpdateCall(ctx, c.ID, version, v.in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderCallEdit(w, r, formStatus(err), c.ID, &keep, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(ctx, "success", text("setup.flash_call_saved"))
	redirect(w, r, callHref(c.ID))
	return nil
}
