package web

import (
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
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

// The pages of an activity from proposal to decision: the list, the
// proposal form (new and edit), the activity's page (proposal, screening,
// reviews, decision, history, and the actions the actor may take), the
// reviewer's page (declaration, rubric), attachments. The service
// authorizes; the pages only hide what the actor cannot do.

// registerActivities registers the pages of this programme area.
func (h *Handler) registerActivities(mux Router) {
	h.handle(mux, "GET /activities", h.handlePropList)
	h.handle(mux, "GET /activities.xlsx", h.handleActivitiesXLSX)
	h.handle(mux, "GET /activities/new", h.handlePropNew)
	h.handle(mux, "POST /activities", h.handlePropCreate)
	h.handle(mux, "GET /activities/{id}", h.handlePropShow)
	h.handle(mux, "GET /activities/{id}/edit", h.handlePropEdit)
	h.handle(mux, "POST /activities/{id}/edit", h.handlePropUpdate)
	h.handle(mux, "POST /activities/{id}/submit", h.handlePropSubmit)
	h.handle(mux, "POST /activities/{id}/revise", h.handlePropRevise)
	h.handle(mux, "POST /activities/{id}/withdraw", h.handlePropWithdraw)
	h.handle(mux, "POST /activities/{id}/reviewers", h.handlePropReviewers)
	h.handle(mux, "GET /activities/{id}/review", h.handlePropReview)
	h.handle(mux, "POST /activities/{id}/review/declare", h.handlePropDeclare)
	h.handle(mux, "POST /activities/{id}/review", h.handlePropScore)
	h.handle(mux, "POST /activities/{id}/decide", h.handlePropDecide)
	h.handle(mux, "POST /activities/{id}/files", h.handlePropUpload)
	h.handle(mux, "GET /activities/{id}/files/{fid}", h.handlePropFile)
	h.handle(mux, "POST /activities/{id}/files/{fid}/delete", h.handlePropFileDelete)
}

// activityPages are the page models of this programme area.
func activityPages() map[string]page {
	return map[string]page{
		"programme_activity_list":   &actListPage{},
		"programme_activity_form":   &actFormPage{},
		"programme_activity_show":   &actShowPage{},
		"programme_activity_review": &actReviewPage{},
	}
}

func actPageHref(id programme.ActivityID) string {
	return "/activities/" + strconv.FormatInt(int64(id), 10)
}

// actBadge is the badge class of a status.
func actBadge(s programme.Status) string {
	switch s {
	case programme.StatusApproved, programme.StatusInProgress, programme.StatusClosed:
		return "badge-ok"
	case programme.StatusIneligible, programme.StatusRejected:
		return "badge-danger"
	case programme.StatusSubmitted, programme.StatusInReview:
		return "badge-info"
	case programme.StatusEvaluating:
		return "badge-warn"
	}
	return "badge-muted"
}

// actRow is an activity in the list.
type actRow struct {
	Href        string
	Title       string
	Proposer    string
	Type        string
	Track       string
	Year        int
	Province    string
	Call        string
	Status      string
	StatusText  string
	Badge       string
	StateBudget int64
	CreatedAt   time.Time
}

// actCallRow is an open call the actor may propose in.
type actCallRow struct {
	Code     string
	Title    string
	Deadline string
	NewHref  string
}

// actListPage is /activities.
type actListPage struct {
	Layout
	Rows      []actRow
	Pager     Pager
	Query     string
	Officer   bool
	Statuses  []option
	Types     []option
	Tracks    []option
	Years     []option
	Provinces []option
	Calls     []actCallRow
	XLSX      string // the download of the list under its filters
	// Replications: the actor sees the replications of pilot models
	// (officers, enterprise users): a link to /replications.
	Replications bool
}

const actPageSize = 20

// actQuery reads the filters of /activities (and of its XLSX download).
func actQuery(q url.Values) programme.ActivityQuery {
	year, _ := strconv.Atoi(q.Get("year"))
	call, _ := strconv.ParseInt(q.Get("call"), 10, 64)
	in := programme.ActivityQuery{Status: programme.Status(q.Get("status")), Type: programme.ActivityType(q.Get("type")),
		Track: programme.Track(q.Get("track")), Year: year, Province: q.Get("province"), CallID: programme.CallID(call),
		Text: q.Get("q")}
	if !in.Status.Valid() {
		in.Status = ""
	}
	if !in.Type.Valid() {
		in.Type = ""
	}
	if !in.Track.Valid() {
		in.Track = ""
	}
	return in
}

func (h *Handler) handlePropList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page := pageParam(q)
	in := actQuery(q)
	year := in.Year
	in.Offset, in.Limit = (page-1)*actPageSize, actPageSize
	list, total, err := h.programme.Activities(r.Context(), in)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &actListPage{Pager: newPager(r, page, actPageSize, total), Query: in.Text, XLSX: xlsxHref("/activities.xlsx", q),
		Officer:      auth.Can(a, auth.ActProgrammeView),
		Replications: auth.Can(a, auth.ActProgrammeView) || auth.Can(a, auth.ActReplicationRecord)}
	for _, x := range list {
		p.Rows = append(p.Rows, actRow{Href: actPageHref(x.ID), Title: x.Title, Proposer: x.ProposerName, Type: x.Type.Label().In(lang),
			Track: x.Track.Label().In(lang), Year: x.Year, Province: h.provinceName(x.ProvinceCode), Call: x.CallCode,
			Status: string(x.Status), StatusText: x.Status.Label().In(lang), Badge: actBadge(x.Status), StateBudget: x.StateBudget,
			CreatedAt: x.CreatedAt})
	}
	for _, s := range programme.Statuses {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == in.Status})
	}
	for _, t := range programme.ActivityTypes {
		p.Types = append(p.Types, option{Value: string(t), Label: t.Label().In(lang), Selected: t == in.Type})
	}
	for _, t := range programme.Tracks {
		p.Tracks = append(p.Tracks, option{Value: string(t), Label: t.Label().In(lang), Selected: t == in.Track})
	}
	for y := time.Now().In(vn.Zone).Year(); y >= 2021; y-- {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	if auth.Can(a, auth.ActProgrammeManage) {
		p.Provinces = h.provinceOptions(in.Province)
	}
	calls, err := h.programme.ProposalCalls(r.Context())
	if err != nil {
		return err
	}
	for _, c := range calls {
		p.Calls = append(p.Calls, actCallRow{Code: c.Code, Title: c.Title, Deadline: programme.DeadlineText(c.Deadline).In(lang),
			NewHref: "/activities/new?call=" + strconv.FormatInt(int64(c.ID), 10)})
	}
	return h.render(w, r, http.StatusOK, "programme_activity_list", text("act.list_title"), p)
}

// actFieldRow is a type-specific field of the form.
type actFieldRow struct {
	Name     string // the form field's name
	ID       string
	Label    string
	Hint     string
	Textarea bool
	Number   bool
	Required bool
	Value    string
	Error    string
}

// actTypeBlock is the fields of one activity type.
type actTypeBlock struct {
	Type   string
	Label  string
	Fields []actFieldRow
}

// actBudgetRow is a budget line of the form (amounts as typed).
type actBudgetRow struct {
	N           int
	Item        string
	State       string
	Counterpart string
	Error       string
}

// actKPIRow is a KPI line of the form.
type actKPIRow struct {
	N        int
	Options  []option
	Baseline string
	Target   string
	Error    string
}

// actToolBox is an improvement tool checkbox.
type actToolBox struct {
	Code    string
	Label   string
	Checked bool
}

// actFormPage is the proposal form.
type actFormPage struct {
	Layout
	Form        formErrors
	Action      string
	Cancel      string
	Edit        bool
	CallID      int64
	CallCode    string
	CallTitle   string
	Deadline    string
	Proposer    string
	Types       []option
	Blocks      []actTypeBlock
	PTitle      string
	Summary     string
	Tools       []actToolBox
	Budget      []actBudgetRow
	StateBudget string
	Counterpart string
	KPIs        []actKPIRow
	Version     int
}

// actForm is the proposal form's values as typed.
type actForm struct {
	in          programme.ProposalInput
	budget      []actBudgetRow
	kpis        []actKPIRow
	state, cpt  string
	detailsByTy map[programme.ActivityType]map[string]string
	// bad are the values that could not be read, by field.
	bad fault.Fields
}

// actGroups splits digits grouped by thousands ("1.200.000", "1 200 000")
// and reports whether the grouping is a real one: only digits, the first
// group 1–3 of them, every other exactly 3, one separator between groups.
// "1.5" or "12.00" are not thousands and are refused, so that a decimal
// typed with a point is never read as a much bigger whole number.
func actGroups(s string, sep func(rune) bool) (string, bool) {
	var groups []string
	cur := strings.Builder{}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
		case sep(r):
			if cur.Len() == 0 {
				return "", false
			}
			groups = append(groups, cur.String())
			cur.Reset()
		default:
			return "", false
		}
	}
	if cur.Len() == 0 {
		return "", false
	}
	groups = append(groups, cur.String())
	if len(groups) > 1 {
		if len(groups[0]) > 3 {
			return "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", false
			}
		}
	}
	return strings.Join(groups, ""), true
}

// actParseMoney reads an amount in whole đồng as people type it: digits,
// grouped by thousands with '.' or spaces ("1.200.000", "1 200 000"), an
// optional ₫ or đ after. Anything else (a comma, a decimal part, letters, a
// group that is not three digits) is not ok: -1, which the service refuses
// too, and the form shows actMoneyError next to the field.
func actParseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "₫"), "đ"))
	if s == "" {
		return 0, true
	}
	digits, ok := actGroups(s, func(r rune) bool { return r == '.' || r == ' ' || r == '\u00a0' })
	if !ok {
		return -1, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return -1, false
	}
	return n, true
}

// actParseNumber reads a KPI value the Vietnamese way: ',' is the decimal
// separator and '.' groups thousands ("1.200,5"). Without a comma, a '.'
// is read as a decimal point ("12.5") unless it could be thousands: a
// single '.' followed by exactly three digits ("12.000") is ambiguous and
// refused with actAmbiguous; several ('1.200.000') are thousands. NaN and a
// message key when not a number (the KPI check refuses NaN too).
func actParseNumber(s string) (float64, string) {
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(strings.TrimSpace(s))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	dots := func(r rune) bool { return r == '.' }
	var plain string
	switch i := strings.IndexByte(s, '.'); {
	case s == "":
		return math.NaN(), "act.kpi_not_number"
	case strings.Contains(s, ","):
		whole, frac, _ := strings.Cut(s, ",")
		w, ok := actGroups(whole, dots)
		if !ok || frac == "" || strings.Trim(frac, "0123456789") != "" {
			return math.NaN(), "act.kpi_not_number"
		}
		plain = w + "." + frac
	case strings.Count(s, ".") > 1:
		w, ok := actGroups(s, dots)
		if !ok {
			return math.NaN(), "act.kpi_not_number"
		}
		plain = w
	case i >= 0 && len(s)-i-1 == 3:
		return math.NaN(), "act.kpi_ambiguous"
	default:
		plain = s
	}
	if strings.Trim(plain, "0123456789.") != "" || strings.HasPrefix(plain, ".") || strings.HasSuffix(plain, ".") {
		return math.NaN(), "act.kpi_not_number"
	}
	f, err := strconv.ParseFloat(plain, 64)
	if err != nil || math.IsInf(f, 0) {
		return math.NaN(), "act.kpi_not_number"
	}
	if neg {
		f = -f
	}
	return f, ""
}

// actNumberText is the message of actParseNumber's reason.
func actNumberText(why string) fault.Text {
	if why == "act.kpi_ambiguous" {
		return text("act.kpi_ambiguous")
	}
	return text("act.kpi_not_number")
}

// actWithParseErrors puts the form's own reading errors (a malformed amount
// or number) over the service's messages for the same fields; the service
// has refused the form anyway, since a value that did not parse reaches it
// as -1 or NaN.
func actWithParseErrors(err error, bad fault.Fields) error {
	if len(bad) == 0 || fault.KindOf(err) != fault.Invalid {
		return err
	}
	fs := fault.Fields{}
	for k, v := range fault.FieldsOf(err) {
		fs[k] = v
	}
	for k, v := range bad {
		fs[k] = v
	}
	return fs.Err()
}

// actReadForm reads the proposal form; blank budget and KPI lines are
// dropped and the kept ones come first, so that the line numbers of the
// messages match the rows shown again.
func actReadForm(r *http.Request) *actForm {
	f := &actForm{detailsByTy: map[programme.ActivityType]map[string]string{}, bad: fault.Fields{}}
	money := func(field, v string) int64 {
		n, ok := actParseMoney(v)
		if !ok {
			f.bad[field] = text("act.money_invalid")
		}
		return n
	}
	number := func(field, v string) float64 {
		n, why := actParseNumber(v)
		if why != "" {
			f.bad[field] = actNumberText(why)
		}
		return n
	}
	call, _ := strconv.ParseInt(formValue(r, "call"), 10, 64)
	version, _ := strconv.Atoi(formValue(r, "version"))
	f.in = programme.ProposalInput{CallID: programme.CallID(call), Type: programme.ActivityType(formValue(r, "type")),
		Title: formValue(r, "title"), Summary: formValue(r, "summary"), Tools: r.PostForm["tool"], Version: version}
	for _, t := range programme.ActivityTypes {
		d := map[string]string{}
		for _, fd := range t.Fields() {
			d[fd.Key] = formValue(r, "d_"+string(t)+"_"+fd.Key)
		}
		f.detailsByTy[t] = d
	}
	f.in.Details = map[string]string{}
	for k, v := range f.detailsByTy[f.in.Type] {
		f.in.Details[k] = v
	}
	f.state, f.cpt = formValue(r, "state_budget"), formValue(r, "counterpart")
	f.in.StateBudget, f.in.Counterpart = money("state_budget", f.state), money("counterpart", f.cpt)
	items, states, cpts := r.PostForm["budget_item"], r.PostForm["budget_state"], r.PostForm["budget_counterpart"]
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := range items {
		item, st, cp := at(items, i), at(states, i), at(cpts, i)
		if item == "" && st == "" && cp == "" {
			continue
		}
		f.budget = append(f.budget, actBudgetRow{Item: item, State: st, Counterpart: cp})
		n := "budget." + strconv.Itoa(len(f.budget)) + ".amount"
		f.in.Budget = append(f.in.Budget, programme.BudgetLine{Item: item, State: money(n, st), Counterpart: money(n, cp)})
	}
	codes, bases, targets := r.PostForm["kpi_code"], r.PostForm["kpi_baseline"], r.PostForm["kpi_target"]
	for i := range codes {
		code, b, t := at(codes, i), at(bases, i), at(targets, i)
		if code == "" && b == "" && t == "" {
			continue
		}
		f.kpis = append(f.kpis, actKPIRow{Baseline: b, Target: t, Options: []option{{Value: code, Selected: true}}})
		n := "kpis." + strconv.Itoa(len(f.kpis))
		f.in.KPIs = append(f.in.KPIs, programme.ActivityKPI{Code: code, Baseline: number(n+".baseline", b), Target: number(n+".target", t)})
	}
	return f
}

// actFormOf is the form of a stored proposal.
func actFormOf(a *programme.Activity) *actForm {
	f := &actForm{in: programme.ProposalInput{CallID: a.CallID, Type: a.Type, Title: a.Title, Summary: a.Summary, Details: a.Details,
		Tools: a.Tools, StateBudget: a.StateBudget, Counterpart: a.Counterpart, Version: a.Version},
		detailsByTy: map[programme.ActivityType]map[string]string{a.Type: a.Details},
		state:       vn.Int(a.StateBudget), cpt: vn.Int(a.Counterpart)}
	for _, l := range a.Budget {
		f.budget = append(f.budget, actBudgetRow{Item: l.Item, State: vn.Int(l.State), Counterpart: vn.Int(l.Counterpart)})
	}
	for _, k := range a.KPIs {
		f.kpis = append(f.kpis, actKPIRow{Baseline: actNum(k.Baseline), Target: actNum(k.Target), Options: []option{{Value: k.Code, Selected: true}}})
	}
	return f
}

func actNum(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}

// Form sizes: at least this many budget and KPI rows, blank ones to fill.
const (
	actBudgetRows = 8
	actKPIRows    = 5
)

func (h *Handler) actRenderForm(w http.ResponseWriter, r *http.Request, status int, d *programme.ProposalDraft, f *actForm,
	edit programme.ActivityID, fe formErrors) error {
	lang := h.lang(r)
	c := d.Call
	p := &actFormPage{Form: fe, Action: "/activities", Cancel: "/activities", CallID: int64(c.ID), CallCode: c.Code, CallTitle: c.Title,
		Deadline: programme.DeadlineText(c.Deadline).In(lang), Proposer: d.Proposer, PTitle: f.in.Title, Summary: f.in.Summary,
		StateBudget: f.state, Counterpart: f.cpt, Version: f.in.Version}
	if edit != 0 {
		p.Edit, p.Action, p.Cancel = true, actPageHref(edit)+"/edit", actPageHref(edit)
	}
	typ := f.in.Type
	if typ == "" && len(d.Types) > 0 {
		typ = d.Types[0]
	}
	for _, t := range d.Types {
		p.Types = append(p.Types, option{Value: string(t), Label: t.Label().In(lang), Selected: t == typ})
		b := actTypeBlock{Type: string(t), Label: t.Label().In(lang)}
		for _, fd := range t.Fields() {
			row := actFieldRow{Name: "d_" + string(t) + "_" + fd.Key, ID: "d-" + string(t) + "-" + fd.Key, Label: fd.Label.In(lang),
				Hint: fd.Hint.In(lang), Textarea: fd.Kind == programme.FieldTextarea, Number: fd.Kind == programme.FieldInt,
				Required: fd.Required, Value: f.detailsByTy[t][fd.Key]}
			if t == typ {
				row.Error = fe.Errors["details."+fd.Key]
			}
			b.Fields = append(b.Fields, row)
		}
		p.Blocks = append(p.Blocks, b)
	}
	if h.catalog != nil {
		ts, err := h.catalog.Tools(r.Context())
		if err != nil {
			return err
		}
		for _, t := range ts {
			name := t.Name.In(lang)
			if name == "" {
				name = toolFallbackName(t.Code)
			}
			p.Tools = append(p.Tools, actToolBox{Code: string(t.Code), Label: name, Checked: slices.Contains(f.in.Tools, string(t.Code))})
		}
	}
	for i := range max(actBudgetRows, len(f.budget)+2) {
		row := actBudgetRow{N: i + 1}
		if i < len(f.budget) {
			row = f.budget[i]
			row.N = i + 1
		}
		n := strconv.Itoa(i + 1)
		row.Error = strings.TrimSpace(fe.Errors["budget."+n+".item"] + " " + fe.Errors["budget."+n+".amount"])
		p.Budget = append(p.Budget, row)
	}
	kpis, err := h.programme.ProposalKPIs(r.Context())
	if err != nil {
		return err
	}
	for i := range max(actKPIRows, len(f.kpis)+1) {
		row := actKPIRow{N: i + 1}
		chosen := ""
		if i < len(f.kpis) {
			row = f.kpis[i]
			row.N = i + 1
			chosen = f.kpis[i].Options[0].Value
		}
		row.Options = nil
		for _, k := range kpis {
			label := k.Name.In(lang)
			if u := k.Unit.Label().In(lang); u != "" {
				label += " (" + u + ")"
			}
			row.Options = append(row.Options, option{Value: k.Code, Label: label, Selected: k.Code == chosen})
		}
		n := strconv.Itoa(i + 1)
		row.Error = strings.TrimSpace(fe.Errors["kpis."+n+".code"] + " " + fe.Errors["kpis."+n+".baseline"] + " " + fe.Errors["kpis."+n+".target"])
		p.KPIs = append(p.KPIs, row)
	}
	title := text("act.new_title")
	if edit != 0 {
		title = text("act.edit_title")
	}
	return h.render(w, r, status, "programme_activity_form", title, p)
}

func (h *Handler) handlePropNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	call, err := strconv.ParseInt(r.URL.Query().Get("call"), 10, 64)
	if err != nil || call <= 0 {
		return &fault.Error{Kind: fault.NotFound, Message: text("act.choose_call")}
	}
	d, err := h.programme.NewProposal(r.Context(), programme.CallID(call))
	if err != nil {
		return err
	}
	return h.actRenderForm(w, r, http.StatusOK, d, &actForm{in: programme.ProposalInput{CallID: d.Call.ID}}, 0, formErrors{})
}

func (h *Handler) handlePropCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	f := actReadForm(r)
	a, err := h.programme.CreateProposal(r.Context(), f.in)
	if err != nil {
		err = actWithParseErrors(err, f.bad)
		if !isFormError(err) {
			return err
		}
		d, derr := h.programme.NewProposal(r.Context(), f.in.CallID)
		if derr != nil {
			return derr
		}
		return h.actRenderForm(w, r, formStatus(err), d, f, 0, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("act.flash_created"))
	redirect(w, r, actPageHref(a.ID))
	return nil
}

// actEditDraft is the draft of an existing proposal's form.
func (h *Handler) actEditDraft(r *http.Request, v *programme.ActivityView) (*programme.ProposalDraft, error) {
	if !v.Proposer {
		return nil, &fault.Error{Kind: fault.Forbidden, Message: text("act.only_proposer")}
	}
	if !v.CanEdit || v.Call == nil {
		return nil, &fault.Error{Kind: fault.Conflict, Message: text("act.not_editable")}
	}
	return h.programme.NewProposal(r.Context(), v.Call.ID)
}

func (h *Handler) handlePropEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.programme.Activity(r.Context(), programme.ActivityID(id))
	if err != nil {
		return err
	}
	d, err := h.actEditDraft(r, v)
	if err != nil {
		return err
	}
	return h.actRenderForm(w, r, http.StatusOK, d, actFormOf(v.Activity), v.Activity.ID, formErrors{})
}

func (h *Handler) handlePropUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	f := actReadForm(r)
	a, err := h.programme.UpdateProposal(r.Context(), programme.ActivityID(id), f.in)
	if err != nil {
		err = actWithParseErrors(err, f.bad)
		if !isFormError(err) {
			return err
		}
		v, verr := h.programme.Activity(r.Context(), programme.ActivityID(id))
		if verr != nil {
			return verr
		}
		d, derr := h.actEditDraft(r, v)
		if derr != nil {
			return derr
		}
		return h.actRenderForm(w, r, formStatus(err), d, f, v.Activity.ID, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("act.flash_saved"))
	redirect(w, r, actPageHref(a.ID))
	return nil
}

// actLine is a label and a value of the page.
type actLine struct {
	Label string
	Value string
}

// actBudgetLine is a budget line of the page.
type actBudgetLine struct {
	Line        int
	Item        string
	State       int64
	Counterpart int64
}

// actKPILine is a KPI of the page.
type actKPILine struct {
	Name     string
	Unit     string
	Baseline string
	Target   string
	Change   string
}

// actReason is a screening reason.
type actReason struct {
	OK   bool
	Text string
}

// actReviewRow is a review as the page shows it.
type actReviewRow struct {
	Reviewer   string
	Status     string
	StatusText string
	Total      string
	Scores     []actLine
	Comment    string
	Conflict   string
	At         *time.Time
}

// actEventRow is a step of the history.
type actEventRow struct {
	At   time.Time
	From string
	To   string
	Who  string
	Note string
}

// actFileRow is an attachment.
type actFileRow struct {
	ID   programme.FileID
	Name string
	Size string
	Href string
}

// actCandidate is a reviewer the officer may assign.
type actCandidate struct {
	ID       auth.UserID
	Label    string
	Conflict string
}

// actShowPage is /activities/{id}.
type actShowPage struct {
	Layout
	Form        formErrors
	Tabs        []activityTab
	ID          programme.ActivityID
	Href        string
	Version     int
	Heading     string
	StatusText  string
	Badge       string
	Facts       []actLine
	Summary     string
	Details     []actLine
	Tools       []string
	Budget      []actBudgetLine
	StateBudget int64
	Counterpart int64
	Total       int64
	SharePct    string
	KPIs        []actKPILine
	Files       []actFileRow
	Screening   []actReason
	Passed      bool
	Screened    bool
	Reviews     []actReviewRow
	Score       string
	Decision    []actLine
	Events      []actEventRow
	Candidates  []actCandidate
	Decide      actDecideForm
	Reviewer    bool

	CanEdit, CanSubmit, CanRevise, CanWithdraw, CanAssign, CanDecide, CanDeclare, CanReview bool
}

// actDecideForm is the decision form's values.
type actDecideForm struct {
	Approve        bool
	Reject         bool
	DecisionNo     string
	DecisionDate   string
	Signer         string
	ApprovedBudget string
	Note           string
}

func (h *Handler) actKPINames(r *http.Request) map[string]programme.KPIDef {
	out := map[string]programme.KPIDef{}
	ks, err := h.programme.ProposalKPIs(r.Context())
	if err != nil {
		return out
	}
	for _, k := range ks {
		out[k.Code] = k
	}
	return out
}

func (h *Handler) actRender(w http.ResponseWriter, r *http.Request, status int, id programme.ActivityID, dec actDecideForm, fe formErrors) error {
	v, err := h.programme.Activity(r.Context(), id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	a := v.Activity
	p := &actShowPage{Form: fe, Tabs: activityTabs(a, tabProposal, lang), ID: a.ID, Href: actPageHref(a.ID), Version: a.Version,
		Heading: a.Title, StatusText: a.Status.Label().In(lang), Badge: actBadge(a.Status), Summary: a.Summary,
		StateBudget: a.StateBudget, Counterpart: a.Counterpart, Total: a.StateBudget + a.Counterpart,
		SharePct: programme.ShareText(programme.CounterpartShare(a.StateBudget, a.Counterpart)).Vi + " %", Decide: dec, Reviewer: v.MyReview != nil,
		CanEdit: v.CanEdit, CanSubmit: v.CanSubmit, CanRevise: v.CanRevise, CanWithdraw: v.CanWithdraw, CanAssign: v.CanAssign,
		CanDecide: v.CanDecide, CanDeclare: v.CanDeclare, CanReview: v.CanReview}
	if !dec.Approve && !dec.Reject {
		p.Decide.Approve = true
	}
	p.Facts = []actLine{
		{text("act.proposer").In(lang), a.ProposerName},
		{text("act.type").In(lang), a.Type.Label().In(lang)},
		{text("act.track").In(lang), a.Track.Label().In(lang)},
		{text("act.year").In(lang), strconv.Itoa(a.Year)},
		{text("act.province").In(lang), h.provinceName(a.ProvinceCode)},
		{text("act.industry").In(lang), industryLabel(registry.Industry(a.Industry)).In(lang)},
		{text("act.size").In(lang), registry.SizeClass(a.SizeClass).Label().In(lang)},
	}
	if v.Call != nil {
		p.Facts = append(p.Facts, actLine{text("act.call").In(lang), v.Call.Code + " — " + v.Call.Title},
			actLine{text("act.deadline").In(lang), programme.DeadlineText(v.Call.Deadline).In(lang)})
	}
	if a.SubmittedAt != nil {
		p.Facts = append(p.Facts, actLine{text("act.submitted_at").In(lang), vn.DateTime(*a.SubmittedAt)})
	}
	for _, fd := range a.Type.Fields() {
		if val := a.Details[fd.Key]; val != "" {
			p.Details = append(p.Details, actLine{fd.Label.In(lang), val})
		}
	}
	names := map[string]string{}
	if h.catalog != nil {
		if ts, err := h.catalog.Tools(r.Context()); err == nil {
			for _, t := range ts {
				names[string(t.Code)] = t.Name.In(lang)
			}
		}
	}
	for _, t := range a.Tools {
		if n := names[t]; n != "" {
			p.Tools = append(p.Tools, n)
		} else {
			p.Tools = append(p.Tools, t)
		}
	}
	for _, l := range a.Budget {
		p.Budget = append(p.Budget, actBudgetLine{Line: l.Line, Item: l.Item, State: l.State, Counterpart: l.Counterpart})
	}
	defs := h.actKPINames(r)
	for _, k := range a.KPIs {
		d, ok := defs[k.Code]
		row := actKPILine{Name: k.Code, Baseline: actNum(k.Baseline), Target: actNum(k.Target)}
		if ok {
			row.Name, row.Unit = d.Name.In(lang), d.Unit.Label().In(lang)
			if imp, ok := programme.Improvement(d.Direction, k.Baseline, k.Target); ok {
				row.Change = vn.Decimal(imp, 1) + " %"
			}
		}
		p.KPIs = append(p.KPIs, row)
	}
	for _, f := range v.Files {
		p.Files = append(p.Files, actFileRow{ID: f.ID, Name: f.Name, Size: vn.Decimal(float64(f.Size)/1024, 0) + " KB",
			Href: p.Href + "/files/" + strconv.FormatInt(int64(f.ID), 10)})
	}
	if sc := a.Screening; sc != nil {
		p.Screened, p.Passed = true, sc.Passed
		for _, x := range sc.Reasons {
			p.Screening = append(p.Screening, actReason{OK: x.OK, Text: x.Text.In(lang)})
		}
	}
	for _, rv := range v.Reviews {
		p.Reviews = append(p.Reviews, h.actReviewRow(lang, rv))
	}
	if v.Score != nil {
		p.Score = vn.Decimal(*v.Score, 1)
	}
	if a.DecidedAt != nil {
		if a.DecisionNo != "" {
			p.Decision = append(p.Decision, actLine{text("act.decision_no").In(lang), a.DecisionNo})
		}
		if d, err := time.ParseInLocation("2006-01-02", a.DecisionDate, vn.Zone); err == nil {
			p.Decision = append(p.Decision, actLine{text("act.decision_date").In(lang), vn.Date(d)})
		}
		if a.DecisionSigner != "" {
			p.Decision = append(p.Decision, actLine{text("act.signer").In(lang), a.DecisionSigner})
		}
		if a.ApprovedBudget > 0 {
			p.Decision = append(p.Decision, actLine{text("act.approved_budget").In(lang), vn.Money(a.ApprovedBudget)})
		}
		if a.DecisionNote != "" {
			p.Decision = append(p.Decision, actLine{text("act.note").In(lang), a.DecisionNote})
		}
	}
	for _, e := range v.Events {
		p.Events = append(p.Events, actEventRow{At: e.At, From: e.From.Label().In(lang), To: e.To.Label().In(lang), Who: e.ActorEmail, Note: e.Note})
	}
	if v.CanAssign {
		cs, err := h.programme.ReviewerCandidates(r.Context(), a.ID)
		if err != nil {
			return err
		}
		assigned := map[auth.UserID]bool{}
		for _, rv := range v.Reviews {
			assigned[rv.ReviewerID] = true
		}
		for _, c := range cs {
			if assigned[c.UserID] {
				continue
			}
			role := text("act.role_expert").In(lang)
			if c.Role == auth.RoleAssessor {
				role = text("act.role_assessor").In(lang)
			}
			p.Candidates = append(p.Candidates, actCandidate{ID: c.UserID, Label: c.Name + " · " + role + " · " + c.Email, Conflict: c.Conflict})
		}
	}
	return h.render(w, r, status, "programme_activity_show", fault.Text{Vi: a.Title, En: a.Title}, p)
}

func (h *Handler) actReviewRow(lang string, rv *programme.Review) actReviewRow {
	row := actReviewRow{Reviewer: rv.ReviewerName, Status: string(rv.Status), Comment: rv.Comment, Conflict: rv.ConflictNote, At: rv.SubmittedAt}
	switch rv.Status {
	case programme.ReviewSubmitted:
		row.StatusText = text("act.review_submitted").In(lang)
	case programme.ReviewConflict:
		row.StatusText = text("act.review_conflict").In(lang)
	default:
		row.StatusText = text("act.review_assigned").In(lang)
	}
	if rv.Total != nil {
		row.Total = vn.Decimal(*rv.Total, 0)
		for _, c := range programme.Rubric {
			row.Scores = append(row.Scores, actLine{c.Name.In(lang), strconv.Itoa(rv.Scores[c.Code]) + "/" + strconv.Itoa(c.Max)})
		}
	}
	return row
}

func (h *Handler) handlePropShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.actRender(w, r, http.StatusOK, programme.ActivityID(id), actDecideForm{}, formErrors{})
}

// actAction runs a form action of the activity's page: on success a flash
// and back to the page, on a form error the page again with the message.
func (h *Handler) actAction(w http.ResponseWriter, r *http.Request, ok fault.Text, run func(id programme.ActivityID) error) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	if err := run(programme.ActivityID(id)); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.actRender(w, r, formStatus(err), programme.ActivityID(id), actDecideForm{}, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", ok)
	redirect(w, r, actPageHref(programme.ActivityID(id)))
	return nil
}

func (h *Handler) handlePropSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	a, err := h.programme.SubmitProposal(r.Context(), programme.ActivityID(id), version)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.actRender(w, r, formStatus(err), programme.ActivityID(id), actDecideForm{}, newFormErrors(h.lang(r), err, nil))
	}
	if a.Status == programme.StatusSubmitted {
		h.flash(r.Context(), "success", text("act.flash_submitted"))
	} else {
		h.flash(r.Context(), "error", text("act.flash_ineligible"))
	}
	redirect(w, r, actPageHref(a.ID))
	return nil
}

func (h *Handler) handlePropRevise(w http.ResponseWriter, r *http.Request) error {
	return h.actAction(w, r, text("act.flash_revised"), func(id programme.ActivityID) error {
		_, err := h.programme.ReviseProposal(r.Context(), id)
		return err
	})
}

func (h *Handler) handlePropWithdraw(w http.ResponseWriter, r *http.Request) error {
	return h.actAction(w, r, text("act.flash_withdrawn"), func(id programme.ActivityID) error {
		_, err := h.programme.WithdrawProposal(r.Context(), id)
		return err
	})
}

func (h *Handler) handlePropReviewers(w http.ResponseWriter, r *http.Request) error {
	return h.actAction(w, r, text("act.flash_assigned"), func(id programme.ActivityID) error {
		var users []auth.UserID
		for _, v := range r.PostForm["reviewer"] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				users = append(users, auth.UserID(n))
			}
		}
		_, err := h.programme.AssignReviewers(r.Context(), id, users)
		return err
	})
}

func (h *Handler) handlePropDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	dec := actDecideForm{Approve: formValue(r, "outcome") == "approve", Reject: formValue(r, "outcome") == "reject",
		DecisionNo: formValue(r, "decision_no"), DecisionDate: formValue(r, "decision_date"), Signer: formValue(r, "signer"),
		ApprovedBudget: formValue(r, "approved_budget"), Note: formValue(r, "note")}
	approved, ok := actParseMoney(dec.ApprovedBudget)
	bad := fault.Fields{}
	if !ok && dec.Approve {
		bad["approved_budget"] = text("act.money_invalid")
	}
	in := programme.DecisionInput{Approve: dec.Approve, DecisionNo: dec.DecisionNo, DecisionDate: dec.DecisionDate, Signer: dec.Signer,
		ApprovedBudget: approved, Note: dec.Note, Version: version}
	if !dec.Approve && !dec.Reject {
		v, err := h.programme.Activity(r.Context(), programme.ActivityID(id))
		if err != nil {
			return err
		}
		if !v.Decider {
			return &fault.Error{Kind: fault.Forbidden, Message: text("act.only_decider")}
		}
		return h.actRender(w, r, http.StatusUnprocessableEntity, programme.ActivityID(id), dec,
			newFormErrors(h.lang(r), fault.Fields{"outcome": text("act.choose_outcome")}.Err(), nil))
	}
	a, err := h.programme.Decide(r.Context(), programme.ActivityID(id), in)
	if err != nil {
		err = actWithParseErrors(err, bad)
		if !isFormError(err) {
			return err
		}
		return h.actRender(w, r, formStatus(err), programme.ActivityID(id), dec, newFormErrors(h.lang(r), err, nil))
	}
	if a.Status == programme.StatusApproved {
		h.flash(r.Context(), "success", text("act.flash_approved"))
	} else {
		h.flash(r.Context(), "success", text("act.flash_rejected"))
	}
	redirect(w, r, actPageHref(a.ID))
	return nil
}

// actReviewPage is the reviewer's page.
type actReviewPage struct {
	Layout
	Form       formErrors
	Tabs       []activityTab
	Href       string
	Heading    string
	Proposer   string
	Type       string
	Summary    string
	StateTotal int64
	CanDeclare bool
	CanReview  bool
	Criteria   []actCriterion
	Comment    string
	Mine       *actReviewRow
}

// actCriterion is a criterion of the rubric form.
type actCriterion struct {
	Code  string
	Name  string
	Guide string
	Max   int
	Value string
	Error string
}

func (h *Handler) actRenderReview(w http.ResponseWriter, r *http.Request, status int, id programme.ActivityID, values map[string]string,
	comment string, fe formErrors) error {
	v, err := h.programme.Activity(r.Context(), id)
	if err != nil {
		return err
	}
	if v.MyReview == nil {
		return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
	}
	lang := h.lang(r)
	a := v.Activity
	p := &actReviewPage{Form: fe, Tabs: activityTabs(a, tabProposal, lang), Href: actPageHref(a.ID), Heading: a.Title,
		Proposer: a.ProposerName, Type: a.Type.Label().In(lang), Summary: a.Summary, StateTotal: a.StateBudget + a.Counterpart,
		CanDeclare: v.CanDeclare, CanReview: v.CanReview, Comment: comment}
	for _, c := range programme.Rubric {
		p.Criteria = append(p.Criteria, actCriterion{Code: c.Code, Name: c.Name.In(lang), Guide: c.Guide.In(lang), Max: c.Max,
			Value: values[c.Code], Error: fe.Errors["score."+c.Code]})
	}
	if !v.CanDeclare && !v.CanReview {
		row := h.actReviewRow(lang, v.MyReview)
		p.Mine = &row
	}
	return h.render(w, r, status, "programme_activity_review", text("act.review_title"), p)
}

func (h *Handler) handlePropReview(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.actRenderReview(w, r, http.StatusOK, programme.ActivityID(id), nil, "", formErrors{})
}

func (h *Handler) handlePropDeclare(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	conflict := formValue(r, "conflict")
	if conflict != "yes" && conflict != "no" {
		return h.actRenderReview(w, r, http.StatusUnprocessableEntity, programme.ActivityID(id), nil, "",
			newFormErrors(h.lang(r), fault.Fields{"conflict": text("act.choose_conflict")}.Err(), nil))
	}
	if _, err := h.programme.DeclareConflict(r.Context(), programme.ActivityID(id), conflict == "yes", formValue(r, "note")); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.actRenderReview(w, r, formStatus(err), programme.ActivityID(id), nil, "", newFormErrors(h.lang(r), err, nil))
	}
	if conflict == "yes" {
		h.flash(r.Context(), "success", text("act.flash_conflict"))
		redirect(w, r, actPageHref(programme.ActivityID(id)))
		return nil
	}
	h.flash(r.Context(), "success", text("act.flash_declared"))
	redirect(w, r, actPageHref(programme.ActivityID(id))+"/review")
	return nil
}

func (h *Handler) handlePropScore(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	values := map[string]string{}
	scores := map[string]int{}
	bad := fault.Fields{}
	lang := h.lang(r)
	for _, c := range programme.Rubric {
		s := formValue(r, "score_"+c.Code)
		values[c.Code] = s
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			bad.Add("score."+c.Code, c.Name.Vi+": điểm là số nguyên.", c.Name.En+": a whole number of points.")
			continue
		}
		scores[c.Code] = n
	}
	comment := formValue(r, "comment")
	if err := bad.Err(); err != nil {
		return h.actRenderReview(w, r, http.StatusUnprocessableEntity, programme.ActivityID(id), values, comment, newFormErrors(lang, err, nil))
	}
	if _, err := h.programme.SubmitReview(r.Context(), programme.ActivityID(id), scores, comment); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.actRenderReview(w, r, formStatus(err), programme.ActivityID(id), values, comment, newFormErrors(lang, err, nil))
	}
	h.flash(r.Context(), "success", text("act.flash_reviewed"))
	redirect(w, r, actPageHref(programme.ActivityID(id)))
	return nil
}

func (h *Handler) handlePropUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.programme.Activity(r.Context(), programme.ActivityID(id))
	if err != nil {
		return err
	}
	if !v.Proposer {
		return &fault.Error{Kind: fault.Forbidden, Message: text("act.only_proposer")}
	}
	fail := func(status int, msg fault.Text) error {
		return h.actRender(w, r, status, programme.ActivityID(id), actDecideForm{},
			newFormErrors(h.lang(r), fault.Fields{"file": msg}.Err(), nil))
	}
	// The file part is streamed, never spooled by ParseMultipartForm: at
	// most 10 MB + 1 byte is read, into one buffer, and one byte more than
	// the limit is enough to refuse the file. The body's cap leaves room
	// for the form's other fields.
	r.Body = http.MaxBytesReader(w, r.Body, programme.MaxAttachmentSize+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail(http.StatusUnprocessableEntity, text("act.choose_file"))
	}
	var name string
	var data []byte
	for data == nil {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return fail(http.StatusRequestEntityTooLarge, text("act.file_too_large"))
			}
			return fail(http.StatusUnprocessableEntity, text("act.choose_file"))
		}
		if part.FormName() == "file" && part.FileName() != "" {
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, programme.MaxAttachmentSize+1))
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return fail(http.StatusRequestEntityTooLarge, text("act.file_too_large"))
				}
				return fail(http.StatusUnprocessableEntity, text("act.choose_file"))
			}
			if data == nil {
				data = []byte{}
			}
		}
		part.Close()
	}
	switch {
	case data == nil:
		return fail(http.StatusUnprocessableEntity, text("act.choose_file"))
	case len(data) > programme.MaxAttachmentSize:
		return fail(http.StatusRequestEntityTooLarge, text("act.file_too_large"))
	}
	if _, err := h.programme.AddAttachment(r.Context(), programme.ActivityID(id), name, data); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.actRender(w, r, formStatus(err), programme.ActivityID(id), actDecideForm{}, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("act.flash_uploaded"))
	redirect(w, r, actPageHref(programme.ActivityID(id)))
	return nil
}

func (h *Handler) handlePropFile(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, err := h.programme.Attachment(r.Context(), programme.ActivityID(id), programme.FileID(fid))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, err = w.Write(f.Data)
	return err
}

func (h *Handler) handlePropFileDelete(w http.ResponseWriter, r *http.Request) error {
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	return h.actAction(w, r, text("act.flash_file_removed"), func(id programme.ActivityID) error {
		return h.programme.RemoveAttachment(r.Context(), id, programme.FileID(fid))
	})
}
