package web

import "nscl/internal/fault"

// registerResults registers the pages of this programme area.
func (h *Handler) registerResults(mux Router) {
}

// resultsPages are the page models of this programme area.
func resultsPages() map[string]page {
	return map[string]page{}
}

// resultsText holds the texts of this programme area.
var resultsText = map[string]fault.Text{}
