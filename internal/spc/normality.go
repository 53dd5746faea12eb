package spc

import (
	"math"
	"slices"
)

// Normality is the Anderson–Darling test for normality with mean and
// variance estimated from the data (case 4 of Stephens).
type Normality struct {
	// AD is A² = −n − (1/n)·Σ (2i−1)·[ln Φ(z_(i)) + ln(1 − Φ(z_(n+1−i)))].
	AD float64 `json:"ad"`
	// ADAdjusted is A*² = A²·(1 + 0.75/n + 2.25/n²).
	ADAdjusted float64 `json:"ad_adjusted"`
	// PValue is from the D'Agostino–Stephens (1986, Table 4.9) formulas in
	// A*²; small values reject normality.
	PValue float64 `json:"p_value"`
}

// andersonDarling computes the test on x with the given mean and sample
// standard deviation. Φ is evaluated in both tails without cancellation
// and clamped away from 0 so the logarithms stay finite.
func andersonDarling(x []float64, mean, sd float64) *Normality {
	z := slices.Clone(x)
	slices.Sort(z)
	n := len(z)
	for i := range z {
		z[i] = (z[i] - mean) / sd
	}
	const tiny = 1e-300
	s := 0.0
	for i := range n {
		lo := math.Log(max(normCDF(z[i]), tiny))
		hi := math.Log(max(normSF(z[n-1-i]), tiny))
		s += float64(2*i+1) * (lo + hi)
	}
	fn := float64(n)
	a2 := -fn - s/fn
	a := a2 * (1 + 0.75/fn + 2.25/(fn*fn))
	return &Normality{AD: a2, ADAdjusted: a, PValue: adPValue(a)}
}

// adPValue is the D'Agostino–Stephens piecewise approximation of the
// p-value for the adjusted statistic A*², clamped to [0, 1]. Past
// A*² = 153 the fitted quadratic turns upward, so p is 0 there.
func adPValue(a float64) float64 {
	var p float64
	switch {
	case a >= 153:
		p = 0
	case a >= 0.6:
		p = math.Exp(1.2937 - 5.709*a + 0.0186*a*a)
	case a >= 0.34:
		p = math.Exp(0.9177 - 4.279*a - 1.38*a*a)
	case a >= 0.2:
		p = 1 - math.Exp(-8.318+42.796*a-59.938*a*a)
	default:
		p = 1 - math.Exp(-13.436+101.14*a-223.73*a*a)
	}
	return min(max(p, 0), 1)
}
