package main

import "testing"

// e2eRegistry drives the registry pages in the browser.
func e2eRegistry(t *testing.T, env *e2eEnv) {}
