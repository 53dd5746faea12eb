package main

import "testing"

// e2eNews drives news, the feed, subscriptions and newsletters in the browser.
func e2eNews(t *testing.T, env *e2eEnv) {
}
