package spc

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
)

// Chart names accepted in Request.Chart.
const (
	ChartXbarR = "xbar-r" // X̄ chart with an R chart, sigma R̄/d2
	ChartXbarS = "xbar-s" // X̄ chart with an S chart, sigma S̄/c4 or pooled/c4
	ChartIMR   = "imr"    // individuals with a moving-range chart, sigma MR̄/d2
	ChartP     = "p"      // fraction nonconforming
	ChartNP    = "np"     // number nonconforming, constant sample size
	ChartC     = "c"      // nonconformities per sample
	ChartU     = "u"      // nonconformities per unit
	ChartEWMA  = "ewma"   // exponentially weighted moving average
	ChartCUSUM = "cusum"  // tabular CUSUM
)

// Sigma estimator names accepted in Request.SigmaEstimator (X̄–S only).
const (
	EstimatorSbar   = "sbar"   // mean of s_i/c4(n_i): S̄/c4 for equal sizes
	EstimatorPooled = "pooled" // sqrt(Σ(n_i−1)s_i²/Σ(n_i−1)) / c4(Σ(n_i−1)+1)
)

// Request is one analysis: the chart, its options and the data. It is the
// JSON body of POST /api/v1/spc/analyze (see schema.md). Pointer fields are
// optional: nil means "not given" (and takes the documented default), so an
// explicit 0 is rejected where 0 is invalid rather than silently defaulted.
type Request struct {
	// Chart is one of the Chart… names.
	Chart string `json:"chart"`
	// Subgroup splits Values into consecutive subgroups of this size when no
	// Subgroups labels are given (X̄ charts, EWMA, CUSUM); for p and np
	// charts without Sizes it is the constant sample size.
	Subgroup int `json:"subgroup,omitempty"`
	// Values are the measurements of a variables chart, one per element.
	Values []float64 `json:"values,omitempty"`
	// Subgroups labels Values element by element; subgroups are formed in
	// order of first appearance and may differ in size.
	Subgroups Labels `json:"subgroups,omitempty"`
	// Counts (defectives or defects) and Sizes (sample size, or inspection
	// units for u) are the data of an attribute chart.
	Counts []float64 `json:"counts,omitempty"`
	Sizes  []float64 `json:"sizes,omitempty"`

	// LSL, USL and Target are the specification; giving LSL or USL turns on
	// the capability study (variables charts only).
	LSL    *float64 `json:"lsl,omitempty"`
	USL    *float64 `json:"usl,omitempty"`
	Target *float64 `json:"target,omitempty"`
	// Confidence is the level of the capability intervals, 0 < c < 1;
	// 0 means 0.95.
	Confidence float64 `json:"confidence,omitempty"`

	// Rules is "we" (default when empty), "nelson" or "none".
	Rules string `json:"rules,omitempty"`
	// Lambda (default 0.2) and L (default 3) configure the EWMA chart.
	Lambda *float64 `json:"lambda,omitempty"`
	L      *float64 `json:"l,omitempty"`
	// K (default 0.5), H (default 5) and HeadStart (default 0, FIR) are the
	// CUSUM reference value, decision interval and starting value, all in
	// sigma units of the plotted statistic.
	K         *float64 `json:"k,omitempty"`
	H         *float64 `json:"h,omitempty"`
	HeadStart *float64 `json:"head_start,omitempty"`
	// Span is the moving-range span w of the I–MR chart (default 2).
	Span int `json:"span,omitempty"`
	// Exclude lists point numbers (1-based) left out of the limit
	// computation in phase I; they are still plotted and tested.
	Exclude []int `json:"exclude,omitempty"`

	// Phase II standards. Mean and Sigma (of individual values) apply to
	// the variables charts, P to p and np, C to c, U to u. Any given
	// standard replaces the estimate from the data.
	Mean  *float64 `json:"mean,omitempty"`
	Sigma *float64 `json:"sigma,omitempty"`
	P     *float64 `json:"p,omitempty"`
	C     *float64 `json:"c,omitempty"`
	U     *float64 `json:"u,omitempty"`

	// Constants is "exact" (default) or "table"; see Constants.
	Constants string `json:"constants,omitempty"`
	// SigmaEstimator chooses the X̄–S sigma estimator: "sbar" or
	// "pooled". Default: "sbar" for equal subgroup sizes, "pooled" otherwise.
	SigmaEstimator string `json:"sigma_estimator,omitempty"`
}

// Labels are subgroup labels. In JSON they may be strings or numbers.
type Labels []string

// UnmarshalJSON accepts an array of strings and/or numbers.
func (l *Labels) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Labels, len(raw))
	for i, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err == nil {
			out[i] = s
			continue
		}
		var n json.Number
		if err := json.Unmarshal(r, &n); err != nil {
			return errorf(CodeBadInput, "nhãn nhóm con thứ %d phải là chuỗi hoặc số", "subgroup label %d must be a string or a number", i+1)
		}
		out[i] = n.String()
	}
	*l = out
	return nil
}

// Float64 returns a pointer to v, for the optional fields of Request.
func Float64(v float64) *float64 { return &v }

// Result is the outcome of Analyze. Every slice indexed by point has one
// element per plotted point; point numbers in lists are 1-based. A Result
// never holds NaN or ±Inf, so it always encodes as JSON.
type Result struct {
	Chart string `json:"chart"`
	// Phase is "I" (limits from the data) or "II" (a standard was given).
	Phase string `json:"phase"`
	// Labels are the subgroup labels in plotted order, when given.
	Labels []string `json:"labels,omitempty"`
	// Sizes are the subgroup or sample sizes per point (not for I–MR).
	Sizes []float64 `json:"sizes,omitempty"`
	// Statistics is the plotted value per point: X̄_i, x_i, p_i, np_i, c_i,
	// u_i; for EWMA and CUSUM the (subgroup mean) observation.
	Statistics []float64 `json:"statistics"`
	// Center is the center line: x̿, x̄, p̄, n·p̄, c̄, ū, or the target.
	Center float64 `json:"center"`
	// Sigma is the process sigma used for the limits: of individual values
	// for variables charts, sqrt(p̄(1−p̄)) per unit for p and np, sqrt(c̄)
	// for c, sqrt(ū) per unit for u.
	Sigma float64 `json:"sigma"`
	// SigmaMethod names the estimator: "Rbar/d2", "Sbar/c4", "pooled/c4",
	// "MRbar/d2", "binomial", "poisson", or "given" in phase II.
	SigmaMethod string `json:"sigma_method"`
	// Constants is "exact" or "table" (variables charts).
	Constants string `json:"constants,omitempty"`
	// LCL and UCL are the control limits per point (of the EWMA series for
	// EWMA; ±h·sigma for CUSUM).
	LCL []float64 `json:"lcl"`
	UCL []float64 `json:"ucl"`
	// BeyondLimits lists the points outside their limits (for CUSUM: C⁺ or
	// C⁻ above h·sigma).
	BeyondLimits []int `json:"beyond_limits"`
	// Rules maps every evaluated rule name (we1..we4 or nelson1..nelson8)
	// to the points that complete the rule's pattern, possibly empty.
	Rules map[string][]int `json:"rules,omitempty"`
	// Excluded echoes the points left out of the limit computation.
	Excluded []int `json:"excluded,omitempty"`
	// Secondary is the R, S or MR chart of X̄–R, X̄–S and I–MR.
	Secondary *Secondary `json:"secondary,omitempty"`
	// EWMA is the EWMA series z_i (EWMA chart).
	EWMA []float64 `json:"ewma,omitempty"`
	// CusumUpper and CusumLower are C⁺_i and C⁻_i, both ≥ 0 (CUSUM chart).
	CusumUpper []float64 `json:"cusum_upper,omitempty"`
	CusumLower []float64 `json:"cusum_lower,omitempty"`
	// Capability is present when LSL or USL was given.
	Capability *Capability `json:"capability,omitempty"`
}

// Secondary is the dispersion chart that accompanies X̄ and I charts.
type Secondary struct {
	// Chart is "r", "s" or "mr".
	Chart string `json:"chart"`
	// Start is the point number of Statistics[0]: 1 for R and S, the span w
	// for MR (the first w−1 points have no moving range).
	Start      int       `json:"start"`
	Statistics []float64 `json:"statistics"`
	// Center, LCL and UCL are per statistic (they vary with subgroup size).
	Center []float64 `json:"center"`
	LCL    []float64 `json:"lcl"`
	UCL    []float64 `json:"ucl"`
	// BeyondLimits are point numbers (on the primary chart's numbering).
	BeyondLimits []int `json:"beyond_limits"`
	// Rules holds we1 or nelson1 (= BeyondLimits) when rules were asked.
	Rules map[string][]int `json:"rules,omitempty"`
}

// Analyze validates req, computes the chart, the run rules and (when a
// specification is given) the capability study. Every failure is an
// *Error with one of the Code… codes; the result never contains NaN or Inf.
func Analyze(req Request) (*Result, error) {
	chart := strings.ToLower(strings.TrimSpace(req.Chart))
	o, err := newOptions(&req)
	if err != nil {
		return nil, err
	}
	var res *Result
	var cap *capInput
	switch chart {
	case ChartXbarR, ChartXbarS:
		res, cap, err = analyzeXbar(&req, o, chart == ChartXbarS)
	case ChartIMR:
		res, cap, err = analyzeIMR(&req, o)
	case ChartP, ChartNP, ChartC, ChartU:
		if req.LSL != nil || req.USL != nil {
			return nil, errorf(CodeBadSpecLimits,
				"giới hạn kỹ thuật (LSL/USL) chỉ dùng cho biểu đồ biến số, không dùng cho biểu đồ %s",
				"specification limits (LSL/USL) apply to variables charts only, not to the %s chart", chart)
		}
		res, err = analyzeAttribute(&req, o, chart)
	case ChartEWMA:
		res, cap, err = analyzeEWMA(&req, o)
	case ChartCUSUM:
		res, cap, err = analyzeCUSUM(&req, o)
	case "":
		return nil, errorf(CodeBadChart, "thiếu loại biểu đồ (chart)", "the chart type is missing")
	default:
		return nil, errorf(CodeBadChart,
			"loại biểu đồ %q không được hỗ trợ (xbar-r, xbar-s, imr, p, np, c, u, ewma, cusum)",
			"unknown chart %q (want xbar-r, xbar-s, imr, p, np, c, u, ewma, cusum)", req.Chart)
	}
	if err != nil {
		return nil, err
	}
	res.Chart = chart
	if len(o.exclude) > 0 {
		res.Excluded = append([]int{}, o.exclude...)
	}
	if cap != nil && (req.LSL != nil || req.USL != nil) {
		c, err := capability(cap, &req, o.confidence)
		if err != nil {
			return nil, err
		}
		res.Capability = c
	}
	if err := checkFinite(res); err != nil {
		return nil, err
	}
	return res, nil
}

// options are the validated, defaulted request options shared by charts.
type options struct {
	rules      string
	consts     *constantSet
	confidence float64
	exclude    []int // sorted, unique
}

func newOptions(req *Request) (*options, error) {
	o := &options{confidence: 0.95}
	switch r := strings.ToLower(strings.TrimSpace(req.Rules)); r {
	case "", RulesWesternElectric:
		o.rules = RulesWesternElectric
	case RulesNelson, RulesNone:
		o.rules = r
	default:
		return nil, errorf(CodeBadParameter, "bộ quy tắc %q không hợp lệ (we, nelson, none)",
			"unknown rule set %q (want we, nelson or none)", req.Rules)
	}
	switch c := Constants(strings.ToLower(req.Constants)); c {
	case "", ExactConstants, TableConstants:
		o.consts = newConstantSet(c)
	default:
		return nil, errorf(CodeBadParameter, "constants phải là \"exact\" hoặc \"table\", không phải %q",
			"constants must be \"exact\" or \"table\", not %q", req.Constants)
	}
	if req.Confidence != 0 {
		if !(req.Confidence > 0 && req.Confidence < 1) {
			return nil, errorf(CodeBadParameter, "độ tin cậy phải nằm trong (0, 1), nhận được %v",
				"confidence must be in (0, 1), got %v", req.Confidence)
		}
		o.confidence = req.Confidence
	}
	for _, p := range []struct {
		name string
		v    *float64
	}{{"lsl", req.LSL}, {"usl", req.USL}, {"target", req.Target}, {"lambda", req.Lambda}, {"l", req.L},
		{"k", req.K}, {"h", req.H}, {"head_start", req.HeadStart}, {"mean", req.Mean}, {"sigma", req.Sigma},
		{"p", req.P}, {"c", req.C}, {"u", req.U}} {
		if p.v != nil && !isFinite(*p.v) {
			return nil, errorf(CodeNonFinite, "tham số %s không phải là số hữu hạn", "parameter %s is not a finite number", p.name)
		}
	}
	if req.LSL != nil && req.USL != nil && *req.LSL >= *req.USL {
		return nil, errorf(CodeBadSpecLimits, "LSL (%v) phải nhỏ hơn USL (%v)", "LSL (%v) must be below USL (%v)", *req.LSL, *req.USL)
	}
	if req.Subgroup < 0 {
		return nil, errorf(CodeBadParameter, "cỡ nhóm con phải dương, nhận được %d", "subgroup size must be positive, got %d", req.Subgroup)
	}
	if len(req.Exclude) > 0 {
		ex := append([]int{}, req.Exclude...)
		slices.Sort(ex)
		u := ex[:0]
		for i, v := range ex {
			if i == 0 || v != ex[i-1] {
				u = append(u, v)
			}
		}
		o.exclude = u
	}
	return o, nil
}

// excludedMask turns the exclusion list into a per-point mask for m points.
func (o *options) excludedMask(m int) ([]bool, error) {
	if len(o.exclude) == 0 {
		return nil, nil
	}
	mask := make([]bool, m)
	for _, p := range o.exclude {
		if p < 1 || p > m {
			return nil, errorf(CodeBadExclude, "điểm loại trừ %d nằm ngoài khoảng 1..%d", "excluded point %d is outside 1..%d", p, m)
		}
		mask[p-1] = true
	}
	if len(o.exclude) >= m {
		return nil, errorf(CodeBadExclude, "không thể loại trừ tất cả các điểm", "cannot exclude every point")
	}
	return mask, nil
}

// phase returns "II" if any standard is used, else "I".
func phase(given ...*float64) string {
	for _, g := range given {
		if g != nil {
			return "II"
		}
	}
	return "I"
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkFinite is the last line of defence: a Result with NaN or Inf cannot
// be encoded as JSON, so it is reported as an internal error instead.
func checkFinite(r *Result) error {
	bad := func(where string) error {
		return errorf(CodeInternal, "lỗi nội bộ: giá trị không hữu hạn trong %s", "internal error: non-finite value in %s", where)
	}
	series := map[string][]float64{"statistics": r.Statistics, "lcl": r.LCL, "ucl": r.UCL, "ewma": r.EWMA,
		"cusum_upper": r.CusumUpper, "cusum_lower": r.CusumLower, "sizes": r.Sizes}
	if s := r.Secondary; s != nil {
		series["secondary.statistics"], series["secondary.center"] = s.Statistics, s.Center
		series["secondary.lcl"], series["secondary.ucl"] = s.LCL, s.UCL
	}
	for name, s := range series {
		for _, v := range s {
			if !isFinite(v) {
				return bad(name)
			}
		}
	}
	if !isFinite(r.Center) || !isFinite(r.Sigma) {
		return bad("center/sigma")
	}
	if c := r.Capability; c != nil {
		vals := []float64{c.Mean, c.SigmaWithin, c.SigmaOverall}
		for _, iv := range []*Interval{c.Cp, c.Cpl, c.Cpu, c.Cpk, c.Cpm, c.Pp, c.Ppk} {
			if iv != nil {
				vals = append(vals, iv.Value, iv.Lower, iv.Upper)
			}
		}
		if n := c.Normality; n != nil {
			vals = append(vals, n.AD, n.ADAdjusted, n.PValue)
		}
		for _, v := range vals {
			if !isFinite(v) {
				return bad("capability")
			}
		}
	}
	return nil
}
