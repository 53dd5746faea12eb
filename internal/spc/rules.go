package spc

import "math/bits"

// Rule set names accepted in Request.Rules.
const (
	RulesWesternElectric = "we"     // Western Electric rules 1–4 (the default)
	RulesNelson          = "nelson" // Nelson rules 1–8
	RulesNone            = "none"   // no run rules; beyond_limits is still reported
)

// ruleKeys returns the output keys evaluated for a rule set, in order.
func ruleKeys(set string) []string {
	switch set {
	case RulesNelson:
		return []string{"nelson1", "nelson2", "nelson3", "nelson4", "nelson5", "nelson6", "nelson7", "nelson8"}
	case RulesWesternElectric:
		return []string{"we1", "we2", "we3", "we4"}
	}
	return nil
}

// beyondLimits returns the 1-based numbers of the points outside [lcl, ucl].
// lcl and ucl are indexed i*stride (stride 0 for constant limits).
func beyondLimits(x, lcl, ucl []float64, stride int) []int {
	out := []int{}
	for i, v := range x {
		if v > ucl[i*stride] || v < lcl[i*stride] {
			out = append(out, i+1)
		}
	}
	return out
}

// applyRules evaluates a rule set on the plotted statistic x with center
// line center and per-point sigma of the statistic sig[i*stride] (stride 0
// when sigma is constant). Rule 1 of either set is the beyond list, which
// the caller computed against the actual (possibly truncated) limits. The
// definitions, and the convention that a rule is reported at the point that
// completes the pattern, are in the package documentation.
func applyRules(set string, x []float64, center float64, sig []float64, stride int, beyond []int) map[string][]int {
	keys := ruleKeys(set)
	if keys == nil {
		return nil
	}
	out := make(map[string][]int, len(keys))
	for _, k := range keys {
		out[k] = []int{}
	}
	nelson := set == RulesNelson
	var r2, r3, r4, r5, r6, r7, r8 []int // Nelson 2..8; WE 2, 3, 4 reuse r5, r6 and r8's slot
	var (
		side, run    int    // sign of the current same-side run and its length
		inc, dec     int    // consecutive increases / decreases of x
		alt, prevDir int    // alternating differences so far, sign of the last difference
		in1, out1    int    // run within 1σ, run beyond 1σ (either side)
		a2h, a2l     uint32 // last points beyond +2σ / −2σ, one bit each (bit 0 = current)
		b1h, b1l     uint32 // last points beyond +1σ / −1σ
	)
	prev := 0.0
	for i, v := range x {
		z := (v - center) / sig[i*stride]
		p := i + 1
		sd := 0
		if z > 0 {
			sd = 1
		} else if z < 0 {
			sd = -1
		}
		if sd != 0 && sd == side {
			run++
		} else {
			side, run = sd, 0
			if sd != 0 {
				run = 1
			}
		}
		hi2, lo2, hi1, lo1 := z > 2, z < -2, z > 1, z < -1
		a2h = a2h<<1 | b2u(hi2)
		a2l = a2l<<1 | b2u(lo2)
		b1h = b1h<<1 | b2u(hi1)
		b1l = b1l<<1 | b2u(lo1)
		twoOfThree := (hi2 && bits.OnesCount32(a2h&7) >= 2) || (lo2 && bits.OnesCount32(a2l&7) >= 2)
		fourOfFive := (hi1 && bits.OnesCount32(b1h&31) >= 4) || (lo1 && bits.OnesCount32(b1l&31) >= 4)
		if twoOfThree {
			r5 = append(r5, p)
		}
		if fourOfFive {
			r6 = append(r6, p)
		}
		if !nelson {
			if run >= 8 {
				r8 = append(r8, p)
			}
			continue
		}
		if run >= 9 {
			r2 = append(r2, p)
		}
		dir := 0
		if i > 0 {
			if v > prev {
				dir = 1
			} else if v < prev {
				dir = -1
			}
		}
		prev = v
		switch dir {
		case 1:
			inc, dec = inc+1, 0
		case -1:
			inc, dec = 0, dec+1
		default:
			inc, dec = 0, 0
		}
		if inc >= 5 || dec >= 5 {
			r3 = append(r3, p)
		}
		switch {
		case dir == 0:
			alt = 0
		case prevDir != 0 && dir != prevDir:
			alt++
		default:
			alt = 1
		}
		prevDir = dir
		if alt >= 13 {
			r4 = append(r4, p)
		}
		if z < 1 && z > -1 {
			in1++
		} else {
			in1 = 0
		}
		if in1 >= 15 {
			r7 = append(r7, p)
		}
		if hi1 || lo1 {
			out1++
		} else {
			out1 = 0
		}
		if out1 >= 8 {
			r8 = append(r8, p)
		}
	}
	nz := func(s []int) []int {
		if s == nil {
			return []int{}
		}
		return s
	}
	first := append([]int{}, beyond...)
	if nelson {
		out["nelson1"], out["nelson2"], out["nelson3"], out["nelson4"] = first, nz(r2), nz(r3), nz(r4)
		out["nelson5"], out["nelson6"], out["nelson7"], out["nelson8"] = nz(r5), nz(r6), nz(r7), nz(r8)
	} else {
		out["we1"], out["we2"], out["we3"], out["we4"] = first, nz(r5), nz(r6), nz(r8)
	}
	return out
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
