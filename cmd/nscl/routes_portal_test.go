package main

import (
	"testing"

	"nscl/internal/demo"
)

// portalRoutes are the routes of the public portal's home page. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The portal registers no route of its own: it is GET / (coreRoutes), the
// portal for an anonymous visitor and the dashboard for a signed-in user;
// its map loads the static geojson and ECharts.
var portalRoutes = map[string]routeCase{}

// portalFill finds the demo's objects that portalRoutes name and returns the
// placeholder/value pairs.
func portalFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
