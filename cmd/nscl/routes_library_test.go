package main

import (
	"testing"

	"nscl/internal/demo"
)

// libraryRoutes are the routes of the case library and guides. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var libraryRoutes = map[string]routeCase{}

// libraryFill finds the demo's objects that libraryRoutes name and returns the
// placeholder/value pairs.
func libraryFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
