package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/programme"
)

type actListInput struct {
	Status   string `query:"status" enum:"draft,ineligible,submitted,in_review,approved,rejected,in_progress,evaluating,closed,withdrawn" doc:"Trạng thái (status)"`
	Type     string `query:"type" enum:"pilot_model,depth_project,training_course,communication,contest,research,standard_drafting,lab_upgrade" doc:"Loại nhiệm vụ (activity type)"`
	Track    string `query:"track" enum:"breadth,depth,capacity" doc:"Hướng hỗ trợ (track)"`
	Year     int    `query:"year" minimum:"0" maximum:"2100"`
	Province string `query:"province" example:"79" doc:"Cán bộ Bộ: lọc theo tỉnh (ministry: filter by province)"`
	Call     int64  `query:"call" minimum:"0" doc:"Mã đợt kêu gọi (call id)"`
	Q        string `query:"q" maxLength:"200" doc:"Từ trong tên nhiệm vụ, không dấu cũng được (title words, diacritics optional)"`
	Offset   int    `query:"offset" minimum:"0" default:"0"`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type actListOutput struct {
	Body struct {
		Items []*programme.Activity `json:"items"`
		Total int                   `json:"total"`
	}
}

type actIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã nhiệm vụ (activity id)"`
}

type actOutput struct {
	Body *programme.Activity
}

type actViewOutput struct {
	Body *programme.ActivityView
}

type actCreateInput struct {
	Body programme.ProposalInput
}

type actUpdateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body programme.ProposalInput
}

type actSubmitInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body *struct {
		Version int `json:"version,omitempty" doc:"Phiên bản đã đọc, bắt buộc; thiếu → 422, cũ → 409 (the version read, required; missing → 422, stale → 409)"`
	}
}

type actReviewersInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reviewers []int64 `json:"reviewers" minItems:"1" maxItems:"5" doc:"Mã tài khoản chuyên gia hoặc chuyên viên đánh giá (expert or assessor account ids)"`
	}
}

type actCandidatesOutput struct {
	Body struct {
		Items []programme.ReviewerCandidate `json:"items"`
	}
}

type actDeclareInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Conflict bool   `json:"conflict" doc:"true = có xung đột lợi ích (không chấm); false = cam kết không có"`
		Note     string `json:"note,omitempty" maxLength:"4000" doc:"Bắt buộc khi có xung đột (required with a conflict)"`
	}
}

type actScoreInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Scores  map[string]int `json:"scores" doc:"Điểm theo tiêu chí: relevance 0–20, feasibility 0–20, impact 0–30, replicability 0–20, budget 0–10"`
		Comment string         `json:"comment,omitempty" maxLength:"4000"`
	}
}

type actReviewOutput struct {
	Body *programme.Review
}

type actDecideInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body programme.DecisionInput
}

type actUploadInput struct {
	ID      int64  `path:"id" minimum:"1"`
	Name    string `query:"name" required:"true" maxLength:"200" example:"thuyet-minh.pdf" doc:"Tên tệp (file name)"`
	RawBody []byte `contentType:"application/octet-stream" doc:"Nội dung tệp: PDF, DOCX, XLSX, JPG, PNG, tối đa 10 MB (judged by content)"`
}

type actFileOutput struct {
	Body *programme.File
}

type actFileIDInput struct {
	ID  int64 `path:"id" minimum:"1"`
	FID int64 `path:"fid" minimum:"1" doc:"Mã tệp (file id)"`
}

type actDownloadOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// registerActivities registers the operations of an activity from
// proposal to decision. The service authorizes: what the actor may not see
// is 404.
func (a *API) registerActivities() {
	tags := []string{tagProgramme}
	register(a, huma.Operation{OperationID: "list-activities", Method: http.MethodGet, Path: Prefix + "/activities", Tags: tags,
		Summary: "Danh sách nhiệm vụ (activities)",
		Description: "Cán bộ: trong phạm vi (Bộ: tất cả; tỉnh: nhiệm vụ của tỉnh hoặc của đợt do tỉnh mở). Doanh nghiệp: hồ sơ của mình. Chuyên gia: hồ sơ của tổ chức mình và hồ sơ được phân công. " +
			"Mới nhất trước. (Officers: their scope; enterprises: their own; experts: their organisation's and those assigned. Newest first.)",
		Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actListInput) (*actListOutput, error) {
			list, total, err := a.programme.Activities(ctx, programme.ActivityQuery{Status: programme.Status(in.Status),
				Type: programme.ActivityType(in.Type), Track: programme.Track(in.Track), Year: in.Year, Province: in.Province,
				CallID: programme.CallID(in.Call), Text: in.Q, Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &actListOutput{}
			out.Body.Items, out.Body.Total = append([]*programme.Activity{}, list...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-activity", Method: http.MethodPost, Path: Prefix + "/activities", Tags: tags,
		Summary: "Lập hồ sơ đề xuất (create a draft proposal)",
		Description: "Doanh nghiệp (mô hình điểm, dự án chiều sâu) hoặc chuyên gia thay mặt tổ chức của mình (các loại khác), trong đợt đang nhận hồ sơ. Dự toán phải khớp tổng khai; KPI đúng đơn vị và chiều cải thiện. " +
			"(Enterprises for pilot models and depth projects, experts for their organisation otherwise, in an open call; the budget must add up, KPIs in their unit and direction.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actCreateInput) (*actOutput, error) {
			x, err := a.programme.CreateProposal(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "get-activity", Method: http.MethodGet, Path: Prefix + "/activities/{id}", Tags: tags,
		Summary: "Một nhiệm vụ (one activity)",
		Description: "Với sàng lọc, phiếu thẩm định người hỏi được xem, lịch sử, tệp và việc người hỏi được làm. Người đề xuất chỉ thấy điểm trung bình sau quyết định; người thẩm định chỉ thấy phiếu của mình trước khi nộp. " +
			"(With screening, the reviews the actor may see, history, files and allowed actions.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *actIDInput) (*actViewOutput, error) {
			v, err := a.programme.Activity(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			return &actViewOutput{Body: v}, nil
		})
	register(a, huma.Operation{OperationID: "update-activity", Method: http.MethodPut, Path: Prefix + "/activities/{id}", Tags: tags,
		Summary:     "Sửa hồ sơ nháp (update a draft)",
		Description: "Gửi kèm version đã đọc; phiên bản cũ bị từ chối 409 (send the version read; a stale one is 409).",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actUpdateInput) (*actOutput, error) {
			x, err := a.programme.UpdateProposal(ctx, programme.ActivityID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "submit-activity", Method: http.MethodPost, Path: Prefix + "/activities/{id}/submit", Tags: tags,
		Summary: "Nộp hồ sơ (submit; automatic screening)",
		Description: "Từ chối sau hạn nộp hoặc khi đợt đã đóng. Sàng lọc tự động: hạn, loại, ngành, địa bàn, dự toán, mức tối đa, điều kiện của hướng hỗ trợ theo quy định đang hiệu lực; đạt → submitted, không đạt → ineligible kèm lý do. " +
			"(Refused after the deadline; screened: passed → submitted, failed → ineligible with the reasons.) Gửi kèm version đã đọc (send the version read).",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actSubmitInput) (*actOutput, error) {
			v := 0
			if in.Body != nil {
				v = in.Body.Version
			}
			x, err := a.programme.SubmitProposal(ctx, programme.ActivityID(in.ID), v)
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "revise-activity", Method: http.MethodPost, Path: Prefix + "/activities/{id}/revise", Tags: tags,
		Summary: "Sửa lại hồ sơ chưa đạt sàng lọc (back to draft, before the deadline)", Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *actIDInput) (*actOutput, error) {
			x, err := a.programme.ReviseProposal(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "withdraw-activity", Method: http.MethodPost, Path: Prefix + "/activities/{id}/withdraw", Tags: tags,
		Summary: "Rút hồ sơ (withdraw, before the decision)", Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *actIDInput) (*actOutput, error) {
			x, err := a.programme.WithdrawProposal(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "list-activity-reviewer-candidates", Method: http.MethodGet, Path: Prefix + "/activities/{id}/reviewers", Tags: tags,
		Summary:     "Người có thể phân công thẩm định (reviewer candidates, with conflicts)",
		Description: "Cán bộ quyết định nhiệm vụ (Bộ cho đợt của Bộ, tỉnh cho đợt của tỉnh). conflict nêu lý do bị loại. (The deciding officers; conflict says why a candidate is excluded.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *actIDInput) (*actCandidatesOutput, error) {
			cs, err := a.programme.ReviewerCandidates(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &actCandidatesOutput{}
			out.Body.Items = append([]programme.ReviewerCandidate{}, cs...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "assign-activity-reviewers", Method: http.MethodPost, Path: Prefix + "/activities/{id}/reviewers", Tags: tags,
		Summary: "Phân công thẩm định (assign reviewers)",
		Description: "1–5 tài khoản chuyên gia hoặc chuyên viên đánh giá; từ chối người thuộc tổ chức đề xuất, người đã khai quan hệ với doanh nghiệp đề xuất, người lập hồ sơ. Lần đầu chuyển sang in_review. " +
			"(Conflicted reviewers are refused; the first assignment moves the proposal to in_review.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actReviewersInput) (*actOutput, error) {
			users := make([]auth.UserID, len(in.Body.Reviewers))
			for i, u := range in.Body.Reviewers {
				users[i] = auth.UserID(u)
			}
			x, err := a.programme.AssignReviewers(ctx, programme.ActivityID(in.ID), users)
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "declare-activity-review-conflict", Method: http.MethodPost, Path: Prefix + "/activities/{id}/review/declare", Tags: tags,
		Summary: "Cam kết về xung đột lợi ích (conflict-of-interest declaration)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actDeclareInput) (*actReviewOutput, error) {
			r, err := a.programme.DeclareConflict(ctx, programme.ActivityID(in.ID), in.Body.Conflict, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &actReviewOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "submit-activity-review", Method: http.MethodPost, Path: Prefix + "/activities/{id}/review", Tags: tags,
		Summary: "Gửi phiếu thẩm định (submit a review; final)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actScoreInput) (*actReviewOutput, error) {
			r, err := a.programme.SubmitReview(ctx, programme.ActivityID(in.ID), in.Body.Scores, in.Body.Comment)
			if err != nil {
				return nil, err
			}
			return &actReviewOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "decide-activity", Method: http.MethodPost, Path: Prefix + "/activities/{id}/decide", Tags: tags,
		Summary: "Phê duyệt hoặc không phê duyệt (decide)",
		Description: "Phê duyệt cần ít nhất một phiếu đã nộp và không còn phiếu đang chờ; số, ngày, người ký quyết định; ngân sách duyệt không vượt đề nghị và mức tối đa của đợt. Không phê duyệt cần lý do (note). " +
			"(Approval needs a submitted review and none pending, the decision's number, date and signer; rejection needs a reason.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actDecideInput) (*actOutput, error) {
			x, err := a.programme.Decide(ctx, programme.ActivityID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &actOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "upload-activity-file", Method: http.MethodPost, Path: Prefix + "/activities/{id}/files", Tags: tags,
		Summary:      "Đính kèm tệp vào hồ sơ nháp (attach a file to a draft)",
		Description:  "Thân yêu cầu là nội dung tệp. Loại tệp xác định theo nội dung: PDF, DOCX, XLSX, JPG, PNG; tối đa 10 MB, 5 tệp. (The body is the file; its type is judged by content.)",
		MaxBodyBytes: programme.MaxAttachmentSize + 1, DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *actUploadInput) (*actFileOutput, error) {
			f, err := a.programme.AddAttachment(ctx, programme.ActivityID(in.ID), in.Name, in.RawBody)
			if err != nil {
				return nil, err
			}
			f.Data = nil
			return &actFileOutput{Body: f}, nil
		})
	register(a, huma.Operation{OperationID: "download-activity-file", Method: http.MethodGet, Path: Prefix + "/activities/{id}/files/{fid}", Tags: tags,
		Summary: "Tải tệp đính kèm (download an attachment)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *actFileIDInput) (*actDownloadOutput, error) {
			f, err := a.programme.Attachment(ctx, programme.ActivityID(in.ID), programme.FileID(in.FID))
			if err != nil {
				return nil, err
			}
			return &actDownloadOutput{ContentType: f.ContentType, Body: f.Data,
				ContentDisposition: "attachment; filename*=UTF-8''" + url.PathEscape(f.Name) + "; size=" + strconv.FormatInt(f.Size, 10)}, nil
		})
}
