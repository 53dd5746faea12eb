package main

import "testing"

// e2eCatalog drives the catalog pages in the browser. (Scaffolding: the owner of
// the catalog area replaces this file.)
func e2eCatalog(t *testing.T, env *e2eEnv) {}
