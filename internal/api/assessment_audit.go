package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// The operations of assessments: lists, one assessment with its answers
// and result, starting a self-assessment, asking for an independent one,
// the candidates and the assignment of an assessor, starting the audit,
// answers (one or a batch, as the audit form's offline queue sends them),
// submission and cancellation. The service authorizes each call.

type assessmentListOutput struct {
	Body struct {
		Items []*assessment.Assessment `json:"items"`
		Total int                      `json:"total"`
	}
}

type assessmentIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
}

type assessmentOutput struct {
	Body *assessment.Assessment
}

// AssessmentLevel is a level reached (the scheme's level).
type AssessmentLevel struct {
	Code   string     `json:"code"`
	Name   fault.Text `json:"name"`
	MinPct float64    `json:"min_pct"`
}

// AssessmentResult is an assessment's score per section and in total
// (assessment.Result under a name of its own in the OpenAPI document).
type AssessmentResult struct {
	Sections []assessment.SectionResult `json:"sections"`
	Pct      float64                    `json:"pct"`
	Points   float64                    `json:"points"`
	Level    *AssessmentLevel           `json:"level,omitempty"`
	Items    int                        `json:"items"`
	Answered int                        `json:"answered"`
	NA       int                        `json:"na"`
	Complete bool                       `json:"complete"`
}

func assessmentResultOf(r assessment.Result) AssessmentResult {
	out := AssessmentResult{Sections: append([]assessment.SectionResult{}, r.Sections...), Pct: r.Pct, Points: r.Points, Items: r.Items,
		Answered: r.Answered, NA: r.NA, Complete: r.Complete}
	if r.Level != nil {
		out.Level = &AssessmentLevel{Code: r.Level.Code, Name: r.Level.Name, MinPct: r.Level.MinPct}
	}
	return out
}

// AssessmentSchemeVersion is the scheme version an assessment is answered
// on, with its body (sections, items, scales, levels) as the schemes' API
// describes it.
type AssessmentSchemeVersion struct {
	ID   int64          `json:"id"`
	No   int            `json:"version"`
	Body map[string]any `json:"body" doc:"Nội dung bộ tiêu chí: phần, mục, thang điểm, mức (sections, items, scales, levels)"`
}

// AssessmentPast is an earlier (or the other mode's) submitted assessment
// with its score per section key.
type AssessmentPast struct {
	Assessment *assessment.Assessment `json:"assessment"`
	Result     AssessmentResult       `json:"result"`
	BySection  map[string]float64     `json:"by_section" doc:"Điểm % theo mã phần (percentage by section key)"`
}

// AssessmentReport is an assessment with its scheme version, its answers,
// its result and the comparisons of its results page.
type AssessmentReport struct {
	Assessment    *assessment.Assessment       `json:"assessment"`
	SchemeVersion AssessmentSchemeVersion      `json:"scheme_version"`
	Answers       map[string]assessment.Answer `json:"answers"`
	Result        AssessmentResult             `json:"result"`
	RequestNote   string                       `json:"request_note,omitempty"`
	Perms         assessment.Perms             `json:"perms" doc:"Việc người gọi được làm lúc này (what the caller may do now)"`
	History       []AssessmentPast             `json:"history" doc:"Các lần trước cùng bộ tiêu chí, cũ nhất trước (earlier ones, oldest first)"`
	Counterpart   *AssessmentPast              `json:"counterpart,omitempty" doc:"Tự đánh giá ↔ đánh giá độc lập (self ↔ independent)"`
}

func assessmentPastOf(p *assessment.Past) *AssessmentPast {
	return &AssessmentPast{Assessment: p.Assessment, Result: assessmentResultOf(p.Result), BySection: p.BySection}
}

func assessmentReportOf(rep *assessment.Report) (*AssessmentReport, error) {
	b, err := json.Marshal(rep.Version.Body)
	if err != nil {
		return nil, err
	}
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		return nil, err
	}
	out := &AssessmentReport{Assessment: rep.Assessment, SchemeVersion: AssessmentSchemeVersion{ID: int64(rep.Version.ID), No: rep.Version.No, Body: body},
		Answers: rep.Answers, Result: assessmentResultOf(rep.Result), RequestNote: rep.Note, Perms: rep.Perms, History: []AssessmentPast{}}
	for i := range rep.History {
		out.History = append(out.History, *assessmentPastOf(&rep.History[i]))
	}
	if rep.Counterpart != nil {
		out.Counterpart = assessmentPastOf(rep.Counterpart)
	}
	return out, nil
}

type assessmentReportOutput struct {
	Body *AssessmentReport
}

type assessmentStartInput struct {
	Body assessment.StartInput
}

type assessmentRequestInput struct {
	Body assessment.RequestInput
}

type assessmentMoveInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (the version read: optimistic lock)"`
	}
}

type assessmentAssignInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version    int   `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
		AssessorID int64 `json:"assessor_id" doc:"Tài khoản đánh giá viên (the assessor's account id)"`
	}
}

type assessmentCancelInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
		Reason  string `json:"reason" maxLength:"1000" doc:"Lý do hủy, bắt buộc (the reason, required)"`
	}
}

type assessmentAnswersInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Answers []assessment.AnswerInput `json:"answers" maxItems:"500" doc:"Các câu trả lời, theo thứ tự đã trả lời (in the order given)"`
	}
}

type assessmentAnswerPutInput struct {
	ID   int64  `path:"id" minimum:"1"`
	Item string `path:"item" doc:"Mã mục (item key), ví dụ s1.3"`
	Body struct {
		Value *int   `json:"value,omitempty" required:"false" doc:"Điểm trên thang của mục"`
		NA    bool   `json:"na,omitempty" required:"false" doc:"Không áp dụng (chỉ khi mục cho phép)"`
		Note  string `json:"note,omitempty" required:"false" maxLength:"2000"`
		At    string `json:"at,omitempty" required:"false" doc:"Thời điểm trả lời (RFC 3339)"`
	}
}

type saveResultOutput struct {
	Body *assessment.SaveResult
}

type candidatesOutput struct {
	Body struct {
		Items []assessment.Candidate `json:"items"`
	}
}

// registerAssessing registers this area's operations.
func (a *API) registerAssessing() {
	tags := []string{tagAssessment}
	register(a, huma.Operation{OperationID: "list-assessments", Method: http.MethodGet, Path: Prefix + "/assessments", Tags: tags,
		Summary: "Các cuộc đánh giá (assessments)",
		Description: "Doanh nghiệp: của mình; đánh giá viên: được phân công (đang làm trước); cán bộ: trong phạm vi (cán bộ Bộ: mọi tỉnh). " +
			"(The enterprise's own, the assessor's assignments, the officers' scope.)"},
		func(ctx context.Context, in *assessment.AssessmentQuery) (*assessmentListOutput, error) {
			xs, total, err := a.assess.Assessments(ctx, *in)
			if err != nil {
				return nil, err
			}
			out := &assessmentListOutput{}
			out.Body.Items, out.Body.Total = append([]*assessment.Assessment{}, xs...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-assessment", Method: http.MethodGet, Path: Prefix + "/assessments/{id}", Tags: tags,
		Summary: "Một cuộc đánh giá với câu trả lời và kết quả (one assessment with its answers and result)",
		Description: "Kèm phiên bản bộ tiêu chí của cuộc đánh giá, kết quả theo phần, so sánh với các lần trước và giữa tự đánh giá và đánh giá độc lập. " +
			"(With its own scheme version, the result per section and the comparisons.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *assessmentIDInput) (*assessmentReportOutput, error) {
			rep, err := a.assess.Report(ctx, assessment.AssessmentID(in.ID))
			if err != nil {
				return nil, err
			}
			out, err := assessmentReportOf(rep)
			if err != nil {
				return nil, err
			}
			return &assessmentReportOutput{Body: out}, nil
		})
	register(a, huma.Operation{OperationID: "start-self-assessment", Method: http.MethodPost, Path: Prefix + "/assessments/self", Tags: tags,
		Summary:       "Bắt đầu tự đánh giá (start a self-assessment)",
		Description:   "Người đại diện doanh nghiệp; theo phiên bản đang ban hành của bộ tiêu chí, giữ nguyên về sau. (On the scheme's published version, kept.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentStartInput) (*assessmentOutput, error) {
			x, err := a.assess.StartSelf(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &assessmentOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "request-independent-assessment", Method: http.MethodPost, Path: Prefix + "/assessments/independent", Tags: tags,
		Summary:       "Đề nghị đánh giá độc lập (ask for an independent assessment)",
		Description:   "Người đại diện doanh nghiệp; có thể dựa trên bản tự đánh giá đã hoàn thành. Mỗi bộ tiêu chí một đề nghị đang mở. (One open request per scheme.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentRequestInput) (*assessmentOutput, error) {
			x, err := a.assess.RequestIndependent(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &assessmentOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "list-assessment-candidates", Method: http.MethodGet, Path: Prefix + "/assessments/{id}/candidates", Tags: tags,
		Summary: "Đánh giá viên có thể phân công (assessors who may be assigned)",
		Description: "Cán bộ quản lý trong phạm vi. Mỗi người kèm chứng nhận đánh giá viên, quan hệ tư vấn với doanh nghiệp trong 2 năm, và lý do nếu không được phân công. " +
			"(Each with the accreditation, consulting ties within 2 years and why not eligible.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *assessmentIDInput) (*candidatesOutput, error) {
			cs, err := a.assess.Candidates(ctx, assessment.AssessmentID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &candidatesOutput{}
			out.Body.Items = append([]assessment.Candidate{}, cs...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "assign-assessor", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/assign", Tags: tags,
		Summary: "Phân công đánh giá viên (assign an assessor)",
		Description: "Đánh giá viên có chứng nhận còn hiệu lực cho bộ tiêu chí và không xung đột lợi ích; nếu không → 422 kèm lý do. " +
			"(An accredited assessor without a conflict of interest; else 422 with the reason.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentAssignInput) (*assessmentOutput, error) {
			x, err := a.assess.Assign(ctx, assessment.AssessmentID(in.ID), in.Body.Version, auth.UserID(in.Body.AssessorID))
			if err != nil {
				return nil, err
			}
			return &assessmentOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "start-assessment", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/start", Tags: tags,
		Summary: "Bắt đầu đánh giá độc lập (start the audit)", Description: "Đánh giá viên được phân công. (The assigned assessor.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *assessmentMoveInput) (*assessmentOutput, error) {
			x, err := a.assess.StartAudit(ctx, assessment.AssessmentID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &assessmentOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "save-assessment-answers", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/answers", Tags: tags,
		Summary: "Lưu câu trả lời (save answers)",
		Description: "Người trả lời (doanh nghiệp khi tự đánh giá, đánh giá viên được phân công). Mỗi câu được kiểm tra theo phiên bản bộ tiêu chí của cuộc đánh giá; " +
			"một câu sai → 422, không lưu câu nào. Câu trả lời cũ hơn câu đã lưu (theo `at`) bị bỏ qua; gửi lại không đổi gì. Sau khi nộp → 409. " +
			"(Validated against the assessment's own version; one bad answer → 422 and nothing saved; an answer older than the stored one is ignored; after submission 409.)",
		MaxBodyBytes: 1 << 20, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentAnswersInput) (*saveResultOutput, error) {
			r, err := a.assess.SaveAnswers(ctx, assessment.AssessmentID(in.ID), in.Body.Answers)
			if err != nil {
				return nil, err
			}
			return &saveResultOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "put-assessment-answer", Method: http.MethodPut, Path: Prefix + "/assessments/{id}/answers/{item}", Tags: tags,
		Summary: "Lưu một câu trả lời (save one answer)", Description: "Như lưu câu trả lời, cho một mục. (One item.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentAnswerPutInput) (*saveResultOutput, error) {
			ai := assessment.AnswerInput{Item: in.Item, Value: in.Body.Value, NA: in.Body.NA, Note: in.Body.Note}
			if in.Body.At != "" {
				t, err := auditParseAt(in.Body.At)
				if err != nil {
					return nil, err
				}
				ai.At = t
			}
			r, err := a.assess.SaveAnswer(ctx, assessment.AssessmentID(in.ID), ai)
			if err != nil {
				return nil, err
			}
			return &saveResultOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "submit-assessment", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/submit", Tags: tags,
		Summary: "Nộp kết quả (submit)", Description: "Mọi mục đã trả lời (hoặc không áp dụng nơi cho phép); điểm, mức được chốt. (Every item answered; the result is frozen.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentMoveInput) (*assessmentOutput, error) {
			x, err := a.assess.Submit(ctx, assessment.AssessmentID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &assessmentOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "cancel-assessment", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/cancel", Tags: tags,
		Summary: "Hủy cuộc đánh giá (cancel)",
		Description: "Doanh nghiệp trước khi bắt đầu đánh giá (hoặc bản tự đánh giá của mình); cán bộ trong phạm vi trước khi nộp. Lý do bắt buộc. " +
			"(The enterprise before the audit starts; an officer before submission; a reason is required.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *assessmentCancelInput) (*assessmentOutput, error) {
			x, err := a.assess.Cancel(ctx, assessment.AssessmentID(in.ID), in.Body.Version, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return &assessmentOutput{Body: x}, nil
		})
}

// auditParseAt reads the moment an answer was given (RFC 3339).
func auditParseAt(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fault.New(fault.Invalid, "Thời điểm trả lời không hợp lệ (RFC 3339).", "Not a valid moment (RFC 3339).").
			Field("at", "Thời điểm trả lời không hợp lệ, ví dụ 2026-03-10T09:30:00+07:00.", "Not a valid moment, e.g. 2026-03-10T09:30:00+07:00.")
	}
	return t, nil
}
