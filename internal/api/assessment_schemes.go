package api

// The operations of schemes (list, versions, edit, publish, import and export).

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/assessment"
	"nscl/internal/fault"
)

// The OpenAPI schemas are named by type, and other packages have a Level,
// a Version, a Change and an ImportResult: the scheme's are mirrored here
// under their own names (the JSON is the same).

// schemeLevel is assessment.Level.
type schemeLevel struct {
	Code   string     `json:"code"`
	Name   fault.Text `json:"name"`
	MinPct float64    `json:"min_pct" minimum:"0" maximum:"100" doc:"Ngưỡng % của tổng (threshold, % of the total)"`
}

// schemeBody is assessment.Body.
type schemeBody struct {
	Scale     assessment.Scale     `json:"scale"`
	MaxPoints float64              `json:"max_points,omitempty" doc:"Tổng điểm tối đa (1000 cho GTCLQG); 0: chỉ tính %"`
	Sections  []assessment.Section `json:"sections"`
	Levels    []schemeLevel        `json:"levels"`
}

// schemeVersion is assessment.Version.
type schemeVersion struct {
	ID          assessment.VersionID     `json:"id"`
	SchemeID    assessment.SchemeID      `json:"scheme_id"`
	No          int                      `json:"version"`
	Status      assessment.VersionStatus `json:"status" enum:"draft,published,retired"`
	Body        schemeBody               `json:"body"`
	Note        string                   `json:"note,omitempty"`
	PublishedAt *time.Time               `json:"published_at,omitempty"`
	PublishedBy int64                    `json:"published_by,omitempty"`
	CreatedBy   int64                    `json:"created_by,omitempty"`
	CreatedAt   time.Time                `json:"created_at"`
	UpdatedAt   time.Time                `json:"updated_at"`
	Rev         int                      `json:"rev"`
}

// schemeChange is assessment.Change.
type schemeChange struct {
	Kind assessment.ChangeKind `json:"kind" enum:"added,removed,changed,moved"`
	Key  string                `json:"key,omitempty"`
	What fault.Text            `json:"what"`
}

// schemeImportResult is assessment.ImportResult.
type schemeImportResult struct {
	Scheme     *assessment.Scheme `json:"scheme"`
	Version    *schemeVersion     `json:"version"`
	Created    bool               `json:"created" doc:"Bộ tiêu chí mới (a new scheme) hay bản nháp của bộ có sẵn (or the draft of an existing one)"`
	Properties bool               `json:"properties_changed,omitempty" doc:"Tên, loại, công cụ, thời hạn của bộ có sẵn đã đổi theo tệp, có hiệu lực ngay (the existing scheme's properties changed, in force at once)"`
}

// recode converts between a domain type and its mirror through JSON.
func recode[T any](v any) T {
	var out T
	if b, err := json.Marshal(v); err == nil {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

func versionOut(v *assessment.Version) *schemeVersion {
	if v == nil {
		return nil
	}
	out := recode[schemeVersion](v)
	return &out
}

type schemeListOutput struct {
	Body struct {
		Items []*assessment.Scheme `json:"items"`
	}
}

type schemeIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã bộ tiêu chí (scheme id)"`
}

// versionSummary is a version without its body.
type versionSummary struct {
	ID          assessment.VersionID     `json:"id"`
	No          int                      `json:"version"`
	Status      assessment.VersionStatus `json:"status"`
	Note        string                   `json:"note,omitempty"`
	PublishedAt string                   `json:"published_at,omitempty" doc:"RFC 3339"`
	Rev         int                      `json:"rev"`
}

type schemeShowOutput struct {
	Body struct {
		Scheme        *assessment.Scheme `json:"scheme"`
		SchemeVersion int                `json:"scheme_version" doc:"Phiên bản thông tin chung của bộ tiêu chí, gửi lại khi sửa (the scheme's version: send it back with put-scheme-properties)"`
		Versions      []versionSummary   `json:"versions" doc:"Mới nhất trước; bản nháp chỉ người quản lý thấy (newest first; drafts for managers only)"`
		Published     *schemeVersion     `json:"published,omitempty" doc:"Phiên bản đang áp dụng, kèm nội dung (the version in force, with its body)"`
	}
}

type schemeVersionInput struct {
	ID  int64 `path:"id" minimum:"1"`
	VID int64 `path:"vid" minimum:"1" doc:"Mã phiên bản (version id)"`
}

type schemeVersionOutput struct {
	Body *schemeVersion
}

type schemeExportInput struct {
	ID     int64  `path:"id" minimum:"1"`
	VID    int64  `path:"vid" minimum:"1"`
	Format string `query:"format" enum:"json,xlsx" default:"json" doc:"json hoặc xlsx"`
}

type schemeFileOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type schemeCreateInput struct {
	Body assessment.SchemeInput
}

type schemeDraftOutput struct {
	Body struct {
		Scheme  *assessment.Scheme `json:"scheme"`
		Draft   *schemeVersion     `json:"draft"`
		Changes []schemeChange     `json:"changes" doc:"Thay đổi so với phiên bản đang áp dụng (changes from the version in force)"`
	}
}

type schemeBodyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Rev  int        `json:"rev" minimum:"1" doc:"Rev đã đọc của bản nháp (the draft's rev read: optimistic lock)"`
		Body schemeBody `json:"body"`
	}
}

type schemePropsInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		SchemeVersion  int             `json:"scheme_version" minimum:"1" doc:"scheme_version đã đọc (get-scheme); cũ → 409 (the scheme_version read; a stale one is 409)"`
		Name           fault.Text      `json:"name"`
		Kind           assessment.Kind `json:"kind" enum:"5s,tools,excellence"`
		Tools          []string        `json:"tools,omitempty" doc:"Mã công cụ trong danh mục (catalogue tool codes)"`
		ValidityMonths int             `json:"validity_months" minimum:"0" maximum:"120" doc:"Thời hạn giấy chứng nhận, tháng; 0 = không hết hạn"`
	}
}

type schemePropsOutput struct {
	Body struct {
		Scheme        *assessment.Scheme `json:"scheme"`
		SchemeVersion int                `json:"scheme_version" doc:"Phiên bản mới (the next version)"`
	}
}

type schemePublishInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Rev  int    `json:"rev" minimum:"1"`
		Note string `json:"note" maxLength:"2000" doc:"Ghi chú thay đổi, bắt buộc (what changed; required)"`
	}
}

type schemeDiscardInput struct {
	ID  int64 `path:"id" minimum:"1"`
	Rev int   `query:"rev" minimum:"1" required:"true" doc:"Rev đã đọc của bản nháp"`
}

type schemeArchiveInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Archived bool `json:"archived" doc:"true: lưu trữ; false: dùng lại (archive or bring back)"`
	}
}

type schemeOutput struct {
	Body *assessment.Scheme
}

type schemeImportInput struct {
	Replace bool   `query:"replace" doc:"Thay bản nháp đang có của bộ cùng mã (replace the existing draft of the same code)"`
	RawBody []byte `contentType:"application/octet-stream" doc:"Tệp JSON hoặc XLSX xuất từ hệ thống, tối đa 2 MB (a JSON or XLSX file as exported)"`
}

type schemeImportOutput struct {
	Body *schemeImportResult
}

func (a *API) draftOut(ctx context.Context, sc *assessment.Scheme, v *assessment.Version) *schemeDraftOutput {
	out := &schemeDraftOutput{}
	out.Body.Scheme, out.Body.Draft, out.Body.Changes = sc, versionOut(v), []schemeChange{}
	if sc.Published != 0 {
		if _, pub, err := a.assess.Version(ctx, sc.ID, sc.Published); err == nil {
			out.Body.Changes = recode[[]schemeChange](assessment.Diff(&pub.Body, &v.Body))
			if out.Body.Changes == nil {
				out.Body.Changes = []schemeChange{}
			}
		}
	}
	return out
}

// registerSchemes registers this area's operations. Reading is public (the
// criteria are public); writing is for admins and ministry officers.
func (a *API) registerSchemes() {
	tags := []string{tagAssessment}
	errs := []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "list-schemes", Method: http.MethodGet, Path: Prefix + "/schemes", Tags: tags, Security: public,
		Summary:     "Bộ tiêu chí đánh giá (assessment schemes)",
		Description: "Công khai: các bộ đang áp dụng; người quản lý thấy cả bản nháp và bộ đã lưu trữ. (Public: the published schemes; managers also drafts and archived ones.)"},
		func(ctx context.Context, _ *struct{}) (*schemeListOutput, error) {
			all, err := a.assess.AllSchemes(ctx)
			if err != nil {
				return nil, err
			}
			out := &schemeListOutput{}
			out.Body.Items = append([]*assessment.Scheme{}, all...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-scheme", Method: http.MethodGet, Path: Prefix + "/schemes/{id}", Tags: tags, Security: public,
		Summary: "Một bộ tiêu chí, các phiên bản và phiên bản đang áp dụng (a scheme, its versions and the one in force)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *schemeIDInput) (*schemeShowOutput, error) {
			_, ver, err := a.assess.SchemeVersioned(ctx, assessment.SchemeID(in.ID)) // first: never newer than what follows
			if err != nil {
				return nil, err
			}
			sc, vs, err := a.assess.Versions(ctx, assessment.SchemeID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &schemeShowOutput{}
			out.Body.Scheme, out.Body.SchemeVersion, out.Body.Versions = sc, ver, []versionSummary{}
			for _, v := range vs {
				s := versionSummary{ID: v.ID, No: v.No, Status: v.Status, Note: v.Note, Rev: v.Rev}
				if v.PublishedAt != nil {
					s.PublishedAt = v.PublishedAt.UTC().Format("2006-01-02T15:04:05Z07:00")
				}
				out.Body.Versions = append(out.Body.Versions, s)
				if v.ID == sc.Published {
					out.Body.Published = versionOut(v)
				}
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-scheme-version", Method: http.MethodGet, Path: Prefix + "/schemes/{id}/versions/{vid}", Tags: tags, Security: public,
		Summary: "Một phiên bản với nội dung (one version with its body)", Description: "Phiên bản cũ vẫn đọc được; bản nháp chỉ người quản lý. (Earlier versions stay readable; drafts for managers.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *schemeVersionInput) (*schemeVersionOutput, error) {
			_, v, err := a.assess.Version(ctx, assessment.SchemeID(in.ID), assessment.VersionID(in.VID))
			if err != nil {
				return nil, err
			}
			return &schemeVersionOutput{Body: versionOut(v)}, nil
		})
	register(a, huma.Operation{OperationID: "export-scheme-version", Method: http.MethodGet, Path: Prefix + "/schemes/{id}/versions/{vid}/export", Tags: tags, Security: public,
		Summary:     "Xuất một phiên bản ra tệp JSON hoặc XLSX (export a version)",
		Description: "Tệp nhập lại được bằng import-scheme. (The file can be imported again.)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *schemeExportInput) (*schemeFileOutput, error) {
			f, err := a.assess.Export(ctx, assessment.SchemeID(in.ID), assessment.VersionID(in.VID))
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			name := "bo-tieu-chi-" + f.Scheme.Code + "-v" + strconv.Itoa(f.Version.No)
			out := &schemeFileOutput{}
			if in.Format == "xlsx" {
				err = assessment.EncodeXLSX(&buf, f)
				out.ContentType, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name+".xlsx"
			} else {
				err = assessment.EncodeJSON(&buf, f)
				out.ContentType, name = "application/json; charset=utf-8", name+".json"
			}
			if err != nil {
				return nil, err
			}
			out.ContentDisposition = "attachment; filename=\"" + name + "\"; filename*=UTF-8''" + url.PathEscape(name)
			out.Body = buf.Bytes()
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-scheme", Method: http.MethodPost, Path: Prefix + "/schemes", Tags: tags,
		Summary:       "Tạo bộ tiêu chí (create a scheme)",
		Description:   "Quản trị viên, cán bộ Bộ. Bộ mới là bản nháp 1 với thang 0–4 và ba mức; mã duy nhất. (Admins and ministry officers; a new scheme is draft 1; the code is unique.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *schemeCreateInput) (*schemeDraftOutput, error) {
			sc, v, err := a.assess.CreateScheme(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return a.draftOut(ctx, sc, v), nil
		})
	register(a, huma.Operation{OperationID: "open-scheme-draft", Method: http.MethodPost, Path: Prefix + "/schemes/{id}/draft", Tags: tags,
		Summary:     "Mở bản nháp (open a draft)",
		Description: "Bản sao của phiên bản đang áp dụng, đánh số tiếp theo; nếu đã có bản nháp thì trả về bản nháp đó. (A copy of the version in force; an existing draft is returned.)",
		Errors:      errs},
		func(ctx context.Context, in *schemeIDInput) (*schemeDraftOutput, error) {
			sc, v, err := a.assess.OpenDraft(ctx, assessment.SchemeID(in.ID))
			if err != nil {
				return nil, err
			}
			return a.draftOut(ctx, sc, v), nil
		})
	register(a, huma.Operation{OperationID: "get-scheme-draft", Method: http.MethodGet, Path: Prefix + "/schemes/{id}/draft", Tags: tags,
		Summary: "Bản nháp và thay đổi so với phiên bản đang áp dụng (the draft and its changes)", Errors: errs},
		func(ctx context.Context, in *schemeIDInput) (*schemeDraftOutput, error) {
			sc, v, err := a.assess.Draft(ctx, assessment.SchemeID(in.ID))
			if err != nil {
				return nil, err
			}
			return a.draftOut(ctx, sc, v), nil
		})
	register(a, huma.Operation{OperationID: "put-scheme-draft", Method: http.MethodPut, Path: Prefix + "/schemes/{id}/draft", Tags: tags,
		Summary: "Thay nội dung bản nháp (replace the draft's body)",
		Description: "Gửi rev đã đọc; rev cũ → 409. Nội dung được kiểm tra (mã, tên tiếng Việt, thang điểm, trọng số, mức); mọi lỗi trả về theo đường dẫn. " +
			"(Send the rev read; a stale one is 409. Every problem is returned by path.)",
		MaxBodyBytes: assessment.MaxImportSize, Errors: errs},
		func(ctx context.Context, in *schemeBodyInput) (*schemeDraftOutput, error) {
			sc, v, err := a.assess.SaveDraft(ctx, assessment.SchemeID(in.ID), in.Body.Rev, recode[assessment.Body](in.Body.Body))
			if err != nil {
				return nil, err
			}
			return a.draftOut(ctx, sc, v), nil
		})
	register(a, huma.Operation{OperationID: "put-scheme-properties", Method: http.MethodPut, Path: Prefix + "/schemes/{id}/properties", Tags: tags,
		Summary: "Sửa tên, loại, công cụ, hiệu lực (change the scheme's properties)",
		Description: "Thông tin chung thuộc về bộ tiêu chí, không thuộc bản nháp: có hiệu lực ngay, bỏ bản nháp không hoàn tác. Mã không đổi (không gửi). Gửi scheme_version đã đọc; cũ → 409. " +
			"(The properties are the scheme's own, not a draft's: in force at once; discarding a draft does not undo them. The code stays. Send the scheme_version read; a stale one is 409.)",
		Errors: errs},
		func(ctx context.Context, in *schemePropsInput) (*schemePropsOutput, error) {
			b := in.Body
			sc, next, err := a.assess.SetProperties(ctx, assessment.SchemeID(in.ID), b.SchemeVersion,
				assessment.SchemeInput{Name: b.Name, Kind: b.Kind, Tools: b.Tools, ValidityMonths: b.ValidityMonths})
			if err != nil {
				return nil, err
			}
			out := &schemePropsOutput{}
			out.Body.Scheme, out.Body.SchemeVersion = sc, next
			return out, nil
		})
	register(a, huma.Operation{OperationID: "publish-scheme-draft", Method: http.MethodPost, Path: Prefix + "/schemes/{id}/draft/publish", Tags: tags,
		Summary: "Ban hành bản nháp (publish the draft)",
		Description: "Bản nháp thành phiên bản đang áp dụng, phiên bản trước chuyển thành cũ; các đánh giá giữ phiên bản của mình. Cần ghi chú và nội dung đầy đủ. " +
			"(The draft becomes the version in force; assessments keep theirs. A note and a complete body are required.)",
		Errors: errs},
		func(ctx context.Context, in *schemePublishInput) (*schemeVersionOutput, error) {
			_, v, err := a.assess.PublishDraft(ctx, assessment.SchemeID(in.ID), in.Body.Rev, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &schemeVersionOutput{Body: versionOut(v)}, nil
		})
	register(a, huma.Operation{OperationID: "discard-scheme-draft", Method: http.MethodDelete, Path: Prefix + "/schemes/{id}/draft", Tags: tags,
		Summary: "Bỏ bản nháp (discard the draft)", DefaultStatus: http.StatusNoContent, Errors: errs},
		func(ctx context.Context, in *schemeDiscardInput) (*struct{}, error) {
			return nil, a.assess.DiscardDraft(ctx, assessment.SchemeID(in.ID), in.Rev)
		})
	register(a, huma.Operation{OperationID: "archive-scheme", Method: http.MethodPost, Path: Prefix + "/schemes/{id}/archive", Tags: tags,
		Summary: "Lưu trữ hoặc dùng lại bộ tiêu chí (archive or bring back)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *schemeArchiveInput) (*schemeOutput, error) {
			sc, err := a.assess.SetArchived(ctx, assessment.SchemeID(in.ID), in.Body.Archived)
			if err != nil {
				return nil, err
			}
			return &schemeOutput{Body: sc}, nil
		})
	register(a, huma.Operation{OperationID: "import-scheme", Method: http.MethodPost, Path: Prefix + "/schemes/import", Tags: tags,
		Summary: "Nhập bộ tiêu chí từ tệp JSON hoặc XLSX (import a scheme)",
		Description: "Mã chưa có: bộ tiêu chí mới (bản nháp 1); mã đã có: bản nháp của bộ đó (replace=true để thay bản nháp đang có). Tệp có lỗi: không lưu gì, 422 liệt kê mọi lỗi theo đường dẫn. " +
			"(A new code creates a scheme; an existing one becomes its draft. A file with errors saves nothing; 422 lists every error by path.)",
		MaxBodyBytes: assessment.MaxImportSize + 1, DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *schemeImportInput) (*schemeImportOutput, error) {
			res, err := a.assess.Import(ctx, in.RawBody, in.Replace)
			if err != nil {
				return nil, err
			}
			return &schemeImportOutput{Body: &schemeImportResult{Scheme: res.Scheme, Version: versionOut(res.Version), Created: res.Created, Properties: res.Properties}}, nil
		})
}
