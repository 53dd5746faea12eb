package api

// The operations of the honour roll.

// registerHonours registers this area's operations.
func (a *API) registerHonours() {
}
