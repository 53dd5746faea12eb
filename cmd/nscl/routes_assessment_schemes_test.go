package main

import (
	"testing"

	"nscl/internal/demo"
)

// schemeRoutes are the routes of the assessment schemes (the editor, import and export). Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var schemeRoutes = map[string]routeCase{}

// schemeFill finds the demo's objects that schemeRoutes name and returns the
// placeholder/value pairs.
func schemeFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
