package main

import "testing"

// e2eJudging drives judging and results in the browser.
func e2eJudging(t *testing.T, env *e2eEnv) {
}
