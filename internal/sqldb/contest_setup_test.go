package sqldb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestContestStore_Setup updates a draft with its parts, lists contests
// with the draft rules, counts entries and records a cancellation, on both
// databases.
func TestContestStore_Setup(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Contest()
		draft := newTestContest("HN-2026")
		draft.Status, draft.ProvinceCode = contest.StatusDraft, "01"
		pub := newTestContest("NSCL-2026")
		for _, c := range []*contest.Contest{draft, pub} {
			if err := st.CreateContest(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		draft.Title = "Giải thưởng Hà Nội"
		draft.Categories = draft.Categories[:1]
		draft.Criteria = append(draft.Criteria, contest.Criterion{Code: "4", Name: "Bền vững", MaxPoints: 10, Position: 4})
		if err := st.UpdateContest(ctx, draft, true); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindContest(ctx, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Giải thưởng Hà Nội" || len(got.Categories) != 1 || len(got.Criteria) != 4 || got.MaxPoints != 110 || got.Version != 2 {
			t.Fatalf("updated %+v", got)
		}
		stale := *got
		stale.Version = 1
		if err := st.UpdateContest(ctx, &stale, false); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		hn, none := "01", ""
		for _, tc := range []struct {
			f    contest.ContestFilter
			want int
		}{
			{contest.ContestFilter{}, 1},
			{contest.ContestFilter{DraftsAll: true}, 2},
			{contest.ContestFilter{DraftsOf: &hn}, 2},
			{contest.ContestFilter{DraftsOf: &none}, 1},
			{contest.ContestFilter{DraftsAll: true, ProvinceCode: &hn}, 1},
			{contest.ContestFilter{Year: 2025}, 0},
			{contest.ContestFilter{Status: contest.StatusAnnounced}, 1},
		} {
			if got, err := st.FindContests(ctx, tc.f); err != nil || len(got) != tc.want {
				t.Errorf("FindContests(%+v) = %d, %v; want %d", tc.f, len(got), err, tc.want)
			}
		}
		if _, err := st.FindCancellation(ctx, pub.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("no cancellation: %v", err)
		}
		x := &contest.Cancellation{ContestID: pub.ID, Reason: "Thiếu kinh phí", CancelledAt: time.Date(2026, 5, 1, 1, 0, 0, 0, time.UTC)}
		if err := st.CreateCancellation(ctx, x); err != nil {
			t.Fatal(err)
		}
		if gx, err := st.FindCancellation(ctx, pub.ID); err != nil || gx.Reason != x.Reason || !gx.CancelledAt.Equal(x.CancelledAt) {
			t.Fatalf("cancellation %+v, %v", gx, err)
		}
		counts, err := st.CountEntriesByStatus(ctx, pub.ID)
		if err != nil || len(counts) != 0 {
			t.Fatalf("counts %v, %v", counts, err)
		}
	})
}

// TestContestStore_Entries numbers entries concurrently without gaps or
// collisions, updates an entry under its version and keeps its files, on
// both databases.
func TestContestStore_Entries(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Contest()
		es := []*registry.Enterprise{{TaxCode: "0312345679", Name: "Công ty TNHH Nhựa Thử", ProvinceCode: "01"}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		c := newTestContest("NSCL-2026")
		if err := st.CreateContest(ctx, c); err != nil {
			t.Fatal(err)
		}
		const n = 12
		var wg sync.WaitGroup
		got := make(chan int, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := st.Tx(ctx, func(tx contest.Store) error {
					k, err := tx.NextEntryNumber(ctx, c.ID)
					if err == nil {
						got <- k
					}
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		close(got)
		seen := map[int]bool{}
		for k := range got {
			if seen[k] || k < 1 || k > n {
				t.Errorf("number %d repeated or out of 1..%d", k, n)
			}
			seen[k] = true
		}
		// A rolled back number leaves no gap.
		_ = st.Tx(ctx, func(tx contest.Store) error {
			if _, err := tx.NextEntryNumber(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
			return fault.New(fault.Invalid, "lỗi", "fail")
		})
		if k, err := st.NextEntryNumber(ctx, c.ID); err != nil || k != n+1 {
			t.Fatalf("after a rollback: %d, %v; want %d", k, err, n+1)
		}

		e := &contest.Entry{ContestID: c.ID, CategoryID: c.Categories[0].ID, EnterpriseID: es[0].ID, Code: "NSCL-2026-001",
			Title: "5S xưởng nhựa", Status: contest.EntryDraft}
		if err := st.CreateEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 4, 2, 3, 0, 0, 0, time.UTC)
		e.Title, e.Status, e.SubmittedAt, e.Form = "5S và Kaizen xưởng nhựa", contest.EntrySubmitted, &now, map[string]string{"1": "Có"}
		e.KPIs = []contest.EntryKPI{{Name: "Phế phẩm", Unit: "%", Before: 5, After: 2}}
		if err := st.UpdateEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		ge, err := st.FindEntry(ctx, e.ID)
		if err != nil || ge.Title != e.Title || ge.Status != contest.EntrySubmitted || ge.Version != 2 || ge.SubmittedAt == nil ||
			ge.Form["1"] != "Có" || len(ge.KPIs) != 1 {
			t.Fatalf("updated entry %+v, %v", ge, err)
		}
		ge.Version = 1
		if err := st.UpdateEntry(ctx, ge); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale entry update: %v", err)
		}
		counts, err := st.CountEntriesByStatus(ctx, c.ID)
		if err != nil || counts[contest.EntrySubmitted] != 1 {
			t.Fatalf("counts %v, %v", counts, err)
		}

		f := &contest.EntryFile{EntryID: e.ID, Name: "bao-cao.pdf", ContentType: "application/pdf", Size: 9, Data: []byte("%PDF-1.4\n"), UploadedAt: now}
		if err := st.CreateEntryFile(ctx, f); err != nil {
			t.Fatal(err)
		}
		fs, err := st.FindEntryFiles(ctx, e.ID)
		if err != nil || len(fs) != 1 || fs[0].Data != nil || fs[0].Name != f.Name {
			t.Fatalf("files %+v, %v", fs, err)
		}
		gf, err := st.FindEntryFile(ctx, f.ID)
		if err != nil || string(gf.Data) != "%PDF-1.4\n" {
			t.Fatalf("file %+v, %v", gf, err)
		}
		if err := st.DeleteEntryFile(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteEntryFile(ctx, f.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("second delete: %v", err)
		}
		if _, err := st.FindEntryFile(ctx, f.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("deleted file: %v", err)
		}
	})
}
