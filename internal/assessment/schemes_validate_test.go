package assessment_test

import (
	"math"
	"strings"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/fault"
)

// validBody is a small complete body.
func validBody() assessment.Body {
	return assessment.Body{
		Scale: assessment.Scale{Min: 0, Max: 4, Labels: []assessment.ScaleLabel{{Value: 0, Label: fault.Text{Vi: "Không"}}, {Value: 4, Label: fault.Text{Vi: "Đầy đủ"}}}},
		Sections: []assessment.Section{
			{Key: "s1", Name: fault.Text{Vi: "Sàng lọc"}, Items: []assessment.Item{{Key: "s1.1", Text: fault.Text{Vi: "Không có vật dụng thừa"}}}},
			{Key: "s2", Name: fault.Text{Vi: "Sắp xếp"}, Items: []assessment.Item{{Key: "s2.1", Text: fault.Text{Vi: "Có vị trí cố định"}}}},
		},
		Levels: []assessment.Level{{Code: "dat", Name: fault.Text{Vi: "Đạt"}, MinPct: 60}},
	}
}

// TestValidateBody refuses each broken part of a body with a field error
// at its path, in Vietnamese and English, and lists every problem at once.
func TestValidateBody(t *testing.T) {
	b := validBody()
	if err := assessment.ValidateBody(&b); err != nil {
		t.Fatalf("valid body: %v %v", err, fault.FieldsOf(err))
	}
	cases := []struct {
		name   string
		change func(b *assessment.Body)
		path   string
		vi     string
	}{
		{"duplicate item key", func(b *assessment.Body) { b.Sections[1].Items[0].Key = "s1.1" }, "sections[1].items[0].key", "Mục 1 của phần 2: mã trùng"},
		{"item key as a section's", func(b *assessment.Body) { b.Sections[1].Items[0].Key = "s1" }, "sections[1].items[0].key", "mã trùng"},
		{"unsafe key", func(b *assessment.Body) { b.Sections[0].Items[0].Key = "s1 <x>" }, "sections[0].items[0].key", "chữ thường"},
		{"upper-case key", func(b *assessment.Body) { b.Sections[0].Key = "S1" }, "sections[0].key", "chữ thường"},
		{"long key", func(b *assessment.Body) { b.Sections[0].Key = strings.Repeat("a", 33) }, "sections[0].key", "tối đa 32"},
		{"no Vietnamese name", func(b *assessment.Body) { b.Sections[0].Name = fault.Text{En: "Sort"} }, "sections[0].name", "thiếu tên tiếng Việt"},
		{"no item text", func(b *assessment.Body) { b.Sections[0].Items[0].Text.Vi = "  " }, "sections[0].items[0].text", "thiếu nội dung"},
		{"long guidance", func(b *assessment.Body) { b.Sections[0].Items[0].Guidance.En = strings.Repeat("x", 4001) }, "sections[0].items[0].guidance", "dài quá"},
		{"min above max", func(b *assessment.Body) { b.Scale = assessment.Scale{Min: 4, Max: 0} }, "scale.max", "lớn hơn giá trị thấp nhất"},
		{"equal bounds", func(b *assessment.Body) { b.Scale = assessment.Scale{Min: 2, Max: 2} }, "scale.max", "lớn hơn"},
		{"huge scale", func(b *assessment.Body) { b.Scale = assessment.Scale{Min: 0, Max: 5000} }, "scale.max", "từ −1000 đến 1000"},
		{"label outside", func(b *assessment.Body) { b.Scale.Labels[1].Value = 5 }, "scale.labels[1].value", "ngoài thang điểm 0–4"},
		{"label twice", func(b *assessment.Body) { b.Scale.Labels[1].Value = 0 }, "scale.labels[1].value", "hai lần"},
		{"item scale", func(b *assessment.Body) { b.Sections[0].Items[0].Scale = &assessment.Scale{Min: 1, Max: 0} }, "sections[0].items[0].scale.max", "Mục 1 của phần 1: thang điểm"},
		{"negative weight", func(b *assessment.Body) { b.Sections[0].Weight = -1 }, "sections[0].weight", "trọng số"},
		{"NaN weight", func(b *assessment.Body) { b.Sections[0].Items[0].Weight = math.NaN() }, "sections[0].items[0].weight", "trọng số"},
		{"infinite weight", func(b *assessment.Body) { b.Sections[0].Items[0].Weight = math.Inf(1) }, "sections[0].items[0].weight", "trọng số"},
		{"level code twice", func(b *assessment.Body) {
			b.Levels = append(b.Levels, assessment.Level{Code: "dat", Name: fault.Text{Vi: "Tốt"}, MinPct: 80})
		}, "levels[1].code", "Mức 2: mã trùng"},
		{"threshold over 100", func(b *assessment.Body) { b.Levels[0].MinPct = 101 }, "levels[0].min_pct", "từ 0 đến 100"},
		{"negative threshold", func(b *assessment.Body) { b.Levels[0].MinPct = -5 }, "levels[0].min_pct", "từ 0 đến 100"},
		{"no sections", func(b *assessment.Body) { b.Sections = nil }, "sections", "ít nhất một phần"},
		{"empty section", func(b *assessment.Body) { b.Sections[1].Items = nil }, "sections[1].items", "Phần 2: cần ít nhất một tiêu chí"},
		{"points not adding up", func(b *assessment.Body) {
			b.MaxPoints = 1000
			b.Sections[0].Weight, b.Sections[1].Weight = 120, 85
		}, "max_points", "phải bằng tổng điểm tối đa (1000)"},
		{"too many items", func(b *assessment.Body) {
			for i := range 501 {
				b.Sections[0].Items = append(b.Sections[0].Items, assessment.Item{Key: "x" + strings.Repeat("y", i%3) + string(rune('a'+i%26)) + strings.Repeat("z", i/78), Text: fault.Text{Vi: "x"}})
			}
		}, "items", "Tối đa 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := validBody()
			c.change(&b)
			err := assessment.ValidateBody(&b)
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("err = %v", err)
			}
			msg, ok := fault.FieldsOf(err)[c.path]
			if !ok || !strings.Contains(msg.Vi, c.vi) || msg.En == "" {
				t.Fatalf("fields = %v, want %s: %q", fault.FieldsOf(err), c.path, c.vi)
			}
		})
	}

	// Every problem at once, listed in the order a body reads.
	b = validBody()
	b.Scale = assessment.Scale{Min: 4, Max: 0}
	b.Sections[1].Items[0].Key = "s1.1"
	b.Sections[0].Name.Vi = ""
	b.Levels[0].MinPct = 200
	err := assessment.ValidateBody(&b)
	paths := assessment.FieldPaths(err)
	if strings.Join(paths, " ") != "scale.max sections[0].name sections[1].items[0].key levels[0].min_pct" {
		t.Fatalf("paths = %v", paths)
	}

	// A draft may have an empty section and points not adding up yet.
	b = validBody()
	b.Sections[1].Items = nil
	b.MaxPoints = 1000
	if err := assessment.ValidateDraft(&b); err != nil {
		t.Fatalf("draft: %v", fault.FieldsOf(err))
	}
}
