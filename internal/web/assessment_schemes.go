package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The pages of the scheme editor (list, versions, items, publish, import and export).
//
// Everyone, the public too, reads the published schemes (the criteria are
// public so that enterprises prepare) and their earlier versions; admins
// and ministry officers (ActSchemeManage) also see drafts and archived
// schemes, create schemes, edit a draft (properties, scale, levels,
// sections, items), publish it with a note, discard it, change the
// scheme's own properties (in force at once, not through a draft), archive,
// and import and export files. Authorization is the assessment service's; the
// pages only hide what the actor cannot do.

// registerSchemes registers the pages of this area.
func (h *Handler) registerSchemes(mux Router) {
	h.handle(mux, "GET /schemes", h.handleSchemes)
	h.handle(mux, "GET /schemes/new", h.handleSchemeNew)
	h.handle(mux, "POST /schemes", h.handleSchemeCreate)
	h.handle(mux, "GET /schemes/import", h.handleSchemeImportForm)
	h.handle(mux, "POST /schemes/import", h.handleSchemeImport)
	h.handle(mux, "GET /schemes/{id}", h.handleSchemeShow)
	h.handle(mux, "GET /schemes/{id}/versions/{vid}", h.handleSchemeShow)
	h.handle(mux, "GET /schemes/{id}/versions/{vid}/export.json", h.handleSchemeExportJSON)
	h.handle(mux, "GET /schemes/{id}/versions/{vid}/export.xlsx", h.handleSchemeExportXLSX)
	h.handle(mux, "POST /schemes/{id}/properties", h.handleSchemeProperties)
	h.handle(mux, "POST /schemes/{id}/archive", h.handleSchemeArchive)
	h.handle(mux, "POST /schemes/{id}/draft", h.handleSchemeOpenDraft)
	h.handle(mux, "GET /schemes/{id}/draft", h.handleSchemeDraft)
	h.handle(mux, "POST /schemes/{id}/draft/scale", h.handleDraftScale)
	h.handle(mux, "POST /schemes/{id}/draft/levels", h.handleDraftLevels)
	h.handle(mux, "POST /schemes/{id}/draft/sections", h.handleDraftSectionAdd)
	h.handle(mux, "GET /schemes/{id}/draft/sections/{key}", h.handleDraftSectionForm)
	h.handle(mux, "POST /schemes/{id}/draft/sections/{key}", h.handleDraftSectionUpdate)
	h.handle(mux, "POST /schemes/{id}/draft/sections/{key}/move", h.handleDraftSectionMove)
	h.handle(mux, "POST /schemes/{id}/draft/sections/{key}/remove", h.handleDraftSectionRemove)
	h.handle(mux, "GET /schemes/{id}/draft/sections/{key}/items/new", h.handleDraftItemNew)
	h.handle(mux, "POST /schemes/{id}/draft/sections/{key}/items", h.handleDraftItemAdd)
	h.handle(mux, "GET /schemes/{id}/draft/items/{key}", h.handleDraftItemForm)
	h.handle(mux, "POST /schemes/{id}/draft/items/{key}", h.handleDraftItemUpdate)
	h.handle(mux, "POST /schemes/{id}/draft/items/{key}/move", h.handleDraftItemMove)
	h.handle(mux, "POST /schemes/{id}/draft/items/{key}/remove", h.handleDraftItemRemove)
	h.handle(mux, "POST /schemes/{id}/draft/publish", h.handleDraftPublish)
	h.handle(mux, "POST /schemes/{id}/draft/discard", h.handleDraftDiscard)
}

// schemePages lists this area's page templates with a zero model each.
func schemePages() map[string]page {
	return map[string]page{
		"scheme_list":    &schemeListPage{},
		"scheme_show":    &schemeShowPage{},
		"scheme_new":     &schemeNewPage{},
		"scheme_import":  &schemeImportPage{},
		"scheme_draft":   &schemeDraftPage{},
		"scheme_section": &schemeSectionPage{},
		"scheme_item":    &schemeItemPage{},
	}
}

func schemeHref(id assessment.SchemeID) string   { return "/schemes/" + strconv.FormatInt(int64(id), 10) }
func schDraftHref(id assessment.SchemeID) string { return schemeHref(id) + "/draft" }
func schVersionHref(id assessment.SchemeID, vid assessment.VersionID) string {
	return schemeHref(id) + "/versions/" + strconv.FormatInt(int64(vid), 10)
}

// schemeNum writes a weight or threshold: 1.000, 12,5.
func schemeNum(f float64) string {
	if f == float64(int64(f)) {
		return vn.Int(int64(f))
	}
	s := vn.Decimal(f, 2)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ",")
}

// schemeParseNum reads a weight or threshold typed with a comma or a point.
func schemeParseNum(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if f, err := vn.ParseDecimal(s); err == nil {
		return f, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eEnN") {
		return f, true
	}
	return 0, false
}

// schemeID reads {id}.
func schemeID(r *http.Request) (assessment.SchemeID, error) {
	id, err := pathID(r, "id")
	return assessment.SchemeID(id), err
}

// ---- shared views ----

// schemeHead is what every scheme page shows of the scheme.
type schemeHead struct {
	ID        assessment.SchemeID
	Href      string
	Code      string
	Name      string
	Kind      string
	Tools     []string
	Validity  string
	Shipped   bool
	Archived  bool
	HasDraft  bool
	Published int // the published version's number, 0 when none
}

func (h *Handler) schemeHead(lang string, sc *assessment.Scheme) schemeHead {
	v := text("scheme.no_expiry").In(lang)
	if sc.ValidityMonths > 0 {
		v = fmtText(text("scheme.months"), "{n}", strconv.Itoa(sc.ValidityMonths)).In(lang)
	}
	out := schemeHead{ID: sc.ID, Href: schemeHref(sc.ID), Code: sc.Code, Name: sc.Name.In(lang), Kind: sc.Kind.Label().In(lang),
		Validity: v, Shipped: sc.Shipped, Archived: sc.Archived, HasDraft: sc.DraftID != 0, Published: sc.PublishedNo}
	for _, t := range sc.Tools {
		out.Tools = append(out.Tools, schToolLabel(t))
	}
	return out
}

// schToolLabel names a catalogue tool code ("5s" → "5S", "tpm" → "TPM").
func schToolLabel(code string) string {
	switch code {
	case "kaizen":
		return "Kaizen"
	case "lean":
		return "Lean"
	}
	return strings.ToUpper(code)
}

type schLabelView struct {
	Value int
	Label string
}

type schItemView struct {
	Key      string
	Text     string
	Guidance string
	Evidence string
	Weight   string // "" when the default (1)
	AllowNA  bool
	Scale    string // its own scale "0–2", "" for the default
	Labels   []schLabelView
}

type schSectionView struct {
	Key    string
	Name   string
	Weight string // the share of the total, or points
	Items  []schItemView
}

type schLevelView struct {
	Code   string
	Name   string
	MinPct string
	Points string // with MaxPoints: the points the threshold is
}

// schBodyView is a body in lang.
type schBodyView struct {
	ScaleMin, ScaleMax int
	Labels             []schLabelView
	MaxPoints          string
	Points             bool
	Sections           []schSectionView
	Levels             []schLevelView
	Items              int
}

func schLabelsOf(lang string, ls []assessment.ScaleLabel) []schLabelView {
	out := make([]schLabelView, 0, len(ls))
	for _, l := range ls {
		out = append(out, schLabelView{Value: l.Value, Label: l.Label.In(lang)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	return out
}

func schBodyViewOf(lang string, b *assessment.Body) schBodyView {
	v := schBodyView{ScaleMin: b.Scale.Min, ScaleMax: b.Scale.Max, Labels: schLabelsOf(lang, b.Scale.Labels), Items: b.ItemCount(), Points: b.MaxPoints > 0}
	if b.MaxPoints > 0 {
		v.MaxPoints = schemeNum(b.MaxPoints)
	}
	for _, s := range b.Sections {
		sv := schSectionView{Key: s.Key, Name: s.Name.In(lang)}
		if s.Weight > 0 {
			sv.Weight = schemeNum(s.Weight)
		}
		for _, it := range s.Items {
			iv := schItemView{Key: it.Key, Text: it.Text.In(lang), Guidance: it.Guidance.In(lang), Evidence: it.Evidence.In(lang), AllowNA: it.AllowNA}
			if it.Weight > 0 && it.Weight != 1 {
				iv.Weight = schemeNum(it.Weight)
			}
			if it.Scale != nil {
				iv.Scale = strconv.Itoa(it.Scale.Min) + "–" + strconv.Itoa(it.Scale.Max)
				iv.Labels = schLabelsOf(lang, it.Scale.Labels)
			}
			sv.Items = append(sv.Items, iv)
		}
		v.Sections = append(v.Sections, sv)
	}
	levels := append([]assessment.Level{}, b.Levels...)
	sort.SliceStable(levels, func(i, j int) bool { return levels[i].MinPct < levels[j].MinPct })
	for _, l := range levels {
		lv := schLevelView{Code: l.Code, Name: l.Name.In(lang), MinPct: schemeNum(l.MinPct)}
		if b.MaxPoints > 0 {
			lv.Points = schemeNum(l.MinPct * b.MaxPoints / 100)
		}
		v.Levels = append(v.Levels, lv)
	}
	return v
}

func schVersionStatus(lang string, st assessment.VersionStatus) (string, string) {
	switch st {
	case assessment.VersionPublished:
		return text("scheme.status_published").In(lang), "badge-ok"
	case assessment.VersionDraft:
		return text("scheme.status_draft").In(lang), "badge-warn"
	}
	return text("scheme.status_retired").In(lang), "badge-muted"
}

// ---- list ----

type schemeRow struct {
	schemeHead
	Items       int
	PublishedAt time.Time
}

type schemeListPage struct {
	Layout
	Rows      []schemeRow
	CanManage bool
}

func (h *Handler) handleSchemes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	all, err := h.assess.AllSchemes(ctx)
	if err != nil {
		return err
	}
	p := &schemeListPage{CanManage: assessment.MaySchemeManage(ctx)}
	for _, sc := range all {
		row := schemeRow{schemeHead: h.schemeHead(lang, sc)}
		if sc.Published != 0 {
			if _, v, err := h.assess.Version(ctx, sc.ID, sc.Published); err == nil {
				row.Items = v.Body.ItemCount()
				if v.PublishedAt != nil {
					row.PublishedAt = *v.PublishedAt
				}
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return h.render(w, r, http.StatusOK, "scheme_list", text("scheme.list_title"), p)
}

// ---- one scheme, one version ----

type schVersionRow struct {
	No          int
	Href        string
	Status      string
	Badge       string
	Note        string
	PublishedAt time.Time
	Current     bool // the one shown
}

type schemeShowPage struct {
	Layout
	Scheme      schemeHead
	No          int
	Status      string
	Badge       string
	Note        string
	PublishedAt time.Time
	Body        schBodyView
	Versions    []schVersionRow
	IsDraft     bool
	IsOld       bool // a retired version: say which one is in force
	CurrentHref string
	ExportJSON  string
	ExportXLSX  string
	CanManage   bool
	DraftHref   string
	// The properties form (managers): the scheme's version it read.
	Props     schemeProps
	Version   int
	PropsOpen bool
}

func (h *Handler) handleSchemeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := schemeID(r)
	if err != nil {
		return err
	}
	sc, p, err := h.schShowPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "scheme_show", sc.Name, p)
}

// schShowPage builds a scheme's page (the version of {vid}, or the one in
// force), with the properties form filled from the scheme for managers.
func (h *Handler) schShowPage(r *http.Request, id assessment.SchemeID) (*assessment.Scheme, *schemeShowPage, error) {
	ctx := r.Context()
	lang := h.lang(r)
	// The version first: a change between the two reads makes the form
	// stale (refused), never newer than what it shows.
	_, ver, err := h.assess.SchemeVersioned(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	sc, vs, err := h.assess.Versions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var shown *assessment.Version
	if r.PathValue("vid") != "" {
		vid, err := pathID(r, "vid")
		if err != nil {
			return nil, nil, err
		}
		for _, v := range vs {
			if v.ID == assessment.VersionID(vid) {
				shown = v
			}
		}
		if shown == nil {
			return nil, nil, &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
		}
	} else {
		for _, v := range vs {
			if v.ID == sc.Published || shown == nil && v.ID == sc.DraftID {
				shown = v
			}
		}
	}
	p := &schemeShowPage{Scheme: h.schemeHead(lang, sc), CanManage: assessment.MaySchemeManage(ctx), CurrentHref: schemeHref(id), DraftHref: schDraftHref(id),
		Version: ver}
	if p.CanManage {
		p.Props = schemeProps{NameVi: sc.Name.Vi, NameEn: sc.Name.En, Validity: strconv.Itoa(sc.ValidityMonths), Kinds: schKindOptions(lang, sc.Kind),
			Tools: h.schToolOptions(r, sc.Tools)}
	}
	if shown != nil {
		p.No, p.Note, p.Body = shown.No, shown.Note, schBodyViewOf(lang, &shown.Body)
		p.Status, p.Badge = schVersionStatus(lang, shown.Status)
		p.IsDraft, p.IsOld = shown.Status == assessment.VersionDraft, shown.Status == assessment.VersionRetired
		if shown.PublishedAt != nil {
			p.PublishedAt = *shown.PublishedAt
		}
		base := schVersionHref(id, shown.ID)
		p.ExportJSON, p.ExportXLSX = base+"/export.json", base+"/export.xlsx"
	}
	for _, v := range vs {
		row := schVersionRow{No: v.No, Href: schVersionHref(id, v.ID), Note: v.Note, Current: shown != nil && v.ID == shown.ID}
		if v.Status == assessment.VersionDraft {
			row.Href = schDraftHref(id)
		}
		row.Status, row.Badge = schVersionStatus(lang, v.Status)
		if v.PublishedAt != nil {
			row.PublishedAt = *v.PublishedAt
		}
		p.Versions = append(p.Versions, row)
	}
	return sc, p, nil
}

// handleSchemeProperties saves the scheme's own properties at the version
// the form read: in force at once. A stale version goes back to the scheme
// with the message; an invalid form shows the page again with the errors.
func (h *Handler) handleSchemeProperties(w http.ResponseWriter, r *http.Request) error {
	pid, err := postedID(r)
	if err != nil {
		return err
	}
	id := assessment.SchemeID(pid)
	version, _ := strconv.Atoi(formValue(r, "version"))
	in, ok := schemeInput(r)
	if !ok {
		err = fault.New(fault.Invalid, "Kiểm tra lại các trường.", "Check the fields.").
			Field("validity_months", "Nhập số tháng (0 = không hết hạn).", "Enter a number of months (0 = no expiry).")
		if err := schemeManager(r); err != nil {
			return err
		}
	} else {
		_, _, err = h.assess.SetProperties(r.Context(), id, version, in)
	}
	if err != nil {
		if fault.Is(err, fault.Conflict) {
			h.flash(r.Context(), "error", fault.MessageOf(err))
			redirect(w, r, schemeHref(id)+"#scheme-props")
			return nil
		}
		if !fault.Is(err, fault.Invalid) {
			return err
		}
		sc, p, perr := h.schShowPage(r, id)
		if perr != nil {
			return perr
		}
		lang := h.lang(r)
		p.Props = schemeProps{formErrors: newFormErrors(lang, err, nil), NameVi: in.Name.Vi, NameEn: in.Name.En,
			Validity: formValue(r, "validity_months"), Kinds: schKindOptions(lang, in.Kind), Tools: h.schToolOptions(r, in.Tools)}
		p.Version, p.PropsOpen = version, true
		return h.render(w, r, http.StatusUnprocessableEntity, "scheme_show", sc.Name, p)
	}
	h.flash(r.Context(), "success", text("scheme.flash_props_saved"))
	redirect(w, r, schemeHref(id))
	return nil
}

// ---- export ----

func (h *Handler) schemeExport(r *http.Request) (*assessment.SchemeFile, string, error) {
	id, err := schemeID(r)
	if err != nil {
		return nil, "", err
	}
	vid, err := pathID(r, "vid")
	if err != nil {
		return nil, "", err
	}
	f, err := h.assess.Export(r.Context(), id, assessment.VersionID(vid))
	if err != nil {
		return nil, "", err
	}
	return f, "bo-tieu-chi-" + f.Scheme.Code + "-v" + strconv.Itoa(f.Version.No), nil
}

func schWriteDownload(w http.ResponseWriter, ctype, name string, data []byte) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", attachment(name))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
}

func (h *Handler) handleSchemeExportJSON(w http.ResponseWriter, r *http.Request) error {
	f, name, err := h.schemeExport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := assessment.EncodeJSON(&buf, f); err != nil {
		return fault.Internalf("web: scheme json: %w", err)
	}
	schWriteDownload(w, "application/json; charset=utf-8", name+".json", buf.Bytes())
	return nil
}

func (h *Handler) handleSchemeExportXLSX(w http.ResponseWriter, r *http.Request) error {
	f, name, err := h.schemeExport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := assessment.EncodeXLSX(&buf, f); err != nil {
		return fault.Internalf("web: scheme xlsx: %w", err)
	}
	schWriteDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name+".xlsx", buf.Bytes())
	return nil
}

// ---- new scheme ----

type schemeNewPage struct {
	Layout
	schemeProps
	Code string
}

// schemeManager requires a signed-in actor who may edit schemes.
func schemeManager(r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if !assessment.MaySchemeManage(r.Context()) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("scheme.managers_only")}
	}
	return nil
}

func schKindOptions(lang string, cur assessment.Kind) []option {
	var out []option
	for _, k := range []assessment.Kind{assessment.Kind5S, assessment.KindTools, assessment.KindExcellence} {
		out = append(out, option{Value: string(k), Label: k.Label().In(lang), Selected: k == cur})
	}
	return out
}

// schToolOptions are the catalogue's tools, those of sel checked.
func (h *Handler) schToolOptions(r *http.Request, sel []string) []option {
	var out []option
	seen := map[string]bool{}
	if h.catalog != nil {
		if ts, err := h.catalog.Tools(r.Context()); err == nil {
			for _, t := range ts {
				c := string(t.Code)
				seen[c] = true
				out = append(out, option{Value: c, Label: t.Name.In(h.lang(r)), Selected: schContainsStr(sel, c)})
			}
		}
	}
	for _, c := range sel {
		if !seen[c] {
			out = append(out, option{Value: c, Label: schToolLabel(c), Selected: true})
		}
	}
	return out
}

func schContainsStr(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (h *Handler) handleSchemeNew(w http.ResponseWriter, r *http.Request) error {
	if err := schemeManager(r); err != nil {
		return err
	}
	lang := h.lang(r)
	p := &schemeNewPage{schemeProps: schemeProps{Validity: "36", Kinds: schKindOptions(lang, assessment.Kind5S), Tools: h.schToolOptions(r, nil)}}
	return h.render(w, r, http.StatusOK, "scheme_new", text("scheme.new_title"), p)
}

// schemeInput reads the properties form.
func schemeInput(r *http.Request) (assessment.SchemeInput, bool) {
	in := assessment.SchemeInput{Code: formValue(r, "code"), Name: fault.Text{Vi: vn.NFC(formValue(r, "name_vi")), En: formValue(r, "name_en")},
		Kind: assessment.Kind(formValue(r, "kind")), Tools: r.PostForm["tools"]}
	m, err := strconv.Atoi(formValue(r, "validity_months"))
	in.ValidityMonths = m
	return in, err == nil
}

func (h *Handler) handleSchemeCreate(w http.ResponseWriter, r *http.Request) error {
	if err := schemeManager(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	lang := h.lang(r)
	in, ok := schemeInput(r)
	var sc *assessment.Scheme
	err := error(fault.New(fault.Invalid, "Kiểm tra lại các trường.", "Check the fields.").
		Field("validity_months", "Nhập số tháng (0 = không hết hạn).", "Enter a number of months (0 = no expiry)."))
	if ok {
		sc, _, err = h.assess.CreateScheme(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := &schemeNewPage{Code: in.Code, schemeProps: schemeProps{formErrors: newFormErrors(lang, err, nil), NameVi: in.Name.Vi, NameEn: in.Name.En,
			Validity: formValue(r, "validity_months"), Kinds: schKindOptions(lang, in.Kind), Tools: h.schToolOptions(r, in.Tools)}}
		return h.render(w, r, http.StatusUnprocessableEntity, "scheme_new", text("scheme.new_title"), p)
	}
	h.flash(r.Context(), "success", text("scheme.flash_created"))
	redirect(w, r, schDraftHref(sc.ID))
	return nil
}

// ---- import ----

type schImportErrorRow struct {
	Path    string
	Message string
}

type schemeImportPage struct {
	Layout
	formErrors
	List    []schImportErrorRow
	MaxMB   int
	Replace bool
}

func (h *Handler) handleSchemeImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := schemeManager(r); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "scheme_import", text("scheme.import_title"), &schemeImportPage{MaxMB: assessment.MaxImportSize >> 20})
}

func (h *Handler) handleSchemeImport(w http.ResponseWriter, r *http.Request) error {
	if err := schemeManager(r); err != nil {
		return err
	}
	lang := h.lang(r)
	p := &schemeImportPage{MaxMB: assessment.MaxImportSize >> 20}
	fail := func(status int, err error) error {
		if !isFormError(err) {
			return err
		}
		p.formErrors = newFormErrors(lang, err, nil)
		fs := fault.FieldsOf(err)
		for _, path := range assessment.FieldPaths(err) {
			p.List = append(p.List, schImportErrorRow{Path: path, Message: fs[path].In(lang)})
		}
		return h.render(w, r, status, "scheme_import", text("scheme.import_title"), p)
	}
	r.Body = http.MaxBytesReader(w, r.Body, assessment.MaxImportSize+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fail(http.StatusRequestEntityTooLarge, fault.New(fault.Invalid, "Tệp lớn quá 2 MB; không có gì được lưu.", "The file is larger than 2 MB; nothing was saved."))
		}
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("scheme.choose_file").Vi, text("scheme.choose_file").En))
	}
	defer r.MultipartForm.RemoveAll()
	p.Replace = r.PostFormValue("replace") == "1"
	f, _, err := r.FormFile("file")
	if err != nil {
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("scheme.choose_file").Vi, text("scheme.choose_file").En))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, assessment.MaxImportSize+1))
	if err != nil {
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("scheme.choose_file").Vi, text("scheme.choose_file").En))
	}
	res, err := h.assess.Import(r.Context(), data, p.Replace)
	if err != nil {
		return fail(http.StatusUnprocessableEntity, err)
	}
	switch {
	case res.Created:
		h.flash(r.Context(), "success", text("scheme.flash_imported_new"))
	case res.Properties:
		h.flash(r.Context(), "success", text("scheme.flash_imported_props"))
	default:
		h.flash(r.Context(), "success", text("scheme.flash_imported_draft"))
	}
	redirect(w, r, schDraftHref(res.Scheme.ID))
	return nil
}

// ---- archive, open a draft ----

func (h *Handler) handleSchemeArchive(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	archived := formValue(r, "archived") == "1"
	if _, err := h.assess.SetArchived(r.Context(), assessment.SchemeID(id), archived); err != nil {
		return err
	}
	if archived {
		h.flash(r.Context(), "success", text("scheme.flash_archived"))
	} else {
		h.flash(r.Context(), "success", text("scheme.flash_unarchived"))
	}
	redirect(w, r, schemeHref(assessment.SchemeID(id)))
	return nil
}

func (h *Handler) handleSchemeOpenDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	if _, _, err := h.assess.OpenDraft(r.Context(), assessment.SchemeID(id)); err != nil {
		if !isFormError(err) {
			return err
		}
		h.flash(r.Context(), "error", fault.MessageOf(err))
		redirect(w, r, schemeHref(assessment.SchemeID(id)))
		return nil
	}
	redirect(w, r, schDraftHref(assessment.SchemeID(id)))
	return nil
}
