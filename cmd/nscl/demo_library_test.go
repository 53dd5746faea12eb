package main

import (
	"strings"
	"testing"

	"nscl/internal/library"
	"nscl/internal/registry"
)

// demoSectorWords name a sector in a demo case's title: the case's sector
// must be that one (a title naming none is of no priority industry).
var demoSectorWords = map[string]registry.Industry{
	"xưởng may": registry.IndustryTextiles, "đường may": registry.IndustryTextiles, "dệt": registry.IndustryTextiles,
	"da giày": registry.IndustryLeather, "ép nhựa": registry.IndustryPlastics, "thép": registry.IndustrySteel,
	"hóa chất": registry.IndustryChemicals, "phân bón": registry.IndustryChemicals,
	"cơ khí": registry.IndustryMechanical, "khuôn dập": registry.IndustryMechanical,
	"điện tử": registry.IndustryElectronic, "thiết bị điện": registry.IndustryElectronic,
}

func demoStorySector(title string) registry.Industry {
	t := strings.ToLower(title)
	for w, ind := range demoSectorWords {
		if strings.Contains(t, w) {
			return ind
		}
	}
	return registry.IndustryNone
}

// TestDemoCases_SectorMatchesStory: each typed demo case's sector (its
// VSIC's priority industry) is the one its story is about — a chemicals
// store is chemicals, a leather workshop leather.
func TestDemoCases_SectorMatchesStory(t *testing.T) {
	for _, dc := range demoCases {
		if got, want := registry.PriorityIndustry(dc.vsic), demoStorySector(dc.title); got != want {
			t.Errorf("%q: VSIC %q is %q, the story is %q", dc.title, dc.vsic, got, want)
		}
	}
}

// checkDemoCaseSectors: the seeded typed cases carry their story's sector,
// whatever enterprise they were given.
func checkDemoCaseSectors(t *testing.T, cs []*library.Case) {
	t.Helper()
	seen := 0
	for _, c := range cs {
		for _, dc := range demoCases {
			if c.ActivityID != 0 || c.Title != dc.title {
				continue
			}
			seen++
			if want := demoStorySector(dc.title); c.Industry != want || c.VSIC != dc.vsic {
				t.Errorf("demo case %q: sector %q (VSIC %q), the story is %q", c.Title, c.Industry, c.VSIC, want)
			}
		}
	}
	if seen == 0 {
		t.Errorf("no typed demo case found")
	}
}
