package main

import (
	"testing"

	"nscl/internal/demo"
)

// directoryRoutes are the routes of the directory area. (Scaffolding: the owner of
// the directory area replaces this file.)
var directoryRoutes = map[string]routeCase{}

// directoryFill returns placeholder/value pairs for directoryRoutes paths.
func directoryFill(t *testing.T, srv *server, logins map[string]demo.Login) []string { return nil }
