package diagnosis

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// Scoring. A dimension's score is the weighted mean of its answers (each 1–5,
// weighted by the question's weight); the overall score is the weighted mean
// of the dimension scores (weighted by the dimension's weight). Scores are
// rounded to two decimals. A level is the score rounded half up to a whole
// level: 2.49 → 2, 2.50 → 3 (that is ⌊score + 0.5⌋, kept within 1–5).

// round2 rounds to two decimals.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// LevelOf is the maturity level of a score: rounded half up, within 1–5.
func LevelOf(score float64) int {
	l := int(math.Floor(round2(score) + 0.5))
	return min(max(l, 1), Levels)
}

// Result is the scored answers of one diagnosis.
type Result struct {
	Score  float64          `json:"score"` // overall, 1.00–5.00
	Level  int              `json:"level"`
	Levels []DimensionLevel `json:"levels"` // in questionnaire order
}

// Missing returns the questions of c that answers lacks, in questionnaire
// order.
func Missing(c *Content, answers map[string]int) []string {
	var out []string
	for _, d := range c.Dimensions {
		for _, q := range d.Questions {
			if v := answers[q.Code]; v < 1 || v > Levels {
				out = append(out, q.Code)
			}
		}
	}
	return out
}

// Score computes the result of complete answers (Missing must be empty:
// unanswered questions are left out of the means, and a dimension without
// any answer is left out of the result).
func Score(c *Content, answers map[string]int) Result {
	var r Result
	var sum, wsum float64
	for _, d := range c.Dimensions {
		var s, w float64
		for _, q := range d.Questions {
			if v := answers[q.Code]; v >= 1 && v <= Levels {
				s += q.Weight * float64(v)
				w += q.Weight
			}
		}
		if w == 0 {
			continue
		}
		ds := round2(s / w)
		r.Levels = append(r.Levels, DimensionLevel{Code: d.Code, Name: d.Name, Level: LevelOf(ds), Score: ds})
		sum += d.Weight * ds
		wsum += d.Weight
	}
	if wsum > 0 {
		r.Score = round2(sum / wsum)
		r.Level = LevelOf(r.Score)
	}
	return r
}

// Profile is what the path rules may look at besides the levels.
type Profile struct {
	SizeClass string // registry.SizeClass
	Industry  string // registry.Industry ("" when none)
	VSIC      string // main business line
}

func hasPrefix(prefixes []string, v string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// fill replaces {dimension} and {level} in a reason.
func fill(t fault.Text, dim fault.Text, level int) fault.Text {
	l := strconv.Itoa(level)
	sub := func(s, name string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "{dimension}", name), "{level}", l)
	}
	return fault.Text{Vi: sub(t.Vi, dim.Vi), En: sub(t.En, dim.En)}
}

// Recommend merges the rules of c that fire for levels into one ordered
// path without repeated tools: the rules of the weakest dimensions first (in
// rule order among equally weak ones), each rule's steps in order, and every
// tool after its prerequisites (added, with their reason, when missing). A
// fallback rule fires only when no other does.
func Recommend(c *Content, levels []DimensionLevel, p Profile) []PathStep {
	byCode := map[string]DimensionLevel{}
	for _, l := range levels {
		byCode[l.Code] = l
	}
	type fired struct {
		rule  *Rule
		level int
		order int
		dim   fault.Text
	}
	var fs []fired
	for i := range c.Rules {
		r := &c.Rules[i]
		if r.Fallback {
			continue
		}
		l, ok := byCode[r.Dimension]
		if !ok || l.Level > r.MaxLevel {
			continue
		}
		if len(r.SizeClasses) > 0 && !contains(r.SizeClasses, p.SizeClass) {
			continue
		}
		if len(r.Industries) > 0 && !contains(r.Industries, p.Industry) {
			continue
		}
		if len(r.VSICPrefixes) > 0 && !hasPrefix(r.VSICPrefixes, p.VSIC) {
			continue
		}
		fs = append(fs, fired{rule: r, level: l.Level, order: i, dim: l.Name})
	}
	if len(fs) == 0 {
		for i := range c.Rules {
			if r := &c.Rules[i]; r.Fallback {
				fs = append(fs, fired{rule: r, level: 0, order: i})
			}
		}
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].level != fs[j].level {
			return fs[i].level < fs[j].level
		}
		return fs[i].order < fs[j].order
	})
	var steps []PathStep
	seen := map[catalog.ToolCode]bool{}
	for _, f := range fs {
		for _, s := range f.rule.Steps {
			if seen[s.Tool] {
				continue
			}
			seen[s.Tool] = true
			steps = append(steps, PathStep{Tool: s.Tool, Reason: fill(s.Reason, f.dim, f.level), Dimension: f.rule.Dimension})
		}
	}
	return orderByPrerequisites(c, steps, byCode)
}

// orderByPrerequisites puts each step after its active prerequisites
// (depth first, keeping the given order otherwise), adding the missing ones.
func orderByPrerequisites(c *Content, steps []PathStep, levels map[string]DimensionLevel) []PathStep {
	reqs := map[catalog.ToolCode][]Prerequisite{}
	for _, p := range c.Prerequisites {
		if p.UnlessDimension != "" {
			if l, ok := levels[p.UnlessDimension]; ok && l.Level >= p.UnlessLevel {
				continue
			}
		}
		reqs[p.Tool] = append(reqs[p.Tool], p)
	}
	have := map[catalog.ToolCode]PathStep{}
	for _, s := range steps {
		have[s.Tool] = s
	}
	state := map[catalog.ToolCode]int{}
	out := make([]PathStep, 0, len(steps))
	var visit func(s PathStep)
	visit = func(s PathStep) {
		if state[s.Tool] != 0 {
			return // done, or on the stack (a cycle, refused by Validate)
		}
		state[s.Tool] = 1
		for _, p := range reqs[s.Tool] {
			rs, ok := have[p.Requires]
			if !ok {
				rs = PathStep{Tool: p.Requires, Reason: p.Reason, Dimension: s.Dimension}
				if l, ok := levels[p.UnlessDimension]; ok {
					rs.Reason = fill(p.Reason, l.Name, l.Level)
				}
				have[p.Requires] = rs
			}
			visit(rs)
		}
		state[s.Tool] = 2
		out = append(out, s)
	}
	for _, s := range steps {
		visit(s)
	}
	return out
}
