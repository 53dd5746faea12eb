package web

import "nscl/internal/fault"

// registerDashboard registers the pages of this programme area.
func (h *Handler) registerDashboard(mux Router) {
}

// dashboardPages are the page models of this programme area.
func dashboardPages() map[string]page {
	return map[string]page{}
}

// dashboardText holds the texts of this programme area.
var dashboardText = map[string]fault.Text{}
