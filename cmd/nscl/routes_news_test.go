package main

import (
	"context"
	"strconv"
	"testing"

	"nscl/internal/demo"
	"nscl/internal/news"
)

// newsRoutes are the routes of news, the feed, subscriptions and newsletters. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The objects (newsFill): {news_slug} and {news_art} a published demo event
// with an image; {nl_draft} the demo's draft newsletter. Bodies are invalid,
// stale (version 0 or 99) or name nobody, so the walk changes nothing:
// the send of the draft at a stale version comes back to its page (303);
// the complaint about an unknown address too. The subscription links are
// forged: 404 for everyone.
var newsRoutes = map[string]routeCase{
	"GET /news":                         {path: "/news?category=event&q=hoi+thao", want: same(200)},
	"GET /news/feed.atom":               {path: "/news/feed.atom", want: same(200)},
	"GET /news/manage":                  {path: "/news/manage?status=draft", want: newsEditors(303, 200)},
	"GET /news/new":                     {path: "/news/new", want: newsEditors(303, 200)},
	"POST /news":                        {path: "/news", body: "title=&category=event", want: newsEditors(303, 422)},
	"GET /news/articles/{id}/edit":      {path: "/news/articles/{news_art}/edit", want: newsEditors(303, 200)},
	"POST /news/articles/{id}":          {path: "/news/articles/{news_art}", body: "version=0&title=&category=event", want: newsEditors(303, 422)},
	"POST /news/articles/{id}/image":    {path: "/news/articles/{news_art}/image", body: "image=x", want: newsEditors(303, 303)},
	"GET /news/images/{id}":             {path: "/news/images/{news_art}", want: same(200)},
	"GET /news/images/{id}/thumb":       {path: "/news/images/{news_art}/thumb", want: same(200)},
	"GET /news/{slug}":                  {path: "/news/{news_slug}", want: same(200)},
	"GET /subscribe":                    {path: "/subscribe", want: same(200)},
	"POST /subscribe":                   {path: "/subscribe", body: "email=khong-phai-email&consent=1", want: same(422)},
	"GET /subscribe/confirm/{token}":    {path: "/subscribe/confirm/1.Z2lhLW1hbw", want: same(404)},
	"POST /subscribe/confirm/{token}":   {path: "/subscribe/confirm/1.Z2lhLW1hbw", want: same(404)},
	"GET /unsubscribe/{token}":          {path: "/unsubscribe/1.Z2lhLW1hbw", want: same(404)},
	"POST /unsubscribe/{token}":         {path: "/unsubscribe/1.Z2lhLW1hbw", want: same(404)},
	"GET /newsletters":                  {path: "/newsletters", want: newsEditors(303, 200)},
	"GET /newsletters/new":              {path: "/newsletters/new", want: newsEditors(303, 200)},
	"POST /newsletters":                 {path: "/newsletters", body: "subject=", want: newsEditors(303, 422)},
	"GET /newsletters/{id}":             {path: "/newsletters/{nl_draft}", want: newsEditors(303, 200)},
	"GET /newsletters/{id}/edit":        {path: "/newsletters/{nl_draft}/edit", want: newsEditors(303, 200)},
	"POST /newsletters/{id}":            {path: "/newsletters/{nl_draft}", body: "version=0&subject=", want: newsEditors(303, 422)},
	"POST /newsletters/{id}/send":       {path: "/newsletters/{nl_draft}/send", body: "version=0", want: newsEditors(303, 303)},
	"GET /newsletters/subscribers":      {path: "/newsletters/subscribers?status=confirmed&sector=textiles", want: newsEditors(303, 200)},
	"GET /newsletters/subscribers.xlsx": {path: "/newsletters/subscribers.xlsx?status=bounced", want: newsEditors(303, 200)},
	"POST /newsletters/complaints":      {path: "/newsletters/complaints", body: "email=khong-co%40example.vn", want: newsEditors(303, 303)},

	"GET /api/v1/news":                            {path: "/api/v1/news?q=nang+suat", want: same(200)},
	"GET /api/v1/news/{slug}":                     {path: "/api/v1/news/{news_slug}", want: same(200)},
	"POST /api/v1/news":                           {path: "/api/v1/news", body: `{"title":"","category":"event","publish":false}`, want: newsEditors(401, 422)},
	"PUT /api/v1/news/articles/{id}":              {path: "/api/v1/news/articles/{news_art}", body: `{"version":1,"title":"","category":"event","publish":false}`, want: newsEditors(401, 422)},
	"POST /api/v1/newsletter/subscriptions":       {path: "/api/v1/newsletter/subscriptions", body: `{"email":"khong-phai-email","consent":true}`, want: same(422)},
	"POST /api/v1/newsletter/unsubscribe/{token}": {path: "/api/v1/newsletter/unsubscribe/1.Z2lhLW1hbw", want: same(404)},
	"GET /api/v1/newsletters":                     {path: "/api/v1/newsletters", want: newsEditors(401, 200)},
	"GET /api/v1/newsletters/{id}":                {path: "/api/v1/newsletters/{nl_draft}", want: newsEditors(401, 200)},
	"POST /api/v1/newsletters":                    {path: "/api/v1/newsletters", body: `{"subject":"","segment":{}}`, want: newsEditors(401, 422)},
	"POST /api/v1/newsletters/{id}/send":          {path: "/api/v1/newsletters/{nl_draft}/send", body: `{"version":99}`, want: newsEditors(401, 409)},
	"GET /api/v1/newsletter/subscribers":          {path: "/api/v1/newsletter/subscribers?status=pending", want: newsEditors(401, 200)},
	"POST /api/v1/newsletter/complaints":          {path: "/api/v1/newsletter/complaints", body: `{"email":"khong-co@example.vn"}`, want: newsEditors(401, 404)},
}

// newsEditors: the admin and the ministry may; other roles are refused.
func newsEditors(anon, code int) st { return st{anon, code, code, 403, 403, 403, 403, 403} }

// newsFill finds the demo's objects that newsRoutes name and returns the
// placeholder/value pairs.
func newsFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	now := srv.app.news.Now()
	arts, _, err := srv.app.db.News().FindArticles(ctx, news.ArticleFilter{PublicAt: &now, Category: news.CatEvent, Limit: 1})
	if err != nil || len(arts) == 0 {
		t.Fatalf("no demo article: %v", err)
	}
	nls, _, err := srv.app.db.News().FindNewsletters(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var draft news.NewsletterID
	for _, n := range nls {
		if n.Status == news.NLDraft {
			draft = n.ID
		}
	}
	if draft == 0 {
		t.Fatal("no demo draft newsletter")
	}
	return []string{"{news_slug}", arts[0].Slug, "{news_art}", strconv.FormatInt(int64(arts[0].ID), 10),
		"{nl_draft}", strconv.FormatInt(int64(draft), 10)}
}
