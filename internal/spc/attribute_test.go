package spc

import (
	"math"
	"testing"
)

// TestAttributePhaseII: given standards replace the estimates.
func TestAttributePhaseII(t *testing.T) {
	u := mustAnalyze(t, Request{Chart: ChartU, Counts: []float64{4, 9}, Sizes: []float64{2, 3}, U: Float64(2)})
	checkRel(t, "u center", u.Center, 2)
	checkRel(t, "u UCL", u.UCL[1], 2+3*math.Sqrt(2.0/3))
	if u.Phase != "II" || u.SigmaMethod != "given" {
		t.Errorf("phase %s method %s", u.Phase, u.SigmaMethod)
	}
	p := mustAnalyze(t, Request{Chart: ChartNP, Counts: []float64{4, 9}, Subgroup: 50, P: Float64(0.1)})
	checkRel(t, "np center", p.Center, 5)
	checkRel(t, "np UCL", p.UCL[0], 5+3*math.Sqrt(50*0.1*0.9))
}
