package api

// registerResults registers the operations of this programme area.
func (a *API) registerResults() {
}
