package main

import "testing"

// e2eFindings drives photo evidence and findings in the browser.
func e2eFindings(t *testing.T, env *e2eEnv) {
}
