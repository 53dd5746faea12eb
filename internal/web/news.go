package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/markdown"
	"nscl/internal/news"
	"nscl/internal/vn"
)

// The pages of news, the Atom feed, newsletter subscriptions and
// newsletters. Reading news and subscribing are public; the service
// decides the rest (editors: ActNewsManage; newsletters and subscribers:
// ActNewsletterManage).

// registerNews registers the pages of this area.
func (h *Handler) registerNews(mux Router) {
	if h.news == nil {
		return
	}
	h.handle(mux, "GET /news", h.handleNewsList)
	h.handle(mux, "GET /news/feed.atom", h.handleNewsFeed)
	h.handle(mux, "GET /news/manage", h.handleNewsManage)
	h.handle(mux, "GET /news/new", h.handleNewsNew)
	h.handle(mux, "POST /news", h.handleNewsCreate)
	h.handle(mux, "GET /news/articles/{id}/edit", h.handleNewsEdit)
	h.handle(mux, "POST /news/articles/{id}", h.handleNewsUpdate)
	h.handle(mux, "GET /news/{slug}", h.handleNewsArticle)
	h.handle(mux, "POST /news/articles/{id}/image", h.handleNewsImageUpload)
	h.handle(mux, "GET /news/images/{id}", h.newsImage(false))
	h.handle(mux, "GET /news/images/{id}/thumb", h.newsImage(true))

	h.handle(mux, "GET /subscribe", h.handleSubscribeForm)
	h.handle(mux, "POST /subscribe", h.handleSubscribe)
	h.handle(mux, "GET /subscribe/confirm/{token}", h.handleSubscribeConfirmForm)
	h.handle(mux, "POST /subscribe/confirm/{token}", h.handleSubscribeConfirm)
	h.handle(mux, "GET /unsubscribe/{token}", h.handleUnsubscribeForm)
	h.handle(mux, "POST /unsubscribe/{token}", h.handleUnsubscribe)

	h.handle(mux, "GET /newsletters", h.handleNewsletters)
	h.handle(mux, "GET /newsletters/new", h.handleNewsletterNew)
	h.handle(mux, "POST /newsletters", h.handleNewsletterCreate)
	h.handle(mux, "GET /newsletters/{id}", h.handleNewsletterShow)
	h.handle(mux, "GET /newsletters/{id}/edit", h.handleNewsletterEdit)
	h.handle(mux, "POST /newsletters/{id}", h.handleNewsletterUpdate)
	h.handle(mux, "POST /newsletters/{id}/send", h.handleNewsletterSend)
	h.handle(mux, "GET /newsletters/subscribers", h.handleSubscribers)
	h.handle(mux, "GET /newsletters/subscribers.xlsx", h.handleSubscribersXLSX)
	h.handle(mux, "POST /newsletters/complaints", h.handleComplaint)
}

// newsPages lists this area's page templates with a zero model each.
func newsPages() map[string]page {
	return map[string]page{
		"news_list":              &newsListPage{},
		"news_article":           &newsArticlePage{},
		"news_manage":            &newsManagePage{},
		"news_form":              &newsFormPage{},
		"subscribe_form":         &subscribeFormPage{},
		"subscribe_done":         &subscribeDonePage{},
		"subscribe_confirm":      &subscribeConfirmPage{},
		"subscribe_unsubscribe":  &unsubscribePage{},
		"newsletter_list":        &newsletterListPage{},
		"newsletter_form":        &newsletterFormPage{},
		"newsletter_show":        &newsletterShowPage{},
		"newsletter_subscribers": &subscribersPage{},
	}
}

// newsTab is a tab of the news area.
type newsTab struct {
	Label   string
	Href    string
	Current bool
}

func (h *Handler) newsTabs(r *http.Request, current string) []newsTab {
	lang := h.lang(r)
	tabs := []newsTab{{text("news.tab_news").In(lang), "/news", false}, {text("news.tab_subscribe").In(lang), "/subscribe", false}}
	ctx := r.Context()
	if h.news.MayEdit(ctx) {
		tabs = append(tabs, newsTab{text("news.tab_manage").In(lang), "/news/manage", false})
	}
	if h.news.MayManageNewsletters(ctx) {
		tabs = append(tabs, newsTab{text("news.tab_newsletters").In(lang), "/newsletters", false},
			newsTab{text("news.tab_subscribers").In(lang), "/newsletters/subscribers", false})
	}
	for i := range tabs {
		tabs[i].Current = tabs[i].Href == current
	}
	return tabs
}

// newsAbsURL is the absolute URL of path (Open Graph, the feed).
func (h *Handler) newsAbsURL(r *http.Request, path string) string {
	if h.baseURL != "" {
		return h.baseURL + path
	}
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}

// articleCard is an article in a list.
type articleCard struct {
	Title, Href, Summary, Category, CategoryCode, Image, Thumb, Status, Badge, EditHref string
	Tags                                                                                []tagLink
	Published                                                                           *time.Time
}

type tagLink struct{ Label, Href string }

func (h *Handler) articleCard(lang string, a *news.Article, now time.Time) articleCard {
	c := articleCard{Title: a.Title, Href: news.ArticleURL(a.Slug), Summary: a.PlainSummary(), Category: a.Category.Label().In(lang),
		CategoryCode: string(a.Category), Image: a.ImageURL, Thumb: thumbOf(a.ImageURL), Published: a.PublishAt,
		EditHref: "/news/articles/" + strconv.FormatInt(int64(a.ID), 10) + "/edit"}
	st := a.StatusAt(now)
	c.Status = st.Label().In(lang)
	switch st {
	case news.ArticlePublished:
		c.Badge = "badge-ok"
	case news.ArticleScheduled:
		c.Badge = "badge-warn"
	default:
		c.Badge = "badge-muted"
	}
	for _, t := range a.Tags {
		c.Tags = append(c.Tags, tagLink{Label: t, Href: "/news?tag=" + url.QueryEscape(t)})
	}
	return c
}

// ---- /news ----

type newsListPage struct {
	Layout
	Tabs       []newsTab
	Q, Tag     string
	Categories []option
	Articles   []articleCard
	Pager      Pager
	Filtered   bool
	FeedHref   string
	CanEdit    bool
}

const newsPerPage = 12

func (h *Handler) handleNewsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	f := news.ArticleFilter{Category: news.Category(qs.Get("category")), Tag: qs.Get("tag"), Query: qs.Get("q"), Limit: newsPerPage}
	page := pageParam(qs)
	f.Offset = (page - 1) * newsPerPage
	list, total, err := h.news.Articles(ctx, f, false)
	if err != nil {
		return err
	}
	p := &newsListPage{Tabs: h.newsTabs(r, "/news"), Q: qs.Get("q"), Tag: qs.Get("tag"), Pager: newPager(r, page, newsPerPage, total),
		Filtered: f.Category != "" || f.Tag != "" || f.Query != "", FeedHref: "/news/feed.atom", CanEdit: h.news.MayEdit(ctx)}
	for _, c := range news.Categories {
		p.Categories = append(p.Categories, option{Value: string(c), Label: c.Label().In(lang), Selected: c == f.Category})
	}
	now := h.news.Now()
	for _, a := range list {
		p.Articles = append(p.Articles, h.articleCard(lang, a, now))
	}
	p.Meta = &PageMeta{Description: text("news.meta_description").In(lang), URL: h.newsAbsURL(r, "/news"),
		Alternates: []AltLink{{Type: "application/atom+xml", Title: text("news.feed_title").In(lang), Href: h.newsAbsURL(r, "/news/feed.atom")}}}
	return h.render(w, r, http.StatusOK, "news_list", text("news.title"), p)
}

// ---- /news/{slug} ----

type newsArticlePage struct {
	Layout
	Tabs      []newsTab
	Article   articleCard
	Body      template.HTML
	Author    string
	Draft     bool // not public yet: only editors see it
	CanEdit   bool
	ShareHref string
}

func (h *Handler) handleNewsArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	a, err := h.news.PublicArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	now := h.news.Now()
	p := &newsArticlePage{Tabs: h.newsTabs(r, "/news"), Article: h.articleCard(lang, a, now), Body: markdown.Render(a.Body),
		Author: a.AuthorName, Draft: a.StatusAt(now) != news.ArticlePublished, CanEdit: h.news.MayEdit(ctx)}
	abs := h.newsAbsURL(r, news.ArticleURL(a.Slug))
	p.ShareHref = "https://www.facebook.com/sharer/sharer.php?u=" + url.QueryEscape(abs)
	p.Meta = &PageMeta{Description: a.PlainSummary(), URL: abs, Type: "article",
		Alternates: []AltLink{{Type: "application/atom+xml", Title: text("news.feed_title").In(lang), Href: h.newsAbsURL(r, "/news/feed.atom")}}}
	if a.ImageURL != "" {
		p.Meta.Image = a.ImageURL
		if strings.HasPrefix(a.ImageURL, "/") {
			p.Meta.Image = h.newsAbsURL(r, a.ImageURL)
		}
	}
	return h.render(w, r, http.StatusOK, "news_article", fault.Text{Vi: a.Title, En: a.Title}, p)
}

// ---- /news/feed.atom ----

func (h *Handler) handleNewsFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context() // the public list, whoever asks
	list, _, err := h.news.Articles(ctx, news.ArticleFilter{Limit: news.FeedSize}, false)
	if err != nil {
		return err
	}
	body, err := news.Feed(list, h.newsAbsURL(r, ""), h.news.Now())
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/atom+xml; charset=utf-8")
	hd.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return nil
}

// ---- editors: /news/manage ----

type newsManagePage struct {
	Layout
	Tabs     []newsTab
	Statuses []option
	Q        string
	Articles []articleCard
	Pager    Pager
}

func (h *Handler) handleNewsManage(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	st := news.ArticleStatus(qs.Get("status"))
	if st != news.ArticleDraft && st != news.ArticleScheduled && st != news.ArticlePublished {
		st = ""
	}
	page := pageParam(qs)
	list, total, err := h.news.Articles(ctx, news.ArticleFilter{Status: st, Query: qs.Get("q"), Offset: (page - 1) * 30, Limit: 30}, true)
	if err != nil {
		return err
	}
	p := &newsManagePage{Tabs: h.newsTabs(r, "/news/manage"), Q: qs.Get("q"), Pager: newPager(r, page, 30, total)}
	for _, s := range []news.ArticleStatus{news.ArticleDraft, news.ArticleScheduled, news.ArticlePublished} {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == st})
	}
	now := h.news.Now()
	for _, a := range list {
		p.Articles = append(p.Articles, h.articleCard(lang, a, now))
	}
	return h.render(w, r, http.StatusOK, "news_manage", text("news.manage_title"), p)
}

// ---- the article form ----

type newsFormPage struct {
	Layout
	Tabs       []newsTab
	Form       formErrors
	New        bool
	Action     string
	Cancel     string
	Version    int
	Title      string
	Slug       string
	Summary    string
	Body       string
	Tags       string
	ImageURL   string
	Categories []option
	Publish    bool
	PublishAt  string // yyyy-mm-ddThh:mm in Vietnam's zone
	// The image upload (an existing article only).
	ImageAction string
	Thumb       string
}

const publishLayout = "2006-01-02T15:04"

func (h *Handler) newsForm(r *http.Request, in news.ArticleInput, fe formErrors, publishAt string) *newsFormPage {
	lang := h.lang(r)
	p := &newsFormPage{Tabs: h.newsTabs(r, "/news/manage"), Form: fe, Title: in.Title, Slug: in.Slug, Summary: in.Summary, Body: in.Body,
		Tags: strings.Join(in.Tags, ", "), ImageURL: in.ImageURL, Publish: in.Publish, PublishAt: publishAt, Version: in.Version}
	for _, c := range news.Categories {
		p.Categories = append(p.Categories, option{Value: string(c), Label: c.Label().In(lang), Selected: c == in.Category})
	}
	return p
}

// articleForm reads the posted article form.
func articleForm(r *http.Request) (news.ArticleInput, string, error) {
	in := news.ArticleInput{Title: formValue(r, "title"), Slug: formValue(r, "slug"), Summary: formValue(r, "summary"), Body: r.PostFormValue("body"),
		Category: news.Category(formValue(r, "category")), ImageURL: formValue(r, "image_url"), Publish: formValue(r, "publish") == "1"}
	in.Version, _ = strconv.Atoi(formValue(r, "version"))
	for _, t := range strings.Split(formValue(r, "tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			in.Tags = append(in.Tags, t)
		}
	}
	at := formValue(r, "publish_at")
	if at != "" {
		t, err := time.ParseInLocation(publishLayout, at, vn.Zone)
		if err != nil {
			return in, at, fault.New(fault.Invalid, "Thời điểm đăng không hợp lệ.", "The publication time is not valid.").
				Field("publish_at", "Nhập ngày giờ, ví dụ 15/06/2026 08:00.", "Enter a date and time, e.g. 15/06/2026 08:00.")
		}
		in.PublishAt = &t
	}
	return in, at, nil
}

func (h *Handler) handleNewsNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.newsEditor(r); err != nil {
		return err
	}
	p := h.newsForm(r, news.ArticleInput{Category: news.CatProgramme}, formErrors{}, "")
	p.New, p.Action, p.Cancel = true, "/news", "/news/manage"
	return h.render(w, r, http.StatusOK, "news_form", text("news.new_title"), p)
}

func (h *Handler) newsEditor(r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActNewsManage) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("news.editors_only")}
	}
	return nil
}

func (h *Handler) handleNewsCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, at, err := articleForm(r)
	var a *news.Article
	if err == nil {
		a, err = h.news.CreateArticle(r.Context(), in)
	}
	if isFormError(err) {
		p := h.newsForm(r, in, newFormErrors(h.lang(r), err, nil), at)
		p.New, p.Action, p.Cancel = true, "/news", "/news/manage"
		return h.render(w, r, http.StatusUnprocessableEntity, "news_form", text("news.new_title"), p)
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("news.saved"))
	redirect(w, r, news.ArticleURL(a.Slug))
	return nil
}

func (h *Handler) handleNewsEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	a, err := h.news.Article(r.Context(), news.ArticleID(id))
	if err != nil {
		return err
	}
	at := ""
	if a.PublishAt != nil {
		at = a.PublishAt.In(vn.Zone).Format(publishLayout)
	}
	p := h.newsForm(r, news.ArticleInput{Title: a.Title, Slug: a.Slug, Summary: a.Summary, Body: a.Body, Category: a.Category, Tags: a.Tags,
		ImageURL: a.ImageURL, Publish: a.Status != news.ArticleDraft, Version: a.Version}, formErrors{}, at)
	p.Action, p.Cancel = "/news/articles/"+strconv.FormatInt(id, 10), news.ArticleURL(a.Slug)
	p.ImageAction, p.Thumb = "/news/articles/"+strconv.FormatInt(id, 10)+"/image", thumbOf(a.ImageURL)
	return h.render(w, r, http.StatusOK, "news_form", text("news.edit_title"), p)
}

func (h *Handler) handleNewsUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in, at, err := articleForm(r)
	var a *news.Article
	if err == nil {
		a, err = h.news.UpdateArticle(r.Context(), news.ArticleID(id), in)
	}
	if isFormError(err) {
		p := h.newsForm(r, in, newFormErrors(h.lang(r), err, nil), at)
		p.Action, p.Cancel = "/news/articles/"+strconv.FormatInt(id, 10), "/news/manage"
		return h.render(w, r, http.StatusUnprocessableEntity, "news_form", text("news.edit_title"), p)
	}
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("news.saved"))
	redirect(w, r, news.ArticleURL(a.Slug))
	return nil
}
