package web

import "nscl/internal/fault"

// The pages of the case library and the knowledge base (guides, templates).

// registerLibrary registers the pages of this area.
func (h *Handler) registerLibrary(mux Router) {
}

// libraryPages lists this area's page templates with a zero model each.
func libraryPages() map[string]page {
	return map[string]page{}
}

// libraryText holds this area's texts.
var libraryText = map[string]fault.Text{}
