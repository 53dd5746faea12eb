package main

import "testing"

// e2eSchemes drives the assessment schemes (the editor, import and export) in the browser.
func e2eSchemes(t *testing.T, env *e2eEnv) {
}
