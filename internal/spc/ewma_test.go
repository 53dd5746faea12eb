package spc

import (
	"math"
	"testing"
)

// TestEWMASubgroupMeans: with subgroups the EWMA runs on the means and the
// limits use σ̂/√n, σ̂ = R̄/d2.
func TestEWMASubgroupMeans(t *testing.T) {
	x := []float64{10, 12, 11, 13, 9, 10, 12, 12, 11, 9, 10, 13}
	res := mustAnalyze(t, Request{Chart: ChartEWMA, Values: x, Subgroup: 3, Lambda: Float64(0.5), L: Float64(3)})
	var rsum float64
	means := make([]float64, 4)
	for j := range 4 {
		g := x[3*j : 3*j+3]
		means[j] = (g[0] + g[1] + g[2]) / 3
		rsum += slicesMax(g) - slicesMin(g)
	}
	sigma := rsum / 4 / D2(3)
	checkRel(t, "sigma", res.Sigma, sigma)
	z := res.Center
	for j, m := range means {
		z = 0.5*m + 0.5*z
		checkRel(t, "z", res.EWMA[j], z)
		w := 3 * sigma / math.Sqrt(3) * math.Sqrt(0.5/1.5*(1-math.Pow(0.5, 2*float64(j+1))))
		checkRel(t, "UCL", res.UCL[j], res.Center+w)
	}
	if res.Rules != nil {
		t.Error("run rules are not applied to EWMA")
	}
}
