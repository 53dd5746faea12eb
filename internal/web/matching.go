package web

import "nscl/internal/fault"

// registerMatching registers the matching pages. (Scaffolding: the owner of the
// matching area replaces this file.)
func (h *Handler) registerMatching(mux Router) {}

// matchingPages are the page models of the matching area.
func matchingPages() map[string]page { return map[string]page{} }

// matchingText holds the texts of the matching pages.
var matchingText = map[string]fault.Text{}
