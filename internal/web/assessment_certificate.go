package web

import "nscl/internal/fault"

// The pages of recognition, certificates (PDF with QR), public verification and register, revocation.

// registerCertificates registers the pages of this area.
func (h *Handler) registerCertificates(mux Router) {
}

// certificatePages lists this area's page templates with a zero model each.
func certificatePages() map[string]page {
	return map[string]page{}
}

// certificateText holds this area's texts.
var certificateText = map[string]fault.Text{}
