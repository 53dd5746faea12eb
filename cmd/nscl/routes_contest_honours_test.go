package main

import (
	"testing"

	"nscl/internal/demo"
)

// honourRoutes are the routes of the honour roll. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var honourRoutes = map[string]routeCase{}

// honourFill finds the demo's objects that honourRoutes name and returns the
// placeholder/value pairs.
func honourFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
