package main

import "testing"

// e2ePortal drives the public portal's home page in the browser.
func e2ePortal(t *testing.T, env *e2eEnv) {
}
