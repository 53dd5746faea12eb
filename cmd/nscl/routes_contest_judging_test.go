package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/contest"
	"nscl/internal/demo"
)

// judgingRoutes are the routes of judging and results. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The objects (judgingFill): {jd_c25} the national solutions contest of
// 2025, decided and published; {jd_c26} the national excellence contest of
// 2026, in independent scoring; {jd_e26} an entry of 2026 the demo judge
// is to score; {jd_e25} an entry of 2025; {jd_own25} the demo
// enterprise's entry of 2025. The national contests are the ministry's:
// the Hà Nội officer does not run them. Bodies are invalid, stale or
// refused by the phase, so the walk changes nothing.
var judgingRoutes = map[string]routeCase{
	"GET /judging":                             {path: "/judging", want: signedIn(303, 200)},
	"GET /contests/{id}/judging":               {path: "/contests/{jd_c26}/judging", want: organisers(303, 200)},
	"POST /contests/{id}/judges":               {path: "/contests/{jd_c26}/judges", body: "user_id=0&organisation=", want: organisers(303, 422)},
	"POST /contests/{id}/judges/{user}/remove": {path: "/contests/{jd_c26}/judges/999999/remove", want: organisers(303, 404)},
	"POST /contests/{id}/assign-auto":          {path: "/contests/{jd_c25}/assign-auto", want: organisers(303, 409)},
	"POST /contests/{id}/phase":                {path: "/contests/{jd_c26}/phase", body: "to=decided&version=0", want: organisers(303, 409)},
	"POST /contest-entries/{id}/assign":        {path: "/contest-entries/{jd_e25}/assign", body: "contest_id={jd_c25}&user_id=1", want: organisers(303, 409)},
	"POST /contest-entries/{id}/unassign": {path: "/contest-entries/{jd_e25}/unassign", body: "contest_id={jd_c25}&user_id=1",
		want: organisers(303, 409)},
	"GET /contest-entries/{id}/score":     {path: "/contest-entries/{jd_e26}/score", want: judgeOnly(303, 200)},
	"POST /contest-entries/{id}/score":    {path: "/contest-entries/{jd_e26}/score", body: "version=0&action=save", want: judgeOnly(303, 409)},
	"POST /contest-entries/{id}/conflict": {path: "/contest-entries/{jd_e26}/conflict", body: "reason=", want: judgeOnly(303, 422)},
	"GET /contests/{id}/consensus":        {path: "/contests/{jd_c25}/consensus", want: st{303, 200, 200, 403, 403, 403, 403, 200}},
	"POST /contest-entries/{id}/consensus": {path: "/contest-entries/{jd_e25}/consensus", body: "contest_id={jd_c25}&version=0",
		want: organisers(303, 409)},
	"GET /contests/{id}/results":              {path: "/contests/{jd_c25}/results", want: same(200)},
	"GET /contest-entries/{id}/feedback":      {path: "/contest-entries/{jd_own25}/feedback", want: st{303, 200, 200, 403, 200, 403, 403, 403}},
	"GET /contest-entries/{id}/feedback.xlsx": {path: "/contest-entries/{jd_own25}/feedback.xlsx", want: st{303, 200, 200, 403, 200, 403, 403, 403}},

	"GET /api/v1/judging/queue":                   {path: "/api/v1/judging/queue", want: signedIn(401, 200)},
	"GET /api/v1/contests/{id}/judging":           {path: "/api/v1/contests/{jd_c26}/judging", want: organisers(401, 200)},
	"POST /api/v1/contests/{id}/judges":           {path: "/api/v1/contests/{jd_c26}/judges", body: `{"user_id":0,"organisation":""}`, want: organisers(401, 422)},
	"DELETE /api/v1/contests/{id}/judges/{user}":  {path: "/api/v1/contests/{jd_c26}/judges/999999", want: organisers(401, 404)},
	"POST /api/v1/contests/{id}/assignments/auto": {path: "/api/v1/contests/{jd_c25}/assignments/auto", want: organisers(401, 409)},
	"POST /api/v1/contest-entries/{id}/assignments": {path: "/api/v1/contest-entries/{jd_e25}/assignments", body: `{"user_id":1}`,
		want: organisers(401, 409)},
	"DELETE /api/v1/contest-entries/{id}/assignments/{user}": {path: "/api/v1/contest-entries/{jd_e25}/assignments/999999",
		want: organisers(401, 409)},
	"GET /api/v1/contest-entries/{id}/score": {path: "/api/v1/contest-entries/{jd_e26}/score", want: judgeOnly(401, 200)},
	"PUT /api/v1/contest-entries/{id}/score": {path: "/api/v1/contest-entries/{jd_e26}/score", body: `{"marks":{},"version":0}`,
		want: judgeOnly(401, 409)},
	"POST /api/v1/contest-entries/{id}/conflict": {path: "/api/v1/contest-entries/{jd_e26}/conflict", body: `{"reason":""}`,
		want: judgeOnly(401, 422)},
	"POST /api/v1/contests/{id}/phase": {path: "/api/v1/contests/{jd_c26}/phase", body: `{"to":"decided","version":0}`,
		want: organisers(401, 409)},
	"GET /api/v1/contests/{id}/consensus": {path: "/api/v1/contests/{jd_c25}/consensus", want: st{401, 200, 200, 403, 403, 403, 403, 200}},
	"PUT /api/v1/contest-entries/{id}/consensus": {path: "/api/v1/contest-entries/{jd_e25}/consensus", body: `{"scores":{},"version":0}`,
		want: organisers(401, 409)},
	"GET /api/v1/contests/{id}/results":         {path: "/api/v1/contests/{jd_c25}/results", want: same(200)},
	"GET /api/v1/contest-entries/{id}/feedback": {path: "/api/v1/contest-entries/{jd_own25}/feedback", want: st{401, 200, 200, 403, 200, 403, 403, 403}},
}

// organisers: the admin and the ministry run the national contests.
func organisers(anon, code int) st { return st{anon, code, code, 403, 403, 403, 403, 403} }

// judgeOnly: only the assigned demo judge.
func judgeOnly(anon, code int) st { return st{anon, 403, 403, 403, 403, 403, 403, code} }

// judgingFill finds the demo's objects that judgingRoutes name and returns the
// placeholder/value pairs.
func judgingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	c25, err := srv.app.demoContestID(ctx, "NSCL-2025")
	if err != nil || c25 == 0 {
		t.Fatalf("no demo contest NSCL-2025: %v", err)
	}
	c26, err := srv.app.demoContestID(ctx, "NSCL-2026")
	if err != nil || c26 == 0 {
		t.Fatalf("no demo contest NSCL-2026: %v", err)
	}
	st := srv.app.db.Contest()
	judge, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["judge"].Email)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := st.FindAssignments(ctx, contest.AssignmentFilter{ContestID: c26, UserID: int64(judge.ID)})
	if err != nil || len(mine) == 0 {
		t.Fatalf("the demo judge has nothing to score in 2026: %v", err)
	}
	var e26 contest.EntryID
	for _, a := range mine {
		if a.Status == contest.AssignPending && e26 == 0 {
			e26 = a.EntryID
		}
	}
	owner, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	es, err := st.FindEntries(ctx, contest.EntryFilter{ContestID: c25, Statuses: []contest.EntryStatus{contest.EntryAccepted}})
	if err != nil || len(es) == 0 {
		t.Fatalf("no accepted 2025 entry: %v", err)
	}
	var own contest.EntryID
	for _, e := range es {
		if int64(e.EnterpriseID) == owner.EnterpriseID {
			own = e.ID
		}
	}
	if own == 0 || e26 == 0 {
		t.Fatalf("the demo enterprise has no accepted 2025 entry (%d) or the demo judge no pending 2026 sheet (%d)", own, e26)
	}
	return []string{"{jd_c25}", fmt.Sprint(int64(c25)), "{jd_c26}", fmt.Sprint(int64(c26)), "{jd_e26}", fmt.Sprint(int64(e26)),
		"{jd_e25}", fmt.Sprint(int64(es[0].ID)), "{jd_own25}", fmt.Sprint(int64(own))}
}
