package assessment_test

import (
	"fmt"
	"math"
	"testing"

	"nscl/internal/assessment"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// fiveS is a small 5S-like body: two sections of a 0–4 scale.
func fiveS() *assessment.Body {
	return &assessment.Body{
		Scale: assessment.Scale{Min: 0, Max: 4},
		Sections: []assessment.Section{
			{Key: "s1", Items: []assessment.Item{{Key: "s1.1"}, {Key: "s1.2"}, {Key: "s1.3", AllowNA: true}}},
			{Key: "s2", Items: []assessment.Item{{Key: "s2.1"}, {Key: "s2.2", Weight: 3}}},
		},
		Levels: []assessment.Level{{Code: "pass", MinPct: 60}, {Code: "good", MinPct: 80}},
	}
}

func TestScore_PercentPerSectionAndTotal(t *testing.T) {
	b := fiveS()
	ans := map[string]assessment.Answer{
		"s1.1": {Value: 4}, "s1.2": {Value: 2}, "s1.3": {NA: true},
		"s2.1": {Value: 0}, "s2.2": {Value: 4},
	}
	r := assessment.Score(b, ans)
	// s1: (1 + 0.5) / 2 = 75 % (the N/A item leaves it); s2: (0×1 + 1×3)/4 = 75 %.
	if !near(r.Sections[0].Pct, 75) || !near(r.Sections[1].Pct, 75) {
		t.Fatalf("sections = %+v", r.Sections)
	}
	// Total weighted by the items' weights: s1 weighs 3 (its 3 items), s2 weighs 4.
	if !near(r.Pct, 75) || !r.Complete || r.NA != 1 || r.Level == nil || r.Level.Code != "pass" {
		t.Fatalf("result = %+v", r)
	}
	// An unanswered item: not complete, no level, the score is of what is answered.
	delete(ans, "s2.1")
	r = assessment.Score(b, ans)
	if r.Complete || r.Level != nil || !near(r.Sections[1].Pct, 100) {
		t.Fatalf("partial = %+v", r)
	}
	// N/A on an item that does not allow it counts as answered with its value.
	ans["s2.1"] = assessment.Answer{NA: true, Value: 4}
	if r := assessment.Score(b, ans); r.NA != 1 || !near(r.Sections[1].Pct, 100) {
		t.Fatalf("N/A not allowed = %+v", r)
	}
}

func TestScore_PointsOfTheExcellenceFramework(t *testing.T) {
	b := &assessment.Body{Scale: assessment.Scale{Min: 0, Max: 100}, MaxPoints: 1000,
		Levels: []assessment.Level{{Code: "award", MinPct: 60}, {Code: "gold", MinPct: 80}}}
	for i, w := range []float64{120, 85, 85, 90, 85, 85, 450} {
		k := fmt.Sprintf("c%d", i+1)
		b.Sections = append(b.Sections, assessment.Section{Key: k, Weight: w, Items: []assessment.Item{{Key: k + ".1"}}})
	}
	ans := map[string]assessment.Answer{}
	for i := range 7 {
		ans[fmt.Sprintf("c%d.1", i+1)] = assessment.Answer{Value: 80}
	}
	r := assessment.Score(b, ans)
	if !near(r.Points, 800) || r.Level == nil || r.Level.Code != "gold" || !near(r.Sections[6].Points, 360) {
		t.Fatalf("result = %+v", r)
	}
	ans["c7.1"] = assessment.Answer{Value: 50}
	r = assessment.Score(b, ans)
	// 0.8 × 550 + 0.5 × 450 = 665 points.
	if !near(r.Points, 665) || r.Level.Code != "award" {
		t.Fatalf("points = %v level = %+v", r.Points, r.Level)
	}
}

func TestScore_Degenerate(t *testing.T) {
	// Empty body, an all-N/A section, a broken scale, values off the scale,
	// unknown items: no panic, no NaN.
	b := &assessment.Body{Scale: assessment.Scale{Min: 3, Max: 3},
		Sections: []assessment.Section{{Key: "a", Items: []assessment.Item{{Key: "a1", AllowNA: true}}},
			{Key: "b", Items: []assessment.Item{{Key: "b1", Scale: &assessment.Scale{Min: 0, Max: 4}}}}}}
	for _, ans := range []map[string]assessment.Answer{nil, {"a1": {NA: true}, "b1": {Value: 99}, "zz": {Value: 1}}, {"b1": {Value: -5}}} {
		r := assessment.Score(b, ans)
		if math.IsNaN(r.Pct) || r.Pct < 0 || r.Pct > 100 {
			t.Fatalf("pct = %v", r.Pct)
		}
	}
	if r := assessment.Score(&assessment.Body{}, nil); r.Complete || r.Pct != 0 {
		t.Fatalf("empty = %+v", r)
	}
}

// BenchmarkScore200 scores an assessment of 200 items (issue 6: ≤ 1 ms).
func BenchmarkScore200(b *testing.B) {
	body := &assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4}, Levels: []assessment.Level{{Code: "x", MinPct: 50}}}
	ans := map[string]assessment.Answer{}
	for s := range 10 {
		sec := assessment.Section{Key: fmt.Sprint("s", s)}
		for i := range 20 {
			k := fmt.Sprintf("s%d.%d", s, i)
			sec.Items = append(sec.Items, assessment.Item{Key: k, AllowNA: i%7 == 0})
			ans[k] = assessment.Answer{Value: (s + i) % 5, NA: i%11 == 0}
		}
		body.Sections = append(body.Sections, sec)
	}
	for b.Loop() {
		if r := assessment.Score(body, ans); !r.Complete {
			b.Fatal("incomplete")
		}
	}
}
