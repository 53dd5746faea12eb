package spc

import "math"

// capInput is what a variables chart hands to the capability study: the
// individual values used for the limits, and the within-subgroup sigma.
type capInput struct {
	values      []float64 // individual values of the included points
	sigmaWithin float64
}

// grouped is variables data split into subgroups: group j holds
// vals[start[j]:start[j+1]].
type grouped struct {
	vals   []float64
	start  []int
	labels []string
}

func (g *grouped) m() int                { return len(g.start) - 1 }
func (g *grouped) size(j int) int        { return g.start[j+1] - g.start[j] }
func (g *grouped) group(j int) []float64 { return g.vals[g.start[j]:g.start[j+1]] }

// checkValues rejects empty input and non-finite values.
func checkValues(v []float64) error {
	if len(v) == 0 {
		return errorf(CodeEmptyInput, "không có dữ liệu đo", "no measurement values")
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return errorf(CodeNonFinite, "giá trị thứ %d không phải là số hữu hạn (%v)", "value %d is not a finite number (%v)", i+1, x)
		}
	}
	return nil
}

// groupValues forms subgroups from labels (first-appearance order, sizes
// may differ) or from a fixed subgroup size.
func groupValues(req *Request) (*grouped, error) {
	if err := checkValues(req.Values); err != nil {
		return nil, err
	}
	n := len(req.Values)
	if len(req.Subgroups) > 0 {
		if len(req.Subgroups) != n {
			return nil, errorf(CodeLengthMismatch, "có %d nhãn nhóm con nhưng %d giá trị", "%d subgroup labels but %d values", len(req.Subgroups), n)
		}
		index := make(map[string]int)
		var labels []string
		id := make([]int, n)
		var counts []int
		for i, l := range req.Subgroups {
			j, ok := index[l]
			if !ok {
				j = len(labels)
				index[l] = j
				labels = append(labels, l)
				counts = append(counts, 0)
			}
			id[i] = j
			counts[j]++
		}
		start := make([]int, len(labels)+1)
		for j, c := range counts {
			start[j+1] = start[j] + c
		}
		vals := make([]float64, n)
		fill := append([]int{}, start[:len(labels)]...)
		for i, v := range req.Values {
			vals[fill[id[i]]] = v
			fill[id[i]]++
		}
		return &grouped{vals: vals, start: start, labels: labels}, nil
	}
	k := req.Subgroup
	if k <= 0 {
		return nil, errorf(CodeBadParameter,
			"cần nhãn nhóm con (subgroups) hoặc cỡ nhóm con (subgroup) để chia dữ liệu",
			"give subgroup labels (subgroups) or a subgroup size (subgroup) to split the values")
	}
	if n%k != 0 {
		return nil, errorf(CodeBadParameter, "%d giá trị không chia hết thành các nhóm con cỡ %d",
			"%d values do not split evenly into subgroups of %d", n, k)
	}
	start := make([]int, n/k+1)
	for j := range start {
		start[j] = j * k
	}
	return &grouped{vals: req.Values, start: start}, nil
}

// analyzeXbar computes the X̄–R (useS false) or X̄–S chart.
//
// Phase I estimates, over the included subgroups:
//
//	x̿ = Σ n_i x̄_i / Σ n_i (the mean of all included values)
//	R:  σ̂ = (1/m) Σ R_i / d2(n_i)                      ("Rbar/d2"; R̄/d2 for equal sizes)
//	S:  σ̂ = (1/m) Σ s_i / c4(n_i)                      ("Sbar/c4"; S̄/c4 for equal sizes)
//	    σ̂ = sqrt(Σ(n_i−1)s_i² / Σ(n_i−1)) / c4(Σ(n_i−1)+1)  ("pooled/c4"; default for unequal sizes)
//
// Limits per subgroup: X̄ at x̿ ± 3σ̂/√n_i; R at d2σ̂ ± 3d3σ̂; S at
// c4σ̂ ± 3σ̂√(1−c4²); dispersion LCLs truncated at 0.
func analyzeXbar(req *Request, o *options, useS bool) (*Result, *capInput, error) {
	g, err := groupValues(req)
	if err != nil {
		return nil, nil, err
	}
	m := g.m()
	name, chart := "R", "r"
	if useS {
		name, chart = "S", "s"
	}
	minN, maxN, equal := g.size(0), g.size(0), true
	for j := range m {
		n := g.size(j)
		if n < 2 {
			return nil, nil, errorf(CodeSubgroupTooSmall,
				"nhóm con %d chỉ có 1 giá trị; biểu đồ X̄–%s cần nhóm con cỡ ≥ 2 — với số liệu đơn lẻ hãy dùng biểu đồ I–MR (chart = \"imr\")",
				"subgroup %d has a single value; the X̄–%s chart needs subgroups of size ≥ 2 — for individual values use the I–MR chart (chart = \"imr\")",
				j+1, name)
		}
		minN, maxN = min(minN, n), max(maxN, n)
	}
	equal = minN == maxN
	mask, err := o.excludedMask(m)
	if err != nil {
		return nil, nil, err
	}
	// Per-subgroup statistics, and the sums for the estimates.
	xbar := make([]float64, m)
	disp := make([]float64, m)
	sizes := make([]float64, m)
	var sumX, sumN, sumRatio, sumSS, sumDF float64
	included := 0
	for j := range m {
		v := g.group(j)
		n := len(v)
		s := 0.0
		lo, hi := v[0], v[0]
		for _, x := range v {
			s += x
			lo, hi = min(lo, x), max(hi, x)
		}
		mean := s / float64(n)
		xbar[j], sizes[j] = mean, float64(n)
		var d float64
		if useS {
			ss := 0.0
			for _, x := range v {
				ss += (x - mean) * (x - mean)
			}
			d = math.Sqrt(ss / float64(n-1))
			if mask == nil || !mask[j] {
				sumSS += ss
				sumDF += float64(n - 1)
			}
		} else {
			d = hi - lo
		}
		disp[j] = d
		if mask != nil && mask[j] {
			continue
		}
		included++
		sumX += s
		sumN += float64(n)
		d2, _, c4, err := o.consts.get(n)
		if err != nil {
			return nil, nil, err
		}
		if useS {
			sumRatio += d / c4
		} else {
			sumRatio += d / d2
		}
	}
	if m < 2 && req.Sigma == nil {
		return nil, nil, errorf(CodeTooFewPoints, "cần ít nhất 2 nhóm con để ước lượng giới hạn", "at least 2 subgroups are needed to estimate the limits")
	}
	center := sumX / sumN
	sigma := sumRatio / float64(included)
	method := "Rbar/d2"
	if useS {
		method = "Sbar/c4"
		est := req.SigmaEstimator
		switch est {
		case "":
			if !equal {
				est = EstimatorPooled
			}
		case EstimatorSbar, EstimatorPooled:
		default:
			return nil, nil, errorf(CodeBadParameter, "sigma_estimator phải là \"sbar\" hoặc \"pooled\", không phải %q",
				"sigma_estimator must be \"sbar\" or \"pooled\", not %q", est)
		}
		if est == EstimatorPooled {
			c4, err := pooledC4(o, sumDF)
			if err != nil {
				return nil, nil, err
			}
			sigma = math.Sqrt(sumSS/sumDF) / c4
			method = "pooled/c4"
		}
	}
	if req.Mean != nil {
		center = *req.Mean
	}
	if err := givenSigma(req, &sigma, &method); err != nil {
		return nil, nil, err
	}
	if !(sigma > 0) {
		return nil, nil, errZeroSigma()
	}
	res := &Result{Phase: phase(req.Mean, req.Sigma), Labels: g.labels, Sizes: sizes, Statistics: xbar,
		Center: center, Sigma: sigma, SigmaMethod: method, Constants: string(o.consts.kind)}
	res.LCL = make([]float64, m)
	res.UCL = make([]float64, m)
	sec := &Secondary{Chart: chart, Start: 1, Statistics: disp,
		Center: make([]float64, m), LCL: make([]float64, m), UCL: make([]float64, m)}
	sig := make([]float64, m)
	for j := range m {
		n := g.size(j)
		d2, d3, c4, err := o.consts.get(n)
		if err != nil {
			return nil, nil, err
		}
		se := sigma / math.Sqrt(float64(n))
		sig[j] = se
		res.LCL[j], res.UCL[j] = center-3*se, center+3*se
		if useS {
			w := 3 * sigma * math.Sqrt(1-c4*c4)
			sec.Center[j], sec.LCL[j], sec.UCL[j] = c4*sigma, max(0, c4*sigma-w), c4*sigma+w
		} else {
			sec.Center[j], sec.LCL[j], sec.UCL[j] = d2*sigma, max(0, (d2-3*d3)*sigma), (d2+3*d3)*sigma
		}
	}
	res.BeyondLimits = beyondLimits(xbar, res.LCL, res.UCL, 1)
	res.Rules = applyRules(o.rules, xbar, center, sig, 1, res.BeyondLimits)
	finishSecondary(sec, o.rules, 1)
	res.Secondary = sec
	return res, &capInput{values: includedValues(g, mask), sigmaWithin: sigma}, nil
}

// pooledC4 returns c4(Σ(n_i−1)+1) for the pooled estimator. With
// TableConstants and a total beyond the table, the exact value is used:
// the printed table stops at n = 25 and c4 → 1 there anyway.
func pooledC4(o *options, df float64) (float64, error) {
	n := int(df) + 1
	if o.consts.kind == TableConstants && n <= 25 {
		_, _, c4, err := o.consts.get(n)
		return c4, err
	}
	return C4(n), nil
}

// finishSecondary fills the beyond-limits list of a dispersion chart and
// its rule 1 entry. Point numbers are offset so they match the primary.
func finishSecondary(s *Secondary, rules string, stride int) {
	s.BeyondLimits = beyondLimits(s.Statistics, s.LCL, s.UCL, stride)
	for i := range s.BeyondLimits {
		s.BeyondLimits[i] += s.Start - 1
	}
	switch rules {
	case RulesNelson:
		s.Rules = map[string][]int{"nelson1": append([]int{}, s.BeyondLimits...)}
	case RulesWesternElectric:
		s.Rules = map[string][]int{"we1": append([]int{}, s.BeyondLimits...)}
	}
}

// givenSigma replaces sigma by the phase II standard when one is given.
func givenSigma(req *Request, sigma *float64, method *string) error {
	if req.Sigma == nil {
		return nil
	}
	if !(*req.Sigma > 0) {
		return errorf(CodeBadStandard, "sigma chuẩn phải dương, nhận được %v", "the standard sigma must be positive, got %v", *req.Sigma)
	}
	*sigma, *method = *req.Sigma, "given"
	return nil
}

func errZeroSigma() *Error {
	return errorf(CodeZeroSigma,
		"độ lệch chuẩn ước lượng bằng 0 (dữ liệu không đổi); không thể tính giới hạn kiểm soát",
		"the estimated sigma is zero (the data are constant); control limits cannot be computed")
}

// includedValues returns the values of the subgroups not excluded.
func includedValues(g *grouped, mask []bool) []float64 {
	if mask == nil {
		return g.vals
	}
	out := make([]float64, 0, len(g.vals))
	for j := range g.m() {
		if !mask[j] {
			out = append(out, g.group(j)...)
		}
	}
	return out
}

// analyzeIMR computes the individuals chart with a moving-range chart of
// span w (default 2): MR_i = max − min of x_{i−w+1..i} for i ≥ w, σ̂ =
// MR̄/d2(w) ("MRbar/d2"), I limits x̄ ± 3σ̂, MR limits d2σ̂ ± 3d3σ̂ with
// the LCL truncated at 0. An excluded point leaves out its value from x̄
// and every moving range that contains it from MR̄.
func analyzeIMR(req *Request, o *options) (*Result, *capInput, error) {
	x := req.Values
	if err := checkValues(x); err != nil {
		return nil, nil, err
	}
	if len(req.Subgroups) > 0 || req.Subgroup > 1 {
		return nil, nil, errorf(CodeBadParameter,
			"biểu đồ I–MR dùng số liệu đơn lẻ; với nhóm con hãy dùng xbar-r hoặc xbar-s",
			"the I–MR chart takes individual values; for subgroups use xbar-r or xbar-s")
	}
	w := req.Span
	if w == 0 {
		w = 2
	}
	m := len(x)
	if w < 2 {
		return nil, nil, errorf(CodeBadParameter, "độ dài khoảng trượt (span) phải ≥ 2, nhận được %d", "the moving-range span must be ≥ 2, got %d", w)
	}
	if m < w+1 && req.Sigma == nil {
		return nil, nil, errorf(CodeTooFewPoints, "cần ít nhất %d giá trị cho khoảng trượt %d", "at least %d values are needed for a span of %d", w+1, w)
	}
	mask, err := o.excludedMask(m)
	if err != nil {
		return nil, nil, err
	}
	d2, d3, _, err := o.consts.get(w)
	if err != nil {
		return nil, nil, err
	}
	nmr := max(m-w+1, 0)
	mr := make([]float64, nmr)
	var sumX, sumMR float64
	nX, nMR := 0, 0
	lastEx := -1 // index of the last excluded point seen
	for i, v := range x {
		if mask != nil && mask[i] {
			lastEx = i
		} else {
			sumX += v
			nX++
		}
		if i < w-1 {
			continue
		}
		var r float64
		if w == 2 {
			r = math.Abs(v - x[i-1])
		} else {
			lo, hi := v, v
			for _, y := range x[i-w+1 : i] {
				lo, hi = min(lo, y), max(hi, y)
			}
			r = hi - lo
		}
		mr[i-w+1] = r
		if lastEx <= i-w {
			sumMR += r
			nMR++
		}
	}
	center := sumX / float64(nX)
	sigma, method := 0.0, "MRbar/d2"
	if nMR > 0 {
		sigma = sumMR / float64(nMR) / d2
	}
	if req.Mean != nil {
		center = *req.Mean
	}
	if err := givenSigma(req, &sigma, &method); err != nil {
		return nil, nil, err
	}
	if !(sigma > 0) {
		if nMR == 0 {
			return nil, nil, errorf(CodeTooFewPoints, "không còn khoảng trượt nào sau khi loại trừ điểm", "no moving range is left after the exclusions")
		}
		return nil, nil, errZeroSigma()
	}
	lo, hi := center-3*sigma, center+3*sigma
	res := &Result{Phase: phase(req.Mean, req.Sigma), Statistics: append([]float64(nil), x...),
		Center: center, Sigma: sigma, SigmaMethod: method, Constants: string(o.consts.kind),
		LCL: fill(m, lo), UCL: fill(m, hi)}
	one := []float64{sigma}
	res.BeyondLimits = beyondLimits(x, res.LCL, res.UCL, 1)
	res.Rules = applyRules(o.rules, x, center, one, 0, res.BeyondLimits)
	sec := &Secondary{Chart: "mr", Start: w, Statistics: mr, Center: fill(nmr, d2*sigma),
		LCL: fill(nmr, max(0, (d2-3*d3)*sigma)), UCL: fill(nmr, (d2+3*d3)*sigma)}
	finishSecondary(sec, o.rules, 1)
	res.Secondary = sec
	vals := x
	if mask != nil {
		vals = make([]float64, 0, nX)
		for i, v := range x {
			if !mask[i] {
				vals = append(vals, v)
			}
		}
	}
	return res, &capInput{values: vals, sigmaWithin: sigma}, nil
}

// fill returns a slice of n copies of v.
func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}
