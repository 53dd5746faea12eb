package web

import "nscl/internal/fault"

// The pages of assessments (self, independent), the audit form, photos, results and findings.

// registerAssessing registers the pages of this area.
func (h *Handler) registerAssessing(mux Router) {
}

// assessmentPages lists this area's page templates with a zero model each.
func assessmentPages() map[string]page {
	return map[string]page{}
}

// assessAuditText holds this area's texts.
var assessAuditText = map[string]fault.Text{}
