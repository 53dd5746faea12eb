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

func TestParseTaxCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		code     registry.Code
	}{
		{"0100233488", "0100233488", ""},
		{"0314409058-002", "0314409058-002", ""},
		{"01.00.112.437", "0100112437", ""},
		{"0312 68 78 78 - 001", "0312687878-001", ""},
		{" 0314409058002 ", "0314409058-002", ""},
		{"0100233480", "", registry.CodeTaxCodeChecksum},
		{"0314409050-002", "", registry.CodeTaxCodeChecksum},
		{"010023348", "", registry.CodeTaxCodeLength},
		{"01002334881", "", registry.CodeTaxCodeLength},
		{"031440905800", "", registry.CodeTaxCodeLength},
		{"", "", registry.CodeTaxCodeLength},
		{"0314409058-000", "", registry.CodeTaxCodeFormat},
		{"0100000000", "", registry.CodeTaxCodeFormat}, // digits 3–9 all zero
		{"01O0233488", "", registry.CodeTaxCodeFormat},
		{"MST 0100233488", "", registry.CodeTaxCodeFormat},
	} {
		got, p := registry.ParseTaxCode(tc.in)
		var code registry.Code
		if p != nil {
			code = p.Code
			if p.Field != "tax_code" || p.Message.Vi == "" || p.Message.En == "" {
				t.Errorf("%q: problem %+v lacks field or messages", tc.in, p)
			}
		}
		if got != tc.want || code != tc.code {
			t.Errorf("ParseTaxCode(%q) = %q, %q; want %q, %q", tc.in, got, code, tc.want, tc.code)
		}
	}
	if got := registry.ParentTaxCode("0314409058-002"); got != "0314409058" {
		t.Errorf("ParentTaxCode = %q", got)
	}
	if got := registry.ParentTaxCode("0314409058"); got != "" {
		t.Errorf("ParentTaxCode(head office) = %q", got)
	}
}
