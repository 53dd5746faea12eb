package main

import "testing"

// e2eContestSetup drives contests and entries in the browser.
func e2eContestSetup(t *testing.T, env *e2eEnv) {
}
