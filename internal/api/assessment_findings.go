package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/photo"
)

// The operations of photo evidence and findings: an assessment's photos
// (list, add from a file, read, remove), its findings (list, record), and
// the findings across assessments (list, read, edit, move towards
// closure). The service authorizes each call: one enterprise never sees
// another's photos or findings, a provincial officer only the province's.

type photoListInput struct {
	ID   int64  `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
	Item string `query:"item" maxLength:"40" doc:"Chỉ ảnh của một mục (one item's photos only), ví dụ s1.3"`
}

type photoListOutput struct {
	Body struct {
		Items []*assessment.Photo `json:"items"`
	}
}

// photoAddInput is an upload: the image as the raw body, or as the
// "photo" part of a multipart form.
type photoAddInput struct {
	ID            int64  `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
	Item          string `path:"item" maxLength:"40" doc:"Mã mục (item key), ví dụ s1.3"`
	ContentType   string `header:"Content-Type"`
	ContentLength int64  `header:"Content-Length"`
	body          io.Reader
}

// Resolve keeps the body unread: the service reads it, up to its limit.
func (in *photoAddInput) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

type photoOutput struct {
	Body *assessment.Photo
}

type photoIDInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
	Photo int64 `path:"pid" minimum:"1" doc:"Mã ảnh (photo id)"`
}

type photoGetInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
	Photo int64 `path:"pid" minimum:"1" doc:"Mã ảnh (photo id)"`
	Thumb bool  `query:"thumb" doc:"Ảnh thu nhỏ, cạnh dài tối đa 320 px (the thumbnail)"`
}

type photoFileOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	ETag         string `header:"ETag"`
	NoSniff      string `header:"X-Content-Type-Options"`
	Body         []byte
}

// findingView is a finding with whether it is overdue today.
type findingView struct {
	*assessment.Finding
	Overdue bool `json:"overdue" doc:"Đã qua hạn khắc phục mà chưa đóng (due date passed, not closed)"`
}

type findingListOutput struct {
	Body struct {
		Items []findingView `json:"items"`
		Total int           `json:"total"`
	}
}

type findingOutput struct {
	Body findingView
}

type findingCreateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
	Body assessment.FindingInput
}

type findingIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã phát hiện (finding id)"`
}

type findingPutInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã phát hiện (finding id)"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (the version read: optimistic lock)"`
		assessment.FindingInput
	}
}

type findingMoveInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã phát hiện (finding id)"`
	Body struct {
		Version int    `json:"version" minimum:"1" doc:"Phiên bản đã đọc (the version read: optimistic lock)"`
		Action  string `json:"action" enum:"done,close,reopen" doc:"done: doanh nghiệp báo đã khắc phục (cần note); close: xác nhận và đóng; reopen: mở lại (cần note là lý do)"`
		Note    string `json:"note,omitempty" required:"false" maxLength:"2000" doc:"Kết quả khắc phục, ghi chú xác nhận hoặc lý do mở lại"`
	}
}

func (a *API) findingViews(fs []*assessment.Finding) []findingView {
	now := a.assess.FindingsToday()
	out := make([]findingView, 0, len(fs))
	for _, f := range fs {
		out = append(out, findingView{Finding: f, Overdue: f.OverdueOn(now)})
	}
	return out
}

func (a *API) findingOut(f *assessment.Finding) *findingOutput {
	return &findingOutput{Body: findingView{Finding: f, Overdue: f.OverdueOn(a.assess.FindingsToday())}}
}

// photoMaxBody caps an upload: the photo and the multipart framing.
const photoMaxBody = assessment.MaxPhotoBytes + 64<<10

// registerFindings registers this area's operations.
func (a *API) registerFindings() {
	tags := []string{tagAssessment}
	binary := &huma.Schema{Type: huma.TypeString, Format: "binary"}
	register(a, huma.Operation{OperationID: "list-assessment-photos", Method: http.MethodGet, Path: Prefix + "/assessments/{id}/photos", Tags: tags,
		Summary:     "Ảnh minh chứng của một cuộc đánh giá (an assessment's photo evidence)",
		Description: "Ai được xem cuộc đánh giá đều xem được ảnh; theo mục rồi thứ tự tải lên. (Anyone who may see the assessment; by item, then upload order.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *photoListInput) (*photoListOutput, error) {
			_, ps, err := a.assess.Photos(ctx, assessment.AssessmentID(in.ID), in.Item)
			if err != nil {
				return nil, err
			}
			out := &photoListOutput{}
			out.Body.Items = append([]*assessment.Photo{}, ps...)
			return out, nil
		})

	op := huma.Operation{OperationID: "add-assessment-photo", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/items/{item}/photos",
		Tags: tags, Summary: "Thêm ảnh minh chứng cho một mục (add a photo to an item)",
		Description: "Gửi ảnh JPEG, PNG hoặc WebP làm thân yêu cầu, hoặc phần \"photo\" của multipart/form-data; tối đa 10 MB, 40 megapixel, " +
			"10 ảnh mỗi mục, 300 ảnh mỗi cuộc đánh giá. Ảnh được xoay đúng chiều theo EXIF, thu về tối đa 2048 px, mã hóa lại thành JPEG và " +
			"bỏ mọi siêu dữ liệu (vị trí GPS). Bên thực hiện đánh giá (doanh nghiệp với bản tự đánh giá, đánh giá viên được phân công với đánh giá " +
			"độc lập), khi chưa bị hủy. Gửi lại cùng ảnh cho cùng mục không tạo bản mới. Tệp không phải ảnh → 422; quá lớn → 413. " +
			"(Send a JPEG, PNG or WebP image as the body or as the \"photo\" part of a multipart form; at most 10 MB, 40 megapixels, " +
			"10 photos per item and 300 per assessment. The photo is turned upright, reduced to 2048 px, re-encoded as JPEG without any " +
			"metadata (GPS location). The party who answers the assessment. Not an image: 422; too large: 413.)",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: photoMaxBody, Security: signedIn,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusRequestEntityTooLarge,
			http.StatusUnprocessableEntity, http.StatusInternalServerError}}
	// The body is read by the service, not by huma (which takes only the
	// media types it decodes); it is described after registration.
	huma.Register(a.huma, op, func(ctx context.Context, in *photoAddInput) (*photoOutput, error) {
		p, err := a.addPhoto(ctx, in)
		if err != nil {
			var mbe *http.MaxBytesError
			if photo.CodeOf(err) == photo.CodeTooLarge || errors.As(err, &mbe) {
				m := fault.MessageOf(photoTooLarge())
				return nil, huma.Error413RequestEntityTooLarge(m.Vi + " (" + m.En + ")")
			}
			return nil, a.fail(ctx, op.OperationID, err)
		}
		return &photoOutput{Body: p}, nil
	})
	if item := a.huma.OpenAPI().Paths[op.Path]; item != nil && item.Post != nil {
		item.Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"image/jpeg":               {Schema: binary},
			"image/png":                {Schema: binary},
			"image/webp":               {Schema: binary},
			"application/octet-stream": {Schema: binary},
			"multipart/form-data": {Schema: &huma.Schema{Type: huma.TypeObject, Properties: map[string]*huma.Schema{"photo": binary},
				Required: []string{"photo"}}},
		}}
	}

	register(a, huma.Operation{OperationID: "get-assessment-photo", Method: http.MethodGet, Path: Prefix + "/assessments/{id}/photos/{pid}", Tags: tags,
		Summary:     "Tệp ảnh minh chứng (a photo's file)",
		Description: "image/jpeg; ?thumb=true cho ảnh thu nhỏ. Ai được xem cuộc đánh giá. (The JPEG; ?thumb=true for the thumbnail.)",
		Errors:      []int{http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {Description: "Ảnh JPEG (the JPEG)",
			Content: map[string]*huma.MediaType{"image/jpeg": {Schema: binary}}}}},
		func(ctx context.Context, in *photoGetInput) (*photoFileOutput, error) {
			p, b, err := a.assess.PhotoFile(ctx, assessment.AssessmentID(in.ID), assessment.PhotoID(in.Photo), in.Thumb)
			if err != nil {
				return nil, err
			}
			etag := `"` + p.SHA256[:min(len(p.SHA256), 32)]
			if in.Thumb {
				etag += "-t"
			}
			return &photoFileOutput{ContentType: p.ContentType, CacheControl: "private, max-age=86400", ETag: etag + `"`, NoSniff: "nosniff", Body: b}, nil
		})
	register(a, huma.Operation{OperationID: "delete-assessment-photo", Method: http.MethodDelete, Path: Prefix + "/assessments/{id}/photos/{pid}", Tags: tags,
		Summary:       "Xóa ảnh minh chứng (remove a photo)",
		Description:   "Người đã tải ảnh lên, khi cuộc đánh giá còn mở. (The uploader, while the assessment is open.)",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *photoIDInput) (*struct{}, error) {
			_, err := a.assess.DeletePhoto(ctx, assessment.AssessmentID(in.ID), assessment.PhotoID(in.Photo))
			return nil, err
		})

	register(a, huma.Operation{OperationID: "list-assessment-findings", Method: http.MethodGet, Path: Prefix + "/assessments/{id}/findings", Tags: tags,
		Summary:     "Phát hiện của một cuộc đánh giá (an assessment's findings)",
		Description: "Chưa đóng trước, theo hạn khắc phục (quá hạn trước). Ai được xem cuộc đánh giá. (Not closed first, by due date.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *assessmentIDInput) (*findingListOutput, error) {
			_, fs, err := a.assess.AssessmentFindings(ctx, assessment.AssessmentID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &findingListOutput{}
			out.Body.Items, out.Body.Total = a.findingViews(fs), len(fs)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-assessment-finding", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/findings", Tags: tags,
		Summary: "Ghi phát hiện (record a finding)",
		Description: "Bên thực hiện đánh giá và cán bộ quản lý phụ trách, khi cuộc đánh giá đã phân công hoặc bắt đầu và chưa bị hủy. " +
			"Hạn khắc phục dd/mm/yyyy, không trước hôm nay. (The party who answers and the officers in charge; the due date not before today.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *findingCreateInput) (*findingOutput, error) {
			f, err := a.assess.CreateFinding(ctx, assessment.AssessmentID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return a.findingOut(f), nil
		})
	register(a, huma.Operation{OperationID: "list-findings", Method: http.MethodGet, Path: Prefix + "/findings", Tags: tags,
		Summary: "Phát hiện qua các cuộc đánh giá (findings across assessments)",
		Description: "Doanh nghiệp: của mình; đánh giá viên: của các cuộc được phân công; cán bộ: trong phạm vi (cán bộ Sở: tỉnh mình). " +
			"Mặc định: chưa đóng. (The enterprise's own, the assessor's assignments, the officers' scope; by default not closed.)"},
		func(ctx context.Context, in *assessment.FindingQuery) (*findingListOutput, error) {
			fs, total, err := a.assess.Findings(ctx, *in)
			if err != nil {
				return nil, err
			}
			out := &findingListOutput{}
			out.Body.Items, out.Body.Total = a.findingViews(fs), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-finding", Method: http.MethodGet, Path: Prefix + "/findings/{id}", Tags: tags,
		Summary: "Một phát hiện (one finding)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *findingIDInput) (*findingOutput, error) {
			_, f, err := a.assess.Finding(ctx, assessment.FindingID(in.ID))
			if err != nil {
				return nil, err
			}
			return a.findingOut(f), nil
		})
	register(a, huma.Operation{OperationID: "put-finding", Method: http.MethodPut, Path: Prefix + "/findings/{id}", Tags: tags,
		Summary: "Sửa phát hiện (edit a finding)",
		Description: "Mục, nội dung, hành động khắc phục, người chịu trách nhiệm, hạn. Doanh nghiệp, đánh giá viên được phân công, cán bộ phụ trách; " +
			"phát hiện chưa đóng. Phiên bản cũ → 409. (The enterprise, the assigned assessor, the officers in charge; not closed; a stale version is 409.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *findingPutInput) (*findingOutput, error) {
			f, err := a.assess.UpdateFinding(ctx, assessment.FindingID(in.ID), in.Body.Version, in.Body.FindingInput)
			if err != nil {
				return nil, err
			}
			return a.findingOut(f), nil
		})
	register(a, huma.Operation{OperationID: "move-finding", Method: http.MethodPost, Path: Prefix + "/findings/{id}/transition", Tags: tags,
		Summary: "Chuyển trạng thái phát hiện (move a finding towards closure)",
		Description: "done: chưa khắc phục → chờ xác nhận, doanh nghiệp, kèm kết quả; close: chờ xác nhận → đã đóng, đánh giá viên của cuộc đánh giá " +
			"hoặc cán bộ phụ trách (doanh nghiệp với bản tự đánh giá của mình); reopen: → chưa khắc phục, người xác nhận, kèm lý do. Phiên bản cũ → 409. " +
			"(done: by the enterprise with a note; close: by the assessor or an officer in charge, the enterprise for its own self-assessment; " +
			"reopen: by the verifier with a reason. A stale version is 409.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *findingMoveInput) (*findingOutput, error) {
			f, err := a.assess.MoveFinding(ctx, assessment.FindingID(in.ID), in.Body.Version, assessment.FindingMove(in.Body.Action), in.Body.Note)
			if err != nil {
				return nil, err
			}
			return a.findingOut(f), nil
		})
}

func photoTooLarge() error {
	return fault.New(fault.Invalid, "Ảnh quá lớn: tối đa "+strconv.Itoa(assessment.MaxPhotoBytes>>20)+" MB mỗi ảnh.",
		"The photo is too large: at most "+strconv.Itoa(assessment.MaxPhotoBytes>>20)+" MB per photo.")
}

// addPhoto reads the upload of in (raw or multipart) into the service.
func (a *API) addPhoto(ctx context.Context, in *photoAddInput) (*assessment.Photo, error) {
	if in.ContentLength > photoMaxBody {
		return nil, &photo.Error{Code: photo.CodeTooLarge, Size: in.ContentLength, Limit: assessment.MaxPhotoBytes}
	}
	if in.body == nil {
		return nil, fault.New(fault.Invalid, "Thiếu ảnh.", "The photo is missing.").Field("photo", "Thiếu ảnh.", "The photo is missing.")
	}
	body, size := in.body, in.ContentLength
	if mt, params, err := mime.ParseMediaType(in.ContentType); err == nil && mt == "multipart/form-data" {
		mr := multipart.NewReader(in.body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return nil, err
				}
				return nil, fault.New(fault.Invalid, "Biểu mẫu không có phần \"photo\".", "The form has no \"photo\" part.").
					Field("photo", "Thiếu ảnh.", "The photo is missing.")
			}
			if part.FormName() == "photo" {
				body, size = part, 0
				break
			}
			part.Close()
		}
	}
	return a.assess.AddPhoto(ctx, assessment.AssessmentID(in.ID), in.Item, body, size)
}
