package main

import (
	"testing"

	"nscl/internal/demo"
)

// trainingRoutes are the routes of training and the assessors' accreditations. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var trainingRoutes = map[string]routeCase{}

// trainingFill finds the demo's objects that trainingRoutes name and returns the
// placeholder/value pairs.
func trainingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
