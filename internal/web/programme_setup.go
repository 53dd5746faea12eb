package web

import "nscl/internal/fault"

// registerProgrammeSetup registers the pages of this programme area.
func (h *Handler) registerProgrammeSetup(mux Router) {
}

// programmeSetupPages are the page models of this programme area.
func programmeSetupPages() map[string]page {
	return map[string]page{}
}

// programmeSetupText holds the texts of this programme area.
var programmeSetupText = map[string]fault.Text{}
