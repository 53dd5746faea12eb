package spc

// analyzeCUSUM computes the tabular CUSUM (Montgomery §9.1.2; NIST
// e-Handbook 6.3.2.3) on individual values or equal-size subgroup means:
//
//	C⁺_i = max(0, x_i − (μ0 + K) + C⁺_{i−1})
//	C⁻_i = max(0, (μ0 − K) − x_i + C⁻_{i−1})
//
// with K = k·σ_x, H = h·σ_x, σ_x the sigma of one plotted observation,
// and C⁺_0 = C⁻_0 = head_start·σ_x (the fast initial response; 0 by
// default, h/2 is the usual FIR choice). A point is out of control when
// C⁺_i > H or C⁻_i > H. UCL is H and LCL is −H at every point: plot C⁺
// against UCL and −C⁻ against LCL.
func analyzeCUSUM(req *Request, o *options) (*Result, *capInput, error) {
	k, h, hs := 0.5, 5.0, 0.0
	if req.K != nil {
		if k = *req.K; !(k > 0) {
			return nil, nil, errorf(CodeBadParameter, "k phải dương, nhận được %v", "k must be positive, got %v", k)
		}
	}
	if req.H != nil {
		if h = *req.H; !(h > 0) {
			return nil, nil, errorf(CodeBadParameter, "h phải dương, nhận được %v", "h must be positive, got %v", h)
		}
	}
	if req.HeadStart != nil {
		if hs = *req.HeadStart; !(hs >= 0 && hs < h) {
			return nil, nil, errorf(CodeBadParameter, "head_start phải thỏa 0 ≤ head_start < h, nhận được %v",
				"head_start must satisfy 0 ≤ head_start < h, got %v", hs)
		}
	}
	s, err := monitorSeries(req, o)
	if err != nil {
		return nil, nil, err
	}
	m := len(s.x)
	K, H := k*s.sigmaPoint, h*s.sigmaPoint
	res := &Result{Phase: phase(req.Mean, req.Sigma), Labels: s.labels, Sizes: s.sizes,
		Statistics: append([]float64(nil), s.x...), Center: s.center, Sigma: s.sigma, SigmaMethod: s.method,
		Constants: string(o.consts.kind), CusumUpper: make([]float64, m), CusumLower: make([]float64, m),
		LCL: fill(m, -H), UCL: fill(m, H), BeyondLimits: []int{}}
	cp, cm := hs*s.sigmaPoint, hs*s.sigmaPoint
	for i, v := range s.x {
		cp = max(0, v-(s.center+K)+cp)
		cm = max(0, (s.center-K)-v+cm)
		res.CusumUpper[i], res.CusumLower[i] = cp, cm
		if cp > H || cm > H {
			res.BeyondLimits = append(res.BeyondLimits, i+1)
		}
	}
	return res, s.cap, nil
}
