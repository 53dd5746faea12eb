package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestAssessmentStore_SchemeVersions pins the versions' store on both
// databases: a draft is numbered after the highest version and only one
// exists at a time; a draft's edits are at its rev (a stale rev writes
// nothing); publishing retires the published version and leaves its body;
// a stale publish or delete changes nothing; versions read newest first;
// the scheme's properties and archived flag are written.
func TestAssessmentStore_SchemeVersions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Assessment()
		body := func(text string) assessment.Body {
			return assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4}, Sections: []assessment.Section{{Key: "s1", Name: fault.Text{Vi: "Sàng lọc"},
				Items: []assessment.Item{{Key: "s1.1", Text: fault.Text{Vi: text}}}}}}
		}
		sc := &assessment.Scheme{Code: "store-5s", Name: fault.Text{Vi: "5S", En: "5S"}, Kind: assessment.Kind5S, ValidityMonths: 36}
		v1 := &assessment.Version{Status: assessment.VersionPublished, Body: body("một"), Note: "v1"}
		if err := st.CreateScheme(ctx, sc, v1); err != nil {
			t.Fatal(err)
		}
		d := &assessment.Version{SchemeID: sc.ID, Body: body("hai")}
		if err := st.CreateDraft(ctx, d); err != nil || d.No != 2 || d.Rev != 1 || d.Status != assessment.VersionDraft {
			t.Fatalf("draft = %+v, %v", d, err)
		}
		if err := st.CreateDraft(ctx, &assessment.Version{SchemeID: sc.ID, Body: body("ba")}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second draft: %v", err)
		}
		got, _ := st.FindScheme(ctx, sc.ID)
		if got.DraftID != d.ID || got.Published != v1.ID {
			t.Fatalf("scheme = %+v", got)
		}

		d.Body = body("hai, sửa")
		if err := st.UpdateDraft(ctx, d); err != nil || d.Rev != 2 {
			t.Fatalf("update: %v rev %d", err, d.Rev)
		}
		stale := *d
		stale.Rev = 1
		stale.Body = body("cũ")
		if err := st.UpdateDraft(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		if err := st.PublishDraft(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale publish: %v", err)
		}
		if g, _ := st.FindVersion(ctx, d.ID); g.Body.Sections[0].Items[0].Text.Vi != "hai, sửa" || g.Status != assessment.VersionDraft {
			t.Fatalf("after stale writes = %+v", g)
		}

		d.Note = "v2"
		if err := st.PublishDraft(ctx, d); err != nil || d.Status != assessment.VersionPublished {
			t.Fatalf("publish: %v", err)
		}
		old, _ := st.FindVersion(ctx, v1.ID)
		if old.Status != assessment.VersionRetired || old.Body.Sections[0].Items[0].Text.Vi != "một" {
			t.Fatalf("v1 = %+v", old)
		}
		got, _ = st.FindScheme(ctx, sc.ID)
		if got.Published != d.ID || got.PublishedNo != 2 || got.DraftID != 0 {
			t.Fatalf("after publish = %+v", got)
		}
		if pub, _ := st.FindVersion(ctx, d.ID); pub.Note != "v2" || pub.PublishedAt == nil {
			t.Fatalf("v2 = %+v", pub)
		}

		d3 := &assessment.Version{SchemeID: sc.ID, Body: body("ba")}
		if err := st.CreateDraft(ctx, d3); err != nil || d3.No != 3 {
			t.Fatalf("v3 = %+v, %v", d3, err)
		}
		if err := st.DeleteDraft(ctx, d3.ID, 9); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale delete: %v", err)
		}
		if err := st.DeleteDraft(ctx, d.ID, d.Rev); !fault.Is(err, fault.Conflict) {
			t.Fatalf("delete a published version: %v", err)
		}
		if err := st.DeleteDraft(ctx, d3.ID, 1); err != nil {
			t.Fatal(err)
		}
		vs, err := st.FindVersions(ctx, sc.ID)
		if err != nil || len(vs) != 2 || vs[0].No != 2 || vs[1].No != 1 {
			t.Fatalf("versions = %d, %v", len(vs), err)
		}

		got.Name.Vi, got.Tools, got.Archived, got.ValidityMonths = "5S mới", []string{"5s", "kaizen"}, true, 24
		next, err := st.UpdateScheme(ctx, got, 1)
		if err != nil || next != 2 {
			t.Fatalf("update scheme: %d, %v", next, err)
		}
		again, ver, err := st.FindSchemeVersioned(ctx, sc.ID)
		if err != nil || again.Name.Vi != "5S mới" || len(again.Tools) != 2 || !again.Archived || again.ValidityMonths != 24 || ver != 2 {
			t.Fatalf("updated = %+v version %d, %v", again, ver, err)
		}
		if _, err := st.UpdateScheme(ctx, &assessment.Scheme{ID: 99999, Kind: assessment.Kind5S}, 1); !fault.Is(err, fault.Conflict) {
			t.Fatalf("update missing: %v", err)
		}
	})
}

// TestAssessmentStore_SchemeVersionLock pins the scheme's version on both
// databases: UpdateScheme at a stale version writes nothing (Conflict);
// LockScheme returns the version without changing it (NotFound for no
// scheme) and holds the row: a second transaction's LockScheme waits until
// the first ends, then reads the version it left.
func TestAssessmentStore_SchemeVersionLock(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Assessment()
		sc := &assessment.Scheme{Code: "store-lock", Name: fault.Text{Vi: "Khóa"}, Kind: assessment.Kind5S, ValidityMonths: 36}
		if err := st.CreateScheme(ctx, sc, &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{}}); err != nil {
			t.Fatal(err)
		}
		if v, err := st.LockScheme(ctx, sc.ID); err != nil || v != 1 {
			t.Fatalf("lock = %d, %v", v, err)
		}
		if _, err := st.LockScheme(ctx, 99999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("lock a missing scheme: %v", err)
		}
		stale := *sc
		stale.Name.Vi, stale.Archived = "Cũ", true
		if _, err := st.UpdateScheme(ctx, &stale, 7); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		if got, v, _ := st.FindSchemeVersioned(ctx, sc.ID); got.Name.Vi != "Khóa" || got.Archived || v != 1 {
			t.Fatalf("after a stale update = %+v version %d", got, v)
		}

		locked, release := make(chan struct{}), make(chan struct{})
		first := make(chan error, 1)
		go func() {
			first <- st.Tx(ctx, func(tx assessment.Store) error {
				if _, err := tx.LockScheme(ctx, sc.ID); err != nil {
					return err
				}
				close(locked)
				<-release
				x := *sc
				x.ValidityMonths = 12
				_, err := tx.UpdateScheme(ctx, &x, 1)
				return err
			})
		}()
		<-locked
		second := make(chan int, 1)
		go func() {
			_ = st.Tx(ctx, func(tx assessment.Store) error {
				v, err := tx.LockScheme(ctx, sc.ID)
				second <- v
				return err
			})
		}()
		select {
		case v := <-second:
			t.Fatalf("a second transaction took the locked scheme (version %d)", v)
		case <-time.After(200 * time.Millisecond):
		}
		close(release)
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		if v := <-second; v != 2 {
			t.Fatalf("the second transaction read version %d, want 2", v)
		}
	})
}
