package main

import (
	"testing"

	"nscl/internal/demo"
)

// diagnosisRoutes are the routes of the diagnosis area. (Scaffolding: the owner of
// the diagnosis area replaces this file.)
var diagnosisRoutes = map[string]routeCase{}

// diagnosisFill returns placeholder/value pairs for diagnosisRoutes paths.
func diagnosisFill(t *testing.T, srv *server, logins map[string]demo.Login) []string { return nil }
