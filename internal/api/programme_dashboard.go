package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/fault"
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
		Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *dashboardInput) (*dashboardOutput, error) {
			if in.Province != "" && a.geo != nil {
				if _, ok := a.geo.Province(in.Province); !ok {
					return nil, fault.New(fault.Invalid, "Không có tỉnh, thành phố mã "+in.Province+".",
						"There is no province with code "+in.Province+".")
				}
			}
			d, err := a.programme.Dashboard(ctx, programme.FactsFilter{Year: in.Year, Province: in.Province})
			if err != nil {
				return nil, err
			}
			return &dashboardOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "get-programme-figures", Method: http.MethodGet, Path: Prefix + "/programme/figures", Tags: tags,
		Security: public,
		Summary:  "Số liệu công khai của chương trình (the programme's public figures)",
		Description: "Công khai. Các số tổng hợp cho cả nước, chỉ tính nhiệm vụ đã được phê duyệt hỗ trợ trở đi; ô nào (dòng, chỉ số KPI, số tổng) dựa trên dưới 5 doanh nghiệp thì không có số liệu (suppressed = true, các số bằng 0). " +
			"(Public. The aggregates for the whole country, counting only the activities approved for support and later; any cell — a row, a KPI box, the totals — resting on fewer than 5 enterprises carries no figures: suppressed = true, numbers 0.)"},
		func(ctx context.Context, in *figuresInput) (*dashboardOutput, error) {
			d, err := a.programme.Figures(ctx, in.Year)
			if err != nil {
				return nil, err
			}
			return &dashboardOutput{Body: d}, nil
		})
}
