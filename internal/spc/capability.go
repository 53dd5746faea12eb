package spc

import "math"

// Interval is an estimate with its two-sided confidence interval.
type Interval struct {
	Value float64 `json:"value"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// Capability is the process capability study. Indices that cannot be
// computed (Cp without both limits, Cpl without LSL, …) are nil.
type Capability struct {
	N            int     `json:"n"`
	Mean         float64 `json:"mean"`
	SigmaWithin  float64 `json:"sigma_within"`
	SigmaOverall float64 `json:"sigma_overall"`
	Confidence   float64 `json:"confidence"`
	// Target is the target used for Cpm (given, or the mid-specification).
	Target *float64  `json:"target,omitempty"`
	Cp     *Interval `json:"cp,omitempty"`
	Cpl    *Interval `json:"cpl,omitempty"`
	Cpu    *Interval `json:"cpu,omitempty"`
	Cpk    *Interval `json:"cpk,omitempty"`
	Cpm    *Interval `json:"cpm,omitempty"`
	Pp     *Interval `json:"pp,omitempty"`
	Ppk    *Interval `json:"ppk,omitempty"`
	// Normality is the Anderson–Darling test of all values (n ≥ 3).
	Normality *Normality `json:"normality,omitempty"`
}

// capability computes the indices from the chart's values and sigma.
//
//	Cp  = (USL − LSL)/(6σw)      Pp  = (USL − LSL)/(6s)
//	Cpu = (USL − x̄)/(3σw)        Cpl = (x̄ − LSL)/(3σw)
//	Cpk = min(Cpu, Cpl)          Ppk = the same with s
//	Cpm = (USL − LSL)/(6·sqrt(s² + (x̄ − T)²))
//
// σw is the chart's within sigma, s the sample standard deviation of all
// values, n their number, α = 1 − confidence. Intervals:
//
//	Cp, Pp:  Ĉ·sqrt(χ²_{α/2, n−1}/(n−1)) … Ĉ·sqrt(χ²_{1−α/2, n−1}/(n−1))
//	         (Montgomery §8.3.5; NIST e-Handbook 6.1.6)
//	Cpk, Ppk, Cpl, Cpu:  Ĉ ∓ z_{1−α/2}·sqrt(1/(9n) + Ĉ²/(2(n−1)))
//	         (Bissell 1990, normal approximation)
//	Cpm:     Ĉ·sqrt(χ²_{α/2, ν}/ν) … with ν = n(1 + V²)²/(1 + 2V²),
//	         V = (x̄ − T)/s (Boyles 1991)
//
// With one limit only Cpk is the one-sided index. T defaults to the
// mid-specification when both limits are given and no target is.
func capability(in *capInput, req *Request, conf float64) (*Capability, error) {
	x := in.values
	n := len(x)
	if n < 2 {
		return nil, errorf(CodeTooFewPoints, "cần ít nhất 2 giá trị để tính năng lực quá trình", "at least 2 values are needed for a capability study")
	}
	mean, sd := meanSD(x)
	if !(sd > 0) || !(in.sigmaWithin > 0) {
		return nil, errZeroSigma()
	}
	c := &Capability{N: n, Mean: mean, SigmaWithin: in.sigmaWithin, SigmaOverall: sd, Confidence: conf}
	fn := float64(n)
	alpha := 1 - conf
	z := normQuantile(1 - alpha/2)
	chiLo, chiHi := chiSquareQuantile(alpha/2, fn-1), chiSquareQuantile(1-alpha/2, fn-1)
	ratio := func(v float64) *Interval {
		return &Interval{v, v * math.Sqrt(chiLo/(fn-1)), v * math.Sqrt(chiHi/(fn-1))}
	}
	bissell := func(v float64) *Interval {
		w := z * math.Sqrt(1/(9*fn)+v*v/(2*(fn-1)))
		return &Interval{v, v - w, v + w}
	}
	lsl, usl := req.LSL, req.USL
	var cpl, cpu, ppl, ppu *float64
	if lsl != nil {
		cpl = Float64((mean - *lsl) / (3 * in.sigmaWithin))
		ppl = Float64((mean - *lsl) / (3 * sd))
		c.Cpl = bissell(*cpl)
	}
	if usl != nil {
		cpu = Float64((*usl - mean) / (3 * in.sigmaWithin))
		ppu = Float64((*usl - mean) / (3 * sd))
		c.Cpu = bissell(*cpu)
	}
	c.Cpk = bissell(minOf(cpl, cpu))
	c.Ppk = bissell(minOf(ppl, ppu))
	if lsl != nil && usl != nil {
		c.Cp = ratio((*usl - *lsl) / (6 * in.sigmaWithin))
		c.Pp = ratio((*usl - *lsl) / (6 * sd))
		t := (*usl + *lsl) / 2
		if req.Target != nil {
			t = *req.Target
		}
		c.Target = Float64(t)
		v := (mean - t) / sd
		nu := fn * (1 + v*v) * (1 + v*v) / (1 + 2*v*v)
		cpm := (*usl - *lsl) / (6 * math.Sqrt(sd*sd+(mean-t)*(mean-t)))
		c.Cpm = &Interval{cpm, cpm * math.Sqrt(chiSquareQuantile(alpha/2, nu)/nu),
			cpm * math.Sqrt(chiSquareQuantile(1-alpha/2, nu)/nu)}
	}
	if n >= 3 {
		c.Normality = andersonDarling(x, mean, sd)
	}
	return c, nil
}

// minOf returns the smaller of the non-nil values (at least one is set).
func minOf(a, b *float64) float64 {
	switch {
	case a == nil:
		return *b
	case b == nil:
		return *a
	}
	return min(*a, *b)
}

// meanSD returns the mean and the sample standard deviation (divisor
// n−1), by the two-pass algorithm.
func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	ss := 0.0
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}
