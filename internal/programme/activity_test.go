package programme_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func actZipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// actRegistry reads enterprises from the database and evaluates the
// breadth rules (an SME, counterpart 30–50%) as the registry would.
type actRegistry struct{ db *sqldb.DB }

func (f actRegistry) FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error) {
	return f.db.Registry().FindEnterpriseByID(ctx, id)
}

func (f actRegistry) Eligibility(ctx context.Context, id registry.EnterpriseID, track registry.Track, pct float64, on time.Time) (*registry.Eligibility, error) {
	e, err := f.db.Registry().FindEnterpriseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	out := registry.Evaluate(actBreadthRules, registry.EligibilityInput{Track: track, CounterpartPct: pct, Industry: e.Industry,
		SizeClass: registry.SizeSmall, SizeYear: 2025, Active: true})
	return &out, nil
}

type actMailbox struct {
	mu sync.Mutex // the race tests send from two goroutines
	to []string
}

func (m *actMailbox) SendMail(_ context.Context, to, subject, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.to = append(m.to, to+": "+subject)
	return nil
}

type actFixture struct {
	svc                           *programme.Service
	db                            *sqldb.DB
	clock                         *time.Time
	call                          *programme.Call
	ent1, ent2                    int64
	owner, other, ministry        context.Context
	prov79, prov01                context.Context
	rev1, rev2, related, assessor context.Context
	rev1ID, rev2ID, relatedID     auth.UserID
	mail                          *actMailbox
}

func actAs(a *auth.Actor) context.Context { return auth.WithActor(context.Background(), a) }

func newActFixture(t *testing.T, db *sqldb.DB) *actFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 3, 0, 0, 0, time.UTC)
	f := &actFixture{db: db, clock: &now, mail: &actMailbox{}}
	f.svc = programme.NewService(programme.Options{Store: db.Programme(), Registry: actRegistry{db}, Mailer: f.mail,
		Clock: func() time.Time { return *f.clock }, BaseURL: "https://nscl.example.vn"})
	es := []*registry.Enterprise{
		{TaxCode: "0312345678", Name: "Công ty May Sài Gòn", ProvinceCode: "79", VSIC: "1410", Industry: registry.IndustryTextiles,
			Status: registry.StatusActive, SizeClass: registry.SizeSmall, CreatedAt: now, UpdatedAt: now},
		{TaxCode: "0109876543", Name: "Công ty Thép Hà Nội", ProvinceCode: "01", VSIC: "2410", Industry: registry.IndustrySteel,
			Status: registry.StatusActive, SizeClass: registry.SizeSmall, CreatedAt: now, UpdatedAt: now},
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f.ent1, f.ent2 = int64(es[0].ID), int64(es[1].ID)
	user := func(email string, role auth.Role, prov string, ent int64) auth.UserID {
		u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: ent, Lang: "vi",
			CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	actor := func(id auth.UserID, role auth.Role, prov string, ent int64) context.Context {
		return actAs(&auth.Actor{UserID: id, Email: "u", Role: role, ProvinceCode: prov, EnterpriseID: ent})
	}
	o := user("dn1@example.vn", auth.RoleEnterprise, "", f.ent1)
	f.owner = actor(o, auth.RoleEnterprise, "", f.ent1)
	f.other = actor(user("dn2@example.vn", auth.RoleEnterprise, "", f.ent2), auth.RoleEnterprise, "", f.ent2)
	f.ministry = actor(user("bo@example.vn", auth.RoleMinistry, "", 0), auth.RoleMinistry, "", 0)
	f.prov79 = actor(user("hcm@example.vn", auth.RoleProvince, "79", 0), auth.RoleProvince, "79", 0)
	f.prov01 = actor(user("hn@example.vn", auth.RoleProvince, "01", 0), auth.RoleProvince, "01", 0)
	f.rev1ID = user("cg1@example.vn", auth.RoleExpert, "", 0)
	f.rev2ID = user("cg2@example.vn", auth.RoleAssessor, "", 0)
	f.relatedID = user("cg3@example.vn", auth.RoleExpert, "", 0)
	f.rev1 = actor(f.rev1ID, auth.RoleExpert, "", 0)
	f.rev2 = actor(f.rev2ID, auth.RoleAssessor, "", 0)
	f.related = actor(f.relatedID, auth.RoleExpert, "", 0)
	w := db.WriteDB()
	var expert int64
	if err := w.QueryRowContext(ctx, `INSERT INTO experts (user_id, name, created_at, updated_at) VALUES ($1, 'Chuyên gia 3', $2, $2) RETURNING id`,
		int64(f.relatedID), now).Scan(&expert); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(ctx, `INSERT INTO expert_relations (expert_id, enterprise_id, kind, declared_at) VALUES ($1, $2, 'consulted', $3)`,
		expert, f.ent1, now); err != nil {
		t.Fatal(err)
	}
	f.call = &programme.Call{Code: "BCT-2026-01", Title: "Mô hình điểm 2026", Track: programme.TrackBreadth,
		Types: []programme.ActivityType{programme.TypePilotModel}, MaxStateBudget: 400_000_000,
		OpensAt: now.AddDate(0, -1, 0), Deadline: time.Date(2026, 4, 30, 10, 0, 0, 0, time.UTC), Status: programme.CallOpen}
	if err := db.Programme().CreateCall(ctx, f.call); err != nil {
		t.Fatal(err)
	}
	return f
}

func actGoodProposal(call programme.CallID) programme.ProposalInput {
	return programme.ProposalInput{CallID: call, Type: programme.TypePilotModel, Title: "Mô hình Lean xưởng may",
		Summary: "Áp dụng Lean cho hai chuyền may.", Details: map[string]string{"scope": "Chuyền 1, 2", "replication_plan": "Hội thảo"},
		StateBudget: 300_000_000, Counterpart: 200_000_000,
		Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 200_000_000, Counterpart: 50_000_000},
			{Item: "Đào tạo", State: 100_000_000, Counterpart: 150_000_000}},
		KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 55, Target: 70}, {Code: "defect_ppm", Baseline: 12000, Target: 6000}}}
}

func actWantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Fatalf("%s: got %v (%v), want %v", what, fault.KindOf(err), err, k)
	}
}

func actWantField(t *testing.T, what string, err error, field, contains string) {
	t.Helper()
	actWantKind(t, what, err, fault.Invalid)
	msg, ok := fault.FieldsOf(err)[field]
	if !ok {
		t.Fatalf("%s: no message for %s in %v", what, field, fault.FieldsOf(err))
	}
	if !strings.Contains(msg.Vi+msg.En, contains) {
		t.Errorf("%s: %s = %q, want it to say %q", what, field, msg.Vi, contains)
	}
}

// TestActivities_Life drives a proposal from draft to approval on both
// databases with every refusal the issue lists on the way: a budget that
// does not add up, KPI values of the wrong unit or sign, a file that is not
// an allowed type, a stale edit, a counterpart share outside the track's
// range (ineligible, citing 30–50%), a transition by a role that may not
// make it, a provincial officer deciding a ministry call's activity, an
// enterprise looking at another's proposal, a reviewer with a conflict of
// interest, a reviewer seeing another's scores before submitting, an
// approval before the reviews are in.
func TestActivities_Life(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newActFixture(t, db)
		s := f.svc

		in := actGoodProposal(f.call.ID)
		in.Budget[0].State = 150_000_000
		_, err := s.CreateProposal(f.owner, in)
		actWantField(t, "budget not adding up", err, "state_budget", "chênh 50.000.000 ₫")
		in = actGoodProposal(f.call.ID)
		in.KPIs[0].Target = 150
		_, err = s.CreateProposal(f.owner, in)
		actWantField(t, "OEE above 100%", err, "kpis.1.target", "0–100")
		in = actGoodProposal(f.call.ID)
		in.KPIs[1].Target = 15000
		_, err = s.CreateProposal(f.owner, in)
		actWantField(t, "defect rate target worse than the baseline", err, "kpis.2.target", "nhỏ hơn")
		in = actGoodProposal(f.call.ID)
		in.KPIs[1].Baseline = -5
		_, err = s.CreateProposal(f.owner, in)
		actWantField(t, "negative ppm", err, "kpis.2.baseline", "ppm")
		in = actGoodProposal(f.call.ID)
		in.Type = programme.TypeTraining
		_, err = s.CreateProposal(f.owner, in)
		actWantKind(t, "an enterprise proposing a training course", err, fault.Forbidden)
		_, err = s.CreateProposal(f.rev1, actGoodProposal(f.call.ID))
		actWantKind(t, "an expert proposing a pilot model", err, fault.Forbidden)
		_, err = s.CreateProposal(f.ministry, actGoodProposal(f.call.ID))
		actWantKind(t, "an officer proposing", err, fault.Forbidden)

		// A counterpart share of 60%: stored as a draft (the budget adds
		// up), refused at screening.
		in = actGoodProposal(f.call.ID)
		in.Counterpart, in.Budget[1].Counterpart = 450_000_000, 400_000_000
		a, err := s.CreateProposal(f.owner, in)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != programme.StatusDraft || a.ProvinceCode != "79" || a.Industry != "textiles" || a.Year != 2026 {
			t.Fatalf("draft = %+v", a)
		}
		_, err = s.Activity(f.other, a.ID)
		actWantKind(t, "another enterprise", err, fault.NotFound)
		_, err = s.UpdateProposal(f.other, a.ID, in)
		actWantKind(t, "another enterprise editing", err, fault.NotFound)
		_, err = s.Activity(f.rev1, a.ID)
		actWantKind(t, "an unassigned expert", err, fault.NotFound)
		_, err = s.Activity(f.prov01, a.ID)
		actWantKind(t, "another province's officer", err, fault.NotFound)
		if list, n, err := s.Activities(f.other, programme.ActivityQuery{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("another enterprise's list: %d %v", n, err)
		}
		if _, n, _ := s.Activities(f.owner, programme.ActivityQuery{}); n != 1 {
			t.Errorf("own list: %d", n)
		}
		if _, n, _ := s.Activities(f.prov79, programme.ActivityQuery{}); n != 1 {
			t.Errorf("HCM officer's list: %d", n)
		}

		// Attachments: the content decides.
		_, err = s.AddAttachment(f.owner, a.ID, "du-toan.pdf", []byte("MZ\x90\x00 not a pdf"))
		actWantField(t, "an exe named .pdf", err, "file", "PDF")
		if _, err := s.AddAttachment(f.owner, a.ID, "thuyet-minh.docx", actZipOf(t, "word/document.xml")); err != nil {
			t.Fatal(err)
		}
		_, err = s.AddAttachment(f.other, a.ID, "x.pdf", []byte("%PDF-1.4"))
		actWantKind(t, "another enterprise attaching", err, fault.NotFound)

		// Optimistic locking: the second writer is told.
		in.Version = a.Version
		in.Title = "Mô hình Lean xưởng may (bản 2)"
		if _, err := s.UpdateProposal(f.owner, a.ID, in); err != nil {
			t.Fatal(err)
		}
		in.Title = "Ghi đè"
		_, err = s.UpdateProposal(f.owner, a.ID, in)
		actWantKind(t, "a stale edit", err, fault.Conflict)
		if !strings.Contains(fault.MessageOf(err).Vi, "người khác sửa") {
			t.Errorf("stale message = %q", fault.MessageOf(err).Vi)
		}

		_, err = s.SubmitProposal(f.ministry, a.ID, 0)
		actWantKind(t, "an officer submitting", err, fault.Forbidden)
		if v, err := s.Activity(f.owner, a.ID); err == nil {
			a = v.Activity
		}
		a, err = s.SubmitProposal(f.owner, a.ID, a.Version)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != programme.StatusIneligible || a.Screening == nil || a.Screening.Passed {
			t.Fatalf("60%% counterpart: %s %+v", a.Status, a.Screening)
		}
		var cited bool
		for _, r := range a.Screening.Reasons {
			cited = cited || !r.OK && r.Rule == "counterpart" && strings.Contains(r.Text.Vi, "30–50%")
		}
		if !cited {
			t.Errorf("the counterpart reason does not cite 30–50%%: %+v", a.Screening.Reasons)
		}
		a, err = s.ReviseProposal(f.owner, a.ID)
		if err != nil || a.Status != programme.StatusDraft {
			t.Fatalf("revise: %v", err)
		}
		in = actGoodProposal(f.call.ID)
		in.Version = a.Version
		if a, err = s.UpdateProposal(f.owner, a.ID, in); err != nil {
			t.Fatal(err)
		}
		if a, err = s.SubmitProposal(f.owner, a.ID, a.Version); err != nil || a.Status != programme.StatusSubmitted {
			t.Fatalf("submit: %v %s", err, a.Status)
		}

		// Reviewers: only the ministry decides a ministry call's activity.
		_, err = s.AssignReviewers(f.prov79, a.ID, []auth.UserID{f.rev1ID})
		actWantKind(t, "a provincial officer on a ministry call", err, fault.Forbidden)
		_, err = s.Decide(f.prov79, a.ID, programme.DecisionInput{Note: "Không"})
		actWantKind(t, "a provincial officer deciding a ministry call", err, fault.Forbidden)
		_, err = s.Decide(f.owner, a.ID, programme.DecisionInput{Approve: true})
		actWantKind(t, "the proposer deciding", err, fault.Forbidden)
		_, err = s.AssignReviewers(f.ministry, a.ID, []auth.UserID{f.relatedID})
		actWantField(t, "a reviewer related to the enterprise", err, "reviewers", "xung đột lợi ích")
		if a, err = s.AssignReviewers(f.ministry, a.ID, []auth.UserID{f.rev1ID, f.rev2ID}); err != nil || a.Status != programme.StatusInReview {
			t.Fatalf("assign: %v", err)
		}

		_, err = s.SubmitReview(f.rev1, a.ID, map[string]int{"relevance": 18}, "")
		actWantKind(t, "scoring before the declaration", err, fault.Conflict)
		if _, err := s.DeclareConflict(f.rev1, a.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		scores := map[string]int{"relevance": 18, "feasibility": 15, "impact": 31, "replicability": 16, "budget": 8}
		_, err = s.SubmitReview(f.rev1, a.ID, scores, "")
		actWantField(t, "31 of 30", err, "score.impact", "0 đến 30")
		scores["impact"] = 25
		if _, err := s.SubmitReview(f.rev1, a.ID, scores, "Khả thi"); err != nil {
			t.Fatal(err)
		}
		_, err = s.SubmitReview(f.rev1, a.ID, scores, "lần hai")
		actWantKind(t, "a final review", err, fault.Conflict)

		v, err := s.Activity(f.rev2, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Reviews) != 1 || v.Reviews[0].ReviewerID != f.rev2ID || v.Activity.ReviewScore != nil || !v.CanDeclare {
			t.Errorf("a reviewer sees others' scores before submitting: %+v", v.Reviews)
		}
		if v, _ := s.Activity(f.rev1, a.ID); len(v.Reviews) != 2 {
			t.Errorf("a reviewer who submitted sees %d reviews", len(v.Reviews))
		}
		if v, _ := s.Activity(f.owner, a.ID); len(v.Reviews) != 0 || v.Score != nil || v.Activity.ReviewScore != nil {
			t.Errorf("the proposer sees reviews before the decision: %+v", v.Reviews)
		}

		_, err = s.Decide(f.ministry, a.ID, programme.DecisionInput{Approve: true, DecisionNo: "125/QĐ-BCT", DecisionDate: "01/04/2026",
			Signer: "Nguyễn Văn A", ApprovedBudget: 300_000_000, Version: a.Version})
		actWantKind(t, "approval with a review pending", err, fault.Conflict)
		_, err = s.DeclareConflict(f.rev2, a.ID, true, "")
		actWantField(t, "a conflict without a note", err, "note", "xung đột")
		if _, err := s.DeclareConflict(f.rev2, a.ID, true, "Từng tư vấn cho doanh nghiệp"); err != nil {
			t.Fatal(err)
		}
		_, err = s.SubmitReview(f.rev2, a.ID, scores, "")
		actWantKind(t, "a reviewer with a conflict scoring", err, fault.Conflict)

		_, err = s.Decide(f.ministry, a.ID, programme.DecisionInput{Approve: true, DecisionNo: "125/QĐ-BCT", DecisionDate: "01/04/2026",
			Signer: "Nguyễn Văn A", ApprovedBudget: 350_000_000, Version: a.Version})
		actWantField(t, "approved above the request", err, "approved_budget", "300.000.000 ₫")
		_, err = s.Decide(f.ministry, a.ID, programme.DecisionInput{Approve: true, DecisionDate: "31/13/2026", Signer: "A", ApprovedBudget: 1, Version: a.Version})
		actWantField(t, "no decision number", err, "decision_no", "125/QĐ-BCT")
		a, err = s.Decide(f.ministry, a.ID, programme.DecisionInput{Approve: true, DecisionNo: "125/QĐ-BCT", DecisionDate: "01/04/2026",
			Signer: "Nguyễn Văn A", ApprovedBudget: 280_000_000, Version: a.Version})
		if err != nil || a.Status != programme.StatusApproved || a.DecisionDate != "2026-04-01" || a.ApprovedBudget != 280_000_000 {
			t.Fatalf("approve: %v %+v", err, a)
		}
		v, err = s.Activity(f.owner, a.ID)
		if err != nil || v.Score == nil || *v.Score != 82 || len(v.Reviews) != 0 {
			t.Errorf("the proposer after the decision: score %v, reviews %d, %v", v.Score, len(v.Reviews), err)
		}
		var steps []string
		for _, e := range v.Events {
			steps = append(steps, string(e.To))
		}
		if got := strings.Join(steps, ","); got != "ineligible,draft,submitted,in_review,approved" {
			t.Errorf("history = %s", got)
		}
		_, err = s.WithdrawProposal(f.owner, a.ID)
		actWantKind(t, "withdrawing after the decision", err, fault.Conflict)
		if len(f.mail.to) < 4 {
			t.Errorf("notices = %v", f.mail.to)
		}

		// After the deadline: refused with the deadline in Vietnam time.
		b, err := s.CreateProposal(f.owner, actGoodProposal(f.call.ID))
		if err != nil {
			t.Fatal(err)
		}
		*f.clock = f.call.Deadline.Add(time.Minute)
		_, err = s.SubmitProposal(f.owner, b.ID, b.Version)
		actWantKind(t, "a submission after the deadline", err, fault.Conflict)
		if !strings.Contains(fault.MessageOf(err).Vi, "30/04/2026 17:00") {
			t.Errorf("deadline message = %q", fault.MessageOf(err).Vi)
		}
		_, err = s.CreateProposal(f.owner, actGoodProposal(f.call.ID))
		actWantKind(t, "a proposal after the deadline", err, fault.Conflict)
		if b, _ := s.WithdrawProposal(f.owner, b.ID); b == nil || b.Status != programme.StatusWithdrawn {
			t.Errorf("withdraw a draft: %+v", b)
		}
	})
}

// TestActivities_OrganisationAndProvinceCall: an expert proposes a training
// course for the directory organisation they belong to, in a province's
// capacity call (no registry eligibility: only the call's and budget rules);
// a colleague of the same organisation sees it and may not review it
// (conflict), an expert without an organisation may not propose, the
// province's officer decides its own call's activity and another
// province's officer does not see it.
func TestActivities_OrganisationAndProvinceCall(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newActFixture(t, db)
		s := f.svc
		ctx := context.Background()
		w := db.WriteDB()
		var org int64
		if err := w.QueryRowContext(ctx, `INSERT INTO organisations (kind, name, province_code, created_at, updated_at)
			VALUES ('training', 'Trung tâm Năng suất Phía Nam', '79', $1, $1) RETURNING id`, *f.clock).Scan(&org); err != nil {
			t.Fatal(err)
		}
		for _, u := range []auth.UserID{f.rev1ID, f.rev2ID} {
			if _, err := w.ExecContext(ctx, `INSERT INTO experts (user_id, organisation_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
				int64(u), org, "Chuyên gia "+strconv.FormatInt(int64(u), 10), *f.clock); err != nil {
				t.Fatal(err)
			}
		}
		colleague := actAs(&auth.Actor{UserID: f.rev2ID, Email: "cg2", Role: auth.RoleExpert})
		call := &programme.Call{ProvinceCode: "79", Code: "HCM-2026-01", Title: "Đào tạo 2026", Track: programme.TrackCapacity,
			Types: []programme.ActivityType{programme.TypeTraining}, OpensAt: f.call.OpensAt, Deadline: f.call.Deadline, Status: programme.CallOpen}
		if err := db.Programme().CreateCall(ctx, call); err != nil {
			t.Fatal(err)
		}
		in := programme.ProposalInput{CallID: call.ID, Type: programme.TypeTraining, Title: "Khóa đào tạo Kaizen cho doanh nghiệp may",
			Summary: "Ba ngày thực hành.", Details: map[string]string{"audience": "Cán bộ cải tiến", "participants": "40", "hours": "24", "location": "TP.HCM"},
			StateBudget: 90_000_000, Counterpart: 10_000_000, Budget: []programme.BudgetLine{{Item: "Giảng viên", State: 90_000_000, Counterpart: 10_000_000}},
			KPIs: []programme.ActivityKPI{{Code: "suggestions_per_employee", Baseline: 1, Target: 3}}}
		defs, _ := s.ProposalKPIs(f.ministry)
		in.KPIs[0].Code = defs[len(defs)-1].Code
		if defs[len(defs)-1].Direction == programme.Down {
			in.KPIs[0].Baseline, in.KPIs[0].Target = 3, 1
		}
		_, err := s.CreateProposal(f.related, in)
		actWantKind(t, "an expert without an organisation", err, fault.Forbidden)
		_, err = s.CreateProposal(f.owner, in)
		actWantKind(t, "an enterprise proposing a training course", err, fault.Forbidden)
		in.Details["participants"] = "bốn mươi"
		_, err = s.CreateProposal(f.rev1, in)
		actWantField(t, "a number that is not one", err, "details.participants", "số nguyên")
		in.Details["participants"] = "40"
		a, err := s.CreateProposal(f.rev1, in)
		if err != nil {
			t.Fatal(err)
		}
		if a.OrganisationID != org || a.EnterpriseID != 0 || a.ProvinceCode != "79" || a.ProposerName != "Trung tâm Năng suất Phía Nam" {
			t.Fatalf("organisation's proposal = %+v", a)
		}
		if v, err := s.Activity(colleague, a.ID); err != nil || !v.Proposer {
			t.Fatalf("the colleague: %+v %v", v, err)
		}
		if a, err = s.SubmitProposal(colleague, a.ID, a.Version); err != nil || a.Status != programme.StatusSubmitted {
			t.Fatalf("submit: %v %+v", err, a)
		}
		for _, r := range a.Screening.Reasons {
			if r.Rule == "eligibility" || r.Rule == "counterpart" {
				t.Errorf("a capacity activity screened against a track's eligibility: %+v", r)
			}
		}
		_, err = s.Activity(f.prov01, a.ID)
		actWantKind(t, "another province's officer", err, fault.NotFound)
		cs, err := s.ReviewerCandidates(f.prov79, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if (c.UserID == f.rev1ID || c.UserID == f.rev2ID) != (c.Conflict != "") {
				t.Errorf("candidate %s: conflict %q", c.Email, c.Conflict)
			}
		}
		_, err = s.AssignReviewers(f.prov79, a.ID, []auth.UserID{f.rev2ID})
		actWantField(t, "a colleague of the proposing organisation", err, "reviewers", "thuộc tổ chức đề xuất")
		if a, err = s.AssignReviewers(f.prov79, a.ID, []auth.UserID{f.relatedID}); err != nil || a.Status != programme.StatusInReview {
			t.Fatalf("the province assigns: %v", err)
		}
		_, err = s.Decide(f.prov79, a.ID, programme.DecisionInput{Note: "", Version: a.Version})
		actWantField(t, "a rejection without a reason", err, "note", "lý do")
		if a, err = s.Decide(f.prov79, a.ID, programme.DecisionInput{Note: "Trùng nội dung với khóa đã hỗ trợ năm 2025.", Version: a.Version}); err != nil ||
			a.Status != programme.StatusRejected {
			t.Fatalf("the province rejects: %v", err)
		}
		list, n, err := s.Activities(f.rev1, programme.ActivityQuery{Text: "kaizen doanh nghiep"})
		if err != nil || n != 1 || list[0].ID != a.ID {
			t.Errorf("the organisation's list searched without diacritics: %d %v", n, err)
		}
	})
}
