package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

func actorOf(u *auth.User, role auth.Role) context.Context {
	a := &auth.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: role}
	if role == auth.RoleEnterprise {
		a.EnterpriseID = u.EnterpriseID
	}
	return auth.WithActor(context.Background(), a)
}

// judgingSvc is a judging world with a service at 2026-07-01.
func judgingSvc(t *testing.T, db *sqldb.DB) (*judgingWorld, *contest.Service, *time.Time) {
	w := newJudgingWorld(t, db)
	now := time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC)
	svc := contest.NewService(contest.Options{Store: w.st, Registry: registry.NewService(db.Registry()), Clock: func() time.Time { return now }})
	return w, svc, &now
}

func marks(a, b, c float64) map[string]contest.Mark {
	return map[string]contest.Mark{"1": {Points: a, Comment: "Nhận xét 1"}, "2": {Points: b}, "3": {Points: c}}
}

// TestJudging_ConflictsAndScoring covers the bad input of the issue: a
// judge scoring an entry with a conflict (provincial body of the
// entrant's province, own consultant, declared), a score outside the
// criterion's range (a per-field error), a judge seeing another's scores
// before consensus; and blind judging hides the entrant.
func TestJudging_ConflictsAndScoring(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w, svc, _ := judgingSvc(t, db)
		org := actorOf(w.admin, auth.RoleAdmin)
		ctx := context.Background()
		insertExperts(t, db, []testExpert{{ID: 961, Name: "Tư Vấn Viên", Province: "01", Capacity: 2}})
		// Judge 2 is the expert who consulted entrant 1 (Hà Nội).
		var need, interest int64
		if err := db.WriteDB().QueryRowContext(ctx, `INSERT INTO needs (enterprise_id, province_code, tools, published_at, updated_at, status)
			VALUES ($1, '01', '5s', $2, $2, 'filled') RETURNING id`, int64(w.ents[1].ID), time.Now()).Scan(&need); err != nil {
			t.Fatal(err)
		}
		if err := db.WriteDB().QueryRowContext(ctx, `INSERT INTO need_interests (need_id, expert_id, status, created_at)
			VALUES ($1, 961, 'accepted', $2) RETURNING id`, need, time.Now()).Scan(&interest); err != nil {
			t.Fatal(err)
		}
		if _, err := db.WriteDB().ExecContext(ctx, `INSERT INTO engagements (need_id, enterprise_id, expert_id, interest_id, status, accepted_at)
			VALUES ($1, $2, 961, $3, 'active', $4)`, need, int64(w.ents[1].ID), interest, time.Now()); err != nil {
			t.Fatal(err)
		}
		for i, in := range []contest.JudgeInput{
			{UserID: int64(w.judges[0].ID), Organisation: "Sở Công Thương TP.HCM", OrgProvince: "79", ProvincialOrg: true},
			{UserID: int64(w.judges[1].ID), Organisation: "Viện Năng suất"},
			{UserID: int64(w.judges[2].ID), Organisation: "Công ty Tư vấn", ExpertID: 961},
		} {
			if _, err := svc.AddJudge(org, w.c.ID, in); err != nil {
				t.Fatalf("judge %d: %v", i, err)
			}
		}
		if _, err := svc.AddJudge(actorOf(w.judges[0], auth.RoleJudge), w.c.ID, contest.JudgeInput{UserID: int64(w.admin.ID), Organisation: "X"}); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("a judge adding judges: %v", err)
		}
		if _, err := svc.AddJudge(org, w.c.ID, contest.JudgeInput{UserID: int64(w.admin.ID), Organisation: "X"}); !fault.Is(err, fault.Invalid) {
			t.Fatalf("an admin as judge: %v", err)
		}
		// Automatic exclusions refuse manual assignment.
		if err := svc.Assign(org, w.entries[0].ID, int64(w.judges[0].ID)); !fault.Is(err, fault.Conflict) {
			t.Fatalf("provincial body on its province's entrant: %v", err)
		}
		if err := svc.Assign(org, w.entries[1].ID, int64(w.judges[2].ID)); !fault.Is(err, fault.Conflict) {
			t.Fatalf("own consultant: %v", err)
		}
		rep, err := svc.AutoAssign(org, w.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Entry 0 (79): judges 1, 2; entry 1 (01): judges 0, 1. MinJudges 2: all covered.
		if rep.Added != 4 || len(rep.Uncovered) != 0 {
			t.Fatalf("auto %+v", rep)
		}
		if rep, _ := svc.AutoAssign(org, w.c.ID); rep.Added != 0 {
			t.Fatalf("rerun added %d", rep.Added)
		}
		// A judge with an assignment-free conflict cannot read or score.
		j0, j1, j2 := actorOf(w.judges[0], auth.RoleJudge), actorOf(w.judges[1], auth.RoleJudge), actorOf(w.judges[2], auth.RoleJudge)
		if _, err := svc.Score(j0, w.entries[0].ID, contest.ScoreInput{Marks: marks(1, 1, 1), Version: 1}); !fault.Is(err, fault.Forbidden) ||
			!strings.Contains(fault.MessageOf(err).En, "conflict") {
			t.Fatalf("scoring with a conflict: %v", err)
		}
		sh, err := svc.Sheet(j1, w.entries[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sh.Blind || sh.Entry.EnterpriseName != "" || sh.Entry.TaxCode != "" || sh.Entry.ProvinceCode != "" || sh.Entry.Code == "" {
			t.Fatalf("blind sheet shows %+v", sh.Entry)
		}
		// Out of range: per-field errors, nothing saved.
		_, err = svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: marks(31, -1, 5), Version: sh.Assignment.Version})
		if f := fault.FieldsOf(err); !fault.Is(err, fault.Invalid) || f["score_1"].Vi == "" || f["score_2"].Vi == "" || f["score_3"].Vi != "" {
			t.Fatalf("out of range: %v %v", err, f)
		}
		if _, err := svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: map[string]contest.Mark{"1": {Points: 20}}, Submit: true, Version: 1}); !fault.Is(err, fault.Invalid) {
			t.Fatalf("incomplete submission: %v", err)
		}
		a1, err := svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: marks(25, 40, 15), Comment: "Tốt", Version: 1})
		if err != nil || a1.Status != contest.AssignDraft {
			t.Fatalf("draft: %v", err)
		}
		if a1, err = svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: marks(25, 40, 15), Comment: "Tốt", Submit: true, Version: a1.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Score(j1, w.entries[0].ID, contest.ScoreInput{Marks: marks(1, 1, 1), Version: a1.Version}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("changing a submitted sheet: %v", err)
		}
		// Judge 2 does not see judge 1's scores before consensus.
		sh2, err := svc.Sheet(j2, w.entries[0].ID)
		if err != nil || sh2.Others != nil || sh2.Assignment.UserID != int64(w.judges[2].ID) {
			t.Fatalf("another's scores visible: %+v %v", sh2, err)
		}
		if _, err := svc.ConsensusRound(j2, w.c.ID); err == nil {
			t.Fatal("consensus view before the round")
		}
		// Declaring a conflict removes the assignment and refuses scoring.
		if err := svc.DeclareConflict(j2, w.entries[0].ID, "Người thân làm ở đây"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Score(j2, w.entries[0].ID, contest.ScoreInput{Marks: marks(1, 1, 1), Version: 1}); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("scoring after declaring: %v", err)
		}
		q, err := svc.JudgeQueue(j2)
		if err != nil || len(q.Conflicts) != 1 || len(q.ToScore) != 0 {
			t.Fatalf("queue %+v %v", q, err)
		}
		q1, _ := svc.JudgeQueue(j1)
		if len(q1.Scored) != 1 || len(q1.ToScore) != 1 {
			t.Fatalf("judge 1's queue %+v", q1)
		}
		// Blind solution contest whose titles name the entrant ("Giải pháp …
		// của Công ty X"): the queue masks the title as the sheet does.
		for _, it := range append(q1.Scored, q1.ToScore...) {
			for _, e := range w.ents {
				if strings.Contains(it.Assignment.EntryTitle, e.Name) || strings.Contains(it.Assignment.EntryTitle, e.TaxCode) {
					t.Errorf("blind queue shows %q, naming the entrant %q", it.Assignment.EntryTitle, e.Name)
				}
			}
			if it.Assignment.EntryTitle != it.Assignment.EntryCode {
				t.Errorf("blind queue title %q, want the code %q", it.Assignment.EntryTitle, it.Assignment.EntryCode)
			}
		}
	})
}

// TestJudging_PhasesResults runs a contest from judging to decided:
// closing with missing sheets is refused unless forced with a note,
// judges see each other's scores in the consensus round, the decision
// freezes the results and creates the honours, which are public from the
// publication day, with the feedback report for the entrant.
func TestJudging_PhasesResults(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w, svc, now := judgingSvc(t, db)
		org := actorOf(w.admin, auth.RoleAdmin)
		for _, j := range w.judges[1:] {
			if _, err := svc.AddJudge(org, w.c.ID, contest.JudgeInput{UserID: int64(j.ID), Organisation: "Viện"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.AutoAssign(org, w.c.ID); err != nil {
			t.Fatal(err)
		}
		j1, j2 := actorOf(w.judges[1], auth.RoleJudge), actorOf(w.judges[2], auth.RoleJudge)
		score := func(ctx context.Context, e int, m map[string]contest.Mark) {
			t.Helper()
			if _, err := svc.Score(ctx, w.entries[e].ID, contest.ScoreInput{Marks: m, Submit: true, Comment: "Chung", Version: 1}); err != nil {
				t.Fatal(err)
			}
		}
		score(j1, 0, marks(28, 45, 18))
		score(j1, 1, marks(20, 30, 10))
		score(j2, 0, marks(22, 40, 12))
		c, _ := w.st.FindContest(context.Background(), w.c.ID)
		err := svc.ChangePhase(org, c.ID, contest.PhaseInput{To: contest.StatusConsensus, Version: c.Version})
		if !fault.Is(err, fault.Conflict) || !strings.Contains(fault.MessageOf(err).Vi, w.entries[1].Code) {
			t.Fatalf("closing with a missing sheet: %v", err)
		}
		if err := svc.ChangePhase(org, c.ID, contest.PhaseInput{To: contest.StatusConsensus, Force: true, Version: c.Version}); !fault.Is(err, fault.Invalid) {
			t.Fatalf("forcing without a note: %v", err)
		}
		if err := svc.ChangePhase(org, c.ID, contest.PhaseInput{To: contest.StatusDecided, Version: c.Version}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("skipping a phase: %v", err)
		}
		if err := svc.ChangePhase(j1, c.ID, contest.PhaseInput{To: contest.StatusConsensus, Force: true, Note: "x", Version: c.Version}); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("a judge moving the phase: %v", err)
		}
		if err := svc.ChangePhase(org, c.ID, contest.PhaseInput{To: contest.StatusConsensus, Force: true, Note: "Hết hạn chấm", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		sh, err := svc.Sheet(j2, w.entries[0].ID)
		if err != nil || len(sh.Others) != 1 || sh.Others[0].Marks["1"].Points != 28 {
			t.Fatalf("consensus round: others %+v %v", sh, err)
		}
		v, err := svc.ConsensusRound(j2, c.ID)
		if err != nil || len(v.Rows) != 1 || v.Editable || v.Rows[0].Spread != 17 {
			t.Fatalf("judge's consensus view %+v %v", v, err)
		}
		if err := svc.RecordConsensus(org, w.entries[0].ID, contest.ConsensusInput{Scores: map[string]float64{"1": 31}}); !fault.Is(err, fault.Invalid) {
			t.Fatalf("consensus out of range: %v", err)
		}
		if err := svc.RecordConsensus(org, w.entries[0].ID, contest.ConsensusInput{Scores: map[string]float64{"1": 26, "2": 44, "3": 16}, Note: "Thống nhất"}); err != nil {
			t.Fatal(err)
		}
		// Entry 1's consensus (35 < 60) leaves it without an award.
		if err := svc.RecordConsensus(org, w.entries[1].ID, contest.ConsensusInput{Scores: map[string]float64{"1": 10, "2": 20, "3": 5}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Results(actorOf(w.judges[1], auth.RoleJudge), c.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("results before publication: %v", err)
		}
		c, _ = w.st.FindContest(context.Background(), w.c.ID)
		if err := svc.ChangePhase(org, c.ID, contest.PhaseInput{To: contest.StatusDecided, Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		full, err := svc.Results(org, c.ID)
		if err != nil || !full.Full || len(full.Rows) != 2 || full.Rows[0].ID != w.entries[0].ID || full.Rows[0].Final != 86 || len(full.Judges) != 2 {
			t.Fatalf("organiser's results %+v %v", full, err)
		}
		// Entry 0 (consensus 86 ≥ 80) is gold; entry 1 (consensus 35 < 60;
		// normalised: judge 1's lower score, z −1: 75 − 12.68 = 62.32) none.
		if full.Rows[0].Award != "Giải Vàng" || full.Rows[1].AwardTier != -1 || full.Rows[1].Final != 35 ||
			full.Rows[1].Normalised < 62.32 || full.Rows[1].Normalised > 62.33 {
			t.Fatalf("awards %+v", full.Rows)
		}
		var hs int
		if err := db.WriteDB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM honours WHERE contest_id = $1`,
			int64(c.ID)).Scan(&hs); err != nil || hs != 1 {
			t.Fatalf("honours %d %v", hs, err)
		}
		// Public from PublishOn (2026-10-15): only awarded entries, no raw scores.
		if _, err := svc.Results(context.Background(), c.ID); err == nil {
			t.Fatal("public results before the day")
		}
		anon := context.Background()
		if _, err := svc.Results(anon, c.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("public before the day: %v", err)
		}
		*now = time.Date(2026, 10, 15, 0, 0, 0, 0, vn.Zone)
		pub, err := svc.Results(anon, c.ID)
		if err != nil || pub.Full || len(pub.Rows) != 1 || pub.Rows[0].ID != w.entries[0].ID || pub.Rows[0].Raw != 0 || pub.Judges != nil {
			t.Fatalf("public results %+v %v", pub, err)
		}
		// Feedback: the entrant's user, not another enterprise's.
		ent1 := mustCreateUser(t, db, auth.User{Email: "dn1@j.test", Role: auth.RoleEnterprise, EnterpriseID: int64(w.ents[1].ID)})
		ent0 := mustCreateUser(t, db, auth.User{Email: "dn0@j.test", Role: auth.RoleEnterprise, EnterpriseID: int64(w.ents[0].ID)})
		if _, err := svc.Feedback(actorOf(ent1, auth.RoleEnterprise), w.entries[0].ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("another enterprise's feedback: %v", err)
		}
		fb, err := svc.Feedback(actorOf(ent0, auth.RoleEnterprise), w.entries[0].ID)
		if err != nil || fb.Judges != 2 || fb.Lines[0].Min != 22 || fb.Lines[0].Max != 28 || fb.Lines[0].Final != 26 || fb.Result.Rank != 1 ||
			fb.Ranked != 2 || len(fb.Comments) != 2 {
			t.Fatalf("feedback %+v %v", fb, err)
		}
	})
}
