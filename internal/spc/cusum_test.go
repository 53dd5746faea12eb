package spc

import "testing"

// TestCUSUMLowerSide: a downward shift accumulates in C⁻ and signals once
// C⁻ exceeds h·σ.
func TestCUSUMLowerSide(t *testing.T) {
	x := []float64{0, 0, -2, -2, -2, -2}
	res := mustAnalyze(t, Request{Chart: ChartCUSUM, Values: x, Mean: Float64(0), Sigma: Float64(1), K: Float64(0.5), H: Float64(4)})
	want := []float64{0, 0, 1.5, 3, 4.5, 6}
	if !equalFloats(res.CusumLower, want) || !equalInts(res.BeyondLimits, []int{5, 6}) {
		t.Errorf("C- %v beyond %v", res.CusumLower, res.BeyondLimits)
	}
	if res.UCL[0] != 4 || res.LCL[0] != -4 {
		t.Errorf("limits %v %v", res.LCL[0], res.UCL[0])
	}
}
