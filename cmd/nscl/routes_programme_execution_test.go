package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/demo"
	"nscl/internal/programme"
)

// executionRoutes are the routes of this programme area. {exec_act} is an
// activity in progress under a ministry call, of a Hà Nội firm (the walking
// provincial officer's province) that is not the walking enterprise's,
// with a planned milestone {exec_ms} and an evidence file {exec_file}.
// Officers of the ministry decide it (their invalid bodies are 422; closing
// an activity in progress is 409); the Hà Nội officer may look but not act
// (403); the walking enterprise, expert, assessor and judge are neither its
// proposer nor its verifier (404). Roles: anon, admin, ministry, province,
// enterprise, expert, assessor, judge.
var executionRoutes = map[string]routeCase{
	"GET /activities/{id}/execution":                {path: "/activities/{exec_act}/execution", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /activities/{id}/evidence/{fid}":           {path: "/activities/{exec_act}/evidence/{exec_file}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /activities/{id}/contract":                {path: "/activities/{exec_act}/contract", body: "contract_no=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/milestones/{mid}/report": {path: "/activities/{exec_act}/milestones/{exec_ms}/report", body: "progress=&report=", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/milestones/{mid}/decide": {path: "/activities/{exec_act}/milestones/{exec_ms}/decide", body: "decision=reject&note=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/disbursements":           {path: "/activities/{exec_act}/disbursements", body: "amount=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/final":                   {path: "/activities/{exec_act}/final", body: "summary=", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/final/return":            {path: "/activities/{exec_act}/final/return", body: "note=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/verifier":                {path: "/activities/{exec_act}/verifier", body: "verifier=", want: st{303, 422, 422, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/verify":                  {path: "/activities/{exec_act}/verify", body: "kpi.oee=", want: st{303, 403, 403, 403, 404, 404, 404, 404}},
	"POST /activities/{id}/close":                   {path: "/activities/{exec_act}/close", body: "note=", want: st{303, 409, 409, 403, 404, 404, 404, 404}},

	"GET /api/v1/activities/{id}/execution":     {path: "/api/v1/activities/{exec_act}/execution", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"GET /api/v1/activities/{id}/milestones":    {path: "/api/v1/activities/{exec_act}/milestones", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"GET /api/v1/activities/{id}/disbursements": {path: "/api/v1/activities/{exec_act}/disbursements", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/contract": {path: "/api/v1/activities/{exec_act}/contract",
		body: `{"version":0,"contract_no":"","contract_date":"","milestones":[]}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/milestones/{mid}/report": {path: "/api/v1/activities/{exec_act}/milestones/{exec_ms}/report",
		body: `{"version":0,"progress_pct":0,"report":""}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/milestones/{mid}/decide": {path: "/api/v1/activities/{exec_act}/milestones/{exec_ms}/decide",
		body: `{"version":0,"accept":false}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/disbursements": {path: "/api/v1/activities/{exec_act}/disbursements",
		body: `{"version":0,"milestone_id":0,"amount":0,"paid_on":"","reference":""}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/final": {path: "/api/v1/activities/{exec_act}/final",
		body: `{"version":0,"actuals":{},"summary":""}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/final/return": {path: "/api/v1/activities/{exec_act}/final/return",
		body: `{"version":0}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/verifier": {path: "/api/v1/activities/{exec_act}/verifier",
		body: `{"version":0,"verifier_id":0}`, want: st{401, 422, 422, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/verify": {path: "/api/v1/activities/{exec_act}/verify",
		body: `{"version":0,"values":{},"notes":{}}`, want: st{401, 403, 403, 403, 404, 404, 404, 404}},
	"POST /api/v1/activities/{id}/close": {path: "/api/v1/activities/{exec_act}/close",
		body: `{"version":0}`, want: st{401, 409, 409, 403, 404, 404, 404, 404}},
}

// executionFill makes the objects of executionRoutes and returns their ids.
func executionFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	firm := otherFirms(t, srv, own.EnterpriseID, "01", 1)[0]
	st := srv.app.db.Programme()
	now := time.Now().UTC()
	c := &programme.Call{Code: fmt.Sprintf("EXEC-ROUTES-%d", now.UnixNano()), Title: "Đợt kiểm tra quyền", Track: programme.TrackBreadth,
		OpensAt: now.AddDate(0, -3, 0), Deadline: now.AddDate(0, -1, 0), Status: programme.CallClosed}
	if err := st.CreateCall(ctx, c); err != nil {
		t.Fatal(err)
	}
	a := &programme.Activity{CallID: c.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: now.Year(),
		Title: "Mô hình điểm kiểm tra quyền", EnterpriseID: int64(firm.ID), ProvinceCode: "01", Status: programme.StatusInProgress,
		StateBudget: 100_000_000, Counterpart: 100_000_000, ApprovedBudget: 100_000_000, ContractNo: "HĐ-ROUTES", ContractDate: "2026-01-05",
		KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 60, Target: 70}}}
	if err := st.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	ms := []programme.Milestone{{ActivityID: a.ID, Seq: 1, Title: "Mốc 1", DueDate: "2026-12-31", StateAmount: 100_000_000}}
	if err := st.CreateMilestones(ctx, ms); err != nil {
		t.Fatal(err)
	}
	f := &programme.File{ActivityID: a.ID, MilestoneID: ms[0].ID, Name: "bien-ban.pdf", ContentType: "application/pdf", Size: 9,
		Data: []byte("%PDF-1.4\n"), UploadedAt: now}
	if err := st.AddEvidence(ctx, f); err != nil {
		t.Fatal(err)
	}
	return []string{"{exec_act}", fmt.Sprint(int64(a.ID)), "{exec_ms}", fmt.Sprint(int64(ms[0].ID)), "{exec_file}", fmt.Sprint(int64(f.ID))}
}
