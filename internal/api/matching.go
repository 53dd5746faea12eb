package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/catalog"
	"nscl/internal/matching"
)

const tagMatching = "Kết nối chuyên gia (Matching)"

type needListInput struct {
	All      bool   `query:"all" doc:"Chuyên gia: mọi nhu cầu đang mở, không chỉ nhu cầu hợp với công cụ, ngành, địa bàn của mình (experts: every open need)"`
	Province string `query:"province" example:"79" doc:"Cán bộ Bộ: lọc theo tỉnh (ministry: filter by province)"`
	Status   string `query:"status" enum:"open,filled,withdrawn" doc:"Doanh nghiệp, cán bộ: lọc theo trạng thái (status filter)"`
	Offset   int    `query:"offset" minimum:"0" default:"0"`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type needListOutput struct {
	Body struct {
		Items []*matching.Need `json:"items"`
		Total int              `json:"total"`
		Mode  string           `json:"mode" enum:"board,own,scope" doc:"board = bảng nhu cầu ẩn danh của chuyên gia, own = nhu cầu của doanh nghiệp, scope = nhu cầu trong phạm vi cán bộ"`
	}
}

type needCreateInput struct {
	Body struct {
		Tools       []string `json:"tools" minItems:"1" maxItems:"8" doc:"Mã công cụ theo thứ tự ưu tiên (tool codes by priority), e.g. [\"5s\",\"kaizen\"]"`
		Description string   `json:"description" maxLength:"2000" doc:"Mô tả ngắn, không cần tên doanh nghiệp (short description)"`
	}
}

type needOutput struct {
	Body *matching.Need
}

type needIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã nhu cầu (need id)"`
}

type needShowOutput struct {
	Body struct {
		Need       *matching.Need       `json:"need"`
		Interests  []*matching.Interest `json:"interests,omitempty" doc:"Chỉ doanh nghiệp và cán bộ, kèm điểm phù hợp (the enterprise and officers only, with fit)"`
		Engagement *matching.Engagement `json:"engagement,omitempty"`
		Identified bool                 `json:"identified" doc:"Tên doanh nghiệp được hiện (the enterprise's name is shown)"`
	}
}

type matchesInput struct {
	ID    int64 `path:"id" minimum:"1"`
	Limit int   `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type matchesOutput struct {
	Body *matching.Matches
}

type interestCreateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Message string `json:"message" maxLength:"2000" doc:"Lời nhắn cho doanh nghiệp (message to the enterprise)"`
	}
}

type interestOutput struct {
	Body *matching.Interest
}

type interestIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã lời quan tâm (interest id)"`
}

type engagementOutput struct {
	Body *matching.Engagement
}

type engagementIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã hợp đồng (engagement id)"`
}

type engagementRateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Rating  int    `json:"rating" doc:"1–5"`
		Comment string `json:"comment,omitempty" maxLength:"2000"`
	}
}

type engagementListInput struct {
	Status string `query:"status" enum:"active,completed"`
	Offset int    `query:"offset" minimum:"0" default:"0"`
	Limit  int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type engagementListOutput struct {
	Body struct {
		Items []*matching.Engagement `json:"items"`
		Total int                    `json:"total"`
	}
}

// registerMatching registers the matching operations: the needs board,
// publishing, interest, acceptance, completion, rating, the ranking and
// the engagements. The service authorizes and anonymises.
func (a *API) registerMatching() {
	tags := []string{tagMatching}
	register(a, huma.Operation{OperationID: "list-needs", Method: http.MethodGet, Path: Prefix + "/needs", Tags: tags,
		Summary: "Bảng nhu cầu hỗ trợ (the needs board)",
		Description: "Chuyên gia: nhu cầu đang mở, ẩn danh (không có tên, mã số thuế, địa chỉ, liên hệ), mặc định chỉ nhu cầu hợp với công cụ, ngành, địa bàn của mình. " +
			"Doanh nghiệp: nhu cầu của mình. Cán bộ: nhu cầu trong phạm vi. (Experts: open needs, anonymised, by default those that fit them; enterprises: their own; officers: their scope.)",
		Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *needListInput) (*needListOutput, error) {
			b, err := a.matching.FindNeeds(ctx, matching.BoardFilter{All: in.All, ProvinceCode: in.Province, Status: matching.NeedStatus(in.Status),
				Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &needListOutput{}
			out.Body.Items, out.Body.Total, out.Body.Mode = append([]*matching.Need{}, b.Needs...), b.Total, b.Mode
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-need", Method: http.MethodPost, Path: Prefix + "/needs", Tags: tags,
		Summary:       "Đăng nhu cầu hỗ trợ (publish a need)",
		Description:   "Người dùng doanh nghiệp. Ngành, tỉnh, quy mô lấy từ hồ sơ doanh nghiệp; mức trưởng thành từ bản tự chẩn đoán gần nhất nếu có. (Enterprise users; industry, province and size come from the registry, maturity from the latest diagnosis.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *needCreateInput) (*needOutput, error) {
			tools := make([]catalog.ToolCode, len(in.Body.Tools))
			for i, t := range in.Body.Tools {
				tools[i] = catalog.ToolCode(t)
			}
			n, err := a.matching.PublishNeed(ctx, matching.NeedInput{Tools: tools, Description: in.Body.Description})
			if err != nil {
				return nil, err
			}
			return &needOutput{Body: n}, nil
		})
	register(a, huma.Operation{OperationID: "get-need", Method: http.MethodGet, Path: Prefix + "/needs/{id}", Tags: tags,
		Summary:     "Một nhu cầu (one need)",
		Description: "Chuyên gia chỉ thấy tên doanh nghiệp khi đã được chấp nhận, và chỉ lời quan tâm của mình. (Experts see the enterprise only once accepted, and only their own interest.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *needIDInput) (*needShowOutput, error) {
			v, err := a.matching.FindNeed(ctx, matching.NeedID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &needShowOutput{}
			out.Body.Need, out.Body.Interests, out.Body.Engagement, out.Body.Identified = v.Need, v.Interests, v.Engagement, v.Identified
			return out, nil
		})
	register(a, huma.Operation{OperationID: "withdraw-need", Method: http.MethodPost, Path: Prefix + "/needs/{id}/withdraw", Tags: tags,
		Summary: "Rút nhu cầu (withdraw a need)", Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *needIDInput) (*needOutput, error) {
			n, err := a.matching.WithdrawNeed(ctx, matching.NeedID(in.ID))
			if err != nil {
				return nil, err
			}
			return &needOutput{Body: n}, nil
		})
	register(a, huma.Operation{OperationID: "rank-need", Method: http.MethodGet, Path: Prefix + "/needs/{id}/matches", Tags: tags,
		Summary: "Chuyên gia và tổ chức phù hợp (experts and organisations ranked for a need)",
		Description: "Doanh nghiệp và cán bộ trong phạm vi. Điểm trên 100 chia theo phần: công cụ và trình độ 40, ngành 15, địa bàn 15, còn nhận việc 10, đánh giá 12, hợp đồng đã hoàn thành 8. " +
			"Chuyên gia có xung đột lợi ích hoặc đã kín lịch bị loại và được đếm. (Score out of 100 in parts; conflicted and full experts are left out and counted.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *matchesInput) (*matchesOutput, error) {
			m, err := a.matching.RankNeed(ctx, matching.NeedID(in.ID), in.Limit)
			if err != nil {
				return nil, err
			}
			return &matchesOutput{Body: m}, nil
		})
	register(a, huma.Operation{OperationID: "create-interest", Method: http.MethodPost, Path: Prefix + "/needs/{id}/interests", Tags: tags,
		Summary: "Bày tỏ quan tâm (express interest)", Description: "Chuyên gia, một lần cho mỗi nhu cầu đang mở. (Experts, once per open need.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *interestCreateInput) (*interestOutput, error) {
			i, err := a.matching.ExpressInterest(ctx, matching.NeedID(in.ID), in.Body.Message)
			if err != nil {
				return nil, err
			}
			return &interestOutput{Body: i}, nil
		})
	register(a, huma.Operation{OperationID: "accept-interest", Method: http.MethodPost, Path: Prefix + "/interests/{id}/accept", Tags: tags,
		Summary:       "Chấp nhận chuyên gia (accept an expert)",
		Description:   "Doanh nghiệp. Tạo hợp đồng tư vấn; các chuyên gia khác được báo nhu cầu đã có người. (The enterprise; records an engagement, tells the other experts.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *interestIDInput) (*engagementOutput, error) {
			g, err := a.matching.AcceptInterest(ctx, matching.InterestID(in.ID))
			if err != nil {
				return nil, err
			}
			return &engagementOutput{Body: g}, nil
		})
	register(a, huma.Operation{OperationID: "decline-interest", Method: http.MethodPost, Path: Prefix + "/interests/{id}/decline", Tags: tags,
		Summary: "Từ chối chuyên gia (decline an expert)", Description: "Doanh nghiệp; chuyên gia được báo. (The enterprise; the expert is told.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *interestIDInput) (*interestOutput, error) {
			i, err := a.matching.DeclineInterest(ctx, matching.InterestID(in.ID))
			if err != nil {
				return nil, err
			}
			return &interestOutput{Body: i}, nil
		})
	register(a, huma.Operation{OperationID: "list-engagements", Method: http.MethodGet, Path: Prefix + "/engagements", Tags: tags,
		Summary: "Hợp đồng tư vấn (engagements)", Description: "Chuyên gia: của mình; doanh nghiệp: của mình; cán bộ: trong phạm vi. (Own, or the officer's scope.)",
		Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *engagementListInput) (*engagementListOutput, error) {
			gs, total, err := a.matching.FindEngagements(ctx, matching.EngagementFilter{Status: matching.EngagementStatus(in.Status), Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &engagementListOutput{}
			out.Body.Items, out.Body.Total = append([]*matching.Engagement{}, gs...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-engagement", Method: http.MethodGet, Path: Prefix + "/engagements/{id}", Tags: tags,
		Summary: "Một hợp đồng tư vấn (one engagement)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *engagementIDInput) (*engagementOutput, error) {
			g, err := a.matching.FindEngagement(ctx, matching.EngagementID(in.ID))
			if err != nil {
				return nil, err
			}
			return &engagementOutput{Body: g}, nil
		})
	register(a, huma.Operation{OperationID: "complete-engagement", Method: http.MethodPost, Path: Prefix + "/engagements/{id}/complete", Tags: tags,
		Summary: "Xác nhận hoàn thành (mark completed)", Description: "Doanh nghiệp. (The enterprise.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *engagementIDInput) (*engagementOutput, error) {
			g, err := a.matching.CompleteEngagement(ctx, matching.EngagementID(in.ID))
			if err != nil {
				return nil, err
			}
			return &engagementOutput{Body: g}, nil
		})
	register(a, huma.Operation{OperationID: "rate-engagement", Method: http.MethodPost, Path: Prefix + "/engagements/{id}/rate", Tags: tags,
		Summary: "Đánh giá chuyên gia (rate an engagement)", Description: "Doanh nghiệp, một lần, sau khi hoàn thành; 1–5 sao. (The enterprise, once, after completion.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *engagementRateInput) (*engagementOutput, error) {
			g, err := a.matching.RateEngagement(ctx, matching.EngagementID(in.ID), in.Body.Rating, in.Body.Comment)
			if err != nil {
				return nil, err
			}
			return &engagementOutput{Body: g}, nil
		})
}
