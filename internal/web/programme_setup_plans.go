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
	"nscl/internal/vn"
)

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
