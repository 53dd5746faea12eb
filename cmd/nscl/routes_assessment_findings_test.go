package main

import (
	"testing"

	"nscl/internal/demo"
)

// findingRoutes are the routes of photo evidence and findings. Roles:
// anon, admin, ministry, province, enterprise, expert, assessor, judge.
var findingRoutes = map[string]routeCase{}

// findingFill finds the demo's objects that findingRoutes name and
// returns the placeholder/value pairs.
func findingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
