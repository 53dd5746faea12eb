package web

import "nscl/internal/fault"

// registerRegistry registers the enterprise registry pages.
func (h *Handler) registerRegistry(mux Router) {}

// registryPages are the page models of the registry.
func registryPages() map[string]page { return map[string]page{} }

// registryText holds the texts of the registry pages.
var registryText = map[string]fault.Text{
	"nav.enterprises": {Vi: "Doanh nghiệp", En: "Enterprises"},
	"nav.settings":    {Vi: "Thiết lập chương trình", En: "Programme settings"},
}
