package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/vn"
)

// The judge's score sheet of an entry: the entry (without the entrant
// when the contest is blind), one line per criterion with the score and a
// comment, the overall comment; a draft is saved, then submitted.

type jdScoreLine struct {
	Code       string
	Name       string
	Guidance   string
	Max        string
	Answer     template.HTML // the entrant's answer on this criterion
	Value      string
	Comment    string
	Error      string
	CommentErr string
	Others     []string // other judges' points, from the consensus round
}

type jdScoreKPI struct {
	Name, Unit, Before, After, Evidence string
	Verified                            bool
}

type jdEntryScorePage struct {
	Layout
	Action      string
	Contest     string
	Status      string
	Code        string
	Title       string
	Entrant     string // "" when blind
	TaxCode     string
	Province    string
	Blind       bool
	Summary     template.HTML
	KPIs        []jdScoreKPI
	Lines       []jdScoreLine
	Comment     string
	Version     int
	Editable    bool
	SheetState  string
	Total       string
	MaxTotal    string
	Others      []string // other judges' overall comments, from the consensus round
	OtherNames  []string
	Form        formErrors
	Reason      string
	ConflictURL string
}

func (h *Handler) scorePage(r *http.Request, id contest.EntryID, posted map[string]string, fe formErrors) (*jdEntryScorePage, error) {
	sh, err := h.contest.Sheet(r.Context(), id)
	if err != nil {
		return nil, err
	}
	lang := h.lang(r)
	e, c, a := sh.Entry, sh.Contest, sh.Assignment
	p := &jdEntryScorePage{Action: jdEntryHref(e.ID) + "/score", Contest: c.Title, Status: c.Status.Label().In(lang), Code: e.Code, Title: e.Title,
		Blind: sh.Blind, Summary: markdown.Render(e.SummaryMD), Comment: a.Comment, Version: a.Version, Editable: sh.Editable,
		SheetState: a.Status.Label().In(lang), Total: jdPts(a.Total()), MaxTotal: jdPts(c.MaxPoints), Form: fe, ConflictURL: jdEntryHref(e.ID) + "/conflict"}
	if !sh.Blind {
		p.Entrant, p.TaxCode, p.Province = e.EnterpriseName, e.TaxCode, h.provinceName(e.ProvinceCode)
	}
	for _, k := range e.KPIs {
		p.KPIs = append(p.KPIs, jdScoreKPI{Name: k.Name, Unit: k.Unit, Before: vn.Decimal(k.Before, 2), After: vn.Decimal(k.After, 2),
			Evidence: k.Evidence, Verified: k.Verified})
	}
	for _, o := range sh.Others {
		p.OtherNames = append(p.OtherNames, o.JudgeName)
		p.Others = append(p.Others, o.Comment)
	}
	for _, cr := range c.Criteria {
		l := jdScoreLine{Code: cr.Code, Name: cr.Name, Guidance: cr.Guidance, Max: jdPts(cr.MaxPoints), Answer: markdown.Render(e.Form[cr.Code]),
			Error: fe.Errors["score_"+cr.Code], CommentErr: fe.Errors["comment_"+cr.Code]}
		if m, ok := a.Marks[cr.Code]; ok {
			l.Value, l.Comment = strings.Replace(strconv.FormatFloat(m.Points, 'f', -1, 64), ".", ",", 1), m.Comment
		}
		if v, ok := posted["score_"+cr.Code]; ok {
			l.Value, l.Comment = v, posted["comment_"+cr.Code]
		}
		for _, o := range sh.Others {
			l.Others = append(l.Others, o.JudgeName+": "+jdPts(o.Marks[cr.Code].Points))
		}
		p.Lines = append(p.Lines, l)
	}
	if v, ok := posted["comment"]; ok {
		p.Comment = v
	}
	p.Reason = posted["reason"]
	return p, nil
}

func (h *Handler) renderScore(w http.ResponseWriter, r *http.Request, status int, id contest.EntryID, posted map[string]string, fe formErrors) error {
	p, err := h.scorePage(r, id, posted, fe)
	if err != nil {
		return err
	}
	return h.render(w, r, status, "entry_score", fault.Text{Vi: "Chấm bài " + p.Code, En: "Score " + p.Code}, p)
}

func (h *Handler) handleScoreSheet(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderScore(w, r, http.StatusOK, contest.EntryID(id), nil, formErrors{})
}

func (h *Handler) handleScore(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	sh, err := h.contest.Sheet(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	posted := map[string]string{"comment": r.PostFormValue("comment")}
	in := contest.ScoreInput{Marks: map[string]contest.Mark{}, Comment: r.PostFormValue("comment"), Submit: formValue(r, "action") == "submit"}
	in.Version, _ = strconv.Atoi(formValue(r, "version"))
	bad := fault.Fields{}
	for _, cr := range sh.Contest.Criteria {
		v, cm := formValue(r, "score_"+cr.Code), r.PostFormValue("comment_"+cr.Code)
		posted["score_"+cr.Code], posted["comment_"+cr.Code] = v, cm
		if v == "" {
			if cm != "" {
				bad.Add("score_"+cr.Code, "Nhập điểm cho tiêu chí có nhận xét.", "Enter the score of a criterion you comment on.")
			}
			continue
		}
		f, err := vn.ParseDecimal(v)
		if err != nil {
			bad.Add("score_"+cr.Code, "Điểm không phải là số.", "The score is not a number.")
			continue
		}
		in.Marks[cr.Code] = contest.Mark{Points: f, Comment: cm}
	}
	err = bad.Err()
	if err == nil {
		_, err = h.contest.Score(r.Context(), contest.EntryID(id), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderScore(w, r, formStatus(err), contest.EntryID(id), posted, newFormErrors(h.lang(r), err, nil))
	}
	if in.Submit {
		h.flash(r.Context(), "success", text("judging.flash_submitted"))
	} else {
		h.flash(r.Context(), "success", text("judging.flash_saved"))
	}
	redirect(w, r, jdEntryHref(contest.EntryID(id))+"/score")
	return nil
}

func (h *Handler) handleDeclareConflict(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if err := h.contest.DeclareConflict(r.Context(), contest.EntryID(id), reason); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderScore(w, r, formStatus(err), contest.EntryID(id), map[string]string{"reason": reason}, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("judging.flash_conflict"))
	redirect(w, r, "/judging")
	return nil
}
