package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/registry"
	"nscl/internal/web"
)

// MustNewBareHandler returns a Handler over zero services: enough to render
// pages, not to serve requests that call a service.
func MustNewBareHandler(t *testing.T) *web.Handler {
	t.Helper()
	h, err := web.New(web.Deps{Auth: &auth.Service{}, Authn: &httpx.Authenticator{}, AuditLog: &auth.AuditReader{},
		Mail: &mail.Service{}, Registry: &registry.Service{}, Jobs: &jobs.Service{}, Geo: geo.MustLoad()})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return h
}

func TestNew_MissingDependency(t *testing.T) {
	if _, err := web.New(web.Deps{}); err == nil {
		t.Fatal("web.New with no dependencies: no error")
	}
}

func TestTemplates_RenderZeroValue(t *testing.T) {
	t.Parallel()
	h := MustNewBareHandler(t)
	names := web.PageNames()
	if len(names) < 15 {
		t.Fatalf("only %d pages", len(names))
	}
	for _, lang := range []string{"vi", "en"} {
		for _, name := range names {
			t.Run(lang+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := h.RenderZero(&buf, lang, name); err != nil {
					t.Fatalf("render: %v", err)
				}
				body := buf.String()
				if !strings.Contains(body, `<html lang="`+lang+`">`) {
					t.Errorf("no <html lang=%q>", lang)
				}
				if strings.Contains(body, "[") && regexp.MustCompile(`\[[a-z0-9_]+\.[a-z0-9_.]+\]`).MatchString(body) {
					t.Errorf("a catalogue key is missing: %s", regexp.MustCompile(`\[[a-z0-9_]+\.[a-z0-9_.]+\]`).FindString(body))
				}
				assertCSPSafe(t, body)
			})
		}
	}
}

var (
	scriptTagRE = regexp.MustCompile(`(?is)<script\b([^>]*)>`)
	styleAttrRE = regexp.MustCompile(`(?i)<[^>]+\sstyle\s*=`)
	onAttrRE    = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)
	styleTagRE  = regexp.MustCompile(`(?i)<style\b`)
)

// assertCSPSafe checks that a page works under the CSP (script-src 'self';
// style-src 'self'): no inline script, style or handler, and the site's own
// assets with a content hash.
func assertCSPSafe(t *testing.T, body string) {
	t.Helper()
	for _, m := range scriptTagRE.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(m[1], "src=") {
			t.Errorf("inline <script> without src: %s", m[0])
		}
	}
	if m := styleAttrRE.FindString(body); m != "" {
		t.Errorf("style= attribute: %s", m)
	}
	if m := onAttrRE.FindString(body); m != "" {
		t.Errorf("on*= handler attribute: %s", m)
	}
	if styleTagRE.MatchString(body) {
		t.Error("inline <style>")
	}
	if strings.Contains(body, "<html") {
		for _, asset := range []string{`src="/static/vendor/htmx.min.js?v=`, `src="/static/app.js?v=`, `href="/static/app.css?v=`} {
			if !strings.Contains(body, asset) {
				t.Errorf("page does not load %s…", asset)
			}
		}
	}
}

func TestTemplates_SourceIsCSPSafe(t *testing.T) {
	files, _ := filepath.Glob("templates/*/*.html")
	more, _ := filepath.Glob("templates/*.html")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, m := range scriptTagRE.FindAllStringSubmatch(s, -1) {
			if !strings.Contains(m[1], "src=") {
				t.Errorf("%s: inline <script>", f)
			}
		}
		if styleAttrRE.MatchString(s) || onAttrRE.MatchString(s) || styleTagRE.MatchString(s) {
			t.Errorf("%s: inline style or event handler", f)
		}
	}
}

func TestStatic_CacheHeaders(t *testing.T) {
	t.Parallel()
	h := MustNewBareHandler(t)
	mux := http.NewServeMux()
	h.Register(mux)
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	var page bytes.Buffer
	if err := h.RenderZero(&page, "vi", "home"); err != nil {
		t.Fatal(err)
	}
	versioned := regexp.MustCompile(`/static/app\.css\?v=[0-9a-f]+`).FindString(page.String())
	if versioned == "" {
		t.Fatal("no versioned app.css link")
	}
	res := get(versioned)
	if got, want := res.Code, http.StatusOK; got != want {
		t.Fatalf("GET %s: status %d, want %d", versioned, got, want)
	}
	if got := res.Header().Get("Cache-Control"); !strings.Contains(got, "max-age=31536000") {
		t.Errorf("versioned asset Cache-Control=%q, want a year", got)
	}
	if ct := res.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type=%q", ct)
	}
	if got := get("/static/app.css").Header().Get("Cache-Control"); strings.Contains(got, "31536000") {
		t.Errorf("unversioned asset Cache-Control=%q, want short", got)
	}
	if got := get("/static/app.css?v=stale").Header().Get("Cache-Control"); strings.Contains(got, "31536000") {
		t.Errorf("stale version Cache-Control=%q, want short", got)
	}
	for _, p := range []string{"/static/", "/static/vendor/", "/static/nope.js"} {
		if got := get(p).Code; got != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, got)
		}
	}
	if got := get("/static/web.css").Code; got != http.StatusOK {
		t.Errorf("GET /static/web.css: %d", got)
	}
}

func TestAutolink(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "xin chào", "xin chào"},
		{"Escapes", `<b>"a" & 'b'</b>`, "&lt;b&gt;&#34;a&#34; &amp; &#39;b&#39;&lt;/b&gt;"},
		{"Link", "Mở: https://nscl.gov.vn/reset/abc_1-2.\n",
			`Mở: <a href="https://nscl.gov.vn/reset/abc_1-2" rel="noopener noreferrer">https://nscl.gov.vn/reset/abc_1-2</a>.` + "\n"},
		{"QueryEscaped", "http://x.vn/?a=1&b=2", `<a href="http://x.vn/?a=1&amp;b=2" rel="noopener noreferrer">http://x.vn/?a=1&amp;b=2</a>`},
		{"NoQuoteBreakout", `http://x.vn/"onmouseover="alert(1)`, `<a href="http://x.vn/" rel="noopener noreferrer">http://x.vn/</a>&#34;onmouseover=&#34;alert(1)`},
		{"NotJavascript", "javascript:alert(1)", "javascript:alert(1)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(web.Autolink(tc.in)); got != tc.want {
				t.Fatalf("Autolink(%q)=\n%q, want\n%q", tc.in, got, tc.want)
			}
		})
	}
}

func TestAttachment(t *testing.T) {
	got := web.Attachment("Nhật ký 2026.xlsx")
	want := `attachment; filename="nhat_ky_2026.xlsx"; filename*=UTF-8''Nh%E1%BA%ADt%20k%C3%BD%202026.xlsx`
	if got != want {
		t.Fatalf("Attachment=%q, want %q", got, want)
	}
	if got := web.Attachment(`a"b;c.txt`); strings.Count(got, `"`) != 2 {
		t.Fatalf("Attachment with a quote: %q", got)
	}
}

func TestIsLocalPath(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"/", true}, {"/account?x=1", true}, {"/admin/users/3", true},
		{"", false}, {"//evil.example", false}, {"/\\evil.example", false}, {"https://evil.example/", false},
		{"evil", false}, {"/a\r\nSet-Cookie: x", false}, {"javascript:alert(1)", false},
	}
	for _, tc := range tests {
		if got := web.IsLocalPath(tc.in); got != tc.want {
			t.Errorf("IsLocalPath(%q)=%v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestPageLocal: a page's own definitions and its calls of them are renamed
// for the page; calls of shared partials and look-alike text are not.
func TestPageLocal(t *testing.T) {
	src := `{{define "content"}}<p>{{template "row" .}} {{template "pager" .}} {{- template "row" $}}</p>"row"{{end}}` +
		`{{define "row"}}{{.}}{{end}}{{block "extra" .}}x{{end}}`
	got, own := web.PageLocal("p1", src)
	want := `{{define "p1/content"}}<p>{{template "p1/row" .}} {{template "pager" .}} {{- template "p1/row" $}}</p>"row"{{end}}` +
		`{{define "p1/row"}}{{.}}{{end}}{{block "p1/extra" .}}x{{end}}`
	if got != want {
		t.Errorf("pageLocal:\n got %s\nwant %s", got, want)
	}
	if wantOwn := []string{"p1/content", "p1/row", "p1/extra"}; !slices.Equal(own, wantOwn) {
		t.Errorf("pageLocal names %q, want %q", own, wantOwn)
	}
}
