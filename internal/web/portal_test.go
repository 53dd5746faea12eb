package web

import (
	"testing"

	"nscl/internal/library"
	"nscl/internal/portal"
)

// TestPortalModel_CaseIndustryLabel: a case on the portal home page shows
// its industry's name in the page's language, never the raw code.
func TestPortalModel_CaseIndustryLabel(t *testing.T) {
	h, _, _, _ := newHonourWebWorld(t)
	home := &portal.Home{Cases: []library.CaseSummary{{Title: "Lean", URL: "/cases/1", ProvinceCode: "75", Sector: "electronics"},
		{Title: "5S", URL: "/cases/2", ProvinceCode: "75"}}}
	for lang, want := range map[string]string{"vi": "Điện tử · Đồng Nai", "en": "Electronics · Đồng Nai"} {
		v := h.portalModel(home, lang)
		if len(v.Cases) != 2 || v.Cases[0].Meta != want || v.Cases[1].Meta != "Đồng Nai" {
			t.Errorf("%s: %+v, want %q", lang, v.Cases, want)
		}
	}
}
