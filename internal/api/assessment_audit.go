package api

// The operations of assessments, answers, photos, results and findings.

// registerAssessing registers this area's operations.
func (a *API) registerAssessing() {
}
