package spc

import "math"

// Constants names the source of the control-chart constants d2, d3 and c4.
type Constants string

const (
	// ExactConstants computes d2, d3 and c4 to about 1e-12 (the default):
	// c4 from the gamma function, d2 and d3 by numerical integration of
	// the distribution of the range of n standard normal values. Values for
	// n = 2..100 come from a precomputed table that a test regenerates and
	// checks; larger n are integrated on demand.
	ExactConstants Constants = "exact"
	// TableConstants uses the classic printed table (ASTM Manual on
	// Presentation of Data and Control Chart Analysis; Montgomery,
	// Introduction to Statistical Quality Control, Appendix VI): d2 and d3
	// to 3 decimals and c4 to 4 decimals, for n = 2..25. Choose it to
	// reproduce hand calculations from printed tables. Factors such as A2,
	// D3, D4, B3, B4 are derived from these three constants.
	TableConstants Constants = "table"
)

// C4 returns c4(n) = sqrt(2/(n−1))·Γ(n/2)/Γ((n−1)/2), the mean of the
// sample standard deviation of n standard normal values (E[s] = c4·σ),
// computed with math.Lgamma. It returns 0 for n < 2.
func C4(n int) float64 {
	if n < 2 {
		return 0
	}
	a, _ := math.Lgamma(float64(n) / 2)
	b, _ := math.Lgamma(float64(n-1) / 2)
	return math.Sqrt(2/float64(n-1)) * math.Exp(a-b)
}

// D2 returns d2(n), the mean of the range of n independent standard normal
// values (E[R] = d2·σ). It returns 0 for n < 2.
func D2(n int) float64 {
	if n < 2 {
		return 0
	}
	if n <= maxTableN {
		return exactD2D3[n-2][0]
	}
	return rangeMean(n)
}

// D3 returns d3(n), the standard deviation of the range of n independent
// standard normal values (sd(R) = d3·σ). It returns 0 for n < 2.
func D3(n int) float64 {
	if n < 2 {
		return 0
	}
	if n <= maxTableN {
		return exactD2D3[n-2][1]
	}
	m1, m2, _ := rangeMoments(n)
	return math.Sqrt(m2 - m1*m1)
}

// rangeMean returns E[W] for the range W of n standard normal values:
//
//	E[W] = ∫ (1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ) dx  over the real line.
//
// The integrand is smooth, even and decays like a Gaussian, so the
// trapezoidal rule with step 0.01 on [−12, 12] is accurate to rounding.
func rangeMean(n int) float64 {
	const h = 0.01
	fn := float64(n)
	f := func(x float64) float64 {
		q := normSF(x) // x ≥ 0: 1 − Φⁿ − Qⁿ, with 1 − (1−Q)ⁿ = −expm1(n·log1p(−Q))
		return -math.Expm1(fn*math.Log1p(-q)) - math.Pow(q, fn)
	}
	sum := f(0) / 2
	for k := 1; float64(k)*h <= 12; k++ {
		sum += f(float64(k) * h)
	}
	return 2 * h * sum
}

// rangeMoments returns ∫ f_W, E[W] and E[W²] for the range W of n ≥ 2
// standard normal values, from the range density
//
//	f_W(w) = n(n−1) ∫ φ(x) φ(x+w) (Φ(x+w) − Φ(x))ⁿ⁻² dx,  w ≥ 0.
//
// The inner integral runs over the real line (trapezoidal rule, step 0.02
// on [−10, 10], spectrally accurate for this smooth integrand); the outer
// one uses 10-point Gauss–Legendre on 32 panels covering [0, 16]. The total
// mass is returned so that tests can check it equals 1.
func rangeMoments(n int) (mass, m1, m2 float64) {
	const (
		h     = 0.02
		xlo   = -10.0
		npts  = 1001
		wmax  = 16.0
		panel = 32
	)
	xs := make([]float64, npts)
	phi := make([]float64, npts)
	cdf := make([]float64, npts)
	sf := make([]float64, npts)
	for i := range xs {
		x := xlo + float64(i)*h
		xs[i], phi[i], cdf[i], sf[i] = x, normPDF(x), normCDF(x), normSF(x)
	}
	nodes, weights := gaussLegendre(10)
	pw := float64(n - 2)
	coef := float64(n) * float64(n-1)
	width := wmax / panel
	for p := range panel {
		a := float64(p) * width
		for j, t := range nodes {
			w := a + (t+1)*width/2
			wt := weights[j] * width / 2
			inner := 0.0
			for i, x := range xs {
				y := x + w
				var d float64
				if y <= 0 {
					d = normCDF(y) - cdf[i]
				} else {
					d = sf[i] - normSF(y)
				}
				v := phi[i] * normPDF(y)
				if pw > 0 {
					v *= math.Pow(d, pw)
				}
				inner += v
			}
			fw := coef * inner * h
			mass += wt * fw
			m1 += wt * w * fw
			m2 += wt * w * w * fw
		}
	}
	return mass, m1, m2
}

// gaussLegendre returns the nodes and weights of the k-point Gauss–Legendre
// rule on [−1, 1], found by Newton's method on the Legendre polynomial.
func gaussLegendre(k int) (nodes, weights []float64) {
	nodes = make([]float64, k)
	weights = make([]float64, k)
	for i := range k {
		x := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(k) + 0.5))
		var dp float64
		for range 100 {
			p0, p1 := 1.0, x
			for j := 2; j <= k; j++ {
				p0, p1 = p1, ((2*float64(j)-1)*x*p1-(float64(j)-1)*p0)/float64(j)
			}
			dp = float64(k) * (x*p1 - p0) / (x*x - 1)
			dx := p1 / dp
			x -= dx
			if math.Abs(dx) < 1e-16 {
				break
			}
		}
		nodes[i] = x
		weights[i] = 2 / ((1 - x*x) * dp * dp)
	}
	return nodes, weights
}

// constantSet hands out d2, d3 and c4 for one analysis, caching the
// values per subgroup size in a slice it owns (there is no shared state).
type constantSet struct {
	kind  Constants
	cache [][3]float64 // index n; zero entry = not computed yet
}

func newConstantSet(kind Constants) *constantSet {
	if kind == "" {
		kind = ExactConstants
	}
	return &constantSet{kind: kind}
}

// get returns d2, d3, c4 for subgroup size n ≥ 2.
func (cs *constantSet) get(n int) (d2, d3, c4 float64, err error) {
	if n < len(cs.cache) && cs.cache[n][0] != 0 {
		c := cs.cache[n]
		return c[0], c[1], c[2], nil
	}
	switch cs.kind {
	case TableConstants:
		if n < 2 || n > len(printedTable)+1 {
			return 0, 0, 0, errorf(CodeBadParameter,
				"bảng hằng số in sẵn chỉ có n = 2..25 (n = %d); hãy dùng constants = \"exact\"",
				"the printed table of constants covers n = 2..25 only (n = %d); use constants = \"exact\"", n)
		}
		t := printedTable[n-2]
		d2, d3, c4 = t[0], t[1], t[2]
	default:
		d2, d3, c4 = D2(n), D3(n), C4(n)
	}
	for len(cs.cache) <= n {
		cs.cache = append(cs.cache, [3]float64{})
	}
	cs.cache[n] = [3]float64{d2, d3, c4}
	return d2, d3, c4, nil
}

// printedTable holds d2, d3 (3 decimals) and c4 (4 decimals) for n = 2..25
// as printed in Montgomery, Introduction to Statistical Quality Control,
// Appendix VI (the same values as the ASTM Manual, STP 15D). Read-only;
// TestPrintedTableMatchesExact checks every entry is the rounding of the
// exact value.
var printedTable = [24][3]float64{
	{1.128, 0.853, 0.7979}, {1.693, 0.888, 0.8862}, {2.059, 0.880, 0.9213},
	{2.326, 0.864, 0.9400}, {2.534, 0.848, 0.9515}, {2.704, 0.833, 0.9594},
	{2.847, 0.820, 0.9650}, {2.970, 0.808, 0.9693}, {3.078, 0.797, 0.9727},
	{3.173, 0.787, 0.9754}, {3.258, 0.778, 0.9776}, {3.336, 0.770, 0.9794},
	{3.407, 0.763, 0.9810}, {3.472, 0.756, 0.9823}, {3.532, 0.750, 0.9835},
	{3.588, 0.744, 0.9845}, {3.640, 0.739, 0.9854}, {3.689, 0.734, 0.9862},
	{3.735, 0.729, 0.9869}, {3.778, 0.724, 0.9876}, {3.819, 0.720, 0.9882},
	{3.858, 0.716, 0.9887}, {3.895, 0.712, 0.9892}, {3.931, 0.708, 0.9896},
}
