package main

import (
	"testing"

	"nscl/internal/demo"
)

// catalogRoutes are the routes of the catalog area. (Scaffolding: the owner of
// the catalog area replaces this file.)
var catalogRoutes = map[string]routeCase{}

// catalogFill returns placeholder/value pairs for catalogRoutes paths.
func catalogFill(t *testing.T, srv *server, logins map[string]demo.Login) []string { return nil }
