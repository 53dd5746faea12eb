package main

import "testing"

// e2eActivities drives this programme area in the browser.
func e2eActivities(t *testing.T, env *e2eEnv) {
	t.Skip("not yet written")
}
