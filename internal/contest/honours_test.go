package contest_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// honourFixture is a contest service over SQLite with two enterprises, a
// provincial contest of Hồ Chí Minh City and the accounts of the
// ministry, two provincial officers, an enterprise and the anonymous.
type honourFixture struct {
	svc                               *contest.Service
	db                                *sqldb.DB
	now                               time.Time
	anon, ministry, prov79, prov01, e context.Context
	entA, entB                        registry.EnterpriseID
	contest                           *contest.Contest
}

func newHonourFixture(t *testing.T) *honourFixture {
	t.Helper()
	db := sqldbtest.MustOpenSQLite(t)
	ctx := context.Background()
	f := &honourFixture{db: db, now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), anon: ctx}
	es := []*registry.Enterprise{
		{TaxCode: "0300000002", Name: "Công ty Nhựa Sài Gòn", ProvinceCode: "79", CreatedAt: f.now, UpdatedAt: f.now},
		{TaxCode: "0100000001", Name: "Công ty Cơ khí Hà Nội", ProvinceCode: "01", CreatedAt: f.now, UpdatedAt: f.now},
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f.entA, f.entB = es[0].ID, es[1].ID
	user := func(email string, role auth.Role, prov string, ent registry.EnterpriseID) context.Context {
		u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: int64(ent),
			Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: role, ProvinceCode: prov, EnterpriseID: int64(ent)})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry, "", 0)
	f.prov79 = user("hcm@example.vn", auth.RoleProvince, "79", 0)
	f.prov01 = user("hn@example.vn", auth.RoleProvince, "01", 0)
	f.e = user("dn@example.vn", auth.RoleEnterprise, "", f.entA)
	f.svc = contest.NewService(contest.Options{Store: db.Contest(), Registry: registry.NewService(db.Registry()),
		Clock: func() time.Time { return f.now }})
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, vn.Zone) }
	f.contest = &contest.Contest{Code: "HCM-2026", Title: "Giải thưởng NSCL TP.HCM 2026", Year: 2026, Kind: contest.KindYearly,
		ProvinceCode: "79", EntryKind: contest.EntrySolution, Status: contest.StatusDecided,
		EntriesOpen: d(3, 1), EntriesClose: d(6, 30), JudgingEnd: d(9, 30), PublishOn: d(10, 15), MinJudges: 3}
	if err := db.Contest().CreateContest(ctx, f.contest); err != nil {
		t.Fatal(err)
	}
	return f
}

// contestHonour stores an honour of the provincial contest published on pub.
func (f *honourFixture) contestHonour(t *testing.T, title, slug string, pub time.Time) *contest.Honour {
	t.Helper()
	h := &contest.Honour{Year: 2026, Kind: contest.EntrySolution, EnterpriseID: f.entA, Title: title, Award: "Giải Vàng",
		ContestID: f.contest.ID, Rank: 1, Score: 90, Slug: slug, PublishedOn: pub, StoryMD: "Câu chuyện"}
	if err := f.db.Contest().CreateHonour(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	return h
}

func wantHonourKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

// TestHonours_PublicRoll: only published, not hidden honours are public;
// the search folds diacritics and matches the province and the kind;
// the years list the public ones.
func TestHonours_PublicRoll(t *testing.T) {
	f := newHonourFixture(t)
	vn2 := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vn.Zone) }
	f.contestHonour(t, "Dây chuyền ép nhựa tự động", "ep-nhua", vn2(2026, 10, 15))
	f.contestHonour(t, "Chưa công bố", "chua-cong-bo", vn2(2026, 12, 1))
	in := contest.HonourInput{EnterpriseID: f.entB, Year: 2024, Kind: contest.EntryEnterprise, Title: "Công ty Cơ khí Hà Nội",
		Award: "Giải Vàng Chất lượng Quốc gia", StoryMD: "Hành trình **TQM**", PublishedOn: vn2(2024, 12, 1)}
	rec, err := f.svc.RecordHonour(f.ministry, in)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Slug != "cong-ty-co-khi-ha-noi" || rec.ID == 0 {
		t.Fatalf("recorded %+v", rec.Honour)
	}
	again, err := f.svc.RecordHonour(f.ministry, in)
	if err != nil || again.Slug != "cong-ty-co-khi-ha-noi-2" {
		t.Fatalf("second of the name: %v, %v", again, err)
	}

	years, err := f.svc.HonourYears(f.anon)
	if err != nil || len(years) != 2 || years[0] != 2026 || years[1] != 2024 {
		t.Fatalf("years %v, %v", years, err)
	}
	for _, tc := range []struct {
		year int
		q    string
		want int
	}{{2026, "", 1}, {2024, "", 2}, {0, "", 3}, {0, "nhua", 1}, {0, "EP NHỰA", 1}, {0, "ha noi", 2},
		{0, "hồ chí minh", 1}, {0, "giai phap", 1}, {0, "solution", 1}, {0, "quoc gia", 2}, {0, "khong co", 0}} {
		got, err := f.svc.PublicHonours(f.anon, tc.year, tc.q)
		if err != nil || len(got) != tc.want {
			t.Errorf("PublicHonours(%d, %q) = %d, %v; want %d", tc.year, tc.q, len(got), err, tc.want)
		}
	}
	if _, err := f.svc.PublicHonour(f.anon, 2026, "chua-cong-bo"); !fault.Is(err, fault.NotFound) {
		t.Errorf("unpublished to the public: %v", err)
	}
	if r, err := f.svc.PublicHonour(f.ministry, 2026, "chua-cong-bo"); err != nil || r.Title != "Chưa công bố" {
		t.Errorf("unpublished to the ministry: %v", err)
	}
	if r, err := f.svc.PublicHonour(f.prov79, 2026, "chua-cong-bo"); err != nil || r == nil {
		t.Errorf("unpublished to the organiser: %v", err)
	}
	if _, err := f.svc.PublicHonour(f.prov01, 2026, "chua-cong-bo"); !fault.Is(err, fault.NotFound) {
		t.Errorf("unpublished to another province: %v", err)
	}
	latest, err := f.svc.LatestHonours(f.anon, 2)
	if err != nil || len(latest) != 2 || latest[0].Year != 2026 {
		t.Errorf("latest: %v, %v", latest, err)
	}
}

// TestHonours_Manage: who records, edits, hides; the organiser edits the
// story only; the optimistic lock; bad input; the audit trail.
func TestHonours_Manage(t *testing.T) {
	f := newHonourFixture(t)
	h := f.contestHonour(t, "Ép nhựa", "ep-nhua", time.Date(2026, 10, 15, 0, 0, 0, 0, vn.Zone))
	gen := f.svc.HonourGeneration()

	// Recording is the ministry's.
	in := contest.HonourInput{EnterpriseID: f.entB, Year: 2025, Kind: contest.EntryEnterprise, Title: "Cơ khí", Award: "Giải Bạc"}
	for name, ctx := range map[string]context.Context{"province": f.prov79, "enterprise": f.e} {
		if _, err := f.svc.RecordHonour(ctx, in); !fault.Is(err, fault.Forbidden) {
			t.Errorf("record by %s: %v", name, err)
		}
	}
	if _, err := f.svc.RecordHonour(f.anon, in); !fault.Is(err, fault.Unauthenticated) {
		t.Errorf("record by the anonymous: %v", err)
	}
	bad := contest.HonourInput{Year: 1990, Kind: "x", Title: " ", Award: strings.Repeat("a", 201), StoryMD: "a\x00b",
		KPIs: []contest.EntryKPI{{Name: ""}}}
	_, err := f.svc.RecordHonour(f.ministry, bad)
	wantHonourKind(t, "bad input", err, fault.Invalid)
	for _, field := range []string{"year", "kind", "title", "award", "story", "kpis.0", "enterprise"} {
		if _, ok := fault.FieldsOf(err)[field]; !ok {
			t.Errorf("bad input: no error on %s (%v)", field, fault.FieldsOf(err))
		}
	}

	// The organiser edits the story of their contest's honour, not its title.
	r, err := f.svc.EditHonour(f.prov79, h.ID, 1, contest.HonourEdit{Title: "Đổi tên", Award: "Khác", StoryMD: "Câu chuyện mới", SummaryMD: "Tóm tắt"})
	if err != nil || r.StoryMD != "Câu chuyện mới" || r.Title != "Ép nhựa" || r.Award != "Giải Vàng" || r.Version != 2 {
		t.Fatalf("organiser edit: %+v, %v", r, err)
	}
	if f.svc.HonourGeneration() == gen {
		t.Error("an edit does not bump the generation")
	}
	if _, err := f.svc.EditHonour(f.prov01, h.ID, 2, contest.HonourEdit{StoryMD: "x"}); !fault.Is(err, fault.Forbidden) {
		t.Errorf("another province edits: %v", err)
	}
	if _, err := f.svc.EditHonour(f.e, h.ID, 2, contest.HonourEdit{StoryMD: "x"}); !fault.Is(err, fault.Forbidden) {
		t.Errorf("an enterprise edits: %v", err)
	}
	if _, err := f.svc.EditHonour(f.ministry, h.ID, 1, contest.HonourEdit{Title: "T", Award: "A"}); !fault.Is(err, fault.Conflict) {
		t.Errorf("stale edit: %v", err)
	}
	r, err = f.svc.EditHonour(f.ministry, h.ID, 2, contest.HonourEdit{Title: "Ép nhựa tự động", Award: "Giải Vàng", StoryMD: "<script>alert(1)</script>",
		KPIs: []contest.EntryKPI{{Name: "Phế phẩm", Unit: "%", Before: 5, After: 1}}})
	if err != nil || r.Title != "Ép nhựa tự động" || len(r.KPIs) != 1 || r.Version != 3 {
		t.Fatalf("ministry edit: %+v, %v", r, err)
	}

	// Hiding needs a reason and is the ministry's; hidden is not public.
	if _, err := f.svc.HideHonour(f.prov79, h.ID, 3, true, "x"); !fault.Is(err, fault.Forbidden) {
		t.Errorf("organiser hides: %v", err)
	}
	if _, err := f.svc.HideHonour(f.ministry, h.ID, 3, true, " "); !fault.Is(err, fault.Invalid) {
		t.Errorf("hide without reason: %v", err)
	}
	if r, err = f.svc.HideHonour(f.ministry, h.ID, 3, true, "Doanh nghiệp bị xử phạt"); err != nil || !r.Hidden {
		t.Fatalf("hide: %v", err)
	}
	if got, _ := f.svc.PublicHonours(f.anon, 2026, ""); len(got) != 0 {
		t.Errorf("hidden still public: %d", len(got))
	}
	if _, err := f.svc.PublicHonour(f.anon, 2026, "ep-nhua"); !fault.Is(err, fault.NotFound) {
		t.Errorf("hidden page: %v", err)
	}
	if r, err = f.svc.HideHonour(f.ministry, h.ID, 4, false, ""); err != nil || r.Hidden || r.HiddenReason != "" {
		t.Fatalf("show: %+v, %v", r, err)
	}

	// Managed lists: the ministry all, the organiser theirs, others none.
	if rs, err := f.svc.ManagedHonours(f.prov79, 0); err != nil || len(rs) != 1 {
		t.Errorf("organiser's list: %d, %v", len(rs), err)
	}
	if rs, err := f.svc.ManagedHonours(f.prov01, 0); err != nil || len(rs) != 0 {
		t.Errorf("other province's list: %d, %v", len(rs), err)
	}
	if _, err := f.svc.ManagedHonours(f.e, 0); !fault.Is(err, fault.Forbidden) {
		t.Errorf("enterprise's list: %v", err)
	}
	if _, err := f.svc.ManagedHonours(f.anon, 0); !fault.Is(err, fault.Unauthenticated) {
		t.Errorf("anonymous list: %v", err)
	}

	// The audit trail has each change.
	if _, n, err := f.db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "honour", ObjectID: fmt.Sprint(h.ID)}); err != nil || n != 4 {
		t.Errorf("audit entries: %d, %v", n, err)
	}
}

// TestHonours_Photo: a PNG becomes a JPEG with a thumbnail; something
// else is refused on the photo field; the bytes are public with the honour.
func TestHonours_Photo(t *testing.T) {
	f := newHonourFixture(t)
	h := f.contestHonour(t, "Ép nhựa", "ep-nhua", time.Date(2026, 10, 15, 0, 0, 0, 0, vn.Zone))
	m := image.NewRGBA(image.Rect(0, 0, 640, 400))
	for i := range m.Pix {
		m.Pix[i] = 200
	}
	m.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetHonourPhoto(f.prov79, h.ID, 1, bytes.NewReader(buf.Bytes()), int64(buf.Len())); !fault.Is(err, fault.Forbidden) {
		t.Errorf("organiser sets photo: %v", err)
	}
	_, err := f.svc.SetHonourPhoto(f.ministry, h.ID, 1, strings.NewReader("<html>not an image</html>"), 0)
	if _, ok := fault.FieldsOf(err)["photo"]; !fault.Is(err, fault.Invalid) || !ok {
		t.Errorf("not an image: %v", err)
	}
	r, err := f.svc.SetHonourPhoto(f.ministry, h.ID, 1, bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || r.Photo == nil || r.Photo.Width != 640 || r.Version != 2 {
		t.Fatalf("photo: %+v, %v", r, err)
	}
	b, err := f.svc.HonourPhoto(f.anon, h.ID, true)
	if err != nil || len(b) < 100 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatalf("thumb: %d bytes, %v", len(b), err)
	}
	if _, err := f.svc.HonourPhoto(f.anon, 9999, false); !fault.Is(err, fault.NotFound) {
		t.Errorf("missing: %v", err)
	}
}

// TestSlug folds Vietnamese titles into addresses.
func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Công ty Cổ phần Đồng Nai — Giải Vàng!": "cong-ty-co-phan-dong-nai-giai-vang",
		"  ":               "honour",
		"5S & Kaizen 2025": "5s-kaizen-2025",
	} {
		if got := contest.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHonours_KPIValuesBounded: a KPI's before or after that is not a
// finite number of at most 1e15 in magnitude is refused with its field's
// error (1e20 would show as 9.223.372.036.854.775.807 on the roll), both
// when recording and when editing; 1e15 itself is kept.
func TestHonours_KPIValuesBounded(t *testing.T) {
	f := newHonourFixture(t)
	h := f.contestHonour(t, "Ép nhựa", "ep-nhua", time.Date(2026, 10, 15, 0, 0, 0, 0, vn.Zone))
	in := contest.HonourInput{EnterpriseID: f.entB, Year: 2025, Kind: contest.EntryEnterprise, Title: "Cơ khí", Award: "Giải Bạc"}
	for _, v := range []float64{1e20, -1e20, 1e15 + 1e6, math.NaN(), math.Inf(1), math.Inf(-1)} {
		for name, k := range map[string]contest.EntryKPI{"before": {Name: "Năng suất", Unit: "%", Before: v, After: 1},
			"after": {Name: "Năng suất", Unit: "%", Before: 1, After: v}} {
			in.KPIs = []contest.EntryKPI{{Name: "Phế phẩm", Unit: "%", Before: 5, After: 2}, k}
			_, err := f.svc.RecordHonour(f.ministry, in)
			if _, ok := fault.FieldsOf(err)["kpis.1"]; !ok || !fault.Is(err, fault.Invalid) {
				t.Errorf("record, %s = %v: %v", name, v, err)
			}
			_, err = f.svc.EditHonour(f.ministry, h.ID, 1, contest.HonourEdit{Title: "Ép nhựa", Award: "Giải Vàng", KPIs: in.KPIs})
			if _, ok := fault.FieldsOf(err)["kpis.1"]; !ok || !fault.Is(err, fault.Invalid) {
				t.Errorf("edit, %s = %v: %v", name, v, err)
			}
		}
	}
	in.KPIs = []contest.EntryKPI{{Name: "Doanh thu", Unit: "đồng", Before: -1e15, After: 1e15}}
	if _, err := f.svc.RecordHonour(f.ministry, in); err != nil {
		t.Fatalf("1e15: %v", err)
	}
}
