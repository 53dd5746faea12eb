package directory_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestService_Relations(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		firm := &registry.Enterprise{TaxCode: "0314409058", Name: "Công ty TNHH Nhựa Quan Hệ", ProvinceCode: "79", CreatedAt: now, UpdatedAt: now}
		if err := db.Registry().CreateEnterprises(context.Background(), []*registry.Enterprise{firm}); err != nil {
			t.Fatal(err)
		}
		me, other := as(e.expert), as(e.other)
		in := directory.RelationInput{TaxCode: "03 1440 9058", Kind: directory.RelationEmployee, Note: " Làm kế toán đến 2025 "}
		if _, err := e.svc.DeclareRelation(me, in); !fault.Is(err, fault.NotFound) {
			t.Fatalf("declare before the profile exists: %v, want NotFound", err)
		}
		mine, err := e.svc.SaveMyProfile(me, validExpert())
		if err != nil {
			t.Fatal(err)
		}
		x := validExpert()
		x.Email, x.IDNumber = "khac@example.vn", "001203004006"
		if _, err := e.svc.SaveMyProfile(other, x); err != nil {
			t.Fatal(err)
		}

		// Bad input: a clear vi/en message at the field, nothing written.
		for _, c := range []struct {
			name  string
			in    directory.RelationInput
			field string
			code  directory.Code
			vi    string
		}{
			{"unknown tax code", directory.RelationInput{TaxCode: "0100109106", Kind: directory.RelationOwner}, "tax_code", directory.CodeEnterpriseUnknown, "Không có doanh nghiệp nào với mã số thuế 0100109106"},
			{"malformed tax code", directory.RelationInput{TaxCode: "12345", Kind: directory.RelationOwner}, "tax_code", directory.CodeTaxCodeInvalid, ""},
			{"empty tax code", directory.RelationInput{Kind: directory.RelationOwner}, "tax_code", directory.CodeTaxCodeInvalid, "Vui lòng nhập mã số thuế"},
			{"kind", directory.RelationInput{TaxCode: "0314409058", Kind: "friend"}, "kind", directory.CodeRelationKind, "Vui lòng chọn loại quan hệ"},
			{"note", directory.RelationInput{TaxCode: "0314409058", Kind: directory.RelationOther, Note: strings.Repeat("a", 1001)}, "note", directory.CodeTooLong, ""},
		} {
			_, err := e.svc.DeclareRelation(me, c.in)
			ps := directory.ProblemsOf(err)
			if !fault.Is(err, fault.Invalid) || len(ps) != 1 || ps[0].Field != c.field || ps[0].Code != c.code ||
				ps[0].Message.Vi == "" || ps[0].Message.En == "" || !strings.HasPrefix(ps[0].Message.Vi, c.vi) {
				t.Errorf("%s: %v (%+v)", c.name, err, ps)
			}
		}
		_, err = e.svc.DeclareRelation(me, directory.RelationInput{TaxCode: "0100109106", Kind: directory.RelationOwner})
		if ps := directory.ProblemsOf(err); len(ps) != 1 || ps[0].Message.En != "No enterprise of the registry has the tax code 0100109106." {
			t.Errorf("unknown tax code in English = %+v", ps)
		}

		r, err := e.svc.DeclareRelation(me, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.EnterpriseID != int64(firm.ID) || r.TaxCode != "0314409058" || r.Note != "Làm kế toán đến 2025" || r.ExpertID != mine.ID {
			t.Fatalf("declared %+v", r)
		}
		if _, err := e.svc.DeclareRelation(me, directory.RelationInput{TaxCode: "0314409058", Kind: directory.RelationOwner}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second relation with the same firm: %v, want Conflict", err)
		}
		rs, err := e.svc.MyRelations(me)
		if err != nil || len(rs) != 1 || rs[0].EnterpriseName != firm.Name || rs[0].Kind != directory.RelationEmployee || !rs[0].DeclaredAt.Equal(now) {
			t.Fatalf("my relations = %+v, %v", rs, err)
		}

		// Who sees them: the expert and directory managers, not the
		// public, not another expert.
		if rs, err := e.svc.Relations(as(e.admin), mine.ID); err != nil || len(rs) != 1 {
			t.Fatalf("manager reads = %+v, %v", rs, err)
		}
		if rs, err := e.svc.Relations(me, mine.ID); err != nil || len(rs) != 1 {
			t.Fatalf("expert reads own = %+v, %v", rs, err)
		}
		if _, err := e.svc.Relations(other, mine.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("another expert reads: %v, want NotFound", err)
		}
		if _, err := e.svc.Relations(as(nil), mine.ID); !fault.Is(err, fault.Unauthenticated) {
			t.Fatalf("anonymous reads: %v, want Unauthenticated", err)
		}

		// Another expert cannot remove it: it is not theirs.
		if err := e.svc.RemoveRelation(other, int64(firm.ID)); !fault.Is(err, fault.NotFound) {
			t.Fatalf("another expert removes: %v, want NotFound", err)
		}
		if err := e.svc.RemoveRelation(as(e.admin), int64(firm.ID)); err == nil {
			t.Fatal("an administrator without an expert profile removed the relation")
		}
		if rs, _ := e.svc.MyRelations(me); len(rs) != 1 {
			t.Fatalf("relation gone after refused removals: %+v", rs)
		}
		if rs, _ := e.svc.MyRelations(other); len(rs) != 0 {
			t.Fatalf("the other expert has relations: %+v", rs)
		}
		if err := e.svc.RemoveRelation(me, int64(firm.ID)); err != nil {
			t.Fatal(err)
		}
		if rs, _ := e.svc.MyRelations(me); len(rs) != 0 {
			t.Fatalf("after removal: %+v", rs)
		}
		if err := e.svc.RemoveRelation(me, int64(firm.ID)); !fault.Is(err, fault.NotFound) {
			t.Fatalf("second removal: %v, want NotFound", err)
		}

		// Every change is audited with what was declared or removed.
		entries, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "expert", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*audit.Entry{}
		for _, en := range entries {
			got[en.Action] = en
		}
		if d := got["expert.relation_declare"]; d == nil || !strings.Contains(d.After, "0314409058") || d.ActorID != int64(e.expert.UserID) {
			t.Errorf("declare audit = %+v", d)
		}
		if d := got["expert.relation_remove"]; d == nil || !strings.Contains(d.Before, "employee") || (d.After != "" && d.After != "null") {
			t.Errorf("remove audit = %+v", d)
		}
	})
}
