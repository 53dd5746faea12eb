package main

import (
	"testing"

	"nscl/internal/demo"
)

// judgingRoutes are the routes of judging and results. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var judgingRoutes = map[string]routeCase{}

// judgingFill finds the demo's objects that judgingRoutes name and returns the
// placeholder/value pairs.
func judgingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
