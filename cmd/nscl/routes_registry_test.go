package main

import (
	"testing"

	"nscl/internal/demo"
)

// registryRoutes are the routes of the enterprise registry.
var registryRoutes = map[string]routeCase{}

// registryFill returns placeholder/value pairs for registryRoutes paths.
func registryFill(t *testing.T, srv *server, logins map[string]demo.Login) []string { return nil }
