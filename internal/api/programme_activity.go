package api

// registerActivities registers the operations of this programme area.
func (a *API) registerActivities() {
}
