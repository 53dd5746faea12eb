package spc

import (
	"strings"
	"testing"
)

// TestRules feeds hand-built patterns (center 0, sigma 1) and checks the
// point that completes each pattern, and that the other rules stay quiet.
func TestRules(t *testing.T) {
	rep := func(v float64, n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	cat := func(parts ...[]float64) []float64 {
		var s []float64
		for _, p := range parts {
			s = append(s, p...)
		}
		return s
	}
	alternating := func(a, b float64, n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = a
			if i%2 == 1 {
				s[i] = b
			}
		}
		return s
	}
	tests := []struct {
		name string
		set  string
		x    []float64
		want map[string][]int // rules expected to fire; all others must be empty
	}{
		{"nelson1 beyond 3σ", RulesNelson, []float64{0, 3.5, 0, -3.2}, map[string][]int{"nelson1": {2, 4}}},
		{"nelson2 nine same side", RulesNelson, cat([]float64{-0.5}, rep(0.5, 10)),
			map[string][]int{"nelson2": {10, 11}}},
		{"nelson3 six increasing", RulesNelson, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, -0.5},
			map[string][]int{"nelson3": {6}}},
		{"nelson3 six decreasing", RulesNelson, []float64{0.5, 0.4, 0.3, 0.2, 0.1, 0},
			map[string][]int{"nelson3": {6}}},
		{"nelson4 fourteen alternating", RulesNelson, alternating(0.1, -0.1, 14),
			map[string][]int{"nelson4": {14}}},
		{"nelson5 two of three beyond 2σ", RulesNelson, []float64{0, 2.5, 0, 2.5, 0},
			map[string][]int{"nelson5": {4}}},
		{"nelson5 needs the same side", RulesNelson, []float64{0, 2.5, -2.5, 0}, map[string][]int{}},
		{"nelson6 four of five beyond 1σ", RulesNelson, []float64{-1.5, 1.5, 1.5, 0, 1.5, 1.5},
			map[string][]int{"nelson6": {6}}},
		{"nelson7 fifteen within 1σ", RulesNelson, cat(rep(0.5, 1), []float64{0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5, 0.5, -0.5}),
			map[string][]int{"nelson7": {15}}},
		{"nelson8 eight beyond 1σ both sides", RulesNelson, cat([]float64{1.5, 1.5}, alternating(-1.5, 1.5, 6)),
			map[string][]int{"nelson8": {8}}},
		{"we1", RulesWesternElectric, []float64{0, 3.1}, map[string][]int{"we1": {2}}},
		{"we2", RulesWesternElectric, []float64{-2.5, 0, -2.5}, map[string][]int{"we2": {3}}},
		{"we3", RulesWesternElectric, []float64{1.5, 1.5, 1.5, -0.5, 1.5}, map[string][]int{"we3": {5}}},
		{"we4 eight same side", RulesWesternElectric, rep(-0.5, 9), map[string][]int{"we4": {8, 9}}},
		{"none", RulesNone, []float64{5}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lcl, ucl := []float64{-3}, []float64{3}
			beyond := beyondLimits(tt.x, lcl, ucl, 0)
			got := applyRules(tt.set, tt.x, 0, []float64{1}, 0, beyond)
			if tt.want == nil {
				if got != nil {
					t.Fatalf("got %v, want no rules", got)
				}
				return
			}
			if len(got) != len(ruleKeys(tt.set)) {
				t.Fatalf("got keys %v, want every key of %s", got, tt.set)
			}
			for k, pts := range got {
				want := tt.want[k]
				if want == nil {
					want = []int{}
				}
				if pts == nil || !equalInts(pts, want) {
					t.Errorf("%s = %v, want %v", k, pts, want)
				}
			}
		})
	}
}

// TestRulesPerPointSigma checks that zones use each point's own sigma:
// 2.5 is beyond 2σ with σ = 1 but within 1σ with σ = 3.
func TestRulesPerPointSigma(t *testing.T) {
	x := []float64{2.5, 2.5, 2.5}
	got := applyRules(RulesWesternElectric, x, 0, []float64{1, 3, 1}, 1, nil)
	if !equalInts(got["we2"], []int{3}) {
		t.Errorf("we2 = %v, want [3]", got["we2"])
	}
}

// TestRulesOnAnalyze checks rule keys in a full analysis, including the
// dispersion chart's rule 1.
func TestRulesOnAnalyze(t *testing.T) {
	x := []float64{10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 30, 10, 9, 11}
	for _, set := range []string{"nelson", "we", ""} {
		res := mustAnalyze(t, Request{Chart: ChartIMR, Values: x, Rules: set})
		prefix := "we"
		if set == "nelson" {
			prefix = "nelson"
		}
		if len(res.Rules) != len(ruleKeys(prefix)) {
			t.Errorf("%q: keys %v", set, res.Rules)
		}
		for k := range res.Rules {
			if !strings.HasPrefix(k, prefix) {
				t.Errorf("%q: unexpected key %s", set, k)
			}
		}
		if _, ok := res.Secondary.Rules[prefix+"1"]; !ok || len(res.Secondary.Rules) != 1 {
			t.Errorf("%q: secondary rules %v", set, res.Secondary.Rules)
		}
		// The jump to 30 and back makes MR points 11 and 12 large.
		if !equalInts(res.Secondary.BeyondLimits, []int{11, 12}) {
			t.Errorf("%q: MR beyond %v", set, res.Secondary.BeyondLimits)
		}
	}
}
