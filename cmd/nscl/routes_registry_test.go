package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/registry"
)

// registryRoutes are the routes of the enterprise registry. {rent} is an
// enterprise of Hà Nội (the walking provincial officer's province) that is
// not the walking enterprise user's; {ryear} a year it has figures for;
// {rclaim} a pending claim on it. Bodies are invalid, so that the walk
// changes nothing: officers who reach the object get 422, others 404 (the
// registry does not confirm what they may not see) or 403.
var registryRoutes = map[string]routeCase{
	"GET /enterprises":                               {path: "/enterprises", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"GET /enterprises/new":                           {path: "/enterprises/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /enterprises":                              {path: "/enterprises", body: "name=", want: signedIn(303, 422)},
	"GET /enterprises/{id}":                          {path: "/enterprises/{rent}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /enterprises/{id}/{page}":                   {path: "/enterprises/{rent}/figures?year={ryear}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /enterprises/{id}/{page}":                  {path: "/enterprises/{rent}/edit", body: "name=", want: st{303, 422, 422, 422, 404, 404, 404, 404}},
	"POST /enterprises/{id}/figures/{year}/delete":   {path: "/enterprises/{rent}/figures/1800/delete", want: st{303, 404, 404, 404, 404, 404, 404, 404}},
	"GET /enterprises/claims":                        {path: "/enterprises/claims", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"POST /enterprises/claims":                       {path: "/enterprises/claims", body: "tax_code=123", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"POST /enterprises/claims/{id}/decide":           {path: "/enterprises/claims/{rclaim}/decide", body: "decision=reject&reason=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /admin/settings":                            {path: "/admin/settings", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /admin/settings":                           {path: "/admin/settings", body: "key=track.breadth&effective_from=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /api/v1/enterprises":                        {path: "/api/v1/enterprises?q=cong+ty&province=01", want: st{401, 200, 200, 200, 200, 403, 403, 403}},
	"POST /api/v1/enterprises":                       {path: "/api/v1/enterprises", body: `{"tax_code":"0100233480","name":"","province_code":"01"}`, want: signedIn(401, 422)},
	"GET /api/v1/enterprises/{id}":                   {path: "/api/v1/enterprises/{rent}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PATCH /api/v1/enterprises/{id}":                 {path: "/api/v1/enterprises/{rent}", body: `{"name":""}`, want: st{401, 422, 422, 422, 404, 404, 404, 404}},
	"GET /api/v1/enterprises/{id}/figures":           {path: "/api/v1/enterprises/{rent}/figures", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"GET /api/v1/enterprises/{id}/figures/{year}":    {path: "/api/v1/enterprises/{rent}/figures/{ryear}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PUT /api/v1/enterprises/{id}/figures/{year}":    {path: "/api/v1/enterprises/{rent}/figures/1800", body: `{"employees":10}`, want: signedIn(401, 422)},
	"DELETE /api/v1/enterprises/{id}/figures/{year}": {path: "/api/v1/enterprises/{rent}/figures/1800", want: st{401, 404, 404, 404, 404, 404, 404, 404}},
	"GET /api/v1/enterprises/{id}/eligibility":       {path: "/api/v1/enterprises/{rent}/eligibility?track=depth&counterpart_pct=60", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/enterprise-claims":                 {path: "/api/v1/enterprise-claims", body: `{"tax_code":"123"}`, want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"GET /api/v1/enterprise-claims":                  {path: "/api/v1/enterprise-claims", want: st{401, 200, 200, 200, 200, 403, 403, 403}},
	"POST /api/v1/enterprise-claims/{id}/decide":     {path: "/api/v1/enterprise-claims/{rclaim}/decide", body: `{"decision":"reject","reason":""}`, want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"GET /api/v1/settings":                           {path: "/api/v1/settings", want: signedIn(401, 200)},
	"POST /api/v1/settings":                          {path: "/api/v1/settings", body: `{"key":"track.breadth","value":{"min_counterpart_pct":30,"max_counterpart_pct":50},"effective_from":"31/02/2026"}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
}

// registryFill returns placeholder/value pairs for registryRoutes paths.
func registryFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	sys := auth.SystemContext(ctx)
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	es, _, err := srv.app.registry.FindEnterprises(sys, registry.Filter{ProvinceCode: "01", Sort: registry.SortEmployeesDesc, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	var ent *registry.Enterprise
	for _, e := range es {
		if int64(e.ID) != own.EnterpriseID && e.LatestYear != 0 {
			ent = e
			break
		}
	}
	if ent == nil {
		t.Fatal("the demo data has no enterprise with figures in Hà Nội")
	}
	// A claimant without an enterprise asks for it; the claim stays pending.
	u, err := srv.app.auth.CreateUser(sys, auth.UserInput{Email: "nhan.dn@nscl.demo", Name: "Người Nhận Doanh Nghiệp",
		Password: demo.Password, Role: auth.RoleEnterprise})
	if err != nil {
		t.Fatal(err)
	}
	c, err := srv.app.registry.ClaimEnterprise(auth.WithActor(ctx, u.Actor()), ent.TaxCode, "")
	if err != nil {
		t.Fatal(err)
	}
	return []string{"{rent}", fmt.Sprint(int64(ent.ID)), "{ryear}", fmt.Sprint(ent.LatestYear), "{rclaim}", fmt.Sprint(int64(c.ID))}
}
