package main

import "testing"

// e2eLibrary drives the case library and guides in the browser.
func e2eLibrary(t *testing.T, env *e2eEnv) {
}
