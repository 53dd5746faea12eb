package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/programme"
)

type dashboardInput struct {
	Year     int    `query:"year" minimum:"0" maximum:"2100" default:"0" doc:"0 = mọi năm (all years)"`
	Province string `query:"province" example:"79" doc:"Cán bộ Bộ: một tỉnh (ministry: one province); cán bộ Sở luôn chỉ thấy tỉnh mình (a province officer always gets their own)"`
}

type figuresInput struct {
	Year int `query:"year" minimum:"0" maximum:"2100" default:"0" doc:"0 = mọi năm (all years)"`
}

type dashboardOutput struct {
	Body *programme.Dashboard
}

// registerDashboard registers the operations of this programme area: the
// officers' dashboard aggregates and the public figures.
func (a *API) registerDashboard() {
	tags := []string{tagProgramme}
	register(a, huma.Operation{OperationID: "get-programme-dashboard", Method: http.MethodGet, Path: Prefix + "/programme/dashboard", Tags: tags,
		Summary: "Bảng điều hành chương trình (the programme dashboard)",
		Description: "Cán bộ Bộ, quản trị; cán bộ Sở chỉ thấy tỉnh mình. Tiến độ so với mục tiêu, ngân sách, nhiệm vụ theo trạng thái, loại, hướng, ngành, quy mô, theo tỉnh, mức cải thiện KPI, lan tỏa: chỉ số lượng và tổng. " +
			"(Officers; a province officer sees their province. Progress against targets, budget, breakdowns, provinces, KPI improvements, spread: counts and sums only.)",
		Errors: []int{http.StatusForbidden}},
		func(ctx context.Context, in *dashboardInput) (*dashboardOutput, error) {
			d, err := a.programme.Dashboard(ctx, programme.FactsFilter{Year: in.Year, Province: in.Province})
			if err != nil {
				return nil, err
			}
			return &dashboardOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "get-programme-figures", Method: http.MethodGet, Path: Prefix + "/programme/figures", Tags: tags,
		Security: public,
		Summary:  "Số liệu công khai của chương trình (the programme's public figures)",
		Description: "Công khai. Cùng các số tổng hợp của bảng điều hành cho cả nước; số doanh nghiệp theo tỉnh dưới 5 được ẩn (enterprises = -1). " +
			"(Public. The dashboard's aggregates for the whole country; province counts under 5 enterprises are hidden as -1.)"},
		func(ctx context.Context, in *figuresInput) (*dashboardOutput, error) {
			d, err := a.programme.Figures(ctx, in.Year)
			if err != nil {
				return nil, err
			}
			return &dashboardOutput{Body: d}, nil
		})
}
