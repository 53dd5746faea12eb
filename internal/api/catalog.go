package api

const tagCatalog = "Danh mục (Catalogue)"

// registerCatalog registers the catalog operations. (Scaffolding: the owner of
// the catalog area replaces this file.)
func (a *API) registerCatalog() {}
