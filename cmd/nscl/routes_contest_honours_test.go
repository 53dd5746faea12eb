package main

import (
	"context"
	"strconv"
	"testing"

	"nscl/internal/contest"
	"nscl/internal/demo"
)

// honourRoutes are the routes of the honour roll. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The objects (honourFill): {hn_year}/{hn_slug} and {hn_id} a national
// honour the ministry recorded, public, with a photo (no provincial
// organiser: the walking Hà Nội officer may not edit it). Bodies are
// invalid or stale, so the walk changes nothing.
var honourRoutes = map[string]routeCase{
	"GET /vinh-danh":                {path: "/vinh-danh?q=giai", want: same(200)},
	"GET /vinh-danh/{year}":         {path: "/vinh-danh/{hn_year}", want: same(200)},
	"GET /vinh-danh/{year}/{slug}":  {path: "/vinh-danh/{hn_year}/{hn_slug}", want: same(200)},
	"GET /honour-photos/{id}":       {path: "/honour-photos/{hn_id}", want: same(200)},
	"GET /honour-photos/{id}/thumb": {path: "/honour-photos/{hn_id}/thumb", want: same(200)},
	"GET /vinh-danh/manage":         {path: "/vinh-danh/manage?year={hn_year}", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /vinh-danh/manage/new":     {path: "/vinh-danh/manage/new", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /vinh-danh/manage/{id}":    {path: "/vinh-danh/manage/{hn_id}", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /vinh-danh/manage/{id}":   {path: "/vinh-danh/manage/{hn_id}", body: "version=0&title=x&award=y", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /vinh-danh/manage/{id}/hide": {path: "/vinh-danh/manage/{hn_id}/hide", body: "version=0&hidden=1&reason=x",
		want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /vinh-danh/manage/{id}/photo": {path: "/vinh-danh/manage/{hn_id}/photo", body: "version=0", // not multipart
		want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"POST /vinh-danh/manage": {path: "/vinh-danh/manage", // valid but for a NUL in the title
		body: "tax_code=&year=2024&kind=enterprise&title=X%00&award=A", want: st{303, 422, 422, 403, 403, 403, 403, 403}},

	"GET /api/v1/honours":      {path: "/api/v1/honours?year={hn_year}&q=chat+luong", want: same(200)},
	"GET /api/v1/honours/{id}": {path: "/api/v1/honours/{hn_id}", want: same(200)},
	"POST /api/v1/honours": {path: "/api/v1/honours", body: `{"enterprise_id":1,"year":1990,"kind":"enterprise","title":"x","award":"y"}`,
		want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"PUT /api/v1/honours/{id}": {path: "/api/v1/honours/{hn_id}", body: `{"version":99,"title":"x","award":"y"}`,
		want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/honours/{id}/hide": {path: "/api/v1/honours/{hn_id}/hide", body: `{"version":99,"hidden":true,"reason":"x"}`,
		want: st{401, 409, 409, 403, 403, 403, 403, 403}},
}

// honourFill finds the demo's objects that honourRoutes name and returns the
// placeholder/value pairs.
func honourFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	rs, err := srv.app.db.Contest().FindHonourRecords(context.Background(), contest.HonourFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.EntryID == 0 && r.Organiser == "" && r.Photo != nil && !r.Hidden {
			return []string{"{hn_year}", strconv.Itoa(r.Year), "{hn_slug}", r.Slug, "{hn_id}", strconv.FormatInt(int64(r.ID), 10)}
		}
	}
	t.Fatal("no national honour of 2024 with a photo in the demo")
	return nil
}
