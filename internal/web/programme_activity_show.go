package web

import (
	"net/http"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

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
