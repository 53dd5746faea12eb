package assessment_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// schemeFixture is the assessment service over a database with the
// shipped schemes, a ministry officer, an admin, an enterprise user and an
// anonymous visitor.
type schemeFixture struct {
	svc                        *assessment.Service
	db                         *sqldb.DB
	now                        time.Time
	ministry, admin, ent, anon context.Context
}

func newSchemeFixture(t *testing.T, db *sqldb.DB) *schemeFixture {
	t.Helper()
	ctx := context.Background()
	f := &schemeFixture{db: db, now: time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC), anon: ctx}
	f.svc = assessment.NewService(assessment.Options{Store: db.Assessment(), Clock: func() time.Time { return f.now }})
	if err := f.svc.EnsureShipped(ctx); err != nil {
		t.Fatal(err)
	}
	user := func(email string, role auth.Role) context.Context {
		u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Role: role})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry)
	f.admin = user("admin@example.vn", auth.RoleAdmin)
	f.ent = user("dn@example.vn", auth.RoleEnterprise)
	return f
}

func (f *schemeFixture) scheme(t *testing.T, code string) *assessment.Scheme {
	t.Helper()
	sc, err := f.db.Assessment().FindSchemeByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func wantFault(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

// TestSchemes_VersioningAndEditing walks a scheme's life: the shipped
// version is public; only managers open a draft (a copy, numbered 2); edits
// carry the rev (a stale one changes nothing); a bad scale is refused with
// a field error; publishing needs a note and a complete body, retires v1
// and leaves its body as it was (an assessment on v1 keeps it); discarding
// and archiving; every write audited.
func TestSchemes_VersioningAndEditing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSchemeFixture(t, db)
		if err := f.svc.EnsureShipped(f.anon); err != nil { // a second run changes nothing
			t.Fatal(err)
		}
		all, err := f.svc.AllSchemes(f.anon)
		if err != nil || len(all) != 3 {
			t.Fatalf("public schemes = %d, %v", len(all), err)
		}
		sc := f.scheme(t, "5s")
		v1, err := db.Assessment().FindVersion(context.Background(), sc.Published)
		if err != nil || v1.No != 1 || v1.Status != assessment.VersionPublished {
			t.Fatalf("v1 = %+v, %v", v1, err)
		}
		v1Body := v1.Body
		// An assessment started on version 1, with an answer for s1.6.
		firm := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH May Sài Gòn Xanh", ProvinceCode: "79", CreatedAt: f.now, UpdatedAt: f.now}}
		if err := db.Registry().CreateEnterprises(context.Background(), firm); err != nil {
			t.Fatal(err)
		}
		started := f.now
		x := &assessment.Assessment{EnterpriseID: firm[0].ID, ProvinceCode: "79", SchemeID: sc.ID, VersionID: v1.ID, Mode: assessment.ModeSelf,
			Status: assessment.StatusInProgress, Site: "Xưởng may 1", CreatedAt: f.now, StartedAt: &started}
		if err := db.Assessment().CreateAssessment(context.Background(), x, ""); err != nil {
			t.Fatal(err)
		}

		// Who may open a draft.
		_, _, err = f.svc.OpenDraft(f.anon, sc.ID)
		wantFault(t, "anonymous draft", err, fault.Unauthenticated)
		_, _, err = f.svc.OpenDraft(f.ent, sc.ID)
		wantFault(t, "enterprise draft", err, fault.Forbidden)
		_, d, err := f.svc.OpenDraft(f.ministry, sc.ID)
		if err != nil || d.No != 2 || d.Status != assessment.VersionDraft || d.Rev != 1 {
			t.Fatalf("draft = %+v, %v", d, err)
		}
		if diff := cmp.Diff(v1Body, d.Body); diff != "" {
			t.Fatalf("draft is not a copy: %s", diff)
		}
		if _, again, err := f.svc.OpenDraft(f.admin, sc.ID); err != nil || again.ID != d.ID {
			t.Fatalf("second open = %+v, %v", again, err)
		}
		// The public does not see the draft; a manager does.
		if _, vs, _ := f.svc.Versions(f.anon, sc.ID); len(vs) != 1 {
			t.Fatalf("public versions = %d", len(vs))
		}
		_, _, err = f.svc.Version(f.ent, sc.ID, d.ID)
		wantFault(t, "enterprise reads the draft", err, fault.NotFound)
		if _, vs, _ := f.svc.Versions(f.ministry, sc.ID); len(vs) != 2 {
			t.Fatalf("manager versions = %d", len(vs))
		}

		// Edit an item at rev 1; the same rev again is stale.
		it, _, _ := d.Body.Item("s1.1")
		changed := *it
		changed.Text.Vi = "Không còn vật dụng thừa tại khu vực làm việc"
		changed.AllowNA = true
		_, d2, err := f.svc.UpdateItem(f.ministry, sc.ID, 1, "s1.1", changed)
		if err != nil || d2.Rev != 2 {
			t.Fatalf("update item: %+v, %v", d2, err)
		}
		_, _, err = f.svc.UpdateItem(f.admin, sc.ID, 1, "s1.1", changed)
		wantFault(t, "stale rev", err, fault.Conflict)
		// A duplicate key and an empty text: field errors on the form's names.
		bad := changed
		bad.Key, bad.Text.Vi = "s1.2", ""
		_, _, err = f.svc.UpdateItem(f.ministry, sc.ID, 2, "s1.1", bad)
		if fs := fault.FieldsOf(err); fs["key"].Vi == "" {
			t.Errorf("duplicate key: %v", fs)
		}
		bad.Key = "s1.1"
		_, _, err = f.svc.UpdateItem(f.ministry, sc.ID, 2, "s1.1", bad)
		if fs := fault.FieldsOf(err); !strings.Contains(fs["text_vi"].Vi, "Mục 1 của phần 1") {
			t.Errorf("empty text: %v", fs)
		}
		// A bad scale: refused with a field error, nothing written.
		_, _, err = f.svc.SetScale(f.ministry, sc.ID, 2, assessment.Scale{Min: 4, Max: 0}, 0)
		if fs := fault.FieldsOf(err); !fault.Is(err, fault.Invalid) || fs["scale.max"].Vi == "" {
			t.Errorf("bad scale: %v %v", err, fs)
		}
		_, cur, _ := f.svc.Draft(f.ministry, sc.ID)
		if cur.Rev != 2 || cur.Body.Scale.Max != 4 {
			t.Fatalf("after refused edits: rev %d, scale %+v", cur.Rev, cur.Body.Scale)
		}
		// Add an item to a new section, then move and remove.
		if _, cur, err = f.svc.AddSection(f.ministry, sc.ID, cur.Rev, assessment.SectionInput{Key: "s6", Name: fault.Text{Vi: "An toàn", En: "Safety"}}); err != nil {
			t.Fatal(err)
		}
		// An empty section may be saved in a draft but not published.
		_, _, err = f.svc.PublishDraft(f.ministry, sc.ID, cur.Rev, "Thêm phần An toàn")
		if fs := fault.FieldsOf(err); fs["sections[5].items"].Vi == "" {
			t.Errorf("publish with an empty section: %v", fs)
		}
		if _, cur, err = f.svc.AddItem(f.ministry, sc.ID, cur.Rev, "s6", assessment.Item{Key: "s6.1", Text: fault.Text{Vi: "Lối thoát hiểm thông thoáng"}}); err != nil {
			t.Fatal(err)
		}
		if _, cur, err = f.svc.MoveSection(f.ministry, sc.ID, cur.Rev, "s6", -1); err != nil || cur.Body.Sections[4].Key != "s6" {
			t.Fatalf("move section: %v", err)
		}
		if _, cur, err = f.svc.RemoveItem(f.ministry, sc.ID, cur.Rev, "s1.6"); err != nil {
			t.Fatal(err)
		}
		// Publishing needs a note.
		_, _, err = f.svc.PublishDraft(f.ministry, sc.ID, cur.Rev, " ")
		if fault.FieldsOf(err)["note"].Vi == "" {
			t.Errorf("publish without a note: %v", err)
		}
		_, _, err = f.svc.PublishDraft(f.ent, sc.ID, cur.Rev, "x")
		wantFault(t, "enterprise publishes", err, fault.Forbidden)
		changes := assessment.Diff(&v1Body, &cur.Body)
		if len(changes) < 3 {
			t.Errorf("changes = %+v", changes)
		}
		sc2, v2, err := f.svc.PublishDraft(f.ministry, sc.ID, cur.Rev, "Thêm phần An toàn, bỏ tiêu chí s1.6")
		if err != nil || v2.Status != assessment.VersionPublished || sc2.Published != v2.ID || sc2.PublishedNo != 2 || sc2.DraftID != 0 {
			t.Fatalf("publish: %+v %+v, %v", sc2, v2, err)
		}
		// v1 is retired and unchanged: an assessment on it keeps its items.
		old, err := db.Assessment().FindVersion(context.Background(), v1.ID)
		if err != nil || old.Status != assessment.VersionRetired {
			t.Fatalf("v1 after publish = %+v, %v", old, err)
		}
		if diff := cmp.Diff(v1Body, old.Body); diff != "" {
			t.Fatalf("v1's body changed: %s", diff)
		}
		if _, _, ok := old.Body.Item("s1.6"); !ok {
			t.Fatal("v1 lost s1.6")
		}
		// The assessment keeps version 1: scored on it, s1.6 counts.
		gx, err := db.Assessment().FindAssessment(context.Background(), x.ID)
		if err != nil || gx.VersionID != v1.ID || gx.VersionNo != 1 {
			t.Fatalf("assessment after publish = %+v, %v", gx, err)
		}
		xv, _ := db.Assessment().FindVersion(context.Background(), gx.VersionID)
		r := assessment.Score(&xv.Body, map[string]assessment.Answer{"s1.6": {Value: 4}})
		if r.Items != v1Body.ItemCount() || r.Answered != 1 {
			t.Fatalf("scored on the assessment's version: %+v", r)
		}
		_, pub, err := f.svc.PublishedVersion(f.anon, sc.ID)
		if err != nil || pub.ID != v2.ID {
			t.Fatalf("published = %+v, %v", pub, err)
		}
		if _, _, ok := pub.Body.Item("s6.1"); !ok {
			t.Fatal("v2 lacks s6.1")
		}
		// Old versions stay readable by everyone.
		if _, got, err := f.svc.Version(f.anon, sc.ID, v1.ID); err != nil || got.No != 1 {
			t.Fatalf("public reads v1: %v", err)
		}

		// A draft is discarded at its rev.
		_, d3, err := f.svc.OpenDraft(f.ministry, sc.ID)
		if err != nil || d3.No != 3 {
			t.Fatalf("v3 draft = %+v, %v", d3, err)
		}
		wantFault(t, "stale discard", f.svc.DiscardDraft(f.ministry, sc.ID, d3.Rev+1), fault.Conflict)
		if err := f.svc.DiscardDraft(f.ministry, sc.ID, d3.Rev); err != nil {
			t.Fatal(err)
		}
		if s := f.scheme(t, "5s"); s.DraftID != 0 || s.Published != v2.ID {
			t.Fatalf("after discard = %+v", s)
		}

		// Archived: no longer listed for the public, not assessable, its
		// versions still readable by their address; back again.
		if _, err := f.svc.SetArchived(f.ministry, sc.ID, true); err != nil {
			t.Fatal(err)
		}
		if all, _ := f.svc.AllSchemes(f.anon); len(all) != 2 {
			t.Errorf("public list with an archived scheme = %d", len(all))
		}
		if all, _ := f.svc.AllSchemes(f.ministry); len(all) != 3 {
			t.Errorf("managers' list with an archived scheme = %d", len(all))
		}
		if _, got, err := f.svc.Version(f.ent, sc.ID, v1.ID); err != nil || got.No != 1 {
			t.Errorf("an assessed enterprise reads v1 of an archived scheme: %v", err)
		}
		_, _, err = f.svc.PublishedVersion(f.anon, sc.ID)
		wantFault(t, "assess on an archived scheme", err, fault.NotFound)
		if _, err := f.svc.Scheme(f.ministry, sc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetArchived(f.admin, sc.ID, false); err != nil {
			t.Fatal(err)
		}

		es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "assessment_scheme"})
		// open, update item, add section, add item, move, remove item, publish, open, discard, archive, unarchive
		if err != nil || len(es) != 11 {
			t.Errorf("audit entries = %d, %v", len(es), err)
		}
	})
}

// TestSchemes_CreateAndImport: a new scheme starts as a draft; its code is
// unique; its only draft cannot be discarded; a file imports as a new
// scheme or as the draft of an existing one (replacing a draft only when
// asked); a broken file saves nothing.
func TestSchemes_CreateAndImport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSchemeFixture(t, db)
		in := assessment.SchemeInput{Code: "5s-van-phong", Name: fault.Text{Vi: "5S cho văn phòng", En: "5S for offices"}, Kind: assessment.Kind5S,
			Tools: []string{"5s"}, ValidityMonths: 24}
		_, _, err := f.svc.CreateScheme(f.ent, in)
		wantFault(t, "enterprise creates", err, fault.Forbidden)
		sc, v, err := f.svc.CreateScheme(f.ministry, in)
		if err != nil || sc.DraftID != v.ID || sc.Published != 0 || v.No != 1 {
			t.Fatalf("create = %+v %+v, %v", sc, v, err)
		}
		dup := in
		dup.Code = "5S"
		_, _, err = f.svc.CreateScheme(f.ministry, dup)
		if fault.FieldsOf(err)["code"].Vi == "" {
			t.Errorf("duplicate code: %v", err)
		}
		bad := in
		bad.Code, bad.Name.Vi, bad.Kind, bad.ValidityMonths = "a b", "", "x", 500
		_, _, err = f.svc.CreateScheme(f.ministry, bad)
		if fs := fault.FieldsOf(err); len(fs) != 4 {
			t.Errorf("bad input: %v", fs)
		}
		// Not public until published.
		_, err = f.svc.Scheme(f.anon, sc.ID)
		wantFault(t, "public reads an unpublished scheme", err, fault.NotFound)
		wantFault(t, "discard the only draft", f.svc.DiscardDraft(f.ministry, sc.ID, v.Rev), fault.Conflict)
		_, ver, err := f.svc.SchemeVersioned(f.ministry, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, ver, err = f.svc.SetProperties(f.ministry, sc.ID, ver, assessment.SchemeInput{Name: fault.Text{Vi: "5S văn phòng"}, Kind: assessment.Kind5S, ValidityMonths: 12}); err != nil {
			t.Fatal(err)
		}
		d, _ := db.Assessment().FindVersion(context.Background(), v.ID)
		if s := f.scheme(t, "5s-van-phong"); s.Name.Vi != "5S văn phòng" || s.ValidityMonths != 12 || ver != 2 || d.Rev != v.Rev {
			t.Fatalf("properties = %+v version %d, draft rev %d → %d", s, ver, v.Rev, d.Rev)
		}

		// Export the tools scheme, import it as a new scheme under another code.
		tools := f.scheme(t, "kaizen-lean-tpm")
		file, err := f.svc.Export(f.anon, tools.ID, tools.Published)
		if err != nil {
			t.Fatal(err)
		}
		file.Scheme.Code = "lean-co-khi"
		var buf bytes.Buffer
		if err := assessment.EncodeXLSX(&buf, file); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Import(f.ent, buf.Bytes(), false)
		wantFault(t, "enterprise imports", err, fault.Forbidden)
		res, err := f.svc.Import(f.ministry, buf.Bytes(), false)
		if err != nil || !res.Created || res.Version.Status != assessment.VersionDraft || res.Version.Body.ItemCount() != file.Body.ItemCount() {
			t.Fatalf("import new = %+v, %v", res, err)
		}
		// Import into the shipped 5S scheme as its draft.
		five := f.scheme(t, "5s")
		file, _ = f.svc.Export(f.anon, five.ID, five.Published)
		file.Body.Sections[0].Items[0].Text.Vi = "Đã sửa qua tệp"
		buf.Reset()
		_ = assessment.EncodeJSON(&buf, file)
		res, err = f.svc.Import(f.ministry, buf.Bytes(), false)
		if err != nil || res.Created || res.Version.No != 2 || res.Version.Body.Sections[0].Items[0].Text.Vi != "Đã sửa qua tệp" {
			t.Fatalf("import as draft = %+v, %v", res, err)
		}
		// A second import needs "replace".
		_, err = f.svc.Import(f.ministry, buf.Bytes(), false)
		wantFault(t, "import over a draft", err, fault.Conflict)
		if res, err = f.svc.Import(f.ministry, buf.Bytes(), true); err != nil || res.Version.Rev != 2 {
			t.Fatalf("replace = %+v, %v", res, err)
		}
		// A broken file: every error listed, nothing saved.
		before, _ := db.Assessment().FindSchemes(context.Background())
		file.Scheme.Code = "moi-hoan-toan"
		file.Body.Scale = assessment.Scale{Min: 3, Max: 1}
		file.Body.Levels[0].MinPct = 120
		buf.Reset()
		_ = assessment.EncodeJSON(&buf, file)
		_, err = f.svc.Import(f.ministry, buf.Bytes(), false)
		if fs := fault.FieldsOf(err); len(fs) != 2 || fs["scale.max"].Vi == "" || fs["levels[0].min_pct"].Vi == "" {
			t.Errorf("broken import: %v", fs)
		}
		after, _ := db.Assessment().FindSchemes(context.Background())
		if len(after) != len(before) {
			t.Errorf("a broken import saved a scheme")
		}
	})
}
