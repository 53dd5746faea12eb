package vn_test

import (
	"math"
	"testing"

	"nscl/internal/fuzzci"
	"nscl/internal/vn"
)

// FuzzParseAmount: any input parses or is refused without a panic, and an
// amount written by vn.Int reads back as itself.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1.500.000", "1 500 000", "-12", "1,5", "₫", "9.223.372.036.854.775.807"} {
		f.Add(s, int64(len(s))*1_000_003)
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		_, _ = vn.ParseAmount(s)
		if got, err := vn.ParseAmount(vn.Int(n)); err != nil || got != n {
			t.Fatalf("ParseAmount(Int(%d)) = %d, %v", n, got, err)
		}
	})
}

// FuzzParseDecimal: any input parses or is refused without a panic, never
// to NaN or infinity, and a value written by vn.Decimal reads back.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12,5", "1.234,5", "12.500", "NaN", "1e308", "0.75"} {
		f.Add(s, 1234.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		if v, err := vn.ParseDecimal(s); err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseDecimal(%q) = %v", s, v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e15 {
			return
		}
		w := vn.Decimal(x, 2)
		got, err := vn.ParseDecimal(w)
		if err != nil || math.Abs(got-x) > 0.005+1e-9*math.Max(1, math.Abs(x)) { // two decimals written
			t.Fatalf("ParseDecimal(Decimal(%v, 2) = %q) = %v, %v", x, w, got, err)
		}
	})
}

// TestFuzzTargets fuzzes the number parsers in CI (see internal/fuzzci).
func TestFuzzTargets(t *testing.T) {
	fuzzci.Run(t, fuzzci.Target{Pkg: ".", Name: "FuzzParseAmount"}, fuzzci.Target{Pkg: ".", Name: "FuzzParseDecimal"})
}
