package main

import (
	"testing"

	"nscl/internal/demo"
)

// enterpriseFileRoutes are the routes of enterprise import and export.
var enterpriseFileRoutes = map[string]routeCase{}

// enterpriseFileFill returns placeholder/value pairs for enterpriseFileRoutes paths.
func enterpriseFileFill(t *testing.T, srv *server, logins map[string]demo.Login) []string { return nil }
