package library_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/markdown"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// fakeProgramme is a programme with one pilot model (activity 7) of the
// Hà Nội enterprise, with a verified CaseKPI and a confirmed replication.
type fakeProgramme struct{ ent int64 }

func (p fakeProgramme) Pilot(ctx context.Context, id int64, lang string) (*library.Pilot, error) {
	if id != 7 {
		return nil, fault.New(fault.NotFound, "không có", "none")
	}
	return &library.Pilot{ActivityID: 7, Title: "Mô hình điểm Lean", EnterpriseID: p.ent, Tools: []string{"lean"},
		KPIs:        []library.CaseKPI{{Name: "Năng suất", Unit: "sp/giờ", Before: 100, After: 130}},
		Replicators: []library.CaseReplicator{{Name: "Công ty Nhân Rộng", ProvinceCode: "01", AppliedOn: "2026-02-01"}}, Others: 2}, nil
}

type fixture struct {
	svc                                  *library.Service
	anon, ministry, prov01, prov79, ent1 context.Context
	entA, entB                           int64
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)
	if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	es := []*registry.Enterprise{
		{TaxCode: "0100000001", Name: "Công ty Cơ khí Hà Nội", ProvinceCode: "01", CreatedAt: now, UpdatedAt: now},
		{TaxCode: "0300000002", Name: "Công ty Nhựa Sài Gòn", ProvinceCode: "79", CreatedAt: now, UpdatedAt: now},
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f := &fixture{anon: ctx, entA: int64(es[0].ID), entB: int64(es[1].ID)}
	user := func(email string, role auth.Role, prov string, ent int64) context.Context {
		u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: ent,
			Lang: "vi", CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: role, ProvinceCode: prov, EnterpriseID: ent})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry, "", 0)
	f.prov01 = user("hn@example.vn", auth.RoleProvince, "01", 0)
	f.prov79 = user("hcm@example.vn", auth.RoleProvince, "79", 0)
	f.ent1 = user("dn1@example.vn", auth.RoleEnterprise, "", f.entA)
	f.svc = library.NewService(library.Options{Store: db.Library(), Programme: fakeProgramme{f.entA}, Clock: func() time.Time { return now }})
	return f
}

func (f *fixture) input(ent int64) library.CaseInput {
	return library.CaseInput{Title: "Giảm lãng phí bằng Lean", EnterpriseID: ent, VSIC: "2511", Tools: []string{"lean", "5s"}, Industry: "mechanical",
		SizeClass: "small", ProblemMD: "Thời gian chờ **dài**", LessonsMD: "Lãnh đạo tham gia",
		KPIs:    []library.CaseKPIInput{{Name: "Tỷ lệ lỗi", Unit: "%", Before: 5, After: 2, LowerBetter: true}},
		Contact: library.CaseContact{Name: "Anh Minh", Role: "Quản đốc", Phone: "0912 345 678", Email: "minh@example.vn"}}
}

// TestCases_Lifecycle: an editor creates a draft (nobody else sees it),
// publishes it (everyone sees it, with a publication date), the contact
// shows only with consent, filters and the contract functions.
func TestCases_Lifecycle(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	c, err := f.svc.CreateCase(f.prov01, f.input(f.entA))
	if err != nil {
		t.Fatal(err)
	}
	if c.ProvinceCode != "01" || c.Status != library.StatusDraft || c.EnterpriseName != "Công ty Cơ khí Hà Nội" {
		t.Fatalf("created %+v", c)
	}
	for name, ctx := range map[string]context.Context{"anon": f.anon, "enterprise": f.ent1, "other province": f.prov79} {
		if _, err := f.svc.Case(ctx, c.ID, "vi"); !fault.Is(err, fault.NotFound) {
			t.Errorf("%s reads a draft: %v", name, err)
		}
	}
	if cs, _, _ := f.svc.Cases(f.anon, library.CaseQuery{}); len(cs) != 0 {
		t.Errorf("anonymous list shows a draft")
	}
	if cs, _ := f.svc.LatestCases(f.anon, 5); len(cs) != 0 {
		t.Errorf("latest shows a draft")
	}
	if _, err := f.svc.SetCaseStatus(f.prov79, c.ID, c.Version, library.StatusPublished); !fault.Is(err, fault.NotFound) {
		t.Errorf("another province publishes: %v", err)
	}
	if _, err := f.svc.SetCaseStatus(f.prov01, c.ID, c.Version+1, library.StatusPublished); !fault.Is(err, fault.Conflict) {
		t.Errorf("stale publish: %v", err)
	}
	c, err = f.svc.SetCaseStatus(f.prov01, c.ID, c.Version, library.StatusPublished)
	if err != nil || c.PublishedAt == nil {
		t.Fatalf("publish: %v", err)
	}
	v, err := f.svc.Case(f.anon, c.ID, "vi")
	if err != nil || v.CanEdit || v.Case.Contact.Name != "" || v.Verified || len(v.KPIs) != 1 || v.KPIs[0].Improvement == nil || *v.KPIs[0].Improvement != 60 {
		t.Fatalf("public view %+v, %v", v, err)
	}
	in := f.input(f.entA)
	in.Contact.Consent = true
	if c, err = f.svc.UpdateCase(f.prov01, c.ID, c.Version, in); err != nil {
		t.Fatal(err)
	}
	if v, _ = f.svc.Case(f.anon, c.ID, "vi"); v.Case.Contact.Phone != "0912 345 678" {
		t.Errorf("consented contact hidden: %+v", v.Case.Contact)
	}
	if cs, n, _ := f.svc.Cases(f.anon, library.CaseQuery{Tool: "lean", Query: "LANG PHI", Province: "01", SizeClass: "small", Industry: "mechanical", VSIC: "25"}); n != 1 || len(cs) != 1 {
		t.Errorf("filtered list: %d", n)
	}
	if _, n, _ := f.svc.Cases(f.anon, library.CaseQuery{Tool: "tpm"}); n != 0 {
		t.Errorf("tool filter: %d", n)
	}
	if cs, _ := f.svc.CaseSummaries(f.anon, []int64{999, int64(c.ID), int64(c.ID)}); len(cs) != 1 || cs[0].URL == "" || cs[0].Summary == "" {
		t.Errorf("summaries %+v", cs)
	}
	if cs, _ := f.svc.LatestCases(f.anon, 3); len(cs) != 1 {
		t.Errorf("latest %+v", cs)
	}
}

// TestCases_Authorization: only library editors write; a provincial
// officer only for enterprises of their province.
func TestCases_Authorization(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	if _, err := f.svc.CreateCase(f.anon, f.input(f.entA)); !fault.Is(err, fault.Unauthenticated) {
		t.Errorf("anonymous: %v", err)
	}
	if _, err := f.svc.CreateCase(f.ent1, f.input(f.entA)); !fault.Is(err, fault.Forbidden) {
		t.Errorf("enterprise: %v", err)
	}
	if _, err := f.svc.CreateCase(f.prov01, f.input(f.entB)); !fault.Is(err, fault.Forbidden) {
		t.Errorf("province 01 for an enterprise of 79: %v", err)
	}
	if _, err := f.svc.CreateCase(f.ministry, f.input(f.entB)); err != nil {
		t.Errorf("ministry: %v", err)
	}
}

// TestCases_BadInput: every bad field is refused with its message, and
// nothing is stored.
func TestCases_BadInput(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	for name, c := range map[string]struct {
		mod   func(*library.CaseInput)
		field string
	}{
		"no title":       {func(in *library.CaseInput) { in.Title = " " }, "title"},
		"control char":   {func(in *library.CaseInput) { in.Title = "A\x00B" }, "title"},
		"invalid utf8":   {func(in *library.CaseInput) { in.ProblemMD = "\xff" }, "problem_md"},
		"unknown tool":   {func(in *library.CaseInput) { in.Tools = []string{"khong-co"} }, "tools"},
		"no tool":        {func(in *library.CaseInput) { in.Tools = nil }, "tools"},
		"bad industry":   {func(in *library.CaseInput) { in.Industry = "xyz" }, "industry"},
		"bad size":       {func(in *library.CaseInput) { in.SizeClass = "huge" }, "size_class"},
		"bad vsic":       {func(in *library.CaseInput) { in.VSIC = "ab" }, "vsic"},
		"bad email":      {func(in *library.CaseInput) { in.Contact.Email = "x@" }, "contact.email"},
		"bad phone":      {func(in *library.CaseInput) { in.Contact.Phone = "call me" }, "contact.phone"},
		"kpi no name":    {func(in *library.CaseInput) { in.KPIs = []library.CaseKPIInput{{Before: 1, After: 2}} }, "kpis.0"},
		"unknown firm":   {func(in *library.CaseInput) { in.EnterpriseID = 99999 }, "enterprise_id"},
		"unknown pilot":  {func(in *library.CaseInput) { in.ActivityID = 8 }, "activity_id"},
		"consent no one": {func(in *library.CaseInput) { in.Contact = library.CaseContact{Consent: true} }, "contact.name"},
	} {
		in := f.input(f.entA)
		c.mod(&in)
		_, err := f.svc.CreateCase(f.ministry, in)
		if !fault.Is(err, fault.Invalid) || fault.FieldsOf(err)[c.field].Vi == "" {
			t.Errorf("%s: %v (fields %v)", name, err, fault.FieldsOf(err))
		}
	}
	if _, n, _ := f.svc.Cases(f.ministry, library.CaseQuery{}); n != 0 {
		t.Errorf("%d cases stored from bad input", n)
	}
}

// TestCases_PilotResults: a case linked to a pilot model shows the pilot's
// verified KPIs instead of the typed ones, and the confirmed replications.
func TestCases_PilotResults(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	in := f.input(f.entA)
	in.ActivityID = 7
	c, err := f.svc.CreateCase(f.ministry, in)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Case(f.ministry, c.ID, "vi")
	if err != nil || !v.Verified || len(v.KPIs) != 1 || v.KPIs[0].Name != "Năng suất" || !v.KPIs[0].Verified ||
		len(v.Replicators) != 1 || v.Others != 2 || v.PilotTitle == "" {
		t.Fatalf("view %+v, %v", v, err)
	}
	in.EnterpriseID = f.entB
	if _, err := f.svc.CreateCase(f.ministry, in); !fault.Is(err, fault.Invalid) {
		t.Errorf("another enterprise's pilot: %v", err)
	}
}

// TestCases_ScriptSanitised: HTML and script in a case's or guide's
// Markdown never comes out of markdown.Render as markup.
func TestCases_ScriptSanitised(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	in := f.input(f.entA)
	in.ProblemMD = "Trước <script>alert('x')</script> sau <img src=x onerror=alert(1)> [a](javascript:alert(1))"
	c, err := f.svc.CreateCase(f.ministry, in)
	if err != nil {
		t.Fatal(err)
	}
	out := string(markdown.Render(string(c.ProblemMD)))
	for _, bad := range []string{"<script", "onerror", "javascript:"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("rendered body holds %q: %s", bad, out)
		}
	}
}

// TestGuides: create, publish, read; videos must be https; templates are
// checked by content and extension.
func TestGuides(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	in := library.GuideInput{ToolCode: "5s", Title: "5S trong 30 ngày", BodyMD: "## Sàng lọc", Videos: []library.GuideVideo{{URL: "https://youtu.be/x"}}}
	bad := in
	bad.Videos = []library.GuideVideo{{URL: "javascript:alert(1)"}}
	if _, err := f.svc.CreateGuide(f.ministry, bad); !fault.Is(err, fault.Invalid) || fault.FieldsOf(err)["videos.0"].Vi == "" {
		t.Errorf("javascript video: %v", err)
	}
	bad = in
	bad.ToolCode = "khong-co"
	if _, err := f.svc.CreateGuide(f.ministry, bad); !fault.Is(err, fault.Invalid) {
		t.Errorf("unknown tool: %v", err)
	}
	if _, err := f.svc.CreateGuide(f.ent1, in); !fault.Is(err, fault.Forbidden) {
		t.Errorf("enterprise: %v", err)
	}
	g, err := f.svc.CreateGuide(f.prov01, in)
	if err != nil || g.ProvinceCode != "01" {
		t.Fatalf("create: %+v, %v", g, err)
	}
	if _, err := f.svc.Guide(f.anon, g.ID); !fault.Is(err, fault.NotFound) {
		t.Errorf("anon reads a draft: %v", err)
	}
	if _, err := f.svc.UpdateGuide(f.prov79, g.ID, g.Version, in); !fault.Is(err, fault.NotFound) {
		t.Errorf("another province edits: %v", err)
	}
	if _, err := f.svc.AddFile(f.prov01, g.ID, "mau.docx", []byte("%PDF-1.4 hello")); !fault.Is(err, fault.Invalid) {
		t.Errorf("a PDF named .docx: %v", err)
	}
	if _, err := f.svc.AddFile(f.prov01, g.ID, "x.exe", []byte("MZ\x90\x00")); !fault.Is(err, fault.Invalid) {
		t.Errorf("an exe: %v", err)
	}
	if _, err := f.svc.AddFile(f.prov01, g.ID, "big.pdf", append([]byte("%PDF-1.4"), make([]byte, library.MaxFileSize)...)); !fault.Is(err, fault.Invalid) {
		t.Errorf("too large: %v", err)
	}
	fl, err := f.svc.AddFile(f.prov01, g.ID, `C:\tmp\Hướng dẫn.pdf`, []byte("%PDF-1.4 hello"))
	if err != nil || fl.Name != "Hướng dẫn.pdf" || fl.ContentType != library.TypePDF {
		t.Fatalf("file: %+v, %v", fl, err)
	}
	if g, err = f.svc.SetGuideStatus(f.prov01, g.ID, g.Version, library.StatusPublished); err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Guide(f.anon, g.ID)
	if err != nil || len(v.Files) != 1 || v.CanEdit {
		t.Fatalf("public guide %+v, %v", v, err)
	}
	if x, err := f.svc.File(f.anon, g.ID, fl.ID); err != nil || string(x.Data) != "%PDF-1.4 hello" {
		t.Errorf("download: %v", err)
	}
	if _, n, _ := f.svc.Guides(f.anon, library.GuideQuery{Tool: "5s", Query: "sang loc"}); n != 1 {
		t.Errorf("search: %d", n)
	}
	if library.VideoHost("https://www.youtube.com/watch?v=1") != "youtube.com" {
		t.Errorf("host")
	}
}

// TestPhotos: a photo is processed into a JPEG with a thumbnail; a file
// that is no image is refused; a draft's photo is hidden from the public.
func TestPhotos(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	c, err := f.svc.CreateCase(f.ministry, f.input(f.entA))
	if err != nil {
		t.Fatal(err)
	}
	m := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		m.Set(x, 10, color.RGBA{200, 0, 0, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddPhoto(f.ministry, c.ID, "", strings.NewReader("not an image"), 12); !fault.Is(err, fault.Invalid) {
		t.Errorf("not an image: %v", err)
	}
	p, err := f.svc.AddPhoto(f.ministry, c.ID, "Xưởng sau cải tiến", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || p.Width != 64 {
		t.Fatalf("photo: %+v, %v", p, err)
	}
	if _, err := f.svc.PhotoBytes(f.anon, c.ID, p.ID, true); !fault.Is(err, fault.NotFound) {
		t.Errorf("a draft's photo to the public: %v", err)
	}
	if b, err := f.svc.PhotoBytes(f.ministry, c.ID, p.ID, false); err != nil || len(b) == 0 {
		t.Errorf("bytes: %v", err)
	}
	if err := f.svc.RemovePhoto(f.prov79, c.ID, p.ID); !fault.Is(err, fault.Forbidden) {
		t.Errorf("another province removes: %v", err)
	}
	if err := f.svc.RemovePhoto(f.ministry, c.ID, p.ID); err != nil {
		t.Errorf("remove: %v", err)
	}
}
