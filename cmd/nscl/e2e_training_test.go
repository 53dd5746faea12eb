package main

import "testing"

// e2eTraining drives training and the assessors' accreditations in the browser.
func e2eTraining(t *testing.T, env *e2eEnv) {
}
