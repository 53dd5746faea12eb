package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/catalog"
	"nscl/internal/demo"
)

// editors: admins and ministry officers (auth.ActCatalogManage) get code,
// other roles 403, anonymous anon.
func editors(anon, code int) st { return st{anon, code, code, 403, 403, 403, 403, 403} }

// catalogRoutes are the routes of the catalog area. {std} is a demo
// standard. Bodies are invalid, so that the walk changes nothing: editors get
// 422, other roles 403; reading is public.
var catalogRoutes = map[string]routeCase{
	"GET /tools":                  {path: "/tools", want: same(200)},
	"GET /tools/new":              {path: "/tools/new", want: editors(303, 200)},
	"POST /tools":                 {path: "/tools", body: "code=", want: editors(303, 422)},
	"GET /tools/{code}":           {path: "/tools/5s", want: same(200)},
	"GET /tools/{code}/edit":      {path: "/tools/tpm/edit", want: editors(303, 200)},
	"POST /tools/{code}":          {path: "/tools/tpm", body: "kind=method&name_vi=", want: editors(303, 422)},
	"POST /tools/{code}/delete":   {path: "/tools/5s/delete", want: editors(303, 409)},
	"GET /standards":              {path: "/standards?q=iso+9001&status=in_force", want: same(200)},
	"GET /standards/new":          {path: "/standards/new", want: editors(303, 200)},
	"POST /standards":             {path: "/standards", body: "code=TCVN+9001", want: editors(303, 422)},
	"GET /standards/export":       {path: "/standards/export", want: editors(303, 200)},
	"GET /standards/import":       {path: "/standards/import", want: editors(303, 200)},
	"POST /standards/import":      {path: "/standards/import", body: "file=", want: editors(303, 422)},
	"POST /standards/import/{id}": {path: "/standards/import/999999", want: editors(303, 404)},
	"GET /standards/{id}":         {path: "/standards/{std}", want: same(200)},
	"GET /standards/{id}/edit":    {path: "/standards/{std}/edit", want: editors(303, 200)},
	"POST /standards/{id}":        {path: "/standards/{std}", body: "code=", want: editors(303, 422)},

	"GET /api/v1/tools":        {path: "/api/v1/tools", want: same(200)},
	"GET /api/v1/tools/{code}": {path: "/api/v1/tools/iso9001", want: same(200)},
	"PUT /api/v1/tools/{code}": {path: "/api/v1/tools/tpm", body: `{"kind":"method","name_vi":"","name_en":"","purpose_vi":"","purpose_en":"","results_vi":"","results_en":"","prerequisites":[],"sectors":[],"position":0,"hidden":false}`,
		want: editors(401, 422)},
	"GET /api/v1/standards":         {path: "/api/v1/standards?q=quan+ly+chat+luong", want: same(200)},
	"GET /api/v1/standards/{id}":    {path: "/api/v1/standards/{std}", want: same(200)},
	"POST /api/v1/standards":        {path: "/api/v1/standards", body: `{"code":"TCVN 9001","title_vi":""}`, want: editors(401, 422)},
	"PUT /api/v1/standards/{id}":    {path: "/api/v1/standards/{std}", body: `{"code":"TCVN 9001","title_vi":""}`, want: editors(401, 422)},
	"POST /api/v1/standards/import": {path: "/api/v1/standards/import", body: `{"rows":[{"code":"QCVN 1:2020","title_vi":"x"}]}`, want: editors(401, 200)},
}

// catalogFill returns placeholder/value pairs for catalogRoutes paths.
func catalogFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	pg, err := srv.app.catalog.SearchStandards(context.Background(), catalog.StandardFilter{Query: "9001", Limit: 1})
	if err != nil || len(pg.Items) == 0 {
		t.Fatalf("no demo standard: %v", err)
	}
	return []string{"{std}", fmt.Sprint(pg.Items[0].ID)}
}
