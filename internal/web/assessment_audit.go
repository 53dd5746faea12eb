package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The pages of assessments (self, independent): the lists, starting a
// self-assessment, asking for an independent one, the results
// (assessment_audit_show.go), assigning an assessor, and the audit form
// (assessment_audit_form.go). Authorization is the assessment service's;
// the pages only hide what the actor cannot do.

// registerAssessing registers the pages of this area.
func (h *Handler) registerAssessing(mux Router) {
	h.handle(mux, "GET /assessments", h.handleAssessments)
	h.handle(mux, "GET /assessments.xlsx", h.handleAssessmentsXLSX)
	h.handle(mux, "GET /assessments/new", h.handleAssessmentNew)
	h.handle(mux, "POST /assessments", h.handleAssessmentCreate)
	h.handle(mux, "GET /assessments/request", h.handleAssessmentRequestForm)
	h.handle(mux, "POST /assessments/request", h.handleAssessmentRequest)
	h.handle(mux, "GET /assessments/{id}", h.handleAssessmentShow)
	h.handle(mux, "GET /assessments/{id}/audit", h.handleAsmForm)
	h.handle(mux, "POST /assessments/{id}/answers", h.handleAsmAnswer)
	h.handle(mux, "POST /assessments/{id}/start", h.handleAsmStart)
	h.handle(mux, "POST /assessments/{id}/submit", h.handleAsmSubmit)
	h.handle(mux, "POST /assessments/{id}/cancel", h.handleAsmCancel)
	h.handle(mux, "GET /assessments/{id}/assign", h.handleAsmAssignForm)
	h.handle(mux, "POST /assessments/{id}/assign", h.handleAsmAssign)
}

// assessmentPages lists this area's page templates with a zero model each.
func assessmentPages() map[string]page {
	return map[string]page{
		"assessment_list":    &asmListPage{},
		"assessment_new":     &asmStartPage{},
		"assessment_request": &asmRequestPage{},
		"assessment_show":    &asmShowPage{},
		"assessment_assign":  &asmAssignPage{},
		"assessment_audit":   &asmFormPage{},
	}
}

func assessmentHref(id assessment.AssessmentID) string {
	return "/assessments/" + strconv.FormatInt(int64(id), 10)
}

// asmStatusBadge is the badge class of a status.
func asmStatusBadge(s assessment.Status) string {
	switch s {
	case assessment.StatusSubmitted, assessment.StatusRecognised:
		return "badge-ok"
	case assessment.StatusInProgress, assessment.StatusAssigned:
		return "badge-info"
	case assessment.StatusRequested:
		return "badge-warn"
	case assessment.StatusNotRecognised:
		return "badge-danger"
	}
	return "badge-muted"
}

// asmPct writes a percentage with one decimal, Vietnamese style.
func asmPct(f float64) string { return vn.Decimal(f, 1) + "%" }

// asmLevels names the levels of assessments' versions (read once per
// page).
type asmLevels struct {
	h        *Handler
	ctx      context.Context
	versions map[assessment.VersionID]*assessment.Version
}

func (h *Handler) newAuditLevels(ctx context.Context) *asmLevels {
	return &asmLevels{h: h, ctx: ctx, versions: map[assessment.VersionID]*assessment.Version{}}
}

// name returns the name of x's level, "" when it reached none (or is not
// submitted).
func (l *asmLevels) name(x *assessment.Assessment, lang string) string {
	if x.LevelCode == "" {
		return ""
	}
	v, ok := l.versions[x.VersionID]
	if !ok {
		v, _ = l.h.assess.AuditVersion(l.ctx, x.VersionID)
		l.versions[x.VersionID] = v
	}
	if v != nil {
		if lv := v.Body.Level(x.LevelCode); lv != nil {
			return lv.Name.In(lang)
		}
	}
	return x.LevelCode
}

// asmRow is an assessment in a list.
type asmRow struct {
	ID         assessment.AssessmentID
	Href       string
	Enterprise string
	TaxCode    string
	Province   string
	Scheme     string
	VersionNo  int
	Mode       string
	Status     string
	StatusCode string
	Badge      string
	Site       string
	Assessor   string
	Created    time.Time
	Submitted  *time.Time
	Score      string // "" before submission
	Level      string
	Open       bool
}

func (h *Handler) asmRowOf(lang string, x *assessment.Assessment, lv *asmLevels) asmRow {
	row := asmRow{ID: x.ID, Href: assessmentHref(x.ID), Enterprise: x.EnterpriseName, TaxCode: x.TaxCode, Province: h.provinceName(x.ProvinceCode),
		Scheme: x.SchemeName.In(lang), VersionNo: x.VersionNo, Mode: x.Mode.Label().In(lang), Status: x.Status.Label().In(lang),
		StatusCode: string(x.Status), Badge: asmStatusBadge(x.Status), Site: x.Site, Assessor: x.AssessorName, Created: x.CreatedAt,
		Submitted: x.SubmittedAt, Open: x.Status.Open()}
	if x.HasResult() {
		row.Score, row.Level = asmPct(x.ScorePct), lv.name(x, lang)
	}
	return row
}

// ---- the list ----

type asmListPage struct {
	Layout
	Enterprise bool // the enterprise's own list, with its two buttons
	Assessor   bool // the assessor's assignments
	Officer    bool // filters, paging, the download
	ToDo       []asmRow
	Rows       []asmRow
	Statuses   []option
	Modes      []option
	Schemes    []option
	Provinces  []option // the ministry's filter (nil for a provincial officer)
	Query      string
	Filtered   bool
	Pager      Pager
	XLSX       string
}

const asmPageSize = 25

// asmQuery reads the list's filters.
func (h *Handler) asmQuery(r *http.Request) assessment.AssessmentQuery {
	qs := r.URL.Query()
	q := assessment.AssessmentQuery{Status: assessment.Status(qs.Get("status")), Mode: assessment.Mode(qs.Get("mode")),
		Province: qs.Get("province"), Query: strings.TrimSpace(qs.Get("q"))}
	if q.Status.Label().Vi == string(q.Status) {
		q.Status = ""
	}
	if q.Mode != assessment.ModeSelf && q.Mode != assessment.ModeIndependent {
		q.Mode = ""
	}
	if id, err := strconv.ParseInt(qs.Get("scheme"), 10, 64); err == nil && id > 0 {
		q.SchemeID = assessment.SchemeID(id)
	}
	if _, ok := h.geo.Province(q.Province); !ok {
		q.Province = ""
	}
	if len([]rune(q.Query)) > 100 {
		q.Query = string([]rune(q.Query)[:100])
	}
	return q
}

var asmStatuses = []assessment.Status{assessment.StatusRequested, assessment.StatusAssigned, assessment.StatusInProgress,
	assessment.StatusSubmitted, assessment.StatusRecognised, assessment.StatusNotRecognised, assessment.StatusCancelled}

func (h *Handler) handleAssessments(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	q := h.asmQuery(r)
	page := pageParam(r.URL.Query())
	q.Offset, q.Limit = (page-1)*asmPageSize, asmPageSize
	p := &asmListPage{Query: q.Query}
	switch {
	case a.Role == auth.RoleEnterprise:
		p.Enterprise = auth.Can(a, auth.ActSelfAssess)
	case auth.Can(a, auth.ActAssessmentView):
		p.Officer = true
	case auth.Can(a, auth.ActAssessIndependent):
		p.Assessor = true
	}
	if !p.Officer {
		q = assessment.AssessmentQuery{Offset: q.Offset, Limit: q.Limit}
	}
	xs, total, err := h.assess.Assessments(ctx, q)
	if err != nil {
		return err
	}
	lv := h.newAuditLevels(ctx)
	for _, x := range xs {
		row := h.asmRowOf(lang, x, lv)
		if p.Assessor && (x.Status == assessment.StatusAssigned || x.Status == assessment.StatusInProgress) {
			p.ToDo = append(p.ToDo, row)
			continue
		}
		p.Rows = append(p.Rows, row)
	}
	p.Pager = newPager(r, page, asmPageSize, total)
	if p.Officer {
		p.Filtered = q.Status != "" || q.Mode != "" || q.SchemeID != 0 || q.Province != "" || q.Query != ""
		p.XLSX = xlsxHref("/assessments.xlsx", r.URL.Query())
		for _, st := range asmStatuses {
			p.Statuses = append(p.Statuses, option{Value: string(st), Label: st.Label().In(lang), Selected: st == q.Status})
		}
		for _, m := range []assessment.Mode{assessment.ModeSelf, assessment.ModeIndependent} {
			p.Modes = append(p.Modes, option{Value: string(m), Label: m.Label().In(lang), Selected: m == q.Mode})
		}
		if a.Role != auth.RoleProvince {
			p.Provinces = h.provinceOptions(q.Province)
		}
		schemes, err := h.assess.Schemes(ctx)
		if err != nil {
			return err
		}
		for _, sc := range schemes {
			p.Schemes = append(p.Schemes, option{Value: strconv.FormatInt(int64(sc.ID), 10), Label: sc.Name.In(lang), Selected: sc.ID == q.SchemeID})
		}
	}
	return h.render(w, r, http.StatusOK, "assessment_list", text("asm.list_title"), p)
}

// handleAssessmentsXLSX downloads the officers' list under its filters.
func (h *Handler) handleAssessmentsXLSX(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActAssessmentView) || a.Role == auth.RoleEnterprise {
		return &fault.Error{Kind: fault.Forbidden, Message: text("asm.officers_only")}
	}
	ctx := r.Context()
	lang := h.lang(r)
	q := h.asmQuery(r)
	t := &xlsxTable{Sheet: text("asm.list_title"), File: "danh-gia", Cols: []xlsxCol{
		{Label: xt("Số", "No."), Kind: xInt, Width: 8}, {Label: text("asm.enterprise"), Width: 40}, {Label: text("asm.tax_code"), Width: 14},
		{Label: text("asm.province"), Width: 16}, {Label: text("asm.scheme"), Width: 30}, {Label: text("asm.version"), Kind: xInt, Width: 8},
		{Label: text("asm.mode"), Width: 18}, {Label: text("asm.status"), Width: 16}, {Label: text("asm.site"), Width: 28},
		{Label: text("asm.assessor"), Width: 24}, {Label: text("asm.created"), Kind: xDate, Width: 14},
		{Label: text("asm.submitted"), Kind: xDate, Width: 14}, {Label: text("asm.score"), Kind: xDec, Width: 10},
		{Label: text("asm.points"), Kind: xDec, Width: 10}, {Label: text("asm.level"), Width: 18}}}
	lv := h.newAuditLevels(ctx)
	q.Limit = 200
	for {
		xs, total, err := h.assess.Assessments(ctx, q)
		if err != nil {
			return err
		}
		full := false
		for _, x := range xs {
			var submitted, score, points, level any
			if x.SubmittedAt != nil {
				submitted = *x.SubmittedAt
			}
			if x.HasResult() {
				score, level = x.ScorePct, lv.name(x, lang)
				if x.Points > 0 {
					points = x.Points
				}
			}
			if !t.add(int64(x.ID), x.EnterpriseName, x.TaxCode, h.provinceName(x.ProvinceCode), x.SchemeName.In(lang), x.VersionNo,
				x.Mode.Label().In(lang), x.Status.Label().In(lang), x.Site, x.AssessorName, x.CreatedAt, submitted, score, points, level) {
				full = true
				break
			}
		}
		q.Offset += len(xs)
		if full || len(xs) == 0 || q.Offset >= total {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}

// ---- starting a self-assessment, asking for an independent one ----

type asmStartPage struct {
	Layout
	Form    formErrors
	Schemes []option
	Site    string
}

// asmSchemeOptions lists the published schemes, selected marked.
func (h *Handler) asmSchemeOptions(ctx context.Context, lang string, selected assessment.SchemeID) ([]option, error) {
	schemes, err := h.assess.Schemes(ctx)
	if err != nil {
		return nil, err
	}
	var out []option
	for _, sc := range schemes {
		out = append(out, option{Value: strconv.FormatInt(int64(sc.ID), 10),
			Label: sc.Name.In(lang) + " (" + text("asm.version").In(lang) + " " + strconv.Itoa(sc.PublishedNo) + ")", Selected: sc.ID == selected})
	}
	return out, nil
}

// selfAssessor requires an enterprise's representative.
func selfAssessor(r *http.Request) (*auth.Actor, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActSelfAssess) {
		return nil, &fault.Error{Kind: fault.Forbidden, Message: text("asm.enterprise_only")}
	}
	return a, nil
}

func (h *Handler) renderAsmStart(w http.ResponseWriter, r *http.Request, status int, in assessment.StartInput, fe formErrors) error {
	p := &asmStartPage{Form: fe, Site: in.Site}
	var err error
	if p.Schemes, err = h.asmSchemeOptions(r.Context(), h.lang(r), in.SchemeID); err != nil {
		return err
	}
	return h.render(w, r, status, "assessment_new", text("asm.new_title"), p)
}

func (h *Handler) handleAssessmentNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := selfAssessor(r); err != nil {
		return err
	}
	var in assessment.StartInput
	if id, err := strconv.ParseInt(r.URL.Query().Get("scheme"), 10, 64); err == nil {
		in.SchemeID = assessment.SchemeID(id)
	}
	return h.renderAsmStart(w, r, http.StatusOK, in, formErrors{})
}

func formSchemeID(r *http.Request) assessment.SchemeID {
	id, _ := strconv.ParseInt(formValue(r, "scheme_id"), 10, 64)
	return assessment.SchemeID(id)
}

func (h *Handler) handleAssessmentCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := assessment.StartInput{SchemeID: formSchemeID(r), Site: formValue(r, "site")}
	x, err := h.assess.StartSelf(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderAsmStart(w, r, http.StatusUnprocessableEntity, in, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("asm.flash_started"))
	redirect(w, r, assessmentHref(x.ID)+"/audit")
	return nil
}

type asmRequestPage struct {
	Layout
	Form    formErrors
	Schemes []option
	Selfs   []option // submitted self-assessments to base it on
	Site    string
	Note    string
}

func (h *Handler) renderAsmRequest(w http.ResponseWriter, r *http.Request, status int, in assessment.RequestInput, fe formErrors) error {
	ctx := r.Context()
	lang := h.lang(r)
	p := &asmRequestPage{Form: fe, Site: in.Site, Note: in.Note}
	var err error
	if p.Schemes, err = h.asmSchemeOptions(ctx, lang, in.SchemeID); err != nil {
		return err
	}
	xs, _, err := h.assess.Assessments(ctx, assessment.AssessmentQuery{Status: assessment.StatusSubmitted, Mode: assessment.ModeSelf, Limit: 50})
	if err != nil {
		return err
	}
	for _, x := range xs {
		p.Selfs = append(p.Selfs, option{Value: strconv.FormatInt(int64(x.ID), 10),
			Label:    x.SchemeName.In(lang) + " · " + x.Site + " · " + vn.Date(timeOf(x.SubmittedAt)) + " · " + asmPct(x.ScorePct),
			Selected: x.ID == in.BasedOn})
	}
	return h.render(w, r, status, "assessment_request", text("asm.request_title"), p)
}

func (h *Handler) handleAssessmentRequestForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := selfAssessor(r); err != nil {
		return err
	}
	var in assessment.RequestInput
	qs := r.URL.Query()
	if id, err := strconv.ParseInt(qs.Get("based_on"), 10, 64); err == nil && id > 0 {
		in.BasedOn = assessment.AssessmentID(id)
		if x, err := h.assess.Assessment(r.Context(), in.BasedOn); err == nil {
			in.SchemeID, in.Site = x.SchemeID, x.Site
		}
	}
	return h.renderAsmRequest(w, r, http.StatusOK, in, formErrors{})
}

func (h *Handler) handleAssessmentRequest(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := assessment.RequestInput{SchemeID: formSchemeID(r), Site: formValue(r, "site"), Note: formValue(r, "note")}
	if id, err := strconv.ParseInt(formValue(r, "based_on"), 10, 64); err == nil {
		in.BasedOn = assessment.AssessmentID(id)
	}
	x, err := h.assess.RequestIndependent(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderAsmRequest(w, r, statusOfForm(err), in, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("asm.flash_requested"))
	redirect(w, r, assessmentHref(x.ID))
	return nil
}

// statusOfForm is the status of a form shown again: 409 for a conflict,
// 422 otherwise.
func statusOfForm(err error) int {
	if fault.Is(err, fault.Conflict) {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// ---- transitions: start, submit, cancel ----

// asmTransition runs move on the posted assessment and comes back to
// its page with the outcome as a flash message.
func (h *Handler) asmTransition(w http.ResponseWriter, r *http.Request, move func(ctx context.Context, id assessment.AssessmentID, version int) (string, error), flash fault.Text) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	to, err := move(r.Context(), assessment.AssessmentID(id), version)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		h.flash(r.Context(), "error", fault.MessageOf(err))
		back := assessmentHref(assessment.AssessmentID(id))
		if b := formValue(r, "back"); strings.HasPrefix(b, back+"/audit") {
			back = b
		}
		redirect(w, r, back)
		return nil
	}
	h.flash(r.Context(), "success", flash)
	if to == "" {
		to = assessmentHref(assessment.AssessmentID(id))
	}
	redirect(w, r, to)
	return nil
}

func (h *Handler) handleAsmStart(w http.ResponseWriter, r *http.Request) error {
	return h.asmTransition(w, r, func(ctx context.Context, id assessment.AssessmentID, v int) (string, error) {
		_, err := h.assess.StartAudit(ctx, id, v)
		return assessmentHref(id) + "/audit", err
	}, text("asm.flash_audit_started"))
}

func (h *Handler) handleAsmSubmit(w http.ResponseWriter, r *http.Request) error {
	return h.asmTransition(w, r, func(ctx context.Context, id assessment.AssessmentID, v int) (string, error) {
		_, err := h.assess.Submit(ctx, id, v)
		return "", err
	}, text("asm.flash_submitted"))
}

func (h *Handler) handleAsmCancel(w http.ResponseWriter, r *http.Request) error {
	return h.asmTransition(w, r, func(ctx context.Context, id assessment.AssessmentID, v int) (string, error) {
		_, err := h.assess.Cancel(ctx, id, v, formValue(r, "reason"))
		return "", err
	}, text("asm.flash_cancelled"))
}

// ---- assigning an assessor ----

type asmCandidateRow struct {
	UserID   auth.UserID
	Name     string
	Email    string
	Number   string
	Expires  time.Time
	Ties     []string
	Eligible bool
	Reason   string
	Checked  bool
}

type asmAssignPage struct {
	Layout
	Form       formErrors
	ID         assessment.AssessmentID
	Href       string
	Version    int
	Enterprise string
	Scheme     string
	Site       string
	Note       string
	Current    string // the assessor assigned now, if any
	Candidates []asmCandidateRow
}

func (h *Handler) renderAsmAssign(w http.ResponseWriter, r *http.Request, status int, id assessment.AssessmentID, chosen auth.UserID, fe formErrors) error {
	ctx := r.Context()
	lang := h.lang(r)
	sh, err := h.assess.Sheet(ctx, id)
	if err != nil {
		return err
	}
	cs, err := h.assess.Candidates(ctx, id)
	if err != nil {
		return err
	}
	x := sh.Assessment
	if !sh.Perms.Assign {
		h.flash(ctx, "error", text("asm.assign_closed"))
		redirect(w, r, assessmentHref(id))
		return nil
	}
	p := &asmAssignPage{Form: fe, ID: x.ID, Href: assessmentHref(x.ID), Version: x.Version, Enterprise: x.EnterpriseName,
		Scheme: x.SchemeName.In(lang), Site: x.Site, Note: sh.Note, Current: x.AssessorName}
	for _, c := range cs {
		row := asmCandidateRow{UserID: c.UserID, Name: c.Name, Email: c.Email, Eligible: c.Eligible, Reason: c.Reason.In(lang),
			Checked: c.UserID == chosen}
		if c.Accreditation != nil {
			row.Number, row.Expires = c.Accreditation.Number, c.Accreditation.ExpiresOn
		}
		for _, t := range c.Ties {
			if t.Kind == "relation" {
				row.Ties = append(row.Ties, fmtText(text("asm.tie_relation"), "{date}", vn.Date(t.Since)).In(lang))
			} else {
				row.Ties = append(row.Ties, fmtText(text("asm.tie_engagement"), "{date}", vn.Date(t.Since)).In(lang))
			}
		}
		p.Candidates = append(p.Candidates, row)
	}
	return h.render(w, r, status, "assessment_assign", text("asm.assign_title"), p)
}

func (h *Handler) handleAsmAssignForm(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderAsmAssign(w, r, http.StatusOK, assessment.AssessmentID(id), 0, formErrors{})
}

func (h *Handler) handleAsmAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	uid, _ := strconv.ParseInt(formValue(r, "assessor_id"), 10, 64)
	x, err := h.assess.Assign(r.Context(), assessment.AssessmentID(id), version, auth.UserID(uid))
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderAsmAssign(w, r, statusOfForm(err), assessment.AssessmentID(id), auth.UserID(uid), newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", fmtText(text("asm.flash_assigned"), "{name}", x.AssessorName))
	redirect(w, r, assessmentHref(x.ID))
	return nil
}

// asmLocalNext is next if it is a page of the audit form of x, else
// the form's first page.
func asmLocalNext(x assessment.AssessmentID, next string) string {
	base := assessmentHref(x) + "/audit"
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" || u.Path != base && u.Path != assessmentHref(x) {
		return base
	}
	return u.String()
}
