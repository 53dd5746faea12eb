package web

import (
	"errors"
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

// The programme's structure: the overview (the landing of the "Chương
// trình" menu), the targets, the annual plans with their budgets, and the
// calls for proposals (public once open). Authorization is the programme
// service's; the pages only hide what the actor cannot do.

// registerProgrammeSetup registers the pages of this programme area.
func (h *Handler) registerProgrammeSetup(mux Router) {
	h.handle(mux, "GET /programme", h.handleProgramme)
	h.handle(mux, "GET /programme/targets", h.handleTargets)
	h.handle(mux, "GET /programme/targets.xlsx", h.handleTargetsXLSX)
	h.handle(mux, "GET /programme/plans.xlsx", h.handlePlansXLSX)
	h.handle(mux, "GET /programme/plans/{id}/lines.xlsx", h.handlePlanLinesXLSX)
	h.handle(mux, "GET /calls.xlsx", h.handleCallsXLSX)
	h.handle(mux, "POST /programme/targets", h.handleTargetSave)
	h.handle(mux, "GET /programme/plans", h.handlePlans)
	h.handle(mux, "GET /programme/plans/new", h.handlePlanNew)
	h.handle(mux, "POST /programme/plans", h.handlePlanCreate)
	h.handle(mux, "GET /programme/plans/{id}", h.handlePlanShow)
	h.handle(mux, "POST /programme/plans/{id}", h.handlePlanUpdate)
	h.handle(mux, "POST /programme/plans/{id}/approve", h.handlePlanApprove)
	h.handle(mux, "GET /calls", h.handleCalls)
	h.handle(mux, "GET /calls/new", h.handleCallNew)
	h.handle(mux, "POST /calls", h.handleCallCreate)
	h.handle(mux, "GET /calls/{id}", h.handleCallShow)
	h.handle(mux, "GET /calls/{id}/edit", h.handleCallEdit)
	h.handle(mux, "POST /calls/{id}", h.handleCallUpdate)
	h.handle(mux, "POST /calls/{id}/open", h.handleCallOpen)
	h.handle(mux, "POST /calls/{id}/close", h.handleCallClose)
}

// programmeSetupPages are the page models of this programme area.
func programmeSetupPages() map[string]page {
	return map[string]page{
		"programme_setup_overview":  &setupOverviewPage{},
		"programme_setup_targets":   &setupTargetsPage{},
		"programme_setup_plans":     &setupPlansPage{},
		"programme_setup_plan":      &setupPlanPage{},
		"programme_setup_calls":     &setupCallsPage{},
		"programme_setup_call":      &setupCallPage{},
		"programme_setup_call_form": &setupCallFormPage{},
	}
}

func planHref(id programme.PlanID) string {
	return "/programme/plans/" + strconv.FormatInt(int64(id), 10)
}
func callHref(id programme.CallID) string { return "/calls/" + strconv.FormatInt(int64(id), 10) }

// unitName names the unit of a plan or call: the ministry, or a province.
func (h *Handler) unitName(lang, prov string) string {
	if prov == "" {
		return text("setup.unit_ministry").In(lang)
	}
	return h.provinceName(prov)
}

// officer requires a signed-in actor with ActProgrammeView (else sign in,
// or 403 with the reason).
func officer(r *http.Request) (*auth.Actor, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActProgrammeView) {
		return nil, &fault.Error{Kind: fault.Forbidden, Message: text("setup.officers_only")}
	}
	return a, nil
}

// ---- overview ----

// targetRow is a metric's targets: the whole period and each year.
type targetRow struct {
	Metric     string
	Label      string
	Kind       string
	Period     string // the whole-period target, "" if none
	Years      []string
	Cumulative bool
}

// planRow is a plan in a list.
type planRow struct {
	Href        string
	Year        int
	Unit        string
	Title       string
	Status      string
	StatusText  string
	Badge       string
	Decision    string
	State       int64
	Counterpart int64
	Count       int
}

// callRow is a call in a list.
type callRow struct {
	ID         programme.CallID
	Href       string
	Code       string
	Title      string
	Unit       string
	Track      string
	Types      []string
	Status     string
	StatusText string
	Badge      string
	OpensAt    time.Time
	Deadline   time.Time
	Countdown  string // "còn 12 ngày" for an open call
	Urgent     bool   // 7 days or fewer left
}

type setupOverviewPage struct {
	Layout
	Name      string
	Basis     string
	Period    string
	Years     []int
	Targets   []targetRow
	Plans     []planRow
	Calls     []callRow
	OpenCalls int
	Year      int
	YearPlan  *planRow
	CanManage bool
	CanRun    bool
	// The approved plans of the officer's unit to date: how much the
	// programme has committed itself to.
	Approved                           int
	ApprovedFrom                       int
	ApprovedTo                         int
	ApprovedState, ApprovedCounterpart int64
}

func (h *Handler) targetRows(lang string, p *programme.Programme, ts []programme.Target) ([]int, []targetRow) {
	var years []int
	for y := p.StartYear; y <= p.EndYear; y++ {
		years = append(years, y)
	}
	var rows []targetRow
	for _, m := range programme.Metrics {
		row := targetRow{Metric: string(m), Label: m.Label().In(lang), Years: make([]string, len(years)), Cumulative: m.Cumulative()}
		row.Kind = text("setup.yearly").In(lang)
		if m.Cumulative() {
			row.Kind = text("setup.cumulative").In(lang)
		}
		for _, t := range ts {
			if t.Metric != m {
				continue
			}
			v := targetValue(m, t.Value)
			if t.Year == 0 {
				row.Period = v
			} else if i := t.Year - p.StartYear; i >= 0 && i < len(years) {
				row.Years[i] = v
			}
		}
		rows = append(rows, row)
	}
	return years, rows
}

// targetValue formats a target: a count with thousands dots, a percentage
// with a decimal comma.
func targetValue(m programme.Metric, v float64) string {
	if m.Percent() {
		return strings.TrimSuffix(strings.TrimSuffix(vn.Decimal(v, 1), ",0"), ",") + "%"
	}
	if v == float64(int64(v)) {
		return vn.Int(int64(v))
	}
	return vn.Decimal(v, 1)
}

func (h *Handler) planRow(lang string, p *programme.Plan) planRow {
	_, all := p.Totals()
	row := planRow{Href: planHref(p.ID), Year: p.Year, Unit: h.unitName(lang, p.ProvinceCode), Title: p.Title, Status: string(p.Status),
		StatusText: programme.PlanStatusLabel(p.Status).In(lang), Badge: "badge-warn", State: all.StateBudget, Counterpart: all.Counterpart,
		Count: all.PlannedCount}
	if p.Status == programme.PlanApproved {
		row.Badge = "badge-ok"
		d, _ := time.ParseInLocation("2006-01-02", p.DecisionDate, vn.Zone)
		row.Decision = p.DecisionNo
		if !d.IsZero() {
			row.Decision += " · " + vn.Date(d)
		}
	}
	return row
}

func callBadge(st programme.CallStatus) string {
	switch st {
	case programme.CallOpen:
		return "badge-ok"
	case programme.CallDraft:
		return "badge-warn"
	}
	return "badge-muted"
}

func (h *Handler) callRow(lang string, c *programme.Call, now time.Time) callRow {
	row := callRow{ID: c.ID, Href: callHref(c.ID), Code: c.Code, Title: c.Title, Unit: h.unitName(lang, c.ProvinceCode),
		Track: c.Track.Label().In(lang), Status: string(c.Status), StatusText: programme.CallStatusLabel(c.Status).In(lang),
		Badge: callBadge(c.Status), OpensAt: c.OpensAt, Deadline: c.Deadline}
	for _, t := range c.Types {
		row.Types = append(row.Types, t.Label().In(lang))
	}
	if c.Status == programme.CallOpen {
		switch d := c.DaysLeft(now); {
		case now.Before(c.OpensAt):
			row.Countdown = fmtText(text("setup.opens_on"), "{date}", vn.Date(c.OpensAt)).In(lang)
		case d < 0:
			row.Countdown = text("setup.deadline_passed").In(lang)
		case d == 0:
			row.Countdown, row.Urgent = text("setup.last_day").In(lang), true
		default:
			row.Countdown, row.Urgent = fmtText(text("setup.days_left"), "{n}", strconv.Itoa(d)).In(lang), d <= 7
		}
	}
	return row
}

func (h *Handler) handleProgramme(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	prog, err := h.programme.Programme(ctx)
	if err != nil {
		return err
	}
	ts, err := h.programme.Targets(ctx)
	if err != nil {
		return err
	}
	plans, err := h.programme.Plans(ctx, 0)
	if err != nil {
		return err
	}
	q := programme.CallQuery{}
	if a.Role == auth.RoleProvince {
		q.Province = a.ProvinceCode
	}
	calls, err := h.programme.Calls(ctx, q)
	if err != nil {
		return err
	}
	now := h.programme.CallNow()
	p := &setupOverviewPage{Name: prog.Name.In(lang), Basis: prog.Basis, Period: strconv.Itoa(prog.StartYear) + "–" + strconv.Itoa(prog.EndYear),
		Year: now.In(vn.Zone).Year(), CanManage: auth.Can(a, auth.ActProgrammeManage), CanRun: auth.Can(a, auth.ActProgrammeRun)}
	p.Years, p.Targets = h.targetRows(lang, prog, ts)
	// The plans, newest year first; the current year's plan of the
	// officer's own unit stands out.
	own := ""
	if a.Role == auth.RoleProvince {
		own = a.ProvinceCode
	}
	for i := len(plans) - 1; i >= 0; i-- {
		row := h.planRow(lang, plans[i])
		p.Plans = append(p.Plans, row)
		if plans[i].ProvinceCode != own {
			continue
		}
		if plans[i].Year == p.Year {
			p.YearPlan = &row
		}
		if plans[i].Status == programme.PlanApproved {
			p.Approved++
			p.ApprovedState += row.State
			p.ApprovedCounterpart += row.Counterpart
			if p.ApprovedFrom == 0 || plans[i].Year < p.ApprovedFrom {
				p.ApprovedFrom = plans[i].Year
			}
			p.ApprovedTo = max(p.ApprovedTo, plans[i].Year)
		}
	}
	for _, c := range calls {
		if c.Status == programme.CallOpen {
			p.OpenCalls++
		}
		if c.Status != programme.CallClosed || len(p.Calls) < 8 {
			p.Calls = append(p.Calls, h.callRow(lang, c, now))
		}
	}
	return h.render(w, r, http.StatusOK, "programme_setup_overview", text("setup.overview_title"), p)
}

// ---- targets ----

type setupTargetsPage struct {
	Layout
	Form      formErrors
	CanManage bool
	Groups    []targetGroup
	Metrics   []option
	YearOpts  []option
	Add       programme.TargetInput
	AddValue  string
	ErrorKey  string // the row whose form failed: "metric/year"
}

type targetGroup struct {
	Label string
	Kind  string
	Rows  []targetEdit
}

type targetEdit struct {
	Key       string // "metric/year"
	FormID    string
	Metric    string
	Year      int
	YearLabel string
	Value     string
	Note      string
	Version   int // the version read, sent back with the change
	Percent   bool
}

// inputNumber writes a target's value for its input: a decimal comma, as
// Vietnamese writes it (vn.ParseDecimal reads it back), no thousands
// separators.
func inputNumber(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// renderTargets shows the targets; failed is the target whose form was
// refused, shown again as typed (rawValue) next to its errors — unless
// stale: someone else changed it meanwhile, and the row shows their value
// and the new version, so that the officer sees what they would overwrite.
func (h *Handler) renderTargets(w http.ResponseWriter, r *http.Request, status int, failed *programme.TargetInput, rawValue string, stale bool, fe formErrors) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	prog, err := h.programme.Programme(ctx)
	if err != nil {
		return err
	}
	ts, err := h.programme.Targets(ctx)
	if err != nil {
		return err
	}
	p := &setupTargetsPage{Form: fe, CanManage: auth.Can(a, auth.ActProgrammeManage)}
	failedKey := ""
	if failed != nil {
		failedKey = string(failed.Metric) + "/" + strconv.Itoa(failed.Year)
	}
	for _, m := range programme.Metrics {
		g := targetGroup{Label: m.Label().In(lang), Kind: text("setup.yearly").In(lang)}
		if m.Cumulative() {
			g.Kind = text("setup.cumulative").In(lang)
		}
		for _, t := range ts {
			if t.Metric != m {
				continue
			}
			key := string(m) + "/" + strconv.Itoa(t.Year)
			e := targetEdit{Key: key, FormID: "target-" + string(m) + "-" + strconv.Itoa(t.Year), Metric: string(m), Year: t.Year,
				YearLabel: strconv.Itoa(t.Year), Value: inputNumber(t.Value), Note: t.Note, Version: t.Version, Percent: m.Percent()}
			if t.Year == 0 {
				e.YearLabel = text("setup.whole_period").In(lang)
			}
			if key == failedKey && (failed.Version != 0 || stale) {
				p.ErrorKey = key
				if !stale {
					e.Value, e.Note = rawValue, failed.Note
				}
			}
			g.Rows = append(g.Rows, e)
		}
		p.Groups = append(p.Groups, g)
	}
	// A failed new target comes back to the add form.
	if failed != nil && p.ErrorKey == "" {
		p.Add, p.AddValue, p.ErrorKey = *failed, rawValue, "new"
	}
	for _, m := range programme.Metrics {
		p.Metrics = append(p.Metrics, option{Value: string(m), Label: m.Label().In(lang), Selected: m == p.Add.Metric})
	}
	p.YearOpts = append(p.YearOpts, option{Value: "0", Label: text("setup.whole_period").In(lang), Selected: p.Add.Year == 0})
	for y := prog.StartYear; y <= prog.EndYear; y++ {
		p.YearOpts = append(p.YearOpts, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: p.Add.Year == y})
	}
	return h.render(w, r, status, "programme_setup_targets", text("setup.targets_title"), p)
}

func (h *Handler) handleTargets(w http.ResponseWriter, r *http.Request) error {
	return h.renderTargets(w, r, http.StatusOK, nil, "", false, formErrors{})
}

// targetForm reads a target's form: the value as Vietnamese writes it
// (vn.ParseDecimal: a decimal comma, dots between thousands; no NaN, Inf,
// exponents or hex), the year, and the version read (none on the add form:
// a new target). The fields that did not parse are in the returned Fields.
func targetForm(r *http.Request) (programme.TargetInput, string, fault.Fields) {
	in := programme.TargetInput{Metric: programme.Metric(formValue(r, "metric")), Note: formValue(r, "note")}
	raw := formValue(r, "value")
	bad := fault.Fields{}
	var err error
	if in.Year, err = strconv.Atoi(formValue(r, "year")); err != nil {
		bad.Add("year", "Năm không hợp lệ.", "Not a valid year.")
	}
	if v := formValue(r, "version"); v != "" {
		if in.Version, err = strconv.Atoi(v); err != nil || in.Version < 0 {
			in.Version = 0
			bad.Add("value", "Biểu mẫu đã cũ: vui lòng tải lại trang.", "The form is out of date: please reload the page.")
		}
	}
	v, err := vn.ParseDecimal(raw)
	switch {
	case strings.TrimSpace(raw) == "":
		bad.Add("value", "Vui lòng nhập giá trị.", "Please enter the value.")
	case errors.Is(err, vn.ErrAmbiguous):
		bad.Add("value", "Dùng dấu phẩy cho phần thập phân, ví dụ 7,5.", "Use a comma for decimals, e.g. 7,5.")
	case err != nil:
		bad.Add("value", "Giá trị phải là một số, ví dụ 1200 hoặc 7,5.", "The value must be a number, e.g. 1200 or 7,5.")
	default:
		in.Value = v
	}
	return in, raw, bad
}

func (h *Handler) handleTargetSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	in, raw, bad := targetForm(r)
	var err error
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.programme.SaveTarget(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		// A stale change: the message goes next to the row's value, which
		// shows the other officer's.
		stale := fault.Is(err, fault.Conflict) && in.Version != 0
		fe := newFormErrors(h.lang(r), err, nil)
		if stale && fe.Errors["value"] == "" {
			fe.Errors["value"] = fault.MessageOf(err).In(h.lang(r))
		}
		return h.renderTargets(w, r, formStatus(err), &in, raw, stale, fe)
	}
	h.flash(r.Context(), "success", fmtText(text("setup.flash_target"), "{metric}", in.Metric.Label().Vi, "{metric_en}", in.Metric.Label().En))
	redirect(w, r, "/programme/targets")
	return nil
}

// ---- plans ----

type setupPlansPage struct {
	Layout
	Plans  []planRow
	CanNew bool
	Years  []option
	XLSX   string
}

func (h *Handler) handlePlans(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	plans, err := h.programme.Plans(r.Context(), year)
	if err != nil {
		return err
	}
	prog, err := h.programme.Programme(r.Context())
	if err != nil {
		return err
	}
	p := &setupPlansPage{CanNew: auth.Can(a, auth.ActProgrammeRun), XLSX: xlsxHref("/programme/plans.xlsx", r.URL.Query())}
	for i := len(plans) - 1; i >= 0; i-- {
		p.Plans = append(p.Plans, h.planRow(lang, plans[i]))
	}
	for y := prog.EndYear; y >= prog.StartYear; y-- {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	return h.render(w, r, http.StatusOK, "programme_setup_plans", text("setup.plans_title"), p)
}

// setupPlanPage is a plan: the form of a new or draft plan, or an approved
// plan read-only.
type setupPlanPage struct {
	Layout
	Form        formErrors
	New         bool
	Editable    bool
	CanApprove  bool
	ID          programme.PlanID
	Action      string
	Version     int
	Year        int
	YearOpts    []option
	Unit        string
	UnitOpts    []option // the ministry's officers choose the unit of a new plan
	Title       string
	Notes       string
	Status      string
	StatusText  string
	Badge       string
	Decision    string
	DecisionNo  string
	DecisionDay string
	Lines       []planLineRow
	Totals      []planTotalRow
	Total       planTotalRow
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Existing    string // the link to the plan that already exists for (year, unit)
	XLSX        string // the budget lines' download (a saved plan)
}

type planLineRow struct {
	Key         string // "track-type", the inputs' suffix
	Index       int
	Track       string
	TrackFirst  bool
	TrackSpan   int
	Type        string
	Count       string
	State       string
	Counterpart string
	CountN      int
	StateN      int64
	CounterN    int64
	Error       string
}

type planTotalRow struct {
	Track       string
	Count       int
	State       int64
	Counterpart int64
	Total       int64
}

// planGrid is every (track, type) a plan may budget, in display order: the
// rows of the plan form.
func planGrid() []programme.PlanLine {
	var out []programme.PlanLine
	for _, tr := range programme.Tracks {
		for _, t := range programme.TrackTypes(tr) {
			out = append(out, programme.PlanLine{Track: tr, Type: t})
		}
	}
	return out
}

// planLineKey is the suffix of a grid row's inputs.
func planLineKey(l programme.PlanLine) string { return string(l.Track) + "-" + string(l.Type) }

// parseWhole reads an amount of đồng or a count as typed, with
// vn.ParseAmount: digits with dots or spaces between thousands
// ("1.500.000.000"), an optional "₫" or "đ"; no decimal comma, no junk;
// empty is 0.
func parseWhole(s string) (int64, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, true
	}
	n, err := vn.ParseAmount(s)
	return n, err == nil
}

// planForm reads the plan form: the grid's lines (all of them, in grid
// order, so that the service's "lines.i" errors land on row i) and the
// rows that did not parse.
func planForm(r *http.Request) (programme.PlanInput, map[int]fault.Text) {
	in := programme.PlanInput{Title: formValue(r, "title"), Notes: formValue(r, "notes"), ProvinceCode: formValue(r, "province_code")}
	in.Year, _ = strconv.Atoi(formValue(r, "year"))
	bad := map[int]fault.Text{}
	for i, l := range planGrid() {
		k := planLineKey(l)
		n, ok0 := parseWhole(formValue(r, "count-"+k))
		st, ok1 := parseWhole(formValue(r, "state-"+k))
		cp, ok2 := parseWhole(formValue(r, "counterpart-"+k))
		if !ok0 || !ok1 || !ok2 {
			bad[i] = fault.Text{Vi: "Nhập số nguyên: số lượng và số tiền (đồng), dấu chấm ngăn cách hàng nghìn, ví dụ 1.500.000.000 (không dùng dấu phẩy).",
				En: "Enter whole numbers: the count and amounts in đồng, dots between thousands, e.g. 1.500.000.000 (no comma)."}
		}
		l.PlannedCount, l.StateBudget, l.Counterpart = int(n), st, cp
		in.Lines = append(in.Lines, l)
	}
	return in, bad
}

func (h *Handler) planPage(lang string, in programme.PlanInput, errs map[string]string) *setupPlanPage {
	p := &setupPlanPage{Year: in.Year, Title: in.Title, Notes: in.Notes}
	byKey := map[string]programme.PlanLine{}
	for _, l := range in.Lines {
		byKey[planLineKey(l)] = l
	}
	grid := planGrid()
	plan := programme.Plan{}
	for i, g := range grid {
		l := byKey[planLineKey(g)]
		row := planLineRow{Key: planLineKey(g), Index: i, Track: g.Track.Label().In(lang), Type: g.Type.Label().In(lang),
			CountN: l.PlannedCount, StateN: l.StateBudget, CounterN: l.Counterpart, Error: errs["lines."+strconv.Itoa(i)]}
		if l.PlannedCount != 0 {
			row.Count = strconv.Itoa(l.PlannedCount)
		}
		if l.StateBudget != 0 {
			row.State = vn.Int(l.StateBudget)
		}
		if l.Counterpart != 0 {
			row.Counterpart = vn.Int(l.Counterpart)
		}
		if i == 0 || grid[i-1].Track != g.Track {
			row.TrackFirst, row.TrackSpan = true, len(programme.TrackTypes(g.Track))
		}
		p.Lines = append(p.Lines, row)
		if l.PlannedCount != 0 || l.StateBudget != 0 || l.Counterpart != 0 {
			plan.Lines = append(plan.Lines, l)
		}
	}
	byTrack, all := plan.Totals()
	for _, t := range byTrack {
		p.Totals = append(p.Totals, planTotalRow{Track: t.Track.Label().In(lang), Count: t.PlannedCount, State: t.StateBudget, Counterpart: t.Counterpart, Total: t.Total()})
	}
	p.Total = planTotalRow{Count: all.PlannedCount, State: all.StateBudget, Counterpart: all.Counterpart, Total: all.Total()}
	return p
}

func (h *Handler) renderPlanNew(w http.ResponseWriter, r *http.Request, status int, in programme.PlanInput, fe formErrors) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	prog, err := h.programme.Programme(r.Context())
	if err != nil {
		return err
	}
	p := h.planPage(lang, in, fe.Errors)
	p.Form, p.New, p.Editable, p.Action = fe, true, true, "/programme/plans"
	for y := prog.StartYear; y <= prog.EndYear; y++ {
		p.YearOpts = append(p.YearOpts, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == in.Year})
	}
	if a.Role == auth.RoleProvince {
		p.Unit = h.provinceName(a.ProvinceCode)
	} else {
		p.UnitOpts = append([]option{{Value: "", Label: text("setup.unit_ministry").In(lang), Selected: in.ProvinceCode == ""}},
			h.provinceOptions(in.ProvinceCode)...)
	}
	// A year that has a plan for the unit: link the plan.
	if fe.Errors["year"] != "" {
		unit := in.ProvinceCode
		if a.Role == auth.RoleProvince {
			unit = a.ProvinceCode
		}
		if ps, err := h.programme.Plans(r.Context(), in.Year); err == nil {
			for _, old := range ps {
				if old.ProvinceCode == unit {
					p.Existing = planHref(old.ID)
				}
			}
		}
	}
	return h.render(w, r, status, "programme_setup_plan", text("setup.plan_new_title"), p)
}

func (h *Handler) handlePlanNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := officer(r); err != nil {
		return err
	}
	year := h.programme.CallNow().In(vn.Zone).Year() + 1
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		year = y
	}
	return h.renderPlanNew(w, r, http.StatusOK, programme.PlanInput{Year: year}, formErrors{})
}

// gridErrors is the form error of rows that did not parse.
func gridErrors(lang string, bad map[int]fault.Text) formErrors {
	fe := formErrors{Message: text("setup.fix_errors").In(lang), Errors: map[string]string{}}
	for i, t := range bad {
		fe.Errors["lines."+strconv.Itoa(i)] = t.In(lang)
	}
	return fe
}

func (h *Handler) handlePlanCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := officer(r); err != nil {
		return err
	}
	in, bad := planForm(r)
	if len(bad) > 0 {
		return h.renderPlanNew(w, r, http.StatusUnprocessableEntity, in, gridErrors(h.lang(r), bad))
	}
	keep := in
	keep.Lines = slices.Clone(in.Lines)
	p, err := h.programme.CreatePlan(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderPlanNew(w, r, formStatus(err), keep, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("setup.flash_plan_created"))
	redirect(w, r, planHref(p.ID))
	return nil
}

func (h *Handler) renderPlan(w http.ResponseWriter, r *http.Request, status int, id programme.PlanID, in *programme.PlanInput, appr *programme.ApproveInput, fe formErrors) error {
	ctx := r.Context()
	pl, err := h.programme.Plan(ctx, id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	src := programme.PlanInput{Year: pl.Year, ProvinceCode: pl.ProvinceCode, Title: pl.Title, Notes: pl.Notes, Lines: pl.Lines}
	if in != nil {
		src.Title, src.Notes, src.Lines = in.Title, in.Notes, in.Lines
	}
	p := h.planPage(lang, src, fe.Errors)
	run := h.programme.MayRun(ctx, pl.ProvinceCode)
	p.Form, p.ID, p.Version, p.Unit, p.Action = fe, pl.ID, pl.Version, h.unitName(lang, pl.ProvinceCode), planHref(pl.ID)
	p.XLSX = planHref(pl.ID) + "/lines.xlsx"
	p.Editable = run && pl.Status == programme.PlanDraft
	p.CanApprove = p.Editable
	row := h.planRow(lang, pl)
	p.Status, p.StatusText, p.Badge, p.Decision = row.Status, row.StatusText, row.Badge, row.Decision
	p.CreatedAt, p.UpdatedAt = pl.CreatedAt, pl.UpdatedAt
	if appr != nil {
		p.DecisionNo, p.DecisionDay = appr.DecisionNo, appr.DecisionDate
	}
	title := fmtText(text("setup.plan_title"), "{year}", strconv.Itoa(pl.Year), "{unit}", h.unitName("vi", pl.ProvinceCode), "{unit_en}", h.unitName("en", pl.ProvinceCode))
	return h.render(w, r, status, "programme_setup_plan", title, p)
}

func (h *Handler) handlePlanShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderPlan(w, r, http.StatusOK, programme.PlanID(id), nil, nil, formErrors{})
}

func (h *Handler) handlePlanUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in, bad := planForm(r)
	if len(bad) > 0 {
		return h.renderPlan(w, r, http.StatusUnprocessableEntity, programme.PlanID(id), &in, nil, gridErrors(h.lang(r), bad))
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	keep := in
	keep.Lines = slices.Clone(in.Lines)
	if _, err := h.programme.UpdatePlan(r.Context(), programme.PlanID(id), version, in); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderPlan(w, r, formStatus(err), programme.PlanID(id), &keep, nil, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("setup.flash_plan_saved"))
	redirect(w, r, planHref(programme.PlanID(id)))
	return nil
}

func (h *Handler) handlePlanApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	in := programme.ApproveInput{DecisionNo: formValue(r, "decision_no"), DecisionDate: formValue(r, "decision_date")}
	if _, err := h.programme.ApprovePlan(r.Context(), programme.PlanID(id), version, in); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderPlan(w, r, formStatus(err), programme.PlanID(id), nil, &in, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("setup.flash_plan_approved"))
	redirect(w, r, planHref(programme.PlanID(id)))
	return nil
}

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
