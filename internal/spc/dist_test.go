package spc

import (
	"math"
	"testing"
)

// TestChiSquareQuantile checks against printed chi-square tables (e.g.
// Montgomery Appendix III; NIST e-Handbook 1.3.6.7.4), 3 decimals, and
// against the identity χ²₂ quantile = −2·ln(1−p) to 1e-12.
func TestChiSquareQuantile(t *testing.T) {
	tests := []struct {
		p, df, want, tol float64
	}{
		{0.025, 19, 8.907, 0.0005},
		{0.975, 19, 32.852, 0.0005},
		{0.05, 10, 3.940, 0.0005},
		{0.95, 10, 18.307, 0.0005},
		{0.95, 1, 3.841, 0.0005},
		{0.99, 30, 50.892, 0.0005},
		{0.005, 100, 67.328, 0.0005},
		{0.3, 2, -2 * math.Log(0.7), 1e-12},
		{0.999, 2, -2 * math.Log(0.001), 1e-11},
	}
	for _, tt := range tests {
		got := chiSquareQuantile(tt.p, tt.df)
		if !near(got, tt.want, tt.tol) {
			t.Errorf("χ²(%v, %v) = %.6f, want %v", tt.p, tt.df, got, tt.want)
		}
		if back := gammaP(tt.df/2, got/2); !near(back, tt.p, 1e-12) {
			t.Errorf("P(χ² ≤ %v) = %v, want %v", got, back, tt.p)
		}
	}
}

func TestNormal(t *testing.T) {
	if z := normQuantile(0.975); !near(z, 1.959963984540054, 1e-14) {
		t.Errorf("z(0.975) = %.16g", z)
	}
	if p := normCDF(-1.959963984540054); !near(p, 0.025, 1e-15) {
		t.Errorf("Φ(−1.96) = %v", p)
	}
	// The upper tail keeps relative precision far out: Q(30) = 4.906713927148e-198.
	if s := normSF(30); rel(s, 4.906713927148e-198) > 1e-9 {
		t.Errorf("upper tail at 30 = %v", s)
	}
}
