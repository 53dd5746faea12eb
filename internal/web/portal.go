package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/portal"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The public portal's home page (GET / for anonymous visitors): the
// programme's headline figures (aggregates only, as /figures shows them),
// small SVG bars, the map of activity by province (ECharts, loaded by
// portal.js only when the map scrolls into view), the latest news,
// honours and cases, the open contests, the directories and the
// certificate check. The data and the rendered bytes per language are
// cached for a minute (portal.Service).

// registerPortal registers the pages of this area (the home page itself is
// GET /, in home.go).
func (h *Handler) registerPortal(mux Router) {
}

// portalPages lists this area's page templates with a zero model each.
func portalPages() map[string]page {
	return map[string]page{}
}

// portalView is what the portal's part of the home page shows.
type portalView struct {
	Stats       []dashStat
	Bars        []portalBar
	BarsTitle   string
	BarsMax     string
	Map         bool
	MapJSON     string
	MapSrc      string
	EChartsSrc  string
	EChartsVi   string
	Attribution string
	News        []portalItem
	Cases       []portalItem
	Honours     []portalItem
	Contests    []portalContest
	Directory   bool
	Catalog     bool
	Figures     bool
	Library     bool
	NewsOn      bool
	Honour      bool
	Years       string // the years the figures cover, e.g. "2021–2026"
}

// portalBar is one bar of a small SVG bar chart: Y is its row's top, W its
// length in the viewBox (0–300).
type portalBar struct {
	Label  string
	Value  string
	Y, W   int
	TextY  int
	ValueX int
}

// portalItem is a news article, an honour or a case on the home page.
type portalItem struct {
	Title, Text, Href, Image, Meta string
}

// portalContest is a contest open for entries.
type portalContest struct {
	Title, Href, Closes, Organiser string
}

// portalModel builds the portal's view of home in lang.
func (h *Handler) portalModel(home *portal.Home, lang string) *portalView {
	v := &portalView{Directory: h.directory != nil, Catalog: h.catalog != nil, Library: h.library != nil, NewsOn: h.news != nil,
		Honour: h.contest != nil}
	if d := home.Figures; d != nil && (d.Totals.Activities > 0 || len(d.Progress) > 0) {
		v.Figures = true
		t := d.Totals
		v.Stats = []dashStat{
			{vn.Int(int64(t.Enterprises)), text("dash.card_enterprises").In(lang)},
			{vn.Int(int64(t.Supported)), text("dash.card_supported").In(lang)},
			{vn.Int(int64(t.Pilots)), text("dash.card_pilots").In(lang)},
			{billions(t.Disbursed, lang), text("dash.card_disbursed").In(lang)},
			{vn.Int(int64(d.Spread.Replications)), text("dash.card_replications").In(lang)},
		}
		for i := range v.Stats {
			if t.Hidden && i < 4 || d.Spread.Hidden && i == 4 {
				v.Stats[i].Value = cSuppressed().Text
			}
		}
		v.Bars, v.BarsMax = portalBars(d)
		v.BarsTitle = text("portal.bars_title").In(lang)
		if len(d.Years) > 0 {
			v.Years = strconv.Itoa(d.Years[0])
			if n := len(d.Years); n > 1 {
				v.Years += "–" + strconv.Itoa(d.Years[n-1])
			}
		}
		if len(d.Provinces) > 0 {
			v.Map = true
			v.MapJSON = mustJSON(h.mapOption(d, lang))
			v.MapSrc, _ = h.asset("vn-provinces.json")
			v.EChartsSrc, _ = h.asset("vendor/echarts.min.js")
			if lang == "vi" {
				v.EChartsVi, _ = h.asset("vendor/echarts-lang-vi.js")
			}
			v.Attribution = text("dash.attribution").In(lang)
		}
	}
	for _, a := range home.News {
		v.News = append(v.News, portalItem{Title: a.Title, Text: a.Summary, Href: a.URL, Image: a.ImageURL, Meta: vn.Date(a.PublishedAt)})
	}
	for _, c := range home.Cases {
		meta := h.provinceName(c.ProvinceCode)
		if l := registry.Industry(c.Sector).Label().In(lang); c.Sector != "" && l != "" {
			meta = l + " · " + meta
		}
		v.Cases = append(v.Cases, portalItem{Title: c.Title, Text: c.Summary, Href: c.URL, Image: c.PhotoURL, Meta: meta})
	}
	for _, r := range home.Honours {
		it := portalItem{Title: r.Title, Text: r.Award, Href: honourHref(r), Meta: strconv.Itoa(r.Year) + " · " + h.provinceName(r.ProvinceCode)}
		if r.Photo != nil {
			it.Image = honourPhotoHref(r, true)
		}
		v.Honours = append(v.Honours, it)
	}
	for _, c := range home.Contests {
		org := text("portal.ministry").In(lang)
		if c.ProvinceCode != "" {
			org = h.provinceName(c.ProvinceCode)
		}
		v.Contests = append(v.Contests, portalContest{Title: c.Title, Href: "/contests/" + strconv.FormatInt(int64(c.ID), 10),
			Closes: vn.Date(c.EntriesClose), Organiser: org})
	}
	return v
}

// portalBars are the enterprises supported per year, as SVG bars (no
// chart library on the home page).
func portalBars(d *programme.Dashboard) ([]portalBar, string) {
	maxV := 0
	for _, p := range d.Progress {
		if !p.Hidden {
			maxV = max(maxV, p.Enterprises)
		}
	}
	if maxV == 0 {
		return nil, ""
	}
	var out []portalBar
	for i, p := range d.Progress {
		b := portalBar{Label: strconv.Itoa(p.Year), Y: i * 28, TextY: i*28 + 15}
		if p.Hidden {
			b.Value = cSuppressed().Text
		} else {
			b.Value = vn.Int(int64(p.Enterprises))
			b.W = max(2, p.Enterprises*220/maxV)
		}
		b.ValueX = 44 + b.W + 6
		out = append(out, b)
	}
	return out, strconv.Itoa(len(out)*28 + 4)
}

// servePortalHome serves the home page to an anonymous visitor from the
// cache: the bytes of the current data per language, with an entity tag.
func (h *Handler) servePortalHome(w http.ResponseWriter, r *http.Request) error {
	home, err := h.portal.Home(r.Context())
	if err != nil {
		return err
	}
	return h.serveCached(w, r, "home", "/", home.Seq, text("home.title"), func() (page, error) {
		p := &homePage{Portal: h.portalModel(home, h.lang(r))}
		p.Meta = &PageMeta{Description: text("portal.description").In(h.lang(r)), URL: h.honourAbsURL(r, "/")}
		return p, nil
	})
}

// serveCached serves an anonymous GET page from the portal's page cache
// (key, with the language; gen is the generation of its data), answering a
// matching If-None-Match with 304. A signed-in user, a page with a flash
// message, or a server without the portal gets the page rendered now.
func (h *Handler) serveCached(w http.ResponseWriter, r *http.Request, name, key string, gen int64, title fault.Text, model func() (page, error)) error {
	if h.portal == nil || r.Method != http.MethodGet || !auth.ActorFrom(r.Context()).IsAnonymous() {
		p, err := model()
		if err != nil {
			return err
		}
		return h.keepMeta(w, r, name, title, p)
	}
	// A hit costs the language, the flash check and a map look-up: the
	// layout is filled only when the page is built.
	lang := h.lang(r)
	if f := h.popFlash(r.Context()); f != nil {
		p, err := model()
		if err != nil {
			return err
		}
		meta, charts := p.layout().Meta, p.layout().Charts
		h.fill(r, p.layout(), title, false)
		p.layout().Meta, p.layout().Charts = meta, charts
		p.layout().Flash = &Flash{Kind: f.Kind, Text: f.Text.In(lang)}
		return h.write(w, http.StatusOK, name, p)
	}
	pg, err := h.portal.Pages().Get(lang+"\x00"+name+"\x00"+key, gen, func() ([]byte, error) {
		p, err := model()
		if err != nil {
			return nil, err
		}
		var l Layout
		h.fill(r, &l, title, false)
		l.RequestID = ""
		setLayout(p, l)
		var buf bytes.Buffer
		err = h.execute(&buf, name, p)
		return buf.Bytes(), err
	})
	if err != nil {
		return err
	}
	hd := w.Header()
	hd["Content-Type"] = htmlType
	hd["Cache-Control"] = privateRevalidate
	hd["Vary"] = varyCookie
	hd["Etag"] = []string{pg.ETag}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, pg.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pg.Body)
	return nil
}

var (
	privateRevalidate = []string{"private, no-cache"}
	varyCookie        = []string{"Cookie"}
)

// keepMeta renders p for a signed-in user, keeping the Meta and Charts its
// model set.
func (h *Handler) keepMeta(w http.ResponseWriter, r *http.Request, name string, title fault.Text, p page) error {
	meta, charts := p.layout().Meta, p.layout().Charts
	h.fill(r, p.layout(), title, true)
	p.layout().Meta, p.layout().Charts = meta, charts
	return h.write(w, http.StatusOK, name, p)
}

// setLayout puts l into p's layout, keeping the Meta, Charts and Title
// (when set) its model chose.
func setLayout(p page, l Layout) {
	lay := p.layout()
	meta, charts, title := lay.Meta, lay.Charts, lay.Title
	*lay = l
	lay.Meta, lay.Charts = meta, charts
	if title != "" {
		lay.Title = title
	}
}

// etagMatches reports whether an If-None-Match header names tag.
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// honourAbsURL is the absolute URL of path, for Open Graph tags.
func (h *Handler) honourAbsURL(r *http.Request, path string) string {
	if h.baseURL != "" {
		return h.baseURL + path
	}
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}

// honourHref is the public page of an honour.
func honourHref(r *contest.HonourRecord) string {
	return "/vinh-danh/" + strconv.Itoa(r.Year) + "/" + r.Slug
}

// honourPhotoHref is the URL of an honour's photo (or thumbnail), versioned
// by its hash so that it may be cached.
func honourPhotoHref(r *contest.HonourRecord, thumb bool) string {
	u := "/honour-photos/" + strconv.FormatInt(int64(r.ID), 10)
	if thumb {
		u += "/thumb"
	}
	if r.Photo != nil && len(r.Photo.SHA256) >= 12 {
		u += "?v=" + r.Photo.SHA256[:12]
	}
	return u
}
