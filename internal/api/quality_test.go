package api_test

import (
	"bytes"
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
	"nscl/internal/pdfdoc"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// newQualityEnv is newEnv with the quality workspace served.
func newQualityEnv(t *testing.T, db *sqldb.DB) (*env, *quality.Service) {
	t.Helper()
	g := geo.MustLoad()
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	qs := quality.NewService(quality.Options{Store: db.Quality(), Provinces: reg})
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Geo: g, Registry: reg, Quality: qs,
		Version: "test", Log: slog.New(slog.DiscardHandler)})
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
	return e, qs
}

func TestAPI_QualityEditAndReport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, qs := newQualityEnv(t, db)
		ents := []*registry.Enterprise{{TaxCode: "0100109106", Name: "Công ty CP Cơ khí Đông Anh", ProvinceCode: "01"},
			{TaxCode: "0300588569", Name: "Công ty TNHH Nhựa Sài Gòn", ProvinceCode: "79"}}
		if err := db.Registry().CreateEnterprises(context.Background(), ents); err != nil {
			t.Fatal(err)
		}
		owner := e.mustCreateUser(auth.UserInput{Email: "dn@dongan.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ents[0].ID)})
		other := e.mustCreateUser(auth.UserInput{Email: "dn@nhuasg.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ents[1].ID)})
		ministry := e.mustCreateUser(auth.UserInput{Email: "bo@moit.gov.vn", Role: auth.RoleMinistry})
		cs, err := quality.SeedDemo(auth.SystemContext(context.Background()), qs, int64(ents[0].ID))
		if err != nil {
			t.Fatal(err)
		}
		weight := cs[0]
		procPath := fmt.Sprintf("/api/v1/quality/processes/%d", weight.ProcessID)
		charPath := fmt.Sprintf("/api/v1/quality/characteristics/%d", weight.ID)

		t.Run("UpdateProcess", func(t *testing.T) {
			r := e.do(req{method: "PUT", path: procPath, as: owner.Email, body: `{"name":"Ép phun vỏ hộp 750 ml","line":"Máy số 5"}`})
			if r.status != http.StatusOK || r.json(t)["name"] != "Ép phun vỏ hộp 750 ml" || r.json(t)["active"] != true {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			p := problem(t, e.do(req{method: "PUT", path: procPath, as: owner.Email, body: `{"name":" "}`}), http.StatusUnprocessableEntity)
			if !strings.Contains(fieldError(t, p, "body.name"), "tên quá trình") {
				t.Errorf("name error %v", p)
			}
			problem(t, e.do(req{method: "PUT", path: procPath, as: other.Email, body: `{"name":"x"}`}), http.StatusNotFound)
			problem(t, e.do(req{method: "PUT", path: procPath, as: ministry.Email, body: `{"name":"x"}`}), http.StatusNotFound)
			problem(t, e.do(req{method: "PUT", path: procPath, body: `{"name":"x"}`}), http.StatusUnauthorized)
		})
		t.Run("UpdateCharacteristic", func(t *testing.T) {
			body := `{"name":"Khối lượng vỏ hộp","unit":"g","lsl":23.5,"usl":24.5,"target":24,"subgroup_size":5,"chart":"xbar-s","rules":"nelson"}`
			r := e.do(req{method: "PUT", path: charPath, as: owner.Email, body: body})
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if m := r.json(t); m["chart"] != "xbar-s" || m["lsl"] != 23.5 || m["last_cpk"] == nil {
				t.Errorf("updated %v", m)
			}
			p := problem(t, e.do(req{method: "PUT", path: charPath, as: owner.Email,
				body: `{"name":"Khối lượng","subgroup_size":4,"chart":"xbar-r"}`}), http.StatusUnprocessableEntity)
			if !strings.Contains(fieldError(t, p, "body.subgroup_size"), "cỡ nhóm con") {
				t.Errorf("subgroup error %v", p)
			}
			p = problem(t, e.do(req{method: "PUT", path: charPath, as: owner.Email,
				body: `{"name":"Khối lượng","subgroup_size":5,"chart":"p"}`}), http.StatusUnprocessableEntity)
			fieldError(t, p, "body.chart")
			problem(t, e.do(req{method: "PUT", path: charPath, as: other.Email, body: body}), http.StatusNotFound)
		})
		t.Run("DeactivateThenMeasurementsRefused", func(t *testing.T) {
			r := e.do(req{method: "PUT", path: procPath, as: owner.Email, body: `{"name":"Ép phun vỏ hộp 750 ml","active":false}`})
			if r.status != http.StatusOK || r.json(t)["active"] != false {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			problem(t, e.do(req{method: "POST", path: charPath + "/measurements", as: owner.Email,
				body: `{"measurements":[{"value":24},{"value":24},{"value":24},{"value":24},{"value":24}]}`}), http.StatusConflict)
			resume := `{"name":"Khối lượng vỏ hộp","unit":"g","lsl":23.5,"usl":24.5,"subgroup_size":5,"chart":"xbar-s","active":true}`
			problem(t, e.do(req{method: "PUT", path: charPath, as: owner.Email, body: resume}), http.StatusConflict)
			if r := e.do(req{method: "PUT", path: procPath, as: owner.Email, body: `{"name":"Ép phun","active":true}`}); r.status != http.StatusOK {
				t.Fatalf("resume process: %d %s", r.status, r.body)
			}
			if r := e.do(req{method: "PUT", path: charPath, as: owner.Email, body: resume}); r.status != http.StatusOK || r.json(t)["active"] != true {
				t.Fatalf("resume characteristic: %d %s", r.status, r.body)
			}
		})
		t.Run("ReportPDF", func(t *testing.T) {
			r := e.do(req{method: "GET", path: charPath + "/report.pdf?window=50", as: owner.Email})
			if r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("%PDF-")) || pdfdoc.Pages(r.body) < 1 {
				t.Fatalf("status %d: %.100q", r.status, r.body)
			}
			if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); ct != "application/pdf" ||
				!strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".pdf") {
				t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
			}
			problem(t, e.do(req{method: "GET", path: charPath + "/report.pdf", as: other.Email}), http.StatusNotFound)
			problem(t, e.do(req{method: "GET", path: charPath + "/report.pdf", as: ministry.Email}), http.StatusNotFound)
			problem(t, e.do(req{method: "GET", path: charPath + "/report.pdf"}), http.StatusUnauthorized)
			problem(t, e.do(req{method: "GET", path: "/api/v1/quality/characteristics/999999/report.pdf", as: owner.Email}), http.StatusNotFound)
		})
	})
}
