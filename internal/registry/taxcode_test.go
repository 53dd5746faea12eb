package registry_test

import (
	"testing"

	"nscl/internal/registry"
)

func TestTaxCheckDigit(t *testing.T) {
	// Worked examples from shared/domain/facts.md item 2 (python-stdnum doctests).
	for _, tc := range []struct {
		code string
		ok   bool
	}{
		{"0100233488", true},
		{"0314409058", true},
		{"0100112437", true},
		{"0312687878", true},
		{"0100109106", true},
		{"0300588569", true},
		{"0100233480", false},
	} {
		d, ok := registry.TaxCheckDigit(tc.code[:9])
		if got := ok && d == tc.code[9]; got != tc.ok {
			t.Errorf("%s: valid=%v, want %v (check %q)", tc.code, got, tc.ok, d)
		}
	}
	if _, ok := registry.TaxCheckDigit("01002334"); ok {
		t.Error("8 digits accepted")
	}
	if _, ok := registry.TaxCheckDigit("01002334x"); ok {
		t.Error("non-digit accepted")
	}
}
