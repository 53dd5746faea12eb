package catalog_test

import (
	"testing"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// FuzzParseNotation: any input either parses to a designation whose
// canonical form parses to itself again, or gives an Invalid error with a
// message in both languages; never a panic.
func FuzzParseNotation(f *testing.F) {
	for _, s := range []string{"TCVN 4980:2006", "TCVN ISO 9001:2015", "TCVN ISO/IEC 17025:2017", "TCVN 7447-7-712:2019",
		"TCVN 111:2006 (ISO 15:1998)", "QCVN 01:2020/BCT", "qcvn 01 : 2019 / bct", "QCVN 18:2014/BLĐTBXH", "TCVN (", "()", "", "TCVN 1:2000 ()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := catalog.ParseNotation("code", s)
		if err != nil {
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("ParseNotation(%q): %v, not Invalid", s, err)
			}
			m := fault.FieldsOf(err)["code"]
			if m.Vi == "" || m.En == "" {
				t.Fatalf("ParseNotation(%q): message missing a language", s)
			}
			return
		}
		again, err := catalog.ParseNotation("code", n.String())
		if err != nil || again != n {
			t.Fatalf("ParseNotation(%q) = %+v; its form %q parses to %+v, %v", s, n, n.String(), again, err)
		}
	})
}
