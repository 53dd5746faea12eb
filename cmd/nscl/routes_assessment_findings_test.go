package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/registry"
)

// findingRoutes are the routes of photo evidence and findings. {fasm_hn}
// is a Hà Nội firm's submitted assessment with findings (officers of Hà
// Nội and the ministry see it and may record findings; the enterprise
// user, of another firm, gets 404); {fasm_ind} the demo enterprise's
// independent assessment by the demo assessor and {ffind} an open finding
// of it (the enterprise reports done, the assessor and officers verify);
// {fasm_prog} the demo enterprise's self-assessment in progress, {fkey}
// an item of it; {fphoto} a photo of the demo enterprise's submitted
// self-assessment {fphoto_asm} (removable by no one: it is not open).
// Bodies are invalid or carry a stale version, so the walk changes
// nothing. Roles: anon, admin, ministry, province, enterprise, expert,
// assessor, judge.
var findingRoutes = map[string]routeCase{
	"GET /assessments/{id}/findings": {path: "/assessments/{fasm_hn}/findings", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /assessments/{id}/findings": {path: "/assessments/{fasm_hn}/findings", body: "description=&due_date=31/02/2026",
		want: st{303, 422, 422, 422, 404, 404, 404, 404}},
	"POST /assessments/{id}/findings/{fid}": {path: "/assessments/{fasm_ind}/findings/{ffind}", body: "version=0&description=x",
		want: st{303, 409, 409, 404, 409, 404, 409, 404}},
	"POST /assessments/{id}/findings/{fid}/done": {path: "/assessments/{fasm_ind}/findings/{ffind}/done", body: "version=0&note=",
		want: st{303, 403, 403, 404, 422, 404, 403, 404}},
	"POST /assessments/{id}/findings/{fid}/close": {path: "/assessments/{fasm_ind}/findings/{ffind}/close", body: "version=0",
		want: st{303, 409, 409, 404, 403, 404, 409, 404}},
	"POST /assessments/{id}/findings/{fid}/reopen": {path: "/assessments/{fasm_ind}/findings/{ffind}/reopen", body: "version=0&note=",
		want: st{303, 422, 422, 404, 403, 404, 422, 404}},
	"GET /findings":      {path: "/findings?overdue=1", want: st{303, 200, 200, 200, 200, 403, 200, 403}},
	"GET /findings.xlsx": {path: "/findings.xlsx?status=all", want: st{303, 200, 200, 200, 200, 403, 200, 403}},
	"GET /assessments/{id}/items/{key}/photos": {path: "/assessments/{fasm_prog}/items/{fkey}/photos",
		want: st{303, 200, 200, 404, 200, 404, 404, 404}},
	"POST /assessments/{id}/items/{key}/photos": {path: "/assessments/{fasm_prog}/items/{fkey}/photos", body: "photo=khong-phai-anh",
		want: st{303, 403, 403, 404, 422, 404, 404, 404}},
	"GET /assessments/{id}/photos/{pid}":         {path: "/assessments/{fphoto_asm}/photos/{fphoto}", want: st{303, 200, 200, 404, 200, 404, 404, 404}},
	"GET /assessments/{id}/photos/{pid}/thumb":   {path: "/assessments/{fphoto_asm}/photos/{fphoto}/thumb", want: st{303, 200, 200, 404, 200, 404, 404, 404}},
	"POST /assessments/{id}/photos/{pid}/delete": {path: "/assessments/{fphoto_asm}/photos/{fphoto}/delete", want: st{303, 403, 403, 404, 403, 404, 404, 404}},

	"GET /api/v1/assessments/{id}/photos": {path: "/api/v1/assessments/{fphoto_asm}/photos", want: st{401, 200, 200, 404, 200, 404, 404, 404}},
	"POST /api/v1/assessments/{id}/items/{item}/photos": {path: "/api/v1/assessments/{fasm_prog}/items/{fkey}/photos", body: `{"khong":"phai anh"}`,
		want: st{401, 403, 403, 404, 422, 404, 404, 404}},
	"GET /api/v1/assessments/{id}/photos/{pid}": {path: "/api/v1/assessments/{fphoto_asm}/photos/{fphoto}?thumb=true",
		want: st{401, 200, 200, 404, 200, 404, 404, 404}},
	"DELETE /api/v1/assessments/{id}/photos/{pid}": {path: "/api/v1/assessments/{fphoto_asm}/photos/{fphoto}",
		want: st{401, 403, 403, 404, 403, 404, 404, 404}},
	"GET /api/v1/assessments/{id}/findings": {path: "/api/v1/assessments/{fasm_ind}/findings", want: st{401, 200, 200, 404, 200, 404, 200, 404}},
	"POST /api/v1/assessments/{id}/findings": {path: "/api/v1/assessments/{fasm_hn}/findings", body: `{"description":"","due_date":"31/02/2026"}`,
		want: st{401, 422, 422, 422, 404, 404, 404, 404}},
	"GET /api/v1/findings":      {path: "/api/v1/findings?status=all", want: st{401, 200, 200, 200, 200, 403, 200, 403}},
	"GET /api/v1/findings/{id}": {path: "/api/v1/findings/{ffind}", want: st{401, 200, 200, 404, 200, 404, 200, 404}},
	"PUT /api/v1/findings/{id}": {path: "/api/v1/findings/{ffind}", body: `{"version":99,"description":"x"}`,
		want: st{401, 409, 409, 404, 409, 404, 409, 404}},
	"POST /api/v1/findings/{id}/transition": {path: "/api/v1/findings/{ffind}/transition", body: `{"version":99,"action":"close"}`,
		want: st{401, 409, 409, 404, 403, 404, 409, 404}},
}

// findingFill finds the demo's objects that findingRoutes name and
// returns the placeholder/value pairs.
func findingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	st := srv.app.db.Assessment()
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	as, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["assessor"].Email)
	if err != nil {
		t.Fatal(err)
	}
	mine, _, err := st.FindAssessments(ctx, assessment.AssessmentFilter{EnterpriseID: registry.EnterpriseID(own.EnterpriseID)})
	if err != nil {
		t.Fatal(err)
	}
	var prog, ind, done *assessment.Assessment
	for _, x := range mine {
		switch {
		case x.Mode == assessment.ModeSelf && x.Status == assessment.StatusInProgress && prog == nil:
			prog = x
		case x.Mode == assessment.ModeIndependent && x.AssessorID == as.ID && x.SubmittedAt != nil && ind == nil:
			ind = x
		case x.Mode == assessment.ModeSelf && x.Status == assessment.StatusSubmitted && done == nil:
			done = x
		}
	}
	if prog == nil || ind == nil || done == nil {
		t.Fatalf("the demo enterprise lacks an assessment: in progress %v, independent %v, submitted %v", prog != nil, ind != nil, done != nil)
	}
	fs, _, err := st.FindFindings(ctx, assessment.FindingFilter{AssessmentID: ind.ID, Statuses: []assessment.FindingStatus{assessment.FindingOpen}})
	if err != nil || len(fs) == 0 {
		t.Fatalf("no open finding on the demo's independent assessment: %v", err)
	}
	ps, err := st.FindPhotos(ctx, done.ID, "")
	if err != nil || len(ps) == 0 {
		t.Fatalf("no photo on the demo's submitted self-assessment: %v", err)
	}
	v, err := st.FindVersion(ctx, prog.VersionID)
	if err != nil || len(v.Body.Sections) == 0 || len(v.Body.Sections[0].Items) == 0 {
		t.Fatalf("no item in the scheme of the assessment in progress: %v", err)
	}
	hn, _, err := st.FindFindings(ctx, assessment.FindingFilter{Provinces: []string{"01"}, Limit: 1})
	if err != nil || len(hn) == 0 {
		t.Fatalf("no finding in Hà Nội: %v", err)
	}
	if int64(hn[0].EnterpriseID) == own.EnterpriseID {
		t.Fatal("the Hà Nội finding is the walking enterprise's")
	}
	if hn[0].AssessorID == as.ID {
		t.Fatal("the Hà Nội finding is of the walking assessor's assessment")
	}
	if l := logins["province"]; l.Email != "" {
		if u, err := srv.app.db.Auth().FindUserByEmail(ctx, l.Email); err != nil || u.ProvinceCode != "01" || u.Role != auth.RoleProvince {
			t.Fatalf("the walking provincial officer is not Hà Nội's: %+v, %v", u, err)
		}
	}
	id := func(v any) string { return fmt.Sprint(v) }
	return []string{"{fasm_hn}", id(int64(hn[0].AssessmentID)), "{fasm_ind}", id(int64(ind.ID)), "{ffind}", id(int64(fs[0].ID)),
		"{fasm_prog}", id(int64(prog.ID)), "{fkey}", v.Body.Sections[0].Items[0].Key,
		"{fphoto_asm}", id(int64(done.ID)), "{fphoto}", id(int64(ps[0].ID))}
}
