package web

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// TestJudgingBoard_PhaseLinks: the judging board links the consensus round
// only from the consensus phase on and the results from judging on (an
// announced contest has neither page: results 404, consensus 409).
func TestJudgingBoard_PhaseLinks(t *testing.T) {
	h, db, authSvc := newJudgingWebWorld(t)
	ctx := context.Background()
	admin, err := authSvc.CreateUser(auth.SystemContext(ctx), auth.UserInput{Email: "quantri@example.vn", Name: "Quản trị", Role: auth.RoleAdmin,
		Password: "Mat-khau-2026"})
	if err != nil {
		t.Fatal(err)
	}
	actx := auth.WithActor(ctx, admin.Actor())
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, vn.Zone) }
	cases := []struct {
		status             contest.Status
		consensus, results bool
	}{
		{contest.StatusAnnounced, false, false},
		{contest.StatusJudging, false, true},
		{contest.StatusConsensus, true, true},
		{contest.StatusDecided, true, true},
	}
	for i, tc := range cases {
		c := &contest.Contest{Code: "NSCL-P" + strconv.Itoa(i), Title: "Giải thưởng thử " + string(tc.status), Year: 2026, Kind: contest.KindYearly,
			EntryKind: contest.EntrySolution, RulesMD: "# Thể lệ", Status: tc.status,
			EntriesOpen: d(3, 1), EntriesClose: d(6, 30), JudgingEnd: d(9, 30), PublishOn: d(10, 15), MinJudges: 1,
			Categories: []contest.Category{{Code: "CH", Name: "Chung", Basis: contest.BasisOpen, Position: 1}},
			Criteria:   []contest.Criterion{{Code: "1", Name: "Hiệu quả", MaxPoints: 100, TieBreak: 1, Position: 1}}}
		if err := db.Contest().CreateContest(ctx, c); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(int64(c.ID), 10)
		r := httptest.NewRequest("GET", "/contests/"+id+"/judging", nil).WithContext(actx)
		r.SetPathValue("id", id)
		rec := httptest.NewRecorder()
		if err := h.handleJudgingBoard(rec, r); err != nil || rec.Code != 200 {
			t.Fatalf("%s: board %d, %v", tc.status, rec.Code, err)
		}
		body := rec.Body.String()
		if got := strings.Contains(body, `href="/contests/`+id+`/consensus"`); got != tc.consensus {
			t.Errorf("%s: consensus link shown %v, want %v", tc.status, got, tc.consensus)
		}
		if got := strings.Contains(body, `href="/contests/`+id+`/results"`); got != tc.results {
			t.Errorf("%s: results link shown %v, want %v", tc.status, got, tc.results)
		}
	}
}

// newJudgingWebWorld is a handler over a fresh SQLite database with the
// contest service.
func newJudgingWebWorld(t testing.TB) (*Handler, *sqldb.DB, *auth.Service) {
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
	h, err := New(Deps{Auth: authSvc, Authn: &httpx.Authenticator{Sessions: httpx.NewSessions(db.Sessions(), false), Auth: authSvc},
		AuditLog: auth.NewAuditReader(db.Audit()), Mail: mailSvc, Registry: reg, Jobs: jobsSvc, Geo: g, Contest: cs,
		BaseURL: "https://nscl.example.vn", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return h, db, authSvc
}
