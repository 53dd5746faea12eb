package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/directory"
)

// The relations an expert declares with registry enterprises (conflicts
// of interest: matching never proposes the expert for those enterprises).

type relationListOutput struct {
	Body struct {
		Items []directory.Relation `json:"items"`
	}
}

type relationOutput struct {
	Body *directory.Relation
}

type relationCreateInput struct {
	Body struct {
		TaxCode string `json:"tax_code" maxLength:"40" example:"0314409058" doc:"Mã số thuế của một doanh nghiệp trong cơ sở dữ liệu (the tax code of a registry enterprise)"`
		Kind    string `json:"kind" enum:"employee,owner,family,consultant,other" doc:"employee: nhân viên hoặc đã là nhân viên trong 2 năm; owner: chủ sở hữu/cổ đông; family: người thân của người quản lý; consultant: đã tư vấn trong 2 năm; other: khác (employee or former employee in the last 2 years, owner or shareholder, family member of a manager, consultant in the last 2 years, other)"`
		Note    string `json:"note,omitempty" maxLength:"1000"`
	}
}

type relationEnterpriseInput struct {
	EnterpriseID int64 `path:"enterprise_id" minimum:"1"`
}

func (a *API) registerDirectoryRelations() {
	tags := []string{tagDirectory}
	d := a.directory
	register(a, huma.Operation{OperationID: "list-my-relations", Method: http.MethodGet, Path: Prefix + "/experts/me/relations", Tags: tags,
		Summary:     "Quan hệ với doanh nghiệp của tôi (my relations with enterprises)",
		Description: "Xung đột lợi ích đã khai báo; 404 khi chưa có hồ sơ. (The conflicts of interest declared; 404 before the profile exists.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, _ *struct{}) (*relationListOutput, error) {
			rs, err := d.MyRelations(ctx)
			if err != nil {
				return nil, err
			}
			out := &relationListOutput{}
			out.Body.Items = append([]directory.Relation{}, rs...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "declare-my-relation", Method: http.MethodPost, Path: Prefix + "/experts/me/relations", Tags: tags,
		Summary: "Khai báo quan hệ với doanh nghiệp (declare a relation with an enterprise)",
		Description: "Doanh nghiệp phải có trong cơ sở dữ liệu (tìm theo mã số thuế); trùng doanh nghiệp là 409. Ghi nhật ký. " +
			"(The enterprise must be in the registry, found by tax code; a second relation with it is a 409. Audited.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *relationCreateInput) (*relationOutput, error) {
			r, err := d.DeclareRelation(ctx, directory.RelationInput{TaxCode: in.Body.TaxCode, Kind: directory.RelationKind(in.Body.Kind), Note: in.Body.Note})
			if err != nil {
				return nil, err
			}
			return &relationOutput{Body: r}, nil
		})
	register(a, huma.Operation{OperationID: "remove-my-relation", Method: http.MethodDelete, Path: Prefix + "/experts/me/relations/{enterprise_id}", Tags: tags,
		Summary: "Xóa quan hệ với doanh nghiệp (remove a relation)", Description: "Ghi nhật ký. (Audited.)",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *relationEnterpriseInput) (*struct{}, error) {
			return nil, d.RemoveRelation(ctx, in.EnterpriseID)
		})
	register(a, huma.Operation{OperationID: "list-expert-relations", Method: http.MethodGet, Path: Prefix + "/experts/{id}/relations", Tags: tags,
		Summary:     "Quan hệ đã khai báo của chuyên gia (an expert's declared relations)",
		Description: "Cán bộ quản lý danh bạ và chính chuyên gia; không công khai. (Directory managers and the expert; never public.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *expertIDInput) (*relationListOutput, error) {
			rs, err := d.Relations(ctx, directory.ExpertID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &relationListOutput{}
			out.Body.Items = append([]directory.Relation{}, rs...)
			return out, nil
		})
}
