package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/programme"
)

type kpiListOutput struct {
	Body struct {
		Items []programme.KPIDef `json:"items"`
	}
}

type kpiCreateInput struct {
	Body struct {
		Code      string `json:"code" maxLength:"40" example:"scrap_rate" doc:"^[a-z][a-z0-9_]{2,39}$"`
		NameVi    string `json:"name_vi" maxLength:"200"`
		NameEn    string `json:"name_en" maxLength:"200"`
		Unit      string `json:"unit" enum:"percent,ppm,mvnd_per_person,mvnd_per_year,days,turns_per_year,kwh_per_unit,per_person_year,count,hours"`
		Direction string `json:"direction" enum:"up,down" doc:"up = càng cao càng tốt, down = càng thấp càng tốt"`
	}
}

type kpiUpdateInput struct {
	Code string `path:"code" maxLength:"40"`
	Body struct {
		NameVi *string `json:"name_vi,omitempty" maxLength:"200"`
		NameEn *string `json:"name_en,omitempty" maxLength:"200"`
		Hidden *bool   `json:"hidden,omitempty" doc:"Ẩn khỏi danh mục cho hồ sơ mới (hide from new records)"`
	}
}

type kpiOutput struct {
	Body *programme.KPIDef
}

type activityResultsInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã nhiệm vụ (activity id)"`
}

type activityResultsOutput struct {
	Body *programme.ActivityResults
}

type replicationListInput struct {
	Province string `query:"province" example:"79" doc:"Cán bộ Bộ: tỉnh của doanh nghiệp nhân rộng (ministry: the replicating firm's province)"`
	Pilot    int64  `query:"pilot" minimum:"0" doc:"Mã mô hình điểm (pilot id)"`
	Status   string `query:"status" enum:"reported,confirmed"`
	Offset   int    `query:"offset" minimum:"0" default:"0"`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type replicationListOutput struct {
	Body struct {
		Items []programme.ReplicationResult `json:"items"`
		Total int                           `json:"total"`
	}
}

type replicationBody struct {
	PilotID     int64                      `json:"pilot_id" minimum:"1"`
	SourceID    int64                      `json:"source_id,omitempty" doc:"Bản ghi nhân rộng đã học theo, 0 = chính mô hình điểm (the record learnt from; 0 = the pilot)"`
	AppliedOn   string                     `json:"applied_on" example:"2026-04-15" doc:"yyyy-mm-dd hoặc dd/mm/yyyy"`
	Tools       []string                   `json:"tools" maxItems:"20" doc:"Công cụ của mô hình điểm đã áp dụng"`
	Description string                     `json:"description,omitempty" maxLength:"4000"`
	KPIs        []programme.ReplicationKPI `json:"kpis" maxItems:"20"`
	Version     int                        `json:"version,omitempty" doc:"PUT: phiên bản đã đọc (the version read); bỏ qua khi tạo (ignored on create)"`
}

func (b *replicationBody) input() programme.ReplicationInput {
	return programme.ReplicationInput{PilotID: programme.ActivityID(b.PilotID), SourceID: programme.ReplicationID(b.SourceID),
		AppliedOn: b.AppliedOn, Tools: b.Tools, Description: b.Description, KPIs: b.KPIs}
}

type replicationCreateInput struct {
	Body replicationBody
}

type replicationUpdateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body replicationBody
}

type replicationIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã bản ghi nhân rộng (replication id)"`
}

type replicationConfirmInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (the version read)"`
	}
}

type replicationOutput struct {
	Body *programme.ReplicationRecord
}

type replicationResultOutput struct {
	Body *programme.ReplicationResult
}

type spreadInput struct {
	Province string `query:"province" example:"79" doc:"Cán bộ Bộ: một tỉnh; cán bộ tỉnh luôn thấy tỉnh mình (ministry: one province; provincial officers always see their own)"`
}

type spreadOutput struct {
	Body *programme.SpreadFigures
}

type pilotListInput struct {
	Tool     string `query:"tool" example:"5s"`
	Industry string `query:"industry" example:"textiles"`
	Province string `query:"province" example:"79"`
	Offset   int    `query:"offset" minimum:"0" default:"0"`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type pilotListOutput struct {
	Body struct {
		Items []programme.PilotSummary `json:"items"`
		Total int                      `json:"total"`
	}
}

type pilotInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type pilotOutput struct {
	Body *programme.PilotView
}

// registerResults registers the operations of the results and spread: the
// KPI catalogue, an activity's results, replications, the spread figures
// and the public pilot models. The service authorizes.
func (a *API) registerResults() {
	tags := []string{tagProgramme}
	register(a, huma.Operation{OperationID: "list-kpis", Method: http.MethodGet, Path: Prefix + "/programme/kpis", Tags: tags,
		Summary: "Danh mục KPI (the KPI catalogue)", Security: public,
		Description: "Có sẵn trước, rồi theo mã; gồm cả KPI đã ẩn. (Shipped first, then by code; hidden ones included.)"},
		func(ctx context.Context, _ *struct{}) (*kpiListOutput, error) {
			ks, err := a.programme.KPIs(ctx)
			if err != nil {
				return nil, err
			}
			out := &kpiListOutput{}
			out.Body.Items = append([]programme.KPIDef{}, ks...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-kpi", Method: http.MethodPost, Path: Prefix + "/programme/kpis", Tags: tags,
		Summary: "Thêm KPI (add a custom KPI)", Description: "Cán bộ Bộ. (Ministry officers.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *kpiCreateInput) (*kpiOutput, error) {
			k, err := a.programme.AddKPI(ctx, programme.KPIInput{Code: in.Body.Code, NameVi: in.Body.NameVi, NameEn: in.Body.NameEn,
				Unit: programme.Unit(in.Body.Unit), Direction: programme.Direction(in.Body.Direction)})
			if err != nil {
				return nil, err
			}
			return &kpiOutput{Body: k}, nil
		})
	register(a, huma.Operation{OperationID: "update-kpi", Method: http.MethodPut, Path: Prefix + "/programme/kpis/{code}", Tags: tags,
		Summary:     "Đổi tên, ẩn hoặc hiện KPI (rename, hide or show a KPI)",
		Description: "Cán bộ Bộ. Mã, đơn vị, chiều không đổi được vì kết quả đã ghi dựa vào chúng. (Ministry officers; code, unit and direction stay.)",
		Errors:      []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *kpiUpdateInput) (*kpiOutput, error) {
			var k *programme.KPIDef
			var err error
			if in.Body.NameVi != nil || in.Body.NameEn != nil {
				vi, en := "", ""
				if in.Body.NameVi != nil {
					vi = *in.Body.NameVi
				}
				if in.Body.NameEn != nil {
					en = *in.Body.NameEn
				}
				if k, err = a.programme.RenameKPI(ctx, in.Code, vi, en); err != nil {
					return nil, err
				}
			}
			if in.Body.Hidden != nil {
				if k, err = a.programme.HideKPI(ctx, in.Code, *in.Body.Hidden); err != nil {
					return nil, err
				}
			}
			if k == nil {
				if k, err = a.programme.RenameKPI(ctx, in.Code, "", ""); err != nil {
					return nil, err
				}
			}
			return &kpiOutput{Body: k}, nil
		})
	register(a, huma.Operation{OperationID: "get-activity-results", Method: http.MethodGet, Path: Prefix + "/activities/{id}/results", Tags: tags,
		Summary: "Kết quả của nhiệm vụ (an activity's results)",
		Description: "KPI với cải thiện theo chiều của KPI (trống khi số liệu nền bằng 0), trung vị chung; với mô hình điểm: các bản ghi nhân rộng. " +
			"Cán bộ trong phạm vi, đơn vị đề xuất, người xác minh. (KPIs with improvement, overall median; for a pilot: its replications.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *activityResultsInput) (*activityResultsOutput, error) {
			r, err := a.programme.Results(ctx, programme.ActivityID(in.ID), "vi")
			if err != nil {
				return nil, err
			}
			return &activityResultsOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "list-replications", Method: http.MethodGet, Path: Prefix + "/replications", Tags: tags,
		Summary:     "Các bản ghi nhân rộng (replications)",
		Description: "Doanh nghiệp: của mình; cán bộ tỉnh: doanh nghiệp của tỉnh; cán bộ Bộ: tất cả. (Enterprises: their own; provincial officers: the province's firms; ministry: all.)"},
		func(ctx context.Context, in *replicationListInput) (*replicationListOutput, error) {
			rs, total, err := a.programme.Replications(ctx, programme.ReplicationFilter{Province: in.Province, PilotID: programme.ActivityID(in.Pilot),
				Status: programme.ReplicationStatus(in.Status), Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &replicationListOutput{}
			out.Body.Items, out.Body.Total = append([]programme.ReplicationResult{}, rs...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-replication", Method: http.MethodPost, Path: Prefix + "/replications", Tags: tags,
		Summary: "Ghi nhận áp dụng mô hình điểm (record a replication)",
		Description: "Người dùng doanh nghiệp, một lần cho mỗi mô hình; không cho mô hình của chính mình. Tỉnh, ngành, quy mô lấy từ hồ sơ doanh nghiệp. " +
			"(Enterprise users, once per pilot, not their own; province, industry and size come from the registry.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *replicationCreateInput) (*replicationOutput, error) {
			r, err := a.programme.RecordReplication(ctx, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &replicationOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "get-replication", Method: http.MethodGet, Path: Prefix + "/replications/{id}", Tags: tags,
		Summary: "Một bản ghi nhân rộng (one replication)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *replicationIDInput) (*replicationResultOutput, error) {
			r, err := a.programme.Replication(ctx, programme.ReplicationID(in.ID))
			if err != nil {
				return nil, err
			}
			return &replicationResultOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "update-replication", Method: http.MethodPut, Path: Prefix + "/replications/{id}", Tags: tags,
		Summary:     "Sửa bản ghi nhân rộng (edit a replication)",
		Description: "Doanh nghiệp đã ghi nhận, khi chưa được xác nhận; gửi lại version đã đọc. (The recording enterprise, before confirmation; send the version read.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *replicationUpdateInput) (*replicationOutput, error) {
			r, err := a.programme.UpdateReplication(ctx, programme.ReplicationID(in.ID), in.Body.Version, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &replicationOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "confirm-replication", Method: http.MethodPost, Path: Prefix + "/replications/{id}/confirm", Tags: tags,
		Summary:     "Xác nhận bản ghi nhân rộng (confirm a replication)",
		Description: "Cán bộ của tỉnh nơi doanh nghiệp nhân rộng hoạt động; cán bộ Bộ: mọi bản ghi. (Officers of the replicating firm's province; the ministry: any.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *replicationConfirmInput) (*replicationOutput, error) {
			r, err := a.programme.ConfirmReplication(ctx, programme.ReplicationID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &replicationOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "get-spread", Method: http.MethodGet, Path: Prefix + "/programme/spread", Tags: tags,
		Summary: "Lan tỏa mô hình điểm (the spread figures)",
		Description: "Nhân rộng theo mô hình (kèm số tầng của cây lan tỏa), tỷ lệ nhân rộng, doanh nghiệp được tiếp cận (không trùng) theo ngành, tỉnh, quy mô, " +
			"tứ phân vị cải thiện KPI. Cán bộ. (Replications per pilot with tree depth, replication rate, distinct enterprises reached, KPI quartiles. Officers.)"},
		func(ctx context.Context, in *spreadInput) (*spreadOutput, error) {
			if in.Province != "" && a.geo != nil {
				if _, ok := a.geo.Province(in.Province); !ok {
					return nil, programme.ErrSpreadProvince
				}
			}
			sp, err := a.programme.SpreadFigures(ctx, in.Province)
			if err != nil {
				return nil, err
			}
			return &spreadOutput{Body: sp}, nil
		})
	register(a, huma.Operation{OperationID: "list-pilots", Method: http.MethodGet, Path: Prefix + "/pilots", Tags: tags, Security: public,
		Summary:     "Mô hình điểm (public pilot models)",
		Description: "Mô hình điểm đang thực hiện hoặc đã kết thúc, với số lượt nhân rộng. Công khai. (Running or finished pilot models; public.)"},
		func(ctx context.Context, in *pilotListInput) (*pilotListOutput, error) {
			ps, total, err := a.programme.Pilots(ctx, programme.PilotFilter{Tool: in.Tool, Industry: in.Industry, Province: in.Province,
				Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &pilotListOutput{}
			out.Body.Items, out.Body.Total = append([]programme.PilotSummary{}, ps...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-pilot", Method: http.MethodGet, Path: Prefix + "/pilots/{id}", Tags: tags, Security: public,
		Summary: "Một mô hình điểm (one public pilot model)",
		Description: "Chỉ KPI đã xác minh; cây lan tỏa chỉ nêu doanh nghiệp đã được xác nhận, các doanh nghiệp khác được gộp thành một nút \"n doanh nghiệp khác\" " +
			"(others) cho mỗi nút cha, không có mã, tỉnh, ngày. Công khai. (Verified KPIs only; the tree shows only confirmed firms; the others are folded " +
			"into one node per parent that only counts them, with no id, province or date. Public.)",
		Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *pilotInput) (*pilotOutput, error) {
			v, err := a.programme.Pilot(ctx, programme.ActivityID(in.ID), "vi")
			if err != nil {
				return nil, err
			}
			return &pilotOutput{Body: v}, nil
		})
}
