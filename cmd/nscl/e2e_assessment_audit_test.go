package main

import "testing"

// e2eAssessing drives the assessments (self and independent), the audit form, photos, results and findings in the browser.
func e2eAssessing(t *testing.T, env *e2eEnv) {
}
