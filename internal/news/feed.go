package news

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"nscl/internal/markdown"
)

// FeedSize is how many articles the Atom feed carries.
const FeedSize = 20

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomAuthor  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomAuthor     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    atomText       `xml:"content"`
}

// entryID is an article's permanent Atom id (RFC 4151 tag URI): it names
// the article's number, not its slug, so an editor renaming the slug does
// not make readers see it again as new.
func entryID(base string, a *Article, pub time.Time) string {
	day := a.CreatedAt
	if day.IsZero() {
		day = pub
	}
	host := hostOf(base)
	return "tag:" + host + "," + day.UTC().Format("2006-01-02") + ":news/" + strconv.FormatInt(int64(a.ID), 10)
}

// Feed writes the Atom 1.0 feed of published articles (newest first) with
// absolute links under base (e.g. "https://nscl.gov.vn"). The content is
// the sanitised HTML of each body, escaped as Atom's type="html" asks.
func Feed(list []*Article, base string, now time.Time) ([]byte, error) {
	base = strings.TrimSuffix(base, "/")
	f := atomFeed{Lang: "vi", ID: base + "/news", Title: "Tin tức — Chương trình năng suất chất lượng quốc gia",
		Subtitle: "Bộ Công Thương · Ministry of Industry and Trade",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/news/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/news"}},
		Author: atomAuthor{Name: "Bộ Công Thương"}}
	updated := time.Time{}
	for _, a := range list {
		u := a.UpdatedAt
		if a.PublishAt != nil && a.PublishAt.After(u) {
			u = *a.PublishAt // a scheduled article appears when its time comes
		}
		if u.After(updated) {
			updated = u
		}
		link := base + ArticleURL(a.Slug)
		pub := a.UpdatedAt
		if a.PublishAt != nil {
			pub = *a.PublishAt
		}
		e := atomEntry{ID: entryID(base, a, pub), Title: a.Title, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Published: pub.UTC().Format(time.RFC3339), Updated: u.UTC().Format(time.RFC3339),
			Author:     atomAuthor{Name: orDefault(a.AuthorName, "Bộ Công Thương")},
			Categories: []atomCategory{{Term: string(a.Category), Label: a.Category.Label().Vi}},
			Content:    atomText{Type: "html", Body: string(markdown.Render(a.Body))}}
		for _, t := range a.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t, Label: t})
		}
		if a.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: a.Summary}
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = now
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
