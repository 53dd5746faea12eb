package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nscl/internal/directory"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
)

// The directory's files: the XLSX export of the (filtered) expert list and
// the import of experts or organisations from XLSX or CSV, checked first
// (a preview with every row's problems), then written all or nothing.

// dirImportMax caps an uploaded file.
const dirImportMax = 10 << 20

// dirImportPage is the upload form, then the check's report.
type dirImportPage struct {
	Layout
	dirBase
	formErrors
	Kind     string
	Kinds    []option
	Report   *directory.ImportReport
	Problems []dirRowProblem
	Token    string
	Header   []string
	MaxMB    int
}

type dirRowProblem struct {
	Line           int
	Field, Message string
}

func (h *Handler) dirImportPageFor(r *http.Request, kind string) *dirImportPage {
	lang := h.lang(r)
	if kind != string(directory.ImportOrganisations) {
		kind = string(directory.ImportExperts)
	}
	p := &dirImportPage{dirBase: dirBase{Tab: "experts"}, Kind: kind, MaxMB: dirImportMax >> 20}
	for _, k := range []directory.ImportKind{directory.ImportExperts, directory.ImportOrganisations} {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: text("dir.import_kind_" + string(k)).In(lang), Selected: kind == string(k)})
	}
	return p
}

func (h *Handler) handleDirectoryImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "directory_import", text("dir.import_title"), h.dirImportPageFor(r, r.URL.Query().Get("kind")))
}

// handleDirectoryImport checks an uploaded file (a preview with the
// problems; a file without problems waits in the database for the
// confirmation), or applies or discards a checked one (token).
func (h *Handler) handleDirectoryImport(w http.ResponseWriter, r *http.Request) error {
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	fail := func(p *dirImportPage, err error) error {
		if !isFormError(err) && !fault.Is(err, fault.NotFound) && !fault.Is(err, fault.Forbidden) {
			return err
		}
		if !isFormError(err) {
			// The checked file is gone or not the officer's: said at
			// the file field.
			m := fault.MessageOf(err)
			err = fault.New(fault.Invalid, m.Vi, m.En).Field("file", m.Vi, m.En)
		}
		p.formErrors = newFormErrors(lang, err, nil)
		return h.render(w, r, formStatus(err), "directory_import", text("dir.import_title"), p)
	}
	if r.ContentLength > dirImportMax+64<<10 {
		return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large")}
	}
	r.Body = http.MaxBytesReader(w, r.Body, dirImportMax+64<<10)
	var data []byte
	kind, token, name := "", "", ""
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large"), err: err}
			}
			return badRequest(err)
		}
		kind = r.PostFormValue("kind")
		if f, hdr, err := r.FormFile("file"); err == nil {
			data, err = io.ReadAll(f)
			f.Close()
			if err != nil {
				return badRequest(err)
			}
			name = hdr.Filename
		}
	} else {
		if err := parseForm(r); err != nil {
			return err
		}
		kind, token = r.PostFormValue("kind"), r.PostFormValue("token")
	}
	p := h.dirImportPageFor(r, kind)
	if token != "" && r.PostFormValue("discard") != "" {
		if err := h.directory.DiscardImport(ctx, token); err != nil {
			return fail(p, err)
		}
		h.flash(ctx, "info", text("dir.import_discarded"))
		redirect(w, r, "/experts/import?kind="+p.Kind)
		return nil
	}
	var rep *directory.ImportReport
	var err error
	if token != "" {
		k, n, perr := h.directory.PendingImport(ctx, token)
		if perr != nil {
			return fail(p, perr)
		}
		p, name = h.dirImportPageFor(r, string(k)), n
		rep, err = h.directory.ConfirmImport(ctx, token)
	} else {
		if data == nil {
			return fail(p, fault.New(fault.Invalid, text("dir.choose_file").Vi, text("dir.choose_file").En).Field("file", text("dir.choose_file").Vi, text("dir.choose_file").En))
		}
		rep, p.Token, err = h.directory.CheckImport(ctx, directory.ImportKind(p.Kind), name, data)
	}
	if p.Kind == string(directory.ImportOrganisations) {
		p.Header = []string{text("dir.line").In(lang), text("dir.org_name").In(lang), text("dir.org_kind").In(lang), text("dir.province").In(lang),
			text("dir.tax_code").In(lang), "VILAS", text("dir.valid_from").In(lang), text("dir.valid_to").In(lang)}
	} else {
		p.Header = []string{text("dir.line").In(lang), text("dir.name").In(lang), text("dir.email").In(lang), text("dir.kind").In(lang),
			text("dir.based_in").In(lang), text("dir.expertise").In(lang), text("dir.sectors").In(lang), text("dir.provinces").In(lang)}
	}
	if err != nil {
		return fail(p, err)
	}
	if rep.Applied {
		h.flash(ctx, "success", fault.Text{Vi: "Đã nhập " + strconv.Itoa(rep.Created) + " dòng từ " + name + ".",
			En: "Imported " + strconv.Itoa(rep.Created) + " rows from " + name + "."})
		if p.Kind == string(directory.ImportOrganisations) {
			redirect(w, r, "/organisations")
		} else {
			redirect(w, r, "/experts")
		}
		return nil
	}
	p.Report = rep
	for _, pr := range rep.Problems {
		p.Problems = append(p.Problems, dirRowProblem{Line: pr.Line, Field: pr.Field, Message: pr.Message.In(lang)})
	}
	status := http.StatusOK
	if len(rep.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return h.render(w, r, status, "directory_import", text("dir.import_title"), p)
}

// handleExpertExport writes the filtered expert list as XLSX (officers).
func (h *Handler) handleExpertExport(w http.ResponseWriter, r *http.Request) error {
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	lang := h.lang(r)
	_, names := h.dirToolNames(r.Context(), lang)
	f := dirExpertFilter(r.URL.Query())
	x := excelize.NewFile()
	defer x.Close()
	const sheetName = "Chuyen gia"
	if err := x.SetSheetName("Sheet1", sheetName); err != nil {
		return fault.Internalf("web: sheet name: %w", err)
	}
	sw, err := x.NewStreamWriter(sheetName)
	if err != nil {
		return fault.Internalf("web: stream writer: %w", err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fault.Internalf("web: style: %w", err)
	}
	keys := []string{"dir.name", "dir.title_field", "dir.kind", "dir.email", "dir.phone", "dir.organisation", "dir.based_in",
		"dir.expertise", "dir.sectors", "dir.provinces", "dir.languages", "dir.capacity", "dir.completed", "dir.rating", "dir.consents", "dir.status"}
	head := make([]any, len(keys))
	for i, k := range keys {
		head[i] = excelize.Cell{StyleID: bold, Value: text(k).In(lang)}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fault.Internalf("web: header: %w", err)
	}
	n := 1
	err = h.directory.ExportExperts(r.Context(), f, func(e *directory.Expert) error {
		var tools, sectors, provs, consents []string
		for _, t := range e.Tools {
			tools = append(tools, names[t.Tool]+": "+t.Level.Label().In(lang))
		}
		for _, s := range e.Sectors {
			sectors = append(sectors, dirSectorLabel(s).In(lang))
		}
		for _, p := range e.Provinces {
			provs = append(provs, h.geo.Name(p))
		}
		for _, c := range e.Consents {
			consents = append(consents, string(c))
		}
		prov := ""
		if e.ProvinceCode != "" {
			prov = h.geo.Name(e.ProvinceCode)
		}
		rating := ""
		if e.RatingCount > 0 {
			rating = strconv.FormatFloat(e.AverageRating(), 'f', 1, 64)
		}
		row := []any{e.Name, e.Title, e.Kind.Label().In(lang), e.Email, e.Phone, e.OrganisationName, prov, strings.Join(tools, "; "),
			strings.Join(sectors, "; "), strings.Join(provs, "; "), strings.Join(e.Languages, ", "), e.Capacity, e.EngagementsCompleted,
			rating, strings.Join(consents, ", "), string(e.Status)}
		for i, v := range row {
			if s, ok := v.(string); ok {
				row[i] = enterprisefile.Neutralize(s)
			}
		}
		n++
		ref, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(ref, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fault.Internalf("web: flush: %w", err)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return fault.Internalf("web: write xlsx: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="chuyen-gia.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}
