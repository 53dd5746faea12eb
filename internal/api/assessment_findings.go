package api

// The operations of photo evidence and findings.

// registerFindings registers this area's operations.
func (a *API) registerFindings() {
}
