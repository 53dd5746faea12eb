package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/directory"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
)

// The directory's files: the XLSX export of the (filtered) expert list and
// the import of experts or organisations from XLSX or CSV, checked first
// (a preview with every row's problems), then written all or nothing.

// dirImportMax caps an uploaded file.
const dirImportMax = 10 << 20

// dirUpload is a checked file waiting for the officer's confirmation.
type dirUpload struct {
	owner auth.UserID
	kind  directory.ImportKind
	name  string
	data  []byte
	at    time.Time
}

// dirUploads keeps the checked files for an hour (at most 32; the oldest
// goes first).
type dirUploads struct {
	mu sync.Mutex
	m  map[string]*dirUpload
}

var dirPending = &dirUploads{m: map[string]*dirUpload{}}

func (u *dirUploads) put(up *dirUpload) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	u.mu.Lock()
	defer u.mu.Unlock()
	for k, v := range u.m {
		if time.Since(v.at) > time.Hour {
			delete(u.m, k)
		}
	}
	for len(u.m) >= 32 {
		var oldest string
		for k, v := range u.m {
			if oldest == "" || v.at.Before(u.m[oldest].at) {
				oldest = k
			}
		}
		delete(u.m, oldest)
	}
	u.m[token] = up
	return token
}

func (u *dirUploads) take(token string, owner auth.UserID) *dirUpload {
	u.mu.Lock()
	defer u.mu.Unlock()
	up, ok := u.m[token]
	if !ok || up.owner != owner || time.Since(up.at) > time.Hour {
		return nil
	}
	delete(u.m, token)
	return up
}

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
// problems), or applies a checked one (token).
func (h *Handler) handleDirectoryImport(w http.ResponseWriter, r *http.Request) error {
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	a := auth.ActorFrom(r.Context())
	lang := h.lang(r)
	fail := func(p *dirImportPage, err error) error {
		if !isFormError(err) {
			return err
		}
		p.formErrors = newFormErrors(lang, err, nil)
		return h.render(w, r, formStatus(err), "directory_import", text("dir.import_title"), p)
	}
	if r.ContentLength > dirImportMax+64<<10 {
		return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large")}
	}
	r.Body = http.MaxBytesReader(w, r.Body, dirImportMax+64<<10)
	var up *dirUpload
	kind, token := "", ""
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
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return badRequest(err)
			}
			up = &dirUpload{owner: a.UserID, kind: directory.ImportKind(kind), name: hdr.Filename, data: data, at: time.Now()}
		}
	} else {
		if err := parseForm(r); err != nil {
			return err
		}
		kind, token = r.PostFormValue("kind"), r.PostFormValue("token")
	}
	p := h.dirImportPageFor(r, kind)
	apply := false
	if token != "" {
		if up = dirPending.take(token, a.UserID); up == nil {
			return fail(p, fault.New(fault.Invalid, text("dir.import_expired").Vi, text("dir.import_expired").En).Field("file", text("dir.import_expired").Vi, text("dir.import_expired").En))
		}
		apply = true
	}
	if up == nil {
		return fail(p, fault.New(fault.Invalid, text("dir.choose_file").Vi, text("dir.choose_file").En).Field("file", text("dir.choose_file").Vi, text("dir.choose_file").En))
	}
	p = h.dirImportPageFor(r, string(up.kind))
	var rep *directory.ImportReport
	var err error
	if up.kind == directory.ImportOrganisations {
		rep, err = h.directory.ImportOrganisationsFile(r.Context(), bytes.NewReader(up.data), int64(len(up.data)), up.name, apply)
		p.Header = []string{text("dir.line").In(lang), text("dir.org_name").In(lang), text("dir.org_kind").In(lang), text("dir.province").In(lang),
			text("dir.tax_code").In(lang), "VILAS", text("dir.valid_from").In(lang), text("dir.valid_to").In(lang)}
	} else {
		rep, err = h.directory.ImportExpertsFile(r.Context(), bytes.NewReader(up.data), int64(len(up.data)), up.name, apply)
		p.Header = []string{text("dir.line").In(lang), text("dir.name").In(lang), text("dir.email").In(lang), text("dir.kind").In(lang),
			text("dir.based_in").In(lang), text("dir.expertise").In(lang), text("dir.sectors").In(lang), text("dir.provinces").In(lang)}
	}
	if err != nil {
		return fail(p, err)
	}
	if rep.Applied {
		h.flash(r.Context(), "success", fault.Text{Vi: "Đã nhập " + strconv.Itoa(rep.Created) + " dòng từ " + up.name + ".",
			En: "Imported " + strconv.Itoa(rep.Created) + " rows from " + up.name + "."})
		if up.kind == directory.ImportOrganisations {
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
	if len(rep.Problems) == 0 {
		p.Token = dirPending.put(up)
	} else {
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
