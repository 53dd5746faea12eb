package main

import (
	"testing"

	"nscl/internal/demo"
)

// matchingRoutes are the routes of the matching area. (Scaffolding: the owner of
// the matching area replaces this file.)
var matchingRoutes = map[string]routeCase{}

// matchingFill returns placeholder/value pairs for matchingRoutes paths.
func matchingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string { return nil }
