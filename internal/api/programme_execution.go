package api

// registerExecution registers the operations of this programme area.
func (a *API) registerExecution() {
}
