package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// standardPageSize is the number of standards per page of the list.
const standardPageSize = 20

// standardListPage is the search over the standards.
type standardListPage struct {
	Layout
	Rows      []standardRow
	Pager     Pager
	Q, ICS    string
	Kinds     []option
	Statuses  []option
	Sectors   []option
	Filtered  bool
	CanManage bool
	Total     int
}

type standardRow struct {
	ID          int64
	Href        string
	Code        string
	Title       string
	Status      string
	StatusClass string
	Sector      string
	ICS         string
}

func standardURL(id catalog.StandardID) string { return fmt.Sprintf("/standards/%d", id) }

func statusClass(s catalog.StandardStatus) string {
	switch s {
	case catalog.StatusInForce:
		return "badge-ok"
	case catalog.StatusReplaced:
		return "badge-warn"
	}
	return "badge-muted"
}

func newStandardRow(st *catalog.Standard, lang string) standardRow {
	row := standardRow{ID: int64(st.ID), Href: standardURL(st.ID), Code: st.Display(), Title: st.Title.In(lang),
		Status: st.Status.Label().In(lang), StatusClass: statusClass(st.Status), ICS: st.ICS}
	if row.Title == "" {
		row.Title = st.Title.Vi
	}
	if st.Sector != "" {
		row.Sector = st.Sector.Label().In(lang)
	}
	return row
}

func (h *Handler) handleStandardList(w http.ResponseWriter, r *http.Request) error {
	lang := h.lang(r)
	q := r.URL.Query()
	page := pageParam(q)
	f := catalog.StandardFilter{Query: q.Get("q"), ICSPrefix: q.Get("ics"), Limit: standardPageSize, Offset: (page - 1) * standardPageSize}
	for _, k := range catalog.StandardKinds {
		if q.Get("kind") == string(k) {
			f.Kind = k
		}
	}
	for _, s := range catalog.StandardStatuses {
		if q.Get("status") == string(s) {
			f.Status = s
		}
	}
	if s, ok := catalog.ParseSector(q.Get("sector")); ok {
		f.Sector = s
	}
	if !catalog.ValidICSPrefix(f.ICSPrefix) {
		f.ICSPrefix = ""
	}
	pg, err := h.catalog.SearchStandards(r.Context(), f)
	if err != nil {
		return err
	}
	p := &standardListPage{Q: f.Query, ICS: f.ICSPrefix, Sectors: sectorOptions(lang, f.Sector), Total: pg.Total,
		CanManage: catalog.CanManage(r.Context())}
	for _, k := range catalog.StandardKinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: string(k), Selected: k == f.Kind})
	}
	for _, s := range catalog.StandardStatuses {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == f.Status})
	}
	for _, st := range pg.Items {
		p.Rows = append(p.Rows, newStandardRow(st, lang))
	}
	p.Filtered = f.Query != "" || f.Kind != "" || f.Status != "" || f.Sector != "" || f.ICSPrefix != ""
	p.Pager = newPager(r, page, standardPageSize, pg.Total)
	return h.render(w, r, http.StatusOK, "catalog_standards", text("std.title"), p)
}

// standardPage is one standard with its replacement chain.
type standardPage struct {
	Layout
	Std         catalog.Standard
	Code        string
	Title       string
	TitleOther  string
	Kind        string
	Status      string
	StatusClass string
	Sector      string
	Effective   string
	Chain       []standardRow
	Replaces    []standardRow
	Tools       []toolLink
	CanManage   bool
}

func (h *Handler) handleStandardShow(w http.ResponseWriter, r *http.Request) error {
	lang := h.lang(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.catalog.Standard(r.Context(), catalog.StandardID(id))
	if err != nil {
		return err
	}
	p := &standardPage{Std: *st, Code: st.Display(), Title: st.Title.In(lang), Kind: st.Kind.Label().In(lang),
		Status: st.Status.Label().In(lang), StatusClass: statusClass(st.Status), CanManage: catalog.CanManage(r.Context())}
	if p.Title == "" {
		p.Title = st.Title.Vi
	}
	if lang == "en" {
		p.TitleOther = st.Title.Vi
	} else {
		p.TitleOther = st.Title.En
	}
	if st.Sector != "" {
		p.Sector = st.Sector.Label().In(lang)
	}
	if t, err := time.Parse("2006-01-02", st.EffectiveOn); err == nil {
		p.Effective = vn.Date(t)
	}
	chain, err := h.catalog.Chain(r.Context(), st.ID)
	if err != nil {
		return err
	}
	for _, c := range chain {
		p.Chain = append(p.Chain, newStandardRow(c, lang))
	}
	replaces, err := h.catalog.Replaces(r.Context(), st.ID)
	if err != nil {
		return err
	}
	for _, c := range replaces {
		p.Replaces = append(p.Replaces, newStandardRow(c, lang))
	}
	tools, err := h.catalog.PublicTools(r.Context(), "")
	if err != nil {
		return err
	}
	for _, t := range tools {
		if t.Standard == st.Code {
			p.Tools = append(p.Tools, toolLink{Href: toolURL(t.Code), Name: t.Name.In(lang)})
		}
	}
	return h.render(w, r, http.StatusOK, "catalog_standard", fault.Text{Vi: st.Code, En: st.Code}, p)
}

// standardFormPage is the new or edit form of a standard.
type standardFormPage struct {
	Layout
	formErrors
	IsNew     bool
	ID        int64
	Form      catalog.StandardInput
	Statuses  []option
	Sectors   []option
	ActionURL string
}

func (h *Handler) renderStandardForm(w http.ResponseWriter, r *http.Request, status int, p *standardFormPage) error {
	lang := h.lang(r)
	cur, _ := catalog.ParseStatus(p.Form.Status)
	for _, s := range catalog.StandardStatuses {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == cur})
	}
	sec, _ := catalog.ParseSector(p.Form.Sector)
	p.Sectors = sectorOptions(lang, sec)
	title := text("std.edit")
	if p.IsNew {
		title = text("std.new")
	}
	return h.render(w, r, status, "catalog_standard_form", title, p)
}

func (h *Handler) handleStandardNew(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	return h.renderStandardForm(w, r, http.StatusOK, &standardFormPage{IsNew: true, ActionURL: "/standards",
		Form: catalog.StandardInput{Status: string(catalog.StatusInForce)}})
}

func (h *Handler) handleStandardEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.catalog.Standard(r.Context(), catalog.StandardID(id))
	if err != nil {
		return err
	}
	return h.renderStandardForm(w, r, http.StatusOK, &standardFormPage{ID: id, ActionURL: standardURL(st.ID), Form: catalog.InputOfStandard(st)})
}

func standardInputFrom(r *http.Request) catalog.StandardInput {
	return catalog.StandardInput{Code: formValue(r, "code"), TitleVi: formValue(r, "title_vi"), TitleEn: formValue(r, "title_en"),
		Status: formValue(r, "status"), ReplacedBy: formValue(r, "replaced_by"), Issuer: formValue(r, "issuer"),
		Sector: formValue(r, "sector"), ICS: formValue(r, "ics"), Adopted: formValue(r, "adopted"), EffectiveOn: formValue(r, "effective_on")}
}

func (h *Handler) handleStandardCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := standardInputFrom(r)
	st, err := h.catalog.CreateStandard(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderStandardForm(w, r, http.StatusUnprocessableEntity, &standardFormPage{IsNew: true, ActionURL: "/standards", Form: in,
			formErrors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("cat.saved"))
	redirect(w, r, standardURL(st.ID))
	return nil
}

func (h *Handler) handleStandardUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := standardInputFrom(r)
	st, err := h.catalog.UpdateStandard(r.Context(), catalog.StandardID(id), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderStandardForm(w, r, http.StatusUnprocessableEntity, &standardFormPage{ID: id, ActionURL: standardURL(catalog.StandardID(id)), Form: in,
			formErrors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("cat.saved"))
	redirect(w, r, standardURL(st.ID))
	return nil
}

func (h *Handler) handleStandardExport(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := h.catalog.ExportXLSX(r.Context(), &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="tieu-chuan-`+time.Now().In(vn.Zone).Format("20060102")+`.xlsx"`)
	_, err := w.Write(buf.Bytes())
	return err
}

// standardImportPage is the upload form and, with Import, its preview.
type standardImportPage struct {
	Layout
	formErrors
	MaxMB                        int
	Import                       *catalog.Import
	Rows                         []importRowView
	Total, Creates, Updates, Bad int
	Applied                      bool
}

type importRowView struct {
	Line     int
	Code     string
	Title    string
	Status   string
	Update   bool
	Problems []string
}

// maxImportShown bounds the rows of a preview (rows with problems are
// always shown).
const maxImportShown = 500

func (h *Handler) handleStandardImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	p := &standardImportPage{MaxMB: catalog.MaxImportBytes >> 20}
	if v := r.URL.Query().Get("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
		}
		im, err := h.catalog.FindImport(r.Context(), id)
		if err != nil {
			return err
		}
		h.fillImport(p, im, h.lang(r))
	}
	return h.render(w, r, http.StatusOK, "catalog_import", text("imp.title"), p)
}

func (h *Handler) fillImport(p *standardImportPage, im *catalog.Import, lang string) {
	p.Import, p.Applied = im, im.AppliedAt != nil
	p.Total = len(im.Rows)
	p.Creates, p.Updates, p.Bad = im.Counts()
	for i, row := range im.Rows {
		if i >= maxImportShown && len(row.Problems) == 0 {
			continue
		}
		v := importRowView{Line: row.Line, Code: row.Code, Title: row.Input.TitleVi, Status: row.Input.Status, Update: row.Update}
		if v.Code == "" {
			v.Code = row.Input.Code
		}
		for _, pr := range row.Problems {
			v.Problems = append(v.Problems, pr.Message.In(lang))
		}
		p.Rows = append(p.Rows, v)
	}
}

func (h *Handler) handleStandardImportUpload(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	p := &standardImportPage{MaxMB: catalog.MaxImportBytes >> 20}
	fail := func(status int, err error) error {
		if !isFormError(err) && status != http.StatusRequestEntityTooLarge {
			return err
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		p.Errors["file"] = p.Message
		return h.render(w, r, status, "catalog_import", text("imp.title"), p)
	}
	r.Body = http.MaxBytesReader(w, r.Body, catalog.MaxImportBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fail(http.StatusRequestEntityTooLarge, fault.New(fault.Invalid, "Tệp quá lớn (tối đa 10 MB).", "The file is too large (10 MB at most)."))
		}
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("imp.choose_file").Vi, text("imp.choose_file").En))
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("imp.choose_file").Vi, text("imp.choose_file").En))
	}
	defer f.Close()
	im, err := h.catalog.PreviewImport(r.Context(), hdr.Filename, hdr.Size, f)
	if err != nil {
		return fail(http.StatusUnprocessableEntity, err)
	}
	redirect(w, r, fmt.Sprintf("/standards/import?id=%d", im.ID))
	return nil
}

func (h *Handler) handleStandardImportApply(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := h.catalog.ApplyImport(r.Context(), id)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		im, ferr := h.catalog.FindImport(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		p := &standardImportPage{MaxMB: catalog.MaxImportBytes >> 20, formErrors: newFormErrors(h.lang(r), err, nil)}
		h.fillImport(p, im, h.lang(r))
		return h.render(w, r, http.StatusUnprocessableEntity, "catalog_import", text("imp.title"), p)
	}
	t := text("imp.done")
	h.flash(r.Context(), "success", fault.Text{Vi: fmt.Sprintf("%s: %d mới, %d cập nhật.", t.Vi, res.Created, res.Updated),
		En: fmt.Sprintf("%s: %d new, %d updated.", t.En, res.Created, res.Updated)})
	redirect(w, r, "/standards")
	return nil
}
