package api

// registerDashboard registers the operations of this programme area.
func (a *API) registerDashboard() {
}
