package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/library"
)

// libraryRoutes are the routes of the case library and guides. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The objects (libraryFill): {lib_case} a published case of a Hà Nội
// enterprise (the walking provincial officer edits it) with {lib_photo};
// {lib_draft} a draft case of another province (editors of the ministry
// only; 404 for everyone else); {lib_guide} a published 5S guide of the
// ministry (a provincial officer reads it, does not edit it) with its
// template {lib_file}. Bodies are invalid, stale (version 0 or 99), not
// multipart, or name a photo or file that is not there, so the walk
// changes nothing.
var libraryRoutes = map[string]routeCase{
	"GET /cases":           {path: "/cases?tool=5s&q=xuong", want: same(200)},
	"GET /cases/new":       {path: "/cases/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /cases":          {path: "/cases", body: "title=A%00&enterprise_id=1&tools=5s&problem_md=x", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /cases/{id}":      {path: "/cases/{lib_case}", want: same(200)},
	"GET /cases/{id}/edit": {path: "/cases/{lib_case}/edit", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /cases/{id}":     {path: "/cases/{lib_case}", body: "version=0&title=", want: st{303, 409, 409, 409, 403, 403, 403, 403}},
	"POST /cases/{id}/status": {path: "/cases/{lib_case}/status", body: "version=0&status=published",
		want: st{303, 303, 303, 303, 403, 403, 403, 403}},
	"POST /cases/{id}/photos":              {path: "/cases/{lib_case}/photos", body: "caption=x", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /cases/{id}/photos/{pid}":         {path: "/cases/{lib_case}/photos/{lib_photo}", want: same(200)},
	"GET /cases/{id}/photos/{pid}/thumb":   {path: "/cases/{lib_case}/photos/{lib_photo}/thumb", want: same(200)},
	"POST /cases/{id}/photos/{pid}/delete": {path: "/cases/{lib_case}/photos/999999999/delete", body: "x=1", want: st{303, 404, 404, 404, 403, 403, 403, 403}},
	"GET /guides":                          {path: "/guides?tool=5s", want: same(200)},
	"GET /guides/new":                      {path: "/guides/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /guides":                         {path: "/guides", body: "tool=5s&title=&body_md=x", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /guides/{id}":                     {path: "/guides/{lib_guide}", want: same(200)},
	"GET /guides/{id}/edit":                {path: "/guides/{lib_guide}/edit", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /guides/{id}":                    {path: "/guides/{lib_guide}", body: "version=0&tool=5s&title=x&body_md=x", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /guides/{id}/status":             {path: "/guides/{lib_guide}/status", body: "version=0&status=draft", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"POST /guides/{id}/files":              {path: "/guides/{lib_guide}/files", body: "x=1", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /guides/{id}/files/{fid}":         {path: "/guides/{lib_guide}/files/{lib_file}", want: same(200)},
	"POST /guides/{id}/files/{fid}/delete": {path: "/guides/{lib_guide}/files/999999999/delete", body: "x=1", want: st{303, 404, 404, 403, 403, 403, 403, 403}},

	"GET /api/v1/cases":      {path: "/api/v1/cases?tool=5s&q=xuong", want: same(200)},
	"GET /api/v1/cases/{id}": {path: "/api/v1/cases/{lib_case}", want: same(200)},
	"POST /api/v1/cases": {path: "/api/v1/cases", body: `{"title":"A\u0000","enterprise_id":1,"tools":["5s"],"problem_md":"x"}`,
		want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/cases/{id}": {path: "/api/v1/cases/{lib_case}", body: `{"version":99,"title":"A","enterprise_id":1,"tools":["5s"],"problem_md":"x"}`,
		want: st{401, 409, 409, 409, 403, 403, 403, 403}},
	"POST /api/v1/cases/{id}/publish": {path: "/api/v1/cases/{lib_case}/publish", body: `{"version":99,"status":"published"}`,
		want: st{401, 409, 409, 409, 403, 403, 403, 403}},
	"GET /api/v1/guides":      {path: "/api/v1/guides?tool=5s", want: same(200)},
	"GET /api/v1/guides/{id}": {path: "/api/v1/guides/{lib_guide}", want: same(200)},
	"POST /api/v1/guides": {path: "/api/v1/guides", body: `{"tool":"5s","title":"","body_md":"x"}`,
		want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/guides/{id}": {path: "/api/v1/guides/{lib_guide}", body: `{"version":99,"tool":"5s","title":"x","body_md":"x"}`,
		want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/guides/{id}/publish": {path: "/api/v1/guides/{lib_guide}/publish", body: `{"version":99,"status":"draft"}`,
		want: st{401, 409, 409, 403, 403, 403, 403, 403}},
}

// libraryFill finds the demo's objects that libraryRoutes name and returns the
// placeholder/value pairs.
func libraryFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	sys := auth.SystemContext(context.Background())
	svc := srv.app.library
	cs, _, err := svc.Cases(sys, library.CaseQuery{Province: "01", Status: library.StatusPublished, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	var pub *library.Case
	for _, c := range cs {
		if c.CoverPhotoID != 0 {
			pub = c
			break
		}
	}
	if pub == nil {
		t.Fatalf("no published Hà Nội case with a photo in the demo")
	}
	drafts, _, err := svc.Cases(sys, library.CaseQuery{Status: library.StatusDraft, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	var draft library.CaseID
	for _, c := range drafts {
		if c.ProvinceCode != "01" {
			draft = c.ID
			break
		}
	}
	if draft == 0 {
		t.Fatalf("no draft case outside Hà Nội in the demo")
	}
	gs, _, err := svc.Guides(sys, library.GuideQuery{Tool: "5s", Status: library.StatusPublished})
	if err != nil {
		t.Fatal(err)
	}
	var guide library.GuideID
	var file library.FileID
	for _, g := range gs {
		if g.ProvinceCode != "" || g.Files == 0 {
			continue
		}
		v, err := svc.Guide(sys, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		guide, file = g.ID, v.Files[0].ID
		break
	}
	if guide == 0 {
		t.Fatalf("no published 5S guide with a template in the demo")
	}
	return []string{"{lib_case}", fmt.Sprint(pub.ID), "{lib_photo}", fmt.Sprint(pub.CoverPhotoID), "{lib_draft}", fmt.Sprint(draft),
		"{lib_guide}", fmt.Sprint(guide), "{lib_file}", fmt.Sprint(file)}
}
