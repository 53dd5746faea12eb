package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/fault"
	"nscl/internal/geo"
)

type provinceList struct {
	Items []geo.Province `json:"items"`
	Total int            `json:"total" example:"34"`
}

type provinceListOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         provinceList
}

func (a *API) registerReference() {
	register(a, huma.Operation{
		OperationID: "list-provinces", Method: http.MethodGet, Path: Prefix + "/provinces", Tags: []string{tagReference},
		Summary: "Tỉnh, thành phố (provinces)",
		Description: "34 đơn vị hành chính cấp tỉnh từ ngày 1/7/2025, theo mã thống kê. Công khai. " +
			"(The 34 provincial-level units in force since 1 July 2025, by statistics office code. Public.)",
		Security: public,
	}, a.handleProvinceList)
}

func (a *API) handleProvinceList(_ context.Context, _ *struct{}) (*provinceListOutput, error) {
	if a.geo == nil {
		return nil, fault.Internalf("api: no province table")
	}
	return &provinceListOutput{CacheControl: "public, max-age=3600",
		Body: provinceList{Items: a.geo.Provinces, Total: len(a.geo.Provinces)}}, nil
}
