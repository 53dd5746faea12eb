package api

// The operations of contests (cycles, categories, rubric, timeline) and entries.

// registerContestSetup registers this area's operations.
func (a *API) registerContestSetup() {
}
