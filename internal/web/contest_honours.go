package web

import "nscl/internal/fault"

// The pages of the public honour roll (vinh danh) and its stories.

// registerHonours registers the pages of this area.
func (h *Handler) registerHonours(mux Router) {
}

// honourPages lists this area's page templates with a zero model each.
func honourPages() map[string]page {
	return map[string]page{}
}

// honourText holds this area's texts.
var honourText = map[string]fault.Text{}
