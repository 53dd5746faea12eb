package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
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
