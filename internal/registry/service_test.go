package registry_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

type linker struct{ links map[auth.UserID]int64 }

func (l *linker) LinkEnterprise(_ context.Context, u auth.UserID, e int64) error {
	l.links[u] = e
	return nil
}

type env struct {
	t    *testing.T
	db   *sqldb.DB
	svc  *registry.Service
	link *linker
	now  time.Time
	// users (rows in users, so that claims can reference them)
	admin, ministry, prov01, prov79, ent, claimant, expert *auth.Actor
}

func as(a *auth.Actor) context.Context {
	ctx := context.Background()
	if a != nil {
		ctx = audit.WithMeta(auth.WithActor(ctx, a), audit.Meta{ActorID: int64(a.UserID), ActorEmail: a.Email})
	}
	return ctx
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	e := &env{t: t, db: db, link: &linker{links: map[auth.UserID]int64{}}, now: time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)}
	e.svc = registry.NewService(db.Registry(), registry.WithClock(func() time.Time { return e.now }), registry.WithAccountLinker(e.link))
	// A first enterprise for the enterprise user.
	home := &registry.Enterprise{TaxCode: "0100109106", Name: "Công ty Nhựa An Phát", ProvinceCode: "01", VSIC: "2220", VSICEdition: 2025}
	home.Derive()
	if err := db.Registry().CreateEnterprises(context.Background(), []*registry.Enterprise{home}); err != nil {
		t.Fatal(err)
	}
	mk := func(email string, role auth.Role, prov string, ent int64) *auth.Actor {
		u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: ent,
			Lang: "vi", PasswordChangedAt: e.now, CreatedAt: e.now, UpdatedAt: e.now}
		if err := db.Auth().CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	e.admin = mk("admin@x.vn", auth.RoleAdmin, "", 0)
	e.ministry = mk("bo@x.vn", auth.RoleMinistry, "", 0)
	e.prov01 = mk("so01@x.vn", auth.RoleProvince, "01", 0)
	e.prov79 = mk("so79@x.vn", auth.RoleProvince, "79", 0)
	e.ent = mk("dn@x.vn", auth.RoleEnterprise, "", int64(home.ID))
	e.claimant = mk("dn2@x.vn", auth.RoleEnterprise, "", int64(home.ID))
	e.expert = mk("cg@x.vn", auth.RoleExpert, "", 0)
	return e
}

func (e *env) create(a *auth.Actor, in registry.Enterprise) *registry.Enterprise {
	e.t.Helper()
	out, err := e.svc.CreateEnterprise(as(a), in)
	if err != nil {
		e.t.Fatalf("CreateEnterprise(%s): %v", in.TaxCode, err)
	}
	return out
}

func codes(err error) []registry.Code {
	var cs []registry.Code
	for _, p := range registry.ProblemsOf(err) {
		cs = append(cs, p.Code)
	}
	return cs
}

func TestService_CreateAndValidate(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		got := e.create(e.prov79, registry.Enterprise{TaxCode: "0314409058", Name: "  Công ty Thép Sài Gòn ", ProvinceCode: "tp hcm",
			VSIC: "24100", VSICEdition: 2025, Ownership: registry.OwnershipPrivate, FoundedOn: "15/03/2010",
			Contact: registry.Contact{Email: "LienHe@ThepSG.vn", Website: "thepsg.vn"}})
		if got.Name != "Công ty Thép Sài Gòn" || got.ProvinceCode != "79" || got.Industry != registry.IndustrySteel ||
			got.Section != "C" || got.FoundedOn != "2010-03-15" || got.Contact.Email != "lienhe@thepsg.vn" ||
			got.Contact.Website != "https://thepsg.vn" || got.Status != registry.StatusActive {
			t.Errorf("created %+v", got)
		}
		// A branch links to its head office.
		br := e.create(e.prov79, registry.Enterprise{TaxCode: "0314409058 - 002", Name: "Chi nhánh Thép Sài Gòn", ProvinceCode: "79"})
		if br.TaxCode != "0314409058-002" || br.ParentID != got.ID {
			t.Errorf("branch %s parent %d, want %d", br.TaxCode, br.ParentID, got.ID)
		}
		// A branch registered before its head office is adopted by it.
		orphan := e.create(e.ministry, registry.Enterprise{TaxCode: "0312687878-001", Name: "Chi nhánh B", ProvinceCode: "48"})
		head := e.create(e.ministry, registry.Enterprise{TaxCode: "0312687878", Name: "Công ty B", ProvinceCode: "48"})
		if o, _ := e.svc.FindEnterpriseByID(as(e.ministry), orphan.ID); o.ParentID != head.ID {
			t.Errorf("orphan branch parent %d, want %d", o.ParentID, head.ID)
		}
		for _, tc := range []struct {
			name string
			in   registry.Enterprise
			want []registry.Code
		}{
			{"Duplicate", registry.Enterprise{TaxCode: "03.1440.9058", Name: "X", ProvinceCode: "79"}, []registry.Code{registry.CodeDuplicateTaxCode}},
			{"Checksum", registry.Enterprise{TaxCode: "0100233480", Name: "X", ProvinceCode: "79"}, []registry.Code{registry.CodeTaxCodeChecksum}},
			{"Many", registry.Enterprise{TaxCode: "12345", Name: " ", ProvinceCode: "Hà Tây", VSIC: "4511", VSICEdition: 2025,
				FoundedOn: "31/02/2020", Contact: registry.Contact{Email: "a@b"}},
				[]registry.Code{registry.CodeTaxCodeLength, registry.CodeNameEmpty, registry.CodeProvinceUnknown, registry.CodeVSICUnknown,
					registry.CodeDateInvalid, registry.CodeEmailInvalid}},
			{"TooLong", registry.Enterprise{TaxCode: "0300588569", Name: strings.Repeat("ả", 501), ProvinceCode: "79", FoundedOn: "2027-01-01"},
				[]registry.Code{registry.CodeNameTooLong, registry.CodeDateInvalid}},
		} {
			_, err := e.svc.CreateEnterprise(as(e.ministry), tc.in)
			if !fault.Is(err, fault.Invalid) || strings.Join(toStrings(codes(err)), ",") != strings.Join(toStrings(tc.want), ",") {
				t.Errorf("%s: %v codes %v, want %v", tc.name, err, codes(err), tc.want)
			}
		}
		// Audit and history in the same transaction.
		entries, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{Action: "enterprise."})
		if err != nil || len(entries) < 4 {
			t.Fatalf("audit entries %d, %v", len(entries), err)
		}
		h, n, err := e.svc.FindHistory(as(e.prov79), got.ID, 0, 10)
		if err != nil || n != 1 || h[0].Action != "enterprise.create" || h[0].ActorEmail != "so79@x.vn" {
			t.Fatalf("history %+v %d %v", h, n, err)
		}
	})
}

func toStrings(cs []registry.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// TestService_Authorization runs every use case as every role.
func TestService_Authorization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		hcm := e.create(e.admin, registry.Enterprise{TaxCode: "0314409058", Name: "Công ty Điện tử Sông Công", ProvinceCode: "79", VSIC: "2610"})
		own := registry.EnterpriseID(e.ent.EnterpriseID) // in province 01
		public := &auth.Actor{}
		type result = error
		roles := []struct {
			name string
			a    *auth.Actor
		}{{"admin", e.admin}, {"ministry", e.ministry}, {"prov01", e.prov01}, {"prov79", e.prov79}, {"enterprise", e.ent},
			{"expert", e.expert}, {"public", public}}
		ok, nf, fb, un := fault.Kind(-1), fault.NotFound, fault.Forbidden, fault.Unauthenticated
		cases := []struct {
			name string
			call func(ctx context.Context) error
			want map[string]fault.Kind // by role name
		}{
			{"ViewOwnProvince01", func(ctx context.Context) error { _, err := e.svc.FindEnterpriseByID(ctx, own); return err },
				map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": nf, "enterprise": ok, "expert": nf, "public": un}},
			{"View79", func(ctx context.Context) error { _, err := e.svc.FindEnterpriseByID(ctx, hcm.ID); return err },
				map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": nf, "prov79": ok, "enterprise": nf, "expert": nf, "public": un}},
			{"Figures79", func(ctx context.Context) error { _, err := e.svc.FindFigures(ctx, hcm.ID); return err },
				map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": nf, "prov79": ok, "enterprise": nf, "expert": nf, "public": un}},
			{"EditProfileOwn", func(ctx context.Context) error {
				n := "Công ty Nhựa An Phát Mới"
				_, err := e.svc.UpdateEnterprise(ctx, own, registry.EnterpriseUpdate{Name: &n})
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": nf, "enterprise": ok, "expert": nf, "public": un}},
			{"EditOfficerOnlyOwn", func(ctx context.Context) error {
				st := registry.StatusActive
				_, err := e.svc.UpdateEnterprise(ctx, own, registry.EnterpriseUpdate{Status: &st})
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": nf, "enterprise": fb, "expert": nf, "public": un}},
			{"JudgeOwn", func(ctx context.Context) error {
				_, err := e.svc.SetJudgement(ctx, own, registry.JudgementInput{Replicable: bp(true)})
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": nf, "enterprise": fb, "expert": nf, "public": un}},
			{"PutFiguresOwn", func(ctx context.Context) error {
				_, err := e.svc.PutFigures(ctx, own, registry.Figures{Year: 2025, Employees: i64(20), Revenue: i64(10 * bn)})
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": nf, "enterprise": ok, "expert": nf, "public": un}},
			{"AddActivity79", func(ctx context.Context) error {
				_, err := e.svc.AddActivity(ctx, hcm.ID, registry.Activity{Year: 2024, Title: "5S", Tool: "5S"})
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": nf, "prov79": ok, "enterprise": nf, "expert": nf, "public": un}},
			{"Create79", func(ctx context.Context) error {
				_, err := e.svc.CreateEnterprise(ctx, registry.Enterprise{TaxCode: "0300588569", Name: "Công ty Mới", ProvinceCode: "79"})
				if err == nil {
					// undo for the next role: make the code free again by changing it
					return nil
				}
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": invalidAfterFirst, "prov01": fb, "prov79": invalidAfterFirst, "enterprise": fb, "expert": fb, "public": un}},
			{"Eligibility79", func(ctx context.Context) error {
				_, err := e.svc.Eligibility(ctx, hcm.ID, registry.TrackBreadth, 40, e.now)
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": nf, "prov79": ok, "enterprise": nf, "expert": nf, "public": un}},
			{"Search", func(ctx context.Context) error { _, err := e.svc.SearchEnterprises(ctx, registry.Filter{}); return err },
				map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": ok, "enterprise": ok, "expert": fb, "public": un}},
			{"SetSetting", func(ctx context.Context) error {
				_, err := e.svc.SetSetting(ctx, registry.SettingBreadth, json.RawMessage(`{"require_sme":true,"min_counterpart_pct":30,"max_counterpart_pct":50}`), "2026-07-01", "")
				return err
			}, map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": fb, "prov79": fb, "enterprise": fb, "expert": fb, "public": un}},
			{"Claim", func(ctx context.Context) error { _, err := e.svc.ClaimEnterprise(ctx, "0314409058", ""); return err },
				map[string]fault.Kind{"admin": fb, "ministry": fb, "prov01": fb, "prov79": fb, "enterprise": ok, "expert": fb, "public": un}},
			{"PublicView", func(ctx context.Context) error { _, err := e.svc.PublicEnterprise(ctx, hcm.ID); return err },
				map[string]fault.Kind{"admin": ok, "ministry": ok, "prov01": ok, "prov79": ok, "enterprise": ok, "expert": ok, "public": ok}},
		}
		for _, c := range cases {
			for _, r := range roles {
				want := c.want[r.name]
				err := c.call(as(r.a))
				switch {
				case want == invalidAfterFirst:
					if err != nil && !fault.Is(err, fault.Invalid) {
						t.Errorf("%s as %s: %v, want ok or a duplicate", c.name, r.name, err)
					}
				case want == ok && err != nil:
					t.Errorf("%s as %s: %v, want ok", c.name, r.name, err)
				case want != ok && !fault.Is(err, want):
					t.Errorf("%s as %s: %v (%v), want %v", c.name, r.name, err, fault.KindOf(err), want)
				}
			}
		}
		// Enterprise users see only their own in lists; provincial officers their province.
		for _, tc := range []struct {
			a    *auth.Actor
			want int
		}{{e.ent, 1}, {e.prov01, 1}, {e.prov79, 2}, {e.ministry, 3}} {
			_, total, err := e.svc.FindEnterprises(as(tc.a), registry.Filter{})
			if err != nil || total != tc.want {
				t.Errorf("FindEnterprises as %s: %d, %v; want %d", tc.a.Email, total, err, tc.want)
			}
		}
		// The officer-only message names the fields.
		st := registry.StatusDissolved
		_, err := e.svc.UpdateEnterprise(as(e.ent), own, registry.EnterpriseUpdate{Status: &st})
		if m := fault.MessageOf(err); !strings.Contains(m.Vi, "status") || !strings.Contains(m.En, "Only officers") {
			t.Errorf("officer-only message %+v", m)
		}
		_ = result(nil)
	})
}

const invalidAfterFirst = fault.Kind(-2)

func TestService_FiguresEligibilityAndSettings(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		id := registry.EnterpriseID(e.ent.EnterpriseID) // plastics, province 01
		ctx := as(e.ent)
		ms, err := e.svc.PutFigures(ctx, id, registry.Figures{Year: 2024, Employees: i64(80), Revenue: i64(40 * bn), ValueAdded: i64(8 * bn)})
		if err != nil || len(ms) != 1 || ms[0].SizeClass != registry.SizeSmall {
			t.Fatalf("PutFigures: %+v %v", ms, err)
		}
		if _, err := e.svc.PutFigures(ctx, id, registry.Figures{Year: 2024, Employees: i64(-1)}); !fault.Is(err, fault.Invalid) ||
			codes(err)[0] != registry.CodeEmployeesNegative {
			t.Fatalf("negative employees: %v", err)
		}
		if _, err := e.svc.DeleteFigures(ctx, id, 2019); !fault.Is(err, fault.NotFound) {
			t.Errorf("delete a year without figures: %v", err)
		}
		got, _ := e.svc.FindEnterpriseByID(ctx, id)
		if got.LatestYear != 2024 || got.SizeClass != registry.SizeSmall || got.Employees != 80 {
			t.Errorf("denormalised %d %s %d", got.LatestYear, got.SizeClass, got.Employees)
		}
		el, err := e.svc.Eligibility(ctx, id, registry.TrackBreadth, 40, e.now)
		if err != nil || !el.Eligible {
			t.Fatalf("breadth: %+v %v", el, err)
		}
		if want := "Đủ điều kiện chiều rộng: doanh nghiệp nhỏ ngành nhựa; vốn đối ứng 40% trong khoảng 30–50%"; el.Reasons[0].Vi != want {
			t.Errorf("reason %q", el.Reasons[0].Vi)
		}
		// The ministry narrows the breadth share from 1 July 2026: the old rule governs earlier dates.
		if _, err := e.svc.SetSetting(as(e.ministry), registry.SettingBreadth,
			json.RawMessage(`{"require_sme":true,"min_counterpart_pct":45,"max_counterpart_pct":50}`), "01/07/2026", "QĐ thử"); err != nil {
			t.Fatal(err)
		}
		if el, _ := e.svc.Eligibility(ctx, id, registry.TrackBreadth, 40, time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)); !el.Eligible {
			t.Errorf("30/6/2026 should use the old rule: %+v", el.Reasons)
		}
		if el, _ := e.svc.Eligibility(ctx, id, registry.TrackBreadth, 40, time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)); el.Eligible {
			t.Errorf("1/7/2026 should use the new rule: %+v", el.Reasons)
		}
		if _, err := e.svc.SetSetting(as(e.ministry), registry.SettingBreadth, json.RawMessage(`{"min_counterpart_pct":"x"}`), "2026-07-01", ""); !fault.Is(err, fault.Invalid) {
			t.Errorf("bad setting: %v", err)
		}
		// Depth: needs 3 years of activities and the officer's judgement.
		for _, y := range []int{2022, 2023} {
			if _, err := e.svc.AddActivity(ctx, id, registry.Activity{Year: y, Title: "Áp dụng 5S", Tool: "5S"}); err != nil {
				t.Fatal(err)
			}
		}
		el, _ = e.svc.Eligibility(ctx, id, registry.TrackDepth, 60, e.now)
		if el.Eligible {
			t.Errorf("depth with 2 years: %+v", el.Reasons)
		}
		if _, err := e.svc.AddActivity(ctx, id, registry.Activity{Year: 2024, Title: "Kaizen", Tool: "Kaizen"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetJudgement(as(e.prov01), id, registry.JudgementInput{SectorSpecific: bp(true), Replicable: bp(true)}); err != nil {
			t.Fatal(err)
		}
		el, _ = e.svc.Eligibility(ctx, id, registry.TrackDepth, 60, e.now)
		if !el.Eligible {
			t.Errorf("depth: %+v", el.Reasons)
		}
		j, _ := e.svc.FindEnterpriseByID(ctx, id)
		if j.Judgement.By != e.prov01.UserID || j.Judgement.At == nil {
			t.Errorf("judgement who/when: %+v", j.Judgement)
		}
		h, n, _ := e.svc.FindHistory(ctx, id, 0, 50)
		if n < 5 || h[0].Action != "enterprise.judge" {
			t.Errorf("history %d, first %+v", n, h[0])
		}
	})
}

func TestService_Claims(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		hcm := e.create(e.admin, registry.Enterprise{TaxCode: "0314409058", Name: "Công ty Điện tử Sông Công", ProvinceCode: "79"})
		c, err := e.svc.ClaimEnterprise(as(e.claimant), "0314 409 058", "Tôi là giám đốc")
		if err != nil || c.Status != registry.ClaimPending || c.ProvinceCode != "79" {
			t.Fatalf("claim %+v %v", c, err)
		}
		if _, err := e.svc.ClaimEnterprise(as(e.claimant), "0314409058", ""); codes(err) == nil || codes(err)[0] != registry.CodeClaimDuplicate {
			t.Errorf("second claim: %v", err)
		}
		if _, err := e.svc.ClaimEnterprise(as(e.claimant), "0300588569", ""); !fault.Is(err, fault.NotFound) {
			t.Errorf("claim unknown firm: %v", err)
		}
		if cs, n, _ := e.svc.FindClaims(as(e.prov01), registry.ClaimFilter{}); n != 0 || len(cs) != 0 {
			t.Errorf("province 01 sees %d claims", n)
		}
		if _, n, _ := e.svc.FindClaims(as(e.claimant), registry.ClaimFilter{}); n != 1 {
			t.Errorf("claimant sees %d claims", n)
		}
		if _, err := e.svc.DecideClaim(as(e.claimant), c.ID, false, ""); !fault.Is(err, fault.Forbidden) {
			t.Errorf("claimant decides: %v", err)
		}
		if _, err := e.svc.DecideClaim(as(e.prov01), c.ID, true, ""); !fault.Is(err, fault.NotFound) {
			t.Errorf("other province decides: %v", err)
		}
		if _, err := e.svc.DecideClaim(as(e.prov79), c.ID, false, " "); codes(err) == nil || codes(err)[0] != registry.CodeReasonEmpty {
			t.Errorf("reject without reason: %v", err)
		}
		got, err := e.svc.DecideClaim(as(e.prov79), c.ID, true, "")
		if err != nil || got.Status != registry.ClaimApproved || got.DecidedBy != e.prov79.UserID {
			t.Fatalf("approve: %+v %v", got, err)
		}
		if e.link.links[e.claimant.UserID] != int64(hcm.ID) {
			t.Errorf("links %v", e.link.links)
		}
		if _, err := e.svc.DecideClaim(as(e.prov79), c.ID, false, "muộn"); !fault.Is(err, fault.Conflict) {
			t.Errorf("decide twice: %v", err)
		}
	})
}

func TestService_SearchAndPublic(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mk := func(tax, name, prov, vsic string, own registry.Ownership, pub ...registry.PublicField) *registry.Enterprise {
			return e.create(e.admin, registry.Enterprise{TaxCode: tax, Name: name, ProvinceCode: prov, VSIC: vsic, Ownership: own,
				Address: "Số 1 Lê Lợi", Contact: registry.Contact{Email: "a@b.vn"}, Public: pub})
		}
		mk("0314409058", "Công ty Cổ phần Nhựa Đông Á", "79", "2220", registry.OwnershipPrivate, registry.PublicAddress)
		mk("0312687878", "Công ty TNHH Thép An Phát", "79", "2410", registry.OwnershipForeign)
		mk("0300588569", "Hợp tác xã Dệt An Phú", "75", "1311", registry.OwnershipCooperative)
		ctx := as(e.ministry)
		for _, tc := range []struct {
			name string
			f    registry.Filter
			want []string
		}{
			{"WordsAnyOrderPrefix", registry.Filter{Query: "nhua an"}, []string{"Công ty Nhựa An Phát"}},
			{"AnPrefix", registry.Filter{Query: "an ph"}, []string{"Công ty Nhựa An Phát", "Công ty TNHH Thép An Phát", "Hợp tác xã Dệt An Phú"}},
			{"Reversed", registry.Filter{Query: "PHÁT  ân"}, []string{"Công ty Nhựa An Phát", "Công ty TNHH Thép An Phát"}},
			{"WithProvince", registry.Filter{Query: "an ph", ProvinceCode: "79"}, []string{"Công ty TNHH Thép An Phát"}},
			{"Industry", registry.Filter{Industry: ptr(registry.IndustryPlastics)}, []string{"Công ty Cổ phần Nhựa Đông Á", "Công ty Nhựa An Phát"}},
			{"IndustryAndWords", registry.Filter{Query: "dong", Industry: ptr(registry.IndustryPlastics)}, []string{"Công ty Cổ phần Nhựa Đông Á"}},
			{"VSICPrefix", registry.Filter{VSICPrefix: "24"}, []string{"Công ty TNHH Thép An Phát"}},
			{"Ownership", registry.Filter{Ownership: ptr(registry.OwnershipCooperative)}, []string{"Hợp tác xã Dệt An Phú"}},
			{"TaxCode", registry.Filter{TaxCode: "0312.687.878"}, []string{"Công ty TNHH Thép An Phát"}},
			{"TaxPrefix", registry.Filter{Query: "0314"}, []string{"Công ty Cổ phần Nhựa Đông Á"}},
			{"SizeUnknown", registry.Filter{SizeClass: ptr(registry.SizeUnknown), ProvinceCode: "75"}, []string{"Hợp tác xã Dệt An Phú"}},
		} {
			p, err := e.svc.SearchEnterprises(ctx, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var names []string
			for _, x := range p.Enterprises {
				names = append(names, x.Name)
			}
			if strings.Join(names, "|") != strings.Join(tc.want, "|") || p.Total != len(tc.want) {
				t.Errorf("%s: %v (total %d), want %v", tc.name, names, p.Total, tc.want)
			}
		}
		p, err := e.svc.SearchEnterprises(ctx, registry.Filter{Facets: true, Limit: 1})
		if err != nil || p.Total != 4 || len(p.Enterprises) != 1 || p.Facets.Province["79"] != 2 || p.Facets.Industry[registry.IndustryPlastics] != 2 ||
			p.Facets.Ownership[registry.OwnershipCooperative] != 1 {
			t.Errorf("facets %+v %v", p.Facets, err)
		}
		p, _ = e.svc.SearchEnterprises(ctx, registry.Filter{Query: "an", Facets: true})
		if p.Total != 3 || p.Facets.Province["79"] != 1 || p.Facets.Province["01"] != 1 {
			t.Errorf("facets of a search %+v total %d", p.Facets, p.Total)
		}
		// Sort by employees after figures.
		if _, err := e.svc.PutFigures(ctx, p.Enterprises[0].ID, registry.Figures{Year: 2025, Employees: i64(300), Revenue: i64(1)}); err != nil {
			t.Fatal(err)
		}
		p, _ = e.svc.SearchEnterprises(ctx, registry.Filter{Sort: registry.SortEmployeesDesc, SizeClass: ptr(registry.SizeLarge)})
		if p.Total != 1 || p.Enterprises[0].Employees != 300 {
			t.Errorf("size filter after figures: %d", p.Total)
		}
		// The public sees public fields only.
		vs, n, err := e.svc.PublicSearch(as(nil), registry.Filter{Query: "dong a"})
		if err != nil || n != 1 || vs[0].Address != "Số 1 Lê Lợi" || vs[0].Email != "" {
			t.Errorf("public %+v %d %v", vs, n, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
