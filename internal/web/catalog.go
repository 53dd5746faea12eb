package web

import "nscl/internal/fault"

// registerCatalog registers the catalog pages. (Scaffolding: the owner of the
// catalog area replaces this file.)
func (h *Handler) registerCatalog(mux Router) {}

// catalogPages are the page models of the catalog area.
func catalogPages() map[string]page { return map[string]page{} }

// catalogText holds the texts of the catalog pages.
var catalogText = map[string]fault.Text{}
