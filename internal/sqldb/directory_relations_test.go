package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/matching"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestDirectoryStore_RelationsAndUploads(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Directory()
		es := makeEnterprises(1_400_000_000, 2, time.Now())
		es[0].Name, es[1].Name = "Công ty B Thứ Hai", "Công ty A Thứ Nhất"
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 5, 4, 3, 0, 0, 123456000, time.UTC)
		e := &directory.Expert{Kind: directory.KindExpert, Name: "Nguyễn Quan Hệ", Status: directory.StatusActive, Capacity: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateExpert(ctx, e); err != nil {
			t.Fatal(err)
		}
		if rs, err := s.FindRelations(ctx, e.ID); err != nil || rs == nil || len(rs) != 0 {
			t.Fatalf("no relations = %#v, %v", rs, err)
		}
		for i, ent := range es {
			r := &directory.Relation{ExpertID: e.ID, EnterpriseID: int64(ent.ID), Kind: directory.RelationKinds[i], Note: "ghi chú", DeclaredAt: now}
			if err := s.AddRelation(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		dup := &directory.Relation{ExpertID: e.ID, EnterpriseID: int64(es[0].ID), Kind: directory.RelationOther, DeclaredAt: now}
		if err := s.AddRelation(ctx, dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate relation: %v, want Conflict", err)
		}
		rs, err := s.FindRelations(ctx, e.ID)
		if err != nil || len(rs) != 2 {
			t.Fatalf("relations = %+v, %v", rs, err)
		}
		if rs[0].EnterpriseName != "Công ty A Thứ Nhất" || rs[0].TaxCode != es[1].TaxCode || rs[0].Kind != directory.RelationOwner ||
			rs[0].Note != "ghi chú" || !rs[0].DeclaredAt.Equal(now) || rs[1].EnterpriseID != int64(es[0].ID) {
			t.Fatalf("relations (name order) = %+v", rs)
		}
		if err := s.DeleteRelation(ctx, e.ID, int64(es[0].ID)); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRelation(ctx, e.ID, int64(es[0].ID)); !fault.Is(err, fault.NotFound) {
			t.Fatalf("delete a deleted relation: %v, want NotFound", err)
		}
		if rs, _ := s.FindRelations(ctx, e.ID); len(rs) != 1 {
			t.Fatalf("after delete: %+v", rs)
		}

		// Uploads: stored bytes, owner, kind, time; old ones go when a new
		// one is stored.
		owner := mustUser(t, db, "canbo@upload.vn", auth.RoleAdmin, 0, "")
		data := []byte{0, 1, 2, 0xff, 'a'}
		old := &directory.Upload{ID: "00000000000000000000000000000001", Owner: owner.UserID, Kind: directory.ImportExperts, FileName: "cũ.xlsx",
			Data: data, CreatedAt: now.Add(-25 * time.Hour)}
		if err := s.CreateUpload(ctx, old, now.Add(-48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindUpload(ctx, old.ID)
		if err != nil || got.Owner != owner.UserID || got.Kind != directory.ImportExperts || got.FileName != "cũ.xlsx" ||
			string(got.Data) != string(data) || !got.CreatedAt.Equal(old.CreatedAt) {
			t.Fatalf("upload = %+v, %v", got, err)
		}
		fresh := &directory.Upload{ID: "00000000000000000000000000000002", Owner: owner.UserID, Kind: directory.ImportOrganisations, FileName: "moi.csv",
			Data: []byte("x"), CreatedAt: now}
		if err := s.CreateUpload(ctx, fresh, now.Add(-24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindUpload(ctx, old.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("an upload older than a day survived: %v", err)
		}
		if err := s.DeleteUpload(ctx, fresh.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteUpload(ctx, fresh.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("delete a deleted upload: %v, want NotFound", err)
		}
	})
}

// A relation the expert declares through the directory makes matching
// leave the expert out for that enterprise's need; removing it brings the
// expert back.
func TestDirectoryRelation_ExcludesFromMatching(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newMatchingWorld(t, db)
		n, err := w.svc.PublishNeed(as(w.owner), matching.NeedInput{Tools: []catalog.ToolCode{"5s", "kaizen"}, Description: "Sắp xếp lại xưởng ép nhựa"})
		if err != nil {
			t.Fatal(err)
		}
		has := func(m *matching.Matches, id matching.ExpertID) bool {
			for _, x := range m.Experts {
				if x.ExpertID == id {
					return true
				}
			}
			return false
		}
		before, err := w.svc.RankNeed(as(w.owner), n.ID, 10)
		if err != nil || !has(before, 1) {
			t.Fatalf("before the declaration expert 1 is not proposed: %+v, %v", before, err)
		}
		// The test firms' tax codes have no valid check digit: give the
		// firm a real one, as an expert would type it.
		if _, err := db.WriteDB().ExecContext(context.Background(), `UPDATE enterprises SET tax_code = '0314409058' WHERE id = $1`, int64(w.firm.ID)); err != nil {
			t.Fatal(err)
		}
		dir := directory.NewService(db.Directory(), geo.MustLoad(), directory.WithEnterprises(db.Directory()))
		me := audit.WithMeta(as(w.expertA), audit.Meta{ActorID: int64(w.expertA.UserID), ActorEmail: w.expertA.Email})
		if _, err := dir.DeclareRelation(me, directory.RelationInput{TaxCode: "0314 409 058", Kind: directory.RelationConsultant, Note: "Tư vấn ISO 2025"}); err != nil {
			t.Fatal(err)
		}
		after, err := w.svc.RankNeed(as(w.owner), n.ID, 10)
		if err != nil || has(after, 1) || after.Conflicted != before.Conflicted+1 {
			t.Fatalf("after the declaration: conflicted %d (before %d), experts %+v, %v", after.Conflicted, before.Conflicted, after.Experts, err)
		}
		// Not excluded for another enterprise's need.
		other, err := w.svc.PublishNeed(as(w.otherOwner), matching.NeedInput{Tools: []catalog.ToolCode{"5s"}, Description: "5S cho xưởng thép"})
		if err != nil {
			t.Fatal(err)
		}
		if m, err := w.svc.RankNeed(as(w.otherOwner), other.ID, 10); err != nil || m.Conflicted != 0 {
			t.Fatalf("the other firm's need: %+v, %v", m, err)
		}
		if err := dir.RemoveRelation(me, int64(w.firm.ID)); err != nil {
			t.Fatal(err)
		}
		back, err := w.svc.RankNeed(as(w.owner), n.ID, 10)
		if err != nil || !has(back, 1) || back.Conflicted != before.Conflicted {
			t.Fatalf("after removing the relation: %+v, %v", back, err)
		}
	})
}
