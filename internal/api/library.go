package api

// The operations of cases and guides.

// registerLibrary registers this area's operations.
func (a *API) registerLibrary() {
}
