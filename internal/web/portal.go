package web

import "nscl/internal/fault"

// The pages of the public portal's home page parts (headline figures, charts, the map of activity).

// registerPortal registers the pages of this area.
func (h *Handler) registerPortal(mux Router) {
}

// portalPages lists this area's page templates with a zero model each.
func portalPages() map[string]page {
	return map[string]page{}
}

// portalText holds this area's texts.
var portalText = map[string]fault.Text{}
