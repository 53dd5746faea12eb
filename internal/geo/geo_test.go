package geo_test

import (
	"strings"
	"testing"

	"nscl/internal/geo"
	"nscl/internal/vn"
)

func TestLoad(t *testing.T) {
	tab, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(tab.Provinces), 34; got != want {
		t.Fatalf("provinces=%d, want %d", got, want)
	}
	if got, want := len(tab.Old), 63; got != want {
		t.Fatalf("old provinces=%d, want %d", got, want)
	}
	for _, o := range tab.Old {
		if _, ok := tab.Province(o.NewCode); !ok {
			t.Errorf("old province %s maps to unknown unit %s", o.Name, o.NewCode)
		}
	}
	if p, ok := tab.Province("01"); !ok || p.Short != "Hà Nội" {
		t.Fatalf("Province(01)=%+v,%v", p, ok)
	}
	if _, ok := tab.Province("99"); ok {
		t.Fatal("Province(99) found")
	}
}

// TestResolve looks up every one of the 34 units and the 63 former provinces
// in several spellings.
func TestResolve(t *testing.T) {
	tab := geo.MustLoad()
	spellings := func(name, short string) []string {
		return []string{name, short, strings.ToUpper(name), strings.ToLower(short), vn.Fold(name), vn.Fold(short),
			"  " + short + "  ", "Tỉnh " + short, "Thành phố " + short, "TP. " + short, "TP " + short, "tp." + vn.Fold(short),
			strings.ReplaceAll(vn.Fold(short), " ", ""), strings.ReplaceAll(short, "-", " ")}
	}
	for _, p := range tab.Provinces {
		for _, s := range append(spellings(p.Name, p.Short), p.Code) {
			if got, ok := tab.Resolve(s); !ok || got != p.Code {
				t.Errorf("Resolve(%q) = %q, %v; want %s", s, got, ok, p.Code)
			}
		}
	}
	for _, o := range tab.Old {
		for _, s := range append(spellings(o.Name, o.Short), o.OldCode) {
			if got, ok := tab.Resolve(s); !ok || got != o.NewCode {
				t.Errorf("Resolve(%q) = %q, %v; want %s (old %s)", s, got, ok, o.NewCode, o.Name)
			}
		}
	}
	for s, want := range map[string]string{
		"tp hcm": "79", "TP. Hồ Chí Minh": "79", "TPHCM": "79", "Sài Gòn": "79", "Bình Dương": "79",
		"Bà Rịa - Vũng Tàu": "79", "ba ria vung tau": "79", "Bà Rịa–Vũng Tàu": "79", "BA RIA-VUNG TAU": "79",
		"Thừa Thiên Huế": "46", "Hà Giang": "08", "02": "08", "2": "08", "1": "01", "Quảng Nam": "48", "Hậu Giang": "92",
		"dak nong": "68", "Đắk Nông": "68", "DAK LAK": "66", "Hoà Bình": "25", // old-style tone placement
	} {
		if got, ok := tab.Resolve(s); !ok || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %s", s, got, ok, want)
		}
	}
	// Hà Tây was merged into Hà Nội in 2008: it is not one of the 63.
	for _, s := range []string{"Hà Tây", "ha tay", "", "00", "99", "100", "Atlantis", "Tỉnh"} {
		if got, ok := tab.Resolve(s); ok {
			t.Errorf("Resolve(%q) = %q, want not found", s, got)
		}
	}
}
