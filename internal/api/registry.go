package api

// registerRegistry registers the enterprise registry operations.
func (a *API) registerRegistry() {}
