package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

const tagCatalog = "Danh mục (Catalogue)"

type toolListOutput struct {
	Body struct {
		Items []catalog.Tool `json:"items"`
	}
}

type toolCodeInput struct {
	Code string `path:"code" maxLength:"32" example:"5s" doc:"Mã công cụ (tool code)"`
}

type toolOutput struct {
	Body *catalog.Tool
}

type toolUpdateInput struct {
	Code string `path:"code" maxLength:"32"`
	Body catalog.ToolInput
}

type standardSearchInput struct {
	Q      string `query:"q" maxLength:"200" doc:"Từ trong số hiệu hoặc tên, không phân biệt dấu (words of the designation or title, diacritics-insensitive)"`
	Kind   string `query:"kind" enum:"TCVN,QCVN"`
	Status string `query:"status" enum:"in_force,replaced,withdrawn"`
	Sector string `query:"sector"`
	ICS    string `query:"ics" maxLength:"9" example:"03.120" doc:"Tiền tố mã ICS (ICS prefix)"`
	Page   int    `query:"page" minimum:"1" maximum:"100000" default:"1"`
	Limit  int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type standardSearchOutput struct {
	Body struct {
		Items []*catalog.Standard `json:"items"`
		Total int                 `json:"total"`
		Page  int                 `json:"page"`
		Limit int                 `json:"limit"`
	}
}

type standardIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type standardOutput struct {
	Body *catalog.Standard
}

type standardCreateInput struct {
	Body catalog.StandardInput
}

type standardUpdateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body catalog.StandardInput
}

type standardImportInput struct {
	Body struct {
		Rows []catalog.StandardInput `json:"rows" maxItems:"25000"`
	}
}

type standardImportOutput struct {
	Body struct {
		Imported bool                  `json:"imported" doc:"false khi có dòng lỗi: không dòng nào được ghi (false when a row has problems: nothing was written)"`
		Result   *catalog.ImportResult `json:"result,omitempty"`
		Rows     []catalog.ImportRow   `json:"rows" doc:"Các dòng và lỗi của từng dòng (rows with their problems)"`
	}
}

// registerCatalog registers the catalog operations: reading is public,
// writing needs the catalogue permission (admins, ministry).
func (a *API) registerCatalog() {
	tags := []string{tagCatalog}
	register(a, huma.Operation{OperationID: "list-tools", Method: http.MethodGet, Path: Prefix + "/tools", Tags: tags, Security: public,
		Summary: "Danh mục công cụ cải tiến (the improvement-tool catalogue)", Description: "Theo thứ tự danh mục; công cụ ẩn chỉ người biên tập thấy. (In catalogue order; hidden tools for editors only.)"},
		func(ctx context.Context, _ *struct{}) (*toolListOutput, error) {
			ts, err := a.catalog.PublicTools(ctx, "")
			if err != nil {
				return nil, err
			}
			out := &toolListOutput{}
			out.Body.Items = ts
			if out.Body.Items == nil {
				out.Body.Items = []catalog.Tool{}
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-tool", Method: http.MethodGet, Path: Prefix + "/tools/{code}", Tags: tags, Security: public,
		Summary: "Một công cụ (one tool)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *toolCodeInput) (*toolOutput, error) {
			t, err := a.catalog.Tool(ctx, catalog.ToolCode(in.Code))
			if err != nil {
				return nil, err
			}
			return &toolOutput{Body: t}, nil
		})
	register(a, huma.Operation{OperationID: "update-tool", Method: http.MethodPut, Path: Prefix + "/tools/{code}", Tags: tags,
		Summary: "Sửa công cụ (edit a tool)", Description: "Cán bộ Bộ, quản trị; được ghi nhật ký. (Ministry officers and admins; audited.)",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *toolUpdateInput) (*toolOutput, error) {
			t, err := a.catalog.UpdateTool(ctx, catalog.ToolCode(in.Code), in.Body)
			if err != nil {
				return nil, err
			}
			return &toolOutput{Body: t}, nil
		})
	register(a, huma.Operation{OperationID: "search-standards", Method: http.MethodGet, Path: Prefix + "/standards", Tags: tags, Security: public,
		Summary: "Tra cứu tiêu chuẩn TCVN, QCVN (search standards)", Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *standardSearchInput) (*standardSearchOutput, error) {
			f := catalog.StandardFilter{Query: in.Q, Kind: catalog.StandardKind(in.Kind), Status: catalog.StandardStatus(in.Status),
				ICSPrefix: in.ICS, Limit: in.Limit, Offset: (in.Page - 1) * in.Limit}
			sec, ok := catalog.ParseSector(in.Sector)
			if !ok {
				return nil, fault.New(fault.Invalid, "Lĩnh vực không có trong danh sách.", "Unknown sector.").
					Field("sector", "Lĩnh vực không có trong danh sách.", "Unknown sector.")
			}
			f.Sector = sec
			pg, err := a.catalog.SearchStandards(ctx, f)
			if err != nil {
				return nil, err
			}
			out := &standardSearchOutput{}
			out.Body.Items, out.Body.Total, out.Body.Page, out.Body.Limit = pg.Items, pg.Total, in.Page, in.Limit
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-standard", Method: http.MethodGet, Path: Prefix + "/standards/{id}", Tags: tags, Security: public,
		Summary: "Một tiêu chuẩn (one standard)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *standardIDInput) (*standardOutput, error) {
			st, err := a.catalog.Standard(ctx, catalog.StandardID(in.ID))
			if err != nil {
				return nil, err
			}
			return &standardOutput{Body: st}, nil
		})
	register(a, huma.Operation{OperationID: "create-standard", Method: http.MethodPost, Path: Prefix + "/standards", Tags: tags,
		Summary: "Thêm tiêu chuẩn (add a standard)", Description: "Số hiệu được kiểm tra quy cách và không được trùng. (The designation is checked and must be new.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *standardCreateInput) (*standardOutput, error) {
			st, err := a.catalog.CreateStandard(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &standardOutput{Body: st}, nil
		})
	register(a, huma.Operation{OperationID: "update-standard", Method: http.MethodPut, Path: Prefix + "/standards/{id}", Tags: tags,
		Summary: "Sửa tiêu chuẩn (change a standard)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *standardUpdateInput) (*standardOutput, error) {
			st, err := a.catalog.UpdateStandard(ctx, catalog.StandardID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &standardOutput{Body: st}, nil
		})
	register(a, huma.Operation{OperationID: "import-standards", Method: http.MethodPost, Path: Prefix + "/standards/import", Tags: tags,
		Summary:      "Nhập nhiều tiêu chuẩn (import standards)",
		Description:  "Tất cả hoặc không: nếu có dòng lỗi, không dòng nào được ghi và lỗi từng dòng được trả về. Số hiệu đã có được cập nhật. (All or nothing; existing designations are updated.)",
		MaxBodyBytes: 16 << 20, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *standardImportInput) (*standardImportOutput, error) {
			im, err := a.catalog.ImportRows(ctx, in.Body.Rows)
			if err != nil {
				return nil, err
			}
			out := &standardImportOutput{}
			out.Body.Rows = im.Rows
			if _, _, bad := im.Counts(); bad > 0 {
				return out, nil
			}
			res, err := a.catalog.ApplyImport(ctx, im.ID)
			if err != nil {
				return nil, err
			}
			out.Body.Imported, out.Body.Result = true, res
			return out, nil
		})
}
