package main

import (
	"context"
	"strconv"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/diagnosis"
)

// diagnosisRoutes are the routes of the self-diagnosis. {dgsub} is a
// submitted diagnosis of a Hà Nội firm that is not the walking enterprise
// user's (officers see it, everyone else gets 404); {dgown} is the walking
// enterprise user's draft of this year (only they see it; it is incomplete,
// so submitting it is refused with 422); {qdraft} is a draft questionnaire
// version made by the fill, version 1 is published (editing it is a 409).
// Bodies are invalid, so that the walk changes nothing.
var diagnosisRoutes = map[string]routeCase{
	"GET /diagnosis":                     {path: "/diagnosis", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"POST /diagnosis/start":              {path: "/diagnosis/start", want: st{303, 403, 403, 403, 303, 403, 403, 403}},
	"GET /diagnosis/{id}":                {path: "/diagnosis/{dgsub}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /diagnosis/{id}/step/{n}":       {path: "/diagnosis/{dgown}/step/2", want: st{303, 404, 404, 404, 200, 404, 404, 404}},
	"POST /diagnosis/{id}/step/{n}":      {path: "/diagnosis/{dgown}/step/2", body: "q.lead_goals=9&go=next", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"POST /diagnosis/{id}/answer":        {path: "/diagnosis/{dgown}/answer", body: "q.lead_goals=0", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"POST /diagnosis/{id}/submit":        {path: "/diagnosis/{dgown}/submit", want: st{303, 404, 404, 404, 422, 404, 404, 404}},
	"GET /admin/questionnaire":           {path: "/admin/questionnaire", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/draft":    {path: "/admin/questionnaire/draft", want: st{303, 303, 303, 403, 403, 403, 403, 403}},
	"GET /admin/questionnaire/{version}": {path: "/admin/questionnaire/1", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /admin/questionnaire/{version}/questions/{code}": {path: "/admin/questionnaire/{qdraft}/questions/lead_goals",
		want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/questions/{code}": {path: "/admin/questionnaire/{qdraft}/questions/lead_goals", body: "text_vi=&weight=x",
		want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /admin/questionnaire/{version}/rules": {path: "/admin/questionnaire/{qdraft}/rules", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /admin/questionnaire/{version}/dimensions/{dim}": {path: "/admin/questionnaire/{qdraft}/dimensions/quality",
		want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/dimensions/{dim}": {path: "/admin/questionnaire/{qdraft}/dimensions/quality", body: "name_vi=&weight=0",
		want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/questions/{code}/delete": {path: "/admin/questionnaire/1/questions/lead_goals/delete",
		want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"GET /admin/questionnaire/{version}/dimensions/{dim}/questions/new": {path: "/admin/questionnaire/{qdraft}/dimensions/quality/questions/new",
		want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/dimensions/{dim}/questions": {path: "/admin/questionnaire/{qdraft}/dimensions/quality/questions",
		body: "code=Qual+Bad&text_vi=&weight=1", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/rules":     {path: "/admin/questionnaire/{qdraft}/rules", body: "rules=%7Bnot+json", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/publish":   {path: "/admin/questionnaire/1/publish", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /admin/questionnaire/{version}/discard":   {path: "/admin/questionnaire/1/discard", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"GET /api/v1/diagnosis/questionnaire":           {path: "/api/v1/diagnosis/questionnaire", want: signedIn(401, 200)},
	"GET /api/v1/diagnosis/questionnaire/{version}": {path: "/api/v1/diagnosis/questionnaire/1", want: signedIn(401, 200)},
	"GET /api/v1/diagnoses/mine":                    {path: "/api/v1/diagnoses/mine", want: st{401, 403, 403, 403, 200, 403, 403, 403}},
	"POST /api/v1/diagnoses":                        {path: "/api/v1/diagnoses", body: `{}`, want: st{401, 403, 403, 403, 200, 403, 403, 403}},
	"GET /api/v1/diagnoses":                         {path: "/api/v1/diagnoses?province=01", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"GET /api/v1/diagnoses/{id}":                    {path: "/api/v1/diagnoses/{dgsub}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PUT /api/v1/diagnoses/{id}/answers/{question}": {path: "/api/v1/diagnoses/{dgown}/answers/lead_goals", body: `{"value":9}`,
		want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"POST /api/v1/diagnoses/{id}/submit": {path: "/api/v1/diagnoses/{dgown}/submit", want: st{401, 404, 404, 404, 422, 404, 404, 404}},
	"GET /api/v1/diagnoses/{id}/result":  {path: "/api/v1/diagnoses/{dgsub}/result", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
}

// diagnosisFill returns placeholder/value pairs for diagnosisRoutes paths.
func diagnosisFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	store := srv.app.db.Diagnosis()
	mine, err := store.FindEnterpriseDiagnoses(ctx, own.EnterpriseID)
	if err != nil {
		t.Fatal(err)
	}
	var draft int64
	for _, d := range mine {
		if d.Status == diagnosis.StatusDraft {
			draft = d.ID
		}
	}
	if draft == 0 {
		t.Fatal("the demo enterprise user has no draft self-diagnosis")
	}
	hn, _, err := store.FindDiagnoses(ctx, diagnosis.Filter{ProvinceCode: "01", Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	var sub int64
	for _, d := range hn {
		if d.EnterpriseID != own.EnterpriseID {
			sub = d.ID
			break
		}
	}
	if sub == 0 {
		t.Fatal("the demo data has no submitted self-diagnosis in Hà Nội")
	}
	admin, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["admin"].Email)
	if err != nil {
		t.Fatal(err)
	}
	q, err := srv.app.diagnosis.StartDraft(auth.WithActor(ctx, admin.Actor()))
	if err != nil {
		t.Fatal(err)
	}
	return []string{"{dgsub}", strconv.FormatInt(sub, 10), "{dgown}", strconv.FormatInt(draft, 10), "{qdraft}", strconv.Itoa(q.Version)}
}
