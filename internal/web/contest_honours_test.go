package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/portal"
	"nscl/internal/registry"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// TestHonourPages_CacheAndSanitise: an honour's public page renders its
// story's Markdown without the script, carries its Open Graph tags, is
// served from the cache with an entity tag (304 on a match), is rebuilt
// when the honour changes and is gone once hidden; the anonymous home
// page is the portal with the honour.
func TestHonourPages_CacheAndSanitise(t *testing.T) {
	h, cs, authSvc, hon := newHonourWebWorld(t)
	ctx := context.Background()
	get := func(path, etag string, fn func(http.ResponseWriter, *http.Request) error, pv ...string) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(pv); i += 2 {
			r.SetPathValue(pv[i], pv[i+1])
		}
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		if err := fn(rec, r); err != nil {
			rec.Code = statusFor(err)
		}
		return rec
	}
	page := func(etag string) *httptest.ResponseRecorder {
		return get("/vinh-danh/2025/co-khi-thu", etag, h.handleHonourShow, "year", "2025", "slug", "co-khi-thu")
	}
	rec := page("")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "<strong>Đậm</strong>") || strings.Contains(body, "<script>alert") || strings.Contains(body, "onerror") {
		t.Fatalf("page %d:\n%s", rec.Code, body)
	}
	for _, want := range []string{`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="https://nscl.example.vn/vinh-danh/2025/co-khi-thu">`,
		`https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnscl.example.vn%2Fvinh-danh%2F2025%2Fco-khi-thu`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	etag := rec.Header().Get("Etag")
	if rec := page(etag); etag == "" || rec.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d (etag %q)", rec.Code, etag)
	}

	ministry, err := authSvc.CreateUser(auth.SystemContext(ctx), auth.UserInput{Email: "bo@example.vn", Name: "Cán bộ Bộ", Role: auth.RoleMinistry,
		Password: "Mat-khau-2026"})
	if err != nil {
		t.Fatal(err)
	}
	mctx := auth.WithActor(ctx, ministry.Actor())
	if _, err := cs.EditHonour(mctx, hon.ID, 1, contest.HonourEdit{Title: "Cơ khí Thử", Award: "Giải Vàng", StoryMD: "Câu chuyện mới"}); err != nil {
		t.Fatal(err)
	}
	rec = page(etag)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Câu chuyện mới") || rec.Header().Get("Etag") == etag {
		t.Fatalf("after the edit: %d, etag %q", rec.Code, rec.Header().Get("Etag"))
	}

	home := get("/", "", h.handleHome)
	if home.Code != 200 || !strings.Contains(home.Body.String(), "portal-figures") || !strings.Contains(home.Body.String(), "/vinh-danh/2025/co-khi-thu") {
		t.Fatalf("home %d", home.Code)
	}
	roll := get("/vinh-danh", "", h.handleHonourRoll)
	if roll.Code != 200 || !strings.Contains(roll.Body.String(), "Cơ khí Thử") {
		t.Fatalf("roll %d", roll.Code)
	}

	if _, err := cs.HideHonour(mctx, hon.ID, 2, true, "Xác minh lại"); err != nil {
		t.Fatal(err)
	}
	if rec := page(""); rec.Code != http.StatusNotFound {
		t.Fatalf("hidden page: %d", rec.Code)
	}
	if rec := get("/vinh-danh/1999", "", h.handleHonourRoll, "year", "1999"); rec.Code != http.StatusNotFound {
		t.Fatalf("year 1999: %d", rec.Code)
	}
}

// newHonourWebWorld is a Handler with the contests and the portal over
// SQLite and one public honour of 2025 (its story with a script).
func newHonourWebWorld(t testing.TB) (*Handler, *contest.Service, *auth.Service, *contest.Honour) {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.MustOpenSQLite(t)
	log := slog.New(slog.DiscardHandler)
	g := geo.MustLoad()
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
	cs := contest.NewService(contest.Options{Store: db.Contest(), Registry: reg, Geo: g})
	ps := portal.NewService(portal.Options{Contests: cs})
	h, err := New(Deps{Auth: authSvc, Authn: &httpx.Authenticator{Sessions: httpx.NewSessions(db.Sessions(), false), Auth: authSvc},
		AuditLog: auth.NewAuditReader(db.Audit()), Mail: mailSvc, Registry: reg, Jobs: jobsSvc, Geo: g, Contest: cs, Portal: ps,
		BaseURL: "https://nscl.example.vn", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	es := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Cơ khí Thử", ProvinceCode: "79"}}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	hon := &contest.Honour{Year: 2025, Kind: contest.EntryEnterprise, EnterpriseID: es[0].ID, Title: "Cơ khí Thử", Award: "Giải Vàng",
		Slug: "co-khi-thu", PublishedOn: time.Date(2025, 12, 1, 0, 0, 0, 0, vn.Zone), SummaryMD: "Tóm tắt *ngắn*",
		StoryMD: "Câu chuyện **Đậm** <script>alert(1)</script><img src=x onerror=alert(2)>"}
	if err := db.Contest().CreateHonour(ctx, hon); err != nil {
		t.Fatal(err)
	}
	return h, cs, authSvc, hon
}

// BenchmarkHonourPage_Cached is an anonymous visitor's honour page from
// the cache, next to a bare handler writing the same bytes.
func BenchmarkHonourPage_Cached(b *testing.B) {
	h, _, _, _ := newHonourWebWorld(b)
	req := func() *http.Request {
		r := httptest.NewRequest("GET", "/vinh-danh/2025/co-khi-thu", nil)
		r.SetPathValue("year", "2025")
		r.SetPathValue("slug", "co-khi-thu")
		return r
	}
	first := httptest.NewRecorder()
	if err := h.handleHonourShow(first, req()); err != nil || first.Code != 200 {
		b.Fatalf("%d, %v", first.Code, err)
	}
	body := first.Body.Bytes()
	b.Run("page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			if err := h.handleHonourShow(w, req()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			_ = req()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(body)
		}
	})
}

// statusFor is the status the error handler answers err with.
func statusFor(err error) int {
	switch fault.KindOf(err) {
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Forbidden:
		return http.StatusForbidden
	}
	s, _ := statusOf(err)
	return s
}
