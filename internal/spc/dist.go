package spc

import "math"

// normCDF is the standard normal distribution function Φ(x), computed with
// math.Erfc so that both tails keep full relative precision.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// normSF is the upper tail 1 − Φ(x), computed without cancellation.
func normSF(x float64) float64 { return 0.5 * math.Erfc(x/math.Sqrt2) }

// normPDF is the standard normal density φ(x).
func normPDF(x float64) float64 { return math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi) }

// normQuantile is Φ⁻¹(p) for 0 < p < 1.
func normQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// gammaP is the regularized lower incomplete gamma function P(a, x) =
// γ(a, x)/Γ(a), by its power series for x < a+1 and by the Legendre
// continued fraction (modified Lentz) for the upper tail otherwise
// (Numerical Recipes, 3rd ed., §6.2).
func gammaP(a, x float64) float64 {
	if x <= 0 {
		return 0
	}
	lg, _ := math.Lgamma(a)
	front := math.Exp(-x + a*math.Log(x) - lg)
	if x < a+1 {
		sum, del, ap := 1/a, 1/a, a
		for range 10000 {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*1e-17 {
				break
			}
		}
		return sum * front
	}
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 10000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return 1 - front*h
}

// chiSquareQuantile returns x with P(χ²_df ≤ x) = p, for 0 < p < 1 and a
// real df > 0. It inverts the regularized gamma function P(df/2, x/2):
// the Wilson–Hilferty approximation gives a start, a bracket is grown
// around it, and Newton steps are taken, falling back to bisection whenever
// a step leaves the bracket. The result is accurate to about 1e-13 relative.
func chiSquareQuantile(p, df float64) float64 {
	a := df / 2
	cdf := func(x float64) float64 { return gammaP(a, x/2) }
	lg, _ := math.Lgamma(a)
	pdf := func(x float64) float64 {
		return math.Exp((a-1)*math.Log(x/2)-x/2-lg) / 2
	}
	z := normQuantile(p)
	k := 2 / (9 * df)
	x := df * math.Pow(1-k+z*math.Sqrt(k), 3)
	if !(x > 0) {
		x = df * 1e-3
	}
	lo, hi := 0.0, x
	for cdf(hi) < p {
		lo = hi
		hi *= 2
	}
	for range 300 {
		f := cdf(x) - p
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		nx := x - f/pdf(x)
		if !(nx > lo && nx < hi) {
			nx = (lo + hi) / 2
		}
		if math.Abs(nx-x) <= 1e-15*x || hi-lo <= 1e-15*hi {
			return nx
		}
		x = nx
	}
	return x
}
