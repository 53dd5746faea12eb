package registry_test

import (
	"strings"
	"testing"

	"nscl/internal/registry"
)

// FuzzParseTaxCode: any input either parses to the registry form (10
// digits, or 10 digits, a dash and 3), whose check digit holds and which
// parses to itself again, or gives one of the tax-code problems.
func FuzzParseTaxCode(f *testing.F) {
	for _, s := range []string{"0314409058", "03 1440 9058", "01.00.112.437", "0312 68 78 78 - 001", "0100109106-000",
		"0000000000", "314409058", "03144090581234", "０３１４４０９０５８", "0314409058\x00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, p := registry.ParseTaxCode(s)
		if p != nil {
			switch p.Code {
			case registry.CodeTaxCodeFormat, registry.CodeTaxCodeLength, registry.CodeTaxCodeChecksum:
			default:
				t.Fatalf("ParseTaxCode(%q): code %s", s, p.Code)
			}
			if p.Message.Vi == "" || p.Message.En == "" {
				t.Fatalf("ParseTaxCode(%q): message missing a language", s)
			}
			return
		}
		head, branch, isBranch := strings.Cut(code, "-")
		if len(head) != 10 || (isBranch && len(branch) != 3) || strings.Trim(head+branch, "0123456789") != "" {
			t.Fatalf("ParseTaxCode(%q) = %q, not the registry form", s, code)
		}
		if d, ok := registry.TaxCheckDigit(head[:9]); !ok || d != head[9] {
			t.Fatalf("ParseTaxCode(%q) = %q with a wrong check digit", s, code)
		}
		if again, p := registry.ParseTaxCode(code); p != nil || again != code {
			t.Fatalf("ParseTaxCode(%q) = %q, which parses to %q, %v", s, code, again, p)
		}
	})
}
