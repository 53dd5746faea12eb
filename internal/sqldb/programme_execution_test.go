package sqldb_test

import (
	"context"
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

// execWorld is a ministry call and a provincial call, a Hồ Chí Minh City
// firm with an approved activity under the ministry's call, and the
// people around it.
type execWorld struct {
	db        *sqldb.DB
	svc       *programme.Service
	mail      *fakeMail
	clock     *time.Time
	firm      *registry.Enterprise
	other     *registry.Enterprise
	ministry  *auth.Actor
	prov79    *auth.Actor
	prov01    *auth.Actor
	owner     *auth.Actor
	stranger  *auth.Actor // another firm's user
	assessor  *auth.Actor
	assessor2 *auth.Actor
	related   *auth.Actor // an expert who declared a relation with the firm
	inhouse   *auth.Actor // an expert of the firm's own organisation
	call      *programme.Call
	provCall  *programme.Call
}

var execStart = time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)

func newExecWorld(t *testing.T, db *sqldb.DB) *execWorld {
	t.Helper()
	ctx := context.Background()
	es := makeEnterprises(1_500_000_000, 2, time.Now())
	es[0].Name, es[0].ProvinceCode = "Công ty TNHH Cơ khí Thử Nghiệm", "79"
	es[1].Name, es[1].ProvinceCode = "Công ty Dệt Khác", "01"
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	clock := execStart
	w := &execWorld{db: db, mail: &fakeMail{}, clock: &clock, firm: es[0], other: es[1]}
	w.ministry = mustUser(t, db, "bo@moit.gov.vn", auth.RoleMinistry, 0, "")
	w.prov79 = mustUser(t, db, "so@hcm.gov.vn", auth.RoleProvince, 0, "79")
	w.prov01 = mustUser(t, db, "so@hn.gov.vn", auth.RoleProvince, 0, "01")
	w.owner = mustUser(t, db, "chu@cokhi.vn", auth.RoleEnterprise, int64(es[0].ID), "")
	w.stranger = mustUser(t, db, "chu@det.vn", auth.RoleEnterprise, int64(es[1].ID), "")
	w.assessor = mustUser(t, db, "dg1@vnpc.vn", auth.RoleAssessor, 0, "")
	w.assessor2 = mustUser(t, db, "dg2@vnpc.vn", auth.RoleAssessor, 0, "")
	w.related = mustUser(t, db, "lienquan@tuvan.vn", auth.RoleExpert, 0, "")
	w.inhouse = mustUser(t, db, "noibo@cokhi.vn", auth.RoleExpert, 0, "")
	ownOrg := insertOrganisation(t, db, "Phòng Cải tiến Cơ khí Thử Nghiệm", int64(es[0].ID))
	insertExperts(t, db, []testExpert{
		{ID: 1, UserID: int64(w.related.UserID), Name: "Lê Liên Quan", Province: "79", Capacity: 1, RelatedFirms: []int64{int64(es[0].ID)}},
		{ID: 2, UserID: int64(w.inhouse.UserID), Org: ownOrg, Name: "Phạm Nội Bộ", Province: "79", Capacity: 1},
	})
	w.call = &programme.Call{Code: "BO-2026-EXEC", Title: "Mô hình điểm 2026", Track: programme.TrackBreadth, OpensAt: execStart.AddDate(0, -3, 0),
		Deadline: execStart.AddDate(0, -1, 0), Status: programme.CallClosed, CreatedBy: w.ministry.UserID}
	w.provCall = &programme.Call{ProvinceCode: "79", Code: "HCM-2026-EXEC", Title: "Hỗ trợ TP.HCM 2026", Track: programme.TrackBreadth,
		OpensAt: execStart.AddDate(0, -3, 0), Deadline: execStart.AddDate(0, -1, 0), Status: programme.CallClosed, CreatedBy: w.prov79.UserID}
	for _, c := range []*programme.Call{w.call, w.provCall} {
		if err := db.Programme().CreateCall(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	w.svc = programme.NewService(programme.Options{Store: db.Programme(), Registry: registry.NewService(db.Registry()), Mailer: w.mail,
		Clock: func() time.Time { return *w.clock }})
	return w
}

// approved inserts an approved activity of the firm under call c.
func (w *execWorld) approved(t *testing.T, c *programme.Call, budget int64) *programme.Activity {
	t.Helper()
	a := &programme.Activity{CallID: c.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2026,
		Title: "Mô hình điểm 5S và Kaizen tại xưởng cơ khí", EnterpriseID: int64(w.firm.ID), ProvinceCode: "79", Status: programme.StatusApproved,
		StateBudget: budget, Counterpart: budget, ApprovedBudget: budget, Tools: []string{"5s", "kaizen"}, CreatedBy: w.owner.UserID,
		DecisionNo: "123/QĐ-BCT", DecisionDate: "2026-05-20",
		KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 60, Target: 75}, {Code: "defect_ppm", Baseline: 5000, Target: 2000}}}
	if err := w.db.Programme().CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// execPDF is a small valid PDF to attach as evidence.
var execPDF = programme.EvidenceUpload{Name: "minh-chung.pdf", Data: []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")}

var execTwoMilestones = programme.ContractInput{No: "01/2026/HĐ", Date: "01/06/2026", Milestones: []programme.MilestoneInput{
	{Title: "Khảo sát và đào tạo 5S", Due: "30/06/2026", Amount: 100_000_000},
	{Title: "Triển khai Kaizen", Due: "31/08/2026", Amount: 200_000_000},
}}

func execWantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Fatalf("%s: err = %v, want %v", what, err, k)
	}
	if k != fault.Internal {
		if m := fault.MessageOf(err); m.Vi == "" || m.En == "" {
			t.Fatalf("%s: message %+v, want vi and en", what, m)
		}
	}
}

// TestExecution_Flow runs an activity from contract to closure, with the
// refusals on the way: sums, roles, order, evidence, budget, verifier.
func TestExecution_Flow(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		ctx := context.Background()
		a := w.approved(t, w.call, 300_000_000)
		id := a.ID

		// Who sees the execution page.
		for _, who := range []*auth.Actor{w.ministry, w.prov79, w.owner} {
			if _, err := w.svc.FindExecution(as(who), id); err != nil {
				t.Fatalf("%s sees: %v", who.Email, err)
			}
		}
		for _, who := range []*auth.Actor{w.stranger, w.prov01, w.assessor} {
			_, err := w.svc.FindExecution(as(who), id)
			execWantKind(t, who.Email+" sees", err, fault.NotFound)
		}

		// The contract: only the deciding officer; the sum must match.
		_, err := w.svc.SignContract(as(w.owner), id, 1, execTwoMilestones)
		execWantKind(t, "the proposer signs", err, fault.Forbidden)
		_, err = w.svc.SignContract(as(w.prov79), id, 1, execTwoMilestones)
		execWantKind(t, "a province officer signs a ministry activity", err, fault.Forbidden)
		short := execTwoMilestones
		short.Milestones = []programme.MilestoneInput{execTwoMilestones.Milestones[0]}
		_, err = w.svc.SignContract(as(w.ministry), id, 1, short)
		execWantKind(t, "a short sum", err, fault.Invalid)
		if m := fault.FieldsOf(err)["milestones"]; !strings.Contains(m.Vi, "200.000.000 ₫") || !strings.Contains(m.En, "less") {
			t.Fatalf("short sum message %+v", m)
		}
		_, err = w.svc.SignContract(as(w.ministry), id, 0, execTwoMilestones)
		execWantKind(t, "a stale version", err, fault.Conflict)
		// The signing date: not before the approval decision (20/05/2026),
		// not after today (the clock says 01/06/2026).
		early := execTwoMilestones
		early.Date = "01/01/2019"
		_, err = w.svc.SignContract(as(w.ministry), id, 1, early)
		execWantKind(t, "a contract before the decision", err, fault.Invalid)
		if m := fault.FieldsOf(err)["contract_date"]; !strings.Contains(m.Vi, "20/05/2026") {
			t.Fatalf("contract before the decision: %+v", m)
		}
		late := execTwoMilestones
		late.Date = "02/06/2026"
		_, err = w.svc.SignContract(as(w.ministry), id, 1, late)
		if m := fault.FieldsOf(err)["contract_date"]; !strings.Contains(m.En, "future") {
			t.Fatalf("a contract signed tomorrow: %v", err)
		}
		// Out of order: no report, final, close before the contract.
		_, err = w.svc.FinalReport(as(w.owner), id, 1, programme.FinalInput{Actuals: map[string]string{"oee": "70", "defect_ppm": "3000"}, Summary: "x"})
		execWantKind(t, "final before the contract", err, fault.Conflict)
		_, err = w.svc.CloseActivity(as(w.ministry), id, 1, "")
		execWantKind(t, "close before the contract", err, fault.Conflict)

		a, err = w.svc.SignContract(as(w.ministry), id, 1, execTwoMilestones)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != programme.StatusInProgress || a.ContractDate != "2026-06-01" || a.Version != 2 {
			t.Fatalf("after the contract %+v", a)
		}
		if w.mail.to(w.owner.Email) != 1 {
			t.Fatalf("the proposer got %d notices, want 1", w.mail.to(w.owner.Email))
		}
		_, err = w.svc.SignContract(as(w.ministry), id, 2, execTwoMilestones)
		execWantKind(t, "signing twice", err, fault.Conflict)

		x, err := w.svc.FindExecution(as(w.owner), id)
		if err != nil || len(x.Milestones) != 2 || len(x.Events) != 1 || x.Events[0].To != programme.StatusInProgress {
			t.Fatalf("execution %+v, %v", x, err)
		}
		m1, m2 := x.Milestones[0], x.Milestones[1]

		// Progress reports: the proposer only, evidence checked by content.
		pdf := programme.EvidenceUpload{Name: "bien-ban.pdf", Data: []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")}
		_, err = w.svc.ReportMilestone(as(w.ministry), id, m1.ID, 2, programme.ReportInput{Progress: 100, Report: "Xong"})
		execWantKind(t, "the officer reports", err, fault.Forbidden)
		_, err = w.svc.ReportMilestone(as(w.owner), id, m1.ID, 2, programme.ReportInput{Progress: 100, Report: "Xong",
			Files: []programme.EvidenceUpload{{Name: "gia.pdf", Data: []byte("not a pdf at all")}}})
		execWantKind(t, "a fake PDF", err, fault.Invalid)
		big := programme.EvidenceUpload{Name: "anh.png", Data: append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, programme.MaxEvidenceBytes)...)}
		_, err = w.svc.ReportMilestone(as(w.owner), id, m1.ID, 2, programme.ReportInput{Progress: 100, Report: "Xong", Files: []programme.EvidenceUpload{big}})
		execWantKind(t, "a file over 10 MB", err, fault.Invalid)
		if m := fault.FieldsOf(err)["files"]; !strings.Contains(m.En, "over 10 MB") {
			t.Fatalf("big file message %+v", m)
		}
		_, err = w.svc.ReportMilestone(as(w.owner), id, m1.ID, 2, programme.ReportInput{Progress: 101, Report: ""})
		execWantKind(t, "a bad report", err, fault.Invalid)
		if f := fault.FieldsOf(err); f["progress"].Vi == "" || f["report"].Vi == "" || !strings.Contains(f["files"].Vi, "ít nhất một tệp minh chứng") {
			t.Fatalf("bad report fields %v", f)
		}
		_, err = w.svc.ReportMilestone(as(w.owner), id, m1.ID, 2, programme.ReportInput{Progress: 100, Report: "Xong, không kèm minh chứng"})
		if f := fault.FieldsOf(err); !strings.Contains(f["files"].En, "at least one evidence file") {
			t.Fatalf("a report without evidence: %v", err)
		}
		if _, err := w.svc.ReportMilestone(as(w.owner), id, m1.ID, 2, programme.ReportInput{Progress: 100, Report: "Đã đào tạo 5S cho 40 công nhân",
			Files: []programme.EvidenceUpload{pdf}}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.ReportMilestone(as(w.owner), id, m2.ID, 2, programme.ReportInput{Progress: 10, Report: "Bắt đầu", Files: []programme.EvidenceUpload{pdf}})
		execWantKind(t, "a report on a stale version", err, fault.Conflict)

		// Decisions: the officer; sending back needs a note.
		_, err = w.svc.DecideMilestone(as(w.owner), id, m1.ID, 3, true, "")
		execWantKind(t, "the proposer decides", err, fault.Forbidden)
		_, err = w.svc.DecideMilestone(as(w.ministry), id, m1.ID, 3, false, "")
		execWantKind(t, "sending back without a note", err, fault.Invalid)
		if _, err := w.svc.DecideMilestone(as(w.ministry), id, m1.ID, 3, true, "Đạt"); err != nil {
			t.Fatal(err)
		}

		// Disbursements: the officer, accepted milestones, within amounts,
		// paid on a day not after today.
		pay := programme.DisbursementInput{MilestoneID: m1.ID, Amount: 60_000_000, PaidOn: "05/07/2026", Reference: "UNC-001"}
		_, err = w.svc.Disburse(as(w.ministry), id, 4, pay)
		if m := fault.FieldsOf(err)["paid_on"]; !strings.Contains(m.Vi, "sau hôm nay") {
			t.Fatalf("a payment dated after today (01/06): %v", err)
		}
		*w.clock = time.Date(2026, 7, 10, 3, 0, 0, 0, time.UTC)
		_, err = w.svc.Disburse(as(w.ministry), id, 4, programme.DisbursementInput{MilestoneID: m1.ID, Amount: 1, PaidOn: "01/01/2099", Reference: "UNC-X"})
		if m := fault.FieldsOf(err)["paid_on"]; !strings.Contains(m.En, "future") {
			t.Fatalf("a payment dated 01/01/2099: %v", err)
		}
		_, err = w.svc.Disburse(as(w.owner), id, 4, pay)
		execWantKind(t, "the proposer disburses", err, fault.Forbidden)
		_, err = w.svc.Disburse(as(w.prov79), id, 4, pay)
		execWantKind(t, "a province officer disburses on a ministry activity", err, fault.Forbidden)
		_, err = w.svc.Disburse(as(w.ministry), id, 4, programme.DisbursementInput{MilestoneID: m2.ID, Amount: 1, PaidOn: "05/07/2026", Reference: "UNC-X"})
		execWantKind(t, "paying a milestone not accepted", err, fault.Invalid)
		if _, err := w.svc.Disburse(as(w.ministry), id, 4, pay); err != nil {
			t.Fatal(err)
		}
		pay.Amount, pay.Reference = 50_000_000, "UNC-002"
		_, err = w.svc.Disburse(as(w.ministry), id, 5, pay)
		execWantKind(t, "beyond the milestone", err, fault.Invalid)
		if m := fault.FieldsOf(err)["amount"]; !strings.Contains(m.Vi, "40.000.000 ₫") {
			t.Fatalf("beyond the milestone: %+v", m)
		}
		pay.Amount = 40_000_000
		if _, err := w.svc.Disburse(as(w.ministry), id, 5, pay); err != nil {
			t.Fatal(err)
		}

		// The final report needs every milestone accepted.
		final := programme.FinalInput{Actuals: map[string]string{"oee": "72,5", "defect_ppm": "2500"}, Summary: "OEE tăng, lỗi giảm một nửa."}
		_, err = w.svc.FinalReport(as(w.owner), id, 6, final)
		execWantKind(t, "final with a milestone open", err, fault.Conflict)
		if _, err := w.svc.ReportMilestone(as(w.owner), id, m2.ID, 6, programme.ReportInput{Progress: 100, Report: "Hoàn thành Kaizen",
			Files: []programme.EvidenceUpload{pdf}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.DecideMilestone(as(w.ministry), id, m2.ID, 7, true, ""); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.FinalReport(as(w.owner), id, 8, programme.FinalInput{Actuals: map[string]string{"oee": "120", "defect_ppm": "-3"}, Summary: ""})
		execWantKind(t, "KPI values out of range", err, fault.Invalid)
		if f := fault.FieldsOf(err); f["kpi.oee"].Vi == "" || f["kpi.defect_ppm"].Vi == "" || f["summary"].Vi == "" {
			t.Fatalf("final fields %v", f)
		}
		if a, err = w.svc.FinalReport(as(w.owner), id, 8, final); err != nil || a.Status != programme.StatusEvaluating {
			t.Fatalf("final = %+v, %v", a, err)
		}
		// The call's officer heard of both reports and the final one.
		if n := w.mail.to(w.ministry.Email); n != 3 {
			t.Fatalf("the call's officer got %d notices, want 3", n)
		}

		// The verifier: not the proposer's people, not related experts.
		for _, bad := range []*auth.Actor{w.owner, w.related, w.inhouse, w.ministry} {
			_, err = w.svc.AssignVerifier(as(w.ministry), id, 9, bad.UserID)
			execWantKind(t, "verifier "+bad.Email, err, fault.Invalid)
		}
		_, err = w.svc.AssignVerifier(as(w.prov79), id, 9, w.assessor.UserID)
		execWantKind(t, "a province officer assigns on a ministry activity", err, fault.Forbidden)
		if _, err := w.svc.AssignVerifier(as(w.ministry), id, 9, w.assessor.UserID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.VerifyKPIs(as(w.assessor2), id, 10, programme.VerifyInput{Values: final.Actuals})
		execWantKind(t, "an assessor not assigned verifies", err, fault.NotFound)
		_, err = w.svc.CloseActivity(as(w.ministry), id, 10, "")
		execWantKind(t, "closing before verification", err, fault.Conflict)
		_, err = w.svc.VerifyKPIs(as(w.assessor), id, 10, programme.VerifyInput{Values: map[string]string{"oee": "71", "defect_ppm": "2500"}})
		execWantKind(t, "a correction without a note", err, fault.Invalid)
		if _, err := w.svc.VerifyKPIs(as(w.assessor), id, 10, programme.VerifyInput{Values: map[string]string{"oee": "71", "defect_ppm": "2500"},
			Notes: map[string]string{"oee": "Theo số liệu ca 3"}}); err != nil {
			t.Fatal(err)
		}

		// Closure: recorded in the registry's improvement history.
		_, err = w.svc.CloseActivity(as(w.owner), id, 11, "")
		execWantKind(t, "the proposer closes", err, fault.Forbidden)
		if a, err = w.svc.CloseActivity(as(w.ministry), id, 11, "Nghiệm thu đạt"); err != nil || a.Status != programme.StatusClosed || a.ClosedAt == nil {
			t.Fatalf("close = %+v, %v", a, err)
		}
		x, err = w.svc.FindExecution(as(w.assessor), id)
		if err != nil {
			t.Fatal(err)
		}
		if x.Activity.Disbursed != 100_000_000 || len(x.Disbursements) != 2 || len(x.Evidence) != 2 || x.KPINotes["oee"] != "Theo số liệu ca 3" ||
			x.FinalSummary != final.Summary || !x.AllVerified() || *x.Activity.KPIs[0].Actual != 71 && *x.Activity.KPIs[1].Actual != 71 {
			t.Fatalf("closed execution %+v", x)
		}
		f, err := w.svc.EvidenceFile(as(w.owner), id, x.Evidence[0].ID)
		if err != nil || f.ContentType != "application/pdf" || string(f.Data) != string(pdf.Data) {
			t.Fatalf("evidence = %+v, %v", f, err)
		}
		if _, err := w.svc.EvidenceFile(as(w.stranger), id, x.Evidence[0].ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a stranger reads evidence: %v", err)
		}
		acts, err := db.Registry().FindActivities(ctx, w.firm.ID)
		if err != nil || len(acts) != 1 || acts[0].Title != a.Title || acts[0].Year != 2026 {
			t.Fatalf("registry improvement history = %+v, %v", acts, err)
		}
	})
}

// TestExecution_ProvincialScope: a provincial call's activity is the
// province's to run; the ministry runs all; another province sees nothing.
func TestExecution_ProvincialScope(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		a := w.approved(t, w.provCall, 300_000_000)
		_, err := w.svc.SignContract(as(w.prov01), a.ID, 1, execTwoMilestones)
		execWantKind(t, "another province signs", err, fault.NotFound)
		if _, err := w.svc.SignContract(as(w.prov79), a.ID, 1, execTwoMilestones); err != nil {
			t.Fatal(err)
		}
		x, err := w.svc.FindExecution(as(w.ministry), a.ID)
		if err != nil || !x.Role.Officer {
			t.Fatalf("the ministry on a provincial activity: %+v, %v", x, err)
		}
		// Not yet approved: no execution at all.
		draft := w.approved(t, w.provCall, 1)
		if _, err := db.WriteDB().Exec(`UPDATE activities SET status = 'submitted' WHERE id = $1`, int64(draft.ID)); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.FindExecution(as(w.prov79), draft.ID)
		execWantKind(t, "a submitted proposal's execution", err, fault.NotFound)
	})
}

// TestExecution_DisbursementRace: two payments from the same version race;
// one wins, the other is refused, and the total never passes the budget.
// With fresh versions, the budget condition itself refuses the excess.
func TestExecution_DisbursementRace(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		ctx := context.Background()
		a := w.approved(t, w.call, 300_000_000)
		if _, err := w.svc.SignContract(as(w.ministry), a.ID, 1, programme.ContractInput{No: "R-1", Date: "01/06/2026",
			Milestones: []programme.MilestoneInput{{Title: "Một mốc", Due: "30/06/2026", Amount: 300_000_000}}}); err != nil {
			t.Fatal(err)
		}
		st := db.Programme()
		ms, err := st.FindMilestones(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.WriteDB().Exec(`UPDATE activity_milestones SET status = 'accepted' WHERE id = $1`, int64(ms[0].ID)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := &programme.Disbursement{ActivityID: a.ID, MilestoneID: ms[0].ID, Amount: 200_000_000, PaidOn: "2026-06-10",
					Reference: "UNC", CreatedAt: time.Now()}
				_, errs[i] = st.AddDisbursement(ctx, d, 2)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else if !fault.Is(err, fault.Conflict) {
				t.Fatalf("the loser: %v, want Conflict", err)
			}
		}
		got, err := st.FindActivityByID(ctx, a.ID)
		if err != nil || won != 1 || got.Disbursed != 200_000_000 || got.Version != 3 {
			t.Fatalf("won %d, disbursed %d, version %d, %v", won, got.Disbursed, got.Version, err)
		}
		// Fresh versions, both over the rest: the budget condition refuses.
		var wg2 sync.WaitGroup
		for range 2 {
			wg2.Add(1)
			go func() {
				defer wg2.Done()
				for {
					cur, err := st.FindActivityByID(ctx, a.ID)
					if err != nil {
						t.Error(err)
						return
					}
					d := &programme.Disbursement{ActivityID: a.ID, MilestoneID: ms[0].ID, Amount: 150_000_000, PaidOn: "2026-06-11",
						Reference: "UNC", CreatedAt: time.Now()}
					_, err = st.AddDisbursement(ctx, d, cur.Version)
					if fault.Is(err, fault.Conflict) {
						continue // someone else moved the version: read again
					}
					if err != programme.ErrOverBudget {
						t.Errorf("over the budget: %v, want ErrOverBudget", err)
					}
					return
				}
			}()
		}
		wg2.Wait()
		got, _ = st.FindActivityByID(ctx, a.ID)
		ds, _ := st.FindDisbursements(ctx, a.ID)
		if got.Disbursed != 200_000_000 || len(ds) != 1 {
			t.Fatalf("after the refused payments: disbursed %d, %d rows", got.Disbursed, len(ds))
		}
		// Through the service: the message gives what is left.
		*w.clock = time.Date(2026, 6, 12, 3, 0, 0, 0, time.UTC)
		_, err = w.svc.Disburse(as(w.ministry), a.ID, got.Version, programme.DisbursementInput{MilestoneID: ms[0].ID, Amount: 150_000_000,
			PaidOn: "11/06/2026", Reference: "UNC-9"})
		if m := fault.FieldsOf(err)["amount"]; !strings.Contains(m.Vi, "100.000.000 ₫") || !strings.Contains(m.En, "100.000.000 ₫") {
			t.Fatalf("over budget message: %v", err)
		}
	})
}

// TestExecution_Reminders: one reminder a day per milestone due within a
// week or overdue, and per draft whose call closes within three days; a
// rerun the same day sends nothing.
func TestExecution_Reminders(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		ctx := context.Background()
		a := w.approved(t, w.call, 300_000_000)
		if _, err := w.svc.SignContract(as(w.ministry), a.ID, 1, execTwoMilestones); err != nil {
			t.Fatal(err)
		}
		open := &programme.Call{Code: "BO-2026-OPEN", Title: "Đợt đang mở", Track: programme.TrackBreadth, OpensAt: execStart.AddDate(0, -1, 0),
			Deadline: time.Date(2026, 6, 27, 10, 0, 0, 0, time.UTC), Status: programme.CallOpen, CreatedBy: w.ministry.UserID}
		if err := db.Programme().CreateCall(ctx, open); err != nil {
			t.Fatal(err)
		}
		draft := &programme.Activity{CallID: open.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2026, Title: "Bản nháp",
			EnterpriseID: int64(w.firm.ID), Status: programme.StatusDraft, CreatedBy: w.stranger.UserID}
		if err := db.Programme().CreateActivity(ctx, draft); err != nil {
			t.Fatal(err)
		}
		run := func(at time.Time) int {
			t.Helper()
			n, more, err := w.svc.SendReminders(ctx, at)
			if err != nil || more {
				t.Fatalf("reminders at %v: more %v, %v", at, more, err)
			}
			return n
		}
		base := w.mail.to(w.owner.Email) // the contract's notice
		if n := run(time.Date(2026, 6, 10, 1, 0, 0, 0, time.UTC)); n != 0 {
			t.Fatalf("20 days ahead: %d reminders", n)
		}
		// 25/06 (Vietnam): milestone 1 due 30/06 is within a week; the call closes in 2 days.
		day := time.Date(2026, 6, 25, 1, 0, 0, 0, time.UTC)
		if n := run(day); n != 2 {
			t.Fatalf("25/06: %d reminders, want 2", n)
		}
		if w.mail.to(w.owner.Email) != base+1 || w.mail.to(w.stranger.Email) != 1 {
			t.Fatalf("recipients: owner %d, draft creator %d", w.mail.to(w.owner.Email)-base, w.mail.to(w.stranger.Email))
		}
		if n := run(day.Add(5 * time.Hour)); n != 0 {
			t.Fatalf("a rerun the same day sent %d", n)
		}
		// A reminder run changes nothing the dashboard shows: the marks
		// live in programme_reminders, which bumps no programme_version.
		v0, err := db.Programme().Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The next day both again; after the deadline the draft no more.
		if n := run(day.AddDate(0, 0, 1)); n != 2 {
			t.Fatalf("26/06: %d reminders, want 2", n)
		}
		if v1, err := db.Programme().Version(ctx); err != nil || v1 != v0 {
			t.Fatalf("programme_version %d → %d after a reminder run (%v)", v0, v1, err)
		}
		if n := run(time.Date(2026, 7, 3, 1, 0, 0, 0, time.UTC)); n != 1 {
			t.Fatalf("03/07 (milestone overdue, call closed): %d reminders, want 1", n)
		}
		// A reported milestone gets none.
		ms, _ := db.Programme().FindMilestones(ctx, a.ID)
		*w.clock = time.Date(2026, 7, 3, 3, 0, 0, 0, time.UTC)
		if _, err := w.svc.ReportMilestone(as(w.owner), a.ID, ms[0].ID, 2, programme.ReportInput{Progress: 100, Report: "Xong",
			Files: []programme.EvidenceUpload{execPDF}}); err != nil {
			t.Fatal(err)
		}
		if n := run(time.Date(2026, 7, 4, 1, 0, 0, 0, time.UTC)); n != 0 {
			t.Fatalf("after the report: %d reminders", n)
		}
	})
}

// TestExecutionStore_VersionConflict: two writers with the same version
// read; the second is told, and its change is not written.
func TestExecutionStore_VersionConflict(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		ctx := context.Background()
		st := db.Programme()
		a := w.approved(t, w.call, 300_000_000)
		first, _ := st.FindActivityByID(ctx, a.ID)
		second, _ := st.FindActivityByID(ctx, a.ID)
		first.VerifierID = w.assessor.UserID
		if err := st.UpdateExecution(ctx, first, first.Version); err != nil || first.Version != 2 {
			t.Fatalf("first writer: %v, version %d", err, first.Version)
		}
		second.VerifierID = w.assessor2.UserID
		err := st.UpdateExecution(ctx, second, second.Version)
		execWantKind(t, "the second writer", err, fault.Conflict)
		if !strings.Contains(fault.MessageOf(err).En, "Someone else") {
			t.Fatalf("message %+v", fault.MessageOf(err))
		}
		if _, err := st.TouchActivity(ctx, a.ID, 1, time.Now()); !fault.Is(err, fault.Conflict) {
			t.Fatalf("touch with a stale version: %v", err)
		}
		got, _ := st.FindActivityByID(ctx, a.ID)
		if got.VerifierID != w.assessor.UserID || got.Version != 2 {
			t.Fatalf("after the conflict: verifier %d version %d", got.VerifierID, got.Version)
		}
		// A milestone decided by another request meanwhile.
		if _, err := w.svc.SignContract(as(w.ministry), a.ID, 2, execTwoMilestones); err != nil {
			t.Fatal(err)
		}
		ms, _ := st.FindMilestones(ctx, a.ID)
		m := ms[0]
		m.Status = programme.MilestoneAccepted
		if err := st.UpdateMilestone(ctx, &m, programme.MilestoneReported); !fault.Is(err, fault.Conflict) {
			t.Fatalf("milestone from a status it no longer has: %v", err)
		}
	})
}

// TestExecution_ReturnFinal: the province's officer runs its own call's
// activity, returns the final report with a note (the verification is
// cleared), and the proposer sends it again.
func TestExecution_ReturnFinal(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		a := w.approved(t, w.provCall, 100_000_000)
		id := a.ID
		if _, err := w.svc.SignContract(as(w.prov79), id, 1, programme.ContractInput{No: "HCM-7", Date: "01/06/2026",
			Milestones: []programme.MilestoneInput{{Title: "Toàn bộ", Due: "30/09/2026", Amount: 100_000_000}}}); err != nil {
			t.Fatal(err)
		}
		ms, _ := db.Programme().FindMilestones(context.Background(), id)
		if _, err := w.svc.ReportMilestone(as(w.owner), id, ms[0].ID, 2, programme.ReportInput{Progress: 100, Report: "Xong",
			Files: []programme.EvidenceUpload{execPDF}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.DecideMilestone(as(w.prov79), id, ms[0].ID, 3, true, ""); err != nil {
			t.Fatal(err)
		}
		final := programme.FinalInput{Actuals: map[string]string{"oee": "70", "defect_ppm": "3000"}, Summary: "Đạt"}
		if _, err := w.svc.FinalReport(as(w.owner), id, 4, final); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AssignVerifier(as(w.prov79), id, 5, w.assessor.UserID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.VerifyKPIs(as(w.assessor), id, 6, programme.VerifyInput{Values: final.Actuals}); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.ReturnFinal(as(w.prov79), id, 7, "")
		execWantKind(t, "returning without a note", err, fault.Invalid)
		_, err = w.svc.ReturnFinal(as(w.owner), id, 7, "Thiếu số liệu")
		execWantKind(t, "the proposer returns", err, fault.Forbidden)
		a, err = w.svc.ReturnFinal(as(w.prov79), id, 7, "Thiếu số liệu ca đêm")
		if err != nil || a.Status != programme.StatusInProgress {
			t.Fatalf("return = %+v, %v", a, err)
		}
		x, _ := w.svc.FindExecution(as(w.owner), id)
		if x.AllVerified() || x.Activity.KPIs[0].Actual == nil {
			t.Fatalf("after the return: verified %v, actuals kept %+v", x.AllVerified(), x.Activity.KPIs)
		}
		_, err = w.svc.VerifyKPIs(as(w.assessor), id, a.Version, programme.VerifyInput{Values: final.Actuals})
		execWantKind(t, "verifying an activity in progress", err, fault.Conflict)
		if a, err = w.svc.FinalReport(as(w.owner), id, a.Version, final); err != nil || a.Status != programme.StatusEvaluating {
			t.Fatalf("final again = %+v, %v", a, err)
		}
		if n := len(x.Events); n != 3 || x.Events[2].Note != "Thiếu số liệu ca đêm" {
			t.Fatalf("history %+v", x.Events)
		}
	})
}

// execEvaluating brings an approved activity of w.call to evaluation (one
// milestone reported and accepted, the final report sent) and returns
// its version.
func (w *execWorld) execEvaluating(t *testing.T, id programme.ActivityID, final programme.FinalInput) int {
	t.Helper()
	if _, err := w.svc.SignContract(as(w.ministry), id, 1, programme.ContractInput{No: "V-1", Date: "01/06/2026",
		Milestones: []programme.MilestoneInput{{Title: "Toàn bộ", Due: "30/09/2026", Amount: 100_000_000}}}); err != nil {
		t.Fatal(err)
	}
	ms, _ := w.db.Programme().FindMilestones(context.Background(), id)
	if _, err := w.svc.ReportMilestone(as(w.owner), id, ms[0].ID, 2, programme.ReportInput{Progress: 100, Report: "Xong",
		Files: []programme.EvidenceUpload{execPDF}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.DecideMilestone(as(w.ministry), id, ms[0].ID, 3, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.FinalReport(as(w.owner), id, 4, final); err != nil {
		t.Fatal(err)
	}
	return 5
}

// TestExecution_VerifierChange: the confirmations belong to the verifier
// who made them; assigning another verifier clears them, so closure is
// refused until the new one verifies. Reassigning the same one keeps them.
func TestExecution_VerifierChange(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		a := w.approved(t, w.call, 100_000_000)
		id := a.ID
		final := programme.FinalInput{Actuals: map[string]string{"oee": "70", "defect_ppm": "3000"}, Summary: "Đạt"}
		v := w.execEvaluating(t, id, final)
		a, err := w.svc.AssignVerifier(as(w.ministry), id, v, w.assessor.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if a, err = w.svc.VerifyKPIs(as(w.assessor), id, a.Version, programme.VerifyInput{Values: final.Actuals}); err != nil {
			t.Fatal(err)
		}
		if a, err = w.svc.AssignVerifier(as(w.ministry), id, a.Version, w.assessor.UserID); err != nil {
			t.Fatal(err)
		}
		if x, _ := w.svc.FindExecution(as(w.ministry), id); !x.AllVerified() {
			t.Fatal("reassigning the same verifier cleared the confirmations")
		}
		if a, err = w.svc.AssignVerifier(as(w.ministry), id, a.Version, w.assessor2.UserID); err != nil {
			t.Fatal(err)
		}
		x, _ := w.svc.FindExecution(as(w.ministry), id)
		for _, k := range x.Activity.KPIs {
			if k.VerifiedAt != nil || k.VerifiedBy != 0 || k.Actual == nil {
				t.Fatalf("after the change of verifier: %+v", k)
			}
		}
		_, err = w.svc.CloseActivity(as(w.ministry), id, a.Version, "")
		execWantKind(t, "closing on the previous verifier's confirmations", err, fault.Conflict)
		_, err = w.svc.VerifyKPIs(as(w.assessor), id, a.Version, programme.VerifyInput{Values: final.Actuals})
		execWantKind(t, "the previous verifier verifies", err, fault.NotFound)
		if a, err = w.svc.VerifyKPIs(as(w.assessor2), id, a.Version, programme.VerifyInput{Values: final.Actuals}); err != nil {
			t.Fatal(err)
		}
		if a, err = w.svc.CloseActivity(as(w.ministry), id, a.Version, ""); err != nil || a.Status != programme.StatusClosed {
			t.Fatalf("close after the new verifier = %+v, %v", a, err)
		}
	})
}

// slowMail is a mailer that takes d per message, like a slow SMTP server.
type slowMail struct {
	d time.Duration
	fakeMail
}

func (m *slowMail) SendMail(ctx context.Context, to, subject, body string) error {
	time.Sleep(m.d)
	return m.fakeMail.SendMail(ctx, to, subject, body)
}

// TestExecution_RemindersBudget: a run starts no send once its time budget
// is spent, nor beyond its batch, and says some are left; the next runs
// send the rest, each reminder once; a further run sends nothing.
func TestExecution_RemindersBudget(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newExecWorld(t, db)
		ctx := context.Background()
		const acts = 6
		for range acts {
			a := w.approved(t, w.call, 100_000_000)
			if _, err := w.svc.SignContract(as(w.ministry), a.ID, 1, programme.ContractInput{No: "B", Date: "01/06/2026",
				Milestones: []programme.MilestoneInput{{Title: "Một mốc", Due: "30/06/2026", Amount: 100_000_000}}}); err != nil {
				t.Fatal(err)
			}
		}
		mail := &slowMail{d: 40 * time.Millisecond}
		svc := programme.NewService(programme.Options{Store: db.Programme(), Registry: registry.NewService(db.Registry()), Mailer: mail,
			Clock: func() time.Time { return *w.clock }})
		at := time.Date(2026, 6, 25, 1, 0, 0, 0, time.UTC)
		start := time.Now()
		n, more, err := svc.SendRemindersWithin(ctx, at, 100*time.Millisecond, 100)
		took := time.Since(start)
		if err != nil || !more || n < 1 || n >= acts {
			t.Fatalf("a run of 100 ms with 40 ms sends: %d sent, more %v, %v", n, more, err)
		}
		if took > 400*time.Millisecond { // the budget, one send begun before it ran out, and slack for a loaded database
			t.Fatalf("the run took %v, past its budget", took)
		}
		total := n
		n, more, err = svc.SendRemindersWithin(ctx, at, time.Minute, 2)
		if err != nil || n != 2 || !more {
			t.Fatalf("a batch of 2: %d sent, more %v, %v", n, more, err)
		}
		total += n
		for more {
			if n, more, err = svc.SendRemindersWithin(ctx, at, time.Minute, 100); err != nil {
				t.Fatal(err)
			}
			total += n
		}
		if total != acts || mail.to(w.owner.Email) != acts {
			t.Fatalf("%d reminders over the runs, %d mails; want %d", total, mail.to(w.owner.Email), acts)
		}
		if n, more, err := svc.SendRemindersWithin(ctx, at, time.Minute, 100); n != 0 || more || err != nil {
			t.Fatalf("a run after all were sent: %d, more %v, %v", n, more, err)
		}
	})
}

// TestExecutionStore_DisbursementIndex: the per-milestone cap of
// AddDisbursement and the milestone foreign key read disbursements by
// milestone; at 200,000 activities that needs its own index (0018).
func TestExecutionStore_DisbursementIndex(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'activity_disbursements_milestone' AND tbl_name = 'activity_disbursements'`
		if db.IsPostgres() {
			// pg_class, not pg_indexes: the view computes every index's
			// definition, which fails while parallel tests drop schemas.
			q = `SELECT COUNT(*) FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace
				JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class t ON t.oid = x.indrelid
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
				WHERE i.relname = 'activity_disbursements_milestone' AND n.nspname = current_schema()
				AND t.relname = 'activity_disbursements' AND a.attname = 'milestone_id'`
		}
		var n int
		if err := db.WriteDB().QueryRow(q).Scan(&n); err != nil || n != 1 {
			t.Fatalf("index activity_disbursements_milestone: %d, %v", n, err)
		}
	})
}
