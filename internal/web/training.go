package web

import "nscl/internal/fault"

// The pages of training (courses, sessions, enrolment, attendance, exams, credentials) and assessors' accreditations.

// registerTraining registers the pages of this area.
func (h *Handler) registerTraining(mux Router) {
}

// trainingPages lists this area's page templates with a zero model each.
func trainingPages() map[string]page {
	return map[string]page{}
}

// trainingText holds this area's texts.
var trainingText = map[string]fault.Text{}
