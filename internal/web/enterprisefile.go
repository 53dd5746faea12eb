package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/jobs"
	"nscl/internal/registry"
	"nscl/internal/sheet"
	"nscl/internal/vn"
)

// registerEnterpriseFiles registers the import and export pages of the
// enterprise registry: the upload form, the preview where the user checks
// and corrects the column mapping, the confirmation that queues the import
// job (whose progress and report are on /jobs/{id}), and the export
// download with the list filter parameters.
func (h *Handler) registerEnterpriseFiles(mux Router) {
	h.handle(mux, "GET /enterprises/import", h.handleEnterpriseImportForm)
	h.handle(mux, "POST /enterprises/import", h.handleEnterpriseImportUpload)
	h.handle(mux, "GET /enterprises/import/{id}", h.handleEnterpriseImportPreview)
	h.handle(mux, "POST /enterprises/import/{id}", h.handleEnterpriseImportConfirm)
	h.handle(mux, "GET /enterprises/export", h.handleEnterpriseExport)
}

// enterpriseFilePages are the page models of enterprise import and export.
func enterpriseFilePages() map[string]page {
	return map[string]page{
		"enterprisefile_import":  &enterpriseImportPage{},
		"enterprisefile_preview": &enterpriseImportPreviewPage{},
	}
}

// enterpriseImportPage is the upload form.
type enterpriseImportPage struct {
	Layout
	formErrors
	MaxMB  int64
	Sheet  string
	Year   string
	DryRun bool
}

// enterpriseImportPreviewPage shows the top of an upload with the column
// mapping, which the user may correct before confirming.
type enterpriseImportPreviewPage struct {
	Layout
	formErrors
	Upload     *enterprisefile.Upload
	Sheet      string
	Year       string
	DryRun     bool
	HeaderRow  int
	HeaderRows int
	Columns    []previewColumn
	Rows       []previewRow
	Fields     []fieldOption
	Missing    []fault.Text
	Mapped     int
}

// previewColumn is one column of the preview with the field it feeds.
type previewColumn struct {
	Index  int
	Letter string
	Header string
	Field  string
}

// previewRow is one row of the preview.
type previewRow struct {
	Line     int
	Cells    []string
	IsHeader bool
}

// fieldOption is a choice of the mapping selects.
type fieldOption struct {
	Key      string
	Label    fault.Text
	Required bool
}

// SizeText is the upload's size for people.
func (p *enterpriseImportPreviewPage) SizeText() string {
	if p.Upload == nil {
		return ""
	}
	if p.Upload.Size < 1<<20 {
		return vn.Int((p.Upload.Size+1023)/1024) + " KB"
	}
	return vn.Decimal(float64(p.Upload.Size)/(1<<20), 1) + " MB"
}

// enterpriseFiles returns the import and export use cases, or Unavailable.
func (h *Handler) enterpriseFiles() (*enterprisefile.Service, error) {
	if s := h.jobs.EnterpriseFiles(); s != nil {
		return s, nil
	}
	return nil, fault.New(fault.Unavailable, "Chức năng nhập/xuất doanh nghiệp chưa được bật.", "Enterprise import and export are not enabled.")
}

// mayImport returns the actor if they may import enterprises.
func mayImport(r *http.Request) (*auth.Actor, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActEnterpriseManage) {
		return nil, fault.New(fault.Forbidden, "Bạn không có quyền nhập danh sách doanh nghiệp.", "You may not import enterprises.")
	}
	return a, nil
}

func (h *Handler) handleEnterpriseImportForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := mayImport(r); err != nil {
		return err
	}
	files, err := h.enterpriseFiles()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &enterpriseImportPage{MaxMB: files.MaxBytes() >> 20, Sheet: q.Get("sheet"), Year: q.Get("year"), DryRun: q.Get("dry_run") == "1"}
	return h.render(w, r, http.StatusOK, "enterprisefile_import", text("ef.import_title"), p)
}

// maxField bounds the text fields of the upload form.
const maxField = 1 << 10

// handleEnterpriseImportUpload receives the file (multipart, streamed to
// the service: never held in memory whole) and shows its preview. A body
// declared larger than the limit is refused before it is read.
func (h *Handler) handleEnterpriseImportUpload(w http.ResponseWriter, r *http.Request) error {
	if _, err := mayImport(r); err != nil {
		return err
	}
	files, err := h.enterpriseFiles()
	if err != nil {
		return err
	}
	p := &enterpriseImportPage{MaxMB: files.MaxBytes() >> 20}
	fail := func(status int, err error) error {
		if !isFormError(err) && status != http.StatusRequestEntityTooLarge {
			return err
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		if _, ok := p.Errors["file"]; !ok {
			p.Errors["file"] = p.Message
		}
		return h.render(w, r, status, "enterprisefile_import", text("ef.import_title"), p)
	}
	limit := files.MaxBytes() + 64<<10 // the file and the form's other fields
	if r.ContentLength > limit {
		return fail(http.StatusRequestEntityTooLarge, files.TooLarge(r.ContentLength))
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("ef.choose_file").Vi, text("ef.choose_file").En))
	}
	var up *enterprisefile.Upload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return fail(http.StatusRequestEntityTooLarge, files.TooLarge(mbe.Limit+1))
			}
			return fail(http.StatusUnprocessableEntity, fault.Wrap(fault.Invalid, err, "Không đọc được biểu mẫu tải lên.", "The upload form could not be read."))
		}
		switch part.FormName() {
		case "file":
			if up != nil || part.FileName() == "" {
				break
			}
			up, _, err = files.Upload(r.Context(), uploadName(part), -1, part)
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return fail(http.StatusRequestEntityTooLarge, files.TooLarge(mbe.Limit+1))
				}
				return fail(http.StatusUnprocessableEntity, err)
			}
		case "sheet", "year", "dry_run":
			b, _ := io.ReadAll(io.LimitReader(part, maxField))
			v := strings.TrimSpace(string(b))
			switch part.FormName() {
			case "sheet":
				p.Sheet = v
			case "year":
				p.Year = v
			default:
				p.DryRun = v == "1"
			}
		}
		part.Close()
	}
	if up == nil {
		return fail(http.StatusUnprocessableEntity, fault.New(fault.Invalid, text("ef.choose_file").Vi, text("ef.choose_file").En))
	}
	q := url.Values{}
	if p.Sheet != "" {
		q.Set("sheet", p.Sheet)
	}
	if p.Year != "" {
		q.Set("year", p.Year)
	}
	if p.DryRun {
		q.Set("dry_run", "1")
	}
	to := "/enterprises/import/" + strconv.FormatInt(int64(up.ID), 10)
	if len(q) > 0 {
		to += "?" + q.Encode()
	}
	redirect(w, r, to)
	return nil
}

// uploadName is the base name of an uploaded file, without a client path.
func uploadName(p *multipart.Part) string {
	n := p.FileName()
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	if n == "" {
		n = "upload"
	}
	return vn.NFC(n)
}

// fillHeaders names the mapped columns of a user's mapping (which carries
// indexes and fields only) from the header row of the preview.
func fillHeaders(pv *enterprisefile.Preview) {
	var head []string
	for i, l := range pv.Lines {
		if l == pv.Mapping.HeaderRow {
			head = pv.Rows[i]
		}
	}
	for i, c := range pv.Mapping.Columns {
		if c.Header == "" && c.Index < len(head) {
			pv.Mapping.Columns[i].Header = sheet.CleanText(head[c.Index])
		}
	}
}

// previewPage builds the preview page of pv.
func previewPage(pv *enterprisefile.Preview, sheetName, year string, dryRun bool) *enterpriseImportPreviewPage {
	fillHeaders(pv)
	p := &enterpriseImportPreviewPage{Upload: pv.Upload, Sheet: sheetName, Year: year, DryRun: dryRun,
		HeaderRow: pv.Mapping.HeaderRow, HeaderRows: pv.Mapping.Rows}
	if p.Sheet == "" {
		p.Sheet = pv.Mapping.Sheet
	}
	byIndex := map[int]sheet.Column{}
	for _, c := range pv.Mapping.Columns {
		byIndex[c.Index] = c
	}
	for i := range pv.Width {
		c := byIndex[i]
		p.Columns = append(p.Columns, previewColumn{Index: i, Letter: sheet.ColumnLetter(i), Header: c.Header, Field: c.Field})
		if c.Field != "" {
			p.Mapped++
		}
	}
	for i, cells := range pv.Rows {
		row := previewRow{Line: pv.Lines[i], IsHeader: pv.Lines[i] > pv.Mapping.HeaderRow-pv.Mapping.Rows && pv.Lines[i] <= pv.Mapping.HeaderRow}
		row.Cells = make([]string, pv.Width)
		for j, c := range cells {
			if j < pv.Width {
				row.Cells[j] = shorten(c, 80)
			}
		}
		p.Rows = append(p.Rows, row)
	}
	for _, f := range enterprisefile.Fields() {
		p.Fields = append(p.Fields, fieldOption{Key: f.Key, Label: enterprisefile.FieldLabel(f.Key), Required: f.Required})
	}
	for _, k := range pv.Mapping.Missing {
		p.Missing = append(p.Missing, enterprisefile.FieldLabel(k))
	}
	return p
}

// shorten cuts s to n characters for the preview.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (h *Handler) handleEnterpriseImportPreview(w http.ResponseWriter, r *http.Request) error {
	if _, err := mayImport(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	files, err := h.enterpriseFiles()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	pv, err := files.PreviewUpload(r.Context(), enterprisefile.UploadID(id), q.Get("sheet"), nil)
	if err != nil {
		return err
	}
	p := previewPage(pv, q.Get("sheet"), q.Get("year"), q.Get("dry_run") == "1")
	return h.render(w, r, http.StatusOK, "enterprisefile_preview", text("ef.preview_title"), p)
}

// mappingForm reads the mapping the user chose on the preview.
func mappingForm(r *http.Request) (sheet.Mapping, error) {
	var m sheet.Mapping
	hr, err := strconv.Atoi(r.PostForm.Get("header_row"))
	if err != nil || hr < 1 {
		return m, fault.New(fault.Invalid, text("ef.bad_header_row").Vi, text("ef.bad_header_row").En).
			Field("header_row", text("ef.bad_header_row").Vi, text("ef.bad_header_row").En)
	}
	m.HeaderRow = hr
	m.Rows, _ = strconv.Atoi(r.PostForm.Get("header_rows"))
	if m.Rows < 1 || m.Rows > 2 {
		m.Rows = 1
	}
	for key, vals := range r.PostForm {
		n, ok := strings.CutPrefix(key, "col_")
		if !ok {
			continue
		}
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 || i > 16383 || len(vals) == 0 {
			continue
		}
		f := vals[0]
		if f != "" && !enterprisefile.IsField(f) {
			return m, fault.New(fault.Invalid, text("ef.bad_field").Vi, text("ef.bad_field").En)
		}
		m.Columns = append(m.Columns, sheet.Column{Index: i, Field: f})
	}
	return m, nil
}

// handleEnterpriseImportConfirm either shows the preview again with the
// mapping the user chose (action=preview) or queues the import with it and
// goes to the job's page.
func (h *Handler) handleEnterpriseImportConfirm(w http.ResponseWriter, r *http.Request) error {
	if _, err := mayImport(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	files, err := h.enterpriseFiles()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "Biểu mẫu không hợp lệ.", "The form is not valid.")
	}
	ctx := r.Context()
	upload := enterprisefile.UploadID(id)
	if _, err := files.FindUpload(ctx, upload); err != nil {
		return err
	}
	sheetName, yearText, dryRun := r.PostForm.Get("sheet"), strings.TrimSpace(r.PostForm.Get("year")), r.PostForm.Get("dry_run") == "1"
	again := func(err error) error {
		pv, perr := files.PreviewUpload(ctx, upload, sheetName, nil)
		if perr != nil {
			return perr
		}
		p := previewPage(pv, sheetName, yearText, dryRun)
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, http.StatusUnprocessableEntity, "enterprisefile_preview", text("ef.preview_title"), p)
	}
	m, err := mappingForm(r)
	if err != nil {
		return again(err)
	}
	year := 0
	if yearText != "" {
		y, err := strconv.Atoi(yearText)
		if err != nil || y < registry.MinYear || y > time.Now().In(vn.Zone).Year() {
			return again(fault.New(fault.Invalid, text("ef.bad_year").Vi, text("ef.bad_year").En).Field("year", text("ef.bad_year").Vi, text("ef.bad_year").En))
		}
		year = y
	}
	pv, err := files.PreviewUpload(ctx, upload, sheetName, &m)
	if err != nil {
		if isFormError(err) {
			return again(err)
		}
		return err
	}
	p := previewPage(pv, sheetName, yearText, dryRun)
	if r.PostForm.Get("action") != "import" || len(pv.Mapping.Missing) > 0 {
		status := http.StatusOK
		if r.PostForm.Get("action") == "import" {
			status = http.StatusUnprocessableEntity
			var names []string
			for _, l := range p.Missing {
				names = append(names, l.In(h.lang(r)))
			}
			p.Message = text("ef.missing").In(h.lang(r)) + " " + strings.Join(names, ", ")
		}
		return h.render(w, r, status, "enterprisefile_preview", text("ef.preview_title"), p)
	}
	mapping := pv.Mapping
	j, err := h.jobs.EnqueueEnterpriseImport(ctx, jobs.EnterpriseImport{Upload: upload, Sheet: sheetName, Mapping: &mapping,
		Year: year, DryRun: dryRun})
	if err != nil {
		return err
	}
	redirect(w, r, "/jobs/"+strconv.FormatInt(int64(j.ID), 10))
	return nil
}

// handleEnterpriseExport downloads the enterprises matching the list
// filter parameters (see registry_filter.go) that the user may see, as
// format=csv|xlsx|json. The file is written to a temporary file first, so
// that an error becomes an error page rather than half a download.
func (h *Handler) handleEnterpriseExport(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	files, err := h.enterpriseFiles()
	if err != nil {
		return err
	}
	format, err := enterprisefile.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := enterpriseFilter(r.URL.Query())
	if _, err := files.CheckExport(ctx, f); err != nil {
		return err
	}
	tmp, err := os.CreateTemp("", "nscl-export-*")
	if err != nil {
		return fault.Internalf("web: export temp file: %w", err)
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	if _, err := files.Export(ctx, f, format, tmp); err != nil {
		return err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err != nil {
		return fault.Internalf("web: export size: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fault.Internalf("web: export rewind: %w", err)
	}
	hd := w.Header()
	hd.Set("Content-Type", format.MIME())
	hd.Set("Content-Disposition", attachment(format.FileName(time.Now())))
	hd.Set("Content-Length", fmt.Sprint(size))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, _ = io.Copy(w, tmp)
	return nil
}

// enterpriseFileText holds the texts of the import and export pages.
var enterpriseFileText = map[string]fault.Text{
	"ef.import_title":   {Vi: "Nhập danh sách doanh nghiệp", En: "Import enterprises"},
	"ef.import_heading": {Vi: "Nhập danh sách doanh nghiệp từ tệp", En: "Import enterprises from a file"},
	"ef.import_intro": {Vi: "Tải lên tệp CSV (UTF-8 hoặc Windows-1258, phân cách bằng dấu phẩy hoặc chấm phẩy) hoặc Excel .xlsx như các Sở, Bộ vẫn gửi: dòng tiêu đề, dòng đánh số cột, dòng nhóm, dòng tổng cộng và phần ký tên được tự động bỏ qua. Bạn sẽ xem trước và chỉnh cột trước khi nhập.",
		En: "Upload a CSV file (UTF-8 or Windows-1258, comma or semicolon separated) or an Excel .xlsx file as departments send them: title rows, column-number rows, group rows, totals and signature blocks are skipped. You will see a preview and can correct the columns before importing."},
	"ef.required_cols": {Vi: "Cột bắt buộc: Mã số thuế, Tên doanh nghiệp, Tỉnh/Thành phố (cán bộ Sở: mặc định là tỉnh của mình). Cột khác: địa chỉ, mã ngành VSIC, loại hình sở hữu, ngày thành lập, email, điện thoại, năm, số lao động, doanh thu, tổng nguồn vốn…",
		En: "Required columns: tax code, name, province (provincial officers: their own province by default). Others: address, VSIC code, ownership, founding date, email, phone, year, employees, revenue, total capital…"},
	"ef.file":            {Vi: "Tệp CSV hoặc XLSX", En: "CSV or XLSX file"},
	"ef.file_hint":       {Vi: "Tối đa", En: "At most"},
	"ef.sheet":           {Vi: "Trang tính (chỉ với XLSX, để trống để tự chọn)", En: "Sheet (XLSX only; leave empty to pick automatically)"},
	"ef.year":            {Vi: "Năm số liệu (khi tệp không có cột Năm)", En: "Year of the figures (when the file has no Year column)"},
	"ef.year_hint":       {Vi: "Để trống: năm ghi trong tiêu đề cột số liệu, nếu không thì năm trước.", En: "Empty: the year in the figures headers, else last year."},
	"ef.dry_run":         {Vi: "Chạy thử: kiểm tra và báo cáo, không ghi dữ liệu", En: "Dry run: check and report, write nothing"},
	"ef.upload":          {Vi: "Tải lên và xem trước", En: "Upload and preview"},
	"ef.choose_file":     {Vi: "Vui lòng chọn tệp CSV hoặc XLSX.", En: "Please choose a CSV or XLSX file."},
	"ef.preview_title":   {Vi: "Xem trước tệp nhập", En: "Import preview"},
	"ef.preview_heading": {Vi: "Kiểm tra các cột trước khi nhập", En: "Check the columns before importing"},
	"ef.preview_intro": {Vi: "Hệ thống đã nhận dạng dòng tiêu đề và các cột. Kiểm tra từng cột ở hàng chọn phía trên bảng, sửa nếu cần (chọn «bỏ qua» cho cột không nhập), rồi bấm «Nhập».",
		En: "The header row and columns were detected. Check each column in the row of selects above the table, correct it if needed (choose “ignore” for columns not to import), then press “Import”."},
	"ef.file_name":      {Vi: "Tệp", En: "File"},
	"ef.size":           {Vi: "Dung lượng", En: "Size"},
	"ef.header_row":     {Vi: "Dòng tiêu đề", En: "Header row"},
	"ef.line":           {Vi: "Dòng", En: "Line"},
	"ef.column":         {Vi: "Cột", En: "Column"},
	"ef.ignore":         {Vi: "— bỏ qua —", En: "— ignore —"},
	"ef.mapped":         {Vi: "Số cột được nhập", En: "Columns imported"},
	"ef.missing":        {Vi: "Chưa chọn cột cho trường bắt buộc:", En: "No column chosen for the required fields:"},
	"ef.apply_mapping":  {Vi: "Áp dụng và xem lại", En: "Apply and preview again"},
	"ef.import":         {Vi: "Nhập", En: "Import"},
	"ef.import_dry":     {Vi: "Chạy thử", En: "Dry run"},
	"ef.start_over":     {Vi: "Chọn tệp khác", En: "Choose another file"},
	"ef.header_mark":    {Vi: "tiêu đề", En: "header"},
	"ef.after_import":   {Vi: "Việc nhập chạy nền với thanh tiến độ; khi xong, tải báo cáo Excel các dòng bị từ chối (giữ nguyên giá trị gốc và lý do) để sửa và nhập lại.", En: "The import runs in the background with a progress bar; when it ends, download the Excel report of rejected rows (with their original values and reasons) to fix and import them again."},
	"ef.bad_header_row": {Vi: "Vui lòng chọn dòng tiêu đề trong phần xem trước.", En: "Please choose the header row among the preview rows."},
	"ef.bad_field":      {Vi: "Trường được chọn không tồn tại.", En: "The chosen field does not exist."},
	"ef.bad_year":       {Vi: "Năm số liệu phải từ 1990 đến năm nay.", En: "The year must be between 1990 and this year."},
}
