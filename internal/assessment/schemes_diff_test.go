package assessment_test

import (
	"strings"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/fault"
)

// TestDiff lists what a draft changes against the published body.
func TestDiff(t *testing.T) {
	old := assessment.ShippedSchemes()[0].Body
	if d := assessment.Diff(&old, &old); len(d) != 0 {
		t.Fatalf("no change: %v", d)
	}
	nw := assessment.ShippedSchemes()[0].Body
	nw.Sections[0].Items[0].Text.Vi = "Sửa nội dung"
	nw.Sections[0].Items = nw.Sections[0].Items[1:] // s1.1 removed
	nw.Sections[1].Items = append(nw.Sections[1].Items, assessment.Item{Key: "s2.8", Text: fault.Text{Vi: "Mới"}})
	nw.Sections[2].Items[0].AllowNA = true
	nw.Scale = assessment.Scale{Min: 0, Max: 5}
	nw.Levels[0].MinPct = 65
	var got []string
	for _, c := range assessment.Diff(&old, &nw) {
		got = append(got, string(c.Kind)+" "+c.Key+" "+c.What.Vi)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"changed  Thang điểm: 0–4 → 0–5", "added s2.8 Thêm tiêu chí s2.8: Mới", "changed s3.1 Tiêu chí s3.1: cho phép N/A",
		"removed s1.1 Bỏ tiêu chí s1.1", "changed dat Mức Đạt: ngưỡng 60 % → 65 %"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
}
