package main

import (
	"testing"

	"nscl/internal/demo"
)

// programmeSetupRoutes are the routes of this programme area. Roles: anon, admin,
// ministry, province, enterprise, expert, assessor, judge.
var programmeSetupRoutes = map[string]routeCase{}

// programmeSetupFill makes the objects of programmeSetupRoutes and returns their ids.
func programmeSetupFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
