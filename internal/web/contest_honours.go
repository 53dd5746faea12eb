package web

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/vn"
)

// The pages of the public honour roll (vinh danh) and its stories:
// GET /vinh-danh (the latest year with honours), /vinh-danh/{year} (with
// ?q= search), /vinh-danh/{year}/{slug} (the shareable page) and the
// photos. Anonymous pages are served from the portal's page cache (a
// minute, or until an honour changes).

// registerHonours registers the pages of this area.
func (h *Handler) registerHonours(mux Router) {
	h.handle(mux, "GET /vinh-danh", h.handleHonourRoll)
	h.handle(mux, "GET /vinh-danh/{year}", h.handleHonourRoll)
	h.handle(mux, "GET /vinh-danh/{year}/{slug}", h.handleHonourShow)
	h.handle(mux, "GET /honour-photos/{id}", h.handleHonourPhoto)
	h.handle(mux, "GET /honour-photos/{id}/thumb", h.handleHonourPhoto)
	h.registerHonourManage(mux)
}

// honourPages lists this area's page templates with a zero model each.
func honourPages() map[string]page {
	return map[string]page{
		"honour_roll":   &honourRollPage{},
		"honour_show":   &honourShowPage{H: &contest.HonourRecord{Honour: &contest.Honour{}}},
		"honour_manage": &honourManagePage{},
		"honour_form":   &honourFormPage{},
	}
}

// honourRollPage is a year of the roll, or a search.
type honourRollPage struct {
	Layout
	Year   int
	Years  []honourYear
	Query  string
	Action string
	Cards  []honourCard
	Manage bool
}

type honourYear struct {
	Year    int
	Href    string
	Current bool
}

// honourCard is one honour in the roll.
type honourCard struct {
	Href, Title, Enterprise, Province, Award, Kind, Summary, Thumb string
	Year                                                           int
	KPIs                                                           []honourKPI
}

// honourKPI is one before/after figure, formatted.
type honourKPI struct {
	Name, Unit, Before, After, Change string
	Verified                          bool
}

func honourKPIs(ks []contest.EntryKPI) []honourKPI {
	out := make([]honourKPI, 0, len(ks))
	for _, k := range ks {
		x := honourKPI{Name: k.Name, Unit: k.Unit, Before: honourNum(k.Before), After: honourNum(k.After), Verified: k.Verified}
		if k.Before != 0 {
			c := (k.After - k.Before) / math.Abs(k.Before) * 100
			x.Change = strings.TrimSuffix(vn.Decimal(c, 1), ",0") + " %"
			if c > 0 {
				x.Change = "+" + x.Change
			}
		}
		out = append(out, x)
	}
	return out
}

// honourNum writes a figure with at most two decimals, Vietnamese style.
func honourNum(f float64) string {
	s := vn.Decimal(f, 2)
	if strings.Contains(s, ",") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ",")
	}
	return s
}

func (h *Handler) honourCard(r *contest.HonourRecord, lang string) honourCard {
	c := honourCard{Href: honourHref(r), Title: r.Title, Enterprise: r.EnterpriseName, Province: h.provinceName(r.ProvinceCode),
		Award: r.Award, Kind: r.Kind.Label().In(lang), Summary: markdown.Plain(r.SummaryMD, 240), Year: r.Year, KPIs: honourKPIs(r.KPIs)}
	if c.Summary == "" {
		c.Summary = markdown.Plain(r.StoryMD, 240)
	}
	if r.Photo != nil {
		c.Thumb = honourPhotoHref(r, true)
	}
	return c
}

// handleHonourRoll shows a year of the roll (the latest without one), or
// the search of ?q= (in the year, or in every year on /vinh-danh).
func (h *Handler) handleHonourRoll(w http.ResponseWriter, r *http.Request) error {
	year := 0
	if ys := r.PathValue("year"); ys != "" {
		y, ok := parseHonourYear(ys)
		if !ok {
			return fault.New(fault.NotFound, "Không có năm vinh danh này.", "There is no such year on the honour roll.")
		}
		if !canonicalYear(ys) {
			return canonicalRedirect(w, r, "/vinh-danh/"+strconv.Itoa(y))
		}
		year = y
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	key := "/vinh-danh"
	if year != 0 {
		key += "/" + strconv.Itoa(year)
	}
	if q != "" {
		key = "" // searches are not cached
	}
	model := func() (page, error) { return h.honourRollModel(r, year, q) }
	title := text("honour.title")
	if key == "" {
		p, err := model()
		if err != nil {
			return err
		}
		return h.keepMeta(w, r, "honour_roll", title, p)
	}
	return h.serveCached(w, r, "honour_roll", key, h.contest.HonourGeneration(), title, model)
}

func (h *Handler) honourRollModel(r *http.Request, year int, q string) (*honourRollPage, error) {
	ctx := r.Context()
	lang := h.lang(r)
	years, err := h.contest.HonourYears(ctx)
	if err != nil {
		return nil, err
	}
	p := &honourRollPage{Query: q, Manage: h.mayManageHonourList(r)}
	search := q != "" && r.PathValue("year") == ""
	if year == 0 && !search && len(years) > 0 {
		year = years[0]
	}
	p.Year = year
	p.Action = "/vinh-danh"
	if year != 0 && !search {
		p.Action = "/vinh-danh/" + strconv.Itoa(year)
	}
	for _, y := range years {
		p.Years = append(p.Years, honourYear{Year: y, Href: "/vinh-danh/" + strconv.Itoa(y), Current: y == year && !search})
	}
	if year != 0 || search {
		if search {
			year = 0
		}
		rs, err := h.contest.PublicHonours(ctx, year, q)
		if err != nil {
			return nil, err
		}
		for _, x := range rs {
			p.Cards = append(p.Cards, h.honourCard(x, lang))
		}
	}
	desc := text("honour.description").In(lang)
	p.Meta = &PageMeta{Description: desc, URL: h.honourAbsURL(r, r.URL.Path)}
	return p, nil
}

// mayManageHonourList reports whether the actor has the management list.
func (h *Handler) mayManageHonourList(r *http.Request) bool {
	a := auth.ActorFrom(r.Context())
	if a.IsAnonymous() {
		return false
	}
	return auth.Can(a, auth.ActHonourManage) || a.Role == auth.RoleProvince && auth.Can(a, auth.ActContestManage)
}

// honourShowPage is an honour's shareable page.
type honourShowPage struct {
	Layout
	H              *contest.HonourRecord
	Kind           string
	Province       string
	Summary        template.HTML
	Story          template.HTML
	KPIs           []honourKPI
	Photo          string
	PhotoW, PhotoH int
	EnterpriseHref string
	ContestHref    string
	Share          []shareLink
	PublishedOn    time.Time
	EditHref       string
	NotPublic      bool
}

type shareLink struct {
	Label, Href, Class string
}

// handleHonourShow is the shareable page of an honour.
func (h *Handler) handleHonourShow(w http.ResponseWriter, r *http.Request) error {
	ys, slug := r.PathValue("year"), r.PathValue("slug")
	year, ok := parseHonourYear(ys)
	if !ok || slug == "" || len(slug) > 100 {
		return fault.New(fault.NotFound, "Không có trang vinh danh này.", "There is no such honour.")
	}
	// One address per honour: the cache is keyed by it.
	if !canonicalYear(ys) {
		return canonicalRedirect(w, r, "/vinh-danh/"+strconv.Itoa(year)+"/"+url.PathEscape(slug))
	}
	canonical := "/vinh-danh/" + ys + "/" + slug
	var title fault.Text
	model := func() (page, error) {
		x, err := h.contest.PublicHonour(r.Context(), year, slug)
		if err != nil {
			return nil, err
		}
		title = fault.Text{Vi: x.Title + " — Vinh danh " + strconv.Itoa(x.Year), En: x.Title + " — Honour roll " + strconv.Itoa(x.Year)}
		return h.honourShowModel(r, x), nil
	}
	if !auth.ActorFrom(r.Context()).IsAnonymous() {
		p, err := model()
		if err != nil {
			return err
		}
		return h.keepMeta(w, r, "honour_show", title, p)
	}
	// The title is the honour's: build it before the layout is filled
	// (serveCached fills it once per build).
	return h.serveCached(w, r, "honour_show", canonical, h.contest.HonourGeneration(), text("honour.title"), func() (page, error) {
		p, err := model()
		if err != nil {
			return nil, err
		}
		p.layout().Title = title.In(h.lang(r))
		return p, nil
	})
}

// parseHonourYear reads a year of the roll's addresses (2000–2100; a sign
// or leading zeros are read but are not the canonical form).
func parseHonourYear(s string) (int, bool) {
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 2000 && y <= 2100
}

// canonicalYear reports whether s, read by parseHonourYear, is written
// as the year's canonical four digits (no sign, no leading zero).
func canonicalYear(s string) bool { return len(s) == 4 && s[0] >= '1' && s[0] <= '9' }

// canonicalRedirect sends a GET of a non-canonical address of the roll to
// its canonical one (with the query), so that each page is one address.
func canonicalRedirect(w http.ResponseWriter, r *http.Request, path string) error {
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, path, http.StatusMovedPermanently)
	return nil
}

func (h *Handler) honourShowModel(r *http.Request, x *contest.HonourRecord) *honourShowPage {
	lang := h.lang(r)
	a := auth.ActorFrom(r.Context())
	p := &honourShowPage{H: x, Kind: x.Kind.Label().In(lang), Province: h.provinceName(x.ProvinceCode), Summary: markdown.Render(x.SummaryMD),
		Story: markdown.Render(x.StoryMD), KPIs: honourKPIs(x.KPIs), PublishedOn: x.PublishedOn, NotPublic: !x.Public(time.Now())}
	if x.Photo != nil {
		p.Photo, p.PhotoW, p.PhotoH = honourPhotoHref(x, false), x.Photo.Width, x.Photo.Height
	}
	// The registry's profile is for those who may see it (it is not public).
	if !a.IsAnonymous() && auth.Allowed(a, auth.ActEnterpriseView, auth.Scope{ProvinceCode: x.ProvinceCode, EnterpriseID: int64(x.EnterpriseID)}) {
		p.EnterpriseHref = "/enterprises/" + strconv.FormatInt(int64(x.EnterpriseID), 10)
	}
	if x.ContestID != 0 {
		p.ContestHref = "/contests/" + strconv.FormatInt(int64(x.ContestID), 10)
	}
	if edit, _ := h.contest.MayEditHonour(r.Context(), x); edit {
		p.EditHref = "/vinh-danh/manage/" + strconv.FormatInt(int64(x.ID), 10)
	}
	abs := h.honourAbsURL(r, honourHref(x))
	desc := markdown.Plain(x.SummaryMD, 200)
	if desc == "" {
		desc = markdown.Plain(x.StoryMD, 200)
	}
	if desc == "" {
		desc = x.Award + " — " + x.EnterpriseName
	}
	p.Meta = &PageMeta{Description: desc, URL: abs, Type: "article"}
	if x.Photo != nil {
		p.Meta.Image = h.honourAbsURL(r, honourPhotoHref(x, false))
	}
	u := url.QueryEscape(abs)
	p.Share = []shareLink{
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u, "share-facebook"},
		{"Zalo", "https://sp.zalo.me/share_to_zalo?url=" + u, "share-zalo"},
		{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u, "share-linkedin"},
	}
	return p
}

// handleHonourPhoto serves an honour's photo or thumbnail (public with
// the honour; cached for a year under its hashed URL).
func (h *Handler) handleHonourPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := h.contest.HonourPhoto(r.Context(), contest.HonourID(id), strings.HasSuffix(r.URL.Path, "/thumb"))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "image/jpeg")
	hd.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") != "" {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "public, max-age=300")
	}
	_, _ = w.Write(b)
	return nil
}
