package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/programme"
	"nscl/internal/registry"
)

// resultsRoutes are the routes of the results and spread. {res_pilot} is a
// running pilot model of a Hà Nội firm (the walking provincial officer's
// province) that is not the walking enterprise's; {res_rep} a reported
// replication of it by another Hà Nội firm. Bodies are invalid, the
// version stale or the actor not allowed, so the walk changes nothing:
// officers look, only the ministry manages the catalogue, the enterprise
// user neither sees the pilot's results nor another firm's replication
// (404) but may record one of its own (the form, 422 on an empty post).
// Roles: anon, admin, ministry, province, enterprise, expert, assessor,
// judge. {res_own_pilot} is a pilot model of the walking enterprise with
// {res_own_rep}, another Hà Nội firm's reported replication: its owner sees
// the results page (the replication only counted, checked in resultsFill)
// and may neither open nor confirm the replication (404).
var resultsRoutes = map[string]routeCase{
	"GET /programme/kpis":                    {path: "/programme/kpis", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/kpis.xlsx":               {path: "/programme/kpis.xlsx", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /replications.xlsx":                 {path: "/replications.xlsx", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"GET /programme/spread/{file}":           {path: "/programme/spread/pilots.xlsx", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /programme/kpis":                   {path: "/programme/kpis", body: "code=9x&name_vi=&name_en=&unit=percent&direction=up", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"POST /programme/kpis/{code}":            {path: "/programme/kpis/oee", body: "name_vi=&name_en=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"POST /programme/kpis/{code}/hide":       {path: "/programme/kpis/khong_co/hide", body: "hidden=1", want: st{303, 404, 404, 403, 403, 403, 403, 403}},
	"POST /programme/kpis/{code}/delete":     {path: "/programme/kpis/oee/delete", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /activities/{id}/results":           {path: "/activities/{res_own_pilot}/results", want: st{303, 200, 200, 200, 200, 404, 404, 404}},
	"GET /replications":                      {path: "/replications", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"GET /replications/new":                  {path: "/replications/new?pilot={res_pilot}", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /replications":                     {path: "/replications", body: "pilot={res_pilot}&source=0&applied_on=", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"GET /replications/{id}":                 {path: "/replications/{res_rep}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /replications/{id}":                {path: "/replications/{res_rep}", body: "pilot={res_pilot}&version=1&applied_on=", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /replications/{id}/confirm":        {path: "/replications/{res_own_rep}/confirm", body: "version=99", want: st{303, 409, 409, 409, 404, 404, 404, 404}},
	"GET /programme/spread":                  {path: "/programme/spread", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /pilots":                            {path: "/pilots", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /pilots/{id}":                       {path: "/pilots/{res_pilot}", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/programme/kpis":             {path: "/api/v1/programme/kpis", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"POST /api/v1/programme/kpis":            {path: "/api/v1/programme/kpis", body: `{"code":"9x","name_vi":"","name_en":"","unit":"percent","direction":"up"}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"PUT /api/v1/programme/kpis/{code}":      {path: "/api/v1/programme/kpis/oee", body: `{"name_vi":""}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"GET /api/v1/activities/{id}/results":    {path: "/api/v1/activities/{res_pilot}/results", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"GET /api/v1/replications":               {path: "/api/v1/replications", want: st{401, 200, 200, 200, 200, 403, 403, 403}},
	"POST /api/v1/replications":              {path: "/api/v1/replications", body: `{"pilot_id":{res_pilot},"applied_on":"","tools":[],"kpis":[]}`, want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"GET /api/v1/replications/{id}":          {path: "/api/v1/replications/{res_rep}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PUT /api/v1/replications/{id}":          {path: "/api/v1/replications/{res_rep}", body: `{"pilot_id":{res_pilot},"applied_on":"","tools":[],"kpis":[],"version":1}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/replications/{id}/confirm": {path: "/api/v1/replications/{res_rep}/confirm", body: `{"version":99}`, want: st{401, 409, 409, 409, 404, 404, 404, 404}},
	"GET /api/v1/programme/spread":           {path: "/api/v1/programme/spread", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"GET /api/v1/pilots":                     {path: "/api/v1/pilots", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/pilots/{id}":                {path: "/api/v1/pilots/{res_pilot}", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
}

// resultsFill makes the objects of resultsRoutes and returns their ids.
func resultsFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	firms := resHanoiFirms(t, srv, own.EnterpriseID, 3)
	pilot, rep := resPilotWithReplication(t, srv, firms[0], firms[1])
	ownFirm, err := srv.app.registry.FindEnterpriseByID(auth.SystemContext(ctx), registry.EnterpriseID(own.EnterpriseID))
	if err != nil {
		t.Fatal(err)
	}
	// The walking officer is of Hà Nội: the pilot is placed in its scope
	// whatever the demo firm's province.
	inHanoi := *ownFirm
	inHanoi.ProvinceCode = "01"
	ownPilot, ownRep := resPilotWithReplication(t, srv, &inHanoi, firms[2])
	// The owner learns of the unconfirmed replication only that it exists.
	res, err := srv.app.programme.Results(auth.WithActor(ctx, own.Actor()), ownPilot.ID, "vi")
	if err != nil || len(res.Replications) != 0 || res.Others != 1 || res.Tree.Children[0].Name != "1 doanh nghiệp khác" {
		t.Fatalf("the pilot owner's results: %+v %v", res, err)
	}
	return []string{"{res_pilot}", fmt.Sprint(int64(pilot.ID)), "{res_rep}", fmt.Sprint(int64(rep.ID)),
		"{res_own_pilot}", fmt.Sprint(int64(ownPilot.ID)), "{res_own_rep}", fmt.Sprint(int64(ownRep.ID))}
}

// resHanoiFirms returns n Hà Nội enterprises other than not.
func resHanoiFirms(t *testing.T, srv *server, not int64, n int) []*registry.Enterprise {
	t.Helper()
	es, _, err := srv.app.registry.FindEnterprises(auth.SystemContext(context.Background()), registry.Filter{ProvinceCode: "01", Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	var out []*registry.Enterprise
	for _, e := range es {
		if int64(e.ID) != not && len(out) < n {
			out = append(out, e)
		}
	}
	if len(out) < n {
		t.Fatal("the demo data has too few enterprises in Hà Nội")
	}
	return out
}

// resPilot creates a running pilot model of e with a verified KPI, through
// the core store.
func resPilot(t *testing.T, srv *server, e *registry.Enterprise, title string) *programme.Activity {
	t.Helper()
	now := time.Now().UTC()
	verified := now.AddDate(0, 0, -1)
	actual := 68.0
	a := &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackDepth, Year: now.Year(), Title: title,
		Summary: "5S, Kaizen và quản lý trực quan tại xưởng sản xuất chính.", EnterpriseID: int64(e.ID), ProvinceCode: e.ProvinceCode,
		Industry: string(e.Industry), SizeClass: string(e.SizeClass), Tools: []string{"5s", "kaizen"}, Status: programme.StatusInProgress,
		ContractDate: now.AddDate(0, -6, 0).Format("2006-01-02"), CreatedAt: now.AddDate(0, -7, 0),
		KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 55, Target: 65, Actual: &actual, VerifiedAt: &verified},
			{Code: "defect_ppm", Baseline: 12000, Target: 8000}}}
	if err := srv.app.db.Programme().CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// resPilotWithReplication makes a pilot of owner and a reported
// replication of it by other.
func resPilotWithReplication(t *testing.T, srv *server, owner, other *registry.Enterprise) (*programme.Activity, *programme.ReplicationRecord) {
	t.Helper()
	p := resPilot(t, srv, owner, "Mô hình điểm Lean tại "+owner.Name)
	now := time.Now().UTC()
	r := &programme.ReplicationRecord{Replication: programme.Replication{PilotID: p.ID, EnterpriseID: int64(other.ID),
		AppliedOn: now.AddDate(0, -1, 0).Format("2006-01-02"), Tools: []string{"5s"}, ProvinceCode: other.ProvinceCode,
		Industry: string(other.Industry), SizeClass: string(other.SizeClass), Status: programme.ReplicationReported,
		KPIs: []programme.ReplicationKPI{{Code: "oee", Baseline: 50, Actual: 58}}}}
	if err := srv.app.db.Programme().CreateReplication(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return p, r
}
