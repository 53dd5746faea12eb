package sqldb_test

import (
	"context"
	"math"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// judgingWorld is a contest in judging with two accepted entries (of
// enterprises in 79 and 01), two judges and an organiser.
type judgingWorld struct {
	db      *sqldb.DB
	st      *sqldb.ContestStore
	c       *contest.Contest
	ents    []*registry.Enterprise
	entries []*contest.Entry
	judges  []*auth.User // judges[0..2]
	admin   *auth.User
}

func newJudgingWorld(t *testing.T, db *sqldb.DB) *judgingWorld {
	t.Helper()
	ctx := context.Background()
	w := &judgingWorld{db: db, st: db.Contest()}
	w.ents = []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Dệt Sài Gòn", ProvinceCode: "79"},
		{TaxCode: "0109876543", Name: "Công ty CP Cơ khí Hà Nội", ProvinceCode: "01"}}
	if err := db.Registry().CreateEnterprises(ctx, w.ents); err != nil {
		t.Fatal(err)
	}
	w.c = newTestContest("NSCL-J")
	w.c.Status = contest.StatusJudging
	w.c.MinJudges = 2
	if err := w.st.CreateContest(ctx, w.c); err != nil {
		t.Fatal(err)
	}
	sub := time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)
	for i, en := range w.ents {
		s := sub.Add(time.Duration(i) * time.Hour)
		e := &contest.Entry{ContestID: w.c.ID, CategoryID: w.c.Categories[0].ID, EnterpriseID: en.ID, Code: "NSCL-J-00" + string(rune('1'+i)),
			Title: "Giải pháp " + en.Name, Status: contest.EntryAccepted, SubmittedAt: &s}
		if err := w.st.CreateEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		w.entries = append(w.entries, e)
	}
	for _, name := range []string{"An Giám Khảo", "Bình Giám Khảo", "Chi Giám Khảo"} {
		w.judges = append(w.judges, mustCreateUser(t, db, auth.User{Email: vnEmail(name), Name: name, Role: auth.RoleJudge}))
	}
	w.admin = mustCreateUser(t, db, auth.User{Email: "admin@j.test", Name: "Quản trị", Role: auth.RoleAdmin})
	return w
}

func vnEmail(name string) string {
	out := []rune{}
	for _, r := range name {
		if r < 128 && r != ' ' {
			out = append(out, r)
		}
	}
	return string(out) + "@j.test"
}

// TestContestStore_Judging pins the judges' pool, conflicts, assignments
// (scores round trip, stale versions, only unscored ones deleted),
// consensus, phases and frozen results, on both databases.
func TestContestStore_Judging(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newJudgingWorld(t, db)
		st := w.st
		users, err := st.FindJudgeUsers(ctx)
		if err != nil || len(users) != 3 || users[0].Name != "An Giám Khảo" {
			t.Fatalf("judge users %+v, %v", users, err)
		}
		insertExperts(t, db, []testExpert{{ID: 951, Name: "Chuyên gia Tư vấn", Province: "79", Capacity: 2}})
		j := &contest.Judge{ContestID: w.c.ID, UserID: int64(w.judges[0].ID), Organisation: "Sở Công Thương TP.HCM", OrgProvince: "79",
			ProvincialOrg: true, ExpertID: 951}
		if err := st.AddJudge(ctx, j); err != nil || j.ID == 0 {
			t.Fatalf("add judge: %v", err)
		}
		if err := st.AddJudge(ctx, &contest.Judge{ContestID: w.c.ID, UserID: int64(w.judges[0].ID)}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("judge twice: %v", err)
		}
		if err := st.AddJudge(ctx, &contest.Judge{ContestID: w.c.ID, UserID: int64(w.judges[1].ID), Organisation: "Viện NSCL"}); err != nil {
			t.Fatal(err)
		}
		js, err := st.FindJudges(ctx, w.c.ID, 0)
		if err != nil || len(js) != 2 || !js[0].ProvincialOrg || js[0].ExpertName != "Chuyên gia Tư vấn" || js[0].Email == "" || js[1].ExpertID != 0 {
			t.Fatalf("judges %+v, %v", js, err)
		}
		if got, _ := st.FindJudges(ctx, w.c.ID, int64(w.judges[1].ID)); len(got) != 1 || got[0].Organisation != "Viện NSCL" {
			t.Fatalf("one judge %+v", got)
		}
		if ents, err := st.ConsultedEnterprises(ctx, 951); err != nil || len(ents) != 0 {
			t.Fatalf("consulted %v %v", ents, err)
		}

		x := &contest.Conflict{ContestID: w.c.ID, EntryID: w.entries[1].ID, UserID: int64(w.judges[1].ID), Reason: "Từng làm việc tại đây"}
		if err := st.DeclareConflict(ctx, x); err != nil || x.ID == 0 {
			t.Fatal(err)
		}
		dup := *x
		if err := st.DeclareConflict(ctx, &dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("conflict twice: %v", err)
		}
		if xs, err := st.FindConflicts(ctx, contest.AssignmentFilter{ContestID: w.c.ID}); err != nil || len(xs) != 1 || xs[0].EntryCode != w.entries[1].Code {
			t.Fatalf("conflicts %+v %v", xs, err)
		}

		a := &contest.Assignment{ContestID: w.c.ID, EntryID: w.entries[0].ID, UserID: int64(w.judges[1].ID)}
		if err := st.CreateAssignment(ctx, a); err != nil || a.Version != 1 || a.Status != contest.AssignPending {
			t.Fatalf("assign: %v %+v", err, a)
		}
		if err := st.CreateAssignment(ctx, &contest.Assignment{ContestID: w.c.ID, EntryID: w.entries[0].ID, UserID: int64(w.judges[1].ID)}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("assign twice: %v", err)
		}
		b := &contest.Assignment{ContestID: w.c.ID, EntryID: w.entries[1].ID, UserID: int64(w.judges[0].ID)}
		if err := st.CreateAssignment(ctx, b); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 7, 2, 1, 2, 3, 0, time.UTC)
		a.Marks = map[string]contest.Mark{"1": {Points: 25.5, Comment: "Mới"}, "2": {Points: 40}, "3": {Points: 10}}
		a.Comment, a.Status, a.SubmittedAt = "Tốt", contest.AssignSubmitted, &now
		if err := st.UpdateAssignment(ctx, a); err != nil || a.Version != 2 {
			t.Fatalf("update: %v", err)
		}
		stale := *a
		stale.Version = 1
		if err := st.UpdateAssignment(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		got, err := st.FindAssignment(ctx, w.entries[0].ID, int64(w.judges[1].ID))
		if err != nil || got.Marks["1"].Points != 25.5 || got.Marks["1"].Comment != "Mới" || got.Total() != 75.5 || got.Status != contest.AssignSubmitted ||
			got.SubmittedAt == nil || !got.SubmittedAt.Equal(now) || got.EntryCode != w.entries[0].Code || got.JudgeName != "Bình Giám Khảo" ||
			got.ContestTitle != w.c.Title || got.CategoryID != w.c.Categories[0].ID {
			t.Fatalf("found %+v, %v", got, err)
		}
		if _, err := st.FindAssignment(ctx, w.entries[1].ID, int64(w.judges[1].ID)); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing assignment: %v", err)
		}
		if taken, err := st.HonourSlugTaken(ctx, 2026, "x"); err != nil || taken {
			t.Fatalf("slug taken %v %v", taken, err)
		}
		if as, err := st.FindAssignments(ctx, contest.AssignmentFilter{ContestID: w.c.ID}); err != nil || len(as) != 2 {
			t.Fatalf("assignments %d %v", len(as), err)
		}
		if as, _ := st.FindAssignments(ctx, contest.AssignmentFilter{UserID: int64(w.judges[0].ID)}); len(as) != 1 || as[0].ID != b.ID {
			t.Fatalf("judge's assignments %+v", as)
		}
		if err := st.DeleteAssignment(ctx, a.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("delete scored: %v", err)
		}
		// Removing judge 0 drops their unscored assignment b.
		if err := st.RemoveJudge(ctx, w.c.ID, int64(w.judges[0].ID)); err != nil {
			t.Fatal(err)
		}
		if as, _ := st.FindAssignments(ctx, contest.AssignmentFilter{ContestID: w.c.ID}); len(as) != 1 {
			t.Fatalf("after removal %d", len(as))
		}
		if err := st.RemoveJudge(ctx, w.c.ID, int64(w.judges[0].ID)); !fault.Is(err, fault.NotFound) {
			t.Fatalf("remove twice: %v", err)
		}

		cs := &contest.Consensus{ContestID: w.c.ID, EntryID: w.entries[0].ID, Scores: map[string]float64{"1": 27}, Note: "Thống nhất",
			RecordedBy: int64(w.admin.ID)}
		if err := st.SaveConsensus(ctx, cs); err != nil || cs.Version != 1 {
			t.Fatal(err)
		}
		cs.Scores["2"] = 41
		if err := st.SaveConsensus(ctx, cs); err != nil || cs.Version != 2 {
			t.Fatal(err)
		}
		cs.Version = 1
		if err := st.SaveConsensus(ctx, cs); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale consensus: %v", err)
		}
		if got, err := st.FindConsensus(ctx, w.c.ID); err != nil || len(got) != 1 || got[0].Scores["2"] != 41 || got[0].Note != "Thống nhất" {
			t.Fatalf("consensus %+v %v", got, err)
		}

		v, err := st.SetContestStatus(ctx, w.c.ID, w.c.Version, contest.StatusConsensus)
		if err != nil || v != 2 {
			t.Fatalf("status: %v %d", err, v)
		}
		if _, err := st.SetContestStatus(ctx, w.c.ID, 1, contest.StatusDecided); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale status: %v", err)
		}
		if err := st.AddPhase(ctx, &contest.PhaseChange{ContestID: w.c.ID, From: contest.StatusJudging, To: contest.StatusConsensus,
			Forced: true, Note: "Thiếu 1 phiếu", By: int64(w.admin.ID)}); err != nil {
			t.Fatal(err)
		}
		if ps, err := st.FindPhases(ctx, w.c.ID); err != nil || len(ps) != 1 || !ps[0].Forced || ps[0].To != contest.StatusConsensus {
			t.Fatalf("phases %+v %v", ps, err)
		}

		rs := []contest.Ranked{
			{ID: w.entries[1].ID, CategoryID: w.c.Categories[0].ID, Judges: 1, Raw: 60, Normalised: 62, Final: 62, Criteria: []float64{20, 30, 12},
				RawRank: 2, Rank: 1, AwardTier: 0, Award: "Giải Vàng"},
			{ID: w.entries[0].ID, CategoryID: w.c.Categories[0].ID, Judges: 1, Raw: 75.5, Normalised: math.NaN(), Final: 61, Consensus: true,
				Criteria: []float64{27, 24, 10}, RawRank: 1, Rank: 2, AwardTier: -1},
		}
		if err := st.SaveResults(ctx, w.c.ID, rs); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveResults(ctx, w.c.ID, rs); err != nil {
			t.Fatalf("save again: %v", err)
		}
		res, err := st.FindResults(ctx, w.c.ID)
		if err != nil || len(res) != 2 || res[0].ID != w.entries[1].ID || res[0].Award != "Giải Vàng" || res[1].Normalised != 0 ||
			!res[1].Consensus || res[1].Criteria[0] != 27 || res[1].AwardTier != -1 {
			t.Fatalf("results %+v %v", res, err)
		}
	})
}
