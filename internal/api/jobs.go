package api

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/jobs"
)

// jobView is a background job with its progress.
type jobView struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind" example:"audit_export"`
	KindLabel   fault.Text `json:"kind_label" doc:"Loại công việc (what the job does)"`
	Title       string     `json:"title" example:"Xuất nhật ký kiểm tra ra Excel"`
	OwnerID     int64      `json:"owner_id" doc:"Người yêu cầu; 0 = hệ thống (owner; 0 for the system)"`
	Status      string     `json:"status" enum:"queued,running,done,failed,cancelled"`
	StatusLabel fault.Text `json:"status_label"`
	Finished    bool       `json:"finished" doc:"Đã kết thúc (done, failed or cancelled): ngừng hỏi lại (stop polling)"`
	Done        int64      `json:"done" doc:"Số đơn vị đã xong (units done)"`
	Total       int64      `json:"total" doc:"Tổng số đơn vị; 0 = chưa biết (units in all; 0 while unknown)"`
	Percent     int        `json:"percent" minimum:"0" maximum:"100"`
	Message     string     `json:"message" doc:"Đang làm gì (what it is doing)"`
	Error       string     `json:"error,omitempty" doc:"Lý do thất bại (why it failed)"`
	HasResult   bool       `json:"has_result"`
	ResultName  string     `json:"result_name,omitempty" example:"nhat-ky.xlsx"`
	ResultMime  string     `json:"result_mime,omitempty"`
	ResultURL   string     `json:"result_url,omitempty" example:"/api/v1/jobs/7/result" doc:"Tải kết quả (download the result)"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
}

func viewJob(j *jobs.Job) jobView {
	v := jobView{ID: int64(j.ID), Kind: j.Kind, KindLabel: jobs.KindLabel(j.Kind), Title: j.Title, OwnerID: int64(j.OwnerID),
		Status: string(j.Status), StatusLabel: j.Status.Label(), Finished: j.Status.IsFinished(),
		Done: j.Done, Total: j.Total, Percent: j.Percent(), Message: j.Message, Error: j.Error,
		HasResult: j.HasResult, CreatedAt: j.CreatedAt.UTC(), UpdatedAt: j.UpdatedAt.UTC(), FinishedAt: utcPtr(j.FinishedAt)}
	if j.HasResult {
		v.ResultName, v.ResultMime = j.ResultName, j.ResultMime
		v.ResultURL = Prefix + "/jobs/" + strconv.FormatInt(int64(j.ID), 10) + "/result"
	}
	return v
}

type jobList struct {
	Items  []jobView `json:"items"`
	Total  int       `json:"total"`
	Offset int       `json:"offset"`
	Limit  int       `json:"limit"`
}

type jobListInput struct {
	Status  string `query:"status" enum:"queued,running,done,failed,cancelled" doc:"Trạng thái (status)"`
	Kind    string `query:"kind" example:"audit_export" doc:"Loại công việc (kind)"`
	OwnerID int64  `query:"owner_id" minimum:"0" doc:"Người yêu cầu; chỉ có tác dụng với quản trị hệ thống, người khác luôn chỉ thấy việc của mình (owner; admins only, others always see their own)"`
	Offset  int    `query:"offset" minimum:"0" default:"0"`
	Limit   int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"1–200"`
}

type jobIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã số công việc (job id)"`
}

type auditExportInput struct {
	Action     string `query:"action" example:"user." doc:"Hành động, hoặc tiền tố kết thúc bằng dấu chấm (an action, or a prefix ending in a dot)"`
	ObjectType string `query:"object_type" example:"user" doc:"Loại đối tượng (object type)"`
	ObjectID   string `query:"object_id" doc:"Mã đối tượng (object id)"`
	ActorID    int64  `query:"actor_id" minimum:"0" doc:"Người thực hiện (actor's user id)"`
	From       string `query:"from" example:"2025-07-01" doc:"Từ (tính cả): RFC 3339 hoặc yyyy-mm-dd, giờ Việt Nam (from, inclusive)"`
	To         string `query:"to" example:"2025-07-31" doc:"Đến: RFC 3339 (không tính) hoặc yyyy-mm-dd (tính cả ngày đó) (to)"`
}

type jobListOutput struct{ Body jobList }
type jobOutput struct{ Body jobView }

type jobResultOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func (a *API) registerJobs() {
	tags := []string{tagJobs}
	register(a, huma.Operation{
		OperationID: "list-jobs", Method: http.MethodGet, Path: Prefix + "/jobs", Tags: tags,
		Summary:     "Công việc nền của tôi (my background jobs)",
		Description: "Công việc nền mới nhất trước; quản trị hệ thống thấy mọi công việc. (Newest first; administrators see everyone's.)",
		Errors:      []int{http.StatusUnprocessableEntity},
	}, a.handleJobList)
	register(a, huma.Operation{
		OperationID: "get-job", Method: http.MethodGet, Path: Prefix + "/jobs/{id}", Tags: tags,
		Summary: "Tiến độ công việc (job progress)",
		Description: "Trạng thái, tiến độ và đường dẫn tải kết quả. Hỏi lại vài giây một lần cho đến khi finished = true. " +
			"(Status, progress and the result's URL. Poll every few seconds until finished is true.)",
		Errors: []int{http.StatusNotFound},
	}, a.handleJobGet)
	register(a, huma.Operation{
		OperationID: "get-job-result", Method: http.MethodGet, Path: Prefix + "/jobs/{id}/result", Tags: tags,
		Summary:     "Tải kết quả (download the result)",
		Description: "Tệp kết quả của công việc (ví dụ Excel), với kiểu nội dung và tên tệp. (The job's result file, e.g. an Excel workbook.)",
		Errors:      []int{http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {
			Description: "Tệp kết quả (the result file)",
			Headers: map[string]*huma.Param{
				"Content-Disposition": {Description: `attachment; filename="…"`, Schema: &huma.Schema{Type: huma.TypeString}},
			},
			Content: map[string]*huma.MediaType{
				jobs.MimeXLSX:              {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}},
				"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}},
			},
		}},
	}, a.handleJobResult)
	register(a, huma.Operation{
		OperationID: "export-audit", Method: http.MethodPost, Path: Prefix + "/audit/export", Tags: []string{tagAudit, tagJobs},
		Summary: "Xuất nhật ký ra Excel (export the audit log to Excel)",
		Description: "Tạo một công việc nền xuất các dòng nhật ký khớp bộ lọc (giống GET /api/v1/audit, qua tham số truy vấn) ra tệp Excel; " +
			"theo dõi ở GET /api/v1/jobs/{id}. Chỉ quản trị hệ thống. (Queues a background job exporting the matching entries — the " +
			"same query filters as GET /api/v1/audit — to Excel; follow it at GET /api/v1/jobs/{id}. Administrators only.)",
		DefaultStatus: http.StatusAccepted, Errors: []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, a.handleAuditExport)
}

// errNoJobs answers job operations when the API was built without a job
// service (tools and tests that run no job queue).
var errNoJobs = fault.New(fault.Unavailable, "Công việc nền chưa được bật trên máy chủ này.", "Background jobs are not enabled on this server.")

func (a *API) handleJobList(ctx context.Context, in *jobListInput) (*jobListOutput, error) {
	if a.jobs == nil {
		return nil, errNoJobs
	}
	js, total, err := a.jobs.FindJobs(ctx, jobs.JobFilter{OwnerID: auth.UserID(in.OwnerID), Status: jobs.Status(in.Status),
		Kind: in.Kind, Offset: in.Offset, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &jobListOutput{Body: jobList{Items: make([]jobView, 0, len(js)), Total: total, Offset: in.Offset, Limit: in.Limit}}
	for _, j := range js {
		out.Body.Items = append(out.Body.Items, viewJob(j))
	}
	return out, nil
}

func (a *API) handleJobGet(ctx context.Context, in *jobIDInput) (*jobOutput, error) {
	if a.jobs == nil {
		return nil, errNoJobs
	}
	j, err := a.jobs.FindJobByID(ctx, jobs.JobID(in.ID))
	if err != nil {
		return nil, err
	}
	return &jobOutput{Body: viewJob(j)}, nil
}

func (a *API) handleJobResult(ctx context.Context, in *jobIDInput) (*jobResultOutput, error) {
	if a.jobs == nil {
		return nil, errNoJobs
	}
	name, mimeType, data, err := a.jobs.Result(ctx, jobs.JobID(in.ID))
	if err != nil {
		return nil, err
	}
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	if name == "" {
		name = "ket-qua-" + strconv.FormatInt(in.ID, 10)
	}
	// FormatMediaType quotes the name, and encodes a Vietnamese one as
	// RFC 2231 filename*=utf-8''…, which browsers understand.
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if disposition == "" {
		disposition = "attachment"
	}
	return &jobResultOutput{ContentType: mimeType, ContentDisposition: disposition, CacheControl: "private, no-store", Body: data}, nil
}

func (a *API) handleAuditExport(ctx context.Context, in *auditExportInput) (*jobOutput, error) {
	if a.jobs == nil {
		return nil, errNoJobs
	}
	f, err := auditQuery(*in).filter()
	if err != nil {
		return nil, err
	}
	j, err := a.jobs.EnqueueAuditExport(ctx, f)
	if err != nil {
		return nil, err
	}
	return &jobOutput{Body: viewJob(j)}, nil
}
