package contest_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// fakeRegistry answers the enterprises the tests describe.
type fakeRegistry struct {
	mu   sync.Mutex
	ents map[registry.EnterpriseID]*registry.Enterprise
}

func (r *fakeRegistry) FindEnterpriseByID(_ context.Context, id registry.EnterpriseID) (*registry.Enterprise, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.ents[id]
	if !ok {
		return nil, fault.New(fault.NotFound, "không có", "none")
	}
	c := *e
	return &c, nil
}

type fakeActivities map[registry.EnterpriseID][]contest.ActivityRef

func (f fakeActivities) CompletedActivities(_ context.Context, ent registry.EnterpriseID) ([]contest.ActivityRef, error) {
	return f[ent], nil
}

type sentMail struct{ to, subject, body string }

type fakeMailer struct {
	mu   sync.Mutex
	sent []sentMail
}

func (m *fakeMailer) SendMail(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, sentMail{to, subject, body})
	return nil
}

// fixture is a contest service over SQLite with a clock the test moves,
// the ministry, the Hà Nội and Đà Nẵng departments, two enterprise users
// (Hà Nội, Hồ Chí Minh City) and a judge.
type fixture struct {
	svc                                         *contest.Service
	db                                          *sqldb.DB
	now                                         time.Time
	reg                                         *fakeRegistry
	mail                                        *fakeMailer
	ministry, prov01, prov48, ent1, ent2, judge context.Context
	entA, entB                                  registry.EnterpriseID
	anon                                        context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.MustOpenSQLite(t)
	f := &fixture{db: db, now: time.Date(2026, 4, 10, 3, 0, 0, 0, time.UTC), mail: &fakeMailer{}, anon: ctx}
	es := []*registry.Enterprise{
		{TaxCode: "0100000001", Name: "Công ty May Hà Nội", ProvinceCode: "01", CreatedAt: f.now, UpdatedAt: f.now},
		{TaxCode: "0300000002", Name: "Công ty Nhựa Sài Gòn", ProvinceCode: "79", CreatedAt: f.now, UpdatedAt: f.now},
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f.entA, f.entB = es[0].ID, es[1].ID
	f.reg = &fakeRegistry{ents: map[registry.EnterpriseID]*registry.Enterprise{
		f.entA: {ID: f.entA, Name: es[0].Name, ProvinceCode: "01", FoundedOn: "2010-05-01", SizeClass: registry.SizeMedium,
			Industry: registry.IndustryTextiles, Contact: registry.Contact{Email: "lienhe@mayhanoi.vn"}},
		f.entB: {ID: f.entB, Name: es[1].Name, ProvinceCode: "79", FoundedOn: "2025-01-01", SizeClass: registry.SizeLarge,
			Industry: registry.IndustryPlastics},
	}}
	user := func(email string, role auth.Role, prov string, ent registry.EnterpriseID) context.Context {
		u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: int64(ent),
			Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: role, ProvinceCode: prov, EnterpriseID: int64(ent)})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry, "", 0)
	f.prov01 = user("hn@example.vn", auth.RoleProvince, "01", 0)
	f.prov48 = user("dn@example.vn", auth.RoleProvince, "48", 0)
	f.ent1 = user("dn1@example.vn", auth.RoleEnterprise, "", f.entA)
	f.ent2 = user("dn2@example.vn", auth.RoleEnterprise, "", f.entB)
	f.judge = user("gk@example.vn", auth.RoleJudge, "", 0)
	acts := fakeActivities{f.entA: {{ID: 41, Code: "HD-2025-041", Title: "Lean chuyền may", ClosedOn: f.now.AddDate(0, -3, 0),
		KPIs: []contest.EntryKPI{{Name: "Năng suất lao động", Unit: "sản phẩm/người/ngày", Before: 18, After: 23}}}}}
	f.svc = contest.NewService(contest.Options{Store: db.Contest(), Registry: f.reg, Activities: acts, Mailer: f.mail,
		BaseURL: "https://nscl.example.vn", Clock: func() time.Time { return f.now }})
	return f
}

// input is a complete solution contest of 2026 (entries 01/04–30/06).
func input(code string) contest.ContestInput {
	p, _ := contest.PresetByCode("solution")
	return contest.ContestInput{Code: code, Title: "Giải pháp năng suất 2026", Year: 2026, Kind: contest.KindYearly,
		EntryKind: p.EntryKind, RulesMD: "# Thể lệ\n\nDoanh nghiệp nộp hồ sơ trực tuyến.", EntriesOpen: "01/04/2026",
		EntriesClose: "30/06/2026", JudgingEnd: "30/09/2026", PublishOn: "15/10/2026", MinJudges: 3, Blind: true,
		Categories: p.Categories, Criteria: p.Criteria, Eligibility: p.Eligibility}
}

func wantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	if _, ok := fault.FieldsOf(err)[field]; !ok {
		t.Errorf("%s: %v, want an error on %q (fields %v)", what, err, field, fault.FieldsOf(err))
	}
}

func TestContest_Timeline(t *testing.T) {
	f := newFixture(t)
	for name, tc := range map[string]struct {
		edit  func(*contest.ContestInput)
		field string
	}{
		"close before open":      {func(in *contest.ContestInput) { in.EntriesClose = "31/03/2026" }, "entries_close"},
		"judging before close":   {func(in *contest.ContestInput) { in.JudgingEnd = "29/06/2026" }, "judging_end"},
		"publish before judging": {func(in *contest.ContestInput) { in.PublishOn = "01/09/2026" }, "publish_on"},
		"not a date":             {func(in *contest.ContestInput) { in.EntriesOpen = "31/02/2026" }, "entries_open"},
		"bad code":               {func(in *contest.ContestInput) { in.Code = "nscl 2026!" }, "code"},
		"no judges":              {func(in *contest.ContestInput) { in.MinJudges = 0 }, "min_judges"},
		"control char":           {func(in *contest.ContestInput) { in.Title = "Giải\x00" }, "title"},
		"points over 1000": {func(in *contest.ContestInput) {
			in.Criteria = append(in.Criteria, contest.Criterion{Code: "9", Name: "Thêm", MaxPoints: 950})
		}, "criteria"},
		"tie-break twice": {func(in *contest.ContestInput) { in.Criteria[3].TieBreak = 1 }, "criteria.3"},
	} {
		in := input("T-" + strings.ToUpper(strings.ReplaceAll(name, " ", "-"))[:min(10, len(name))])
		tc.edit(&in)
		_, err := f.svc.CreateContest(f.ministry, in)
		wantKind(t, name, err, fault.Invalid)
		wantField(t, name, err, tc.field)
	}
	c, err := f.svc.CreateContest(f.ministry, input("NSCL-2026"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != contest.StatusDraft || c.MaxPoints != 100 || !c.EntriesOpen.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, vn.Zone)) {
		t.Fatalf("created %+v", c)
	}
	_, err = f.svc.CreateContest(f.ministry, input("NSCL-2026"))
	wantField(t, "code taken", err, "code")
}

func TestContest_ScopeAndLife(t *testing.T) {
	f := newFixture(t)
	in := input("HN-2026")
	in.ProvinceCode = "79" // ignored: a provincial officer's contest is their province's
	c, err := f.svc.CreateContest(f.prov01, in)
	if err != nil {
		t.Fatal(err)
	}
	if c.ProvinceCode != "01" || len(c.Eligibility.Provinces) != 1 || c.Eligibility.Provinces[0] != "01" {
		t.Fatalf("provincial contest %+v", c)
	}
	for name, ctx := range map[string]context.Context{"other province": f.prov48, "enterprise": f.ent1, "judge": f.judge} {
		_, err := f.svc.UpdateContest(ctx, c.ID, c.Version, input("HN-2026"))
		if err == nil {
			t.Errorf("%s edited the Hà Nội contest", name)
		}
		if _, err := f.svc.Contest(ctx, c.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("%s sees the draft: %v", name, err)
		}
	}
	if _, err := f.svc.CreateContest(f.ent1, input("DN-2026")); !fault.Is(err, fault.Forbidden) {
		t.Errorf("an enterprise created a contest: %v", err)
	}
	if _, err := f.svc.CreateContest(f.anon, input("AN-2026")); !fault.Is(err, fault.Unauthenticated) {
		t.Errorf("anonymous created a contest: %v", err)
	}
	nat, err := f.svc.CreateContest(f.ministry, input("NSCL-2026"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Announce(f.prov01, nat.ID, nat.Version); err == nil {
		t.Error("a provincial officer announced the ministry's contest")
	}
	// Drafts: the ministry sees both, Hà Nội its own, others none.
	for name, tc := range map[string]struct {
		ctx  context.Context
		want int
	}{"ministry": {f.ministry, 2}, "prov01": {f.prov01, 1}, "prov48": {f.prov48, 0}, "anon": {f.anon, 0}, "ent": {f.ent1, 0}} {
		if got, err := f.svc.Contests(tc.ctx, contest.ContestQuery{}); err != nil || len(got) != tc.want {
			t.Errorf("%s sees %d contests (%v), want %d", name, len(got), err, tc.want)
		}
	}
	// Announcing lists every missing part.
	empty := input("EMPTY-2026")
	empty.RulesMD, empty.Categories, empty.Criteria = "", nil, nil
	e, err := f.svc.CreateContest(f.ministry, empty)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Announce(f.ministry, e.ID, e.Version)
	wantKind(t, "announce incomplete", err, fault.Invalid)
	for _, field := range []string{"rules", "categories", "criteria"} {
		wantField(t, "announce incomplete", err, field)
	}
	if _, err := f.svc.Announce(f.ministry, nat.ID, nat.Version+1); !fault.Is(err, fault.Conflict) {
		t.Errorf("stale announce: %v", err)
	}
	nat, err = f.svc.Announce(f.ministry, nat.ID, nat.Version)
	if err != nil || nat.Status != contest.StatusAnnounced {
		t.Fatalf("announce: %+v, %v", nat, err)
	}
	if got, err := f.svc.Contests(f.anon, contest.ContestQuery{}); err != nil || len(got) != 1 {
		t.Errorf("anonymous sees %d contests, %v", len(got), err)
	}
	// Announced: the rubric stays whatever the input says.
	in2 := input("NSCL-2026")
	in2.Title, in2.Criteria = "Giải pháp năng suất và chất lượng 2026", nil
	nat, err = f.svc.UpdateContest(f.ministry, nat.ID, nat.Version, in2)
	if err != nil || nat.Title != in2.Title || len(nat.Criteria) != 5 {
		t.Fatalf("update announced: %+v, %v", nat, err)
	}
	_, err = f.svc.Cancel(f.ministry, nat.ID, nat.Version, "  ")
	wantField(t, "cancel without reason", err, "reason")
	nat, err = f.svc.Cancel(f.ministry, nat.ID, nat.Version, "Thiếu kinh phí tổ chức")
	if err != nil || nat.Status != contest.StatusCancelled {
		t.Fatalf("cancel: %+v, %v", nat, err)
	}
	v, err := f.svc.Contest(f.anon, nat.ID)
	if err != nil || v.Cancellation == nil || v.Cancellation.Reason != "Thiếu kinh phí tổ chức" {
		t.Fatalf("cancelled view %+v, %v", v, err)
	}
}

// announced creates and announces the standard contest.
func (f *fixture) announced(t *testing.T, code string) *contest.Contest {
	t.Helper()
	c, err := f.svc.CreateContest(f.ministry, input(code))
	if err != nil {
		t.Fatal(err)
	}
	if c, err = f.svc.Announce(f.ministry, c.ID, c.Version); err != nil {
		t.Fatal(err)
	}
	return c
}

// fullEntry answers every criterion of c with one KPI.
func fullEntry(c *contest.Contest, title string) contest.EntryInput {
	in := contest.EntryInput{CategoryID: c.Categories[0].ID, Title: title, SummaryMD: "Áp dụng **Lean** trên chuyền may 12.",
		Form: map[string]string{}, KPIs: []contest.EntryKPI{{Name: "Tỷ lệ lỗi", Unit: "%", Before: 4.5, After: 1.8, Evidence: "Báo cáo QC quý 4"}}}
	for _, cr := range c.Criteria {
		in.Form[cr.Code] = fmt.Sprintf("Trả lời tiêu chí %s", cr.Code)
	}
	return in
}
