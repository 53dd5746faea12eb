package web

import "nscl/internal/fault"

// registerActivities registers the pages of this programme area.
func (h *Handler) registerActivities(mux Router) {
}

// activityPages are the page models of this programme area.
func activityPages() map[string]page {
	return map[string]page{}
}

// activityText holds the texts of this programme area.
var activityText = map[string]fault.Text{}
