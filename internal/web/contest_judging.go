package web

import "nscl/internal/fault"

// The pages of judging (judges, assignment, conflicts of interest, blind and independent scoring, consensus, normalisation) and results (ranking, awards, publication, feedback reports).

// registerJudging registers the pages of this area.
func (h *Handler) registerJudging(mux Router) {
}

// judgingPages lists this area's page templates with a zero model each.
func judgingPages() map[string]page {
	return map[string]page{}
}

// judgingText holds this area's texts.
var judgingText = map[string]fault.Text{}
