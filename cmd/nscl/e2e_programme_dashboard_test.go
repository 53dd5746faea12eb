package main

import "testing"

// e2eDashboard drives this programme area in the browser.
func e2eDashboard(t *testing.T, env *e2eEnv) {
	t.Skip("not yet written")
}
