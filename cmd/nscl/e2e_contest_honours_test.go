package main

import "testing"

// e2eHonours drives the honour roll in the browser.
func e2eHonours(t *testing.T, env *e2eEnv) {
}
