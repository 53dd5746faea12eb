package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
)

// seedProgramme fills the programme's activities in every status, their
// reviews, milestones, disbursements, KPIs and the replications of the
// pilot models. Everything follows from the seed: small scale ≈ 400
// activities over 2021–2026; national scale 200,000 activities and about
// 40,000 replications, written through the bulk path (one transaction per
// batch of multi-row INSERTs). The proposers are enterprises of the
// registry (sampled across it) and organisations of the directory; the
// demo enterprise's firm gets a pilot model in progress and a draft, the
// demo expert a review to write and the demo assessor a verification.
func (a *app) seedProgramme(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	nActs, batch := 400, 400
	if scale == demo.National {
		nActs, batch = 200_000, 10_000
	}
	st := a.db.Programme()
	g, err := a.newProgrammeGen(ctx, st, scale, seed, sum, nActs)
	if err != nil {
		return fmt.Errorf("demo: programme: %w", err)
	}
	load, err := st.BeginBulkLoad(ctx)
	if err != nil {
		return fmt.Errorf("demo: programme: %w", err)
	}
	defer load.Close()
	var pilots []demoPilot
	special := g.demoFirmActivities()
	for start := 0; start < nActs; start += batch {
		n := min(batch, nActs-start)
		bs := make([]*sqldb.BulkActivity, 0, n+len(special))
		if start == 0 {
			bs = append(bs, special...)
			n -= len(special)
		}
		for range n {
			bs = append(bs, g.activity())
		}
		if err := load.CreateActivities(ctx, bs); err != nil {
			var fe *fault.Error
			if errors.As(err, &fe) {
				err = fmt.Errorf("%s: %w", fe.Op, err)
			}
			return fmt.Errorf("demo: programme activities: %w", err)
		}
		for _, b := range bs {
			if b.Type == programme.TypePilotModel && b.Status.Supported() {
				pilots = append(pilots, demoPilot{id: b.ID, ent: b.EnterpriseID, year: b.Year})
			}
		}
	}
	reps := g.replications(pilots, nActs/5)
	for start := 0; start < len(reps); {
		// A pilot's replications stay in one batch: their sources refer
		// to each other by position.
		end := min(start+20_000, len(reps))
		for end < len(reps) && reps[end].PilotID == reps[end-1].PilotID {
			end++
		}
		part := reps[start:end]
		for _, r := range part {
			if r.SourceID < 0 {
				r.SourceID += programme.ReplicationID(start)
			}
		}
		if err := load.CreateReplications(ctx, part); err != nil {
			return fmt.Errorf("demo: programme replications: %w", err)
		}
		start = end
	}
	if err := load.Finish(ctx); err != nil {
		return fmt.Errorf("demo: programme: %w", err)
	}
	return nil
}

type demoPilot struct {
	id   programme.ActivityID
	ent  int64
	year int
}

// programmeGen makes the demo activities.
type programmeGen struct {
	rng       *rand.Rand
	ents      []sqldb.DemoEnterprise
	orgs      []int64
	provinces []string
	calls     map[string][]*programme.Call // track/year → calls
	kpis      []programme.KPIDef
	kpiByCode map[string]programme.KPIDef
	firm      *registry.Enterprise
	// The demo's people: the enterprise user, the expert and assessor who
	// review and verify, the ministry officer who decides.
	enterpriseUser, expert, assessor, ministry *auth.User
	lastYear                                   int
	n                                          int
	// national keeps the children lean (two budget lines, two
	// milestones): 200,000 activities must load in seconds.
	national bool
}

func (a *app) newProgrammeGen(ctx context.Context, st *sqldb.ProgrammeStore, scale demo.Scale, seed uint64, sum *demo.Summary, nActs int) (*programmeGen, error) {
	g := &programmeGen{rng: rand.New(rand.NewPCG(seed, 5)), calls: map[string][]*programme.Call{}, lastYear: 2026,
		national: scale == demo.National}
	for _, p := range a.geo.Provinces {
		g.provinces = append(g.provinces, p.Code)
	}
	total, err := a.db.Registry().CountEnterprises(ctx)
	if err != nil {
		return nil, err
	}
	want := min(total, max(600, nActs*3/4))
	if g.ents, err = st.DemoEnterprises(ctx, want, total/max(want, 1)); err != nil {
		return nil, err
	}
	if len(g.ents) == 0 {
		return nil, fmt.Errorf("no enterprises in the registry")
	}
	if g.orgs, err = st.DemoOrganisations(ctx, 200); err != nil {
		return nil, err
	}
	defs, err := st.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	g.kpiByCode = map[string]programme.KPIDef{}
	for _, k := range defs {
		if k.Builtin && !k.Hidden {
			g.kpis = append(g.kpis, k)
			g.kpiByCode[k.Code] = k
		}
	}
	for _, c := range []string{"labour_productivity", "suggestions_per_employee"} {
		if _, ok := g.kpiByCode[c]; !ok {
			return nil, fmt.Errorf("the KPI catalogue lacks %s", c)
		}
	}
	// The demo's people, from the sign-ins the registry demo made.
	for _, l := range sum.Logins {
		u, err := a.db.Auth().FindUserByEmail(ctx, l.Email)
		if err != nil {
			return nil, err
		}
		switch {
		case l.Role == auth.RoleEnterprise && g.enterpriseUser == nil:
			g.enterpriseUser = u
		case l.Role == auth.RoleExpert && g.expert == nil:
			g.expert = u
		case l.Role == auth.RoleAssessor && g.assessor == nil:
			g.assessor = u
		case l.Role == auth.RoleMinistry && g.ministry == nil:
			g.ministry = u
		}
	}
	if g.expert == nil || g.assessor == nil || g.ministry == nil {
		return nil, fmt.Errorf("the demo sign-ins lack an expert, an assessor or a ministry officer")
	}
	if g.enterpriseUser != nil && g.enterpriseUser.EnterpriseID != 0 {
		if g.firm, err = a.db.Registry().FindEnterpriseByID(ctx, registry.EnterpriseID(g.enterpriseUser.EnterpriseID)); err != nil {
			return nil, err
		}
	}
	// The calls of the setup demo; without any, one ministry call per
	// track and year.
	calls, err := st.DemoCalls(ctx)
	if err != nil {
		return nil, err
	}
	if len(calls) == 0 {
		for y := 2021; y <= g.lastYear; y++ {
			for i, tr := range programme.Tracks {
				opens := time.Date(y, 2, 1, 1, 0, 0, 0, time.UTC)
				c := &programme.Call{Code: fmt.Sprintf("BCT-%d-%02d", y, i+1), Title: fmt.Sprintf("Đợt kêu gọi đề xuất %s năm %d", tr.Label().Vi, y),
					Description: "Đợt kêu gọi đề xuất nhiệm vụ của Chương trình (dữ liệu mẫu).", Track: tr,
					OpensAt: opens, Deadline: opens.AddDate(0, 2, 0), Status: programme.CallClosed, CreatedBy: g.ministry.ID}
				if y == g.lastYear {
					c.Status, c.Deadline = programme.CallOpen, time.Date(y, 12, 31, 10, 0, 0, 0, time.UTC)
				}
				if err := st.CreateCall(ctx, c); err != nil {
					return nil, err
				}
				calls = append(calls, c)
			}
		}
	}
	for _, c := range calls {
		k := string(c.Track) + fmt.Sprint(c.OpensAt.Year())
		g.calls[k] = append(g.calls[k], c)
	}
	return g, nil
}

// statusByYear weighs the statuses by the activity's year: old years are
// mostly closed, the current one mostly in its early stages.
func (g *programmeGen) status(year int) programme.Status {
	type w struct {
		s programme.Status
		n int
	}
	var ws []w
	switch age := g.lastYear - year; {
	case age >= 3:
		ws = []w{{programme.StatusClosed, 60}, {programme.StatusRejected, 15}, {programme.StatusWithdrawn, 5}, {programme.StatusIneligible, 8},
			{programme.StatusEvaluating, 4}, {programme.StatusInProgress, 8}}
	case age >= 1:
		ws = []w{{programme.StatusClosed, 25}, {programme.StatusEvaluating, 15}, {programme.StatusInProgress, 30}, {programme.StatusRejected, 12},
			{programme.StatusWithdrawn, 4}, {programme.StatusIneligible, 6}, {programme.StatusApproved, 8}}
	default:
		ws = []w{{programme.StatusDraft, 14}, {programme.StatusSubmitted, 16}, {programme.StatusInReview, 16}, {programme.StatusApproved, 12},
			{programme.StatusInProgress, 22}, {programme.StatusRejected, 8}, {programme.StatusIneligible, 6}, {programme.StatusWithdrawn, 3},
			{programme.StatusEvaluating, 3}}
	}
	total := 0
	for _, x := range ws {
		total += x.n
	}
	r := g.rng.IntN(total)
	for _, x := range ws {
		if r < x.n {
			return x.s
		}
		r -= x.n
	}
	return ws[0].s
}

var demoTypeWeights = []struct {
	t programme.ActivityType
	n int
}{{programme.TypePilotModel, 26}, {programme.TypeDepthProject, 16}, {programme.TypeTraining, 15}, {programme.TypeCommunication, 9},
	{programme.TypeContest, 7}, {programme.TypeResearch, 10}, {programme.TypeStandard, 8}, {programme.TypeLabUpgrade, 9}}

func (g *programmeGen) pickType() programme.ActivityType {
	r := g.rng.IntN(100)
	for _, x := range demoTypeWeights {
		if r < x.n {
			return x.t
		}
		r -= x.n
	}
	return programme.TypePilotModel
}

var demoTitles = map[programme.ActivityType][]string{
	programme.TypePilotModel:    {"Mô hình điểm áp dụng 5S và Kaizen tại xưởng sản xuất", "Mô hình điểm sản xuất tinh gọn (Lean)", "Mô hình điểm quản lý năng lượng ISO 50001", "Mô hình điểm TPM nâng cao hiệu suất thiết bị"},
	programme.TypeDepthProject:  {"Dự án cải tiến năng suất chuyên sâu ngành", "Dự án số hóa quản lý sản xuất (MES)", "Dự án nâng cao chất lượng theo Six Sigma"},
	programme.TypeTraining:      {"Khóa đào tạo chuyên gia năng suất", "Khóa đào tạo công cụ cải tiến cho doanh nghiệp nhỏ", "Khóa đào tạo đánh giá viên"},
	programme.TypeCommunication: {"Chiến dịch truyền thông Tháng năng suất", "Chuỗi hội thảo lan tỏa mô hình điểm"},
	programme.TypeContest:       {"Cuộc thi sáng kiến cải tiến năng suất", "Cuộc thi nhóm chất lượng QCC"},
	programme.TypeResearch:      {"Đề tài nghiên cứu đo lường năng suất ngành", "Đề tài nghiên cứu chuẩn đối sánh năng suất"},
	programme.TypeStandard:      {"Xây dựng tiêu chuẩn quốc gia về hệ thống quản lý", "Xây dựng TCVN hướng dẫn đo OEE"},
	programme.TypeLabUpgrade:    {"Nâng cao năng lực phòng thử nghiệm cơ khí", "Nâng cao năng lực phòng thử nghiệm dệt may"},
}

// kpiValues returns a plausible baseline and a target for the KPI.
func (g *programmeGen) kpiValues(k programme.KPIDef) (float64, float64) {
	r := g.rng.Float64()
	var base float64
	switch k.Unit {
	case programme.UnitPercent:
		base = 55 + 30*r
	case programme.UnitPPM:
		base = 2000 + 8000*r
	case programme.UnitMVNDPerPerson:
		base = 150 + 350*r
	case programme.UnitMVNDPerYear:
		base = 200 + 1800*r
	case programme.UnitDays:
		base = 5 + 25*r
	case programme.UnitTurns:
		base = 4 + 8*r
	case programme.UnitKWhPerUnit:
		base = 2 + 10*r
	default:
		base = 0.5 + 3*r
	}
	gain := 0.08 + 0.22*g.rng.Float64()
	target := base * (1 + gain)
	if k.Direction == programme.Down {
		target = base * (1 - gain)
	}
	if k.Unit == programme.UnitPercent {
		target = math.Min(target, 98)
	}
	return round2(base), round2(target)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// actual is the value reached: mostly near the target, sometimes short of
// it, rarely worse than the baseline.
func (g *programmeGen) actual(k programme.KPIDef, base, target float64) float64 {
	f := -0.15 + 1.4*g.rng.Float64()
	v := base + (target-base)*f
	if k.Unit == programme.UnitPercent {
		v = math.Min(v, 99.5)
	}
	return round2(math.Max(v, 0))
}

func (g *programmeGen) activity() *sqldb.BulkActivity {
	year := 2021 + g.rng.IntN(g.lastYear-2021+1)
	if g.rng.IntN(4) == 0 { // later years have more
		year = max(year, 2021+g.rng.IntN(g.lastYear-2021+1))
	}
	typ := g.pickType()
	return g.build(year, typ, g.status(year), nil)
}

// demoFirmActivities are the demo enterprise's pilot model in progress and
// its draft proposal; the demo expert's review to write and the demo
// assessor's verification come from build.
func (g *programmeGen) demoFirmActivities() []*sqldb.BulkActivity {
	var out []*sqldb.BulkActivity
	if g.firm != nil {
		e := &sqldb.DemoEnterprise{ID: int64(g.firm.ID), Province: g.firm.ProvinceCode, Industry: string(g.firm.Industry), SizeClass: string(g.firm.SizeClass)}
		out = append(out, g.build(g.lastYear, programme.TypePilotModel, programme.StatusInProgress, e),
			g.build(g.lastYear, programme.TypeDepthProject, programme.StatusDraft, e))
		out[0].Title = "Mô hình điểm 5S – Kaizen tại " + g.firm.Name
	}
	rev := g.build(g.lastYear, programme.TypePilotModel, programme.StatusInReview, nil)
	rev.Reviews[0].Status, rev.Reviews[0].Scores, rev.Reviews[0].Total, rev.Reviews[0].SubmittedAt = programme.ReviewAssigned, nil, nil, nil
	ver := g.build(g.lastYear-1, programme.TypeDepthProject, programme.StatusEvaluating, nil)
	ver.VerifierID = g.assessor.ID
	return append(out, rev, ver)
}

func (g *programmeGen) build(year int, typ programme.ActivityType, status programme.Status, ent *sqldb.DemoEnterprise) *sqldb.BulkActivity {
	g.n++
	rng := g.rng
	a := &programme.Activity{Type: typ, Year: year, Status: status, CreatedBy: g.ministry.ID}
	switch {
	case typ == programme.TypePilotModel && rng.IntN(10) < 3, typ == programme.TypeDepthProject:
		a.Track = programme.TrackDepth
	case typ == programme.TypePilotModel:
		a.Track = programme.TrackBreadth
	default:
		a.Track = programme.TrackCapacity
	}
	if typ.EnterpriseLed() {
		if ent == nil {
			ent = &g.ents[rng.IntN(len(g.ents))]
		}
		a.EnterpriseID, a.ProvinceCode, a.Industry, a.SizeClass = ent.ID, ent.Province, ent.Industry, ent.SizeClass
	} else {
		if len(g.orgs) > 0 {
			a.OrganisationID = g.orgs[rng.IntN(len(g.orgs))]
		}
		a.ProvinceCode = g.provinces[rng.IntN(len(g.provinces))]
		if rng.IntN(2) == 0 {
			a.Industry = string(registry.Industries[rng.IntN(len(registry.Industries))])
		}
	}
	titles := demoTitles[typ]
	a.Title = fmt.Sprintf("%s %d-%04d", titles[rng.IntN(len(titles))], year, g.n)
	a.Summary = "Nhiệm vụ mẫu của Chương trình năng suất, chất lượng (dữ liệu mẫu)."
	a.Tools = []string{"5s", "kaizen"}
	if cs := g.calls[string(a.Track)+fmt.Sprint(year)]; len(cs) > 0 {
		a.CallID = cs[rng.IntN(len(cs))].ID
	}

	// Budget: state budget in millions; the counterpart share inside the
	// track's range (breadth 30–50%, depth 50–70%, capacity up to 20%).
	state := int64(150+rng.IntN(1350)) * 1_000_000
	lo, hi := 0.0, 0.2
	switch a.Track {
	case programme.TrackBreadth:
		lo, hi = 0.31, 0.49
	case programme.TrackDepth:
		lo, hi = 0.51, 0.69
	}
	share := lo + (hi-lo)*rng.Float64()
	counter := int64(float64(state)*share/(1-share)/1_000_000) * 1_000_000
	a.StateBudget, a.Counterpart = state, counter
	items := []string{"Thuê chuyên gia tư vấn", "Đào tạo, hội thảo", "Thiết bị, phần mềm"}
	if g.national {
		items = items[1:]
	}
	var sumS, sumC int64
	for i, it := range items {
		s, c := state*int64(40-10*i)/100/1_000_000*1_000_000, counter*int64(20+10*i)/100/1_000_000*1_000_000
		if i == len(items)-1 {
			s, c = state-sumS, counter-sumC
		}
		sumS, sumC = sumS+s, sumC+c
		a.Budget = append(a.Budget, programme.BudgetLine{Item: it, State: s, Counterpart: c})
	}

	b := &sqldb.BulkActivity{Activity: a}
	created := time.Date(year, time.Month(1+rng.IntN(3)), 1+rng.IntN(28), 2, 0, 0, 0, time.UTC)
	a.CreatedAt, a.UpdatedAt = created, created
	at := created
	step := func(to programme.Status, days int, who *auth.User) time.Time {
		from := programme.StatusDraft
		if n := len(b.Events); n > 0 {
			from = b.Events[n-1].To
		}
		at = at.Add(time.Duration(days) * 24 * time.Hour)
		if limit := time.Date(g.lastYear, 11, 20, 2, 0, 0, 0, time.UTC); at.After(limit) {
			at = limit // nothing happens in the future
		}
		b.Events = append(b.Events, programme.Event{From: from, To: to, ActorID: who.ID, ActorEmail: who.Email, At: at})
		a.UpdatedAt = at
		return at
	}
	proposer := &auth.User{} // the proposer has no account in the demo
	if g.enterpriseUser != nil && ent != nil && g.firm != nil && ent.ID == int64(g.firm.ID) {
		proposer = g.enterpriseUser
	}
	decided := status == programme.StatusApproved || status == programme.StatusRejected || status.Supported()
	reviewed := status == programme.StatusInReview || decided && (status != programme.StatusRejected || rng.IntN(2) == 0)
	if status != programme.StatusDraft {
		t := step(programme.StatusSubmitted, 20+rng.IntN(20), proposer)
		a.SubmittedAt = &t
		passed := status != programme.StatusIneligible
		if !passed {
			b.Events[len(b.Events)-1].To = programme.StatusIneligible
		}
		a.Screening = &programme.Screening{Passed: passed, At: t, Reasons: []programme.Reason{
			{Rule: "deadline", OK: true, Text: fault.Text{Vi: "Nộp đúng hạn.", En: "Submitted on time."}},
			{Rule: "counterpart", OK: passed, Text: fault.Text{Vi: "Tỷ lệ vốn đối ứng trong khoảng của hướng hỗ trợ.", En: "Counterpart share within the track's range."}}}}
		if !passed {
			a.Screening.Reasons[1].Text = fault.Text{Vi: "Tỷ lệ vốn đối ứng ngoài khoảng của hướng hỗ trợ.", En: "Counterpart share outside the track's range."}
		}
		if status == programme.StatusWithdrawn {
			step(programme.StatusWithdrawn, 10, proposer)
		}
	}
	if reviewed {
		t := step(programme.StatusInReview, 7+rng.IntN(14), g.ministry)
		for i, rv := range []*auth.User{g.expert, g.assessor} {
			r := programme.Review{ReviewerID: rv.ID, Status: programme.ReviewAssigned, AssignedBy: g.ministry.ID, AssignedAt: t}
			if decided || i == 1 {
				scores := map[string]int{}
				total := 0.0
				for _, c := range programme.Rubric {
					p := c.Max/2 + rng.IntN(c.Max/2+1)
					scores[c.Code], total = p, total+float64(p)
				}
				sub, nc := t.Add(5*24*time.Hour), t.Add(24*time.Hour)
				r.Status, r.Scores, r.Total, r.SubmittedAt, r.NoConflictAt = programme.ReviewSubmitted, scores, &total, &sub, &nc
				r.Comment = "Đề xuất rõ ràng, KPI đo được."
			}
			b.Reviews = append(b.Reviews, r)
		}
		if decided && len(b.Reviews) == 2 {
			avg := (*b.Reviews[0].Total + *b.Reviews[1].Total) / 2
			a.ReviewScore = &avg
		}
	}
	if decided {
		to := programme.StatusApproved
		if status == programme.StatusRejected {
			to = programme.StatusRejected
		}
		t := step(to, 14+rng.IntN(20), g.ministry)
		a.DecidedAt = &t
		a.DecisionNo = fmt.Sprintf("%d/QĐ-BCT", 100+g.n%900)
		a.DecisionDate, a.DecisionSigner = t.Format("2006-01-02"), "Thứ trưởng Bộ Công Thương"
		if to == programme.StatusApproved {
			a.ApprovedBudget = a.StateBudget
		} else {
			a.DecisionNote = "Chưa đạt điểm thẩm định tối thiểu."
		}
	}
	if status.Supported() {
		t := step(programme.StatusInProgress, 10+rng.IntN(15), g.ministry)
		a.ContractNo, a.ContractDate = fmt.Sprintf("HĐ-%d-%05d", year, g.n), t.Format("2006-01-02")
		nm := 3
		if g.national {
			nm = 2
		}
		accepted := nm
		if status == programme.StatusInProgress {
			accepted = rng.IntN(nm)
		}
		var planned int64
		for i := range nm {
			amt := a.ApprovedBudget / int64(nm) / 1_000_000 * 1_000_000
			if i == nm-1 {
				amt = a.ApprovedBudget - planned
			}
			planned += amt
			due := t.AddDate(0, 3*(i+1), 0)
			m := programme.Milestone{Seq: i + 1, Title: []string{"Khảo sát, lập kế hoạch", "Triển khai, đào tạo tại chỗ", "Đánh giá kết quả"}[i+3-nm],
				DueDate: due.Format("2006-01-02"), StateAmount: amt, Status: programme.MilestonePlanned}
			if i < accepted {
				rep, dec := due.Add(-5*24*time.Hour), due.Add(-2*24*time.Hour)
				m.Status, m.ProgressPct, m.Report = programme.MilestoneAccepted, 100, "Đã hoàn thành các nội dung của mốc."
				m.ReportedBy, m.ReportedAt, m.DecidedBy, m.DecidedAt = proposer.ID, &rep, g.ministry.ID, &dec
				b.Disbursements = append(b.Disbursements, programme.Disbursement{MilestoneID: programme.MilestoneID(i + 1), Amount: amt,
					PaidOn: due.Format("2006-01-02"), Reference: fmt.Sprintf("UNC-%d-%05d-%d", year, g.n, i+1), CreatedBy: g.ministry.ID, CreatedAt: due})
				a.Disbursed += amt
			}
			b.Milestones = append(b.Milestones, m)
		}
		if status == programme.StatusEvaluating || status == programme.StatusClosed {
			step(programme.StatusEvaluating, 300, proposer)
			a.VerifierID = g.assessor.ID
		}
		if status == programme.StatusClosed {
			t := step(programme.StatusClosed, 30, g.ministry)
			a.ClosedAt = &t
		}
	}

	// Two KPIs; actuals once the final report is in, verified at closure.
	k1 := g.kpiByCode["labour_productivity"]
	if !typ.EnterpriseLed() {
		k1 = g.kpiByCode["suggestions_per_employee"]
	}
	k2 := g.kpis[rng.IntN(len(g.kpis))]
	for k2.Code == k1.Code {
		k2 = g.kpis[rng.IntN(len(g.kpis))]
	}
	for _, k := range []programme.KPIDef{k1, k2} {
		base, target := g.kpiValues(k)
		ak := programme.ActivityKPI{Code: k.Code, Baseline: base, Target: target}
		if status == programme.StatusEvaluating || status == programme.StatusClosed {
			v := g.actual(k, base, target)
			ak.Actual = &v
			if status == programme.StatusClosed {
				vt := at
				ak.VerifiedBy, ak.VerifiedAt = g.assessor.ID, &vt
			}
		}
		a.KPIs = append(a.KPIs, ak)
	}
	return b
}

// replications makes about n replications of the supported pilots, as
// trees: each learns from the pilot or from an earlier replication of the
// same pilot (depth up to 3). SourceID -k refers to the k-th of the list.
func (g *programmeGen) replications(pilots []demoPilot, n int) []*programme.Replication {
	if len(pilots) == 0 {
		return nil
	}
	per := float64(n) / float64(len(pilots))
	var out []*programme.Replication
	for _, p := range pilots {
		k := int(per*2*g.rng.Float64() + 0.5)
		used := map[int64]bool{p.ent: true}
		first := len(out)
		depth := []int{}
		for range k {
			e := g.ents[g.rng.IntN(len(g.ents))]
			if used[e.ID] {
				continue
			}
			used[e.ID] = true
			year := min(g.lastYear, p.year+1+g.rng.IntN(2))
			r := &programme.Replication{PilotID: p.id, EnterpriseID: e.ID, ProvinceCode: e.Province, Industry: e.Industry, SizeClass: e.SizeClass,
				AppliedOn:   fmt.Sprintf("%d-%02d-%02d", year, 1+g.rng.IntN(10), 1+g.rng.IntN(28)),
				Tools:       []string{"5s", "kaizen"},
				Description: "Áp dụng lại mô hình sau khi tham quan, học tập (dữ liệu mẫu).", Status: programme.ReplicationReported,
				CreatedBy: g.ministry.ID}
			d := 1
			if prev := len(out) - first; prev > 0 && g.rng.IntN(10) < 4 {
				j := first + g.rng.IntN(prev)
				if depth[j-first] < 3 {
					r.SourceID, d = -programme.ReplicationID(j+1), depth[j-first]+1
				}
			}
			if g.rng.IntN(10) < 6 {
				r.Status = programme.ReplicationConfirmed
			}
			base := round2(150 + 300*g.rng.Float64())
			r.KPIs = []programme.ReplicationKPI{{Code: g.kpis[0].Code, Baseline: base, Actual: round2(base * (1 + 0.2*g.rng.Float64()))}}
			out = append(out, r)
			depth = append(depth, d)
		}
	}
	return out
}
