package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// TestProgrammeStore_Activities pins the proposal store on both databases:
// an edit on a stale version is refused (nothing overwritten), the list's
// visibility (enterprise, province of the activity or of its call,
// assigned reviewer) and filters (folded title), reviews updated only from
// the status read, events and attachments round trip.
func TestProgrammeStore_Activities(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		es := makeEnterprises(1_500_000_000, 2, time.Now())
		es[0].ProvinceCode, es[1].ProvinceCode = "79", "01"
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		rev := mustCreateUser(t, db, auth.User{Email: "tham.dinh@example.vn", Name: "Chuyên gia Thẩm Định", Role: auth.RoleExpert})
		opens := time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)
		prov := &programme.Call{ProvinceCode: "79", Code: "HCM-2026-07", Title: "Đợt tỉnh", Track: programme.TrackBreadth,
			OpensAt: opens, Deadline: opens.AddDate(0, 2, 0), Status: programme.CallOpen}
		min := &programme.Call{Code: "BCT-2026-07", Title: "Đợt Bộ", Track: programme.TrackBreadth,
			OpensAt: opens, Deadline: opens.AddDate(0, 2, 0), Status: programme.CallOpen}
		for _, c := range []*programme.Call{prov, min} {
			if err := st.CreateCall(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		mk := func(ent int64, call programme.CallID, province, title string, at time.Time) *programme.Activity {
			a := &programme.Activity{CallID: call, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2026,
				Title: title, EnterpriseID: ent, ProvinceCode: province, Status: programme.StatusDraft, StateBudget: 100, Counterpart: 100,
				Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 100, Counterpart: 100}}, CreatedAt: at}
			if err := st.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
			if err := st.SetTitleFolded(ctx, a.ID, vn.Fold(a.Title)); err != nil {
				t.Fatal(err)
			}
			return a
		}
		a1 := mk(int64(es[0].ID), prov.ID, "79", "Mô hình Kaizen xưởng may", opens)
		// A Hà Nội firm in the ministry's call: not the HCM officer's.
		a2 := mk(int64(es[1].ID), min.ID, "01", "Mô hình 5S nhà máy thép", opens.Add(time.Hour))
		// A Hà Nội firm in HCM's call: the HCM officer's through the call.
		a3 := mk(int64(es[1].ID), prov.ID, "01", "Lean sản xuất bánh kẹo", opens.Add(2*time.Hour))

		// Optimistic locking: two writers read version 1; the second is refused.
		first, _ := st.FindActivityByID(ctx, a1.ID)
		second, _ := st.FindActivityByID(ctx, a1.ID)
		first.Title = "Mô hình Kaizen xưởng may số 2"
		first.Budget = []programme.BudgetLine{{Item: "Chuyên gia", State: 60, Counterpart: 40}, {Item: "Đào tạo", State: 40, Counterpart: 60}}
		first.KPIs = []programme.ActivityKPI{{Code: "oee", Baseline: 50, Target: 65}}
		if err := st.UpdateProposal(ctx, first); err != nil || first.Version != 2 {
			t.Fatalf("first edit: %v, version %d", err, first.Version)
		}
		second.Title = "Ghi đè"
		if err := st.UpdateProposal(ctx, second); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale edit: %v", err)
		}
		if err := st.UpdateActivityState(ctx, second); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale state: %v", err)
		}
		got, _ := st.FindActivityByID(ctx, a1.ID)
		if got.Title != "Mô hình Kaizen xưởng may số 2" || len(got.Budget) != 2 || len(got.KPIs) != 1 || got.Version != 2 {
			t.Fatalf("after edits: %+v", got)
		}
		now := opens.Add(24 * time.Hour)
		got.Status, got.SubmittedAt = programme.StatusSubmitted, &now
		got.Screening = &programme.Screening{Passed: true, At: now}
		if err := st.UpdateActivityState(ctx, got); err != nil || got.Version != 3 {
			t.Fatalf("state: %v %d", err, got.Version)
		}

		ids := func(f programme.ActivityFilter) []programme.ActivityID {
			t.Helper()
			as, n, err := st.FindActivities(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []programme.ActivityID
			for _, a := range as {
				out = append(out, a.ID)
			}
			if f.Limit == 0 && n != len(out) {
				t.Errorf("total %d, listed %d", n, len(out))
			}
			return out
		}
		eq := func(name string, got []programme.ActivityID, want ...programme.ActivityID) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s = %v, want %v", name, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s = %v, want %v", name, got, want)
					return
				}
			}
		}
		eq("all, newest first", ids(programme.ActivityFilter{All: true}), a3.ID, a2.ID, a1.ID)
		eq("enterprise 0", ids(programme.ActivityFilter{EnterpriseID: int64(es[0].ID)}), a1.ID)
		eq("enterprise 1", ids(programme.ActivityFilter{EnterpriseID: int64(es[1].ID)}), a3.ID, a2.ID)
		eq("province 79 (activity or call)", ids(programme.ActivityFilter{Province: "79"}), a3.ID, a1.ID)
		eq("province 01", ids(programme.ActivityFilter{Province: "01"}), a3.ID, a2.ID)
		eq("nobody", ids(programme.ActivityFilter{}))
		eq("reviewer before assignment", ids(programme.ActivityFilter{UserID: rev.ID}))
		eq("status", ids(programme.ActivityFilter{All: true, Status: programme.StatusSubmitted}), a1.ID)
		eq("folded search", ids(programme.ActivityFilter{All: true, Query: vn.Fold("MÔ HÌNH thep")}), a2.ID)
		eq("folded search, with diacritics typed", ids(programme.ActivityFilter{All: true, Query: vn.Fold("bánh kẹo")}), a3.ID)
		if err := st.SetTitleFolded(ctx, a3.ID, ""); err != nil {
			t.Fatal(err)
		}
		eq("a title folded to nothing has no words", ids(programme.ActivityFilter{All: true, Query: "lean"}))
		eq("call", ids(programme.ActivityFilter{All: true, CallID: prov.ID}), a3.ID, a1.ID)
		eq("paged", ids(programme.ActivityFilter{All: true, Limit: 1, Offset: 1}), a2.ID)

		r := &programme.Review{ActivityID: a1.ID, ReviewerID: rev.ID, Status: programme.ReviewAssigned, Scores: map[string]int{}, AssignedAt: now}
		if err := st.CreateReview(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateReview(ctx, &programme.Review{ActivityID: a1.ID, ReviewerID: rev.ID, Status: programme.ReviewAssigned,
			Scores: map[string]int{}, AssignedAt: now}); !fault.Is(err, fault.Conflict) {
			t.Errorf("reviewer twice: %v", err)
		}
		eq("reviewer", ids(programme.ActivityFilter{UserID: rev.ID}), a1.ID)
		total := 80.0
		r.Status, r.Scores, r.Total, r.NoConflictAt, r.SubmittedAt = programme.ReviewSubmitted, map[string]int{"impact": 25}, &total, &now, &now
		if err := st.UpdateReview(ctx, r, programme.ReviewAssigned); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateReview(ctx, r, programme.ReviewAssigned); !fault.Is(err, fault.Conflict) {
			t.Errorf("a final review was changed again: %v", err)
		}
		rs, err := st.FindReviews(ctx, a1.ID)
		if err != nil || len(rs) != 1 || rs[0].Scores["impact"] != 25 || *rs[0].Total != 80 || rs[0].ReviewerName != "Chuyên gia Thẩm Định" {
			t.Fatalf("reviews = %+v, %v", rs, err)
		}
		if err := st.SetReviewScore(ctx, a1.ID, &total); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.FindActivityByID(ctx, a1.ID); got.ReviewScore == nil || *got.ReviewScore != 80 || got.Version != 3 {
			t.Errorf("score %v, version %d", got.ReviewScore, got.Version)
		}

		if err := st.AddActivityEvent(ctx, &programme.Event{ActivityID: a1.ID, From: programme.StatusDraft, To: programme.StatusSubmitted,
			ActorEmail: "dn@example.vn", At: now}); err != nil {
			t.Fatal(err)
		}
		if evs, err := st.FindActivityEvents(ctx, a1.ID); err != nil || len(evs) != 1 || evs[0].To != programme.StatusSubmitted {
			t.Errorf("events = %+v, %v", evs, err)
		}

		f := &programme.File{ActivityID: a1.ID, Name: "du-toan.pdf", ContentType: programme.TypePDF, Size: 8, Data: []byte("%PDF-1.4"), UploadedAt: now}
		if err := st.CreateActivityFile(ctx, f); err != nil {
			t.Fatal(err)
		}
		if fs, err := st.FindActivityFiles(ctx, a1.ID); err != nil || len(fs) != 1 || fs[0].Data != nil || fs[0].Name != "du-toan.pdf" {
			t.Errorf("files = %+v, %v", fs, err)
		}
		if g, err := st.FindActivityFile(ctx, f.ID); err != nil || string(g.Data) != "%PDF-1.4" {
			t.Errorf("file = %+v, %v", g, err)
		}
		if err := st.DeleteActivityFile(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.FindActivityFile(ctx, f.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("deleted file: %v", err)
		}

		cs, err := st.FindReviewerCandidates(ctx)
		if err != nil || len(cs) != 1 || cs[0].UserID != rev.ID {
			t.Errorf("candidates = %+v, %v", cs, err)
		}
		if l, err := st.FindExpertLinks(ctx, rev.ID); err != nil || l.ExpertID != 0 {
			t.Errorf("links of an account without a profile = %+v, %v", l, err)
		}
	})
}

// TestProgrammeStore_LockActivity: the lock is taken on an existing
// activity and a missing one is NotFound; on PostgreSQL a second
// transaction waits for the first to end before it gets the lock, then
// reads what the first wrote.
func TestProgrammeStore_LockActivity(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		now := time.Now().UTC()
		a := &programme.Activity{Type: programme.TypeTraining, Track: programme.TrackCapacity, Year: 2026, Title: "Khóa học",
			Status: programme.StatusDraft, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		err := st.Tx(ctx, func(tx programme.Store) error { return tx.LockActivity(ctx, a.ID+1000) })
		if !fault.Is(err, fault.NotFound) {
			t.Fatalf("a missing activity: %v", err)
		}
		locked, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- st.Tx(ctx, func(tx programme.Store) error {
				if err := tx.LockActivity(ctx, a.ID); err != nil {
					return err
				}
				close(locked)
				<-release
				return tx.SetTitleFolded(ctx, a.ID, "da khoa")
			})
		}()
		<-locked
		second := make(chan string, 1)
		go func() {
			var title string
			err := st.Tx(ctx, func(tx programme.Store) error {
				return tx.LockActivity(ctx, a.ID)
			})
			if err == nil {
				_ = db.WriteDB().QueryRowContext(ctx, `SELECT title_folded FROM activities WHERE id = $1`, int64(a.ID)).Scan(&title)
			}
			second <- title
		}()
		select {
		case <-second:
			t.Fatal("the second transaction got the lock while the first held it")
		case <-time.After(200 * time.Millisecond):
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := <-second; got != "da khoa" {
			t.Errorf("after the lock: %q", got)
		}
	})
}

// TestProgrammeStore_ActivityWords pins the title search's word index on
// both databases: titles with diacritics are found by unaccented prefixes,
// every query word must match, a renamed activity is found by its new
// title and no longer by its old one, bulk-loaded activities are found,
// LIKE's wildcards in a query are plain characters, and the words go with
// a deleted activity.
func TestProgrammeStore_ActivityWords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		now := time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC)
		mk := func(title string) *programme.Activity {
			a := &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2026, Title: title,
				Status: programme.StatusDraft, CreatedAt: now, UpdatedAt: now}
			if err := st.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		kaizen := mk("Mô hình  KAIZEN xưởng may Đồng Nai")
		fivePct := mk("Giảm 5% phế phẩm dây chuyền bao bì")
		steel := mk("Áp dụng 5S nhà máy thép")
		bulk := []*sqldb.BulkActivity{
			{Activity: &programme.Activity{Type: programme.TypeTraining, Track: programme.TrackCapacity, Year: 2026,
				Title: "Đào tạo chuyên gia năng suất Quảng Ngãi", Status: programme.StatusDraft}},
			{Activity: &programme.Activity{Type: programme.TypeTraining, Track: programme.TrackCapacity, Year: 2026,
				Title: "Tiết kiệm năng lượng lò hơi", Status: programme.StatusDraft}},
		}
		if err := st.CreateActivitiesBulk(ctx, bulk); err != nil {
			t.Fatal(err)
		}
		training, energy := bulk[0].Activity, bulk[1].Activity

		search := func(name, q string, want ...programme.ActivityID) {
			t.Helper()
			as, n, err := st.FindActivities(ctx, programme.ActivityFilter{All: true, Query: q})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got []programme.ActivityID
			for _, a := range as {
				got = append(got, a.ID)
			}
			ok := len(got) == len(want) && n == len(want)
			for i := 0; ok && i < len(got); i++ {
				ok = got[i] == want[i]
			}
			if !ok {
				t.Errorf("%s (%q) = %v (total %d), want %v", name, q, got, n, want)
			}
		}
		search("unaccented prefix", "dong na", kaizen.ID)
		search("prefix of a word", "kai", kaizen.ID)
		search("accents and capitals typed", "XƯỞNG Mấy", kaizen.ID)
		search("đ folds to d", "đồng", kaizen.ID)
		search("not inside a word", "aizen")
		search("every word needed", "kaizen thep")
		search("every word, in any order", "thep ap 5s", steel.ID)
		search("shared word, newest first", "nha may", steel.ID)
		search("5 prefix", "5", steel.ID, fivePct.ID)
		search("percent is literal", "5%", fivePct.ID)
		search("percent alone matches nothing", "%")
		search("underscore is literal", "5_")
		search("bulk-loaded", "nang suat", training.ID)
		search("bulk-loaded, accented", "lò hơi", energy.ID)
		search("shared by bulk-loaded", "nang", energy.ID, training.ID)

		if err := st.SetTitleFolded(ctx, kaizen.ID, vn.Fold("Mô hình Lean phân xưởng cơ khí")); err != nil {
			t.Fatal(err)
		}
		search("renamed: new title", "lean co kh", kaizen.ID)
		search("renamed: old title", "kaizen")
		search("renamed: old place", "dong nai")
		// In a transaction that rolls back, the words roll back too.
		errRollback := fault.New(fault.Conflict, "x", "x")
		if err := st.Tx(ctx, func(tx programme.Store) error {
			if err := tx.SetTitleFolded(ctx, steel.ID, "khac"); err != nil {
				return err
			}
			return errRollback
		}); err != errRollback {
			t.Fatalf("rollback: %v", err)
		}
		search("rolled back rename", "thep", steel.ID)

		var n int
		if _, err := db.WriteDB().ExecContext(ctx, `DELETE FROM activities WHERE id = $1`, int64(energy.ID)); err != nil {
			t.Fatal(err)
		}
		if err := db.WriteDB().QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_words WHERE activity_id = $1`,
			int64(energy.ID)).Scan(&n); err != nil || n != 0 {
			t.Errorf("words of a deleted activity: %d, %v", n, err)
		}
	})
}
