package main

import "testing"

// e2eDiagnosis drives the diagnosis pages in the browser. (Scaffolding: the owner of
// the diagnosis area replaces this file.)
func e2eDiagnosis(t *testing.T, env *e2eEnv) {}
