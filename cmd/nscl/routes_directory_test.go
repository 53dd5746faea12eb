package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/directory"
)

// directoryRoutes are the routes of the directory area. {dexpert} is a
// listed expert no walking role owns, {dorg} an organisation. Bodies are
// invalid (or name nothing), so that the walk changes nothing: managers
// (admin, ministry) get 422, the expert and the assessor their own profile
// (the demo expert has one, the assessor none: 404 where a profile is
// needed), others 403. Orders of roles: anon, admin, ministry, province,
// enterprise, expert, assessor, judge.
var directoryRoutes = map[string]routeCase{
	"GET /experts":                                   {path: "/experts?q=nguyen&tool=5s&province=01", want: same(200)},
	"GET /experts/new":                               {path: "/experts/new", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /experts":                                  {path: "/experts", body: "name=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /experts/export.xlsx":                       {path: "/experts/export.xlsx?tool=5s&province=01", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /experts/import":                            {path: "/experts/import?kind=organisations", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /experts/import":                           {path: "/experts/import", body: "kind=experts&token=khong-co", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /experts/me":                                {path: "/experts/me", want: st{303, 403, 403, 403, 403, 200, 200, 403}},
	"POST /experts/me":                               {path: "/experts/me", body: "name=", want: st{303, 403, 403, 403, 403, 422, 422, 403}},
	"GET /experts/me/privacy":                        {path: "/experts/me/privacy", want: st{303, 403, 403, 403, 403, 200, 303, 403}},
	"POST /experts/me/consents":                      {path: "/experts/me/consents", body: "consent=bogus", want: st{303, 403, 403, 403, 403, 422, 404, 403}},
	"GET /experts/me/data.json":                      {path: "/experts/me/data.json", want: st{303, 403, 403, 403, 403, 200, 404, 403}},
	"POST /experts/me/deletion":                      {path: "/experts/me/deletion", body: "note=" + strings.Repeat("x", 1001), want: st{303, 403, 403, 403, 403, 422, 404, 403}},
	"GET /experts/me/relations":                      {path: "/experts/me/relations", want: st{303, 403, 403, 403, 403, 200, 303, 403}},
	"POST /experts/me/relations":                     {path: "/experts/me/relations", body: "tax_code=123&kind=owner", want: st{303, 403, 403, 403, 403, 422, 404, 403}},
	"POST /experts/me/relations/{enterprise}/delete": {path: "/experts/me/relations/999999999/delete", want: st{303, 403, 403, 403, 403, 404, 404, 403}},
	"GET /experts/{id}":                              {path: "/experts/{dexpert}", want: same(200)},
	"GET /experts/{id}/edit":                         {path: "/experts/{dexpert}/edit", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /experts/{id}":                             {path: "/experts/{dexpert}", body: "name=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /organisations":                             {path: "/organisations?q=tu+van&kind=consulting", want: same(200)},
	"GET /organisations/new":                         {path: "/organisations/new", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /organisations":                            {path: "/organisations", body: "name=&kind=testing_lab&vilas_number=VILAS+12345", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /organisations/{id}":                        {path: "/organisations/{dorg}", want: same(200)},
	"GET /organisations/{id}/edit":                   {path: "/organisations/{dorg}/edit", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /organisations/{id}":                       {path: "/organisations/{dorg}", body: "name=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /admin/privacy":                             {path: "/admin/privacy", want: adminOnly(303, 200)},
	"POST /admin/privacy/{id}/carry-out":             {path: "/admin/privacy/999999999/carry-out", want: adminOnly(303, 404)},
	"GET /api/v1/experts":                            {path: "/api/v1/experts?q=nguyen&tool=5s&level=2", want: same(200)},
	"GET /api/v1/experts/{id}":                       {path: "/api/v1/experts/{dexpert}", want: same(200)},
	"POST /api/v1/experts":                           {path: "/api/v1/experts", body: `{"name":"","id_number":"123"}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"PUT /api/v1/experts/{id}":                       {path: "/api/v1/experts/{dexpert}", body: `{"name":""}`, want: st{401, 422, 422, 404, 404, 404, 404, 404}},
	"GET /api/v1/experts/me":                         {path: "/api/v1/experts/me", want: st{401, 403, 403, 403, 403, 200, 404, 403}},
	"PUT /api/v1/experts/me":                         {path: "/api/v1/experts/me", body: `{"name":""}`, want: st{401, 403, 403, 403, 403, 422, 422, 403}},
	"PUT /api/v1/experts/me/consents":                {path: "/api/v1/experts/me/consents", body: `{"consents":["bogus"],"public_fields":[]}`, want: st{401, 403, 403, 403, 403, 422, 404, 403}},
	"GET /api/v1/experts/me/data":                    {path: "/api/v1/experts/me/data", want: st{401, 403, 403, 403, 403, 200, 404, 403}},
	"POST /api/v1/experts/me/deletion-request": {path: "/api/v1/experts/me/deletion-request", body: `{"note":"` + strings.Repeat("x", 1001) + `"}`,
		want: st{401, 403, 403, 403, 403, 422, 404, 403}},
	"GET /api/v1/experts/me/relations":                    {path: "/api/v1/experts/me/relations", want: st{401, 403, 403, 403, 403, 200, 404, 403}},
	"POST /api/v1/experts/me/relations":                   {path: "/api/v1/experts/me/relations", body: `{"tax_code":"123","kind":"owner"}`, want: st{401, 403, 403, 403, 403, 422, 404, 403}},
	"DELETE /api/v1/experts/me/relations/{enterprise_id}": {path: "/api/v1/experts/me/relations/999999999", want: st{401, 403, 403, 403, 403, 404, 404, 403}},
	"GET /api/v1/experts/{id}/relations":                  {path: "/api/v1/experts/{dexpert}/relations", want: st{401, 200, 200, 404, 404, 404, 404, 404}},
	"GET /api/v1/privacy-requests":                        {path: "/api/v1/privacy-requests", want: adminOnly(401, 200)},
	"POST /api/v1/privacy-requests/{id}/carry-out":        {path: "/api/v1/privacy-requests/999999999/carry-out", want: adminOnly(401, 404)},
	"GET /api/v1/organisations":                           {path: "/api/v1/organisations?q=vien&province=01", want: same(200)},
	"GET /api/v1/organisations/{id}":                      {path: "/api/v1/organisations/{dorg}", want: same(200)},
	"POST /api/v1/organisations":                          {path: "/api/v1/organisations", body: `{"kind":"testing_lab","name":"X","vilas_number":"VILAS 12345"}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"PUT /api/v1/organisations/{id}":                      {path: "/api/v1/organisations/{dorg}", body: `{"kind":"consulting","name":""}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
}

// directoryFill returns placeholder/value pairs for directoryRoutes paths.
func directoryFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	es, _, err := srv.app.directory.SearchExperts(ctx, directory.ExpertFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var exp directory.ExpertID
	sys := auth.SystemContext(ctx)
	for _, e := range es {
		full, _, err := srv.app.directory.Expert(sys, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.UserID == 0 {
			exp = e.ID
			break
		}
	}
	if exp == 0 {
		t.Fatal("the demo has no listed expert without an account")
	}
	os, _, err := srv.app.directory.SearchOrganisations(ctx, directory.OrgFilter{Limit: 1})
	if err != nil || len(os) == 0 {
		t.Fatalf("the demo has no organisation: %v", err)
	}
	return []string{"{dexpert}", fmt.Sprint(int64(exp)), "{dorg}", fmt.Sprint(int64(os[0].ID))}
}
