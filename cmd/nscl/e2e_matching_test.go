package main

import "testing"

// e2eMatching drives the matching pages in the browser. (Scaffolding: the owner of
// the matching area replaces this file.)
func e2eMatching(t *testing.T, env *e2eEnv) {}
