package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/jobs"
	"nscl/internal/registry"
)

const tagEnterpriseFiles = "Nhập/xuất doanh nghiệp (Enterprise import/export)"

// enterpriseImportInput is an upload: the file as the raw body (CSV or
// XLSX) or as the "file" part of a multipart form, with options in the
// query.
type enterpriseImportInput struct {
	Name          string `query:"name" maxLength:"200" example:"danh-sach-2024.xlsx" doc:"Tên tệp, cho thông báo và báo cáo (file name, for messages and the report); mặc định theo phần multipart"`
	Sheet         string `query:"sheet" maxLength:"100" doc:"Trang tính XLSX; để trống để tự chọn (XLSX sheet; empty picks the best match)"`
	Year          int    `query:"year" minimum:"0" maximum:"2100" doc:"Năm số liệu cho dòng không có cột Năm (year of the figures for rows without a year column); 0 = năm trong tiêu đề cột, nếu không thì năm trước"`
	Province      string `query:"province" maxLength:"50" doc:"Tỉnh/thành cho dòng không ghi tỉnh (province of rows without one), mã hoặc tên"`
	DryRun        bool   `query:"dry_run" doc:"Chạy thử: kiểm tra và báo cáo, không ghi (check and report, write nothing)"`
	ContentType   string `header:"Content-Type"`
	ContentLength int64  `header:"Content-Length"`
	body          io.Reader
}

// Resolve keeps the request body unread: the service streams it to a
// temporary file instead of huma buffering up to 100 MB in memory.
func (in *enterpriseImportInput) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

// enterpriseImportOutput is the queued import job.
type enterpriseImportOutput struct {
	Location string `header:"Location"`
	Body     jobView
}

// enterpriseExportInput is the list filter of an export.
type enterpriseExportInput struct {
	Format    string `query:"format" enum:"csv,xlsx,json" required:"true" doc:"Định dạng (format)"`
	Q         string `query:"q" maxLength:"200" doc:"Từ trong tên hoặc mã số thuế (name words or tax code)"`
	Province  string `query:"province" example:"01" doc:"Mã tỉnh/thành 2025 (province code)"`
	Industry  string `query:"industry" enum:"textiles,leather,plastics,steel,chemicals,mechanical,energy,electronics,none" doc:"Ngành ưu tiên (priority industry)"`
	VSIC      string `query:"vsic" maxLength:"5" doc:"Tiền tố mã VSIC (VSIC code prefix)"`
	Size      string `query:"size" enum:"micro,small,medium,large,unknown" doc:"Quy mô năm gần nhất (size class of the latest year)"`
	Ownership string `query:"ownership" enum:"state,private,foreign,cooperative" doc:"Loại hình sở hữu (ownership)"`
	Sort      string `query:"sort" enum:"name,founded,-founded,employees,-employees" default:"name" doc:"Sắp xếp (sort order)"`
}

type enterpriseExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               func(ctx huma.Context)
}

// registerEnterpriseFiles registers the enterprise import and export
// operations.
func (a *API) registerEnterpriseFiles() {
	a.huma.OpenAPI().Tags = append(a.huma.OpenAPI().Tags, &huma.Tag{Name: tagEnterpriseFiles,
		Description: "Nhập danh sách doanh nghiệp từ CSV/XLSX (công việc nền) và xuất ra CSV, XLSX, JSON (import enterprises from CSV/XLSX as a background job; export to CSV, XLSX, JSON)."})
	binary := &huma.Schema{Type: huma.TypeString, Format: "binary"}
	op := huma.Operation{
		OperationID: "import-enterprises", Method: http.MethodPost, Path: Prefix + "/enterprises/import",
		Tags: []string{tagEnterpriseFiles, tagJobs}, Summary: "Nhập doanh nghiệp từ tệp (import enterprises from a file)",
		Description: "Gửi tệp CSV (UTF-8 hoặc Windows-1258, dấu phẩy hoặc chấm phẩy) hoặc XLSX làm thân yêu cầu, hoặc phần \"file\" của multipart/form-data. " +
			"Cột được nhận dạng theo tiêu đề tiếng Việt hoặc tiếng Anh; thiếu cột bắt buộc thì trả 422. Việc nhập chạy nền: theo dõi ở GET /api/v1/jobs/{id}; " +
			"kết quả là báo cáo XLSX các dòng bị từ chối. Cần quyền quản lý doanh nghiệp; cán bộ Sở chỉ nhập được doanh nghiệp của tỉnh mình. " +
			"Tối đa 100 MB. (Send a CSV or XLSX file as the body, or as the \"file\" part of multipart/form-data. Columns are matched by their " +
			"Vietnamese or English headers; missing required columns give 422. The import is a background job: follow it at GET /api/v1/jobs/{id}; " +
			"its result is the XLSX report of rejected rows. Officers who manage enterprises only; provincial officers import their province's. At most 100 MB.)",
		DefaultStatus: http.StatusAccepted,
		Security:      signedIn,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity,
			http.StatusServiceUnavailable, http.StatusInternalServerError},
	}
	// The body is read by the handler, not by huma (which would hold up to
	// 100 MB in memory and accepts only the media types it can decode), so
	// it is described in the OpenAPI document after registration.
	huma.Register(a.huma, op, func(ctx context.Context, in *enterpriseImportInput) (*enterpriseImportOutput, error) {
		out, err := a.handleEnterpriseImport(ctx, in)
		if err != nil {
			var tl *tooLarge
			if errors.As(err, &tl) {
				return nil, huma.Error413RequestEntityTooLarge(tl.msg)
			}
			return nil, a.fail(ctx, op.OperationID, err)
		}
		return out, nil
	})
	if item := a.huma.OpenAPI().Paths[op.Path]; item != nil && item.Post != nil {
		item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"text/csv":                 {Schema: binary},
			jobs.MimeXLSX:              {Schema: binary},
			"application/octet-stream": {Schema: binary},
			"multipart/form-data": {Schema: &huma.Schema{Type: huma.TypeObject, Properties: map[string]*huma.Schema{"file": binary},
				Required: []string{"file"}}},
		}}
	}
	register(a, huma.Operation{
		OperationID: "export-enterprises", Method: http.MethodGet, Path: Prefix + "/enterprises/export",
		Tags: []string{tagEnterpriseFiles}, Summary: "Xuất danh sách doanh nghiệp (export enterprises)",
		Description: "Các doanh nghiệp khớp bộ lọc mà người gọi được xem (cán bộ Sở: tỉnh của mình; doanh nghiệp: chính mình), với số liệu năm gần nhất. " +
			"JSON: {\"records\": [{tax_code (10 hoặc 13 chữ số, không gạch), name, province_code, vsic, employees, revenue_vnd, capital_vnd, founded (YYYY-MM-DD), " +
			"address, email, phone, size_class (micro|small|medium|large), …}]}. CSV/XLSX nhập lại được; ô bắt đầu bằng = + - @ có dấu ' phía trước. " +
			"(The enterprises matching the filter that the caller may see, with their latest year's figures. CSV and XLSX import again; cells " +
			"beginning with = + - @ get a leading apostrophe.)",
		Errors: []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
		Responses: map[string]*huma.Response{"200": {
			Description: "Tệp xuất (the export file)",
			Content: map[string]*huma.MediaType{
				"text/csv":         {Schema: binary},
				jobs.MimeXLSX:      {Schema: binary},
				"application/json": {Schema: &huma.Schema{Type: huma.TypeObject}},
			},
		}},
	}, a.handleEnterpriseExport)
}

// tooLarge is an upload over the limit (answered 413).
type tooLarge struct{ msg string }

func (e *tooLarge) Error() string { return e.msg }

func errNoFiles() error {
	return fault.New(fault.Unavailable, "Chức năng nhập/xuất doanh nghiệp chưa được bật.", "Enterprise import and export are not enabled.")
}

func (a *API) handleEnterpriseImport(ctx context.Context, in *enterpriseImportInput) (*enterpriseImportOutput, error) {
	if a.jobs == nil || a.jobs.EnterpriseFiles() == nil {
		return nil, errNoFiles()
	}
	files := a.jobs.EnterpriseFiles()
	limit := files.MaxBytes()
	if in.ContentLength > limit+64<<10 {
		return nil, &tooLarge{fault.MessageOf(files.TooLarge(in.ContentLength)).En}
	}
	body, name, size := in.body, in.Name, in.ContentLength
	if body == nil {
		return nil, fault.New(fault.Invalid, "Thiếu tệp.", "The file is missing.")
	}
	if size <= 0 {
		size = -1
	}
	if mt, params, err := mime.ParseMediaType(in.ContentType); err == nil && mt == "multipart/form-data" {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return nil, &tooLarge{fault.MessageOf(files.TooLarge(mbe.Limit + 1)).En}
				}
				return nil, fault.New(fault.Invalid, "Biểu mẫu không có phần \"file\".", "The form has no \"file\" part.").
					Field("file", "Thiếu tệp.", "The file is missing.")
			}
			if part.FormName() == "file" {
				body, size = part, -1
				if name == "" {
					name = part.FileName()
				}
				break
			}
			part.Close()
		}
	}
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = "upload"
	}
	u, pv, err := files.Upload(ctx, name, size, body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &tooLarge{fault.MessageOf(files.TooLarge(mbe.Limit + 1)).En}
		}
		return nil, err
	}
	if len(pv.Mapping.Missing) > 0 {
		var vi, en []string
		for _, k := range pv.Mapping.Missing {
			l := enterprisefile.FieldLabel(k)
			vi, en = append(vi, l.Vi), append(en, l.En)
		}
		_ = files.DiscardUpload(ctx, u.ID)
		return nil, fault.New(fault.Invalid, "Thiếu cột bắt buộc: "+strings.Join(vi, ", ")+".", "Required columns are missing: "+strings.Join(en, ", ")+".")
	}
	if in.Year != 0 && (in.Year < registry.MinYear || in.Year > time.Now().Year()) {
		_ = files.DiscardUpload(ctx, u.ID)
		return nil, fault.New(fault.Invalid, "Năm số liệu phải từ 1990 đến năm nay.", "The year must be between 1990 and this year.").
			Field("year", "Năm số liệu phải từ 1990 đến năm nay.", "The year must be between 1990 and this year.")
	}
	j, err := a.jobs.EnqueueEnterpriseImport(ctx, jobs.EnterpriseImport{Upload: u.ID, Sheet: in.Sheet, Year: in.Year,
		Province: in.Province, DryRun: in.DryRun})
	if err != nil {
		return nil, err
	}
	return &enterpriseImportOutput{Location: fmt.Sprintf("%s/jobs/%d", Prefix, j.ID), Body: viewJob(j)}, nil
}

func (a *API) handleEnterpriseExport(ctx context.Context, in *enterpriseExportInput) (*enterpriseExportOutput, error) {
	if a.jobs == nil || a.jobs.EnterpriseFiles() == nil {
		return nil, errNoFiles()
	}
	files := a.jobs.EnterpriseFiles()
	format, err := enterprisefile.ParseFormat(in.Format)
	if err != nil {
		return nil, err
	}
	f := registry.Filter{Query: in.Q, ProvinceCode: in.Province, VSICPrefix: in.VSIC, Sort: registry.Sort(in.Sort)}
	switch {
	case in.Industry == "none":
		none := registry.IndustryNone
		f.Industry = &none
	case in.Industry != "":
		ind := registry.Industry(in.Industry)
		f.Industry = &ind
	}
	switch in.Size {
	case "":
	case "unknown":
		u := registry.SizeUnknown
		f.SizeClass = &u
	default:
		sc := registry.SizeClass(in.Size)
		f.SizeClass = &sc
	}
	if in.Ownership != "" {
		o := registry.Ownership(in.Ownership)
		f.Ownership = &o
	}
	if _, err := files.CheckExport(ctx, f); err != nil {
		return nil, err
	}
	// Written to a temporary file first, so that a failure is a problem
	// response rather than half a file.
	tmp, err := os.CreateTemp("", "nscl-export-*")
	if err != nil {
		return nil, fault.Internalf("api: export temp file: %w", err)
	}
	if _, err := files.Export(ctx, f, format, tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fault.Internalf("api: export rewind: %w", err)
	}
	name := format.FileName(time.Now())
	return &enterpriseExportOutput{ContentType: format.MIME(), CacheControl: "private, no-store",
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": name}),
		Body: func(hctx huma.Context) {
			defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
			_, _ = io.Copy(hctx.BodyWriter(), tmp)
		}}, nil
}
