package spc

import "math"

// monitored is the series an EWMA or CUSUM chart watches: individual
// values, or subgroup means of equal-size subgroups, with the sigma of one
// plotted point and the sigma of individual values.
type monitored struct {
	x          []float64 // plotted observations
	sizes      []float64 // subgroup sizes (nil for individuals)
	labels     []string
	center     float64
	sigma      float64 // of individual values
	sigmaPoint float64 // of one plotted observation: sigma/√n
	method     string
	cap        *capInput
}

// monitorSeries prepares the EWMA/CUSUM input. Individual values use
// σ̂ = MR̄/d2(2); subgroups (equal sizes) use σ̂ = mean of R_i/d2(n).
// Exclusions leave points out of the center and sigma estimates.
func monitorSeries(req *Request, o *options) (*monitored, error) {
	if len(req.Subgroups) == 0 && req.Subgroup <= 1 {
		sub := *req
		sub.Span = 2
		res, ci, err := analyzeIMR(&sub, &options{rules: RulesNone, consts: o.consts, exclude: o.exclude})
		if err != nil {
			return nil, err
		}
		return &monitored{x: res.Statistics, center: res.Center, sigma: res.Sigma, sigmaPoint: res.Sigma,
			method: res.SigmaMethod, cap: ci}, nil
	}
	res, ci, err := analyzeXbar(req, &options{rules: RulesNone, consts: o.consts, exclude: o.exclude}, false)
	if err != nil {
		return nil, err
	}
	for _, n := range res.Sizes {
		if n != res.Sizes[0] {
			return nil, errorf(CodeBadSize, "biểu đồ EWMA/CUSUM cần các nhóm con cùng cỡ", "EWMA and CUSUM charts need subgroups of equal size")
		}
	}
	return &monitored{x: res.Statistics, sizes: res.Sizes, labels: res.Labels, center: res.Center, sigma: res.Sigma,
		sigmaPoint: res.Sigma / math.Sqrt(res.Sizes[0]), method: res.SigmaMethod, cap: ci}, nil
}

// analyzeEWMA computes z_i = λx_i + (1−λ)z_{i−1}, z_0 = center, with the
// exact time-varying limits
//
//	center ± L·σ_x·sqrt(λ/(2−λ)·(1 − (1−λ)^{2i}))
//
// where σ_x is the sigma of one plotted observation. A point is beyond
// the limits when z_i is. Run rules are not applied (the z_i are
// autocorrelated by construction).
func analyzeEWMA(req *Request, o *options) (*Result, *capInput, error) {
	lambda, L := 0.2, 3.0
	if req.Lambda != nil {
		lambda = *req.Lambda
		if !(lambda > 0 && lambda <= 1) {
			return nil, nil, errorf(CodeBadLambda, "λ phải thỏa 0 < λ ≤ 1, nhận được %v", "λ must satisfy 0 < λ ≤ 1, got %v", lambda)
		}
	}
	if req.L != nil {
		L = *req.L
		if !(L > 0) {
			return nil, nil, errorf(CodeBadParameter, "hệ số L phải dương, nhận được %v", "L must be positive, got %v", L)
		}
	}
	s, err := monitorSeries(req, o)
	if err != nil {
		return nil, nil, err
	}
	m := len(s.x)
	res := &Result{Phase: phase(req.Mean, req.Sigma), Labels: s.labels, Sizes: s.sizes,
		Statistics: append([]float64(nil), s.x...), Center: s.center, Sigma: s.sigma, SigmaMethod: s.method,
		Constants: string(o.consts.kind), EWMA: make([]float64, m), LCL: make([]float64, m), UCL: make([]float64, m)}
	z := s.center
	q := (1 - lambda) * (1 - lambda)
	qi := 1.0
	k := L * s.sigmaPoint * math.Sqrt(lambda/(2-lambda))
	for i, v := range s.x {
		z = lambda*v + (1-lambda)*z
		qi *= q
		w := k * math.Sqrt(1-qi)
		res.EWMA[i], res.LCL[i], res.UCL[i] = z, s.center-w, s.center+w
	}
	res.BeyondLimits = beyondLimits(res.EWMA, res.LCL, res.UCL, 1)
	return res, s.cap, nil
}
