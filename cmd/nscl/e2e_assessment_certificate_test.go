package main

import "testing"

// e2eCertificates drives recognition, certificates, the public verification and register in the browser.
func e2eCertificates(t *testing.T, env *e2eEnv) {
}
