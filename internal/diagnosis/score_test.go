package diagnosis_test

import (
	"strings"
	"testing"

	"nscl/internal/catalog"
	"nscl/internal/diagnosis"
	"nscl/internal/fault"
)

// answerAll answers every question of c with level v, then applies over.
func answerAll(c *diagnosis.Content, v int, over map[string]int) map[string]int {
	out := map[string]int{}
	for _, d := range c.Dimensions {
		for _, q := range d.Questions {
			out[q.Code] = v
		}
	}
	for k, x := range over {
		out[k] = x
	}
	return out
}

// dimAnswers sets every question of dimension dim to v.
func dimAnswers(c *diagnosis.Content, dim string, v int, into map[string]int) map[string]int {
	for _, q := range c.Dimension(dim).Questions {
		into[q.Code] = v
	}
	return into
}

func TestDefaultContentIsValid(t *testing.T) {
	c := diagnosis.DefaultContent()
	known := map[catalog.ToolCode]bool{}
	for _, tc := range catalog.BuiltinTools {
		known[tc] = true
	}
	if err := c.Validate(known); err != nil {
		t.Fatalf("Validate: %v (%v)", err, fault.FieldsOf(err))
	}
	want := []string{"leadership", "workplace", "flow", "quality", "equipment", "workforce", "energy", "digital", "results"}
	if len(c.Dimensions) != len(want) {
		t.Fatalf("%d dimensions, want %d", len(c.Dimensions), len(want))
	}
	for i, d := range c.Dimensions {
		if d.Code != want[i] {
			t.Errorf("dimension %d = %s, want %s", i, d.Code, want[i])
		}
		if n := len(d.Questions); n < 3 || n > 5 {
			t.Errorf("dimension %s has %d questions, want 3–5", d.Code, n)
		}
	}
}

func TestLevelOf(t *testing.T) {
	for _, tc := range []struct {
		score float64
		want  int
	}{
		{1, 1}, {1.49, 1}, {1.5, 2}, {2.4999999, 3}, {2.49, 2}, {2.5, 3}, {3.333, 3}, {4.5, 5}, {5, 5}, {0, 1}, {7, 5},
	} {
		if got := diagnosis.LevelOf(tc.score); got != tc.want {
			t.Errorf("LevelOf(%v) = %d, want %d", tc.score, got, tc.want)
		}
	}
}

func TestScore(t *testing.T) {
	c := diagnosis.Content{Dimensions: []diagnosis.Dimension{
		{Code: "a", Weight: 1, Questions: []diagnosis.Question{{Code: "a1", Weight: 1}, {Code: "a2", Weight: 3}}},
		{Code: "b", Weight: 3, Questions: []diagnosis.Question{{Code: "b1", Weight: 1}, {Code: "b2", Weight: 1}, {Code: "b3", Weight: 1}}},
	}}
	for _, tc := range []struct {
		name    string
		answers map[string]int
		a, b    float64 // dimension scores
		la, lb  int
		overall float64
		level   int
	}{
		{"all ones", map[string]int{"a1": 1, "a2": 1, "b1": 1, "b2": 1, "b3": 1}, 1, 1, 1, 1, 1, 1},
		// a: (1·5 + 3·1)/4 = 2.00; b: (2+3+3)/3 = 2.67 → 3; overall (2 + 3·2.67)/4 = 2.5025 → 2.5 → 3
		{"weighted", map[string]int{"a1": 5, "a2": 1, "b1": 2, "b2": 3, "b3": 3}, 2, 2.67, 2, 3, 2.5, 3},
		// a: (1·1 + 3·5)/4 = 4.0; b: (4+5+5)/3 = 4.67 → 5; overall (4 + 14)/4 = 4.5 → 5
		{"high", map[string]int{"a1": 1, "a2": 5, "b1": 4, "b2": 5, "b3": 5}, 4, 4.67, 4, 5, 4.5, 5},
		// b: (2+2+3)/3 = 2.33 → 2 (half-up only at .5)
		{"rounds down below half", map[string]int{"a1": 2, "a2": 2, "b1": 2, "b2": 2, "b3": 3}, 2, 2.33, 2, 2, 2.25, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := diagnosis.Score(&c, tc.answers)
			if len(r.Levels) != 2 {
				t.Fatalf("levels = %+v", r.Levels)
			}
			if r.Levels[0].Score != tc.a || r.Levels[1].Score != tc.b || r.Levels[0].Level != tc.la || r.Levels[1].Level != tc.lb {
				t.Errorf("dimensions = %+v, want a %.2f/%d b %.2f/%d", r.Levels, tc.a, tc.la, tc.b, tc.lb)
			}
			if r.Score != tc.overall || r.Level != tc.level {
				t.Errorf("overall = %.4f/%d, want %.4f/%d", r.Score, r.Level, tc.overall, tc.level)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	c := diagnosis.DefaultContent()
	ans := answerAll(&c, 3, nil)
	if m := diagnosis.Missing(&c, ans); len(m) != 0 {
		t.Fatalf("Missing(all) = %v", m)
	}
	delete(ans, "qual_control")
	ans["flow_wip"] = 0
	ans["equip_oee"] = 6
	m := diagnosis.Missing(&c, ans)
	if strings.Join(m, ",") != "flow_wip,qual_control,equip_oee" {
		t.Fatalf("Missing = %v, want flow_wip, qual_control, equip_oee in questionnaire order", m)
	}
}

func tools(p []diagnosis.PathStep) string {
	var s []string
	for _, st := range p {
		s = append(s, string(st.Tool))
	}
	return strings.Join(s, " ")
}

func TestRecommend_DefaultRules(t *testing.T) {
	c := diagnosis.DefaultContent()
	for _, tc := range []struct {
		name    string
		answers map[string]int
		profile diagnosis.Profile
		want    string
	}{
		{"all strong: fallback only", answerAll(&c, 5, nil), diagnosis.Profile{}, "kaizen six_sigma"},
		{"weak workplace: 5S first", dimAnswers(&c, "workplace", 2, answerAll(&c, 4, nil)), diagnosis.Profile{}, "5s kaizen"},
		{"unstable quality: 7 QC → SPC → Six Sigma", dimAnswers(&c, "quality", 3, answerAll(&c, 4, nil)), diagnosis.Profile{}, "qc7 spc six_sigma"},
		{"weak quality adds ISO 9001", dimAnswers(&c, "quality", 2, answerAll(&c, 4, nil)), diagnosis.Profile{}, "qc7 spc six_sigma iso9001"},
		{"weak equipment, strong workplace: TPM without 5S",
			dimAnswers(&c, "equipment", 2, answerAll(&c, 4, nil)), diagnosis.Profile{}, "tpm"},
		{"weak equipment and middling workplace: 5S before TPM",
			dimAnswers(&c, "equipment", 2, dimAnswers(&c, "workplace", 3, answerAll(&c, 4, nil))), diagnosis.Profile{}, "5s tpm"},
		{"weak energy: audit before ISO 50001", dimAnswers(&c, "energy", 1, answerAll(&c, 4, nil)), diagnosis.Profile{}, "energy_audit iso50001"},
		{"energy-intensive sector at level 3", dimAnswers(&c, "energy", 3, answerAll(&c, 4, nil)), diagnosis.Profile{Industry: "steel"}, "energy_audit iso50001"},
		{"level 3 energy elsewhere: nothing for energy", dimAnswers(&c, "energy", 3, answerAll(&c, 4, nil)), diagnosis.Profile{Industry: "mechanical"}, "kaizen six_sigma"},
		{"weak flow: VSM → Lean → SMED, 5S before Lean", dimAnswers(&c, "flow", 2, dimAnswers(&c, "workplace", 3, answerAll(&c, 4, nil))), diagnosis.Profile{},
			"vsm 5s lean smed"},
		{"weak flow in a medium firm adds JIT after Lean", dimAnswers(&c, "flow", 2, answerAll(&c, 4, nil)), diagnosis.Profile{SizeClass: "medium"},
			"vsm lean smed jit"},
		{"weak leadership: KPI/BSC", dimAnswers(&c, "leadership", 2, answerAll(&c, 4, nil)), diagnosis.Profile{}, "kpi_bsc"},
		{"weak digital with weak leadership: KPIs before MES",
			dimAnswers(&c, "digital", 1, dimAnswers(&c, "leadership", 2, answerAll(&c, 4, nil))), diagnosis.Profile{}, "kpi_bsc digital_mes"},
		{"weak digital with strong leadership: MES", dimAnswers(&c, "digital", 1, answerAll(&c, 4, nil)), diagnosis.Profile{}, "digital_mes"},
		{"food firm with weak quality gets GMP/HACCP", dimAnswers(&c, "quality", 3, answerAll(&c, 4, nil)), diagnosis.Profile{VSIC: "1079"},
			"qc7 spc six_sigma gmp_haccp"},
		{"several weak dimensions: weakest first, no repeats",
			dimAnswers(&c, "quality", 3, dimAnswers(&c, "workplace", 1, dimAnswers(&c, "equipment", 2, answerAll(&c, 4, nil)))), diagnosis.Profile{},
			"5s kaizen tpm qc7 spc six_sigma"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := diagnosis.Score(&c, tc.answers)
			p := diagnosis.Recommend(&c, r.Levels, tc.profile)
			if got := tools(p); got != tc.want {
				t.Errorf("path = %q, want %q", got, tc.want)
			}
			for _, s := range p {
				if s.Reason.Vi == "" || s.Reason.En == "" || strings.Contains(s.Reason.Vi, "{") || strings.Contains(s.Reason.En, "{") {
					t.Errorf("step %s reason %+v is empty or unfilled", s.Tool, s.Reason)
				}
			}
		})
	}
}

func TestRecommend_ReasonNamesDimensionAndLevel(t *testing.T) {
	c := diagnosis.DefaultContent()
	r := diagnosis.Score(&c, dimAnswers(&c, "workplace", 2, answerAll(&c, 4, nil)))
	p := diagnosis.Recommend(&c, r.Levels, diagnosis.Profile{})
	if len(p) == 0 || !strings.HasPrefix(p[0].Reason.Vi, "Tổ chức nơi làm việc ở mức 2/5 → bắt đầu bằng 5S") {
		t.Fatalf("first reason = %+v", p)
	}
	if !strings.HasPrefix(p[0].Reason.En, "Workplace organisation is at level 2/5 → start with 5S") {
		t.Fatalf("first reason (en) = %q", p[0].Reason.En)
	}
}

func TestValidate_Bad(t *testing.T) {
	base := func() diagnosis.Content { return diagnosis.DefaultContent() }
	for _, tc := range []struct {
		name  string
		edit  func(c *diagnosis.Content)
		field string
	}{
		{"empty question text", func(c *diagnosis.Content) { c.Dimensions[0].Questions[0].Text.En = " " }, "q.lead_goals.text"},
		{"missing option", func(c *diagnosis.Content) { c.Dimensions[1].Questions[0].Options[2].Vi = "" }, "q.work_sort.option3"},
		{"zero weight", func(c *diagnosis.Content) { c.Dimensions[0].Questions[1].Weight = 0 }, "q.lead_plan.weight"},
		{"duplicate question code", func(c *diagnosis.Content) { c.Dimensions[1].Questions[0].Code = "lead_goals" }, "dimensions.1.questions.0.code"},
		{"rule on unknown dimension", func(c *diagnosis.Content) { c.Rules[0].Dimension = "nope" }, "rules.0.dimension"},
		{"rule level out of range", func(c *diagnosis.Content) { c.Rules[0].MaxLevel = 6 }, "rules.0.max_level"},
		{"unknown tool", func(c *diagnosis.Content) { c.Rules[0].Steps[0].Tool = "magic" }, "rules.0.steps.0.tool"},
		{"no rules", func(c *diagnosis.Content) { c.Rules = nil }, "rules"},
		{"unknown size class", func(c *diagnosis.Content) { c.Rules[0].SizeClasses = []string{"Small"} }, "rules.0.size_classes"},
		{"unknown industry", func(c *diagnosis.Content) { c.Rules[0].Industries = []string{"plastic"} }, "rules.0.industries"},
		{"VSIC not digits", func(c *diagnosis.Content) { c.Rules[0].VSICPrefixes = []string{"10a"} }, "rules.0.vsic_prefixes"},
		{"too many steps", func(c *diagnosis.Content) {
			for len(c.Rules[0].Steps) <= 20 {
				c.Rules[0].Steps = append(c.Rules[0].Steps, c.Rules[0].Steps[0])
			}
		}, "rules.0.steps"},
		{"prerequisite cycle", func(c *diagnosis.Content) {
			c.Prerequisites = append(c.Prerequisites, diagnosis.Prerequisite{Tool: catalog.Tool5S, Requires: catalog.ToolTPM,
				Reason: fault.Text{Vi: "x", En: "x"}})
		}, "prerequisites"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.edit(&c)
			known := map[catalog.ToolCode]bool{}
			for _, k := range catalog.BuiltinTools {
				known[k] = true
			}
			err := c.Validate(known)
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("Validate = %v, want Invalid", err)
			}
			if _, ok := fault.FieldsOf(err)[tc.field]; !ok {
				t.Fatalf("fields = %v, want %s", fault.FieldsOf(err), tc.field)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	for _, tc := range []struct {
		p    diagnosis.Peers
		want int
	}{
		{diagnosis.Peers{Count: 0}, 0},
		{diagnosis.Peers{Count: 10, Below: 5}, 50},
		{diagnosis.Peers{Count: 10, Below: 9, Equal: 1}, 95},
		{diagnosis.Peers{Count: 4, Below: 0, Equal: 0}, 0},
		{diagnosis.Peers{Count: 3, Below: 3}, 100},
	} {
		if got := diagnosis.Percentile(tc.p); got != tc.want {
			t.Errorf("Percentile(%+v) = %d, want %d", tc.p, got, tc.want)
		}
	}
}
