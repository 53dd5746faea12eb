package web

import "nscl/internal/fault"

// The pages of the contests' setup (cycles, categories, rubric, timeline, eligibility) and the entries (forms, attachments, KPI evidence, completeness).

// registerContestSetup registers the pages of this area.
func (h *Handler) registerContestSetup(mux Router) {
}

// contestSetupPages lists this area's page templates with a zero model each.
func contestSetupPages() map[string]page {
	return map[string]page{}
}

// contestSetupText holds this area's texts.
var contestSetupText = map[string]fault.Text{}
