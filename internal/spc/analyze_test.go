package spc

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestAnalyzeErrors(t *testing.T) {
	f := Float64
	vals := []float64{1, 2, 3, 4, 5, 6}
	tests := []struct {
		name string
		req  Request
		code string
	}{
		{"missing chart", Request{Values: vals}, CodeBadChart},
		{"unknown chart", Request{Chart: "pareto", Values: vals}, CodeBadChart},
		{"empty input", Request{Chart: ChartIMR}, CodeEmptyInput},
		{"NaN value", Request{Chart: ChartIMR, Values: []float64{1, math.NaN(), 3}}, CodeNonFinite},
		{"Inf value", Request{Chart: ChartXbarR, Values: []float64{1, math.Inf(1)}, Subgroup: 2}, CodeNonFinite},
		{"NaN parameter", Request{Chart: ChartIMR, Values: vals, LSL: f(math.NaN())}, CodeNonFinite},
		{"constant series", Request{Chart: ChartIMR, Values: []float64{5, 5, 5, 5}}, CodeZeroSigma},
		{"constant subgroups", Request{Chart: ChartXbarR, Values: []float64{5, 5, 5, 5}, Subgroup: 2}, CodeZeroSigma},
		{"subgroup size 1 on X̄–R", Request{Chart: ChartXbarR, Values: vals, Subgroup: 1}, CodeSubgroupTooSmall},
		{"singleton label on X̄–S", Request{Chart: ChartXbarS, Values: []float64{1, 2, 3}, Subgroups: Labels{"a", "a", "b"}}, CodeSubgroupTooSmall},
		{"no subgrouping", Request{Chart: ChartXbarR, Values: vals}, CodeBadParameter},
		{"uneven split", Request{Chart: ChartXbarR, Values: vals, Subgroup: 4}, CodeBadParameter},
		{"label count", Request{Chart: ChartXbarR, Values: vals, Subgroups: Labels{"a"}}, CodeLengthMismatch},
		{"defectives above size", Request{Chart: ChartP, Counts: []float64{3, 60}, Sizes: []float64{50, 50}}, CodeCountExceedsSize},
		{"zero size", Request{Chart: ChartU, Counts: []float64{3, 6}, Sizes: []float64{5, 0}}, CodeBadSize},
		{"negative size", Request{Chart: ChartP, Counts: []float64{3, 6}, Sizes: []float64{-5, 10}}, CodeBadSize},
		{"missing sizes", Request{Chart: ChartP, Counts: []float64{3, 6}}, CodeBadSize},
		{"np with unequal sizes", Request{Chart: ChartNP, Counts: []float64{3, 6}, Sizes: []float64{50, 60}}, CodeBadSize},
		{"negative count", Request{Chart: ChartC, Counts: []float64{3, -1}}, CodeBadCount},
		{"no defectives", Request{Chart: ChartP, Counts: []float64{0, 0}, Sizes: []float64{5, 5}}, CodeZeroSigma},
		{"no defects", Request{Chart: ChartC, Counts: []float64{0, 0}}, CodeZeroSigma},
		{"lambda 0", Request{Chart: ChartEWMA, Values: vals, Lambda: f(0)}, CodeBadLambda},
		{"lambda > 1", Request{Chart: ChartEWMA, Values: vals, Lambda: f(1.5)}, CodeBadLambda},
		{"L ≤ 0", Request{Chart: ChartEWMA, Values: vals, L: f(0)}, CodeBadParameter},
		{"k ≤ 0", Request{Chart: ChartCUSUM, Values: vals, K: f(-1)}, CodeBadParameter},
		{"h ≤ 0", Request{Chart: ChartCUSUM, Values: vals, H: f(0)}, CodeBadParameter},
		{"head start ≥ h", Request{Chart: ChartCUSUM, Values: vals, HeadStart: f(5)}, CodeBadParameter},
		{"LSL ≥ USL", Request{Chart: ChartIMR, Values: vals, LSL: f(3), USL: f(3)}, CodeBadSpecLimits},
		{"specs on attribute", Request{Chart: ChartC, Counts: []float64{1, 2}, USL: f(3)}, CodeBadSpecLimits},
		{"sigma ≤ 0 standard", Request{Chart: ChartIMR, Values: vals, Sigma: f(0)}, CodeBadStandard},
		{"p standard ≥ 1", Request{Chart: ChartP, Counts: []float64{1}, Sizes: []float64{5}, P: f(1)}, CodeBadStandard},
		{"exclude out of range", Request{Chart: ChartIMR, Values: vals, Exclude: []int{7}}, CodeBadExclude},
		{"exclude all", Request{Chart: ChartC, Counts: []float64{1, 2}, Exclude: []int{1, 2}}, CodeBadExclude},
		{"bad rules", Request{Chart: ChartIMR, Values: vals, Rules: "westgard"}, CodeBadParameter},
		{"bad constants", Request{Chart: ChartIMR, Values: vals, Constants: "approx"}, CodeBadParameter},
		{"bad confidence", Request{Chart: ChartIMR, Values: vals, Confidence: 1}, CodeBadParameter},
		{"table beyond n=25", Request{Chart: ChartXbarR, Values: make([]float64, 52), Subgroup: 26, Constants: "table"}, CodeBadParameter},
		{"span 1", Request{Chart: ChartIMR, Values: vals, Span: 1}, CodeBadParameter},
		{"too few for span", Request{Chart: ChartIMR, Values: []float64{1, 2}, Span: 3}, CodeTooFewPoints},
		{"bad estimator", Request{Chart: ChartXbarS, Values: vals, Subgroup: 2, SigmaEstimator: "mad"}, CodeBadParameter},
		{"EWMA unequal subgroups", Request{Chart: ChartEWMA, Values: []float64{1, 2, 3, 4, 6}, Subgroups: Labels{"a", "a", "b", "b", "b"}}, CodeBadSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Analyze(tt.req)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("got %v (result %v), want code %s", err, res != nil, tt.code)
			}
			if e.Vi == "" || e.En == "" || !strings.HasPrefix(e.Error(), "spc: ") {
				t.Errorf("message: %q / %q", e.Vi, e.En)
			}
		})
	}
	// The size-1 message points to I–MR in both languages.
	_, err := Analyze(Request{Chart: ChartXbarR, Values: vals, Subgroup: 1})
	var e *Error
	if errors.As(err, &e) && (!strings.Contains(e.En, "I–MR") || !strings.Contains(e.Vi, "I–MR")) {
		t.Errorf("message should point to I–MR: %q / %q", e.En, e.Vi)
	}
}

// TestUnequalSubgroups checks per-subgroup limits and the documented
// estimators for unequal sizes.
func TestUnequalSubgroups(t *testing.T) {
	labels := Labels{"a", "a", "a", "b", "b", "c", "c", "c", "c", "d", "d", "d"}
	x := []float64{10, 12, 11, 9, 13, 10, 11, 12, 9, 10, 12, 14}
	groups := [][]float64{{10, 12, 11}, {9, 13}, {10, 11, 12, 9}, {10, 12, 14}}
	var sum, sumRatioR, sumRatioS, ss, df float64
	for _, g := range groups {
		m, s := meanSD(g)
		n := len(g)
		sum += m * float64(n)
		sumRatioR += (slicesMax(g) - slicesMin(g)) / D2(n)
		sumRatioS += s / C4(n)
		ss += s * s * float64(n-1)
		df += float64(n - 1)
	}
	center := sum / 12
	r := mustAnalyze(t, Request{Chart: ChartXbarR, Values: x, Subgroups: labels})
	checkRel(t, "center", r.Center, center)
	checkRel(t, "R sigma", r.Sigma, sumRatioR/4)
	for j, g := range groups {
		checkRel(t, "UCL", r.UCL[j], center+3*r.Sigma/math.Sqrt(float64(len(g))))
		checkRel(t, "R center", r.Secondary.Center[j], D2(len(g))*r.Sigma)
	}
	s := mustAnalyze(t, Request{Chart: ChartXbarS, Values: x, Subgroups: labels})
	if s.SigmaMethod != "pooled/c4" {
		t.Errorf("default for unequal sizes = %q, want pooled/c4", s.SigmaMethod)
	}
	checkRel(t, "pooled sigma", s.Sigma, math.Sqrt(ss/df)/C4(int(df)+1))
	sb := mustAnalyze(t, Request{Chart: ChartXbarS, Values: x, Subgroups: labels, SigmaEstimator: "sbar"})
	checkRel(t, "sbar sigma", sb.Sigma, sumRatioS/4)
	if !equalStrings(r.Labels, []string{"a", "b", "c", "d"}) || !equalFloats(r.Sizes, []float64{3, 2, 4, 3}) {
		t.Errorf("labels %v sizes %v", r.Labels, r.Sizes)
	}
	// p chart with unequal sizes: per-point limits.
	p := mustAnalyze(t, Request{Chart: ChartP, Counts: []float64{5, 10, 2}, Sizes: []float64{100, 150, 50}})
	pbar := 17.0 / 300
	for i, n := range []float64{100, 150, 50} {
		w := 3 * math.Sqrt(pbar*(1-pbar)/n)
		checkRel(t, "p UCL", p.UCL[i], pbar+w)
		if p.LCL[i] != max(0, pbar-w) {
			t.Errorf("p LCL %v, want max(0, %v)", p.LCL[i], pbar-w)
		}
	}
}

func slicesMax(s []float64) float64 {
	m := s[0]
	for _, v := range s {
		m = max(m, v)
	}
	return m
}

func slicesMin(s []float64) float64 {
	m := s[0]
	for _, v := range s {
		m = min(m, v)
	}
	return m
}

// TestIMR checks the I–MR chart, span 3, and exclusions.
func TestIMR(t *testing.T) {
	x := []float64{5, 7, 6, 8, 6, 5, 7, 9, 6, 7}
	res := mustAnalyze(t, Request{Chart: ChartIMR, Values: x})
	mrSum := 0.0
	for i := 1; i < len(x); i++ {
		mrSum += math.Abs(x[i] - x[i-1])
	}
	mean, _ := meanSD(x)
	sigma := mrSum / 9 / D2(2)
	checkRel(t, "center", res.Center, mean)
	checkRel(t, "sigma", res.Sigma, sigma)
	checkRel(t, "UCL", res.UCL[5], mean+3*sigma)
	checkRel(t, "MR UCL", res.Secondary.UCL[0], (D2(2)+3*D3(2))*sigma)
	if res.Secondary.Start != 2 || len(res.Secondary.Statistics) != 9 || res.SigmaMethod != "MRbar/d2" {
		t.Errorf("secondary %+v", res.Secondary)
	}
	// Span 3: MR_i is the range of three consecutive values.
	r3 := mustAnalyze(t, Request{Chart: ChartIMR, Values: x, Span: 3})
	sum3 := 0.0
	for i := 2; i < len(x); i++ {
		w := x[i-2 : i+1]
		sum3 += slicesMax(w) - slicesMin(w)
	}
	checkRel(t, "span-3 sigma", r3.Sigma, sum3/8/D2(3))
	// Excluding point 8 drops x8 from the mean and MR_8, MR_9 from MR̄.
	ex := mustAnalyze(t, Request{Chart: ChartIMR, Values: x, Exclude: []int{8}})
	checkRel(t, "excluded mean", ex.Center, (mean*10-9)/9)
	checkRel(t, "excluded sigma", ex.Sigma, (mrSum-2-3)/7/D2(2))
	if len(ex.Statistics) != 10 {
		t.Error("excluded points must stay plotted")
	}
}

// TestResultAlwaysFinite runs every chart on awkward but valid data and
// checks the result encodes as JSON (which rejects NaN and Inf) and holds
// no non-finite number.
func TestResultAlwaysFinite(t *testing.T) {
	f := Float64
	big := []float64{1e300, -1e300, 1e300, -1e300, 1e300, -1e300}
	tiny := []float64{1e-300, 2e-300, 1e-300, 3e-300, 1e-300, 2e-300}
	reqs := []Request{
		{Chart: ChartIMR, Values: tiny, LSL: f(0), USL: f(1e-299)},
		{Chart: ChartIMR, Values: []float64{1, 2, 1, 2, 1, 2, 1, 2}, LSL: f(-1e9), USL: f(1e9), Target: f(0)},
		{Chart: ChartXbarR, Values: big, Subgroup: 2},
		{Chart: ChartXbarS, Values: tiny, Subgroup: 3, USL: f(1)},
		{Chart: ChartP, Counts: []float64{0, 50, 1}, Sizes: []float64{50, 50, 50}},
		{Chart: ChartU, Counts: []float64{0, 0, 1}, Sizes: []float64{0.5, 2, 1e-3}},
		{Chart: ChartC, Counts: []float64{0, 0, 1}},
		{Chart: ChartEWMA, Values: tiny, Lambda: f(1)},
		{Chart: ChartCUSUM, Values: []float64{1, 2, 1, 2, 1e6}, HeadStart: f(2.5)},
	}
	for _, req := range reqs {
		res, err := Analyze(req)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code == CodeInternal {
				t.Errorf("%s: %v", req.Chart, err)
			}
			continue
		}
		if _, err := json.Marshal(res); err != nil {
			t.Errorf("%s: result does not encode: %v", req.Chart, err)
		}
		if err := checkFinite(res); err != nil {
			t.Errorf("%s: %v", req.Chart, err)
		}
	}
	// checkFinite itself must catch a NaN.
	if err := checkFinite(&Result{Statistics: []float64{math.NaN()}}); err == nil {
		t.Error("checkFinite missed a NaN")
	}
}

// TestJSONShape pins the output field names used by the CLI and the API.
func TestJSONShape(t *testing.T) {
	res := mustAnalyze(t, Request{Chart: ChartXbarR, Values: []float64{1, 2, 3, 2, 4, 3, 2, 3}, Subgroup: 2,
		LSL: Float64(0), USL: Float64(5), Rules: "nelson"})
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"chart", "phase", "statistics", "center", "sigma", "sigma_method", "lcl", "ucl",
		"beyond_limits", "rules", "secondary", "capability"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing %q in %s", k, b)
		}
	}
	rules := m["rules"].(map[string]any)
	if len(rules) != 8 || rules["nelson5"] == nil {
		t.Errorf("rules %v: every evaluated key must be present, as [] when empty", rules)
	}
	capab := m["capability"].(map[string]any)
	for _, k := range []string{"cp", "cpk", "cpm", "pp", "ppk", "normality", "n", "mean", "sigma_within", "sigma_overall"} {
		if _, ok := capab[k]; !ok {
			t.Errorf("capability misses %q", k)
		}
	}
	cp := capab["cp"].(map[string]any)
	if _, ok := cp["lower"]; !ok {
		t.Error("interval needs value/lower/upper")
	}
}
