package api

const tagDirectory = "Danh bạ (Directory)"

// registerDirectory registers the directory operations. (Scaffolding: the owner of
// the directory area replaces this file.)
func (a *API) registerDirectory() {}
