package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/diagnosis"
)

const tagDiagnosis = "Tự chẩn đoán (Self-diagnosis)"

type questionnaireOutput struct {
	Body *diagnosis.Questionnaire
}

type questionnaireVersionInput struct {
	Version int `path:"version" minimum:"1" doc:"Phiên bản bộ câu hỏi (questionnaire version)"`
}

type diagnosisIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã bản tự chẩn đoán (diagnosis id)"`
}

type diagnosisOutput struct {
	Body *diagnosis.Diagnosis
}

type diagnosisListOutput struct {
	Body struct {
		Items []*diagnosis.Diagnosis `json:"items"`
		Total int                    `json:"total,omitempty"`
	}
}

type diagnosisAnswerInput struct {
	ID       int64  `path:"id" minimum:"1" doc:"Mã bản tự chẩn đoán (diagnosis id)"`
	Question string `path:"question" maxLength:"40" doc:"Mã câu hỏi (question code)"`
	Body     struct {
		Value int `json:"value" doc:"Mức trưởng thành đã chọn, 1–5 (the chosen maturity level, 1–5)"`
	}
}

type diagnosisOfficerListInput struct {
	Year     int    `query:"year" minimum:"0" maximum:"2100" doc:"Năm (year)"`
	Province string `query:"province" example:"01" doc:"Mã tỉnh; cán bộ Sở luôn chỉ thấy tỉnh mình (province code; provincial officers always see their own)"`
	Sector   string `query:"sector" example:"ind:plastics" doc:"Ngành: ind:<ngành ưu tiên> hoặc sec:<chữ cái ngành VSIC> (sector key)"`
	Size     string `query:"size" enum:"micro,small,medium,large" doc:"Quy mô (size class)"`
	Level    int    `query:"level" minimum:"0" maximum:"5" doc:"Mức chung 1–5 (overall level)"`
	Offset   int    `query:"offset" minimum:"0" default:"0"`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type diagnosisOfficerListOutput struct {
	Body struct {
		Items        []*diagnosis.Diagnosis `json:"items"`
		Total        int                    `json:"total"`
		Distribution [diagnosis.Levels]int  `json:"distribution" doc:"Số bản theo mức chung 1–5 trên toàn bộ kết quả lọc (count by overall level 1–5 over the whole filter)"`
	}
}

// diagnosisResult is the result of a submitted diagnosis as the API shows it.
type diagnosisResult struct {
	Diagnosis *diagnosis.Diagnosis `json:"diagnosis"`
	Previous  *diagnosis.Diagnosis `json:"previous,omitempty" doc:"Bản đã gửi gần nhất của năm trước (the latest earlier submitted one)"`
	Changes   []diagnosisChange    `json:"changes" doc:"So sánh từng lĩnh vực với bản trước (per dimension, compared with the previous one)"`
	Peers     diagnosisPeers       `json:"peers"`
}

type diagnosisChange struct {
	Code     string  `json:"code"`
	Level    int     `json:"level"`
	Score    float64 `json:"score"`
	Previous int     `json:"previous,omitempty"`
	Delta    int     `json:"delta"`
}

type diagnosisPeers struct {
	Sector     string `json:"sector"`
	SizeClass  string `json:"size_class"`
	Count      int    `json:"count" doc:"Số doanh nghiệp cùng ngành, cùng quy mô đã gửi bản tự chẩn đoán cùng năm; 0 khi dưới 5 (peers; 0 below 5, not disclosed)"`
	Percentile *int   `json:"percentile,omitempty" doc:"Thứ hạng phần trăm của điểm chung; chỉ có khi có ít nhất 5 doanh nghiệp cùng nhóm (percentile; only with at least 5 peers)"`
}

type diagnosisResultOutput struct {
	Body diagnosisResult
}

func (a *API) registerDiagnosis() {
	tags := []string{tagDiagnosis}
	register(a, huma.Operation{OperationID: "get-current-questionnaire", Method: http.MethodGet, Path: Prefix + "/diagnosis/questionnaire", Tags: tags,
		Summary:     "Bộ câu hỏi hiện hành (the current questionnaire)",
		Description: "Phiên bản đã ban hành mới nhất: lĩnh vực, câu hỏi, 5 phương án (mức 1–5), trọng số, quy tắc lộ trình cải tiến. (The latest published version.)"},
		func(ctx context.Context, _ *struct{}) (*questionnaireOutput, error) {
			q, err := a.diagnosis.CurrentQuestionnaire(ctx)
			if err != nil {
				return nil, err
			}
			return &questionnaireOutput{Body: q}, nil
		})
	register(a, huma.Operation{OperationID: "get-questionnaire", Method: http.MethodGet, Path: Prefix + "/diagnosis/questionnaire/{version}", Tags: tags,
		Summary:     "Một phiên bản bộ câu hỏi (one questionnaire version)",
		Description: "Phiên bản đã ban hành không bao giờ thay đổi; bản nháp chỉ người quản lý bộ câu hỏi xem được. (Published versions never change; drafts only for questionnaire editors.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *questionnaireVersionInput) (*questionnaireOutput, error) {
			q, err := a.diagnosis.Questionnaire(ctx, in.Version)
			if err != nil {
				return nil, err
			}
			return &questionnaireOutput{Body: q}, nil
		})
	register(a, huma.Operation{OperationID: "list-my-diagnoses", Method: http.MethodGet, Path: Prefix + "/diagnoses/mine", Tags: tags,
		Summary: "Các bản tự chẩn đoán của doanh nghiệp mình (own enterprise's diagnoses)", Description: "Người dùng doanh nghiệp; năm mới nhất trước. (Enterprise users; newest year first.)"},
		func(ctx context.Context, _ *struct{}) (*diagnosisListOutput, error) {
			o, err := a.diagnosis.MyOverview(ctx)
			if err != nil {
				return nil, err
			}
			out := &diagnosisListOutput{}
			out.Body.Items = append([]*diagnosis.Diagnosis{}, o.Diagnoses...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "start-diagnosis", Method: http.MethodPost, Path: Prefix + "/diagnoses", Tags: tags,
		Summary: "Bắt đầu (hoặc tiếp tục) bản tự chẩn đoán năm nay (start or continue this year's diagnosis)",
		Description: "Mỗi doanh nghiệp một bản mỗi năm, theo phiên bản bộ câu hỏi hiện hành khi bắt đầu; nếu đã có thì trả về bản đó. " +
			"(One per enterprise per year, on the questionnaire version current when it starts; returns the existing one if any.)"},
		func(ctx context.Context, _ *struct{}) (*diagnosisOutput, error) {
			d, err := a.diagnosis.Start(ctx)
			if err != nil {
				return nil, err
			}
			return &diagnosisOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "get-diagnosis", Method: http.MethodGet, Path: Prefix + "/diagnoses/{id}", Tags: tags,
		Summary: "Một bản tự chẩn đoán, kèm câu trả lời (a diagnosis with its answers)",
		Description: "Doanh nghiệp thấy bản của mình; cán bộ thấy bản đã gửi trong phạm vi (Sở: tỉnh mình). Ngoài phạm vi: 404. " +
			"(Own enterprise; officers see submitted ones in scope; others 404.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *diagnosisIDInput) (*diagnosisOutput, error) {
			d, _, err := a.diagnosis.Find(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &diagnosisOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "answer-diagnosis", Method: http.MethodPut, Path: Prefix + "/diagnoses/{id}/answers/{question}", Tags: tags,
		Summary:     "Trả lời một câu hỏi (answer one question)",
		Description: "Chỉ bản nháp của doanh nghiệp mình; giá trị 1–5; câu hỏi phải thuộc phiên bản của bản này. (Own drafts only; 1–5; the question must be in the diagnosis's version.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *diagnosisAnswerInput) (*diagnosisOutput, error) {
			d, err := a.diagnosis.Answer(ctx, in.ID, in.Question, in.Body.Value)
			if err != nil {
				return nil, err
			}
			return &diagnosisOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "submit-diagnosis", Method: http.MethodPost, Path: Prefix + "/diagnoses/{id}/submit", Tags: tags,
		Summary: "Gửi bản tự chẩn đoán (submit a diagnosis)",
		Description: "Tính mức trưởng thành và lộ trình cải tiến; bản chưa trả lời đủ bị từ chối (422, errors liệt kê q.<mã câu hỏi>). " +
			"(Scores it and fixes the path; an incomplete one is refused with 422 listing q.<question> errors.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *diagnosisIDInput) (*diagnosisOutput, error) {
			d, err := a.diagnosis.Submit(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &diagnosisOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "get-diagnosis-result", Method: http.MethodGet, Path: Prefix + "/diagnoses/{id}/result", Tags: tags,
		Summary: "Kết quả: mức theo lĩnh vực, so sánh năm trước, vị trí trong nhóm, lộ trình (result)",
		Description: "Thứ hạng phần trăm chỉ có khi có ít nhất 5 doanh nghiệp cùng ngành và quy mô. Bản chưa gửi: 409. " +
			"(The percentile only with at least 5 peers; a draft: 409.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *diagnosisIDInput) (*diagnosisResultOutput, error) {
			r, err := a.diagnosis.Report(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			out := &diagnosisResultOutput{}
			out.Body = diagnosisResult{Diagnosis: r.Diagnosis, Previous: r.Previous, Changes: []diagnosisChange{},
				Peers: diagnosisPeers{Sector: r.Diagnosis.Sector, SizeClass: r.Diagnosis.SizeClass, Count: r.Peers.Count}}
			if r.Peers.Enough {
				p := r.Peers.Percentile
				out.Body.Peers.Percentile = &p
			}
			for _, c := range r.Changes {
				out.Body.Changes = append(out.Body.Changes, diagnosisChange{Code: c.Code, Level: c.Level, Score: c.Score, Previous: c.Previous, Delta: c.Delta})
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "list-diagnoses", Method: http.MethodGet, Path: Prefix + "/diagnoses", Tags: tags,
		Summary: "Danh sách bản tự chẩn đoán đã gửi (submitted diagnoses, for officers)",
		Description: "Cán bộ Bộ, quản trị: mọi tỉnh; cán bộ Sở: tỉnh mình. Kèm phân bố theo mức chung. " +
			"(Ministry and admins: every province; provincial officers: their own. With the distribution of overall levels.)",
		Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *diagnosisOfficerListInput) (*diagnosisOfficerListOutput, error) {
			p, err := a.diagnosis.List(ctx, diagnosis.Filter{Year: in.Year, ProvinceCode: in.Province, Sector: in.Sector, SizeClass: in.Size,
				Level: in.Level, Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &diagnosisOfficerListOutput{}
			out.Body.Items = append([]*diagnosis.Diagnosis{}, p.Diagnoses...)
			out.Body.Total, out.Body.Distribution = p.Total, p.Distribution
			return out, nil
		})
}
