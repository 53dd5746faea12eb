package api

// The operations of schemes (list, versions, edit, publish, import and export).

// registerSchemes registers this area's operations.
func (a *API) registerSchemes() {
}
