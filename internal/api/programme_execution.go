package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/programme"
)

// The execution of an activity: contract, milestones, progress reports,
// decisions, disbursements, final report, verifier, verification,
// closure. The programme service authorizes: officers who decide the
// activity, its proposer, its verifier; anyone else gets 404.

type execIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã nhiệm vụ (activity id)"`
}

type execOutput struct {
	Body *programme.Execution
}

type execActivityOutput struct {
	Body *programme.Activity
}

type execContractInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" doc:"Phiên bản đã đọc (the version read)"`
		programme.ContractInput
	}
}

type execMilestonesOutput struct {
	Body struct {
		Items []programme.Milestone `json:"items"`
	}
}

type execEvidence struct {
	Name string `json:"name" doc:"Tên tệp, có đuôi .pdf, .jpg, .png, .xlsx, .docx"`
	Data []byte `json:"data" doc:"Nội dung, base64; tối đa 10 MB"`
}

// execMaxReportJSON caps a progress report sent as JSON: five files of
// 10 MB in base64 (4 bytes for every 3) and 1 MiB for the text and the
// JSON around them — 67.7 MiB, the documented 68 MiB.
const execMaxReportJSON = programme.MaxEvidenceFiles*((programme.MaxEvidenceBytes+2)/3*4) + 1<<20

type execReportInput struct {
	ID   int64 `path:"id" minimum:"1"`
	MID  int64 `path:"mid" minimum:"1" doc:"Mã mốc (milestone id)"`
	Body struct {
		Version  int            `json:"version"`
		Progress int            `json:"progress_pct" doc:"0–100"`
		Report   string         `json:"report" maxLength:"5000"`
		Files    []execEvidence `json:"files,omitempty" maxItems:"5" doc:"1–5 tệp minh chứng (1 to 5 evidence files)"`
	}
}

type execMilestoneOutput struct {
	Body *programme.Milestone
}

type execDecideInput struct {
	ID   int64 `path:"id" minimum:"1"`
	MID  int64 `path:"mid" minimum:"1"`
	Body struct {
		Version int    `json:"version"`
		Accept  bool   `json:"accept" doc:"true: nghiệm thu; false: trả lại, cần ghi chú (send back, with a note)"`
		Note    string `json:"note,omitempty" maxLength:"2000"`
	}
}

type execDisbursementsOutput struct {
	Body struct {
		Items []programme.Disbursement `json:"items"`
	}
}

type execDisburseInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version"`
		programme.DisbursementInput
	}
}

type execDisbursementOutput struct {
	Body *programme.Disbursement
}

type execFinalInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version"`
		programme.FinalInput
	}
}

type execVerifierInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version  int   `json:"version"`
		Verifier int64 `json:"verifier_id" doc:"Người dùng vai trò chuyên gia đánh giá hoặc chuyên gia (an assessor or expert user)"`
	}
}

type execVerifyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version"`
		programme.VerifyInput
	}
}

type execNoteInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version"`
		Note    string `json:"note,omitempty" maxLength:"2000"`
	}
}

// registerExecution registers the operations of this programme area.
func (a *API) registerExecution() {
	tags := []string{tagProgramme}
	errs := []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "get-activity-execution", Method: http.MethodGet, Path: Prefix + "/activities/{id}/execution", Tags: tags,
		Summary:     "Thực hiện và giải ngân của nhiệm vụ (an activity's execution)",
		Description: "Hợp đồng, các mốc, minh chứng, giải ngân, KPI, lịch sử. Cán bộ quản lý, đơn vị thực hiện, người xác nhận. (Contract, milestones, evidence, disbursements, KPIs, history; officers, the proposer, the verifier.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *execIDInput) (*execOutput, error) {
			x, err := a.programme.FindExecution(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			return &execOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "sign-activity-contract", Method: http.MethodPost, Path: Prefix + "/activities/{id}/contract", Tags: tags,
		Summary: "Ký hợp đồng và lập các mốc (sign the contract, set the milestones)",
		Description: "Cán bộ quản lý đợt (Bộ: đợt của Bộ; tỉnh: đợt của tỉnh). 1–12 mốc, hạn sau ngày ký và tăng dần, tổng tiền bằng ngân sách được duyệt. Được duyệt → đang thực hiện. " +
			"(The call's officer; 1–12 milestones, due after the contract and increasing, summing to the approved budget; approved → in progress.)",
		Errors: errs},
		func(ctx context.Context, in *execContractInput) (*execActivityOutput, error) {
			act, err := a.programme.SignContract(ctx, programme.ActivityID(in.ID), in.Body.Version, in.Body.ContractInput)
			if err != nil {
				return nil, err
			}
			return &execActivityOutput{Body: act}, nil
		})
	register(a, huma.Operation{OperationID: "list-activity-milestones", Method: http.MethodGet, Path: Prefix + "/activities/{id}/milestones", Tags: tags,
		Summary: "Các mốc của nhiệm vụ (an activity's milestones)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *execIDInput) (*execMilestonesOutput, error) {
			x, err := a.programme.FindExecution(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &execMilestonesOutput{}
			out.Body.Items = x.Milestones
			if out.Body.Items == nil {
				out.Body.Items = []programme.Milestone{}
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "report-activity-milestone", Method: http.MethodPost, Path: Prefix + "/activities/{id}/milestones/{mid}/report", Tags: tags,
		Summary: "Báo cáo tiến độ một mốc (report progress on a milestone)",
		Description: "Đơn vị thực hiện. Từ 1 đến 5 tệp minh chứng PDF, JPG, PNG, XLSX, DOCX, tối đa 10 MB mỗi tệp, kiểm tra theo nội dung; " +
			"nội dung tệp mã hóa base64 nên thân yêu cầu tối đa 68 MiB. " +
			"(The proposer; 1 to 5 evidence files of at most 10 MB each, checked by content; the files are base64 in the JSON, so the body may be up to 68 MiB.)",
		MaxBodyBytes: execMaxReportJSON, Errors: errs},
		func(ctx context.Context, in *execReportInput) (*execMilestoneOutput, error) {
			files := make([]programme.EvidenceUpload, len(in.Body.Files))
			for i, f := range in.Body.Files {
				files[i] = programme.EvidenceUpload{Name: f.Name, Data: f.Data}
			}
			m, err := a.programme.ReportMilestone(ctx, programme.ActivityID(in.ID), programme.MilestoneID(in.MID), in.Body.Version,
				programme.ReportInput{Progress: in.Body.Progress, Report: in.Body.Report, Files: files})
			if err != nil {
				return nil, err
			}
			return &execMilestoneOutput{Body: m}, nil
		})
	register(a, huma.Operation{OperationID: "decide-activity-milestone", Method: http.MethodPost, Path: Prefix + "/activities/{id}/milestones/{mid}/decide", Tags: tags,
		Summary: "Nghiệm thu hoặc trả lại một mốc (accept or send back a milestone)", Errors: errs},
		func(ctx context.Context, in *execDecideInput) (*execMilestoneOutput, error) {
			m, err := a.programme.DecideMilestone(ctx, programme.ActivityID(in.ID), programme.MilestoneID(in.MID), in.Body.Version, in.Body.Accept, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &execMilestoneOutput{Body: m}, nil
		})
	register(a, huma.Operation{OperationID: "list-activity-disbursements", Method: http.MethodGet, Path: Prefix + "/activities/{id}/disbursements", Tags: tags,
		Summary: "Các lần giải ngân (an activity's disbursements)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *execIDInput) (*execDisbursementsOutput, error) {
			x, err := a.programme.FindExecution(ctx, programme.ActivityID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &execDisbursementsOutput{}
			out.Body.Items = x.Disbursements
			if out.Body.Items == nil {
				out.Body.Items = []programme.Disbursement{}
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-activity-disbursement", Method: http.MethodPost, Path: Prefix + "/activities/{id}/disbursements", Tags: tags,
		Summary: "Ghi nhận giải ngân (record a disbursement)",
		Description: "Cán bộ quản lý, cho mốc đã nghiệm thu; lũy kế không vượt mức của mốc và ngân sách được duyệt. " +
			"(The officer, against an accepted milestone; within the milestone's amount and the approved budget.)",
		DefaultStatus: http.StatusCreated, Errors: errs},
		func(ctx context.Context, in *execDisburseInput) (*execDisbursementOutput, error) {
			d, err := a.programme.Disburse(ctx, programme.ActivityID(in.ID), in.Body.Version, in.Body.DisbursementInput)
			if err != nil {
				return nil, err
			}
			return &execDisbursementOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "send-activity-final-report", Method: http.MethodPost, Path: Prefix + "/activities/{id}/final", Tags: tags,
		Summary:     "Gửi báo cáo tổng kết (send the final report)",
		Description: "Đơn vị thực hiện, khi mọi mốc đã được nghiệm thu: giá trị thực tế từng KPI và tóm tắt. Đang thực hiện → đang nghiệm thu. (The proposer, once every milestone is accepted.)",
		Errors:      errs},
		func(ctx context.Context, in *execFinalInput) (*execActivityOutput, error) {
			act, err := a.programme.FinalReport(ctx, programme.ActivityID(in.ID), in.Body.Version, in.Body.FinalInput)
			if err != nil {
				return nil, err
			}
			return &execActivityOutput{Body: act}, nil
		})
	register(a, huma.Operation{OperationID: "assign-activity-verifier", Method: http.MethodPost, Path: Prefix + "/activities/{id}/verifier", Tags: tags,
		Summary:     "Phân công người xác nhận kết quả (assign the verifier)",
		Description: "Cán bộ quản lý. Chuyên gia đánh giá hoặc chuyên gia không thuộc đơn vị đề xuất và không khai báo quan hệ với doanh nghiệp. (An assessor or expert, not of the proposer and without a declared relation.)",
		Errors:      errs},
		func(ctx context.Context, in *execVerifierInput) (*execActivityOutput, error) {
			act, err := a.programme.AssignVerifier(ctx, programme.ActivityID(in.ID), in.Body.Version, auth.UserID(in.Body.Verifier))
			if err != nil {
				return nil, err
			}
			return &execActivityOutput{Body: act}, nil
		})
	register(a, huma.Operation{OperationID: "verify-activity-kpis", Method: http.MethodPost, Path: Prefix + "/activities/{id}/verify", Tags: tags,
		Summary: "Xác nhận giá trị KPI (verify the KPI values)", Description: "Người xác nhận được phân công; giá trị sửa cần ghi chú. (The assigned verifier; a corrected value needs a note.)",
		Errors: errs},
		func(ctx context.Context, in *execVerifyInput) (*execActivityOutput, error) {
			act, err := a.programme.VerifyKPIs(ctx, programme.ActivityID(in.ID), in.Body.Version, in.Body.VerifyInput)
			if err != nil {
				return nil, err
			}
			return &execActivityOutput{Body: act}, nil
		})
	register(a, huma.Operation{OperationID: "close-activity", Method: http.MethodPost, Path: Prefix + "/activities/{id}/close", Tags: tags,
		Summary: "Nghiệm thu và kết thúc (accept and close)", Description: "Cán bộ quản lý, khi mọi KPI đã được xác nhận. (The officer, once every KPI is verified.)",
		Errors: errs},
		func(ctx context.Context, in *execNoteInput) (*execActivityOutput, error) {
			act, err := a.programme.CloseActivity(ctx, programme.ActivityID(in.ID), in.Body.Version, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &execActivityOutput{Body: act}, nil
		})
	register(a, huma.Operation{OperationID: "return-activity-final-report", Method: http.MethodPost, Path: Prefix + "/activities/{id}/final/return", Tags: tags,
		Summary: "Trả lại báo cáo tổng kết (return the final report)", Description: "Cán bộ quản lý, kèm lý do. Đang nghiệm thu → đang thực hiện. (The officer, with a reason.)",
		Errors: errs},
		func(ctx context.Context, in *execNoteInput) (*execActivityOutput, error) {
			act, err := a.programme.ReturnFinal(ctx, programme.ActivityID(in.ID), in.Body.Version, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &execActivityOutput{Body: act}, nil
		})
}
