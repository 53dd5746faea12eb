package main

import (
	"testing"

	"nscl/internal/demo"
)

// portalRoutes are the routes of the public portal's home page. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var portalRoutes = map[string]routeCase{}

// portalFill finds the demo's objects that portalRoutes name and returns the
// placeholder/value pairs.
func portalFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
