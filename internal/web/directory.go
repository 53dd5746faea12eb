package web

import "nscl/internal/fault"

// registerDirectory registers the directory pages. (Scaffolding: the owner of the
// directory area replaces this file.)
func (h *Handler) registerDirectory(mux Router) {}

// directoryPages are the page models of the directory area.
func directoryPages() map[string]page { return map[string]page{} }

// directoryText holds the texts of the directory pages.
var directoryText = map[string]fault.Text{}
