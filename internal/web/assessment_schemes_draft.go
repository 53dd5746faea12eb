package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The draft editor of a scheme: the scale and its labels,
// the levels, the sections and items, the changes against the published
// version, publishing with a note, discarding (the scheme's properties are
// its own, edited on its page: assessment_schemes.go). Every form carries the
// draft's rev; a stale one is refused (someone else saved meanwhile) and
// the editor reloads with their change. The small actions (move, remove)
// post with htmx and swap the editor in place; without JavaScript they are
// ordinary forms.

type schScaleRow struct {
	Value string
	Vi    string
	En    string
}

type schLevelRow struct {
	Code string
	Vi   string
	En   string
	Min  string
}

// schMove is an up or down button of a section or item.
type schMove struct {
	Action string
	Rev    int
	Dir    string
	Label  string
}

// schMoves are the buttons of a row at index i of n.
func schMoves(lang, action string, rev, i, n int) []schMove {
	var out []schMove
	if i > 0 {
		out = append(out, schMove{Action: action, Rev: rev, Dir: "up", Label: text("scheme.move_up").In(lang)})
	}
	if i < n-1 {
		out = append(out, schMove{Action: action, Rev: rev, Dir: "down", Label: text("scheme.move_down").In(lang)})
	}
	return out
}

type schDraftItemRow struct {
	Key     string
	Text    string
	AllowNA bool
	Weight  string
	Scale   string
	Href    string
	Moves   []schMove
}

type schDraftSectionRow struct {
	Key         string
	Name        string
	Weight      string
	Items       []schDraftItemRow
	Moves       []schMove
	Href        string
	AddItemHref string
}

// schemeProps is the properties form (the partial "scheme-props").
type schemeProps struct {
	formErrors
	NameVi, NameEn, Validity string
	Kinds, Tools             []option
}

// schemeSectionFields is a section's form (the partial "scheme-section-fields").
type schemeSectionFields struct {
	formErrors
	Key, NameVi, NameEn, Weight string
}

type schemeDraftPage struct {
	Layout
	Scheme schemeHead
	No     int
	Rev    int
	Base   int // the published version's number, 0 when none
	Action string

	ScaleMin, ScaleMax, MaxPoints string
	ScaleRows                     []schScaleRow
	ScaleForm                     formErrors
	ScaleList                     []string // the label rows' problems

	LevelRows  []schLevelRow
	LevelsForm formErrors
	LevelsList []string

	Sections       []schDraftSectionRow
	Items          int
	SumWeights     string
	PointsMismatch bool
	NewSection     schemeSectionFields

	Changes     []string
	Note        string
	PublishForm formErrors
	PublishList []schImportErrorRow
	CanDiscard  bool
}

// schDraftOf loads the scheme and its draft for the editor (sending the
// manager to open one when there is none).
func (h *Handler) schDraftOf(r *http.Request) (*assessment.Scheme, *assessment.Version, error) {
	id, err := schemeID(r)
	if err != nil {
		return nil, nil, err
	}
	if err := schemeManager(r); err != nil {
		return nil, nil, err
	}
	return h.assess.Draft(r.Context(), id)
}

// schDraftPage builds the editor from the stored draft.
func (h *Handler) schDraftPage(r *http.Request, sc *assessment.Scheme, v *assessment.Version) *schemeDraftPage {
	lang := h.lang(r)
	b := &v.Body
	p := &schemeDraftPage{Scheme: h.schemeHead(lang, sc), No: v.No, Rev: v.Rev, Base: sc.PublishedNo, Action: schDraftHref(sc.ID),
		ScaleMin: strconv.Itoa(b.Scale.Min), ScaleMax: strconv.Itoa(b.Scale.Max),
		Items: b.ItemCount(), NewSection: schemeSectionFields{Key: b.NextSectionKey()}, CanDiscard: sc.Published != 0}
	if b.MaxPoints > 0 {
		p.MaxPoints = schemeNum(b.MaxPoints)
	}
	p.ScaleRows = schScaleRows(b.Scale)
	for _, l := range b.Levels {
		p.LevelRows = append(p.LevelRows, schLevelRow{Code: l.Code, Vi: l.Name.Vi, En: l.Name.En, Min: schemeNum(l.MinPct)})
	}
	p.LevelRows = append(p.LevelRows, schLevelRow{})
	sum := 0.0
	for si, s := range b.Sections {
		sum += s.Weight
		row := schDraftSectionRow{Key: s.Key, Name: s.Name.In(lang), Moves: schMoves(lang, p.Action+"/sections/"+s.Key+"/move", v.Rev, si, len(b.Sections)),
			Href: p.Action + "/sections/" + s.Key, AddItemHref: p.Action + "/sections/" + s.Key + "/items/new"}
		if s.Weight > 0 {
			row.Weight = schemeNum(s.Weight)
		}
		for ii, it := range s.Items {
			ir := schDraftItemRow{Key: it.Key, Text: it.Text.In(lang), AllowNA: it.AllowNA, Href: p.Action + "/items/" + it.Key,
				Moves: schMoves(lang, p.Action+"/items/"+it.Key+"/move", v.Rev, ii, len(s.Items))}
			if it.Weight > 0 && it.Weight != 1 {
				ir.Weight = schemeNum(it.Weight)
			}
			if it.Scale != nil {
				ir.Scale = strconv.Itoa(it.Scale.Min) + "–" + strconv.Itoa(it.Scale.Max)
			}
			row.Items = append(row.Items, ir)
		}
		p.Sections = append(p.Sections, row)
	}
	if b.MaxPoints > 0 {
		p.SumWeights = schemeNum(sum)
		p.PointsMismatch = sum != b.MaxPoints
	}
	if sc.Published != 0 {
		if _, pub, err := h.assess.Version(r.Context(), sc.ID, sc.Published); err == nil {
			for _, c := range assessment.Diff(&pub.Body, b) {
				p.Changes = append(p.Changes, c.What.In(lang))
			}
		}
	}
	return p
}

// schScaleRows are the label rows of a scale's form: every value of a short
// scale (0–4), the labelled values and two blank rows of a long one (0–100).
func schScaleRows(sc assessment.Scale) []schScaleRow {
	byValue := map[int]assessment.ScaleLabel{}
	for _, l := range sc.Labels {
		byValue[l.Value] = l
	}
	var rows []schScaleRow
	if sc.Max > sc.Min && sc.Max-sc.Min <= 10 {
		for v := sc.Max; v >= sc.Min; v-- {
			l := byValue[v]
			rows = append(rows, schScaleRow{Value: strconv.Itoa(v), Vi: l.Label.Vi, En: l.Label.En})
		}
		return rows
	}
	ls := append([]assessment.ScaleLabel{}, sc.Labels...)
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Value > ls[j].Value })
	for _, l := range ls {
		rows = append(rows, schScaleRow{Value: strconv.Itoa(l.Value), Vi: l.Label.Vi, En: l.Label.En})
	}
	return append(rows, schScaleRow{}, schScaleRow{})
}

func (h *Handler) handleSchemeDraft(w http.ResponseWriter, r *http.Request) error {
	sc, v, err := h.schDraftOf(r)
	if err != nil {
		if fault.Is(err, fault.Conflict) && sc != nil { // no draft: back to the scheme
			redirect(w, r, schemeHref(sc.ID))
			return nil
		}
		return err
	}
	return h.schRenderDraft(w, r, http.StatusOK, sc, v, h.schDraftPage(r, sc, v))
}

func (h *Handler) schRenderDraft(w http.ResponseWriter, r *http.Request, status int, sc *assessment.Scheme, v *assessment.Version, p *schemeDraftPage) error {
	title := fmtText(text("scheme.draft_title"), "{name}", sc.Name.Vi, "{no}", strconv.Itoa(v.No))
	title.En = strings.Replace(strings.Replace(text("scheme.draft_title").En, "{name}", sc.Name.In("en"), 1), "{no}", strconv.Itoa(v.No), 1)
	return h.render(w, r, status, "scheme_draft", title, p)
}

// schDraftRev reads the posted rev.
func schDraftRev(r *http.Request) int {
	n, _ := strconv.Atoi(formValue(r, "rev"))
	return n
}

// schDraftPost reads {id} and the form of a draft edit.
func schDraftPost(r *http.Request) (assessment.SchemeID, int, error) {
	id, err := postedID(r)
	if err != nil {
		return 0, 0, err
	}
	return assessment.SchemeID(id), schDraftRev(r), nil
}

// schDraftDone answers a successful edit: for htmx the editor itself (it
// swaps the editor in place), else a redirect to it at anchor.
func (h *Handler) schDraftDone(w http.ResponseWriter, r *http.Request, id assessment.SchemeID, anchor string) error {
	if r.Header.Get("HX-Request") == "true" {
		sc, v, err := h.assess.Draft(r.Context(), id)
		if err != nil {
			return err
		}
		return h.schRenderDraft(w, r, http.StatusOK, sc, v, h.schDraftPage(r, sc, v))
	}
	to := schDraftHref(id)
	if anchor != "" {
		to += "#" + anchor
	}
	redirect(w, r, to)
	return nil
}

// schDraftFailed answers a refused edit: a conflict (stale rev, something
// gone) reloads the editor with the message; an invalid form re-renders
// the editor with fill applying the posted values and errors.
func (h *Handler) schDraftFailed(w http.ResponseWriter, r *http.Request, id assessment.SchemeID, err error, fill func(p *schemeDraftPage)) error {
	if fault.Is(err, fault.Conflict) {
		h.flash(r.Context(), "error", fault.MessageOf(err))
		redirect(w, r, schDraftHref(id))
		return nil
	}
	if !fault.Is(err, fault.Invalid) || fill == nil {
		return err
	}
	sc, v, derr := h.assess.Draft(r.Context(), id)
	if derr != nil {
		return derr
	}
	p := h.schDraftPage(r, sc, v)
	fill(p)
	return h.schRenderDraft(w, r, http.StatusUnprocessableEntity, sc, v, p)
}

// schPostedScale reads the scale form: the bounds, the maximum points and the
// label rows that are not blank.
func schPostedScale(r *http.Request) (assessment.Scale, float64, []schScaleRow, fault.Fields) {
	bad := fault.Fields{}
	var sc assessment.Scale
	var err error
	if sc.Min, err = strconv.Atoi(formValue(r, "scale_min")); err != nil {
		bad.Add("scale_min", "Nhập một số nguyên.", "Enter a whole number.")
	}
	if sc.Max, err = strconv.Atoi(formValue(r, "scale_max")); err != nil {
		bad.Add("scale_max", "Nhập một số nguyên.", "Enter a whole number.")
	}
	mp, ok := schemeParseNum(formValue(r, "max_points"))
	if !ok {
		bad.Add("max_points", "Nhập một số.", "Enter a number.")
	}
	vals, vis, ens := r.PostForm["label_value"], r.PostForm["label_vi"], r.PostForm["label_en"]
	var rows []schScaleRow
	for i := range vals {
		row := schScaleRow{Value: strings.TrimSpace(vals[i])}
		if i < len(vis) {
			row.Vi = vn.NFC(vis[i])
		}
		if i < len(ens) {
			row.En = strings.TrimSpace(ens[i])
		}
		rows = append(rows, row)
		if row.Vi == "" && row.En == "" {
			continue
		}
		n, err := strconv.Atoi(row.Value)
		if err != nil {
			bad.Add("labels", "Mỗi mô tả cần một giá trị nguyên của thang điểm.", "Each label needs a whole value of the scale.")
			continue
		}
		sc.Labels = append(sc.Labels, assessment.ScaleLabel{Value: n, Label: fault.Text{Vi: row.Vi, En: row.En}})
	}
	if len(rows) > 1100 {
		bad.Add("labels", "Quá nhiều mô tả.", "Too many labels.")
	}
	return sc, mp, rows, bad
}

func (h *Handler) handleDraftScale(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	sc, mp, rows, bad := schPostedScale(r)
	if err = bad.Err(); err == nil {
		_, _, err = h.assess.SetScale(r.Context(), id, rev, sc, mp)
	}
	if err != nil {
		lang := h.lang(r)
		return h.schDraftFailed(w, r, id, err, func(p *schemeDraftPage) {
			p.ScaleForm = newFormErrors(lang, err, map[string]string{"scale.max": "scale_max", "max_points": "max_points"})
			for k, v := range p.ScaleForm.Errors {
				if k != "scale_max" && k != "scale_min" && k != "max_points" {
					p.ScaleList = append(p.ScaleList, v)
				}
			}
			sort.Strings(p.ScaleList)
			p.ScaleMin, p.ScaleMax, p.MaxPoints, p.ScaleRows = formValue(r, "scale_min"), formValue(r, "scale_max"), formValue(r, "max_points"), rows
		})
	}
	h.flash(r.Context(), "success", text("scheme.flash_saved"))
	return h.schDraftDone(w, r, id, "scheme-scale")
}

func (h *Handler) handleDraftLevels(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	codes, vis, ens, mins := r.PostForm["level_code"], r.PostForm["level_vi"], r.PostForm["level_en"], r.PostForm["level_min"]
	bad := fault.Fields{}
	var levels []assessment.Level
	var rows []schLevelRow
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := range codes {
		row := schLevelRow{Code: at(codes, i), Vi: vn.NFC(at(vis, i)), En: at(ens, i), Min: at(mins, i)}
		if row == (schLevelRow{}) {
			continue
		}
		rows = append(rows, row)
		m, ok := schemeParseNum(row.Min)
		if !ok || row.Min == "" {
			bad.Add("levels["+strconv.Itoa(len(levels))+"].min_pct", "Mức "+strconv.Itoa(len(levels)+1)+": nhập ngưỡng %.",
				"Level "+strconv.Itoa(len(levels)+1)+": enter the threshold %.")
		}
		levels = append(levels, assessment.Level{Code: row.Code, Name: fault.Text{Vi: row.Vi, En: row.En}, MinPct: m})
	}
	if len(codes) > 100 {
		bad.Add("levels", "Quá nhiều mức.", "Too many levels.")
	}
	if err = bad.Err(); err == nil {
		_, _, err = h.assess.SetLevels(r.Context(), id, rev, levels)
	}
	if err != nil {
		lang := h.lang(r)
		return h.schDraftFailed(w, r, id, err, func(p *schemeDraftPage) {
			p.LevelsForm = newFormErrors(lang, err, nil)
			for _, path := range assessment.FieldPaths(err) {
				p.LevelsList = append(p.LevelsList, fault.FieldsOf(err)[path].In(lang))
			}
			p.LevelRows = append(rows, schLevelRow{})
		})
	}
	h.flash(r.Context(), "success", text("scheme.flash_saved"))
	return h.schDraftDone(w, r, id, "scheme-levels")
}

// schPostedSection reads a section's form.
func schPostedSection(r *http.Request) (assessment.SectionInput, bool) {
	w, ok := schemeParseNum(formValue(r, "weight"))
	return assessment.SectionInput{Key: formValue(r, "key"), Name: fault.Text{Vi: vn.NFC(formValue(r, "name_vi")), En: formValue(r, "name_en")}, Weight: w}, ok
}

var schErrWeightNumber = fault.New(fault.Invalid, "Kiểm tra lại các trường.", "Check the fields.").
	Field("weight", "Nhập một số (để trống: tính theo số tiêu chí).", "Enter a number (blank: by the number of items).")

func (h *Handler) handleDraftSectionAdd(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	in, ok := schPostedSection(r)
	if !ok {
		err = schErrWeightNumber
	} else {
		_, _, err = h.assess.AddSection(r.Context(), id, rev, in)
	}
	if err != nil {
		lang := h.lang(r)
		return h.schDraftFailed(w, r, id, err, func(p *schemeDraftPage) {
			p.NewSection = schemeSectionFields{formErrors: newFormErrors(lang, err, nil), Key: in.Key, NameVi: in.Name.Vi, NameEn: in.Name.En,
				Weight: formValue(r, "weight")}
		})
	}
	h.flash(r.Context(), "success", text("scheme.flash_section_added"))
	return h.schDraftDone(w, r, id, "sec-"+in.Key)
}

type schemeSectionPage struct {
	Layout
	formErrors
	Scheme schemeHead
	Rev    int
	Key    string
	NameVi string
	NameEn string
	Weight string
	Items  int
	Action string
	Cancel string
}

func (h *Handler) handleDraftSectionForm(w http.ResponseWriter, r *http.Request) error {
	sc, v, err := h.schDraftOf(r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	for _, s := range v.Body.Sections {
		if s.Key == key {
			p := &schemeSectionPage{Scheme: h.schemeHead(h.lang(r), sc), Rev: v.Rev, Key: s.Key, NameVi: s.Name.Vi, NameEn: s.Name.En,
				Items: len(s.Items), Action: schDraftHref(sc.ID) + "/sections/" + s.Key, Cancel: schDraftHref(sc.ID) + "#sec-" + s.Key}
			if s.Weight > 0 {
				p.Weight = schemeNum(s.Weight)
			}
			return h.render(w, r, http.StatusOK, "scheme_section", text("scheme.section_edit"), p)
		}
	}
	return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
}

func (h *Handler) handleDraftSectionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	in, ok := schPostedSection(r)
	if !ok {
		err = schErrWeightNumber
	} else {
		_, _, err = h.assess.UpdateSection(r.Context(), id, rev, key, in)
	}
	if err != nil {
		if !fault.Is(err, fault.Invalid) {
			return h.schDraftFailed(w, r, id, err, nil)
		}
		sc, v, derr := h.assess.Draft(r.Context(), id)
		if derr != nil {
			return derr
		}
		p := &schemeSectionPage{formErrors: newFormErrors(h.lang(r), err, nil), Scheme: h.schemeHead(h.lang(r), sc), Rev: v.Rev, Key: in.Key,
			NameVi: in.Name.Vi, NameEn: in.Name.En, Weight: formValue(r, "weight"), Action: schDraftHref(id) + "/sections/" + key,
			Cancel: schDraftHref(id) + "#sec-" + key}
		return h.render(w, r, http.StatusUnprocessableEntity, "scheme_section", text("scheme.section_edit"), p)
	}
	h.flash(r.Context(), "success", text("scheme.flash_saved"))
	redirect(w, r, schDraftHref(id)+"#sec-"+in.Key)
	return nil
}

func schMoveDelta(r *http.Request) int {
	if formValue(r, "dir") == "up" {
		return -1
	}
	return 1
}

func (h *Handler) handleDraftSectionMove(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	if _, _, err := h.assess.MoveSection(r.Context(), id, rev, key, schMoveDelta(r)); err != nil {
		return h.schDraftFailed(w, r, id, err, func(*schemeDraftPage) {})
	}
	return h.schDraftDone(w, r, id, "sec-"+key)
}

func (h *Handler) handleDraftSectionRemove(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	if _, _, err := h.assess.RemoveSection(r.Context(), id, rev, r.PathValue("key")); err != nil {
		return h.schDraftFailed(w, r, id, err, func(*schemeDraftPage) {})
	}
	if r.Header.Get("HX-Request") != "true" {
		h.flash(r.Context(), "success", text("scheme.flash_section_removed"))
	}
	return h.schDraftDone(w, r, id, "scheme-sections")
}

// ---- items ----

type schemeItemPage struct {
	Layout
	formErrors
	Scheme       schemeHead
	Rev          int
	New          bool
	SectionKey   string
	SectionName  string
	Key          string
	TextVi       string
	TextEn       string
	GuidanceVi   string
	GuidanceEn   string
	EvidenceVi   string
	EvidenceEn   string
	Weight       string
	AllowNA      bool
	OwnScale     bool
	ScaleMin     string
	ScaleMax     string
	DefaultScale string
	Action       string
	Cancel       string
}

func (h *Handler) schItemPage(r *http.Request, sc *assessment.Scheme, v *assessment.Version, si int) *schemeItemPage {
	lang := h.lang(r)
	s := v.Body.Sections[si]
	return &schemeItemPage{Scheme: h.schemeHead(lang, sc), Rev: v.Rev, SectionKey: s.Key, SectionName: s.Name.In(lang),
		DefaultScale: strconv.Itoa(v.Body.Scale.Min) + "–" + strconv.Itoa(v.Body.Scale.Max), Cancel: schDraftHref(sc.ID) + "#sec-" + s.Key}
}

func (h *Handler) handleDraftItemNew(w http.ResponseWriter, r *http.Request) error {
	sc, v, err := h.schDraftOf(r)
	if err != nil {
		return err
	}
	for si, s := range v.Body.Sections {
		if s.Key == r.PathValue("key") {
			p := h.schItemPage(r, sc, v, si)
			p.New, p.Key, p.Action = true, v.Body.NextItemKey(si), schDraftHref(sc.ID)+"/sections/"+s.Key+"/items"
			return h.render(w, r, http.StatusOK, "scheme_item", text("scheme.item_new"), p)
		}
	}
	return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
}

func (h *Handler) handleDraftItemForm(w http.ResponseWriter, r *http.Request) error {
	sc, v, err := h.schDraftOf(r)
	if err != nil {
		return err
	}
	for si, s := range v.Body.Sections {
		for _, it := range s.Items {
			if it.Key != r.PathValue("key") {
				continue
			}
			p := h.schItemPage(r, sc, v, si)
			p.Key, p.TextVi, p.TextEn, p.GuidanceVi, p.GuidanceEn, p.EvidenceVi, p.EvidenceEn, p.AllowNA = it.Key, it.Text.Vi, it.Text.En,
				it.Guidance.Vi, it.Guidance.En, it.Evidence.Vi, it.Evidence.En, it.AllowNA
			if it.Weight > 0 {
				p.Weight = schemeNum(it.Weight)
			}
			if it.Scale != nil {
				p.OwnScale, p.ScaleMin, p.ScaleMax = true, strconv.Itoa(it.Scale.Min), strconv.Itoa(it.Scale.Max)
			}
			p.Action = schDraftHref(sc.ID) + "/items/" + it.Key
			p.Cancel = schDraftHref(sc.ID) + "#item-" + it.Key
			return h.render(w, r, http.StatusOK, "scheme_item", text("scheme.item_edit"), p)
		}
	}
	return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
}

// schPostedItem reads an item's form; old is the item edited (its own
// scale's labels that still fit are kept).
func schPostedItem(r *http.Request, old *assessment.Item) (assessment.Item, fault.Fields) {
	bad := fault.Fields{}
	it := assessment.Item{Key: formValue(r, "key"), AllowNA: formValue(r, "allow_na") == "1",
		Text:     fault.Text{Vi: vn.NFC(formValue(r, "text_vi")), En: formValue(r, "text_en")},
		Guidance: fault.Text{Vi: vn.NFC(formValue(r, "guidance_vi")), En: formValue(r, "guidance_en")},
		Evidence: fault.Text{Vi: vn.NFC(formValue(r, "evidence_vi")), En: formValue(r, "evidence_en")}}
	wt, ok := schemeParseNum(formValue(r, "weight"))
	if !ok {
		bad.Add("weight", "Nhập một số (để trống: 1).", "Enter a number (blank: 1).")
	}
	it.Weight = wt
	if formValue(r, "own_scale") == "1" {
		var sc assessment.Scale
		var err error
		if sc.Min, err = strconv.Atoi(formValue(r, "scale_min")); err != nil {
			bad.Add("scale_min", "Nhập một số nguyên.", "Enter a whole number.")
		}
		if sc.Max, err = strconv.Atoi(formValue(r, "scale_max")); err != nil {
			bad.Add("scale_max", "Nhập một số nguyên.", "Enter a whole number.")
		}
		if old != nil && old.Scale != nil {
			for _, l := range old.Scale.Labels {
				if l.Value >= sc.Min && l.Value <= sc.Max {
					sc.Labels = append(sc.Labels, l)
				}
			}
		}
		it.Scale = &sc
	}
	return it, bad
}

func (h *Handler) schItemFailed(w http.ResponseWriter, r *http.Request, id assessment.SchemeID, section string, err error, fill func(p *schemeItemPage)) error {
	if !fault.Is(err, fault.Invalid) {
		return h.schDraftFailed(w, r, id, err, nil)
	}
	sc, v, derr := h.assess.Draft(r.Context(), id)
	if derr != nil {
		return derr
	}
	si := -1
	for i, s := range v.Body.Sections {
		if s.Key == section {
			si = i
		}
	}
	if si < 0 {
		return h.schDraftFailed(w, r, id, fault.New(fault.Conflict, "Phần này không còn trong bản nháp.", "This section is no longer in the draft."), nil)
	}
	p := h.schItemPage(r, sc, v, si)
	p.formErrors = newFormErrors(h.lang(r), err, nil)
	p.Key, p.TextVi, p.TextEn = formValue(r, "key"), formValue(r, "text_vi"), formValue(r, "text_en")
	p.GuidanceVi, p.GuidanceEn, p.EvidenceVi, p.EvidenceEn = formValue(r, "guidance_vi"), formValue(r, "guidance_en"), formValue(r, "evidence_vi"), formValue(r, "evidence_en")
	p.Weight, p.AllowNA, p.OwnScale = formValue(r, "weight"), formValue(r, "allow_na") == "1", formValue(r, "own_scale") == "1"
	p.ScaleMin, p.ScaleMax = formValue(r, "scale_min"), formValue(r, "scale_max")
	fill(p)
	title := text("scheme.item_edit")
	if p.New {
		title = text("scheme.item_new")
	}
	return h.render(w, r, http.StatusUnprocessableEntity, "scheme_item", title, p)
}

func (h *Handler) handleDraftItemAdd(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	section := r.PathValue("key")
	it, bad := schPostedItem(r, nil)
	if err = bad.Err(); err == nil {
		_, _, err = h.assess.AddItem(r.Context(), id, rev, section, it)
	}
	if err != nil {
		return h.schItemFailed(w, r, id, section, err, func(p *schemeItemPage) {
			p.New, p.Action = true, schDraftHref(id)+"/sections/"+section+"/items"
		})
	}
	h.flash(r.Context(), "success", text("scheme.flash_item_added"))
	redirect(w, r, schDraftHref(id)+"#item-"+it.Key)
	return nil
}

func (h *Handler) handleDraftItemUpdate(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	var old *assessment.Item
	section := ""
	if _, v, derr := h.assess.Draft(r.Context(), id); derr == nil {
		if it, _, ok := v.Body.Item(key); ok {
			old = it
			for _, s := range v.Body.Sections {
				for _, x := range s.Items {
					if x.Key == key {
						section = s.Key
					}
				}
			}
		}
	}
	it, bad := schPostedItem(r, old)
	if err = bad.Err(); err == nil {
		_, _, err = h.assess.UpdateItem(r.Context(), id, rev, key, it)
	}
	if err != nil {
		return h.schItemFailed(w, r, id, section, err, func(p *schemeItemPage) {
			p.Action, p.Cancel = schDraftHref(id)+"/items/"+key, schDraftHref(id)+"#item-"+key
		})
	}
	h.flash(r.Context(), "success", text("scheme.flash_saved"))
	redirect(w, r, schDraftHref(id)+"#item-"+it.Key)
	return nil
}

func (h *Handler) handleDraftItemMove(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	if _, _, err := h.assess.MoveItem(r.Context(), id, rev, key, schMoveDelta(r)); err != nil {
		return h.schDraftFailed(w, r, id, err, func(*schemeDraftPage) {})
	}
	return h.schDraftDone(w, r, id, "item-"+key)
}

func (h *Handler) handleDraftItemRemove(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	if _, _, err := h.assess.RemoveItem(r.Context(), id, rev, r.PathValue("key")); err != nil {
		return h.schDraftFailed(w, r, id, err, func(*schemeDraftPage) {})
	}
	if r.Header.Get("HX-Request") != "true" {
		h.flash(r.Context(), "success", text("scheme.flash_item_removed"))
	}
	return h.schDraftDone(w, r, id, "scheme-sections")
}

// ---- publish, discard ----

func (h *Handler) handleDraftPublish(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	note := formValue(r, "note")
	_, v, err := h.assess.PublishDraft(r.Context(), id, rev, note)
	if err != nil {
		lang := h.lang(r)
		return h.schDraftFailed(w, r, id, err, func(p *schemeDraftPage) {
			p.PublishForm = newFormErrors(lang, err, nil)
			p.Note = note
			for _, path := range assessment.FieldPaths(err) {
				if path != "note" {
					p.PublishList = append(p.PublishList, schImportErrorRow{Path: path, Message: fault.FieldsOf(err)[path].In(lang)})
				}
			}
		})
	}
	h.flash(r.Context(), "success", fmtText(text("scheme.flash_published"), "{no}", strconv.Itoa(v.No)))
	redirect(w, r, schemeHref(id))
	return nil
}

func (h *Handler) handleDraftDiscard(w http.ResponseWriter, r *http.Request) error {
	id, rev, err := schDraftPost(r)
	if err != nil {
		return err
	}
	if err := h.assess.DiscardDraft(r.Context(), id, rev); err != nil {
		return h.schDraftFailed(w, r, id, err, func(*schemeDraftPage) {})
	}
	h.flash(r.Context(), "success", text("scheme.flash_discarded"))
	redirect(w, r, schemeHref(id))
	return nil
}
