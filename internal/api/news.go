package api

// The operations of news, subscriptions and newsletters.

// registerNews registers this area's operations.
func (a *API) registerNews() {
}
