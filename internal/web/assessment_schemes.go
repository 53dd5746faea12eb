package web

import "nscl/internal/fault"

// The pages of the scheme editor (list, versions, items, publish, import and export).

// registerSchemes registers the pages of this area.
func (h *Handler) registerSchemes(mux Router) {
}

// schemePages lists this area's page templates with a zero model each.
func schemePages() map[string]page {
	return map[string]page{}
}

// assessSchemeText holds this area's texts.
var assessSchemeText = map[string]fault.Text{}
