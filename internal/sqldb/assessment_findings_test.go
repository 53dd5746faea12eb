package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// findingStoreWorld is two firms (Hồ Chí Minh City, Hà Nội), a user of
// each and an assessor, a small scheme, a self-assessment of the first
// firm and an independent assessment of the second assigned to the
// assessor.
type findingStoreWorld struct {
	st          *sqldb.AssessmentStore
	firm, other *registry.Enterprise
	owner       *auth.User
	assessor    *auth.User
	self, indep *assessment.Assessment
}

func newFindingStoreWorld(t *testing.T, db *sqldb.DB) *findingStoreWorld {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	es := makeEnterprises(1_500_000_000, 2, now)
	es[0].Name, es[0].ProvinceCode = "Công ty TNHH May Sài Gòn Xanh", "79"
	es[1].Name, es[1].ProvinceCode = "Công ty Cổ phần Thép Thăng Long", "01"
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	user := func(email string, role auth.Role, ent int64) *auth.User {
		u := &auth.User{Email: email, Name: "Người dùng " + email, Role: role, EnterpriseID: ent, Lang: "vi", PasswordHash: "x",
			PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	w := &findingStoreWorld{st: db.Assessment(), firm: es[0], other: es[1]}
	w.owner = user("dn@saigonxanh.vn", auth.RoleEnterprise, int64(es[0].ID))
	w.assessor = user("dgv@danhgia.vn", auth.RoleAssessor, 0)
	sc := &assessment.Scheme{Code: "5s-findings-test", Name: fault.Text{Vi: "5S (thử)", En: "5S (test)"}, Kind: assessment.Kind5S}
	v := &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{Scale: assessment.Scale{Max: 4},
		Sections: []assessment.Section{{Key: "s1", Items: []assessment.Item{{Key: "s1.1"}, {Key: "s1.2"}}}}}}
	if err := w.st.CreateScheme(ctx, sc, v); err != nil {
		t.Fatal(err)
	}
	started := now
	w.self = &assessment.Assessment{EnterpriseID: es[0].ID, ProvinceCode: "79", SchemeID: sc.ID, VersionID: v.ID, Mode: assessment.ModeSelf,
		Status: assessment.StatusInProgress, Site: "Xưởng may 1", StartedAt: &started, CreatedBy: w.owner.ID}
	w.indep = &assessment.Assessment{EnterpriseID: es[1].ID, ProvinceCode: "01", SchemeID: sc.ID, VersionID: v.ID, Mode: assessment.ModeIndependent,
		Status: assessment.StatusSubmitted, Site: "Xưởng cán", AssessorID: w.assessor.ID, StartedAt: &started}
	for _, x := range []*assessment.Assessment{w.self, w.indep} {
		if err := w.st.CreateAssessment(ctx, x, ""); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// TestAssessmentStore_Photos pins a photo's round trip (its bytes and
// thumbnail kept apart, the uploader's name joined), the order and counts
// per item and assessment, deletion (twice: NotFound) and that a photo of
// an assessment that does not exist is refused, on both databases.
func TestAssessmentStore_Photos(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newFindingStoreWorld(t, db)
		st := w.st
		at := time.Date(2026, 3, 11, 3, 4, 5, 0, time.UTC)
		content, thumb := bytes.Repeat([]byte{0xFF, 0xD8, 0x00, 0x01}, 5000), []byte{0xFF, 0xD8, 0xFF, 0xD9}
		add := func(x *assessment.Assessment, item, sha string) *assessment.Photo {
			p := &assessment.Photo{AssessmentID: x.ID, ItemKey: item, ContentType: "image/jpeg", Width: 2048, Height: 1536,
				SHA256: sha, UploadedBy: w.owner.ID, UploadedAt: at}
			if err := st.CreatePhoto(ctx, p, content, thumb); err != nil {
				t.Fatal(err)
			}
			return p
		}
		p1 := add(w.self, "s1.2", "aa")
		p2 := add(w.self, "s1.1", "bb")
		p3 := add(w.self, "s1.2", "cc")
		add(w.indep, "s1.2", "dd")
		if p1.ID == 0 || p1.Size != int64(len(content)) || p1.ThumbSize != 4 {
			t.Fatalf("created %+v", p1)
		}
		got, err := st.FindPhoto(ctx, p1.ID)
		if err != nil || got.ItemKey != "s1.2" || got.Width != 2048 || got.Size != 20000 || got.ThumbSize != 4 || got.SHA256 != "aa" ||
			got.UploaderName != w.owner.Name || !got.UploadedAt.Equal(at) || got.AssessmentID != w.self.ID {
			t.Fatalf("photo = %+v, %v", got, err)
		}
		if b, err := st.FindPhotoBytes(ctx, p1.ID, false); err != nil || !bytes.Equal(b, content) {
			t.Fatalf("content %d bytes, %v", len(b), err)
		}
		if b, err := st.FindPhotoBytes(ctx, p1.ID, true); err != nil || !bytes.Equal(b, thumb) {
			t.Fatalf("thumb %v, %v", b, err)
		}
		all, err := st.FindPhotos(ctx, w.self.ID, "")
		if err != nil || len(all) != 3 || all[0].ID != p2.ID || all[1].ID != p1.ID || all[2].ID != p3.ID {
			t.Fatalf("photos = %v, %v", all, err)
		}
		item, err := st.FindPhotos(ctx, w.self.ID, "s1.2")
		if err != nil || len(item) != 2 {
			t.Fatalf("item photos = %d, %v", len(item), err)
		}
		if total, of, err := st.CountPhotos(ctx, w.self.ID, "s1.2"); err != nil || total != 3 || of != 2 {
			t.Fatalf("counts = %d, %d, %v", total, of, err)
		}
		if total, of, err := st.CountPhotos(ctx, w.self.ID, "s9.9"); err != nil || total != 3 || of != 0 {
			t.Fatalf("counts of an empty item = %d, %d, %v", total, of, err)
		}
		if err := st.Tx(ctx, func(tx assessment.Store) error { return tx.HoldEvidence(ctx, w.self.ID) }); err != nil {
			t.Fatalf("hold: %v", err)
		}
		if err := st.HoldEvidence(ctx, 999999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("hold of no assessment: %v", err)
		}
		if err := st.DeletePhoto(ctx, p1.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeletePhoto(ctx, p1.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("second delete: %v", err)
		}
		if _, err := st.FindPhoto(ctx, p1.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("deleted photo: %v", err)
		}
		if _, err := st.FindPhotoBytes(ctx, p1.ID, true); !fault.Is(err, fault.NotFound) {
			t.Fatalf("deleted photo's bytes: %v", err)
		}
		bad := &assessment.Photo{AssessmentID: 999999, ItemKey: "s1.1", ContentType: "image/jpeg", SHA256: "ee"}
		if err := st.CreatePhoto(ctx, bad, content, thumb); err == nil {
			t.Fatal("a photo of no assessment was stored")
		}
	})
}

// TestAssessmentStore_Findings pins a finding's round trip (due date as a
// day in Vietnam, the trail of done and closed, the joined names), the
// versioned update (a stale version changes nothing), and the list's
// filters (assessment, enterprise, assessor, provinces, statuses, due
// before) and order (not closed first, by due date, none last), with the
// total, on both databases.
func TestAssessmentStore_Findings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newFindingStoreWorld(t, db)
		st := w.st
		d := func(s string) *time.Time {
			t, err := vn.ParseDate(s)
			if err != nil {
				panic(err)
			}
			return &t
		}
		mk := func(x *assessment.Assessment, desc string, due *time.Time, status assessment.FindingStatus) *assessment.Finding {
			f := &assessment.Finding{AssessmentID: x.ID, EnterpriseID: x.EnterpriseID, ItemKey: "s1.1", Description: desc,
				CorrectiveAction: "Dán nhãn vị trí", OwnerName: "Trần Văn Bình", DueDate: due, Status: status, CreatedBy: w.owner.ID}
			if err := st.CreateFinding(ctx, f); err != nil {
				t.Fatal(err)
			}
			return f
		}
		late := mk(w.self, "Dụng cụ để sai vị trí", d("01/03/2026"), assessment.FindingOpen)
		soon := mk(w.self, "Lối đi bị lấn chiếm", d("20/03/2026"), assessment.FindingOpen)
		undated := mk(w.self, "Thiếu bảng 5S", nil, assessment.FindingOpen)
		closed := mk(w.self, "Rác chưa phân loại", d("01/02/2026"), assessment.FindingClosed)
		theirs := mk(w.indep, "Dầu rò rỉ tại máy cán", d("05/03/2026"), assessment.FindingDone)
		if late.ID == 0 || late.Version != 1 {
			t.Fatalf("created %+v", late)
		}
		got, err := st.FindFinding(ctx, late.ID)
		if err != nil || got.Description != "Dụng cụ để sai vị trí" || got.EnterpriseName != w.firm.Name || got.ProvinceCode != "79" ||
			got.SchemeCode != "5s-findings-test" || got.Mode != assessment.ModeSelf || got.DueDate == nil || vn.Date(*got.DueDate) != "01/03/2026" ||
			got.CreatedByName != w.owner.Name || got.Status != assessment.FindingOpen || got.OwnerName != "Trần Văn Bình" {
			t.Fatalf("finding = %+v, %v", got, err)
		}
		if g, _ := st.FindFinding(ctx, theirs.ID); g.AssessorID != w.assessor.ID || g.ProvinceCode != "01" {
			t.Fatalf("independent finding = %+v", g)
		}
		if g, _ := st.FindFinding(ctx, undated.ID); g.DueDate != nil {
			t.Fatalf("undated finding has due date %v", g.DueDate)
		}

		// Done, with its trail; then a stale writer is refused.
		doneAt := time.Date(2026, 3, 12, 8, 30, 0, 0, time.UTC)
		up := *got
		up.Status, up.DoneNote, up.DoneAt, up.DoneBy = assessment.FindingDone, "Đã kẻ vạch và dán nhãn", &doneAt, w.owner.ID
		if err := st.UpdateFinding(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update: %v (version %d)", err, up.Version)
		}
		stale := *got
		stale.Description = "ghi đè"
		if err := st.UpdateFinding(ctx, &stale); !fault.Is(err, fault.Conflict) || stale.Version != 1 {
			t.Fatalf("stale update: %v", err)
		}
		got, _ = st.FindFinding(ctx, late.ID)
		if got.Status != assessment.FindingDone || got.DoneNote != "Đã kẻ vạch và dán nhãn" || got.DoneAt == nil || !got.DoneAt.Equal(doneAt) ||
			got.DoneBy != w.owner.ID || got.Description != "Dụng cụ để sai vị trí" || got.Version != 2 {
			t.Fatalf("after done = %+v", got)
		}

		ids := func(fs []*assessment.Finding) []assessment.FindingID {
			var out []assessment.FindingID
			for _, f := range fs {
				out = append(out, f.ID)
			}
			return out
		}
		today := *d("10/03/2026")
		list := func(f assessment.FindingFilter, want ...*assessment.Finding) {
			t.Helper()
			fs, total, err := st.FindFindings(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs []assessment.FindingID
			for _, x := range want {
				wantIDs = append(wantIDs, x.ID)
			}
			if len(fs) != len(want) || total < len(want) {
				t.Fatalf("filter %+v: %v (total %d), want %v", f, ids(fs), total, wantIDs)
			}
			for i := range fs {
				if fs[i].ID != wantIDs[i] {
					t.Fatalf("filter %+v: %v, want %v", f, ids(fs), wantIDs)
				}
			}
		}
		list(assessment.FindingFilter{AssessmentID: w.self.ID}, late, soon, undated, closed)
		list(assessment.FindingFilter{EnterpriseID: w.other.ID}, theirs)
		list(assessment.FindingFilter{AssessorID: w.assessor.ID}, theirs)
		list(assessment.FindingFilter{Provinces: []string{"79"}, Statuses: []assessment.FindingStatus{assessment.FindingOpen}}, soon, undated)
		list(assessment.FindingFilter{Provinces: []string{}})
		list(assessment.FindingFilter{Statuses: []assessment.FindingStatus{assessment.FindingOpen, assessment.FindingDone}, DueBefore: today},
			late, theirs)
		list(assessment.FindingFilter{Statuses: []assessment.FindingStatus{assessment.FindingClosed}}, closed)
		// A page, and a page past the end, with the total.
		fs, total, err := st.FindFindings(ctx, assessment.FindingFilter{Limit: 2, Offset: 2})
		if err != nil || len(fs) != 2 || total != 5 {
			t.Fatalf("page = %d of %d, %v", len(fs), total, err)
		}
		fs, total, err = st.FindFindings(ctx, assessment.FindingFilter{Limit: 2, Offset: 10})
		if err != nil || len(fs) != 0 || total != 5 {
			t.Fatalf("page past the end = %d of %d, %v", len(fs), total, err)
		}
		if _, err := st.FindFinding(ctx, 999999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing finding: %v", err)
		}
	})
}
