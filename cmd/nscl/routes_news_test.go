package main

import (
	"testing"

	"nscl/internal/demo"
)

// newsRoutes are the routes of news, the feed, subscriptions and newsletters. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var newsRoutes = map[string]routeCase{}

// newsFill finds the demo's objects that newsRoutes name and returns the
// placeholder/value pairs.
func newsFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	return nil
}
