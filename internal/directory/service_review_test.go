package directory_test

import (
	"strings"
	"testing"

	"nscl/internal/audit"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// An expert saving their own profile with another expert's email or CCCD
// gets a plain conflict: no link, no id, so an email or an ID number cannot
// be turned into a name. Managers keep the pointer.
func TestService_SelfServiceDuplicateNamesNoOne(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		first, err := e.svc.CreateExpert(as(e.admin), validExpert())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			field string
			code  directory.Code
			edit  func(x *directory.Expert)
		}{
			{"email", directory.CodeDuplicateEmail, func(x *directory.Expert) { x.IDNumber = "" }},
			{"id_number", directory.CodeDuplicateIDNumber, func(x *directory.Expert) { x.Email = "" }},
		} {
			in := validExpert()
			c.edit(&in)
			_, err := e.svc.SaveMyProfile(as(e.expert), in)
			if !fault.Is(err, fault.Conflict) {
				t.Fatalf("%s: %v, want a conflict", c.field, err)
			}
			if d := directory.DuplicateOf(err); d != nil {
				t.Errorf("%s: self-service duplicate points to %d", c.field, d.Existing)
			}
			msg := fault.MessageOf(err)
			all := msg.Vi + msg.En + fault.FieldsOf(err)[c.field].Vi + err.Error()
			if strings.Contains(all, "/experts/") || strings.Contains(all, directory.ExpertURL(first.ID)) {
				t.Errorf("%s: message names the other expert: %s", c.field, all)
			}
			if !strings.Contains(msg.Vi, "văn phòng danh bạ") || msg.En == "" {
				t.Errorf("%s: message %+v", c.field, msg)
			}
			if ps := directory.ProblemsOf(err); len(ps) != 1 || ps[0].Code != c.code {
				t.Errorf("%s: problems %v", c.field, ps)
			}
		}
		// The same on an update of one's own profile.
		in := validExpert()
		in.Email, in.IDNumber = "", ""
		mine, err := e.svc.SaveMyProfile(as(e.expert), in)
		if err != nil {
			t.Fatal(err)
		}
		in.IDNumber = first.IDNumber
		if _, err := e.svc.UpdateExpert(as(e.expert), mine.ID, in); !fault.Is(err, fault.Conflict) || directory.DuplicateOf(err) != nil {
			t.Fatalf("own update: %v (duplicate %+v)", err, directory.DuplicateOf(err))
		}
		// A manager is pointed to the record.
		if _, err := e.svc.UpdateExpert(as(e.admin), mine.ID, in); directory.DuplicateOf(err) == nil || directory.DuplicateOf(err).Existing != first.ID {
			t.Fatalf("manager update: %v", err)
		}
	})
}

// Filter values outside their lists are refused with a message.
func TestService_SearchFilterValidation(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for _, f := range []directory.ExpertFilter{
			{Tool: `x"`},
			{Tool: `5s" OR words:"nguyen`},
			{Tool: "5s", MinLevel: 9},
			{Sector: "banking"},
			{Province: "99"},
			{Province: `01" OR tags:"l1`},
			{Kind: "wizard"},
		} {
			_, _, err := e.svc.SearchExperts(as(nil), f)
			if !fault.Is(err, fault.Invalid) {
				t.Errorf("%+v: %v, want invalid", f, err)
				continue
			}
			if m := fault.MessageOf(err); m.Vi == "" || m.En == "" {
				t.Errorf("%+v: message %+v", f, m)
			}
		}
		if _, _, err := e.svc.SearchExperts(as(nil), directory.ExpertFilter{Tool: "5s", MinLevel: 2, Sector: "plastics", Province: "01", Kind: directory.KindExpert}); err != nil {
			t.Fatalf("valid filter: %v", err)
		}
	})
}

// An expert cannot set or remove their organisation; a manager can. The
// organisation of an expert who hid it is not found by the public.
func TestService_OrganisationOfExpert(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin, me, anon := as(e.admin), as(e.expert), as(nil)
		org, err := e.svc.CreateOrganisation(admin, directory.Organisation{Kind: directory.OrgConsulting, Name: "Công ty Tư vấn Hoàng Hà"})
		if err != nil {
			t.Fatal(err)
		}
		in := validExpert()
		in.OrganisationID = org.ID
		p, err := e.svc.SaveMyProfile(me, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.OrganisationID != 0 {
			t.Fatalf("expert made themself a member of %d", p.OrganisationID)
		}
		if p, err = e.svc.SaveMyProfile(me, in); err != nil || p.OrganisationID != 0 {
			t.Fatalf("own update sets the organisation: %d, %v", p.OrganisationID, err)
		}
		if p, err = e.svc.UpdateExpert(admin, p.ID, in); err != nil || p.OrganisationID != org.ID {
			t.Fatalf("manager sets the organisation: %+v, %v", p, err)
		}
		in.OrganisationID = 0
		if p, err = e.svc.UpdateExpert(me, p.ID, in); err != nil || p.OrganisationID != org.ID {
			t.Fatalf("expert left the organisation: %d, %v", p.OrganisationID, err)
		}

		// Listed, organisation hidden.
		if _, err := e.svc.SetConsents(me, []directory.Purpose{directory.PurposeListing}, []directory.PublicField{directory.FieldBio}); err != nil {
			t.Fatal(err)
		}
		count := func(ctx_ string, f directory.ExpertFilter) int {
			t.Helper()
			ctx := anon
			if ctx_ == "admin" {
				ctx = admin
			}
			_, n, err := e.svc.SearchExperts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		members := func(ctx_ string) int {
			t.Helper()
			ctx := anon
			if ctx_ == "admin" {
				ctx = admin
			}
			o, err := e.svc.Organisation(ctx, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			os, _, err := e.svc.SearchOrganisations(ctx, directory.OrgFilter{Query: "hoang ha"})
			if err != nil || len(os) != 1 || os[0].Members != o.Members {
				t.Fatalf("organisation list %+v, %v; want members %d", os, err, o.Members)
			}
			return o.Members
		}
		if n := count("anon", directory.ExpertFilter{OrganisationID: org.ID}); n != 0 {
			t.Errorf("public finds %d by the hidden organisation", n)
		}
		if n := count("anon", directory.ExpertFilter{Query: "hoang ha"}); n != 0 {
			t.Errorf("public finds %d by the hidden organisation's name", n)
		}
		if n := members("anon"); n != 0 {
			t.Errorf("public member count %d, want 0", n)
		}
		if n := count("admin", directory.ExpertFilter{OrganisationID: org.ID}); n != 1 {
			t.Errorf("manager finds %d by organisation, want 1", n)
		}
		if n := members("admin"); n != 1 {
			t.Errorf("manager member count %d, want 1", n)
		}
		// Made public: found.
		if _, err := e.svc.SetConsents(me, []directory.Purpose{directory.PurposeListing}, []directory.PublicField{directory.FieldOrganisation}); err != nil {
			t.Fatal(err)
		}
		if n := count("anon", directory.ExpertFilter{OrganisationID: org.ID}); n != 1 {
			t.Errorf("public finds %d by the public organisation, want 1", n)
		}
		if n := count("anon", directory.ExpertFilter{Query: "hoang ha"}); n != 1 {
			t.Errorf("public finds %d by the public organisation's name, want 1", n)
		}
		if n := members("anon"); n != 1 {
			t.Errorf("public member count %d, want 1", n)
		}
	})
}

// Anonymisation redacts the expert's earlier audit entries and the
// request's note, and says so in the audit; the public view never carries
// the consents.
func TestService_AnonymisationLeavesNoPersonalData(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		me, admin := as(e.expert), as(e.admin)
		in := validExpert()
		in.Phone, in.Bio, in.Title = "0912 345 678", "Hai mươi năm tư vấn 5S ở Hà Nội", "Thạc sĩ"
		p, err := e.svc.SaveMyProfile(me, in)
		if err != nil {
			t.Fatal(err)
		}
		in.Bio = "Ba mươi năm tư vấn"
		if _, err := e.svc.UpdateExpert(me, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetConsents(me, []directory.Purpose{directory.PurposeListing, directory.PurposePublication}, nil); err != nil {
			t.Fatal(err)
		}
		pub, full, err := e.svc.Expert(as(nil), p.ID)
		if err != nil || full || len(pub.Consents) != 0 {
			t.Fatalf("public view %+v (consents %v), %v", pub, pub.Consents, err)
		}
		es, _, err := e.svc.SearchExperts(as(nil), directory.ExpertFilter{})
		if err != nil || len(es) != 1 || len(es[0].Consents) != 0 {
			t.Fatalf("public list %+v, %v", es, err)
		}
		r, err := e.svc.RequestDeletion(me, "Số của tôi là 0912 345 678, xin xóa")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CarryOut(admin, r.ID); err != nil {
			t.Fatal(err)
		}
		rs, _, err := e.svc.PrivacyRequests(admin, 0, 10)
		if err != nil || len(rs) != 1 || rs[0].Note != "" {
			t.Fatalf("requests %+v, %v: the note should be cleared", rs, err)
		}
		entries, _, err := db.Audit().FindEntries(admin, audit.Filter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{"Hùng", "hung@example.vn", "001203004005", "0912 345 678", "mươi năm", "Thạc sĩ", "Chuyên gia 5S", "xin xóa"}
		redactLogged := false
		for _, x := range entries {
			if x.Action == "expert.audit_redact" && x.ObjectID == directory.ExpertURL(p.ID)[len("/experts/"):] {
				redactLogged = true
			}
			if x.ObjectType != "expert" && x.ObjectType != "privacy_request" {
				continue
			}
			for _, s := range secrets {
				if strings.Contains(x.Before+x.After, s) {
					t.Errorf("audit %s (%s %s) keeps %q: %s %s", x.Action, x.ObjectType, x.ObjectID, s, x.Before, x.After)
				}
			}
		}
		if !redactLogged {
			t.Error("no audit entry records the redaction")
		}
	})
}
