package registry_test

import (
	"testing"

	"nscl/internal/registry"
)

func TestParseVSIC(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ed      registry.VSICEdition
		in      string
		want    string
		section string
		group   registry.SectorGroup
		ind     registry.Industry
		code    registry.Code
	}{
		{registry.VSIC2025, "2220", "2220", "C", registry.SectorIndustry, registry.IndustryPlastics, ""},
		{registry.VSIC2025, "22.1.1", "2211", "C", registry.SectorIndustry, registry.IndustryNone, ""}, // rubber
		{registry.VSIC2025, "13", "13", "C", registry.SectorIndustry, registry.IndustryTextiles, ""},
		{registry.VSIC2025, "1410", "1410", "C", registry.SectorIndustry, registry.IndustryTextiles, ""},
		{registry.VSIC2025, "1520", "1520", "C", registry.SectorIndustry, registry.IndustryLeather, ""},
		{registry.VSIC2025, "24100", "24100", "C", registry.SectorIndustry, registry.IndustrySteel, ""},
		{registry.VSIC2025, "2420", "2420", "C", registry.SectorIndustry, registry.IndustryNone, ""}, // non-ferrous
		{registry.VSIC2025, "2011", "2011", "C", registry.SectorIndustry, registry.IndustryChemicals, ""},
		{registry.VSIC2025, "2592", "2592", "C", registry.SectorIndustry, registry.IndustryMechanical, ""},
		{registry.VSIC2025, "2821", "2821", "C", registry.SectorIndustry, registry.IndustryMechanical, ""},
		{registry.VSIC2025, "35123", "35123", "D", registry.SectorIndustry, registry.IndustryEnergy, ""},
		{registry.VSIC2025, "2610", "2610", "C", registry.SectorIndustry, registry.IndustryElectronic, ""},
		{registry.VSIC2025, "2732", "2732", "C", registry.SectorIndustry, registry.IndustryElectronic, ""},
		{registry.VSIC2025, "0111", "0111", "A", registry.SectorAgriculture, registry.IndustryNone, ""},
		{registry.VSIC2025, "0510", "0510", "B", registry.SectorIndustry, registry.IndustryNone, ""},
		{registry.VSIC2025, "4100", "4100", "F", registry.SectorIndustry, registry.IndustryNone, ""},
		{registry.VSIC2025, "4669", "4669", "G", registry.SectorTrade, registry.IndustryNone, ""},
		{registry.VSIC2025, "6201", "6201", "K", registry.SectorTrade, registry.IndustryNone, ""}, // J split: 61–63 are K in 2025
		{registry.VSIC2018, "6201", "6201", "J", registry.SectorTrade, registry.IndustryNone, ""},
		{registry.VSIC2018, "9900", "9900", "U", registry.SectorTrade, registry.IndustryNone, ""},
		{registry.VSIC2025, "9900", "9900", "V", registry.SectorTrade, registry.IndustryNone, ""},
		{registry.VSIC2018, "4511", "4511", "G", registry.SectorTrade, registry.IndustryNone, ""},
		{registry.VSIC2025, "4511", "", "", "", "", registry.CodeVSICUnknown}, // division 45 removed in 2025
		{registry.VSIC2025, "04", "", "", "", "", registry.CodeVSICUnknown},
		{registry.VSIC2025, "3400", "", "", "", "", registry.CodeVSICUnknown},
		{registry.VSIC2025, "00", "", "", "", "", registry.CodeVSICUnknown},
		{registry.VSIC2025, "2", "", "", "", "", registry.CodeVSICUnknown},
		{registry.VSIC2025, "222011", "", "", "", "", registry.CodeVSICUnknown},
		{registry.VSIC2025, "22a0", "", "", "", "", registry.CodeVSICUnknown},
		{2007, "2220", "", "", "", "", registry.CodeVSICEdition},
	} {
		got, p := registry.ParseVSIC(tc.ed, tc.in)
		var code registry.Code
		if p != nil {
			code = p.Code
		}
		if got != tc.want || code != tc.code {
			t.Errorf("ParseVSIC(%d, %q) = %q, %v; want %q, %q", tc.ed, tc.in, got, code, tc.want, tc.code)
			continue
		}
		if p != nil {
			continue
		}
		sec := registry.VSICSection(tc.ed, got)
		if sec != tc.section || registry.SectorGroupOf(sec) != tc.group || registry.PriorityIndustry(got) != tc.ind {
			t.Errorf("%d %s: section %s group %s industry %q; want %s %s %q", tc.ed, got, sec,
				registry.SectorGroupOf(sec), registry.PriorityIndustry(got), tc.section, tc.group, tc.ind)
		}
	}
	// Every division 01–99: 88 in 2018, 87 in 2025, each in a section.
	for _, ed := range []registry.VSICEdition{registry.VSIC2018, registry.VSIC2025} {
		n := 0
		for d := 1; d <= 99; d++ {
			code := string(rune('0'+d/10)) + string(rune('0'+d%10))
			if _, ok := registry.VSICDivisionName(ed, code); ok {
				n++
				if registry.VSICSection(ed, code) == "" {
					t.Errorf("%d: division %s has no section", ed, code)
				}
			}
		}
		want := map[registry.VSICEdition]int{registry.VSIC2018: 88, registry.VSIC2025: 87}[ed]
		if n != want {
			t.Errorf("VSIC %d has %d divisions, want %d", ed, n, want)
		}
	}
}
