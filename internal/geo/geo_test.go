package geo_test

import (
	"testing"

	"nscl/internal/geo"
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
