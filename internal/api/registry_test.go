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
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// newRegistryEnv is newEnv with the registry wired to auth as cmd wires it
// (an approved claim links the claimant), and the registry service.
func newRegistryEnv(t *testing.T, db *sqldb.DB) (*env, *registry.Service) {
	t.Helper()
	g := geo.MustLoad()
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	reg.SetAccountLinker(as)
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Geo: g, Registry: reg, Version: "test",
		Log: slog.New(slog.DiscardHandler)})
	e := &env{t: t, db: db, auth: as, api: a, actors: map[string]*auth.Actor{}}
	mux := http.NewServeMux()
	a.Register(mux)
	authn := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		key := r.Header.Get("X-Test-Actor")
		if actor := e.actors[key]; actor != nil {
			// Reload the account, as a session does on every request.
			u, err := db.Auth().FindUserByID(ctx, actor.UserID)
			if err != nil {
				a.RenderError(w, r, err)
				return
			}
			ctx = auth.WithActor(ctx, u.Actor())
		}
		mux.ServeHTTP(w, r.WithContext(ctx))
	})
	e.srv = httptest.NewServer(httpx.Logging(slog.New(slog.DiscardHandler), nil, a.RenderError, httpx.LimitBody(3<<19, authn)))
	t.Cleanup(e.srv.Close)
	return e, reg
}

func TestAPI_Registry(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, reg := newRegistryEnv(t, db)
		sys := auth.SystemContext(context.Background())
		e.mustCreateUser(auth.UserInput{Email: "bo@moit.gov.vn", Role: auth.RoleMinistry})
		e.mustCreateUser(auth.UserInput{Email: "so01@moit.gov.vn", Role: auth.RoleProvince, ProvinceCode: "01"})
		e.mustCreateUser(auth.UserInput{Email: "so79@moit.gov.vn", Role: auth.RoleProvince, ProvinceCode: "79"})
		e.mustCreateUser(auth.UserInput{Email: "cg@example.vn", Role: auth.RoleExpert, Lang: "en"})
		e.mustCreateUser(auth.UserInput{Email: "nhan@example.vn", Role: auth.RoleEnterprise})
		hcm, err := reg.CreateEnterprise(sys, registry.Enterprise{TaxCode: "0314409058", Name: "Công ty Cổ phần Thép Đông Á", ProvinceCode: "79", VSIC: "2410"})
		if err != nil {
			t.Fatal(err)
		}

		var id int64
		t.Run("CreateInvalid", func(t *testing.T) {
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/enterprises", as: "so01@moit.gov.vn",
				body: `{"tax_code":"0100233480","name":"","province_code":"Sao Hỏa","email":"x"}`}), 422)
			for loc, want := range map[string]string{"body.tax_code": "chữ số kiểm tra", "body.name": "Vui lòng nhập tên doanh nghiệp.",
				"body.province_code": "34", "body.email": "email"} {
				if got := fieldError(t, p, loc); !strings.Contains(got, want) {
					t.Errorf("%s: %q, want %q", loc, got, want)
				}
			}
			codes := map[string]any{}
			for _, fe := range p["errors"].([]any) {
				m := fe.(map[string]any)
				codes[m["location"].(string)] = m["code"]
			}
			for loc, want := range map[string]string{"body.tax_code": "TAX_CODE_CHECKSUM", "body.name": "NAME_EMPTY",
				"body.province_code": "PROVINCE_UNKNOWN", "body.email": "EMAIL_INVALID"} {
				if codes[loc] != want {
					t.Errorf("%s: code %v, want %s", loc, codes[loc], want)
				}
			}
		})
		t.Run("CreateOtherProvinceForbidden", func(t *testing.T) {
			problem(t, e.do(req{method: "POST", path: "/api/v1/enterprises", as: "so01@moit.gov.vn",
				body: `{"tax_code":"0300588569","name":"Công ty Sài Gòn","province_code":"79"}`}), 403)
		})
		t.Run("Create", func(t *testing.T) {
			r := e.do(req{method: "POST", path: "/api/v1/enterprises", as: "so01@moit.gov.vn",
				body: `{"tax_code":"01.00.233.488","name":"Công ty TNHH Nhựa An Phát","province_code":"Thành phố Hà Nội","vsic":"2220","ownership":"private","founded_on":"15/03/2010","email":"LienHe@AnPhat.vn"}`})
			if r.status != http.StatusCreated {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			m := r.json(t)
			id = int64(m["id"].(float64))
			if m["tax_code"] != "0100233488" || m["province_code"] != "01" || m["industry"] != "plastics" || m["founded_on"] != "2010-03-15" {
				t.Errorf("created %v", m)
			}
			if c := m["contact"].(map[string]any); c["email"] != "lienhe@anphat.vn" {
				t.Errorf("contact %v", c)
			}
		})
		t.Run("Duplicate", func(t *testing.T) {
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/enterprises", as: "bo@moit.gov.vn",
				body: `{"tax_code":"0100233488","name":"Trùng","province_code":"01"}`}), 422)
			fieldError(t, p, "body.tax_code")
		})
		path := fmt.Sprintf("/api/v1/enterprises/%d", id)

		t.Run("ListSearchFacetsScope", func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/v1/enterprises?q=nhua+AN", as: "bo@moit.gov.vn"})
			m := r.json(t)
			if r.status != 200 || m["total"].(float64) != 1 || m["items"].([]any)[0].(map[string]any)["name"] != "Công ty TNHH Nhựa An Phát" {
				t.Fatalf("search: %d %s", r.status, r.body)
			}
			fc := m["facets"].(map[string]any)
			if fc["industry"].(map[string]any)["plastics"].(float64) != 1 {
				t.Errorf("facets %v", fc)
			}
			r = e.do(req{method: "GET", path: "/api/v1/enterprises?industry=steel&facets=false", as: "bo@moit.gov.vn"})
			if m := r.json(t); m["total"].(float64) != 1 || m["facets"] != nil {
				t.Errorf("industry filter: %s", r.body)
			}
			r = e.do(req{method: "GET", path: "/api/v1/enterprises", as: "so79@moit.gov.vn"})
			if m := r.json(t); m["total"].(float64) != 1 || m["items"].([]any)[0].(map[string]any)["tax_code"] != "0314409058" {
				t.Errorf("province 79 sees %s", r.body)
			}
			problem(t, e.do(req{method: "GET", path: "/api/v1/enterprises?size=huge", as: "bo@moit.gov.vn"}), 422)
			problem(t, e.do(req{method: "GET", path: "/api/v1/enterprises", as: "cg@example.vn"}), 403)
			problem(t, e.do(req{method: "GET", path: "/api/v1/enterprises"}), 401)
		})
		t.Run("GetScoped", func(t *testing.T) {
			if r := e.do(req{method: "GET", path: path, as: "so01@moit.gov.vn"}); r.status != 200 {
				t.Fatalf("own province: %d", r.status)
			}
			problem(t, e.do(req{method: "GET", path: path, as: "so79@moit.gov.vn"}), 404)
			problem(t, e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/enterprises/%d", hcm.ID), as: "so01@moit.gov.vn"}), 404)
		})
		t.Run("Patch", func(t *testing.T) {
			r := e.do(req{method: "PATCH", path: path, as: "so01@moit.gov.vn", body: `{"short_name":"AN PHAT","phone":"024 3825 1234","public":["contact"]}`})
			m := r.json(t)
			if r.status != 200 || m["short_name"] != "AN PHAT" || m["name"] != "Công ty TNHH Nhựa An Phát" {
				t.Fatalf("patch: %d %s", r.status, r.body)
			}
			if c := m["contact"].(map[string]any); c["phone"] != "024 3825 1234" || c["email"] != "lienhe@anphat.vn" {
				t.Errorf("contact after patch %v", c)
			}
			p := problem(t, e.do(req{method: "PATCH", path: path, as: "so01@moit.gov.vn", body: `{"founded_on":"2999-01-01"}`}), 422)
			fieldError(t, p, "body.founded_on")
		})
		t.Run("Figures", func(t *testing.T) {
			r := e.do(req{method: "PUT", path: path + "/figures/2024", as: "so01@moit.gov.vn",
				body: `{"employees":80,"revenue":40000000000,"value_added":8000000000}`})
			if r.status != 200 || !strings.Contains(string(r.body), `"size_class":"small"`) || !strings.Contains(string(r.body), `"productivity":100000000`) {
				t.Fatalf("put: %d %s", r.status, r.body)
			}
			r = e.do(req{method: "PUT", path: path + "/figures/2023", as: "so01@moit.gov.vn", body: `{"employees":70,"revenue":30000000000}`})
			if r.status != 200 || !strings.Contains(string(r.body), `"productivity_by_revenue":true`) {
				t.Fatalf("put 2023: %d %s", r.status, r.body)
			}
			p := problem(t, e.do(req{method: "PUT", path: path + "/figures/2024", as: "so01@moit.gov.vn", body: `{"employees":-1}`}), 422)
			if got := fieldError(t, p, "body.employees"); !strings.Contains(got, "không thể âm") {
				t.Errorf("negative employees: %q", got)
			}
			p = problem(t, e.do(req{method: "PUT", path: path + "/figures/1800", as: "so01@moit.gov.vn", body: `{}`}), 422)
			fieldError(t, p, "path.year")
			r = e.do(req{method: "GET", path: path + "/figures/2024", as: "bo@moit.gov.vn"})
			if m := r.json(t); r.status != 200 || m["year"].(float64) != 2024 || m["employees"].(float64) != 80 {
				t.Fatalf("get year: %d %s", r.status, r.body)
			}
			r = e.do(req{method: "GET", path: path + "/figures", as: "bo@moit.gov.vn"})
			if items := r.json(t)["items"].([]any); len(items) != 2 {
				t.Fatalf("list: %s", r.body)
			}
			if r := e.do(req{method: "DELETE", path: path + "/figures/2023", as: "so01@moit.gov.vn"}); r.status != 200 {
				t.Fatalf("delete: %d %s", r.status, r.body)
			}
			problem(t, e.do(req{method: "DELETE", path: path + "/figures/2023", as: "so01@moit.gov.vn"}), 404)
			problem(t, e.do(req{method: "GET", path: path + "/figures/2023", as: "so01@moit.gov.vn"}), 404)
			problem(t, e.do(req{method: "GET", path: path + "/figures", as: "so79@moit.gov.vn"}), 404)
		})
		t.Run("Eligibility", func(t *testing.T) {
			r := e.do(req{method: "GET", path: path + "/eligibility?track=breadth&counterpart_pct=40", as: "bo@moit.gov.vn"})
			m := r.json(t)
			if r.status != 200 || m["eligible"] != true {
				t.Fatalf("breadth: %d %s", r.status, r.body)
			}
			reasons := m["reasons"].([]any)
			if vi := reasons[0].(map[string]any)["vi"]; vi != "Đủ điều kiện chiều rộng: doanh nghiệp nhỏ ngành nhựa; vốn đối ứng 40% trong khoảng 30–50%" {
				t.Errorf("reason %q", vi)
			}
			r = e.do(req{method: "GET", path: path + "/eligibility?track=depth&counterpart_pct=60", as: "bo@moit.gov.vn"})
			if m := r.json(t); r.status != 200 || m["eligible"] != false {
				t.Fatalf("depth: %d %s", r.status, r.body)
			}
			p := problem(t, e.do(req{method: "GET", path: path + "/eligibility?track=breadth&counterpart_pct=120", as: "bo@moit.gov.vn"}), 422)
			fieldError(t, p, "query.counterpart_pct")
			problem(t, e.do(req{method: "GET", path: path + "/eligibility?track=width&counterpart_pct=40", as: "bo@moit.gov.vn"}), 422)
			p = problem(t, e.do(req{method: "GET", path: path + "/eligibility?track=breadth&counterpart_pct=40&date=hom-nay", as: "bo@moit.gov.vn"}), 422)
			fieldError(t, p, "query.date")
		})
		t.Run("Claims", func(t *testing.T) {
			problem(t, e.do(req{method: "POST", path: "/api/v1/enterprise-claims", as: "bo@moit.gov.vn", body: `{"tax_code":"0100233488"}`}), 403)
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/enterprise-claims", as: "nhan@example.vn", body: `{"tax_code":"0100233480"}`}), 422)
			fieldError(t, p, "body.tax_code")
			problem(t, e.do(req{method: "POST", path: "/api/v1/enterprise-claims", as: "nhan@example.vn", body: `{"tax_code":"0300588569"}`}), 404)
			r := e.do(req{method: "POST", path: "/api/v1/enterprise-claims", as: "nhan@example.vn", body: `{"tax_code":"0100233488","note":"Giám đốc"}`})
			if r.status != http.StatusCreated {
				t.Fatalf("claim: %d %s", r.status, r.body)
			}
			claim := int64(r.json(t)["id"].(float64))
			// Before approval the claimant sees nothing of the firm.
			problem(t, e.do(req{method: "GET", path: path, as: "nhan@example.vn"}), 404)
			r = e.do(req{method: "GET", path: "/api/v1/enterprise-claims?status=pending", as: "so01@moit.gov.vn"})
			if m := r.json(t); m["total"].(float64) != 1 {
				t.Fatalf("province 01 claims: %s", r.body)
			}
			if m := e.do(req{method: "GET", path: "/api/v1/enterprise-claims", as: "so79@moit.gov.vn"}).json(t); m["total"].(float64) != 0 {
				t.Errorf("province 79 sees claims: %v", m)
			}
			decide := fmt.Sprintf("/api/v1/enterprise-claims/%d/decide", claim)
			problem(t, e.do(req{method: "POST", path: decide, as: "nhan@example.vn", body: `{"decision":"approve"}`}), 403)
			problem(t, e.do(req{method: "POST", path: decide, as: "so79@moit.gov.vn", body: `{"decision":"approve"}`}), 404)
			p = problem(t, e.do(req{method: "POST", path: decide, as: "so01@moit.gov.vn", body: `{"decision":"reject"}`}), 422)
			fieldError(t, p, "body.reason")
			r = e.do(req{method: "POST", path: decide, as: "so01@moit.gov.vn", body: `{"decision":"approve"}`})
			if m := r.json(t); r.status != 200 || m["status"] != "approved" {
				t.Fatalf("approve: %d %s", r.status, r.body)
			}
			// The claimant now represents the firm and edits its profile, not the officer-only fields.
			if r := e.do(req{method: "GET", path: path, as: "nhan@example.vn"}); r.status != 200 {
				t.Fatalf("after approval: %d %s", r.status, r.body)
			}
			if r := e.do(req{method: "PATCH", path: path, as: "nhan@example.vn", body: `{"name_en":"An Phat Plastics"}`}); r.status != 200 {
				t.Fatalf("own patch: %d %s", r.status, r.body)
			}
			p = problem(t, e.do(req{method: "PATCH", path: path, as: "nhan@example.vn", body: `{"province_code":"79"}`}), 403)
			if !strings.Contains(p["detail"].(string), "province_code") {
				t.Errorf("detail %v", p["detail"])
			}
			problem(t, e.do(req{method: "POST", path: decide, as: "so01@moit.gov.vn", body: `{"decision":"reject","reason":"muộn"}`}), 409)
		})
		t.Run("Settings", func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/v1/settings", as: "cg@example.vn"})
			if r.status != 200 || !strings.Contains(string(r.body), `"key":"track.breadth"`) || !strings.Contains(string(r.body), `"in_force"`) {
				t.Fatalf("settings: %d %s", r.status, r.body)
			}
			problem(t, e.do(req{method: "POST", path: "/api/v1/settings", as: "so01@moit.gov.vn",
				body: `{"key":"track.breadth","value":{"min_counterpart_pct":30,"max_counterpart_pct":50},"effective_from":"2030-01-01"}`}), 403)
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/settings", as: "bo@moit.gov.vn",
				body: `{"key":"track.breadth","value":{"min_counterpart_pct":60,"max_counterpart_pct":50},"effective_from":"2030-01-01"}`}), 422)
			fieldError(t, p, "body.value")
			r = e.do(req{method: "POST", path: "/api/v1/settings", as: "bo@moit.gov.vn",
				body: `{"key":"track.breadth","value":{"require_sme":true,"min_counterpart_pct":35,"max_counterpart_pct":50},"effective_from":"01/01/2030","note":"QĐ thử"}`})
			if m := r.json(t); r.status != http.StatusCreated || m["effective_from"] != "2030-01-01" {
				t.Fatalf("create setting: %d %s", r.status, r.body)
			}
			r = e.do(req{method: "GET", path: path + "/eligibility?track=breadth&counterpart_pct=32&date=2030-01-02", as: "bo@moit.gov.vn"})
			if m := r.json(t); m["eligible"] != false {
				t.Errorf("the 2030 rule is not applied: %s", r.body)
			}
		})
	})
}
