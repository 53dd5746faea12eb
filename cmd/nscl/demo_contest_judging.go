package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/demo"
)

// demoJudgeEmail is the demo judge's login.
const demoJudgeEmail = "giamkhao@nscl.demo"

// seedJudging fills the demo's judges' assignments, conflicts, scores,
// consensus and results of the judged contests: the 2025 national
// solutions contest is scored by judges of differing leniency, one judge
// declares a conflict, the organiser records consensus on the widest
// spreads and decides it (its honours are created; it is published); the
// 2026 national excellence contest is partly scored, the demo judge has
// entries to score.
func (a *app) seedJudging(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.contest == nil {
		return nil
	}
	ctx = auth.SystemContext(ctx)
	st := a.db.Contest()
	id2025, err := a.demoContestID(ctx, "NSCL-2025")
	if err != nil || id2025 == 0 {
		return err
	}
	if js, err := st.FindJudges(ctx, id2025, 0); err != nil {
		return fmt.Errorf("demo: judging: %w", err)
	} else if len(js) > 0 {
		return nil // seeded already
	}
	users, err := st.FindJudgeUsers(ctx)
	if err != nil {
		return fmt.Errorf("demo: judging: %w", err)
	}
	// The demo judge first, then up to seven generated ones.
	var pool []contest.JudgeUser
	for _, u := range users {
		if u.Email == demoJudgeEmail {
			pool = append([]contest.JudgeUser{u}, pool...)
		} else if len(pool) < 8 {
			pool = append(pool, u)
		}
	}
	if len(pool) < 4 {
		return nil // too few judges to judge anything
	}
	g := &judgingSeed{a: a, ctx: ctx, rng: rand.New(rand.NewPCG(seed, 0x1D6E)), pool: pool, bias: map[int64]float64{}}
	for i, u := range pool {
		// Leniency: from severe (−9 % of the points) to lenient (+10 %).
		g.bias[u.ID] = []float64{0.02, -0.09, 0.10, -0.03, 0.05, -0.06, 0.07, 0.0}[i%8]
	}
	if err := g.national2025(id2025); err != nil {
		return fmt.Errorf("demo: judging 2025: %w", err)
	}
	id2026, err := a.demoContestID(ctx, "NSCL-2026")
	if err != nil {
		return err
	}
	if id2026 != 0 {
		if err := g.national2026(id2026); err != nil {
			return fmt.Errorf("demo: judging 2026: %w", err)
		}
	}
	return nil
}

// demoContestID finds a demo contest by code (0 when absent).
func (a *app) demoContestID(ctx context.Context, code string) (contest.ContestID, error) {
	var id int64
	err := a.db.WriteDB().QueryRowContext(ctx, `SELECT id FROM contests WHERE code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("demo: judging: contest %s: %w", code, err)
	}
	return contest.ContestID(id), nil
}

type judgingSeed struct {
	a    *app
	ctx  context.Context
	rng  *rand.Rand
	pool []contest.JudgeUser
	bias map[int64]float64
}

var demoJudgeOrgs = []struct{ org, prov string }{
	{"Viện Năng suất Việt Nam", ""}, {"Trường Đại học Bách khoa Hà Nội", ""}, {"Sở Công Thương Hà Nội", "01"},
	{"Hiệp hội Doanh nghiệp TP. Hồ Chí Minh", "79"}, {"Trung tâm Năng suất Chất lượng Đà Nẵng", "48"},
	{"Tổng cục Tiêu chuẩn Đo lường Chất lượng", ""}, {"Sở Công Thương Bắc Ninh", "24"}, {"Trường Đại học Kinh tế Quốc dân", ""},
}

func (g *judgingSeed) judgeCtx(u contest.JudgeUser) context.Context {
	return auth.WithActor(g.ctx, &auth.Actor{UserID: auth.UserID(u.ID), Name: u.Name, Email: u.Email, Role: auth.RoleJudge, Lang: "vi"})
}

// addJudges puts the pool into the contest (Sở Công Thương judges as
// provincial bodies) and assigns automatically.
func (g *judgingSeed) addJudges(id contest.ContestID, n int) error {
	svc := g.a.contest
	for i, u := range g.pool[:min(n, len(g.pool))] {
		o := demoJudgeOrgs[i%len(demoJudgeOrgs)]
		in := contest.JudgeInput{UserID: u.ID, Organisation: o.org, OrgProvince: o.prov, ProvincialOrg: o.prov != "" && o.org[:3] == "Sở "}
		if _, err := svc.AddJudge(g.ctx, id, in); err != nil {
			return err
		}
	}
	_, err := svc.AutoAssign(g.ctx, id)
	return err
}

var demoComments = []string{
	"Trình bày rõ, số liệu trước/sau có minh chứng.",
	"Cần bổ sung phân tích nguyên nhân gốc rễ.",
	"Kết quả tốt nhưng phạm vi áp dụng còn hẹp.",
	"Giải pháp có khả năng nhân rộng trong ngành.",
	"Chưa thấy kế hoạch duy trì sau dự án.",
	"Minh chứng hiệu quả thuyết phục.",
}

// score fills a judge's sheet of an entry of quality q (0–1).
func (g *judgingSeed) score(c *contest.Contest, as *contest.Assignment, u contest.JudgeUser, q float64, submit bool) error {
	marks := map[string]contest.Mark{}
	for i, cr := range c.Criteria {
		f := q + g.bias[u.ID] + g.rng.NormFloat64()*0.05
		p := math.Round(math.Max(0, math.Min(1, f))*cr.MaxPoints*2) / 2
		m := contest.Mark{Points: p}
		if i%2 == 0 {
			m.Comment = demoComments[g.rng.IntN(len(demoComments))]
		}
		marks[cr.Code] = m
	}
	_, err := g.a.contest.Score(g.judgeCtx(u), as.EntryID, contest.ScoreInput{Marks: marks, Submit: submit,
		Comment: demoComments[g.rng.IntN(len(demoComments))], Version: as.Version})
	return err
}

func (g *judgingSeed) userOf(id int64) contest.JudgeUser {
	for _, u := range g.pool {
		if u.ID == id {
			return u
		}
	}
	return contest.JudgeUser{ID: id}
}

// quality draws each entry's quality, once.
func (g *judgingSeed) quality(es []*contest.Entry) map[contest.EntryID]float64 {
	q := map[contest.EntryID]float64{}
	for _, e := range es {
		q[e.ID] = 0.5 + g.rng.Float64()*0.4
	}
	return q
}

func (g *judgingSeed) national2025(id contest.ContestID) error {
	st, svc := g.a.db.Contest(), g.a.contest
	if err := g.addJudges(id, 8); err != nil {
		return err
	}
	c, err := st.FindContest(g.ctx, id)
	if err != nil {
		return err
	}
	as, err := st.FindAssignments(g.ctx, contest.AssignmentFilter{ContestID: id})
	if err != nil {
		return err
	}
	// One judge declares a conflict on one of their entries; automatic
	// assignment fills the gap.
	if len(as) > 0 {
		x := as[len(as)/2]
		if err := svc.DeclareConflict(g.judgeCtx(g.userOf(x.UserID)), x.EntryID, "Từng là cố vấn kỹ thuật của doanh nghiệp dự thi trong năm 2024"); err != nil {
			return err
		}
		if _, err := svc.AutoAssign(g.ctx, id); err != nil {
			return err
		}
		if as, err = st.FindAssignments(g.ctx, contest.AssignmentFilter{ContestID: id}); err != nil {
			return err
		}
	}
	es, err := st.FindEntries(g.ctx, contest.EntryFilter{ContestID: id, Statuses: []contest.EntryStatus{contest.EntryAccepted}})
	if err != nil {
		return err
	}
	q := g.quality(es)
	for _, x := range as {
		if err := g.score(c, x, g.userOf(x.UserID), q[x.EntryID], true); err != nil {
			return err
		}
	}
	if err := svc.ChangePhase(g.ctx, id, contest.PhaseInput{To: contest.StatusConsensus, Version: c.Version}); err != nil {
		return err
	}
	// Consensus on the three widest spreads: the judges' mean, rounded.
	v, err := svc.ConsensusRound(g.ctx, id)
	if err != nil {
		return err
	}
	rows := v.Rows
	for k := 0; k < 3 && len(rows) > 0; k++ {
		w := 0
		for i := range rows {
			if rows[i].Spread > rows[w].Spread {
				w = i
			}
		}
		scores := map[string]float64{}
		for i, cr := range c.Criteria {
			scores[cr.Code] = math.Round(rows[w].Mean[i]*2) / 2
		}
		if err := svc.RecordConsensus(g.ctx, rows[w].Entry.ID, contest.ConsensusInput{Scores: scores,
			Note: "Hội đồng thống nhất sau khi xem xét minh chứng bổ sung."}); err != nil {
			return err
		}
		rows = append(rows[:w], rows[w+1:]...)
	}
	if c, err = st.FindContest(g.ctx, id); err != nil {
		return err
	}
	return svc.ChangePhase(g.ctx, id, contest.PhaseInput{To: contest.StatusDecided, Version: c.Version})
}

func (g *judgingSeed) national2026(id contest.ContestID) error {
	st := g.a.db.Contest()
	if err := g.addJudges(id, 6); err != nil {
		return err
	}
	c, err := st.FindContest(g.ctx, id)
	if err != nil {
		return err
	}
	as, err := st.FindAssignments(g.ctx, contest.AssignmentFilter{ContestID: id})
	if err != nil {
		return err
	}
	es, err := st.FindEntries(g.ctx, contest.EntryFilter{ContestID: id, Statuses: []contest.EntryStatus{contest.EntryAccepted}})
	if err != nil {
		return err
	}
	q := g.quality(es)
	// The demo judge keeps their sheets to score; the others have scored
	// about two thirds (a few as drafts).
	for i, x := range as {
		u := g.userOf(x.UserID)
		if u.Email == demoJudgeEmail || i%3 == 2 {
			continue
		}
		if err := g.score(c, x, u, q[x.EntryID], i%7 != 0); err != nil {
			return err
		}
	}
	return nil
}
