package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/demo"
)

// assessingRoutes are the routes of the assessments (self and
// independent), the audit form and the results. {asm_req} is a Hà Nội
// firm's independent request awaiting its assessor (officers of Hà Nội and
// the ministry see it and may assign; everyone else gets 404);
// {asm_prog} the same firm's independent assessment in progress with the
// demo assessor (who answers it; officers see the form read-only). Bodies
// are invalid or carry a stale version, so the walk changes nothing: a
// stale transition comes back to the assessment's page with the message
// (303), a stale assignment shows the form again (409). Roles: anon,
// admin, ministry, province, enterprise, expert, assessor, judge.
var assessingRoutes = map[string]routeCase{
	"GET /assessments":               {path: "/assessments", want: st{303, 200, 200, 200, 200, 403, 200, 403}},
	"GET /assessments.xlsx":          {path: "/assessments.xlsx?mode=independent", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /assessments/new":           {path: "/assessments/new", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /assessments":              {path: "/assessments", body: "scheme_id=&site=", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"GET /assessments/request":       {path: "/assessments/request", want: st{303, 403, 403, 403, 200, 403, 403, 403}},
	"POST /assessments/request":      {path: "/assessments/request", body: "scheme_id=&site=", want: st{303, 403, 403, 403, 422, 403, 403, 403}},
	"GET /assessments/{id}":          {path: "/assessments/{asm_req}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /assessments/{id}/audit":    {path: "/assessments/{asm_prog}/audit", want: st{303, 200, 200, 200, 404, 404, 200, 404}},
	"POST /assessments/{id}/answers": {path: "/assessments/{asm_prog}/answers", body: "item=khong-co&value=1", want: st{303, 403, 403, 403, 404, 404, 422, 404}},
	"POST /assessments/{id}/start":   {path: "/assessments/{asm_prog}/start", body: "version=0", want: st{303, 303, 303, 303, 404, 404, 303, 404}},
	"POST /assessments/{id}/submit":  {path: "/assessments/{asm_prog}/submit", body: "version=0", want: st{303, 303, 303, 303, 404, 404, 303, 404}},
	"POST /assessments/{id}/cancel":  {path: "/assessments/{asm_prog}/cancel", body: "version=0&reason=", want: st{303, 303, 303, 303, 404, 404, 303, 404}},
	"GET /assessments/{id}/assign":   {path: "/assessments/{asm_req}/assign", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /assessments/{id}/assign":  {path: "/assessments/{asm_req}/assign", body: "version=0&assessor_id=0", want: st{303, 409, 409, 409, 404, 404, 404, 404}},
	"GET /api/v1/assessments":        {path: "/api/v1/assessments?mode=independent", want: st{401, 200, 200, 200, 200, 403, 200, 403}},
	"GET /api/v1/assessments/{id}":   {path: "/api/v1/assessments/{asm_req}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/assessments/self":  {path: "/api/v1/assessments/self", body: `{"scheme_id":0,"site":""}`, want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"POST /api/v1/assessments/independent": {path: "/api/v1/assessments/independent", body: `{"scheme_id":0,"site":""}`,
		want: st{401, 403, 403, 403, 422, 403, 403, 403}},
	"GET /api/v1/assessments/{id}/candidates": {path: "/api/v1/assessments/{asm_req}/candidates", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/assessments/{id}/assign": {path: "/api/v1/assessments/{asm_req}/assign", body: `{"version":99,"assessor_id":1}`,
		want: st{401, 409, 409, 409, 404, 404, 404, 404}},
	"POST /api/v1/assessments/{id}/start": {path: "/api/v1/assessments/{asm_prog}/start", body: `{"version":99}`,
		want: st{401, 409, 409, 409, 404, 404, 409, 404}},
	"POST /api/v1/assessments/{id}/answers": {path: "/api/v1/assessments/{asm_prog}/answers", body: `{"answers":[{"item":"khong-co","value":1}]}`,
		want: st{401, 403, 403, 403, 404, 404, 422, 404}},
	"PUT /api/v1/assessments/{id}/answers/{item}": {path: "/api/v1/assessments/{asm_prog}/answers/khong-co", body: `{"value":1}`,
		want: st{401, 403, 403, 403, 404, 404, 422, 404}},
	"POST /api/v1/assessments/{id}/submit": {path: "/api/v1/assessments/{asm_prog}/submit", body: `{"version":99}`,
		want: st{401, 409, 409, 409, 404, 404, 409, 404}},
	"POST /api/v1/assessments/{id}/cancel": {path: "/api/v1/assessments/{asm_prog}/cancel", body: `{"version":99,"reason":""}`,
		want: st{401, 409, 409, 409, 404, 404, 409, 404}},
}

// assessingFill finds the demo's Hà Nội request and the assessment in
// progress with the demo assessor that assessingRoutes name.
func assessingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
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
	find := func(f assessment.AssessmentFilter, what string) *assessment.Assessment {
		f.Provinces, f.Mode, f.Limit = []string{"01"}, assessment.ModeIndependent, 50
		xs, _, err := st.FindAssessments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range xs {
			if int64(x.EnterpriseID) != own.EnterpriseID {
				return x
			}
		}
		t.Fatalf("the demo has no %s in Hà Nội", what)
		return nil
	}
	req := find(assessment.AssessmentFilter{Statuses: []assessment.Status{assessment.StatusRequested}}, "independent request")
	prog := find(assessment.AssessmentFilter{Statuses: []assessment.Status{assessment.StatusInProgress}, AssessorID: as.ID},
		"assessment in progress with the demo assessor")
	// What the certificates' demo recognises (before or after it ran): at
	// least 40 submitted
	// independent assessments with a level, across provinces and the three
	// schemes, from 2022 on, one in Hà Nội and one of the demo enterprise.
	subs, _, err := st.FindAssessments(ctx, assessment.AssessmentFilter{Mode: assessment.ModeIndependent,
		Statuses: []assessment.Status{assessment.StatusSubmitted, assessment.StatusRecognised, assessment.StatusNotRecognised}})
	if err != nil {
		t.Fatal(err)
	}
	provs, schemes := map[string]bool{}, map[string]bool{}
	leveled, hanoi, ownOne, early := 0, false, false, false
	for _, x := range subs {
		if x.LevelCode == "" {
			continue
		}
		leveled++
		provs[x.ProvinceCode], schemes[x.SchemeCode] = true, true
		hanoi = hanoi || x.ProvinceCode == "01"
		ownOne = ownOne || int64(x.EnterpriseID) == own.EnterpriseID
		early = early || x.SubmittedAt != nil && x.SubmittedAt.Year() == 2022
	}
	if leveled < 40 || len(provs) < 5 || len(schemes) < 3 || !hanoi || !ownOne || !early {
		t.Errorf("the demo's submitted independent assessments with a level: %d in %d provinces, %d schemes, Hà Nội %v, the demo enterprise %v, 2022 %v",
			leveled, len(provs), len(schemes), hanoi, ownOne, early)
	}
	return []string{"{asm_req}", fmt.Sprint(int64(req.ID)), "{asm_prog}", fmt.Sprint(int64(prog.ID))}
}
