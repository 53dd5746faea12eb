package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/catalog"
	"nscl/internal/diagnosis"
	"nscl/internal/fault"
)

// The questionnaire editor (ActQuestionnaireManage): the versions, a draft
// copy of the current version edited question by question and rules as
// JSON, published as the next version.

func (h *Handler) registerQuestionnaireAdmin(mux Router) {
	h.handle(mux, "GET /admin/questionnaire", h.handleQuestionnaireAdmin)
	h.handle(mux, "POST /admin/questionnaire/draft", h.handleQuestionnaireDraft)
	h.handle(mux, "GET /admin/questionnaire/{version}", h.handleQuestionnaireVersion)
	h.handle(mux, "GET /admin/questionnaire/{version}/questions/{code}", h.handleQuestionEdit)
	h.handle(mux, "POST /admin/questionnaire/{version}/questions/{code}", h.handleQuestionSave)
	h.handle(mux, "POST /admin/questionnaire/{version}/questions/{code}/delete", h.handleQuestionDelete)
	h.handle(mux, "GET /admin/questionnaire/{version}/dimensions/{dim}", h.handleDimensionEdit)
	h.handle(mux, "POST /admin/questionnaire/{version}/dimensions/{dim}", h.handleDimensionSave)
	h.handle(mux, "GET /admin/questionnaire/{version}/dimensions/{dim}/questions/new", h.handleQuestionNew)
	h.handle(mux, "POST /admin/questionnaire/{version}/dimensions/{dim}/questions", h.handleQuestionAdd)
	h.handle(mux, "GET /admin/questionnaire/{version}/rules", h.handleRulesEdit)
	h.handle(mux, "POST /admin/questionnaire/{version}/rules", h.handleRulesSave)
	h.handle(mux, "POST /admin/questionnaire/{version}/publish", h.handleQuestionnairePublish)
	h.handle(mux, "POST /admin/questionnaire/{version}/discard", h.handleQuestionnaireDiscard)
}

func questionnaireHref(v int) string { return "/admin/questionnaire/" + strconv.Itoa(v) }

// questionnaireAdminPage lists the versions.
type questionnaireAdminPage struct {
	Layout
	Versions []*diagnosis.Questionnaire
	Draft    *diagnosis.Questionnaire // the open draft, if any
	Current  int
	Next     int
}

func (h *Handler) handleQuestionnaireAdmin(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	vs, err := h.diagnosis.Questionnaires(r.Context())
	if err != nil {
		return err
	}
	p := &questionnaireAdminPage{Versions: vs, Next: 1}
	for _, v := range vs {
		if v.Status == diagnosis.StatusDraft && p.Draft == nil {
			p.Draft = v
		}
		if v.Status == diagnosis.StatusPublished && p.Current == 0 {
			p.Current = v.Version
		}
		p.Next = max(p.Next, v.Version+1)
	}
	return h.render(w, r, http.StatusOK, "diagnosis_admin", text("dg.admin_title"), p)
}

func (h *Handler) handleQuestionnaireDraft(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	q, err := h.diagnosis.StartDraft(r.Context())
	if err != nil {
		return err
	}
	redirect(w, r, questionnaireHref(q.Version))
	return nil
}

// versionParam reads {version}.
func versionParam(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		return 0, &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
	}
	return v, nil
}

// questionnaireVersionPage shows one version; a draft with edit links.
type questionnaireVersionPage struct {
	Layout
	Q       *diagnosis.Questionnaire
	IsDraft bool
	Href    string
	Tools   map[catalog.ToolCode]fault.Text
}

// ToolName names a tool (its code when the catalogue has no name).
func (p *questionnaireVersionPage) ToolName(c catalog.ToolCode) fault.Text {
	if t, ok := p.Tools[c]; ok && (t.Vi != "" || t.En != "") {
		return t
	}
	return fault.Text{Vi: string(c), En: string(c)}
}

// DimName names a dimension of the version.
func (p *questionnaireVersionPage) DimName(code string) fault.Text {
	if d := p.Q.Dimension(code); d != nil {
		return d.Name
	}
	return fault.Text{Vi: code, En: code}
}

// DimensionHref is the form editing a dimension.
func (p *questionnaireVersionPage) DimensionHref(dim string) string {
	return p.Href + "/dimensions/" + dim
}

// NewQuestionHref is the form adding a question to a dimension.
func (p *questionnaireVersionPage) NewQuestionHref(dim string) string {
	return p.Href + "/dimensions/" + dim + "/questions/new"
}

// QuestionHref is the edit form of a question.
func (p *questionnaireVersionPage) QuestionHref(code string) string {
	return p.Href + "/questions/" + code
}

// loadVersion loads {version} for an editor: the questionnaire list is
// theirs only (Forbidden for others).
func (h *Handler) loadVersion(r *http.Request) (*diagnosis.Questionnaire, error) {
	if _, err := actor(r); err != nil {
		return nil, err
	}
	v, err := versionParam(r)
	if err != nil {
		return nil, err
	}
	if !diagnosis.CanManage(r.Context()) {
		return nil, fault.New(fault.Forbidden, "Bạn không có quyền quản lý bộ câu hỏi.", "You may not manage the questionnaire.")
	}
	return h.diagnosis.Questionnaire(r.Context(), v)
}

func (h *Handler) handleQuestionnaireVersion(w http.ResponseWriter, r *http.Request) error {
	q, err := h.loadVersion(r)
	if err != nil {
		return err
	}
	p := &questionnaireVersionPage{Q: q, IsDraft: q.Status == diagnosis.StatusDraft, Href: questionnaireHref(q.Version), Tools: h.toolNames(r.Context())}
	title := text("dg.version_title")
	return h.render(w, r, http.StatusOK, "diagnosis_version", fault.Text{Vi: fmt.Sprintf(title.Vi, q.Version), En: fmt.Sprintf(title.En, q.Version)}, p)
}

// questionFormPage edits one question of a draft.
type questionFormPage struct {
	Layout
	formErrors
	Q     *diagnosis.Questionnaire
	Dim   *diagnosis.Dimension
	Code  string
	IsNew bool // adding a question: the code is typed in
	Form  questionForm
	Href  string
	Back  string
}

type questionForm struct {
	Code           string
	TextVi, TextEn string
	OptVi, OptEn   [diagnosis.Levels]string
	Weight         string
}

// Levels are the option numbers 1–5 (N) with their index (I).
func (questionFormPage) Levels() []struct{ I, N int } {
	out := make([]struct{ I, N int }, diagnosis.Levels)
	for i := range out {
		out[i].I, out[i].N = i, i+1
	}
	return out
}

func (h *Handler) questionPage(r *http.Request) (*questionFormPage, error) {
	q, err := h.loadVersion(r)
	if err != nil {
		return nil, err
	}
	code := r.PathValue("code")
	dim, qq := q.Question(code)
	if qq == nil {
		return nil, fault.New(fault.NotFound, "Không tìm thấy câu hỏi.", "Question not found.")
	}
	if q.Status != diagnosis.StatusDraft {
		return nil, fault.New(fault.Conflict, fmt.Sprintf("Phiên bản %d đã ban hành, không thể sửa. Hãy tạo bản nháp phiên bản mới.", q.Version),
			fmt.Sprintf("Version %d is published and cannot change. Start a draft of a new version.", q.Version))
	}
	p := &questionFormPage{Q: q, Dim: dim, Code: code, Href: questionnaireHref(q.Version) + "/questions/" + code, Back: questionnaireHref(q.Version)}
	p.Form = questionForm{TextVi: qq.Text.Vi, TextEn: qq.Text.En, Weight: strconv.FormatFloat(qq.Weight, 'f', -1, 64)}
	for i, o := range qq.Options {
		p.Form.OptVi[i], p.Form.OptEn[i] = o.Vi, o.En
	}
	return p, nil
}

func (h *Handler) handleQuestionEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.questionPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "diagnosis_question", text("dg.question_edit"), p)
}

// readQuestion reads the question form into p.Form and the service input.
func readQuestion(r *http.Request, p *questionFormPage) diagnosis.QuestionInput {
	p.Form = questionForm{Code: p.Form.Code, TextVi: formValue(r, "text_vi"), TextEn: formValue(r, "text_en"), Weight: formValue(r, "weight")}
	in := diagnosis.QuestionInput{Text: fault.Text{Vi: p.Form.TextVi, En: p.Form.TextEn}}
	for i := range diagnosis.Levels {
		p.Form.OptVi[i], p.Form.OptEn[i] = formValue(r, fmt.Sprintf("opt%d_vi", i+1)), formValue(r, fmt.Sprintf("opt%d_en", i+1))
		in.Options[i] = fault.Text{Vi: p.Form.OptVi[i], En: p.Form.OptEn[i]}
	}
	w8, err := strconv.ParseFloat(strings.Replace(p.Form.Weight, ",", ".", 1), 64)
	if err != nil {
		w8 = -1 // refused by the service with the field message
	}
	in.Weight = w8
	return in
}

// questionFormError shows the form again with the service's field messages.
func (h *Handler) questionFormError(w http.ResponseWriter, r *http.Request, p *questionFormPage, code string, err error) error {
	rename := map[string]string{"q." + code + ".text": "text", "q." + code + ".weight": "weight", "q." + code + ".code": "code"}
	for i := 1; i <= diagnosis.Levels; i++ {
		rename[fmt.Sprintf("q.%s.option%d", code, i)] = fmt.Sprintf("opt%d", i)
	}
	p.formErrors = newFormErrors(h.lang(r), err, rename)
	// A malformed code is reported by position; it belongs to the code field.
	for k, v := range p.Errors {
		if strings.HasSuffix(k, ".code") && strings.HasPrefix(k, "dimensions.") {
			p.Errors["code"] = v
		}
	}
	title := text("dg.question_edit")
	if p.IsNew {
		title = text("dg.question_new")
	}
	return h.render(w, r, formStatus(err), "diagnosis_question", title, p)
}

func (h *Handler) handleQuestionSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := h.questionPage(r)
	if err != nil {
		return err
	}
	in := readQuestion(r, p)
	if _, err = h.diagnosis.UpdateDraftQuestion(r.Context(), p.Q.Version, p.Code, in); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.questionFormError(w, r, p, p.Code, err)
	}
	h.flash(r.Context(), "success", text("dg.question_saved"))
	redirect(w, r, questionnaireHref(p.Q.Version)+"#q-"+p.Code)
	return nil
}

// newQuestionPage is the empty form adding a question to {dim} of a draft.
func (h *Handler) newQuestionPage(r *http.Request) (*questionFormPage, error) {
	q, err := h.loadVersion(r)
	if err != nil {
		return nil, err
	}
	dim := q.Dimension(r.PathValue("dim"))
	if dim == nil {
		return nil, fault.New(fault.NotFound, "Không tìm thấy lĩnh vực.", "Dimension not found.")
	}
	if q.Status != diagnosis.StatusDraft {
		return nil, fault.New(fault.Conflict, fmt.Sprintf("Phiên bản %d đã ban hành, không thể sửa. Hãy tạo bản nháp phiên bản mới.", q.Version),
			fmt.Sprintf("Version %d is published and cannot change. Start a draft of a new version.", q.Version))
	}
	return &questionFormPage{Q: q, Dim: dim, IsNew: true, Form: questionForm{Weight: "1"},
		Href: questionnaireHref(q.Version) + "/dimensions/" + dim.Code + "/questions", Back: questionnaireHref(q.Version)}, nil
}

func (h *Handler) handleQuestionNew(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newQuestionPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "diagnosis_question", text("dg.question_new"), p)
}

func (h *Handler) handleQuestionAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := h.newQuestionPage(r)
	if err != nil {
		return err
	}
	p.Form.Code = strings.ToLower(formValue(r, "code"))
	in := readQuestion(r, p)
	if _, err = h.diagnosis.AddDraftQuestion(r.Context(), p.Q.Version, p.Dim.Code, p.Form.Code, in); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.questionFormError(w, r, p, p.Form.Code, err)
	}
	h.flash(r.Context(), "success", text("dg.question_added"))
	redirect(w, r, questionnaireHref(p.Q.Version)+"#q-"+p.Form.Code)
	return nil
}

func (h *Handler) handleQuestionDelete(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	v, err := versionParam(r)
	if err != nil {
		return err
	}
	if _, err := h.diagnosis.RemoveDraftQuestion(r.Context(), v, r.PathValue("code")); err != nil {
		if !fault.Is(err, fault.Invalid) {
			return err
		}
		// The last question of a dimension: say why on the version page.
		msg := fault.MessageOf(err)
		for _, f := range fault.FieldsOf(err) {
			msg = f
		}
		h.flash(r.Context(), "error", msg)
		redirect(w, r, questionnaireHref(v))
		return nil
	}
	h.flash(r.Context(), "success", text("dg.question_removed"))
	redirect(w, r, questionnaireHref(v))
	return nil
}

// dimensionFormPage edits a dimension's name and weight in a draft.
type dimensionFormPage struct {
	Layout
	formErrors
	Q                      *diagnosis.Questionnaire
	Code                   string
	NameVi, NameEn, Weight string
	Href, Back             string
}

func (h *Handler) dimensionPage(r *http.Request) (*dimensionFormPage, error) {
	q, err := h.loadVersion(r)
	if err != nil {
		return nil, err
	}
	d := q.Dimension(r.PathValue("dim"))
	if d == nil {
		return nil, fault.New(fault.NotFound, "Không tìm thấy lĩnh vực.", "Dimension not found.")
	}
	if q.Status != diagnosis.StatusDraft {
		return nil, fault.New(fault.Conflict, fmt.Sprintf("Phiên bản %d đã ban hành, không thể sửa. Hãy tạo bản nháp phiên bản mới.", q.Version),
			fmt.Sprintf("Version %d is published and cannot change. Start a draft of a new version.", q.Version))
	}
	return &dimensionFormPage{Q: q, Code: d.Code, NameVi: d.Name.Vi, NameEn: d.Name.En, Weight: strconv.FormatFloat(d.Weight, 'f', -1, 64),
		Href: questionnaireHref(q.Version) + "/dimensions/" + d.Code, Back: questionnaireHref(q.Version)}, nil
}

func (h *Handler) handleDimensionEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.dimensionPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "diagnosis_dimension", text("dg.dimension_edit"), p)
}

func (h *Handler) handleDimensionSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := h.dimensionPage(r)
	if err != nil {
		return err
	}
	p.NameVi, p.NameEn, p.Weight = formValue(r, "name_vi"), formValue(r, "name_en"), formValue(r, "weight")
	w8, perr := strconv.ParseFloat(strings.Replace(p.Weight, ",", ".", 1), 64)
	if perr != nil {
		w8 = -1 // refused by the service with the field message
	}
	if _, err := h.diagnosis.UpdateDraftDimension(r.Context(), p.Q.Version, p.Code, fault.Text{Vi: p.NameVi, En: p.NameEn}, w8); err != nil {
		if !isFormError(err) {
			return err
		}
		rename := map[string]string{}
		for i := range p.Q.Dimensions {
			if p.Q.Dimensions[i].Code == p.Code {
				rename[fmt.Sprintf("dimensions.%d.name", i)], rename[fmt.Sprintf("dimensions.%d.weight", i)] = "name", "weight"
			}
		}
		p.formErrors = newFormErrors(h.lang(r), err, rename)
		return h.render(w, r, formStatus(err), "diagnosis_dimension", text("dg.dimension_edit"), p)
	}
	h.flash(r.Context(), "success", text("dg.dimension_saved"))
	redirect(w, r, questionnaireHref(p.Q.Version))
	return nil
}

// rulesFormPage edits the improvement-path rules of a draft as JSON.
type rulesFormPage struct {
	Layout
	formErrors
	Q    *diagnosis.Questionnaire
	JSON string
	Href string
	Back string
}

// rulesDoc is the JSON document of the rules editor.
type rulesDoc struct {
	Rules         []diagnosis.Rule         `json:"rules"`
	Prerequisites []diagnosis.Prerequisite `json:"prerequisites"`
}

func (h *Handler) rulesPage(r *http.Request) (*rulesFormPage, error) {
	q, err := h.loadVersion(r)
	if err != nil {
		return nil, err
	}
	if q.Status != diagnosis.StatusDraft {
		return nil, fault.New(fault.Conflict, fmt.Sprintf("Phiên bản %d đã ban hành, không thể sửa. Hãy tạo bản nháp phiên bản mới.", q.Version),
			fmt.Sprintf("Version %d is published and cannot change. Start a draft of a new version.", q.Version))
	}
	b, err := json.MarshalIndent(rulesDoc{Rules: q.Rules, Prerequisites: q.Prerequisites}, "", "  ")
	if err != nil {
		return nil, fault.Internalf("rules JSON: %w", err)
	}
	return &rulesFormPage{Q: q, JSON: string(b), Href: questionnaireHref(q.Version) + "/rules", Back: questionnaireHref(q.Version)}, nil
}

func (h *Handler) handleRulesEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.rulesPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "diagnosis_rules", text("dg.rules_edit"), p)
}

func (h *Handler) handleRulesSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := h.rulesPage(r)
	if err != nil {
		return err
	}
	p.JSON = r.PostFormValue("rules")
	var doc rulesDoc
	dec := json.NewDecoder(strings.NewReader(p.JSON))
	dec.DisallowUnknownFields()
	err = dec.Decode(&doc)
	if err == nil {
		var rest json.RawMessage
		if dec.Decode(&rest) != io.EOF {
			err = errors.New("text after the JSON document")
		}
	}
	if err != nil {
		err = fault.New(fault.Invalid, "Nội dung không phải JSON hợp lệ: "+err.Error(), "The content is not valid JSON: "+err.Error()).
			Field("rules", "JSON không hợp lệ.", "Invalid JSON.")
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, http.StatusUnprocessableEntity, "diagnosis_rules", text("dg.rules_edit"), p)
	}
	if _, err := h.diagnosis.UpdateDraftRules(r.Context(), p.Q.Version, doc.Rules, doc.Prerequisites); err != nil {
		if !isFormError(err) {
			return err
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		// Every field message under the text area: the rules are one field.
		var msgs []string
		for k, v := range p.Errors {
			msgs = append(msgs, k+": "+v)
		}
		p.Errors = map[string]string{"rules": strings.Join(msgs, " · ")}
		return h.render(w, r, formStatus(err), "diagnosis_rules", text("dg.rules_edit"), p)
	}
	h.flash(r.Context(), "success", text("dg.rules_saved"))
	redirect(w, r, questionnaireHref(p.Q.Version)+"#rules")
	return nil
}

func (h *Handler) handleQuestionnairePublish(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	v, err := versionParam(r)
	if err != nil {
		return err
	}
	if _, err := h.diagnosis.PublishDraft(r.Context(), v); err != nil {
		return err
	}
	h.flash(r.Context(), "success", fault.Text{Vi: fmt.Sprintf(text("dg.published").Vi, v), En: fmt.Sprintf(text("dg.published").En, v)})
	redirect(w, r, "/admin/questionnaire")
	return nil
}

func (h *Handler) handleQuestionnaireDiscard(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	v, err := versionParam(r)
	if err != nil {
		return err
	}
	if err := h.diagnosis.DiscardDraft(r.Context(), v); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("dg.discarded"))
	redirect(w, r, "/admin/questionnaire")
	return nil
}
