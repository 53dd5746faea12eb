package main

import (
	"testing"

	"nscl/internal/demo"
)

// dashboardRoutes are the routes of the dashboard area: officers
// (admin, ministry, province — their own province) see the dashboard, its
// XLSX tables, the export and the annual report; everyone else is refused;
// the public figures and their tables are open to all. Roles: anon, admin,
// ministry, province, enterprise, expert, assessor, judge.
var dashboardRoutes = map[string]routeCase{
	"GET /programme/dashboard":              {path: "/programme/dashboard?year=2026&province=79", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/dashboard/{file}":       {path: "/programme/dashboard/provinces.xlsx", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/export/activities.xlsx": {path: "/programme/export/activities.xlsx?year=2026", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/report/{file}":          {path: "/programme/report/2026.pdf", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /figures":                          {path: "/figures", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /figures/{file}":                   {path: "/figures/budget.xlsx", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/programme/dashboard":       {path: "/api/v1/programme/dashboard?year=2026", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"GET /api/v1/programme/figures":         {path: "/api/v1/programme/figures", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
}

// dashboardFill makes the objects of dashboardRoutes: none, the routes
// read aggregates only.
func dashboardFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
