package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// newTestContest is a contest with two categories and a three-line rubric,
// for the contest store tests of every area.
func newTestContest(code string) *contest.Contest {
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, vn.Zone) }
	return &contest.Contest{Code: code, Title: "Giải thưởng Năng suất Chất lượng 2026", Year: 2026, Kind: contest.KindYearly,
		EntryKind: contest.EntrySolution, RulesMD: "# Thể lệ", Status: contest.StatusAnnounced,
		EntriesOpen: d(3, 1), EntriesClose: d(6, 30), JudgingEnd: d(9, 30), PublishOn: d(10, 15), MinJudges: 3, Blind: true,
		Eligibility: contest.Eligibility{MinOperatingMonths: 36, SizeClasses: []string{"small", "medium"}},
		Categories: []contest.Category{
			{Code: "DM", Name: "Dệt may", Basis: contest.BasisSector, Value: "textiles", Position: 1,
				Awards: []contest.AwardTier{{Name: "Giải Vàng", Count: 1, MinScore: 80}, {Name: "Giải Bạc", Count: 2, MinScore: 60}}},
			{Code: "CK", Name: "Cơ khí", Basis: contest.BasisSector, Value: "mechanical", Position: 2}},
		Criteria: []contest.Criterion{
			{Code: "1", Name: "Tính mới", Guidance: "Giải pháp mới ở Việt Nam?", MaxPoints: 30, TieBreak: 2, Position: 1},
			{Code: "2", Name: "Hiệu quả", MaxPoints: 50, TieBreak: 1, Position: 2},
			{Code: "3", Name: "Khả năng nhân rộng", MaxPoints: 20, Position: 3}}}
}

// TestContestStore_Core pins the round trip of a contest with its
// categories and rubric, an entry (its JSON columns and the registry's
// fields) and an honour, the duplicates that are Conflicts and the
// lookups that answer NotFound, on both databases.
func TestContestStore_Core(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Contest()
		es := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Dệt Thử", ProvinceCode: "79"}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		c := newTestContest("NSCL-2026")
		if err := st.CreateContest(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.Version != 1 || c.Categories[1].ID == 0 || c.Criteria[2].ID == 0 || c.MaxPoints != 100 {
			t.Fatalf("created %+v", c)
		}
		got, err := st.FindContest(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(c, got, cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("contest (-want +got):\n%s", d)
		}
		if err := st.CreateContest(ctx, newTestContest("NSCL-2026")); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate code: %v", err)
		}

		now := time.Date(2026, 4, 2, 3, 4, 5, 0, time.UTC)
		e := &contest.Entry{ContestID: c.ID, CategoryID: c.Categories[0].ID, EnterpriseID: es[0].ID, Code: "NSCL-2026-001",
			Title: "Cắt vải tự động", SummaryMD: "Giảm **12 %** vải thừa", Form: map[string]string{"1": "Lần đầu ở Việt Nam"},
			KPIs:        []contest.EntryKPI{{Name: "Tỷ lệ vải thừa", Unit: "%", Before: 14, After: 2, Verified: true}},
			ActivityIDs: []int64{7}, Status: contest.EntrySubmitted, SubmittedAt: &now, CreatedAt: now}
		if err := st.CreateEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		ge, err := st.FindEntry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.EnterpriseName, e.ProvinceCode, e.TaxCode = "Công ty TNHH Dệt Thử", "79", "0312345678"
		if d := cmp.Diff(e, ge, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("entry (-want +got):\n%s", d)
		}
		dup := *e
		dup.Code = "NSCL-2026-002"
		if err := st.CreateEntry(ctx, &dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second entry in the category: %v", err)
		}
		for _, tc := range []struct {
			f    contest.EntryFilter
			want int
		}{
			{contest.EntryFilter{ContestID: c.ID}, 1},
			{contest.EntryFilter{ContestID: c.ID, Statuses: []contest.EntryStatus{contest.EntryAccepted, contest.EntrySubmitted}}, 1},
			{contest.EntryFilter{ContestID: c.ID, Statuses: []contest.EntryStatus{contest.EntryAccepted}}, 0},
			{contest.EntryFilter{CategoryID: c.Categories[1].ID}, 0},
			{contest.EntryFilter{EnterpriseID: es[0].ID}, 1},
		} {
			if got, err := st.FindEntries(ctx, tc.f); err != nil || len(got) != tc.want {
				t.Errorf("FindEntries(%+v) = %d, %v; want %d", tc.f, len(got), err, tc.want)
			}
		}

		h := &contest.Honour{Year: 2026, Kind: contest.EntrySolution, EnterpriseID: es[0].ID, Title: e.Title, Award: "Giải Vàng — Dệt may",
			ContestID: c.ID, EntryID: e.ID, Rank: 1, Score: 91.5, StoryMD: "Câu chuyện", KPIs: e.KPIs, Slug: "cat-vai-tu-dong",
			PublishedOn: c.PublishOn, CreatedAt: now}
		if err := st.CreateHonour(ctx, h); err != nil {
			t.Fatal(err)
		}
		gh, err := st.FindHonour(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		h.EnterpriseName, h.ProvinceCode, h.ContestTitle = es[0].Name, "79", c.Title
		if d := cmp.Diff(h, gh, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("honour (-want +got):\n%s", d)
		}
		again := *h
		again.Slug = "khac"
		if err := st.CreateHonour(ctx, &again); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second honour of the entry: %v", err)
		}
		for name, err := range map[string]error{
			"contest": func() error { _, err := st.FindContest(ctx, 9999); return err }(),
			"entry":   func() error { _, err := st.FindEntry(ctx, 9999); return err }(),
			"honour":  func() error { _, err := st.FindHonour(ctx, 9999); return err }(),
		} {
			if !fault.Is(err, fault.NotFound) {
				t.Errorf("%s 9999: %v, want NotFound", name, err)
			}
		}
	})
}
