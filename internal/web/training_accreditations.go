package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// ---- the assessors' accreditations per scheme ----

// accreditationRow is an accreditation in a list.
type accreditationRow struct {
	ID         assessment.AccreditationID
	Href       string
	Assessor   string
	Scheme     string
	Number     string
	GrantedOn  time.Time
	ExpiresOn  time.Time
	Status     string
	StatusText string
	Badge      string
	Expiring   bool // active, expiring within assessment.ExpiringDays
}

func accreditationRowOf(lang string, x *assessment.Accreditation, today time.Time) accreditationRow {
	st := x.StandingOn(today)
	row := accreditationRow{ID: x.ID, Href: accreditationHref(x.ID), Assessor: x.UserName, Scheme: x.SchemeName.In(lang), Number: x.Number,
		GrantedOn: x.GrantedOn, ExpiresOn: x.ExpiresOn, Status: string(st), StatusText: st.Label().In(lang)}
	switch st {
	case assessment.AccreditationActive:
		row.Badge = "badge-ok"
		row.Expiring = x.ExpiresOn.Before(today.AddDate(0, 0, assessment.ExpiringDays+1))
		if row.Expiring {
			row.Badge = "badge-warn"
		}
	case assessment.AccreditationSuspended:
		row.Badge = "badge-warn"
	case assessment.AccreditationWithdrawn:
		row.Badge = "badge-danger"
	default:
		row.Badge = "badge-muted"
	}
	return row
}

type accreditationsPage struct {
	Layout
	Tabs      []trainingTab
	Schemes   []option
	Statuses  []option
	Filtered  bool
	Rows      []accreditationRow
	Pager     Pager
	CanManage bool
	Own       bool // an assessor's own list
}

// schemeOptions lists the schemes, selected marked.
func (h *Handler) schemeOptions(r *http.Request, selected assessment.SchemeID) ([]option, error) {
	scs, err := h.assess.Schemes(r.Context())
	if err != nil {
		return nil, err
	}
	lang := h.lang(r)
	out := make([]option, 0, len(scs))
	for _, sc := range scs {
		out = append(out, option{Value: strconv.FormatInt(int64(sc.ID), 10), Label: sc.Name.In(lang), Selected: sc.ID == selected})
	}
	return out, nil
}

// accreditationFilters are the status filters of the list, in order.
var accreditationFilters = []struct {
	Value string
	Label fault.Text
}{{"active", text("accr.filter_active")}, {"expiring", text("accr.filter_expiring")}, {"expired", text("accr.filter_expired")},
	{"suspended", text("accr.filter_suspended")}, {"withdrawn", text("accr.filter_withdrawn")}}

func (h *Handler) handleAccreditations(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	sid, _ := strconv.ParseInt(qs.Get("scheme"), 10, 64)
	q := assessment.AccreditationQuery{SchemeID: assessment.SchemeID(sid), Status: qs.Get("status"), Page: pageParam(qs), PerPage: 50}
	list, total, err := h.assess.Accreditations(ctx, q)
	if err != nil {
		return err
	}
	p := &accreditationsPage{Tabs: h.trainingTabs(r, "/accreditations"), Filtered: sid != 0 || q.Status != "", Pager: newPager(r, q.Page, q.PerPage, total),
		CanManage: h.assess.MayManageAccreditations(ctx), Own: auth.Can(a, auth.ActAssessIndependent)}
	if p.Schemes, err = h.schemeOptions(r, q.SchemeID); err != nil {
		return err
	}
	for _, st := range accreditationFilters {
		p.Statuses = append(p.Statuses, option{Value: st.Value, Label: st.Label.In(lang), Selected: st.Value == q.Status})
	}
	today := h.training.Today()
	for _, x := range list {
		p.Rows = append(p.Rows, accreditationRowOf(lang, x, today))
	}
	title := text("accr.title")
	if p.Own {
		title = text("accr.title_own")
	}
	return h.render(w, r, http.StatusOK, "accreditations", title, p)
}

// accreditationEventRow is an entry of an accreditation's history.
type accreditationEventRow struct {
	Action string
	At     time.Time
	By     string
	Reason string
	Change string // "09/03/2029 → 09/03/2032"
}

type accreditationPage struct {
	Layout
	Tabs       []trainingTab
	Row        accreditationRow
	Note       string
	Version    int
	History    []accreditationEventRow
	CanManage  bool
	CanRenew   bool
	CanSuspend bool
	CanRestore bool
	CanRevoke  bool
	Regrant    string // the grant form for this assessor and scheme, when withdrawn or expired
	Form       formErrors
	Action     string // the form that failed
	NewExpiry  string
	Reason     string
}

func (h *Handler) accreditationPage(r *http.Request, id assessment.AccreditationID, action, expiry, reason string, fe formErrors) (*accreditationPage, *assessment.Accreditation, error) {
	ctx := r.Context()
	lang := h.lang(r)
	x, evs, err := h.assess.Accreditation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p := &accreditationPage{Tabs: h.trainingTabs(r, "/accreditations"), Row: accreditationRowOf(lang, x, h.training.Today()), Note: x.Note,
		Version: x.Version, CanManage: h.assess.MayManageAccreditations(ctx), Form: fe, Action: action, NewExpiry: expiry, Reason: reason}
	p.CanRenew = p.CanManage && x.Status != assessment.AccreditationWithdrawn
	p.CanSuspend = p.CanManage && x.Status == assessment.AccreditationActive
	p.CanRestore = p.CanManage && x.Status == assessment.AccreditationSuspended
	p.CanRevoke = p.CanManage && x.Status != assessment.AccreditationWithdrawn
	if st := x.StandingOn(h.training.Today()); p.CanManage && (st == assessment.AccreditationWithdrawn || st == assessment.AccreditationExpired) {
		p.Regrant = fmt.Sprintf("/accreditations/new?user=%d&scheme=%d", int64(x.UserID), int64(x.SchemeID))
	}
	if p.NewExpiry == "" {
		p.NewExpiry = vn.Date(x.ExpiresOn.AddDate(assessment.AccreditationYears, 0, 0))
	}
	for _, e := range evs {
		row := accreditationEventRow{Action: assessment.AccreditationEventLabel(e.Action).In(lang), At: e.At, By: e.ActorName, Reason: e.Reason}
		switch {
		case e.ExpiresBefore != nil && e.ExpiresAfter != nil:
			row.Change = vn.Date(*e.ExpiresBefore) + " → " + vn.Date(*e.ExpiresAfter)
		case e.ExpiresAfter != nil:
			row.Change = "→ " + vn.Date(*e.ExpiresAfter)
		}
		if e.NumberBefore != "" && e.NumberAfter != "" && e.NumberBefore != e.NumberAfter {
			row.Change = e.NumberBefore + " → " + e.NumberAfter + "; " + row.Change
		}
		p.History = append(p.History, row)
	}
	return p, x, nil
}

func (h *Handler) handleAccreditationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, x, err := h.accreditationPage(r, assessment.AccreditationID(id), "", "", "", formErrors{})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "accreditation", fault.Text{Vi: "Công nhận đánh giá viên " + x.Number, En: "Accreditation " + x.Number}, p)
}

// accreditationChange runs one of the changes and shows the page again
// with the form's error, or goes back to it with a flash.
func (h *Handler) accreditationChange(w http.ResponseWriter, r *http.Request, action string,
	change func(id assessment.AccreditationID, version int) error, ok fault.Text) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	if err := change(assessment.AccreditationID(id), version); err != nil {
		if !isFormError(err) {
			return err
		}
		p, x, perr := h.accreditationPage(r, assessment.AccreditationID(id), action, formValue(r, "expires_on"), formValue(r, "reason"),
			newFormErrors(h.lang(r), err, nil))
		if perr != nil {
			return perr
		}
		return h.render(w, r, formStatus(err), "accreditation", fault.Text{Vi: "Công nhận đánh giá viên " + x.Number, En: "Accreditation " + x.Number}, p)
	}
	h.flash(r.Context(), "success", ok)
	redirect(w, r, accreditationHref(assessment.AccreditationID(id)))
	return nil
}

func (h *Handler) handleAccreditationRenew(w http.ResponseWriter, r *http.Request) error {
	return h.accreditationChange(w, r, "renew", func(id assessment.AccreditationID, v int) error {
		d, ok := dayField(r, "expires_on")
		if !ok {
			return fault.New(fault.Invalid, "Ngày không hợp lệ.", "Not a valid date.").
				Field("expires_on", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
		}
		_, err := h.assess.RenewAccreditation(r.Context(), id, v, d, formValue(r, "reason"))
		return err
	}, text("accr.flash_renewed"))
}

func (h *Handler) handleAccreditationSuspend(w http.ResponseWriter, r *http.Request) error {
	return h.accreditationChange(w, r, "suspend", func(id assessment.AccreditationID, v int) error {
		_, err := h.assess.SuspendAccreditation(r.Context(), id, v, formValue(r, "reason"))
		return err
	}, text("accr.flash_suspended"))
}

func (h *Handler) handleAccreditationReinstate(w http.ResponseWriter, r *http.Request) error {
	return h.accreditationChange(w, r, "reinstate", func(id assessment.AccreditationID, v int) error {
		_, err := h.assess.ReinstateAccreditation(r.Context(), id, v, formValue(r, "reason"))
		return err
	}, text("accr.flash_reinstated"))
}

func (h *Handler) handleAccreditationWithdraw(w http.ResponseWriter, r *http.Request) error {
	return h.accreditationChange(w, r, "withdraw", func(id assessment.AccreditationID, v int) error {
		_, err := h.assess.WithdrawAccreditation(r.Context(), id, v, formValue(r, "reason"))
		return err
	}, text("accr.flash_withdrawn"))
}

// ---- the grant form ----

type accreditationFormPage struct {
	Layout
	Tabs      []trainingTab
	Form      formErrors
	Assessors []option
	Schemes   []option
	Number    string
	GrantedOn string
	ExpiresOn string
	Note      string
}

func (h *Handler) renderAccreditationNew(w http.ResponseWriter, r *http.Request, status int, user, scheme int64, number, granted, expires, note string, fe formErrors) error {
	ctx := r.Context()
	accts, err := h.assess.Assessors(ctx)
	if err != nil {
		return err
	}
	p := &accreditationFormPage{Tabs: h.trainingTabs(r, "/accreditations"), Form: fe, Number: number, GrantedOn: granted, ExpiresOn: expires, Note: note}
	for _, a := range accts {
		p.Assessors = append(p.Assessors, option{Value: strconv.FormatInt(int64(a.ID), 10), Label: a.Name + " — " + a.Email, Selected: int64(a.ID) == user})
	}
	if p.Schemes, err = h.schemeOptions(r, assessment.SchemeID(scheme)); err != nil {
		return err
	}
	return h.render(w, r, status, "accreditation_form", text("accr.new"), p)
}

func (h *Handler) handleAccreditationNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	user, _ := strconv.ParseInt(r.URL.Query().Get("user"), 10, 64)
	scheme, _ := strconv.ParseInt(r.URL.Query().Get("scheme"), 10, 64)
	return h.renderAccreditationNew(w, r, http.StatusOK, user, scheme, "", vn.Date(h.training.Today()), "", "", formErrors{})
}

func (h *Handler) handleAccreditationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	user, _ := strconv.ParseInt(formValue(r, "user_id"), 10, 64)
	scheme, _ := strconv.ParseInt(formValue(r, "scheme_id"), 10, 64)
	in := assessment.AccreditationInput{UserID: auth.UserID(user), SchemeID: assessment.SchemeID(scheme), Number: formValue(r, "number"),
		Note: formValue(r, "note")}
	bad := fault.Fields{}
	var ok bool
	if in.GrantedOn, ok = dayField(r, "granted_on"); !ok {
		bad.Add("granted_on", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	}
	if in.ExpiresOn, ok = dayField(r, "expires_on"); !ok {
		bad.Add("expires_on", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	}
	var err error
	var x *assessment.Accreditation
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		x, err = h.assess.GrantAccreditation(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderAccreditationNew(w, r, formStatus(err), user, scheme, in.Number, formValue(r, "granted_on"), formValue(r, "expires_on"),
			in.Note, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", fmtText(text("accr.flash_granted"), "{n}", x.Number))
	redirect(w, r, accreditationHref(x.ID))
	return nil
}
