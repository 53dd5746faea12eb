package api

// registerEnterpriseFiles registers the enterprise import and export
// operations.
func (a *API) registerEnterpriseFiles() {}
