package web

import (
	"net/http"
	"strconv"

	"nscl/internal/fault"
	"nscl/internal/programme"
)

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
