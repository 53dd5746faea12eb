package web

import "nscl/internal/fault"

// registerExecution registers the pages of this programme area.
func (h *Handler) registerExecution(mux Router) {
}

// executionPages are the page models of this programme area.
func executionPages() map[string]page {
	return map[string]page{}
}

// executionText holds the texts of this programme area.
var executionText = map[string]fault.Text{}
