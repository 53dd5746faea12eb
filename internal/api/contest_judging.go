package api

// The operations of judging and results.

// registerJudging registers this area's operations.
func (a *API) registerJudging() {
}
