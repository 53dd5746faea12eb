package web

import "nscl/internal/fault"

// registerEnterpriseFiles registers the import and export pages of the
// enterprise registry.
func (h *Handler) registerEnterpriseFiles(mux Router) {}

// enterpriseFilePages are the page models of enterprise import and export.
func enterpriseFilePages() map[string]page { return map[string]page{} }

// enterpriseFileText holds the texts of the import and export pages.
var enterpriseFileText = map[string]fault.Text{}
