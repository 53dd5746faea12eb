package web

import "nscl/internal/fault"

// registerDiagnosis registers the diagnosis pages. (Scaffolding: the owner of the
// diagnosis area replaces this file.)
func (h *Handler) registerDiagnosis(mux Router) {}

// diagnosisPages are the page models of the diagnosis area.
func diagnosisPages() map[string]page { return map[string]page{} }

// diagnosisText holds the texts of the diagnosis pages.
var diagnosisText = map[string]fault.Text{}
