package main

import (
	"testing"

	"nscl/internal/demo"
)

// certificateRoutes are the routes of recognition, certificates, the public verification and register. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var certificateRoutes = map[string]routeCase{}

// certificateFill finds the demo's objects that certificateRoutes name and returns the
// placeholder/value pairs.
func certificateFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
