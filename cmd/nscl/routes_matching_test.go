package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/demo"
	"nscl/internal/matching"
	"nscl/internal/registry"
)

// matchingRoutes are the routes of matching. {mneed} is an open need of a
// Hà Nội firm (the walking provincial officer's province) that is not the
// walking enterprise user's, with a pending interest {minterest} of an
// expert who is not the walking expert; {meng} an active engagement of
// another Hà Nội firm with such an expert. Bodies are invalid or the actor
// may not act, so the walk changes nothing: officers may look but not act
// for the enterprise (403), the enterprise user does not see another
// firm's need (404), the expert sees the open need anonymised (200) but not
// its ranking nor another's engagement (404). Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
var matchingRoutes = map[string]routeCase{
	"GET /needs":                             {path: "/needs", want: st{303, 200, 200, 200, 200, 200, 403, 403}},
	"GET /needs/new":                         {path: "/needs/new", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /needs":                            {path: "/needs", body: "tool=5s&description=", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"GET /needs/{id}":                        {path: "/needs/{mneed}", want: st{303, 200, 200, 200, 404, 200, 404, 404}},
	"GET /needs/{id}/matches":                {path: "/needs/{mneed}/matches", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /needs/{id}/interest":              {path: "/needs/{mneed}/interest", body: "message=", want: st{303, 403, 403, 403, 403, 422, 403, 403}},
	"POST /needs/{id}/withdraw":              {path: "/needs/{mneed}/withdraw", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /needs/interests/{id}/decline":     {path: "/needs/interests/{minterest}/decline", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /needs/interests/{id}/accept":      {path: "/needs/interests/{minterest}/accept", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"GET /engagements":                       {path: "/engagements", want: st{303, 200, 200, 200, 200, 200, 403, 403}},
	"POST /engagements/{id}/complete":        {path: "/engagements/{meng}/complete", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /engagements/{id}/rate":            {path: "/engagements/{meng}/rate", body: "rating=0", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"GET /api/v1/needs":                      {path: "/api/v1/needs", want: st{401, 200, 200, 200, 200, 200, 403, 403}},
	"POST /api/v1/needs":                     {path: "/api/v1/needs", body: `{"tools":["5s"],"description":""}`, want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"GET /api/v1/needs/{id}":                 {path: "/api/v1/needs/{mneed}", want: st{401, 200, 200, 200, 404, 200, 404, 404}},
	"POST /api/v1/needs/{id}/withdraw":       {path: "/api/v1/needs/{mneed}/withdraw", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"GET /api/v1/needs/{id}/matches":         {path: "/api/v1/needs/{mneed}/matches", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/needs/{id}/interests":      {path: "/api/v1/needs/{mneed}/interests", body: `{"message":""}`, want: st{401, 403, 403, 403, 403, 422, 403, 403}},
	"POST /api/v1/interests/{id}/decline":    {path: "/api/v1/interests/{minterest}/decline", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/interests/{id}/accept":     {path: "/api/v1/interests/{minterest}/accept", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"GET /api/v1/engagements":                {path: "/api/v1/engagements", want: st{401, 200, 200, 200, 200, 200, 403, 403}},
	"GET /api/v1/engagements/{id}":           {path: "/api/v1/engagements/{meng}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/engagements/{id}/complete": {path: "/api/v1/engagements/{meng}/complete", want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/engagements/{id}/rate":     {path: "/api/v1/engagements/{meng}/rate", body: `{"rating":0}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
}

// matchingFill makes the objects of matchingRoutes and returns their ids.
func matchingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	exUser, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["expert"].Email)
	if err != nil {
		t.Fatal(err)
	}
	var other matching.ExpertID
	if err := srv.app.db.WriteDB().QueryRowContext(ctx, `SELECT id FROM experts WHERE user_id IS NULL OR user_id <> $1 ORDER BY id LIMIT 1`,
		int64(exUser.ID)).Scan(&other); err != nil {
		t.Fatalf("the demo has no expert besides the walking one: %v", err)
	}
	firms := otherFirms(t, srv, own.EnterpriseID, "01", 2)
	st := srv.app.db.Matching()
	now := time.Now().UTC()
	mk := func(e *registry.Enterprise) (*matching.Need, *matching.Interest) {
		n := &matching.Need{EnterpriseID: int64(e.ID), Status: matching.NeedOpen, Description: "Cần hỗ trợ 5S", Industry: string(e.Industry),
			ProvinceCode: e.ProvinceCode, SizeClass: string(e.SizeClass), Levels: []matching.Level{}, Tools: []catalog.ToolCode{"5s"},
			PublishedAt: now, UpdatedAt: now}
		if err := st.CreateNeed(ctx, n); err != nil {
			t.Fatal(err)
		}
		i := &matching.Interest{NeedID: n.ID, ExpertID: other, Message: "Quan tâm", Status: matching.InterestPending, CreatedAt: now}
		if err := st.CreateInterest(ctx, i); err != nil {
			t.Fatal(err)
		}
		return n, i
	}
	need, interest := mk(firms[0])
	n2, i2 := mk(firms[1])
	g := &matching.Engagement{NeedID: n2.ID, EnterpriseID: n2.EnterpriseID, ExpertID: other, InterestID: i2.ID, Status: matching.EngagementActive, AcceptedAt: now}
	if err := st.CreateEngagement(ctx, g); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNeedStatus(ctx, n2.ID, matching.NeedFilled, now); err != nil {
		t.Fatal(err)
	}
	return []string{"{mneed}", fmt.Sprint(int64(need.ID)), "{minterest}", fmt.Sprint(int64(interest.ID)), "{meng}", fmt.Sprint(int64(g.ID))}
}
