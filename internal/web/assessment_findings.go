package web

import "nscl/internal/fault"

// The pages of photo evidence and findings (corrective actions tracked to
// closure).

// registerFindings registers the pages of this area.
func (h *Handler) registerFindings(mux Router) {
}

// findingPages lists this area's page templates with a zero model each.
func findingPages() map[string]page {
	return map[string]page{}
}

// findingText holds this area's texts.
var findingText = map[string]fault.Text{}
