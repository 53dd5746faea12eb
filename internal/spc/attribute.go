package spc

import "math"

// analyzeAttribute computes the p, np, c and u charts.
//
//	p:  p_i = d_i/n_i, p̄ = Σd/Σn, limits p̄ ± 3·sqrt(p̄(1−p̄)/n_i)
//	np: np_i = d_i (constant n), limits n·p̄ ± 3·sqrt(n·p̄(1−p̄))
//	c:  c_i, c̄ = mean, limits c̄ ± 3·sqrt(c̄)
//	u:  u_i = c_i/n_i, ū = Σc/Σn, limits ū ± 3·sqrt(ū/n_i)
//
// Sums run over the included points only; lower limits are truncated at 0.
// Phase II replaces p̄, c̄ or ū by the given P, C or U.
func analyzeAttribute(req *Request, o *options, chart string) (*Result, error) {
	counts, sizes := req.Counts, req.Sizes
	m := len(counts)
	if m == 0 {
		return nil, errorf(CodeEmptyInput, "không có số đếm (counts)", "no counts were given")
	}
	needSize := chart != ChartC
	if len(sizes) == 0 && req.Subgroup > 0 {
		sizes = fill(m, float64(req.Subgroup))
	}
	if len(sizes) == 0 {
		if needSize {
			return nil, errorf(CodeBadSize, "biểu đồ %s cần cỡ mẫu (sizes)", "the %s chart needs sample sizes (sizes)", chart)
		}
		sizes = fill(m, 1)
	}
	if len(sizes) != m {
		return nil, errorf(CodeLengthMismatch, "có %d số đếm nhưng %d cỡ mẫu", "%d counts but %d sample sizes", m, len(sizes))
	}
	for i := range m {
		c, n := counts[i], sizes[i]
		if !isFinite(c) || !isFinite(n) {
			return nil, errorf(CodeNonFinite, "mẫu %d có giá trị không hữu hạn", "sample %d has a non-finite value", i+1)
		}
		if c < 0 {
			return nil, errorf(CodeBadCount, "số đếm của mẫu %d âm (%v)", "sample %d has a negative count (%v)", i+1, c)
		}
		if !(n > 0) {
			return nil, errorf(CodeBadSize, "cỡ mẫu của mẫu %d phải dương (%v)", "sample %d must have a positive size (got %v)", i+1, n)
		}
		if (chart == ChartP || chart == ChartNP) && c > n {
			return nil, errorf(CodeCountExceedsSize, "mẫu %d có %v sản phẩm lỗi, nhiều hơn cỡ mẫu %v",
				"sample %d has %v defectives, more than its size %v", i+1, c, n)
		}
	}
	if chart == ChartNP {
		for i := range sizes {
			if sizes[i] != sizes[0] {
				return nil, errorf(CodeBadSize, "biểu đồ np cần cỡ mẫu không đổi (mẫu %d khác mẫu 1); hãy dùng biểu đồ p",
					"the np chart needs a constant sample size (sample %d differs from sample 1); use the p chart", i+1)
			}
		}
	}
	mask, err := o.excludedMask(m)
	if err != nil {
		return nil, err
	}
	var sc, sn float64
	inc := 0
	for i := range m {
		if mask != nil && mask[i] {
			continue
		}
		sc += counts[i]
		sn += sizes[i]
		inc++
	}
	res := &Result{Phase: "I", Sizes: append([]float64(nil), sizes...), Statistics: make([]float64, m),
		LCL: make([]float64, m), UCL: make([]float64, m)}
	sig := make([]float64, m)
	var center float64
	switch chart {
	case ChartP, ChartNP:
		pbar := sc / sn
		res.SigmaMethod = "binomial"
		if req.P != nil {
			if !(*req.P > 0 && *req.P < 1) {
				return nil, errorf(CodeBadStandard, "p chuẩn phải nằm trong (0, 1), nhận được %v", "the standard p must be in (0, 1), got %v", *req.P)
			}
			pbar, res.Phase, res.SigmaMethod = *req.P, "II", "given"
		}
		if !(pbar > 0 && pbar < 1) {
			return nil, errorf(CodeZeroSigma, "p̄ = %v nên độ lệch chuẩn bằng 0; không thể tính giới hạn",
				"p̄ = %v, so sigma is zero; control limits cannot be computed", pbar)
		}
		res.Sigma = math.Sqrt(pbar * (1 - pbar))
		center = pbar
		for i := range m {
			if chart == ChartNP {
				res.Statistics[i] = counts[i]
				sig[i] = res.Sigma * math.Sqrt(sizes[i])
			} else {
				res.Statistics[i] = counts[i] / sizes[i]
				sig[i] = res.Sigma / math.Sqrt(sizes[i])
			}
		}
		if chart == ChartNP {
			center = sizes[0] * pbar
		}
	case ChartC, ChartU:
		rate := sc / sn
		given := req.C
		if chart == ChartU {
			given = req.U
		} else {
			rate = sc / float64(inc) // c̄ is per sample, whatever sizes say
		}
		res.SigmaMethod = "poisson"
		if given != nil {
			if !(*given > 0) {
				return nil, errorf(CodeBadStandard, "giá trị chuẩn của %s phải dương, nhận được %v", "the standard %s must be positive, got %v", chart, *given)
			}
			rate, res.Phase, res.SigmaMethod = *given, "II", "given"
		}
		if !(rate > 0) {
			return nil, errorf(CodeZeroSigma, "không có khuyết tật nào (trung bình = 0); không thể tính giới hạn",
				"there are no nonconformities (mean 0); control limits cannot be computed")
		}
		res.Sigma = math.Sqrt(rate)
		center = rate
		for i := range m {
			if chart == ChartU {
				res.Statistics[i] = counts[i] / sizes[i]
				sig[i] = res.Sigma / math.Sqrt(sizes[i])
			} else {
				res.Statistics[i] = counts[i]
				sig[i] = res.Sigma
			}
		}
	}
	if chart == ChartC && len(req.Sizes) == 0 {
		res.Sizes = nil
	}
	res.Center = center
	for i := range m {
		res.LCL[i], res.UCL[i] = max(0, center-3*sig[i]), center+3*sig[i]
	}
	res.BeyondLimits = beyondLimits(res.Statistics, res.LCL, res.UCL, 1)
	res.Rules = applyRules(o.rules, res.Statistics, center, sig, 1, res.BeyondLimits)
	return res, nil
}
