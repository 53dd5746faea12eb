package directory_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

type env struct {
	db                   *sqldb.DB
	svc                  *directory.Service
	admin, expert, other *auth.Actor
}

func as(a *auth.Actor) context.Context {
	ctx := context.Background()
	if a != nil {
		ctx = audit.WithMeta(auth.WithActor(ctx, a), audit.Meta{ActorID: int64(a.UserID), ActorEmail: a.Email})
	}
	return ctx
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
	user := func(email string, role auth.Role) *auth.Actor {
		u := auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, Lang: "vi", PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(context.Background(), &u); err != nil {
			t.Fatal(err)
		}
		return &auth.Actor{UserID: u.ID, Email: email, Role: role}
	}
	e := &env{db: db, admin: user("admin@x.vn", auth.RoleAdmin), expert: user("cg@x.vn", auth.RoleExpert), other: user("cg2@x.vn", auth.RoleExpert)}
	e.svc = directory.NewService(db.Directory(), geo.MustLoad(), directory.WithClock(func() time.Time { return now }),
		directory.WithEnterprises(db.Directory()))
	return e
}

func validExpert() directory.Expert {
	return directory.Expert{Name: "  Lê  Văn Hùng ", Email: "Hung@Example.vn", IDNumber: "001 203 004 005", ProvinceCode: "01",
		Languages: []string{"vi, en"}, Capacity: 2, Tools: []directory.Expertise{{Tool: "5s", Level: 2}},
		Sectors: []string{"plastics", "other"}, Provinces: []string{"01", "24"},
		Credentials: []directory.Credential{{Title: "Chuyên gia 5S", Issuer: "VNPI", IssuedOn: "01/02/2020", ExpiresOn: "01/02/2023"}}}
}

func TestService_BadInput(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := as(e.admin)
		first, err := e.svc.CreateExpert(ctx, validExpert())
		if err != nil {
			t.Fatal(err)
		}
		if first.Name != "Lê Văn Hùng" || first.Email != "hung@example.vn" || first.IDNumber != "001203004005" ||
			first.Credentials[0].IssuedOn != "2020-02-01" || len(first.Languages) != 2 {
			t.Fatalf("normalised = %+v", first)
		}
		if !first.Credentials[0].Expired(e.svc.Today()) {
			t.Fatal("a credential that expired in 2023 is not shown as expired")
		}
		cases := []struct {
			name  string
			edit  func(x *directory.Expert)
			kind  fault.Kind
			field string
			code  directory.Code
		}{
			{"duplicate email", func(x *directory.Expert) { x.IDNumber = ""; x.Email = "HUNG@example.vn" }, fault.Conflict, "email", directory.CodeDuplicateEmail},
			{"duplicate ID number", func(x *directory.Expert) { x.Email = "new@example.vn" }, fault.Conflict, "id_number", directory.CodeDuplicateIDNumber},
			{"ID number not 12 digits", func(x *directory.Expert) { x.Email = ""; x.IDNumber = "12345678901" }, fault.Invalid, "id_number", directory.CodeIDNumberInvalid},
			{"ID number letters", func(x *directory.Expert) { x.Email = ""; x.IDNumber = "00120300400A" }, fault.Invalid, "id_number", directory.CodeIDNumberInvalid},
			{"email", func(x *directory.Expert) { x.Email = "not an email"; x.IDNumber = "" }, fault.Invalid, "email", directory.CodeEmailInvalid},
			{"expiry before issue", func(x *directory.Expert) {
				x.Email, x.IDNumber = "", ""
				x.Credentials = []directory.Credential{{Title: "ISO 9001", IssuedOn: "2024-05-01", ExpiresOn: "2024-04-30"}}
			}, fault.Invalid, "credentials", directory.CodeExpiryBeforeIssue},
			{"empty name", func(x *directory.Expert) { x.Email, x.IDNumber, x.Name = "", "", "  " }, fault.Invalid, "name", directory.CodeNameEmpty},
			{"unknown tool", func(x *directory.Expert) {
				x.Email, x.IDNumber = "", ""
				x.Tools = []directory.Expertise{{Tool: "astrology", Level: 1}}
			}, fault.Invalid, "tools", directory.CodeToolUnknown},
			{"bad level", func(x *directory.Expert) {
				x.Email, x.IDNumber = "", ""
				x.Tools = []directory.Expertise{{Tool: "5s", Level: 4}}
			}, fault.Invalid, "tools", directory.CodeLevelInvalid},
			{"unknown province", func(x *directory.Expert) { x.Email, x.IDNumber = "", ""; x.Provinces = []string{"99"} }, fault.Invalid, "provinces", directory.CodeProvinceUnknown},
			{"unknown sector", func(x *directory.Expert) { x.Email, x.IDNumber = "", ""; x.Sectors = []string{"banking"} }, fault.Invalid, "sectors", directory.CodeSectorUnknown},
		}
		for _, c := range cases {
			in := validExpert()
			c.edit(&in)
			_, err := e.svc.CreateExpert(ctx, in)
			if fault.KindOf(err) != c.kind {
				t.Errorf("%s: %v, want kind %v", c.name, err, c.kind)
				continue
			}
			if _, ok := fault.FieldsOf(err)[c.field]; !ok {
				t.Errorf("%s: no message for field %s: %v", c.name, c.field, fault.FieldsOf(err))
			}
			ps := directory.ProblemsOf(err)
			if len(ps) == 0 || ps[0].Code != c.code {
				t.Errorf("%s: problems %v, want %s", c.name, ps, c.code)
			}
			if c.kind == fault.Conflict {
				d := directory.DuplicateOf(err)
				if d == nil || d.Existing != first.ID {
					t.Errorf("%s: duplicate points to %+v, want %d", c.name, d, first.ID)
				}
				if msg := fault.MessageOf(err).Vi; !strings.Contains(msg, directory.ExpertURL(first.ID)) {
					t.Errorf("%s: message %q has no link to %s", c.name, msg, directory.ExpertURL(first.ID))
				}
			}
		}
		// Not allowed: an expert creating another expert; anonymous.
		if _, err := e.svc.CreateExpert(as(e.expert), validExpert()); !fault.Is(err, fault.Forbidden) {
			t.Errorf("expert creates: %v", err)
		}
		if _, err := e.svc.CreateExpert(as(nil), validExpert()); !fault.Is(err, fault.Unauthenticated) {
			t.Errorf("anonymous creates: %v", err)
		}
	})
}

func TestService_Organisations(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := as(e.admin)
		lab := directory.Organisation{Kind: directory.OrgTestingLab, Name: "Phòng thử nghiệm Vật liệu", VILAS: " vilas   357 ",
			ValidFrom: "01/01/2024", ValidTo: "31/12/2028"}
		o, err := e.svc.CreateOrganisation(ctx, lab)
		if err != nil {
			t.Fatal(err)
		}
		if o.VILAS != "VILAS 357" || o.ValidTo != "2028-12-31" || !o.AccreditationValid("2026-05-04") {
			t.Fatalf("organisation = %+v", o)
		}
		for _, c := range []struct {
			name string
			edit func(o *directory.Organisation)
			code directory.Code
		}{
			{"invalid VILAS", func(o *directory.Organisation) { o.VILAS = "VILAS 12345" }, directory.CodeVILASInvalid},
			{"VILAS letters", func(o *directory.Organisation) { o.VILAS = "VLAS 35" }, directory.CodeVILASInvalid},
			{"lab without VILAS", func(o *directory.Organisation) { o.VILAS = "" }, directory.CodeVILASMissing},
			{"validity order", func(o *directory.Organisation) { o.ValidFrom, o.ValidTo = "2025-01-01", "2024-01-01" }, directory.CodeValidityOrder},
			{"tax code", func(o *directory.Organisation) { o.TaxCode = "0101234568" }, directory.CodeTaxCodeInvalid},
			{"kind", func(o *directory.Organisation) { o.Kind = "bank" }, directory.CodeOrgKindUnknown},
		} {
			in := lab
			c.edit(&in)
			_, err := e.svc.CreateOrganisation(ctx, in)
			if ps := directory.ProblemsOf(err); !fault.Is(err, fault.Invalid) || len(ps) == 0 || ps[0].Code != c.code {
				t.Errorf("%s: %v (%v), want %s", c.name, err, ps, c.code)
			}
		}
		// A tax code of a registry enterprise links the organisation to it.
		now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		ent := &registry.Enterprise{TaxCode: "0314409058", Name: "Công ty Cổ phần Chứng nhận Thử", ProvinceCode: "01", CreatedAt: now, UpdatedAt: now}
		if err := db.Registry().CreateEnterprises(context.Background(), []*registry.Enterprise{ent}); err != nil {
			t.Fatal(err)
		}
		cert, err := e.svc.CreateOrganisation(ctx, directory.Organisation{Kind: directory.OrgCertification, Name: "Trung tâm Chứng nhận Thử", TaxCode: "03 1440 9058"})
		if err != nil || cert.TaxCode != "0314409058" || cert.EnterpriseID != int64(ent.ID) {
			t.Fatalf("organisation with a registry tax code = %+v, %v (enterprise %d)", cert, err, ent.ID)
		}
		if med, ok := directory.ParseVILAS("vilas med 012"); !ok || med != "VILAS Med 012" {
			t.Errorf("ParseVILAS(med) = %q, %v", med, ok)
		}
		if _, err := e.svc.CreateOrganisation(as(e.expert), lab); !fault.Is(err, fault.Forbidden) {
			t.Errorf("expert creates organisation: %v", err)
		}
	})
}

func TestService_OwnProfileConsentsAndDeletion(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		me := as(e.expert)
		if _, err := e.svc.MyProfile(me); !fault.Is(err, fault.NotFound) {
			t.Fatalf("no profile yet: %v", err)
		}
		in := validExpert()
		in.Email = ""
		p, err := e.svc.SaveMyProfile(me, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.UserID != e.expert.UserID || p.Email != "cg@x.vn" || len(p.Consents) != 0 {
			t.Fatalf("created %+v", p)
		}
		// Silence is not consent: not listed, not public.
		if _, _, err := e.svc.Expert(as(nil), p.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("anonymous sees an unconsented profile: %v", err)
		}
		if _, n, _ := e.svc.SearchExperts(as(nil), directory.ExpertFilter{Query: "hung"}); n != 0 {
			t.Fatalf("unconsented expert listed (%d)", n)
		}
		// Another expert may not edit it.
		if _, err := e.svc.UpdateExpert(as(e.other), p.ID, in); !fault.Is(err, fault.NotFound) {
			t.Fatalf("other expert edits: %v", err)
		}
		p, err = e.svc.SetConsents(me, []directory.Purpose{directory.PurposeListing, directory.PurposeMatching},
			[]directory.PublicField{directory.FieldBio, directory.FieldEmail})
		if err != nil {
			t.Fatal(err)
		}
		pub, full, err := e.svc.Expert(as(nil), p.ID)
		if err != nil || full || pub.IDNumber != "" || pub.Email != "" || len(pub.Credentials) != 0 {
			t.Fatalf("public view = %+v, %v, %v (email needs the contact consent)", pub, full, err)
		}
		if _, n, _ := e.svc.SearchExperts(as(nil), directory.ExpertFilter{Query: "HÙNG"}); n != 1 {
			t.Fatalf("consented expert not found by folded search (%d)", n)
		}
		p, err = e.svc.SetConsents(me, []directory.Purpose{directory.PurposeListing, directory.PurposeContact}, []directory.PublicField{directory.FieldEmail})
		if err != nil {
			t.Fatal(err)
		}
		if pub, _, _ := e.svc.Expert(as(nil), p.ID); pub.Email != "cg@x.vn" {
			t.Fatalf("email not shown with contact consent: %+v", pub)
		}
		hist, err := e.svc.ConsentHistory(me, p.ID)
		if err != nil || len(hist) != 4 { // listing+, matching+, matching−, contact+
			t.Fatalf("history %+v, %v", hist, err)
		}
		for _, h := range hist {
			if h.FormVersion != directory.ConsentFormVersion {
				t.Fatalf("event without form version: %+v", h)
			}
		}
		data, err := e.svc.ExportMyData(me)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(data)
		if !strings.Contains(string(b), `"id_number":"001203004005"`) || !strings.Contains(string(b), `"consent_history"`) {
			t.Fatalf("export lacks data: %s", b)
		}
		if _, err := db.WriteDB().ExecContext(context.Background(), `UPDATE experts SET engagements_completed = 3, rating_sum = 14, rating_count = 3 WHERE id = $1`, int64(p.ID)); err != nil {
			t.Fatal(err)
		}
		r, err := e.svc.RequestDeletion(me, "Tôi nghỉ hưu")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RequestDeletion(me, ""); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second request: %v", err)
		}
		if _, err := e.svc.CarryOut(me, r.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("expert carries out: %v", err)
		}
		rs, n, err := e.svc.PrivacyRequests(as(e.admin), 0, 10)
		if err != nil || n != 1 || rs[0].Status != directory.RequestPending {
			t.Fatalf("admin list %+v %d %v", rs, n, err)
		}
		if _, err := e.svc.CarryOut(as(e.admin), r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CarryOut(as(e.admin), r.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("twice: %v", err)
		}
		anon, _, err := e.svc.Expert(as(e.admin), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if anon.Name != directory.AnonymisedName(p.ID) || anon.Email != "" || anon.IDNumber != "" || anon.Bio != "" ||
			len(anon.Credentials) != 0 || len(anon.Consents) != 0 || anon.Status != directory.StatusAnonymised || anon.UserID != 0 {
			t.Fatalf("anonymised = %+v", anon)
		}
		if len(anon.Tools) != 1 || len(anon.Provinces) != 2 || anon.EngagementsCompleted != 3 || anon.RatingCount != 3 {
			t.Fatalf("statistics lost: %+v", anon)
		}
		if _, _, err := e.svc.Expert(as(nil), p.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("anonymised still public: %v", err)
		}
		if _, err := e.svc.MyProfile(me); !fault.Is(err, fault.NotFound) {
			t.Fatalf("account still linked: %v", err)
		}
		entries, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "expert", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]bool{}
		for _, en := range entries {
			actions[en.Action] = true
			if strings.Contains(en.After, "001203004005") || strings.Contains(en.Before, "001203004005") {
				t.Fatalf("audit keeps the ID number: %+v", en)
			}
		}
		for _, a := range []string{"expert.create", "expert.consents", "expert.export", "expert.anonymise"} {
			if !actions[a] {
				t.Errorf("no audit entry %s (have %v)", a, actions)
			}
		}
	})
}
