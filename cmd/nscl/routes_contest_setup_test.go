package main

import (
	"context"
	"strconv"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/demo"
	"nscl/internal/registry"
)

// contestSetupRoutes are the routes of contests and entries. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The objects (contestSetupFill): {cs_2025} the national 2025 contest (in
// judging); {cs_open} the Hà Nội contest open for entries (the walking
// provincial officer's department organises it); {cs_draft} the
// ministry's draft; {cs_entry} the demo enterprise's accepted entry in
// 2025; {cs_draft_entry} its draft entry in the Hà Nội contest. Bodies are
// invalid or stale (version 99), so the walk changes nothing.
var contestSetupRoutes = map[string]routeCase{
	"GET /contests":                   {path: "/contests?year=2025", want: same(200)},
	"GET /contests/new":               {path: "/contests/new?preset=gtclqg", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /contests":                  {path: "/contests", body: "code=X&title=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /contests/{id}":              {path: "/contests/{cs_2025}", want: same(200)},
	"GET /contests/{id}/edit":         {path: "/contests/{cs_draft}/edit", want: st{303, 200, 200, 404, 404, 404, 404, 404}},
	"POST /contests/{id}":             {path: "/contests/{cs_draft}", body: "version=99&title=", want: st{303, 409, 409, 404, 404, 404, 404, 404}},
	"POST /contests/{id}/announce":    {path: "/contests/{cs_draft}/announce", body: "version=99", want: st{303, 303, 303, 404, 404, 404, 404, 404}},
	"POST /contests/{id}/cancel":      {path: "/contests/{cs_2025}/cancel", body: "version=99&reason=x", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"GET /contests/{id}/entries":      {path: "/contests/{cs_2025}/entries?status=accepted", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /contests/{id}/entries.xlsx": {path: "/contests/{cs_2025}/entries.xlsx", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /contests/{id}/enter":        {path: "/contests/{cs_open}/enter", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /contests/{id}/entries":     {path: "/contests/{cs_open}/entries", body: "title=", want: st{303, 403, 403, 403, 422, 403, 403, 403}},

	"GET /contest-entries":                          {path: "/contest-entries", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"GET /contest-entries/{id}":                     {path: "/contest-entries/{cs_entry}", want: st{303, 200, 200, 403, 200, 403, 403, 403}},
	"GET /contest-entries/{id}/edit":                {path: "/contest-entries/{cs_draft_entry}/edit", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /contest-entries/{id}":                    {path: "/contest-entries/{cs_draft_entry}", body: "version=99&title=", want: st{303, 403, 403, 403, 409, 403, 403, 403}},
	"POST /contest-entries/{id}/submit":             {path: "/contest-entries/{cs_draft_entry}/submit", body: "version=99", want: st{303, 403, 403, 403, 409, 403, 403, 403}},
	"POST /contest-entries/{id}/withdraw":           {path: "/contest-entries/{cs_entry}/withdraw", body: "version=99", want: st{303, 403, 403, 403, 409, 403, 403, 403}},
	"POST /contest-entries/{id}/check":              {path: "/contest-entries/{cs_entry}/check", body: "version=99&status=accepted", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /contest-entries/{id}/files":              {path: "/contest-entries/{cs_draft_entry}/files", body: "x=1", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"GET /contest-entries/{id}/files/{fid}":         {path: "/contest-entries/{cs_entry}/files/999999", want: st{303, 404, 404, 403, 404, 403, 403, 403}},
	"POST /contest-entries/{id}/files/{fid}/delete": {path: "/contest-entries/{cs_draft_entry}/files/999999/delete", body: "", want: st{303, 403, 403, 403, 404, 403, 403, 403}},

	"GET /api/v1/contests":      {path: "/api/v1/contests?year=2025", want: same(200)},
	"GET /api/v1/contests/{id}": {path: "/api/v1/contests/{cs_2025}", want: same(200)},
	"POST /api/v1/contests": {path: "/api/v1/contests", body: `{"code":"X","title":"","year":2026,"kind":"yearly","entry_kind":"solution",` +
		`"entries_open":"x","entries_close":"x","judging_end":"x","publish_on":"x","min_judges":3}`, want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/contests/{id}": {path: "/api/v1/contests/{cs_draft}", body: `{"version":99,"code":"X","title":"","year":2026,"kind":"yearly",` +
		`"entry_kind":"solution","entries_open":"x","entries_close":"x","judging_end":"x","publish_on":"x","min_judges":3}`,
		want: st{401, 409, 409, 404, 404, 404, 404, 404}},
	"POST /api/v1/contests/{id}/status": {path: "/api/v1/contests/{cs_draft}/status", body: `{"version":99,"status":"announced"}`,
		want: st{401, 409, 409, 404, 404, 404, 404, 404}},
	"GET /api/v1/contests/{id}/entries": {path: "/api/v1/contests/{cs_2025}/entries?status=accepted", want: st{401, 200, 200, 403, 403, 403, 403, 403}},
	"POST /api/v1/contests/{id}/entries": {path: "/api/v1/contests/{cs_open}/entries", body: `{"category_id":0,"title":""}`,
		want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"GET /api/v1/contest-entries/{id}": {path: "/api/v1/contest-entries/{cs_entry}", want: st{401, 200, 200, 403, 200, 403, 403, 403}},
	"PUT /api/v1/contest-entries/{id}": {path: "/api/v1/contest-entries/{cs_draft_entry}", body: `{"version":99,"category_id":0,"title":""}`,
		want: st{401, 403, 403, 403, 409, 403, 403, 403}},
	"POST /api/v1/contest-entries/{id}/submit": {path: "/api/v1/contest-entries/{cs_draft_entry}/submit", body: `{"version":99}`,
		want: st{401, 403, 403, 403, 409, 403, 403, 403}},
	"POST /api/v1/contest-entries/{id}/withdraw": {path: "/api/v1/contest-entries/{cs_entry}/withdraw", body: `{"version":99}`,
		want: st{401, 403, 403, 403, 409, 403, 403, 403}},
	"POST /api/v1/contest-entries/{id}/check": {path: "/api/v1/contest-entries/{cs_entry}/check", body: `{"version":99,"status":"accepted"}`,
		want: st{401, 409, 409, 403, 403, 403, 403, 403}},
}

// contestSetupFill finds the demo's objects that contestSetupRoutes name and returns the
// placeholder/value pairs.
func contestSetupFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	st := srv.app.db.Contest()
	all, err := st.FindContests(ctx, contest.ContestFilter{DraftsAll: true})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*contest.Contest{}
	var open, draft *contest.Contest
	for _, c := range all {
		byCode[c.Code] = c
		switch {
		case c.ProvinceCode == "01" && c.Status == contest.StatusAnnounced:
			open = c
		case c.Status == contest.StatusDraft && c.ProvinceCode == "":
			draft = c
		}
	}
	c25 := byCode["NSCL-2025"]
	if c25 == nil || open == nil || draft == nil {
		t.Fatalf("demo contests missing: 2025 %v, open %v, draft %v", c25 != nil, open != nil, draft != nil)
	}
	owner, err := srv.app.db.Auth().FindUserByEmail(ctx, demoEnterpriseEmail)
	if err != nil || owner.EnterpriseID == 0 {
		t.Fatalf("no demo enterprise user: %v", err)
	}
	ent := registry.EnterpriseID(owner.EnterpriseID)
	find := func(c *contest.Contest) contest.EntryID {
		es, err := st.FindEntries(ctx, contest.EntryFilter{ContestID: c.ID, EnterpriseID: ent})
		if err != nil || len(es) == 0 {
			t.Fatalf("no demo enterprise entry in %s: %v", c.Code, err)
		}
		return es[0].ID
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return []string{"{cs_2025}", id(int64(c25.ID)), "{cs_open}", id(int64(open.ID)), "{cs_draft}", id(int64(draft.ID)),
		"{cs_entry}", id(int64(find(c25))), "{cs_draft_entry}", id(int64(find(open)))}
}
