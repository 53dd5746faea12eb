package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/diagnosis"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// The self-diagnosis pages: the landing page (an enterprise's diagnoses, or
// the officers' list), answering one dimension per screen, the draft's
// review and submission, the result, and the questionnaire editor
// (diagnosis_admin.go).

func (h *Handler) registerDiagnosis(mux Router) {
	h.handle(mux, "GET /diagnosis", h.handleDiagnosisHome)
	h.handle(mux, "POST /diagnosis/start", h.handleDiagnosisStart)
	h.handle(mux, "GET /diagnosis/{id}", h.handleDiagnosisShow)
	h.handle(mux, "GET /diagnosis/{id}/step/{n}", h.handleDiagnosisStep)
	h.handle(mux, "POST /diagnosis/{id}/step/{n}", h.handleDiagnosisStepSave)
	h.handle(mux, "POST /diagnosis/{id}/answer", h.handleDiagnosisAnswer)
	h.handle(mux, "POST /diagnosis/{id}/submit", h.handleDiagnosisSubmit)
	h.registerQuestionnaireAdmin(mux)
}

// diagnosisPages are the page models of the diagnosis area. Their objects
// are never nil in a handler, so the models here hold empty ones: an empty
// diagnosis, questionnaire, dimension or report.
func diagnosisPages() map[string]page {
	d, q := &diagnosis.Diagnosis{}, &diagnosis.Questionnaire{}
	return map[string]page{
		"diagnosis_home":      &diagnosisHomePage{List: &diagnosis.ListPage{}},
		"diagnosis_step":      &diagnosisStepPage{D: d, Dim: &diagnosis.Dimension{}},
		"diagnosis_draft":     &diagnosisDraftPage{D: d, Q: q},
		"diagnosis_result":    &diagnosisResultPage{R: &diagnosis.Report{Diagnosis: d, Questionnaire: q}},
		"diagnosis_admin":     &questionnaireAdminPage{},
		"diagnosis_version":   &questionnaireVersionPage{Q: q},
		"diagnosis_question":  &questionFormPage{Q: q, Dim: &diagnosis.Dimension{}},
		"diagnosis_dimension": &dimensionFormPage{Q: q},
		"diagnosis_rules":     &rulesFormPage{Q: q},
	}
}

// diagnosisHref is the page of diagnosis id.
func diagnosisHref(id int64) string { return "/diagnosis/" + strconv.FormatInt(id, 10) }

// diagnosisStepHref is the screen of dimension n (1-based) of diagnosis id.
func diagnosisStepHref(id int64, n int) string { return fmt.Sprintf("/diagnosis/%d/step/%d", id, n) }

// levelBadge is the badge class of a maturity level.
func levelBadge(l int) string {
	switch {
	case l <= 0:
		return "badge-muted"
	case l <= 2:
		return "badge-danger"
	case l == 3:
		return "badge-warn"
	}
	return "badge-ok"
}

// diagBase has the helpers every diagnosis page uses.
type diagBase struct{}

// LevelBadge is the badge class of a level.
func (diagBase) LevelBadge(l int) string { return levelBadge(l) }

// Score formats a score with two decimals and the page's decimal comma.
func (diagBase) Score(lang string, v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// twoLines breaks a long axis name at the space nearest its middle, so
// that the radar's labels fit a phone.
func twoLines(s string) string {
	r := []rune(s)
	if len(r) <= 14 {
		return s
	}
	best := -1
	for i, c := range r {
		if c == ' ' && (best < 0 || dgAbs(i-len(r)/2) < dgAbs(best-len(r)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	return string(r[:best]) + "\n" + string(r[best+1:])
}

func dgAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ---- landing ----

// diagnosisHomePage is an enterprise user's diagnoses, or (List set) the
// officers' list of submitted diagnoses.
type diagnosisHomePage struct {
	Layout
	diagBase
	Overview *diagnosis.Overview
	Rows     []diagRow

	List         *diagnosis.ListPage
	Filter       diagFilterForm
	Years        []option
	Provinces    []option
	Sectors      []option
	Sizes        []option
	Levels       []option
	Distribution []diagLevelCount
	ChartJSON    string
	Pager        Pager
	Filtered     bool
}

type diagFilterForm struct{ Year, Province, Sector, Size, Level string }

type diagLevelCount struct {
	Level int
	Count int
	Pct   int
}

// diagRow is one diagnosis in a list.
type diagRow struct {
	*diagnosis.Diagnosis
	Href     string
	Province string
	Sector   fault.Text
	Size     fault.Text
	Answered int
	Total    int
}

const diagPageSize = 50

func (h *Handler) handleDiagnosisHome(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := &diagnosisHomePage{}
	if a.Role == auth.RoleEnterprise {
		if p.Overview, err = h.diagnosis.MyOverview(ctx); err != nil {
			return err
		}
		for _, d := range p.Overview.Diagnoses {
			row := diagRow{Diagnosis: d, Href: diagnosisHref(d.ID), Sector: diagnosis.SectorLabel(d.Sector), Size: registry.SizeClass(d.SizeClass).Label()}
			if d.Status == diagnosis.StatusDraft {
				if full, q, err := h.diagnosis.Find(ctx, d.ID); err == nil {
					row.Answered, row.Total = len(full.Answers), q.QuestionCount()
				}
			}
			p.Rows = append(p.Rows, row)
		}
		return h.render(w, r, http.StatusOK, "diagnosis_home", text("dg.title"), p)
	}
	q := r.URL.Query()
	p.Filter = diagFilterForm{Year: q.Get("year"), Province: q.Get("province"), Sector: q.Get("sector"), Size: q.Get("size"), Level: q.Get("level")}
	f := diagnosis.Filter{ProvinceCode: p.Filter.Province, Sector: p.Filter.Sector, SizeClass: p.Filter.Size, Limit: diagPageSize}
	// No year chosen: the latest year with submissions; "all": every year.
	if p.Filter.Year == "" {
		years, err := h.diagnosis.Years(ctx)
		if err != nil {
			return err
		}
		if len(years) > 0 {
			p.Filter.Year = strconv.Itoa(years[0])
		}
	}
	if p.Filter.Year != "all" {
		if f.Year, err = diagnosis.ParseYear(p.Filter.Year); err != nil {
			return err
		}
	}
	if p.Filter.Level != "" {
		if f.Level, err = strconv.Atoi(p.Filter.Level); err != nil || f.Level < 1 || f.Level > diagnosis.Levels {
			return fault.New(fault.Invalid, "Mức phải từ 1 đến 5.", "The level must be 1 to 5.")
		}
	}
	page := pageParam(q)
	f.Offset = (page - 1) * diagPageSize
	if p.List, err = h.diagnosis.List(ctx, f); err != nil {
		return err
	}
	p.Filtered = p.Filter.Province != "" || p.Filter.Sector != "" || p.Filter.Size != "" || p.Filter.Level != "" || q.Get("year") != ""
	for _, y := range p.List.Years {
		s := strconv.Itoa(y)
		p.Years = append(p.Years, option{Value: s, Label: s, Selected: s == p.Filter.Year})
	}
	if p.List.Province == "" {
		p.Provinces = h.provinceOptions(p.Filter.Province)
	}
	lang := h.lang(r)
	for _, ind := range []registry.Industry{registry.IndustryTextiles, registry.IndustryLeather, registry.IndustryPlastics, registry.IndustrySteel,
		registry.IndustryChemicals, registry.IndustryMechanical, registry.IndustryEnergy, registry.IndustryElectronic} {
		v := "ind:" + string(ind)
		p.Sectors = append(p.Sectors, option{Value: v, Label: ind.Label().In(lang), Selected: v == p.Filter.Sector})
	}
	for c := 'A'; c <= 'V'; c++ {
		v := "sec:" + string(c)
		p.Sectors = append(p.Sectors, option{Value: v, Label: diagnosis.SectorLabel(v).In(lang), Selected: v == p.Filter.Sector})
	}
	for _, s := range registry.SizeClasses {
		p.Sizes = append(p.Sizes, option{Value: string(s), Label: s.Label().In(lang), Selected: string(s) == p.Filter.Size})
	}
	sum := 0
	for _, n := range p.List.Distribution {
		sum += n
	}
	var names, values []any
	for i, n := range p.List.Distribution {
		l := strconv.Itoa(i + 1)
		p.Levels = append(p.Levels, option{Value: l, Label: l, Selected: l == p.Filter.Level})
		c := diagLevelCount{Level: i + 1, Count: n}
		if sum > 0 {
			c.Pct = (100*n + sum/2) / sum
		}
		p.Distribution = append(p.Distribution, c)
		names = append(names, text("dg.level_n").In(lang)+" "+l)
		values = append(values, map[string]any{"value": n, "itemStyle": map[string]any{"color": levelColor(i + 1)}})
	}
	chart := map[string]any{
		"grid":    map[string]any{"left": 40, "right": 12, "top": 16, "bottom": 28},
		"tooltip": map[string]any{"trigger": "axis"},
		"xAxis":   map[string]any{"type": "category", "data": names},
		"yAxis":   map[string]any{"type": "value", "minInterval": 1},
		"series":  []any{map[string]any{"type": "bar", "data": values, "name": text("dg.count").In(lang)}},
	}
	b, err := json.Marshal(chart)
	if err != nil {
		return fault.Internalf("diagnosis chart: %w", err)
	}
	p.ChartJSON, p.Charts = string(b), true
	for _, d := range p.List.Diagnoses {
		p.Rows = append(p.Rows, diagRow{Diagnosis: d, Href: diagnosisHref(d.ID), Province: h.geo.Name(d.ProvinceCode),
			Sector: diagnosis.SectorLabel(d.Sector), Size: registry.SizeClass(d.SizeClass).Label()})
	}
	p.Pager = newPager(r, page, diagPageSize, p.List.Total)
	return h.render(w, r, http.StatusOK, "diagnosis_home", text("dg.title"), p)
}

// levelColor is the chart colour of a maturity level.
func levelColor(l int) string {
	return [...]string{"#c0392b", "#e67e22", "#d4ac0d", "#27ae60", "#1e8449"}[min(max(l, 1), 5)-1]
}

func (h *Handler) handleDiagnosisStart(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	d, err := h.diagnosis.Start(r.Context())
	if err != nil {
		return err
	}
	full, q, err := h.diagnosis.Find(r.Context(), d.ID)
	if err != nil {
		return err
	}
	redirect(w, r, diagnosisStepHref(d.ID, firstOpenStep(&q.Content, full.Answers)))
	return nil
}

// firstOpenStep is the first dimension (1-based) with an unanswered
// question, or the last one.
func firstOpenStep(c *diagnosis.Content, answers map[string]int) int {
	for i, d := range c.Dimensions {
		for _, q := range d.Questions {
			if answers[q.Code] == 0 {
				return i + 1
			}
		}
	}
	return max(len(c.Dimensions), 1)
}

// ---- answering ----

// diagnosisStepPage is one dimension's questions.
type diagnosisStepPage struct {
	Layout
	D         *diagnosis.Diagnosis
	Dim       *diagnosis.Dimension
	N, Total  int
	Questions []diagQuestion
	Steps     []diagStep
	Prev      string
	Action    string // the form's action (save and go on)
	AnswerURL string // htmx: save one answer
	Answered  int
	Count     int
}

// diagQuestion is a question with the enterprise's answer.
type diagQuestion struct {
	diagnosis.Question
	Value   int
	Missing bool // shown after a refused submission
}

// diagStep is a link to one dimension's screen.
type diagStep struct {
	N       int
	Name    fault.Text
	Href    string
	Current bool
	Done    bool
}

// OptionValues are the levels 1–5 with their option texts.
func (q diagQuestion) OptionValues() []diagOption {
	out := make([]diagOption, diagnosis.Levels)
	for i := range out {
		out[i] = diagOption{Value: i + 1, Text: q.Options[i], Checked: q.Value == i+1}
	}
	return out
}

type diagOption struct {
	Value   int
	Text    fault.Text
	Checked bool
}

// stepParam reads {n}, 1 … dimensions.
func stepParam(r *http.Request, c *diagnosis.Content) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(c.Dimensions) {
		return 0, &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
	}
	return n, nil
}

func steps(id int64, c *diagnosis.Content, answers map[string]int, current int) []diagStep {
	out := make([]diagStep, len(c.Dimensions))
	for i, d := range c.Dimensions {
		done := true
		for _, q := range d.Questions {
			if answers[q.Code] == 0 {
				done = false
			}
		}
		out[i] = diagStep{N: i + 1, Name: d.Name, Href: diagnosisStepHref(id, i+1), Current: i+1 == current, Done: done}
	}
	return out
}

func (h *Handler) handleDiagnosisStep(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	d, q, err := h.diagnosis.Find(r.Context(), id)
	if err != nil {
		return err
	}
	if d.Status != diagnosis.StatusDraft || !diagnosis.CanTake(r.Context()) {
		redirect(w, r, diagnosisHref(id))
		return nil
	}
	n, err := stepParam(r, &q.Content)
	if err != nil {
		return err
	}
	return h.renderStep(w, r, http.StatusOK, d, q, n, nil)
}

func (h *Handler) renderStep(w http.ResponseWriter, r *http.Request, status int, d *diagnosis.Diagnosis, q *diagnosis.Questionnaire, n int, missing map[string]bool) error {
	dim := &q.Dimensions[n-1]
	p := &diagnosisStepPage{D: d, Dim: dim, N: n, Total: len(q.Dimensions), Steps: steps(d.ID, &q.Content, d.Answers, n),
		Action: diagnosisStepHref(d.ID, n), AnswerURL: diagnosisHref(d.ID) + "/answer", Count: q.QuestionCount(), Answered: len(d.Answers)}
	if n > 1 {
		p.Prev = diagnosisStepHref(d.ID, n-1)
	}
	for _, qq := range dim.Questions {
		p.Questions = append(p.Questions, diagQuestion{Question: qq, Value: d.Answers[qq.Code], Missing: missing[qq.Code]})
	}
	title := text("dg.step_title")
	title = fault.Text{Vi: fmt.Sprintf(title.Vi, n, p.Total), En: fmt.Sprintf(title.En, n, p.Total)}
	return h.render(w, r, status, "diagnosis_step", title, p)
}

// saveAnswers records the posted answers ("q.<code>" = 1–5) that differ
// from those stored, and returns the diagnosis as it is then.
func (h *Handler) saveAnswers(ctx context.Context, d *diagnosis.Diagnosis, form url.Values) (*diagnosis.Diagnosis, error) {
	keys := make([]string, 0, len(form))
	for k := range form {
		if strings.HasPrefix(k, "q.") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		code := strings.TrimPrefix(k, "q.")
		v, err := strconv.Atoi(strings.TrimSpace(form.Get(k)))
		if err != nil {
			return nil, fault.New(fault.Invalid, "Câu trả lời phải là một mức từ 1 đến 5.", "The answer must be a level from 1 to 5.")
		}
		if d.Answers[code] == v {
			continue
		}
		if d, err = h.diagnosis.Answer(ctx, d.ID, code, v); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (h *Handler) handleDiagnosisStepSave(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, q, err := h.diagnosis.Find(ctx, id)
	if err != nil {
		return err
	}
	n, err := stepParam(r, &q.Content)
	if err != nil {
		return err
	}
	if _, err = h.saveAnswers(ctx, d, r.PostForm); err != nil {
		return err
	}
	switch {
	case r.PostFormValue("go") == "prev" && n > 1:
		redirect(w, r, diagnosisStepHref(id, n-1))
	case r.PostFormValue("go") == "review" || n == len(q.Dimensions):
		redirect(w, r, diagnosisHref(id))
	default:
		redirect(w, r, diagnosisStepHref(id, n+1))
	}
	return nil
}

// handleDiagnosisAnswer saves answers as they are given (htmx) and answers
// with the "saved" mark of the question.
func (h *Handler) handleDiagnosisAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, _, err := h.diagnosis.Find(ctx, id)
	if err != nil {
		return err
	}
	if _, err = h.saveAnswers(ctx, d, r.PostForm); err != nil {
		return err
	}
	if r.Header.Get("HX-Request") != "true" {
		redirect(w, r, diagnosisHref(id))
		return nil
	}
	writeHTML(w, http.StatusOK, []byte(`<span class="badge badge-ok">✓ `+html.EscapeString(text("dg.saved").In(h.lang(r)))+`</span>`))
	return nil
}

// ---- draft review and submission ----

// diagnosisDraftPage shows a draft's progress per dimension and, after a
// refused submission, the missing questions.
type diagnosisDraftPage struct {
	Layout
	D        *diagnosis.Diagnosis
	Q        *diagnosis.Questionnaire
	Steps    []diagStep
	Missing  []diagMissing
	Error    string
	Answered int
	Count    int
	Pct      int
	CanTake  bool
	Continue string
}

// diagMissing is an unanswered question with the link to its screen.
type diagMissing struct {
	Code      string
	Dimension fault.Text
	Text      fault.Text
	Href      string
}

func (h *Handler) handleDiagnosisShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	d, q, err := h.diagnosis.Find(r.Context(), id)
	if err != nil {
		return err
	}
	if d.Status == diagnosis.StatusSubmitted {
		return h.renderResult(w, r, id)
	}
	return h.renderDraft(w, r, http.StatusOK, d, q, nil)
}

func (h *Handler) renderDraft(w http.ResponseWriter, r *http.Request, status int, d *diagnosis.Diagnosis, q *diagnosis.Questionnaire, submitErr error) error {
	p := &diagnosisDraftPage{D: d, Q: q, Steps: steps(d.ID, &q.Content, d.Answers, 0), Count: q.QuestionCount(),
		CanTake: diagnosis.CanTake(r.Context()), Continue: diagnosisStepHref(d.ID, firstOpenStep(&q.Content, d.Answers))}
	for _, v := range d.Answers {
		if v > 0 {
			p.Answered++
		}
	}
	if p.Count > 0 {
		p.Pct = 100 * p.Answered / p.Count
	}
	if submitErr != nil {
		p.Error = fault.MessageOf(submitErr).In(h.lang(r))
		fields := fault.FieldsOf(submitErr)
		for i, dim := range q.Dimensions {
			for _, qq := range dim.Questions {
				if _, ok := fields["q."+qq.Code]; ok {
					p.Missing = append(p.Missing, diagMissing{Code: qq.Code, Dimension: dim.Name, Text: qq.Text,
						Href: diagnosisStepHref(d.ID, i+1) + "#q-" + qq.Code})
				}
			}
		}
	}
	return h.render(w, r, status, "diagnosis_draft", text("dg.draft_title"), p)
}

func (h *Handler) handleDiagnosisSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := h.diagnosis.Submit(ctx, id); err != nil {
		if !fault.Is(err, fault.Invalid) {
			return err
		}
		d, q, ferr := h.diagnosis.Find(ctx, id)
		if ferr != nil {
			return ferr
		}
		return h.renderDraft(w, r, http.StatusUnprocessableEntity, d, q, err)
	}
	h.flash(ctx, "success", text("dg.submitted"))
	redirect(w, r, diagnosisHref(id))
	return nil
}

// ---- result ----

// diagnosisResultPage is a submitted diagnosis's result.
type diagnosisResultPage struct {
	Layout
	diagBase
	R         *diagnosis.Report
	ChartJSON string
	Path      []diagPathStep
	Sector    fault.Text
	Size      fault.Text
	Province  string
	Officer   bool
}

// diagPathStep is one tool of the path with its catalogue name.
type diagPathStep struct {
	N      int
	Tool   catalog.ToolCode
	Name   fault.Text
	Href   string
	Reason fault.Text
}

// toolNames maps the catalogue's codes to their names.
func (h *Handler) toolNames(ctx context.Context) map[catalog.ToolCode]fault.Text {
	out := map[catalog.ToolCode]fault.Text{}
	if h.catalog == nil {
		return out
	}
	if ts, err := h.catalog.Tools(ctx); err == nil {
		for _, t := range ts {
			out[t.Code] = t.Name
		}
	}
	return out
}

func (h *Handler) renderResult(w http.ResponseWriter, r *http.Request, id int64) error {
	ctx := r.Context()
	rep, err := h.diagnosis.Report(ctx, id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	d := rep.Diagnosis
	p := &diagnosisResultPage{R: rep, Sector: rep.Peers.Sector, Size: rep.Peers.SizeClass, Province: h.geo.Name(d.ProvinceCode),
		Officer: auth.ActorFrom(ctx).EnterpriseID != d.EnterpriseID}
	names := h.toolNames(ctx)
	for i, s := range d.Path {
		n := names[s.Tool]
		if n.Vi == "" && n.En == "" {
			n = fault.Text{Vi: strings.ToUpper(string(s.Tool)), En: strings.ToUpper(string(s.Tool))}
		}
		p.Path = append(p.Path, diagPathStep{N: i + 1, Tool: s.Tool, Name: n, Href: "/tools/" + url.PathEscape(string(s.Tool)), Reason: s.Reason})
	}
	var indicators, cur, prev []any
	for _, c := range rep.Changes {
		indicators = append(indicators, map[string]any{"name": twoLines(c.Name.In(lang)), "max": 5, "min": 0})
		cur = append(cur, c.Level)
		prev = append(prev, c.Previous)
	}
	data := []any{map[string]any{"value": cur, "name": strconv.Itoa(d.Year), "areaStyle": map[string]any{"opacity": 0.25}}}
	legend := []any{strconv.Itoa(d.Year)}
	if rep.Previous != nil {
		data = append(data, map[string]any{"value": prev, "name": strconv.Itoa(rep.Previous.Year), "lineStyle": map[string]any{"type": "dashed"}})
		legend = append(legend, strconv.Itoa(rep.Previous.Year))
	}
	// On a phone the radar is smaller, so that the axis names fit (an
	// ECharts media query).
	chart := map[string]any{
		"baseOption": map[string]any{
			"color":   []string{"#0b4f8a", "#d4a017"},
			"tooltip": map[string]any{},
			"legend":  map[string]any{"data": legend, "bottom": 0},
			"radar": map[string]any{"indicator": indicators, "radius": "62%", "center": []string{"50%", "50%"}, "splitNumber": 5,
				"axisName": map[string]any{"fontSize": 12, "color": "#333", "lineHeight": 14}},
			"series": []any{map[string]any{"type": "radar", "data": data}},
		},
		"media": []any{map[string]any{"query": map[string]any{"maxWidth": 520},
			"option": map[string]any{"radar": map[string]any{"radius": "40%", "axisName": map[string]any{"fontSize": 10, "lineHeight": 12}}}}},
	}
	b, err := json.Marshal(chart)
	if err != nil {
		return fault.Internalf("diagnosis radar: %w", err)
	}
	p.ChartJSON, p.Charts = string(b), true
	title := text("dg.result_title")
	title = fault.Text{Vi: fmt.Sprintf(title.Vi, d.Year), En: fmt.Sprintf(title.En, d.Year)}
	return h.render(w, r, http.StatusOK, "diagnosis_result", title, p)
}
