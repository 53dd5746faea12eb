package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

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
