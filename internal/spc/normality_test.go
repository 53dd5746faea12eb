package spc

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestADPValueAtCriticalValues: D'Agostino & Stephens (1986), Goodness-of-
// Fit Techniques, Table 4.7, give the upper-tail critical values of A*²
// (normal, mean and variance estimated): 0.631 (10%), 0.752 (5%),
// 0.873 (2.5%), 1.035 (1%). The p-value formulas (Table 4.9) must return
// the matching level to within 10% of it.
func TestADPValueAtCriticalValues(t *testing.T) {
	tests := []struct{ a, p float64 }{{0.631, 0.10}, {0.752, 0.05}, {0.873, 0.025}, {1.035, 0.01}}
	for _, tt := range tests {
		if got := adPValue(tt.a); math.Abs(got-tt.p) > 0.1*tt.p {
			t.Errorf("p(A*² = %v) = %.4f, want %v", tt.a, got, tt.p)
		}
	}
	if adPValue(0) != 1-math.Exp(-13.436) || adPValue(1000) != 0 {
		t.Error("p-value ends are wrong")
	}
}

// TestAndersonDarling recomputes A² from its definition with a plain loop
// and checks the adjustment; normal data should not be rejected and
// exponential data should.
func TestAndersonDarling(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	normal := make([]float64, 200)
	expo := make([]float64, 200)
	for i := range normal {
		normal[i] = 5 + 2*r.NormFloat64()
		expo[i] = r.ExpFloat64()
	}
	for _, tc := range []struct {
		name   string
		x      []float64
		reject bool
	}{{"normal", normal, false}, {"exponential", expo, true}} {
		mean, sd := meanSD(tc.x)
		got := andersonDarling(tc.x, mean, sd)
		y := slices.Sorted(slices.Values(tc.x))
		n := len(y)
		s := 0.0
		for i := 1; i <= n; i++ {
			f1 := normCDF((y[i-1] - mean) / sd)
			f2 := normCDF((y[n-i] - mean) / sd)
			s += float64(2*i-1) * (math.Log(f1) + math.Log(1-f2))
		}
		a2 := -float64(n) - s/float64(n)
		checkRel(t, tc.name+" A²", got.AD, a2)
		checkRel(t, tc.name+" A*²", got.ADAdjusted, a2*(1+0.75/200+2.25/40000))
		if (got.PValue < 0.01) != tc.reject {
			t.Errorf("%s: p = %v", tc.name, got.PValue)
		}
	}
}
