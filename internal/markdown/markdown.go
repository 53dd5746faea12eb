// Package markdown turns the Markdown typed by editors and entrants (case
// studies, guides, news, honour stories, contest entries) into HTML that is
// safe to put in a page: goldmark renders it (CommonMark with tables,
// strikethrough, autolinks and task lists), then bluemonday keeps only
// the elements and attributes of user-generated content, so that a
// <script>, an event handler or a javascript: link typed in the source never
// reaches a reader.
package markdown

import (
	"bytes"
	"html/template"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"golang.org/x/text/unicode/norm"
)

// MaxBytes bounds a Markdown source: longer text is refused by the services
// (a long guide is some tens of kilobytes).
const MaxBytes = 200 << 10

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		// Raw HTML in the source is escaped by goldmark (no WithUnsafe);
		// the sanitiser below is the second wall.
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

func sanitizer() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		p.AllowURLSchemes("http", "https", "mailto")
		policy = p
	})
	return policy
}

// Render returns the safe HTML of src. It never fails: text goldmark
// cannot make sense of is rendered as paragraphs.
func Render(src string) template.HTML {
	src = norm.NFC.String(src)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(sanitizer().SanitizeBytes(buf.Bytes()))
}

// Sanitize returns html with only the safe elements and attributes kept, for
// HTML that comes from elsewhere (an imported article).
func Sanitize(h string) template.HTML {
	return template.HTML(sanitizer().Sanitize(h))
}

// Plain returns the text of src without Markdown or HTML, on one line,
// cut to at most n runes with "…" (for summaries, feeds, Open Graph
// descriptions and mails); n ≤ 0 means no cut.
func Plain(src string, n int) string {
	h := string(Render(src))
	txt := bluemonday.StrictPolicy().Sanitize(h)
	txt = strings.Join(strings.Fields(unescape(txt)), " ")
	if n > 0 {
		r := []rune(txt)
		if len(r) > n {
			return strings.TrimSpace(string(r[:n-1])) + "…"
		}
	}
	return txt
}

// unescape undoes the entities StrictPolicy leaves, so that the plain text
// is text (html/template escapes it again where it is shown).
func unescape(s string) string {
	return entityReplacer.Replace(s)
}

var entityReplacer = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&nbsp;", " ")
