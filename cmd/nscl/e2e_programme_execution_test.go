package main

import "testing"

// e2eExecution drives this programme area in the browser.
func e2eExecution(t *testing.T, env *e2eEnv) {
	t.Skip("not yet written")
}
