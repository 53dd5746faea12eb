package api

// registerProgrammeSetup registers the operations of this programme area.
func (a *API) registerProgrammeSetup() {
}
