package main

import "testing"

// e2eDirectory drives the directory pages in the browser. (Scaffolding: the owner of
// the directory area replaces this file.)
func e2eDirectory(t *testing.T, env *e2eEnv) {}
