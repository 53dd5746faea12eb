package spc

import (
	"math"
	"testing"
)

// TestCapabilityFormulas recomputes every index and interval from the
// formulas documented on capability (Montgomery §8.3; Bissell 1990;
// Boyles 1991) on a small I–MR data set.
func TestCapabilityFormulas(t *testing.T) {
	x := []float64{10.2, 9.8, 10.1, 10.4, 9.7, 10.0, 10.3, 9.9, 10.1, 10.2, 9.6, 10.0, 10.5, 9.9, 10.1, 10.0, 9.8, 10.2, 10.1, 9.9}
	req := Request{Chart: ChartIMR, Values: x, LSL: Float64(9), USL: Float64(11.5), Target: Float64(10.2), Confidence: 0.9}
	res := mustAnalyze(t, req)
	c := res.Capability
	n := float64(len(x))
	mean, s := meanSD(x)
	sw := res.Sigma
	z := normQuantile(0.95)
	lo, hi := chiSquareQuantile(0.05, n-1), chiSquareQuantile(0.95, n-1)
	cp := 2.5 / (6 * sw)
	checkRel(t, "Cp", c.Cp.Value, cp)
	checkRel(t, "Cp lower", c.Cp.Lower, cp*math.Sqrt(lo/(n-1)))
	checkRel(t, "Cp upper", c.Cp.Upper, cp*math.Sqrt(hi/(n-1)))
	cpu, cpl := (11.5-mean)/(3*sw), (mean-9)/(3*sw)
	cpk := min(cpu, cpl)
	checkRel(t, "Cpu", c.Cpu.Value, cpu)
	checkRel(t, "Cpl", c.Cpl.Value, cpl)
	checkRel(t, "Cpk", c.Cpk.Value, cpk)
	w := z * math.Sqrt(1/(9*n)+cpk*cpk/(2*(n-1)))
	checkRel(t, "Cpk lower", c.Cpk.Lower, cpk-w)
	checkRel(t, "Cpk upper", c.Cpk.Upper, cpk+w)
	pp := 2.5 / (6 * s)
	checkRel(t, "Pp", c.Pp.Value, pp)
	checkRel(t, "Pp lower", c.Pp.Lower, pp*math.Sqrt(lo/(n-1)))
	ppk := min((11.5-mean)/(3*s), (mean-9)/(3*s))
	checkRel(t, "Ppk", c.Ppk.Value, ppk)
	v := (mean - 10.2) / s
	nu := n * (1 + v*v) * (1 + v*v) / (1 + 2*v*v)
	cpm := 2.5 / (6 * math.Sqrt(s*s+(mean-10.2)*(mean-10.2)))
	checkRel(t, "Cpm", c.Cpm.Value, cpm)
	checkRel(t, "Cpm lower", c.Cpm.Lower, cpm*math.Sqrt(chiSquareQuantile(0.05, nu)/nu))
	checkRel(t, "Cpm upper", c.Cpm.Upper, cpm*math.Sqrt(chiSquareQuantile(0.95, nu)/nu))
	if c.N != 20 || c.SigmaWithin != sw || c.Confidence != 0.9 || c.Normality == nil {
		t.Errorf("n %d sigma_within %v conf %v normality %v", c.N, c.SigmaWithin, c.Confidence, c.Normality)
	}
}

// TestCapabilityOneSided: with USL only, Cp, Pp, Cpm and Cpl are omitted
// and Cpk is Cpu.
func TestCapabilityOneSided(t *testing.T) {
	x := []float64{5, 6, 5.5, 6.2, 5.8, 5.1, 5.9, 6.1}
	c := mustAnalyze(t, Request{Chart: ChartIMR, Values: x, USL: Float64(8)}).Capability
	if c.Cp != nil || c.Pp != nil || c.Cpm != nil || c.Cpl != nil || c.Cpu == nil {
		t.Fatalf("unexpected set of indices: %+v", c)
	}
	if c.Cpk.Value != c.Cpu.Value {
		t.Errorf("Cpk %v != Cpu %v", c.Cpk.Value, c.Cpu.Value)
	}
}
