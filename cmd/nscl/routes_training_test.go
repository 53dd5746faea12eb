package main

import (
	"context"
	"fmt"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/registry"
	"nscl/internal/training"
)

// trainingRoutes are the routes of training and the assessors' accreditations. Roles: anon, admin, ministry,
// province, enterprise, expert, assessor, judge.
//
// The objects (trainingFill): {tr_course} the ministry's 5S basic course;
// {tr_open} an open session of Hà Nội (the walking provincial officer's
// department runs it: the ministry and the admin do not, they read it)
// with two of the demo enterprise's staff enrolled, one of them
// {tr_enrol}; {tr_done} a completed session of Hà Nội; {tr_cred} a
// credential of the demo enterprise's staff issued by Hà Nội (the
// ministry revokes it too); {tr_ent}
// the demo enterprise (in Hải Phòng: the Hà Nội officer does not see it);
// {tr_accr} the demo assessor's accreditation on 5S. Bodies are invalid,
// stale (version 0 or 99) or refused, so the walk changes nothing: the
// self-enrolment of an expert, assessor or judge goes to the completed
// session (409); a stale session move or enrolment cancellation comes
// back to its page with the message (303).
var trainingRoutes = map[string]routeCase{
	"GET /training":             {path: "/training", want: same(200)},
	"GET /training/sessions":    {path: "/training/sessions?tool=5s", want: same(200)},
	"GET /training/courses/new": {path: "/training/courses/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /training/courses": {path: "/training/courses", // valid but for a NUL in the title
		body: "tool=kaizen&level=1&title=Kaizen%00&module_title=A&module_hours=4&assessment=practical&min_attendance_pct=80&validity_months=0",
		want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /training/courses/{id}":      {path: "/training/courses/{tr_course}", want: same(200)},
	"GET /training/courses/{id}/edit": {path: "/training/courses/{tr_course}/edit", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /training/courses/{id}":     {path: "/training/courses/{tr_course}", body: "version=0&title=", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"GET /training/sessions/new":      {path: "/training/sessions/new?course={tr_course}", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /training/sessions": {path: "/training/sessions", // valid but for invalid UTF-8 in the place
		body: "course_id={tr_course}&starts_on=01/06/2030&ends_on=02/06/2030&place=H%C3%A0+N%FF%E1%BB%99i&province_code=01&trainer_name=A&capacity=10",
		want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /training/sessions/{id}":           {path: "/training/sessions/{tr_open}", want: same(200)},
	"GET /training/sessions/{id}/edit":      {path: "/training/sessions/{tr_open}/edit", want: st{303, 403, 403, 200, 403, 403, 403, 403}},
	"POST /training/sessions/{id}":          {path: "/training/sessions/{tr_open}", body: "version=0&place=", want: st{303, 403, 403, 409, 403, 403, 403, 403}},
	"POST /training/sessions/{id}/open":     {path: "/training/sessions/{tr_open}/open", body: "version=0", want: st{303, 403, 403, 303, 403, 403, 403, 403}},
	"POST /training/sessions/{id}/start":    {path: "/training/sessions/{tr_open}/start", body: "version=0", want: st{303, 403, 403, 303, 403, 403, 403, 403}},
	"POST /training/sessions/{id}/cancel":   {path: "/training/sessions/{tr_open}/cancel", body: "version=0&reason=x", want: st{303, 403, 403, 303, 403, 403, 403, 403}},
	"POST /training/sessions/{id}/complete": {path: "/training/sessions/{tr_open}/complete", body: "version=0", want: st{303, 403, 403, 303, 403, 403, 403, 403}},
	"POST /training/sessions/{id}/enrol":    {path: "/training/sessions/{tr_done}/enrol", body: "full_name=&email=", want: st{303, 403, 403, 422, 422, 409, 409, 409}},
	"POST /training/sessions/{id}/results":  {path: "/training/sessions/{tr_open}/results", body: "ids=0", want: st{303, 403, 403, 409, 403, 403, 403, 403}},
	"POST /training/enrolments/{id}/cancel": {path: "/training/enrolments/{tr_enrol}/cancel", body: "version=0", want: st{303, 303, 303, 303, 303, 404, 404, 404}},
	"GET /credentials":                      {path: "/credentials?status=valid", want: signedIn(303, 200)},
	"GET /credentials/{id}":                 {path: "/credentials/{tr_cred}", want: st{303, 200, 200, 200, 200, 404, 404, 404}},
	"GET /credentials/{id}/pdf":             {path: "/credentials/{tr_cred}/pdf", want: st{303, 200, 200, 200, 200, 404, 404, 404}},
	"POST /credentials/{id}/revoke":         {path: "/credentials/{tr_cred}/revoke", body: "version=0&reason=x", want: st{303, 409, 409, 409, 403, 404, 404, 404}},
	"GET /practitioners":                    {path: "/practitioners?enterprise={tr_ent}", want: st{303, 200, 200, 404, 200, 404, 404, 404}},
	"GET /practitioners.xlsx":               {path: "/practitioners.xlsx?enterprise={tr_ent}", want: st{303, 200, 200, 404, 200, 404, 404, 404}},
	"GET /accreditations":                   {path: "/accreditations?status=active", want: st{303, 200, 200, 200, 403, 403, 200, 403}},
	"GET /accreditations/new":               {path: "/accreditations/new", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"POST /accreditations":                  {path: "/accreditations", body: "user_id=0&scheme_id=0", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /accreditations/{id}":              {path: "/accreditations/{tr_accr}", want: st{303, 200, 200, 200, 404, 404, 200, 404}},
	"POST /accreditations/{id}/renew":       {path: "/accreditations/{tr_accr}/renew", body: "version=0&expires_on=", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /accreditations/{id}/suspend":     {path: "/accreditations/{tr_accr}/suspend", body: "version=0&reason=x", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /accreditations/{id}/reinstate":   {path: "/accreditations/{tr_accr}/reinstate", body: "version=0&reason=x", want: st{303, 409, 409, 403, 403, 403, 403, 403}},
	"POST /accreditations/{id}/withdraw":    {path: "/accreditations/{tr_accr}/withdraw", body: "version=0&reason=x", want: st{303, 409, 409, 403, 403, 403, 403, 403}},

	"GET /api/v1/training/courses":      {path: "/api/v1/training/courses?tool=kaizen", want: same(200)},
	"GET /api/v1/training/courses/{id}": {path: "/api/v1/training/courses/{tr_course}", want: same(200)},
	"POST /api/v1/training/courses": {path: "/api/v1/training/courses", // valid but for a NUL in the title
		body: `{"tool":"kaizen","level":1,"title":"Kaizen\u0000","modules":[{"title":"A","hours":4}],"assessment":"practical","min_attendance_pct":80}`,
		want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/training/courses/{id}": {path: "/api/v1/training/courses/{tr_course}",
		body: `{"version":99,"tool":"5s","level":1,"title":"x","modules":[{"title":"a","hours":1}],"assessment":"exam","pass_mark":50,"min_attendance_pct":80}`,
		want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"GET /api/v1/training/sessions":      {path: "/api/v1/training/sessions?upcoming=true", want: same(200)},
	"GET /api/v1/training/sessions/{id}": {path: "/api/v1/training/sessions/{tr_open}", want: same(200)},
	"POST /api/v1/training/sessions": {path: "/api/v1/training/sessions",
		body: `{"course_id":1,"starts_on":"2026-01-02T00:00:00Z","ends_on":"2026-01-01T00:00:00Z","place":"","province_code":"01","capacity":1}`,
		want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/training/sessions/{id}": {path: "/api/v1/training/sessions/{tr_open}",
		body: `{"version":99,"course_id":1,"starts_on":"2026-01-02T00:00:00Z","ends_on":"2026-01-03T00:00:00Z","place":"x","province_code":"01","trainer_name":"x","capacity":1}`,
		want: st{401, 403, 403, 409, 403, 403, 403, 403}},
	"POST /api/v1/training/sessions/{id}/open":       {path: "/api/v1/training/sessions/{tr_open}/open", body: `{"version":99}`, want: st{401, 403, 403, 409, 403, 403, 403, 403}},
	"POST /api/v1/training/sessions/{id}/start":      {path: "/api/v1/training/sessions/{tr_open}/start", body: `{"version":99}`, want: st{401, 403, 403, 409, 403, 403, 403, 403}},
	"POST /api/v1/training/sessions/{id}/cancel":     {path: "/api/v1/training/sessions/{tr_open}/cancel", body: `{"version":99,"reason":"x"}`, want: st{401, 403, 403, 409, 403, 403, 403, 403}},
	"POST /api/v1/training/sessions/{id}/complete":   {path: "/api/v1/training/sessions/{tr_open}/complete", body: `{"version":99}`, want: st{401, 403, 403, 409, 403, 403, 403, 403}},
	"GET /api/v1/training/sessions/{id}/enrolments":  {path: "/api/v1/training/sessions/{tr_open}/enrolments", want: signedIn(401, 200)},
	"POST /api/v1/training/sessions/{id}/enrolments": {path: "/api/v1/training/sessions/{tr_done}/enrolments", body: `{}`, want: st{401, 403, 403, 422, 422, 409, 409, 409}},
	"POST /api/v1/training/enrolments/{id}/cancel":   {path: "/api/v1/training/enrolments/{tr_enrol}/cancel", body: `{"version":99}`, want: st{401, 409, 409, 409, 409, 404, 404, 404}},
	"PUT /api/v1/training/sessions/{id}/results":     {path: "/api/v1/training/sessions/{tr_open}/results", body: `{"items":[]}`, want: st{401, 403, 403, 409, 403, 403, 403, 403}},
	"GET /api/v1/credentials":                        {path: "/api/v1/credentials?status=valid", want: signedIn(401, 200)},
	"GET /api/v1/credentials/{id}":                   {path: "/api/v1/credentials/{tr_cred}", want: st{401, 200, 200, 200, 200, 404, 404, 404}},
	"POST /api/v1/credentials/{id}/revoke":           {path: "/api/v1/credentials/{tr_cred}/revoke", body: `{"version":99,"reason":"x"}`, want: st{401, 409, 409, 409, 403, 404, 404, 404}},
	"GET /api/v1/practitioners":                      {path: "/api/v1/practitioners?enterprise={tr_ent}", want: st{401, 200, 200, 404, 200, 404, 404, 404}},
	"GET /api/v1/accreditations":                     {path: "/api/v1/accreditations?status=expiring", want: st{401, 200, 200, 200, 403, 403, 200, 403}},
	"GET /api/v1/accreditations/{id}":                {path: "/api/v1/accreditations/{tr_accr}", want: st{401, 200, 200, 200, 404, 404, 200, 404}},
	"POST /api/v1/accreditations":                    {path: "/api/v1/accreditations", body: `{"user_id":999999,"scheme_id":1}`, want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"POST /api/v1/accreditations/{id}/renew":         {path: "/api/v1/accreditations/{tr_accr}/renew", body: `{"version":99,"expires_on":"2040-01-01T00:00:00Z"}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/accreditations/{id}/suspend":       {path: "/api/v1/accreditations/{tr_accr}/suspend", body: `{"version":99,"reason":"x"}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/accreditations/{id}/reinstate":     {path: "/api/v1/accreditations/{tr_accr}/reinstate", body: `{"version":99,"reason":"x"}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
	"POST /api/v1/accreditations/{id}/withdraw":      {path: "/api/v1/accreditations/{tr_accr}/withdraw", body: `{"version":99,"reason":"x"}`, want: st{401, 409, 409, 403, 403, 403, 403, 403}},
}

// trainingFill finds the demo's objects that trainingRoutes name and returns the
// placeholder/value pairs.
func trainingFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	sys := auth.SystemContext(ctx)
	st := srv.app.db.Training()
	owner, err := srv.app.db.Auth().FindUserByEmail(ctx, demoEnterpriseEmail)
	if err != nil || owner.EnterpriseID == 0 {
		t.Fatalf("no demo enterprise user: %v", err)
	}
	ent := registry.EnterpriseID(owner.EnterpriseID)
	courses, err := st.FindCourses(ctx, training.CourseFilter{Tool: "5s", Level: training.LevelBasic})
	if err != nil || len(courses) == 0 {
		t.Fatalf("no demo 5S course: %v", err)
	}
	var course training.CourseID
	for _, c := range courses {
		if c.ProvinceCode == "" && course == 0 {
			course = c.ID
		}
	}
	var open, done training.SessionID
	var enrol training.EnrolmentID
	sessions, _, err := st.FindSessions(ctx, training.SessionFilter{Province: "01"})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range sessions {
		switch x.Status {
		case training.SessionCompleted:
			if done == 0 && x.OwnerProvince == "01" {
				done = x.ID
			}
		case training.SessionOpen:
			if enrol != 0 || x.OwnerProvince != "01" {
				continue
			}
			es, err := st.FindEnrolments(ctx, training.EnrolmentFilter{SessionID: x.ID, EnterpriseID: ent, Statuses: []training.EnrolmentStatus{training.EnrolEnrolled}})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) > 0 {
				open, enrol = x.ID, es[0].ID
			}
		}
	}
	if open == 0 || done == 0 {
		t.Fatalf("the demo has no open session of Hà Nội with the demo enterprise's staff (%d) or no completed one (%d)", open, done)
	}
	creds, _, err := st.FindCredentials(ctx, training.CredentialFilter{EnterpriseID: ent, Status: training.CredValid, On: srv.app.training.Today()})
	if err != nil {
		t.Fatal(err)
	}
	var cred training.CredentialID
	for _, c := range creds {
		if c.IssuerProvince == "01" && cred == 0 {
			cred = c.ID
		}
	}
	if cred == 0 {
		t.Fatalf("the demo enterprise has no credential issued by Hà Nội (%d credentials)", len(creds))
	}
	pairs := []string{"{tr_course}", fmt.Sprint(int64(course)), "{tr_open}", fmt.Sprint(int64(open)), "{tr_done}", fmt.Sprint(int64(done)),
		"{tr_enrol}", fmt.Sprint(int64(enrol)), "{tr_cred}", fmt.Sprint(int64(cred)), "{tr_ent}", fmt.Sprint(int64(ent))}
	assessor, err := srv.app.db.Auth().FindUserByEmail(ctx, "danhgiavien@nscl.demo")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := srv.app.db.Assessment().FindSchemeByCode(ctx, "5s")
	if err != nil {
		t.Fatalf("no shipped 5S scheme: %v", err)
	}
	acc, err := srv.app.db.Assessment().FindAccreditationFor(sys, assessor.ID, sc.ID)
	if err != nil {
		t.Fatalf("the demo assessor is not accredited on 5S: %v", err)
	}
	if acc.Status != assessment.AccreditationActive {
		t.Fatalf("the demo assessor's accreditation is %s", acc.Status)
	}
	return append(pairs, "{tr_accr}", fmt.Sprint(int64(acc.ID)))
}
