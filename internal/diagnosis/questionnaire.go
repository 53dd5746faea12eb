package diagnosis

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Status is the state of a questionnaire version or of a diagnosis.
type Status string

// The statuses. A questionnaire version is a draft while admins edit it and
// published (immutable) after; a diagnosis is a draft while the enterprise
// answers it and submitted (its result fixed) after.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusSubmitted Status = "submitted"
)

// Levels is the number of maturity levels (1–5); every question has one
// answer option per level.
const Levels = 5

// Questionnaire is one version of the self-diagnosis questionnaire with its
// improvement-path rules. Published versions never change: a diagnosis
// keeps the version it was answered against, and its result is computed with
// that version's weights and rules.
type Questionnaire struct {
	Version     int        `json:"version"`
	Status      Status     `json:"status"`
	Content                // dimensions, rules, prerequisites
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   int64      `json:"created_by"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at"`
	PublishedBy int64      `json:"published_by"`
}

// Content is what a version holds, stored as one JSON document.
type Content struct {
	Dimensions    []Dimension    `json:"dimensions"`
	Rules         []Rule         `json:"rules"`
	Prerequisites []Prerequisite `json:"prerequisites"`
}

// Dimension is one area of maturity with its questions.
type Dimension struct {
	Code      string     `json:"code"`
	Name      fault.Text `json:"name"`
	Weight    float64    `json:"weight"` // in the overall score
	Questions []Question `json:"questions"`
}

// Question is one question; Options[i] describes maturity level i+1.
type Question struct {
	Code    string             `json:"code"`
	Text    fault.Text         `json:"text"`
	Options [Levels]fault.Text `json:"options"`
	Weight  float64            `json:"weight"` // in its dimension's score
}

// Rule recommends tools when a dimension is weak: it fires when the
// dimension's level is at most MaxLevel and, when set, the enterprise's size
// class and priority industry are among those listed. A Fallback rule fires
// only when no other rule does (every dimension is strong). VSICPrefixes,
// when set, limit the rule to enterprises whose VSIC code starts with one of
// them (e.g. "10", "11" for food and beverages). Reasons may use
// {dimension} and {level}, replaced by the dimension's name and level.
type Rule struct {
	Code         string   `json:"code"`
	Dimension    string   `json:"dimension"`
	MaxLevel     int      `json:"max_level"`
	SizeClasses  []string `json:"size_classes,omitempty"`
	Industries   []string `json:"industries,omitempty"`
	VSICPrefixes []string `json:"vsic_prefixes,omitempty"`
	Fallback     bool     `json:"fallback,omitempty"`
	Steps        []Step   `json:"steps"`
}

// Step is one tool of a rule, with why.
type Step struct {
	Tool   catalog.ToolCode `json:"tool"`
	Reason fault.Text       `json:"reason"`
}

// Prerequisite says that Tool should come after Requires, unless dimension
// UnlessDimension is already at level UnlessLevel or above (e.g. TPM needs
// 5S first unless workplace organisation is at 4). When a path has Tool, the
// prerequisite is put before it (added with Reason when it is missing).
type Prerequisite struct {
	Tool            catalog.ToolCode `json:"tool"`
	Requires        catalog.ToolCode `json:"requires"`
	UnlessDimension string           `json:"unless_dimension,omitempty"`
	UnlessLevel     int              `json:"unless_level,omitempty"`
	Reason          fault.Text       `json:"reason"`
}

// Dimension returns the dimension with code c, or nil.
func (c *Content) Dimension(code string) *Dimension {
	for i := range c.Dimensions {
		if c.Dimensions[i].Code == code {
			return &c.Dimensions[i]
		}
	}
	return nil
}

// Question returns the question with code qc and its dimension, or nils.
func (c *Content) Question(qc string) (*Dimension, *Question) {
	for i := range c.Dimensions {
		d := &c.Dimensions[i]
		for j := range d.Questions {
			if d.Questions[j].Code == qc {
				return d, &d.Questions[j]
			}
		}
	}
	return nil, nil
}

// QuestionCount is the number of questions.
func (c *Content) QuestionCount() int {
	n := 0
	for _, d := range c.Dimensions {
		n += len(d.Questions)
	}
	return n
}

// Limits of the questionnaire's texts.
const (
	maxCodeLen = 40
	maxTextLen = 1000
)

func validCode(s string) bool {
	if s == "" || len(s) > maxCodeLen {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func checkText(f fault.Fields, field string, t *fault.Text, required bool) {
	t.Vi, t.En = strings.TrimSpace(vn.NFC(t.Vi)), strings.TrimSpace(vn.NFC(t.En))
	if required && (t.Vi == "" || t.En == "") {
		f.Add(field, "Vui lòng nhập cả tiếng Việt và tiếng Anh.", "Please enter both the Vietnamese and the English text.")
		return
	}
	if utf8.RuneCountInString(t.Vi) > maxTextLen || utf8.RuneCountInString(t.En) > maxTextLen {
		f.Add(field, "Văn bản dài quá 1000 ký tự.", "The text is longer than 1000 characters.")
	}
}

func checkWeight(f fault.Fields, field string, w float64) {
	if math.IsNaN(w) || w <= 0 || w > 100 {
		f.Add(field, "Trọng số phải là số lớn hơn 0 và không quá 100.", "The weight must be a number above 0 and at most 100.")
	}
}

// Validate normalises the texts (NFC, trimmed) and checks the content:
// codes unique and well formed, every text in both languages, weights
// positive, rules on known dimensions with levels 1–5 and known tools.
// knownTools may be nil (then any well-formed code passes).
func (c *Content) Validate(knownTools map[catalog.ToolCode]bool) error {
	f := fault.Fields{}
	if len(c.Dimensions) == 0 {
		f.Add("dimensions", "Bộ câu hỏi cần ít nhất một lĩnh vực.", "The questionnaire needs at least one dimension.")
	}
	dims, qs := map[string]bool{}, map[string]bool{}
	for i := range c.Dimensions {
		d := &c.Dimensions[i]
		p := fmt.Sprintf("dimensions.%d", i)
		if !validCode(d.Code) || dims[d.Code] {
			f.Add(p+".code", "Mã lĩnh vực trống, sai dạng (a–z, 0–9, _) hoặc trùng.", "The dimension code is empty, malformed (a–z, 0–9, _) or repeated.")
		}
		dims[d.Code] = true
		checkText(f, p+".name", &d.Name, true)
		checkWeight(f, p+".weight", d.Weight)
		if len(d.Questions) == 0 {
			f.Add(p+".questions", "Mỗi lĩnh vực cần ít nhất một câu hỏi.", "Each dimension needs at least one question.")
		}
		for j := range d.Questions {
			q := &d.Questions[j]
			qp := "q." + q.Code
			if !validCode(q.Code) || qs[q.Code] {
				qp = fmt.Sprintf("%s.questions.%d", p, j)
				f.Add(qp+".code", "Mã câu hỏi trống, sai dạng hoặc trùng.", "The question code is empty, malformed or repeated.")
			}
			qs[q.Code] = true
			checkText(f, qp+".text", &q.Text, true)
			for k := range q.Options {
				checkText(f, fmt.Sprintf("%s.option%d", qp, k+1), &q.Options[k], true)
			}
			checkWeight(f, qp+".weight", q.Weight)
		}
	}
	tool := func(field string, t catalog.ToolCode) {
		if !validCode(string(t)) || (knownTools != nil && !knownTools[t]) {
			f.Add(field, fmt.Sprintf("Công cụ %q không có trong danh mục.", t), fmt.Sprintf("The tool %q is not in the catalogue.", t))
		}
	}
	rules := map[string]bool{}
	switch {
	case len(c.Rules) == 0:
		f.Add("rules", "Cần ít nhất một quy tắc lộ trình cải tiến.", "At least one improvement-path rule is needed.")
	case len(c.Rules) > maxRules || len(c.Prerequisites) > maxRules:
		f.Add("rules", fmt.Sprintf("Tối đa %d quy tắc và %d điều kiện tiên quyết.", maxRules, maxRules),
			fmt.Sprintf("At most %d rules and %d prerequisites.", maxRules, maxRules))
	}
	for i := range c.Rules {
		r := &c.Rules[i]
		p := fmt.Sprintf("rules.%d", i)
		if !validCode(r.Code) || rules[r.Code] {
			f.Add(p+".code", "Mã quy tắc trống, sai dạng hoặc trùng.", "The rule code is empty, malformed or repeated.")
		}
		rules[r.Code] = true
		if !r.Fallback && !dims[r.Dimension] {
			f.Add(p+".dimension", fmt.Sprintf("Quy tắc %s dùng lĩnh vực %q không có trong bộ câu hỏi.", r.Code, r.Dimension),
				fmt.Sprintf("Rule %s uses the dimension %q, which the questionnaire does not have.", r.Code, r.Dimension))
		}
		if !r.Fallback && (r.MaxLevel < 1 || r.MaxLevel > Levels) {
			f.Add(p+".max_level", fmt.Sprintf("Quy tắc %s: mức tối đa phải từ 1 đến 5.", r.Code), fmt.Sprintf("Rule %s: the maximum level must be 1 to 5.", r.Code))
		}
		for _, v := range r.SizeClasses {
			if !validSize(v) {
				f.Add(p+".size_classes", fmt.Sprintf("Quy tắc %s: quy mô %q không có (micro, small, medium, large).", r.Code, v),
					fmt.Sprintf("Rule %s: unknown size class %q (micro, small, medium, large).", r.Code, v))
			}
		}
		for _, v := range r.Industries {
			if !registry.Industry(v).Valid() {
				f.Add(p+".industries", fmt.Sprintf("Quy tắc %s: ngành ưu tiên %q không có.", r.Code, v),
					fmt.Sprintf("Rule %s: unknown priority industry %q.", r.Code, v))
			}
		}
		for _, v := range r.VSICPrefixes {
			if v == "" || len(v) > 5 || strings.Trim(v, "0123456789") != "" {
				f.Add(p+".vsic_prefixes", fmt.Sprintf("Quy tắc %s: mã VSIC %q phải gồm 1–5 chữ số.", r.Code, v),
					fmt.Sprintf("Rule %s: the VSIC code %q must be 1 to 5 digits.", r.Code, v))
			}
		}
		if len(r.Steps) > maxSteps {
			f.Add(p+".steps", fmt.Sprintf("Quy tắc %s: tối đa %d công cụ.", r.Code, maxSteps), fmt.Sprintf("Rule %s: at most %d tools.", r.Code, maxSteps))
		}
		if len(r.Steps) == 0 {
			f.Add(p+".steps", fmt.Sprintf("Quy tắc %s cần ít nhất một công cụ.", r.Code), fmt.Sprintf("Rule %s needs at least one tool.", r.Code))
		}
		for j := range r.Steps {
			tool(fmt.Sprintf("%s.steps.%d.tool", p, j), r.Steps[j].Tool)
			checkText(f, fmt.Sprintf("%s.steps.%d.reason", p, j), &r.Steps[j].Reason, true)
		}
	}
	for i := range c.Prerequisites {
		pr := &c.Prerequisites[i]
		p := fmt.Sprintf("prerequisites.%d", i)
		tool(p+".tool", pr.Tool)
		tool(p+".requires", pr.Requires)
		if pr.Tool == pr.Requires {
			f.Add(p+".requires", "Một công cụ không thể là điều kiện của chính nó.", "A tool cannot be its own prerequisite.")
		}
		if pr.UnlessDimension != "" && (!dims[pr.UnlessDimension] || pr.UnlessLevel < 1 || pr.UnlessLevel > Levels) {
			f.Add(p+".unless", "Điều kiện miễn cần một lĩnh vực có trong bộ câu hỏi và mức 1–5.", "The exemption needs a dimension of the questionnaire and a level 1–5.")
		}
		checkText(f, p+".reason", &pr.Reason, true)
	}
	if err := f.Err(); err != nil {
		return err
	}
	if cyc := prerequisiteCycle(c.Prerequisites); cyc != "" {
		return fault.New(fault.Invalid, "Các điều kiện tiên quyết tạo thành vòng lặp: "+cyc+".",
			"The prerequisites form a cycle: "+cyc+".").Field("prerequisites", "Vòng lặp: "+cyc, "Cycle: "+cyc)
	}
	return nil
}

// prerequisiteCycle returns a cycle of the prerequisite graph as "a → b →
// a", or "".
func prerequisiteCycle(ps []Prerequisite) string {
	next := map[catalog.ToolCode][]catalog.ToolCode{}
	for _, p := range ps {
		next[p.Tool] = append(next[p.Tool], p.Requires)
	}
	state := map[catalog.ToolCode]int{} // 1 visiting, 2 done
	var stack []catalog.ToolCode
	var found string
	var visit func(t catalog.ToolCode) bool
	visit = func(t catalog.ToolCode) bool {
		switch state[t] {
		case 1:
			var b strings.Builder
			start := false
			for _, s := range stack {
				if s == t {
					start = true
				}
				if start {
					b.WriteString(string(s) + " → ")
				}
			}
			b.WriteString(string(t))
			found = b.String()
			return true
		case 2:
			return false
		}
		state[t] = 1
		stack = append(stack, t)
		for _, n := range next[t] {
			if visit(n) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[t] = 2
		return false
	}
	for _, p := range ps {
		if visit(p.Tool) {
			return found
		}
	}
	return ""
}

// Limits of the improvement-path rules an editor may publish.
const (
	maxRules = 200
	maxSteps = 20
)

// validSize reports whether v is a size class of Decree 80/2021.
func validSize(v string) bool {
	for _, c := range registry.SizeClasses {
		if string(c) == v {
			return true
		}
	}
	return false
}
