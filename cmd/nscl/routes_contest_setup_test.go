package main

import (
	"testing"

	"nscl/internal/demo"
)

// contestSetupRoutes are the routes of contests and entries. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var contestSetupRoutes = map[string]routeCase{}

// contestSetupFill finds the demo's objects that contestSetupRoutes name and returns the
// placeholder/value pairs.
func contestSetupFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
