package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nscl/internal/api"
	"nscl/internal/auth"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// newActivityEnv is newEnv with the programme service.
func newActivityEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	g := geo.MustLoad()
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	prog := programme.NewService(programme.Options{Store: db.Programme(), Registry: reg})
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Jobs: mustStartJobs(t, db), Geo: g,
		Registry: reg, Programme: prog, Version: "test", Log: slog.New(slog.DiscardHandler)})
	e := &env{t: t, db: db, auth: as, api: a, actors: map[string]*auth.Actor{}}
	mux := http.NewServeMux()
	a.Register(mux)
	e.srv = httptest.NewServer(httpx.Logging(slog.New(slog.DiscardHandler), nil, a.RenderError, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if actor := e.actors[r.Header.Get("X-Test-Actor")]; actor != nil {
			ctx = auth.WithActor(ctx, actor)
		}
		mux.ServeHTTP(w, r.WithContext(ctx))
	})))
	t.Cleanup(e.srv.Close)
	return e
}

// TestAPI_Activities: a proposal through the API on both databases: a
// budget that does not add up is a 422 naming the field, a stale version a
// 409 telling the second writer, an attachment judged by its content, the
// file downloaded by the proposer and not by another enterprise (404).
func TestAPI_Activities(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newActivityEnv(t, db)
		ent := e.mustCreateEnterprise("Công ty Cổ phần May Thử", "79")
		other := &registry.Enterprise{TaxCode: "0100109107", Name: "Công ty Khác", ProvinceCode: "01"}
		if err := db.Registry().CreateEnterprises(context.Background(), []*registry.Enterprise{other}); err != nil {
			t.Fatal(err)
		}
		e.mustCreateUser(auth.UserInput{Email: "dn@example.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)})
		e.mustCreateUser(auth.UserInput{Email: "khac@example.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(other.ID)})
		now := time.Now()
		c := &programme.Call{Code: "BCT-2026-31", Title: "Mô hình điểm", Track: programme.TrackBreadth,
			Types: []programme.ActivityType{programme.TypePilotModel}, OpensAt: now.AddDate(0, 0, -1), Deadline: now.AddDate(0, 0, 10),
			Status: programme.CallOpen}
		if err := db.Programme().CreateCall(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		body := func(state int64, version int) string {
			return fmt.Sprintf(`{"call_id":%d,"type":"pilot_model","title":"Mô hình 5S","summary":"Áp dụng 5S.",
				"details":{"scope":"Xưởng 1","replication_plan":"Hội thảo"},"state_budget":%d,"counterpart":80000000,
				"budget":[{"line":1,"item":"Chuyên gia","state":120000000,"counterpart":80000000}],
				"kpis":[{"code":"oee","baseline":50,"target":65}],"version":%d}`, c.ID, state, version)
		}
		p := problem(t, e.do(req{method: "POST", path: "/api/v1/activities", as: "dn@example.vn", body: body(150_000_000, 0)}), 422)
		if msg := fieldError(t, p, "body.state_budget"); !strings.Contains(msg, "không khớp") {
			t.Errorf("budget message = %q", msg)
		}
		r := e.do(req{method: "POST", path: "/api/v1/activities", as: "dn@example.vn", body: body(120_000_000, 0)})
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		id := int64(r.json(t)["id"].(float64))
		path := fmt.Sprintf("/api/v1/activities/%d", id)
		if r := e.do(req{method: "PUT", path: path, as: "dn@example.vn", body: body(120_000_000, 1)}); r.status != 200 {
			t.Fatalf("update: %d %s", r.status, r.body)
		}
		p = problem(t, e.do(req{method: "PUT", path: path, as: "dn@example.vn", body: body(120_000_000, 1)}), 409)
		if msg := p["message"].(map[string]any)["vi"].(string); !strings.Contains(msg, "người khác sửa") {
			t.Errorf("stale message = %q", msg)
		}
		problem(t, e.do(req{method: "GET", path: path, as: "khac@example.vn"}), 404)

		up := req{method: "POST", path: path + "/files?name=du-toan.pdf", as: "dn@example.vn", body: "MZ\x90\x00 not a pdf",
			header: map[string]string{"Content-Type": "application/octet-stream"}}
		problem(t, e.do(up), 422)
		up.body = "%PDF-1.4\n%%EOF\n"
		r = e.do(up)
		if r.status != 201 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		fid := int64(r.json(t)["id"].(float64))
		r = e.do(req{method: "GET", path: fmt.Sprintf("%s/files/%d", path, fid), as: "dn@example.vn"})
		if r.status != 200 || string(r.body) != "%PDF-1.4\n%%EOF\n" || r.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("download: %d %q %s", r.status, r.body, r.header.Get("Content-Type"))
		}
		problem(t, e.do(req{method: "GET", path: fmt.Sprintf("%s/files/%d", path, fid), as: "khac@example.vn"}), 404)

		r = e.do(req{method: "GET", path: "/api/v1/activities?q=mo%20hinh", as: "dn@example.vn"})
		if r.status != 200 || int(r.json(t)["total"].(float64)) != 1 {
			t.Errorf("list: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/activities", as: "khac@example.vn"})
		if r.status != 200 || int(r.json(t)["total"].(float64)) != 0 {
			t.Errorf("another enterprise's list: %d %s", r.status, r.body)
		}
	})
}
