package markdown

import (
	"strings"
	"testing"
)

func TestRender_Sanitises(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		banned    []string
		want      []string
	}{
		{"script tag", "Xin chào <script>alert(1)</script>", []string{"<script", "alert(1)</script>"}, []string{"Xin chào"}},
		{"event handler", `<img src="x.png" onerror="alert(1)">`, []string{"onerror"}, nil},
		{"javascript link", "[bấm](javascript:alert(1))", []string{"javascript:"}, []string{"bấm"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}, nil},
		{"style attribute", `<p style="position:fixed">x</p>`, []string{"position:fixed"}, nil},
		{"markdown kept", "# Tiêu đề\n\n**đậm** và *nghiêng*\n\n| a | b |\n|---|---|\n| 1 | 2 |", nil,
			[]string{"<h1", "Tiêu đề", "<strong>đậm</strong>", "<em>nghiêng</em>", "<table>"}},
		{"link gets nofollow", "[MOIT](https://moit.gov.vn)", nil, []string{`href="https://moit.gov.vn"`, "nofollow"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(Render(tc.src))
			for _, b := range tc.banned {
				if strings.Contains(got, b) {
					t.Errorf("Render(%q) = %q: contains %q", tc.src, got, b)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q: lacks %q", tc.src, got, w)
				}
			}
		})
	}
}

func TestRender_NFC(t *testing.T) {
	t.Parallel()
	// "ệ" typed as e + combining circumflex + combining dot below.
	got := string(Render("Vi\u0065\u0302\u0323t"))
	if !strings.Contains(got, "Việt") {
		t.Errorf("Render did not normalise to NFC: %q", got)
	}
}

func TestPlain(t *testing.T) {
	t.Parallel()
	if got := Plain("# Tiêu đề\n\n**5S** & Kaizen <script>x</script>", 0); got != "Tiêu đề 5S & Kaizen x" { // the tags go, their text stays (as text)
		t.Errorf("Plain = %q", got)
	}
	if got := Plain("một hai ba bốn năm", 8); got != "một hai…" {
		t.Errorf("Plain cut = %q", got)
	}
}
