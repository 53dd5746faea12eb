package main

import "testing"

// e2eEnterpriseFiles drives the import and export pages in the browser.
func e2eEnterpriseFiles(t *testing.T, env *e2eEnv) {}
