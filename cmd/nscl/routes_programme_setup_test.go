package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/demo"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// programmeSetupRoutes are the routes of the programme's structure.
// {setup_plan} is the ministry's draft plan of next year (officers read
// it; only the ministry may change it); {setup_call} the ministry's draft
// call (seen by ministry officers and admins only: 404 to everyone else).
// Bodies are invalid, or carry a stale version, or the actor may not act,
// so the walk changes nothing: a stale version is 409 (a form shown again
// with the message; a call's open and close come back to the call's page
// with it, 303). Calls that are open or closed are public. Roles: anon,
// admin, ministry, province, enterprise, expert, assessor, judge.
var programmeSetupRoutes = map[string]routeCase{
	"GET /programme":                     {path: "/programme", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/targets":             {path: "/programme/targets", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /programme/targets":            {path: "/programme/targets", body: "metric=lp_growth_pct&year=2026&value=150&note=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /programme/plans":               {path: "/programme/plans", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/plans/new":           {path: "/programme/plans/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /programme/plans":              {path: "/programme/plans", body: "year=2026&title=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /programme/plans/{id}":          {path: "/programme/plans/{setup_plan}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /programme/plans/{id}":         {path: "/programme/plans/{setup_plan}", body: "version=0&title=", want: st{303, 409, 409, 403, 404, 404, 404, 404}},
	"POST /programme/plans/{id}/approve": {path: "/programme/plans/{setup_plan}/approve", body: "version=0&decision_no=&decision_date=", want: st{303, 409, 409, 403, 404, 404, 404, 404}},
	"GET /calls":                         {path: "/calls", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /calls/new":                     {path: "/calls/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /calls":                        {path: "/calls", body: "code=2026&title=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /calls/{id}":                    {path: "/calls/{setup_call}", want: st{404, 200, 200, 404, 404, 404, 404, 404}},
	"GET /calls/{id}/edit":               {path: "/calls/{setup_call}/edit", want: st{303, 200, 200, 404, 404, 404, 404, 404}},
	"POST /calls/{id}":                   {path: "/calls/{setup_call}", body: "version=0&code=&title=", want: st{303, 409, 409, 404, 404, 404, 404, 404}},
	"POST /calls/{id}/open":              {path: "/calls/{setup_call}/open", body: "version=0", want: st{303, 303, 303, 404, 404, 404, 404, 404}},
	"POST /calls/{id}/close":             {path: "/calls/{setup_call}/close", body: "version=0", want: st{303, 303, 303, 404, 404, 404, 404, 404}},

	"GET /api/v1/programme/targets": {path: "/api/v1/programme/targets", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"PUT /api/v1/programme/targets": {path: "/api/v1/programme/targets", body: `{"metric":"pilot_models","year":2040,"value":-1}`,
		want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"GET /api/v1/programme/plans":      {path: "/api/v1/programme/plans", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"POST /api/v1/programme/plans":     {path: "/api/v1/programme/plans", body: `{"year":2026,"title":""}`, want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"GET /api/v1/programme/plans/{id}": {path: "/api/v1/programme/plans/{setup_plan}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PUT /api/v1/programme/plans/{id}": {path: "/api/v1/programme/plans/{setup_plan}", body: `{"version":99,"title":""}`, want: st{401, 409, 409, 403, 404, 404, 404, 404}},
	"POST /api/v1/programme/plans/{id}/approve": {path: "/api/v1/programme/plans/{setup_plan}/approve", body: `{"version":99,"decision_no":"","decision_date":""}`,
		want: st{401, 409, 409, 403, 404, 404, 404, 404}},
	"GET /api/v1/calls":      {path: "/api/v1/calls", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/calls/{id}": {path: "/api/v1/calls/{setup_call}", want: st{404, 200, 200, 404, 404, 404, 404, 404}},
	"POST /api/v1/calls": {path: "/api/v1/calls", body: `{"code":"x","title":"","track":"breadth","types":[],"opens_at":"2026-01-01T00:00:00Z","deadline":"2025-01-01T00:00:00Z"}`,
		want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/calls/{id}": {path: "/api/v1/calls/{setup_call}", body: `{"version":99,"code":"x","title":"","track":"breadth","types":[],"opens_at":"2026-01-01T00:00:00Z","deadline":"2025-01-01T00:00:00Z"}`,
		want: st{401, 409, 409, 404, 404, 404, 404, 404}},
	"POST /api/v1/calls/{id}/open":  {path: "/api/v1/calls/{setup_call}/open", body: `{"version":99}`, want: st{401, 409, 409, 404, 404, 404, 404, 404}},
	"POST /api/v1/calls/{id}/close": {path: "/api/v1/calls/{setup_call}/close", body: `{"version":99}`, want: st{401, 409, 409, 404, 404, 404, 404, 404}},
}

// programmeSetupFill finds the demo's draft plan and draft call of
// programmeSetupRoutes and returns their ids.
func programmeSetupFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	st := srv.app.db.Programme()
	year := time.Now().In(vn.Zone).Year()
	p, err := st.FindPlanFor(ctx, programme.TheProgramme, year+1, "")
	if err != nil || p.Status != programme.PlanDraft {
		t.Fatalf("the demo has no draft ministry plan for %d: %v", year+1, err)
	}
	c, err := st.FindCallByCode(ctx, fmt.Sprintf("BCT-%d-04", year))
	if err != nil || c.Status != programme.CallDraft || c.ProvinceCode != "" {
		t.Fatalf("the demo has no draft ministry call: %+v, %v", c, err)
	}
	return []string{"{setup_plan}", fmt.Sprint(int64(p.ID)), "{setup_call}", fmt.Sprint(int64(c.ID))}
}
