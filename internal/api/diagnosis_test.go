package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"nscl/internal/api"
	"nscl/internal/auth"
	"nscl/internal/diagnosis"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// newDiagnosisEnv is newEnv with the diagnosis service (and the registry it
// reads) wired as cmd wires them.
func newDiagnosisEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	g := geo.MustLoad()
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	dg := diagnosis.NewService(diagnosis.Options{Store: db.Diagnosis(), Enterprises: reg})
	if err := dg.EnsureDefault(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Geo: g, Registry: reg, Diagnosis: dg, Version: "test",
		Log: slog.New(slog.DiscardHandler)})
	e := &env{t: t, db: db, auth: as, api: a, actors: map[string]*auth.Actor{}}
	mux := http.NewServeMux()
	a.Register(mux)
	authn := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if actor := e.actors[r.Header.Get("X-Test-Actor")]; actor != nil {
			ctx = auth.WithActor(ctx, actor)
		}
		mux.ServeHTTP(w, r.WithContext(ctx))
	})
	e.srv = httptest.NewServer(httpx.Logging(slog.New(slog.DiscardHandler), nil, a.RenderError, httpx.LimitBody(3<<19, authn)))
	t.Cleanup(e.srv.Close)
	return e
}

func TestAPI_Diagnosis(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newDiagnosisEnv(t, db)
		ents := []*registry.Enterprise{
			{TaxCode: "0100109106", Name: "Công ty Nhựa An Phát", ProvinceCode: "01", VSIC: "2220", SizeClass: registry.SizeSmall},
			{TaxCode: "0300588569", Name: "Công ty Dệt Sài Gòn", ProvinceCode: "79", VSIC: "1311", SizeClass: registry.SizeSmall},
		}
		for _, en := range ents {
			en.Derive()
		}
		if err := db.Registry().CreateEnterprises(context.Background(), ents); err != nil {
			t.Fatal(err)
		}
		e.mustCreateUser(auth.UserInput{Email: "dn@anphat.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ents[0].ID)})
		e.mustCreateUser(auth.UserInput{Email: "dn@detsg.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ents[1].ID), Lang: "en"})
		e.mustCreateUser(auth.UserInput{Email: "so79@moit.gov.vn", Role: auth.RoleProvince, ProvinceCode: "79"})
		e.mustCreateUser(auth.UserInput{Email: "so01@moit.gov.vn", Role: auth.RoleProvince, ProvinceCode: "01"})

		r := e.do(req{method: "GET", path: "/api/v1/diagnosis/questionnaire", as: "dn@anphat.vn"})
		q := r.json(t)
		if r.status != 200 || q["version"].(float64) != 1 || len(q["dimensions"].([]any)) != 9 || len(q["rules"].([]any)) == 0 {
			t.Fatalf("questionnaire: %d %.300s", r.status, r.body)
		}
		problem(t, e.do(req{method: "GET", path: "/api/v1/diagnosis/questionnaire/7", as: "dn@anphat.vn"}), 404)

		r = e.do(req{method: "POST", path: "/api/v1/diagnoses", as: "dn@anphat.vn"})
		d := r.json(t)
		if r.status != 200 || d["status"] != "draft" || d["questionnaire_version"].(float64) != 1 {
			t.Fatalf("start: %d %s", r.status, r.body)
		}
		id := int64(d["id"].(float64))
		path := fmt.Sprintf("/api/v1/diagnoses/%d", id)

		problem(t, e.do(req{method: "PUT", path: path + "/answers/lead_goals", as: "dn@anphat.vn", body: `{"value":6}`}), 422)
		problem(t, e.do(req{method: "PUT", path: path + "/answers/nope", as: "dn@anphat.vn", body: `{"value":3}`}), 422)
		problem(t, e.do(req{method: "PUT", path: path + "/answers/lead_goals", as: "dn@detsg.vn", body: `{"value":3}`}), 404)
		if r := e.do(req{method: "PUT", path: path + "/answers/lead_goals", as: "dn@anphat.vn", body: `{"value":2}`}); r.status != 200 {
			t.Fatalf("answer: %d %s", r.status, r.body)
		}
		// Incomplete: 422 naming each missing question.
		c := diagnosis.DefaultContent()
		p := problem(t, e.do(req{method: "POST", path: path + "/submit", as: "dn@anphat.vn"}), 422)
		if n := len(p["errors"].([]any)); n != c.QuestionCount()-1 {
			t.Errorf("submit incomplete: %d errors, want one per missing question", n)
		}
		if got := fieldError(t, p, "body.q.lead_plan"); got != "Chưa trả lời." {
			t.Errorf("missing lead_plan: %q", got)
		}
		problem(t, e.do(req{method: "GET", path: path + "/result", as: "dn@anphat.vn"}), 409)

		for _, dim := range c.Dimensions {
			for _, qq := range dim.Questions {
				if r := e.do(req{method: "PUT", path: path + "/answers/" + qq.Code, as: "dn@anphat.vn", body: `{"value":3}`}); r.status != 200 {
					t.Fatalf("answer %s: %d %s", qq.Code, r.status, r.body)
				}
			}
		}
		r = e.do(req{method: "POST", path: path + "/submit", as: "dn@anphat.vn"})
		if m := r.json(t); r.status != 200 || m["status"] != "submitted" || m["level"].(float64) != 3 || len(m["path"].([]any)) < 2 {
			t.Fatalf("submit: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: path + "/result", as: "so01@moit.gov.vn"})
		res := r.json(t)
		if r.status != 200 || res["peers"].(map[string]any)["percentile"] != nil || len(res["changes"].([]any)) != 9 {
			t.Fatalf("result: %d %s", r.status, r.body)
		}
		// Scope: the other enterprise and the other province see nothing.
		problem(t, e.do(req{method: "GET", path: path, as: "dn@detsg.vn"}), 404)
		problem(t, e.do(req{method: "GET", path: path + "/result", as: "so79@moit.gov.vn"}), 404)
		r = e.do(req{method: "GET", path: "/api/v1/diagnoses?province=01", as: "so79@moit.gov.vn"})
		if m := r.json(t); r.status != 200 || m["total"].(float64) != 0 {
			t.Errorf("province 79 asking for 01: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/diagnoses", as: "so01@moit.gov.vn"})
		if m := r.json(t); r.status != 200 || m["total"].(float64) != 1 || m["distribution"].([]any)[2].(float64) != 1 {
			t.Errorf("province 01 list: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/diagnoses/mine", as: "dn@anphat.vn"})
		if m := r.json(t); r.status != 200 || len(m["items"].([]any)) != 1 {
			t.Errorf("mine: %d %s", r.status, r.body)
		}
		// English for an English-speaking user.
		p = problem(t, e.do(req{method: "PUT", path: fmt.Sprintf("/api/v1/diagnoses/%d/answers/x", id), as: "dn@detsg.vn", body: `{"value":1}`}), 404)
		if !strings.Contains(fmt.Sprint(p["detail"]), "not found") {
			t.Errorf("English detail: %v", p["detail"])
		}
	})
}
