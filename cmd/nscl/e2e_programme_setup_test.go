package main

import "testing"

// e2eProgrammeSetup drives this programme area in the browser.
func e2eProgrammeSetup(t *testing.T, env *e2eEnv) {
	t.Skip("not yet written")
}
