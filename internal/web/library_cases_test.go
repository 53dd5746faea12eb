package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/library"
	"nscl/internal/mail"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// libPilot is a programme with one pilot model (activity 7) of the
// enterprise ent, applied by another enterprise on 1 February 2026.
type libPilot struct{ ent int64 }

func (p libPilot) Pilot(ctx context.Context, id int64, lang string) (*library.Pilot, error) {
	if id != 7 {
		return nil, fault.New(fault.NotFound, "không có", "none")
	}
	return &library.Pilot{ActivityID: 7, Title: "Mô hình điểm Lean", EnterpriseID: p.ent, Tools: []string{"lean"},
		Replicators: []library.CaseReplicator{{Name: "Công ty Nhân Rộng", ProvinceCode: "01", AppliedOn: "2026-02-01"}}}, nil
}

type libWebWorld struct {
	h                          *Handler
	db                         *sqldb.DB
	ls                         *library.Service
	ent79                      int64
	admin, prov01, prov79, ent context.Context
}

func newLibWebWorld(t *testing.T) *libWebWorld {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.MustOpenSQLite(t)
	log := slog.New(slog.DiscardHandler)
	g := geo.MustLoad()
	if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	mailSvc := mail.NewService(db.Mail(), mail.SMTPConfig{}, nil, log)
	reg := registry.NewService(db.Registry())
	authSvc := auth.NewService(auth.Options{Store: db.Auth(), Mailer: mailSvc, Enterprises: reg, Argon2: auth.Argon2Params{Memory: 64, Time: 1, Threads: 1},
		ProvinceExists: func(code string) bool { _, ok := g.Province(code); return ok }})
	queue := jobs.NewSQLiteQueue(db.WriteDB())
	if err := jobs.Migrate(ctx, queue); err != nil {
		t.Fatal(err)
	}
	jobsSvc, err := jobs.NewService(jobs.Options{Store: db.Jobs(), Queue: queue, Audit: db.Audit(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	es := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Cơ khí Thử", ProvinceCode: "79"}}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	w := &libWebWorld{db: db, ent79: int64(es[0].ID)}
	w.ls = library.NewService(library.Options{Store: db.Library(), Programme: libPilot{w.ent79}, Geo: g})
	w.h, err = New(Deps{Auth: authSvc, Authn: &httpx.Authenticator{Sessions: httpx.NewSessions(db.Sessions(), false), Auth: authSvc},
		AuditLog: auth.NewAuditReader(db.Audit()), Mail: mailSvc, Registry: reg, Jobs: jobsSvc, Geo: g, Library: w.ls, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	as := func(email string, role auth.Role, prov string, ent int64) context.Context {
		now := time.Now()
		u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: ent,
			Lang: "vi", CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: role, ProvinceCode: prov, EnterpriseID: ent})
	}
	w.admin = as("admin@example.vn", auth.RoleAdmin, "", 0)
	w.prov01, w.prov79 = as("hn@example.vn", auth.RoleProvince, "01", 0), as("hcm@example.vn", auth.RoleProvince, "79", 0)
	w.ent = as("dn@example.vn", auth.RoleEnterprise, "", w.ent79)
	return w
}

// publishedCase stores a published case of the world's enterprise.
func (w *libWebWorld) publishedCase(t *testing.T, c *library.Case) *library.Case {
	t.Helper()
	now := time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)
	c.EnterpriseID, c.ProvinceCode, c.Tools, c.ProblemMD = w.ent79, "79", []string{"lean"}, "Vấn đề"
	c.Status, c.PublishedAt, c.CreatedAt, c.UpdatedAt = library.StatusPublished, &now, now, now
	if c.Title == "" {
		c.Title = "Điển hình Lean"
	}
	if err := w.db.Library().CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *libWebWorld) show(t *testing.T, ctx context.Context, id library.CaseID) string {
	t.Helper()
	r := httptest.NewRequestWithContext(ctx, "GET", fmt.Sprintf("/cases/%d", id), nil)
	r.SetPathValue("id", fmt.Sprint(id))
	rec := httptest.NewRecorder()
	if err := w.h.handleCaseShow(rec, r); err != nil || rec.Code != 200 {
		t.Fatalf("GET /cases/%d: %d, %v", id, rec.Code, err)
	}
	return rec.Body.String()
}

// TestCaseShow_EnterpriseLinkOnlyWhenViewable: the enterprise's registry
// page is linked only for those who may open it — not for a provincial
// officer of another province, nor for anonymous visitors.
func TestCaseShow_EnterpriseLinkOnlyWhenViewable(t *testing.T) {
	w := newLibWebWorld(t)
	c := w.publishedCase(t, &library.Case{})
	link := fmt.Sprintf(`href="/enterprises/%d"`, w.ent79)
	for name, tc := range map[string]struct {
		ctx  context.Context
		want bool
	}{"admin": {w.admin, true}, "own province": {w.prov79, true}, "own enterprise": {w.ent, true},
		"other province": {w.prov01, false}, "anonymous": {context.Background(), false}} {
		if got := strings.Contains(w.show(t, tc.ctx, c.ID), link); got != tc.want {
			t.Errorf("%s: link shown %v, want %v", name, got, tc.want)
		}
	}
}

// TestCaseShow_ReplicationDate: the date an enterprise applied the pilot
// shows as dd/mm/yyyy.
func TestCaseShow_ReplicationDate(t *testing.T) {
	w := newLibWebWorld(t)
	c := w.publishedCase(t, &library.Case{ActivityID: 7})
	body := w.show(t, context.Background(), c.ID)
	if !strings.Contains(body, "Công ty Nhân Rộng") || !strings.Contains(body, "01/02/2026") || strings.Contains(body, "2026-02-01") {
		t.Errorf("replication date not dd/mm/yyyy:\n%s", body)
	}
}

// TestCaseShow_LargeKPINotCapped: a figure stored before values were
// bounded shows with all its digits, never capped at the int64 maximum.
func TestCaseShow_LargeKPINotCapped(t *testing.T) {
	w := newLibWebWorld(t)
	c := w.publishedCase(t, &library.Case{KPIs: []library.CaseKPI{{Name: "Sản lượng", Unit: "tấn", Before: 1, After: 1e20}}})
	body := w.show(t, context.Background(), c.ID)
	if !strings.Contains(body, "100.000.000.000.000.000.000") || strings.Contains(body, "9.223.372") {
		t.Errorf("large figure capped:\n%s", body)
	}
}

// TestCaseForm_RefusesUnboundedKPIs: the form refuses, on the indicator's
// row, a value past 10^15 or not a number and a baseline so close to 0
// that the change is no finite figure; nothing is stored.
func TestCaseForm_RefusesUnboundedKPIs(t *testing.T) {
	w := newLibWebWorld(t)
	for _, kv := range [][2]string{{"1e-300", "1000"}, {"1", "1e20"}, {"NaN", "1"}, {"1", "Inf"}} {
		form := url.Values{"title": {"Điển hình"}, "enterprise_id": {fmt.Sprint(w.ent79)}, "tools": {"lean"}, "problem_md": {"Vấn đề"},
			"kpi_name": {"Năng suất"}, "kpi_unit": {"sp"}, "kpi_before": {kv[0]}, "kpi_after": {kv[1]}, "kpi_dir": {"up"}}
		r := httptest.NewRequestWithContext(w.admin, "POST", "/cases", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		err := w.h.handleCaseCreate(rec, r)
		if err != nil || rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Giá trị trước") {
			t.Errorf("before %s, after %s: %d, %v", kv[0], kv[1], rec.Code, err)
		}
	}
	if _, n, err := w.ls.Cases(w.admin, library.CaseQuery{}); err != nil || n != 0 {
		t.Errorf("%d cases stored, %v", n, err)
	}
}
