package assessment_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// evidenceWorld is a service over a database with two firms (Hồ Chí Minh
// City, Hà Nội), their users, the officers of both provinces and the
// ministry, two assessors, a small scheme, and assessments: the first
// firm's self-assessment in progress, its independent assessment
// submitted by the assigned assessor, a cancelled one, one requested and
// not assigned yet; the second firm's self-assessment.
type evidenceWorld struct {
	db    *sqldb.DB
	svc   *assessment.Service
	now   time.Time
	firm  *registry.Enterprise
	other *registry.Enterprise
	// Signed-in contexts.
	owner, owner2, otherOwner, hcm, hanoi, ministry, assessor, stranger, expert context.Context
	users                                                                       map[string]auth.UserID
	self, indep, cancelled, requested, theirs                                   *assessment.Assessment
}

func newEvidenceWorld(t *testing.T, db *sqldb.DB) *evidenceWorld {
	t.Helper()
	ctx := context.Background()
	w := &evidenceWorld{db: db, now: time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC), users: map[string]auth.UserID{}}
	w.svc = assessment.NewService(assessment.Options{Store: db.Assessment(), Registry: registry.NewService(db.Registry()),
		Clock: func() time.Time { return w.now }})
	es := []*registry.Enterprise{
		{TaxCode: "0312345678", Name: "Công ty TNHH May Sài Gòn Xanh", ProvinceCode: "79", CreatedAt: w.now, UpdatedAt: w.now},
		{TaxCode: "0109876543", Name: "Công ty Cổ phần Thép Thăng Long", ProvinceCode: "01", CreatedAt: w.now, UpdatedAt: w.now},
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	w.firm, w.other = es[0], es[1]
	user := func(key string, role auth.Role, ent int64, prov string) context.Context {
		u := &auth.User{Email: key + "@example.vn", Name: "Người dùng " + key, Role: role, EnterpriseID: ent, ProvinceCode: prov, Lang: "vi",
			PasswordHash: "x", PasswordChangedAt: w.now, CreatedAt: w.now, UpdatedAt: w.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		w.users[key] = u.ID
		return auth.WithActor(ctx, u.Actor())
	}
	w.owner = user("owner", auth.RoleEnterprise, int64(w.firm.ID), "")
	w.owner2 = user("owner2", auth.RoleEnterprise, int64(w.firm.ID), "")
	w.otherOwner = user("other", auth.RoleEnterprise, int64(w.other.ID), "")
	w.hcm = user("hcm", auth.RoleProvince, 0, "79")
	w.hanoi = user("hanoi", auth.RoleProvince, 0, "01")
	w.ministry = user("ministry", auth.RoleMinistry, 0, "")
	w.assessor = user("assessor", auth.RoleAssessor, 0, "")
	w.stranger = user("stranger", auth.RoleAssessor, 0, "")
	w.expert = user("expert", auth.RoleExpert, 0, "")

	st := db.Assessment()
	txt := func(s string) fault.Text { return fault.Text{Vi: s, En: s} }
	sc := &assessment.Scheme{Code: "5s-evidence-test", Name: txt("Thực hành tốt 5S (thử)"), Kind: assessment.Kind5S, ValidityMonths: 36}
	v := &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{Scale: assessment.Scale{Max: 4},
		Sections: []assessment.Section{{Key: "s1", Name: txt("Sàng lọc"), Items: []assessment.Item{
			{Key: "s1.1", Text: txt("Không có vật dụng thừa")}, {Key: "s1.2", Text: txt("Có khu vực chờ xử lý")}}}}}}
	if err := st.CreateScheme(ctx, sc, v); err != nil {
		t.Fatal(err)
	}
	// The assigned assessor holds an accreditation in force (an assessor
	// whose accreditation lapsed may not add evidence).
	if err := st.EnsureAssessorAccreditation(ctx, &assessment.Accreditation{UserID: w.users["assessor"], SchemeID: sc.ID,
		Number: "DGV-5S-TEST-001", GrantedOn: w.now.AddDate(-1, 0, 0), ExpiresOn: w.now.AddDate(2, 0, 0),
		Status: assessment.AccreditationActive}); err != nil {
		t.Fatal(err)
	}
	started := w.now.Add(-24 * time.Hour)
	mk := func(e *registry.Enterprise, mode assessment.Mode, status assessment.Status, assessor auth.UserID) *assessment.Assessment {
		x := &assessment.Assessment{EnterpriseID: e.ID, ProvinceCode: e.ProvinceCode, SchemeID: sc.ID, VersionID: v.ID, Mode: mode,
			Status: status, Site: "Xưởng 1", AssessorID: assessor, CreatedAt: started}
		if status != assessment.StatusRequested {
			x.StartedAt = &started
		}
		if err := st.CreateAssessment(ctx, x, ""); err != nil {
			t.Fatal(err)
		}
		return x
	}
	w.self = mk(w.firm, assessment.ModeSelf, assessment.StatusInProgress, 0)
	w.indep = mk(w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, w.users["assessor"])
	w.cancelled = mk(w.firm, assessment.ModeSelf, assessment.StatusCancelled, 0)
	w.requested = mk(w.firm, assessment.ModeIndependent, assessment.StatusRequested, 0)
	w.theirs = mk(w.other, assessment.ModeSelf, assessment.StatusInProgress, 0)
	return w
}

// setStatus sets assessment x's status in the store (as its life cycle
// would have) and returns it as stored.
func setStatus(t *testing.T, db *sqldb.DB, x *assessment.Assessment, status assessment.Status) *assessment.Assessment {
	t.Helper()
	ctx := context.Background()
	cur, err := db.Assessment().FindAssessment(ctx, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Status = status
	if err := db.Assessment().UpdateAssessment(ctx, cur); err != nil {
		t.Fatal(err)
	}
	return cur
}

func wantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Fatalf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

// auditCount counts the audit entries of an action.
func auditCount(t *testing.T, db *sqldb.DB, action string) int {
	t.Helper()
	_, n, err := db.Audit().FindEntries(context.Background(), audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func findingIn(due string) assessment.FindingInput {
	return assessment.FindingInput{ItemKey: "s1.1", Description: "Dụng cụ để lẫn với bán thành phẩm ở khu vực cắt",
		CorrectiveAction: "Làm giá để dụng cụ, kẻ vạch và dán nhãn vị trí", OwnerName: "Trần Văn Bình (tổ trưởng tổ cắt)", DueDate: due}
}

// TestFindings_Lifecycle: the enterprise records a finding of its
// self-assessment, reports it done with a note and, the self-assessment
// being its own, closes it; the officer of the province reopens it with a
// reason; every step at the version read (a stale one is refused,
// nothing written) and in the audit log.
func TestFindings_Lifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		f, err := w.svc.CreateFinding(w.owner, w.self.ID, findingIn("30/04/2026"))
		if err != nil {
			t.Fatal(err)
		}
		if f.Status != assessment.FindingOpen || f.Version != 1 || f.DueDate == nil || vn.Date(*f.DueDate) != "30/04/2026" ||
			f.EnterpriseID != w.firm.ID || f.CreatedBy != w.users["owner"] {
			t.Fatalf("created %+v", f)
		}
		// Edit at the version read; a second writer at the old version is
		// refused.
		in := findingIn("15/05/2026")
		in.OwnerName = "Lê Thị Cúc"
		f2, err := w.svc.UpdateFinding(w.owner2, f.ID, 1, in)
		if err != nil || f2.Version != 2 || f2.OwnerName != "Lê Thị Cúc" || vn.Date(*f2.DueDate) != "15/05/2026" {
			t.Fatalf("update: %+v, %v", f2, err)
		}
		_, err = w.svc.UpdateFinding(w.owner, f.ID, 1, findingIn("20/05/2026"))
		wantKind(t, "stale update", err, fault.Conflict)

		// Done needs a note; the officer may not report it done.
		_, err = w.svc.MoveFinding(w.owner, f.ID, 2, assessment.MoveDone, " ")
		wantKind(t, "done without a note", err, fault.Invalid)
		_, err = w.svc.MoveFinding(w.hcm, f.ID, 2, assessment.MoveDone, "Đã làm")
		wantKind(t, "done by an officer", err, fault.Forbidden)
		_, err = w.svc.MoveFinding(w.owner, f.ID, 2, assessment.MoveClose, "")
		wantKind(t, "close before done", err, fault.Conflict)
		done, err := w.svc.MoveFinding(w.owner, f.ID, 2, assessment.MoveDone, "Đã làm giá để dụng cụ, ảnh chụp ở mục s1.1")
		if err != nil || done.Status != assessment.FindingDone || done.DoneAt == nil || done.DoneBy != w.users["owner"] || done.Version != 3 {
			t.Fatalf("done: %+v, %v", done, err)
		}
		_, err = w.svc.UpdateFinding(w.owner, f.ID, 2, findingIn("20/05/2026"))
		wantKind(t, "update at the version before done", err, fault.Conflict)
		// Another province's officer does not even see it.
		_, err = w.svc.MoveFinding(w.hanoi, f.ID, 3, assessment.MoveClose, "")
		wantKind(t, "close by another province", err, fault.NotFound)
		closed, err := w.svc.MoveFinding(w.owner, f.ID, 3, assessment.MoveClose, "Đã kiểm tra tại xưởng")
		if err != nil || closed.Status != assessment.FindingClosed || closed.ClosedAt == nil || closed.ClosureNote != "Đã kiểm tra tại xưởng" {
			t.Fatalf("close: %+v, %v", closed, err)
		}
		_, err = w.svc.UpdateFinding(w.owner, f.ID, 4, findingIn("20/05/2026"))
		wantKind(t, "edit a closed finding", err, fault.Conflict)
		_, err = w.svc.MoveFinding(w.hcm, f.ID, 4, assessment.MoveReopen, "")
		wantKind(t, "reopen without a reason", err, fault.Invalid)
		re, err := w.svc.MoveFinding(w.hcm, f.ID, 4, assessment.MoveReopen, "Nhãn vị trí đã bong, chưa đạt")
		if err != nil || re.Status != assessment.FindingOpen || re.ReopenReason != "Nhãn vị trí đã bong, chưa đạt" || re.ClosedAt != nil ||
			re.ReopenedBy != w.users["hcm"] {
			t.Fatalf("reopen: %+v, %v", re, err)
		}
		_, err = w.svc.MoveFinding(w.owner, f.ID, 5, "approve", "")
		wantKind(t, "unknown move", err, fault.Invalid)
		for action, n := range map[string]int{"assessment.finding.create": 1, "assessment.finding.update": 1, "assessment.finding.done": 1,
			"assessment.finding.close": 1, "assessment.finding.reopen": 1} {
			if got := auditCount(t, db, action); got != n {
				t.Errorf("audit %s: %d entries, want %d", action, got, n)
			}
		}
		_, got, err := w.svc.Finding(w.ministry, f.ID)
		if err != nil || got.Version != 5 || got.Status != assessment.FindingOpen {
			t.Fatalf("read back: %+v, %v", got, err)
		}
	})
}

// TestFindings_Independent: on an independent assessment the assigned
// assessor records findings and verifies them; the enterprise reports
// the action done but may not close its own finding there; another
// assessor sees nothing.
func TestFindings_Independent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		f, err := w.svc.CreateFinding(w.assessor, w.indep.ID, findingIn("30/04/2026"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.CreateFinding(w.stranger, w.indep.ID, findingIn("30/04/2026"))
		wantKind(t, "finding by an assessor not assigned", err, fault.NotFound)
		_, err = w.svc.CreateFinding(w.owner, w.indep.ID, findingIn("30/04/2026"))
		wantKind(t, "finding by the enterprise on an independent assessment", err, fault.Forbidden)
		if _, err := w.svc.MoveFinding(w.owner, f.ID, 1, assessment.MoveDone, "Đã xử lý rò rỉ dầu"); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.MoveFinding(w.owner, f.ID, 2, assessment.MoveClose, "")
		wantKind(t, "the enterprise closes an independent finding", err, fault.Forbidden)
		if _, err := w.svc.MoveFinding(w.assessor, f.ID, 2, assessment.MoveClose, "Đã kiểm tra lại"); err != nil {
			t.Fatalf("the assessor closes: %v", err)
		}
		// The officer of the province records a finding too.
		if _, err := w.svc.CreateFinding(w.hcm, w.indep.ID, findingIn("")); err != nil {
			t.Fatalf("an officer's finding: %v", err)
		}
		_, err = w.svc.CreateFinding(w.hanoi, w.indep.ID, findingIn(""))
		wantKind(t, "another province's officer", err, fault.NotFound)
		// Not on a cancelled assessment; on one requested, only the
		// officers (no one answers it yet).
		_, err = w.svc.CreateFinding(w.owner, w.cancelled.ID, findingIn(""))
		wantKind(t, "finding of a cancelled assessment", err, fault.Forbidden)
		_, err = w.svc.CreateFinding(w.owner, w.requested.ID, findingIn(""))
		wantKind(t, "the enterprise's finding of a requested assessment", err, fault.Forbidden)
		if _, err := w.svc.CreateFinding(w.hcm, w.requested.ID, findingIn("")); err != nil {
			t.Errorf("the officer's finding of a requested assessment: %v", err)
		}
		fs, total, err := w.svc.Findings(w.assessor, assessment.FindingQuery{Status: "all"})
		if err != nil || total != 2 || len(fs) != 2 {
			t.Fatalf("the assessor's findings = %d, %v", total, err)
		}
		fs, total, err = w.svc.Findings(w.stranger, assessment.FindingQuery{Status: "all"})
		if err != nil || total != 0 || len(fs) != 0 {
			t.Fatalf("another assessor's findings = %d, %v", total, err)
		}
	})
}

// TestFindings_BadInput: a finding without a description, a due date that
// is not a date or is before today, an item that is not in the scheme,
// texts too long are refused with a message per field; nothing stored.
func TestFindings_BadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		for name, c := range map[string]struct {
			edit  func(*assessment.FindingInput)
			field string
		}{
			"no description":     {func(in *assessment.FindingInput) { in.Description = "  " }, "description"},
			"not a date":         {func(in *assessment.FindingInput) { in.DueDate = "31/02/2026" }, "due_date"},
			"words for a date":   {func(in *assessment.FindingInput) { in.DueDate = "cuối tháng" }, "due_date"},
			"before today":       {func(in *assessment.FindingInput) { in.DueDate = "09/03/2026" }, "due_date"},
			"unknown item":       {func(in *assessment.FindingInput) { in.ItemKey = "s9.9" }, "item"},
			"description length": {func(in *assessment.FindingInput) { in.Description = strings.Repeat("ạ", 2001) }, "description"},
			"owner length":       {func(in *assessment.FindingInput) { in.OwnerName = strings.Repeat("x", 201) }, "owner"},
		} {
			in := findingIn("30/04/2026")
			c.edit(&in)
			_, err := w.svc.CreateFinding(w.owner, w.self.ID, in)
			wantKind(t, name, err, fault.Invalid)
			if msg := fault.FieldsOf(err)[c.field]; msg.Vi == "" || msg.En == "" {
				t.Errorf("%s: no message for field %s: %v", name, c.field, fault.FieldsOf(err))
			}
		}
		// Today is fine; a stored due date now past may stay as it is.
		f, err := w.svc.CreateFinding(w.owner, w.self.ID, findingIn("10/03/2026"))
		if err != nil {
			t.Fatalf("due today: %v", err)
		}
		w.now = w.now.AddDate(0, 0, 5)
		if _, err := w.svc.UpdateFinding(w.owner, f.ID, 1, findingIn("10/03/2026")); err != nil {
			t.Fatalf("keeping a past due date: %v", err)
		}
		if got := auditCount(t, db, "assessment.finding.create"); got != 1 {
			t.Errorf("%d findings created", got)
		}
	})
}

// TestFindings_Scope: an enterprise sees only its own findings, a
// provincial officer only the province's, the ministry every one; the
// list filters by status, overdue and province; an expert has none.
func TestFindings_Scope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		ids := map[string]assessment.FindingID{}
		for i, c := range []struct {
			ctx  context.Context
			x    *assessment.Assessment
			due  string
			name string
		}{
			{w.owner, w.self, "12/03/2026", "soon"},
			{w.owner, w.self, "20/03/2026", "later"},
			{w.owner, w.self, "", "undated"},
			{w.assessor, w.indep, "11/03/2026", "indep"},
			{w.otherOwner, w.theirs, "11/03/2026", "theirs"},
		} {
			in := findingIn(c.due)
			in.Description = fmt.Sprintf("Phát hiện %d", i+1)
			f, err := w.svc.CreateFinding(c.ctx, c.x.ID, in)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			ids[c.name] = f.ID
		}
		// Three days later, two of the first firm's findings and the other
		// firm's are overdue.
		w.now = w.now.AddDate(0, 0, 3)
		count := func(ctx context.Context, q assessment.FindingQuery) int {
			t.Helper()
			fs, total, err := w.svc.Findings(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.EnterpriseID != w.firm.ID && ctx == w.owner {
					t.Fatalf("the enterprise sees another's finding %+v", f)
				}
			}
			return total
		}
		for _, c := range []struct {
			name string
			ctx  context.Context
			q    assessment.FindingQuery
			want int
		}{
			{"enterprise", w.owner, assessment.FindingQuery{}, 4},
			{"enterprise overdue", w.owner, assessment.FindingQuery{Overdue: true}, 2},
			{"other enterprise", w.otherOwner, assessment.FindingQuery{}, 1},
			{"hcm officer", w.hcm, assessment.FindingQuery{}, 4},
			{"hcm officer asks for Hà Nội", w.hcm, assessment.FindingQuery{Province: "01"}, 0},
			{"hanoi officer", w.hanoi, assessment.FindingQuery{}, 1},
			{"ministry", w.ministry, assessment.FindingQuery{}, 5},
			{"ministry overdue", w.ministry, assessment.FindingQuery{Overdue: true}, 3},
			{"ministry in Hà Nội", w.ministry, assessment.FindingQuery{Province: "01"}, 1},
			{"ministry closed", w.ministry, assessment.FindingQuery{Status: "closed"}, 0},
			{"ministry overdue closed", w.ministry, assessment.FindingQuery{Status: "closed", Overdue: true}, 0},
			{"assessor", w.assessor, assessment.FindingQuery{}, 1},
		} {
			if got := count(c.ctx, c.q); got != c.want {
				t.Errorf("%s: %d findings, want %d", c.name, got, c.want)
			}
		}
		_, _, err := w.svc.Findings(w.expert, assessment.FindingQuery{})
		wantKind(t, "expert", err, fault.Forbidden)
		_, _, err = w.svc.Findings(context.Background(), assessment.FindingQuery{})
		wantKind(t, "anonymous", err, fault.Unauthenticated)
		_, _, err = w.svc.Findings(w.ministry, assessment.FindingQuery{Status: "pending"})
		wantKind(t, "unknown status", err, fault.Invalid)
		// One finding of another enterprise is not found, nor are its
		// assessment's findings.
		_, _, err = w.svc.Finding(w.owner, ids["theirs"])
		wantKind(t, "another enterprise's finding", err, fault.NotFound)
		_, _, err = w.svc.AssessmentFindings(w.owner, w.theirs.ID)
		wantKind(t, "another enterprise's assessment", err, fault.NotFound)
		_, err = w.svc.UpdateFinding(w.owner, ids["theirs"], 1, findingIn(""))
		wantKind(t, "edit another enterprise's finding", err, fault.NotFound)
		_, err = w.svc.MoveFinding(w.owner, ids["theirs"], 1, assessment.MoveDone, "x")
		wantKind(t, "move another enterprise's finding", err, fault.NotFound)
		// The assessment's list: overdue first.
		_, fs, err := w.svc.AssessmentFindings(w.hcm, w.self.ID)
		if err != nil || len(fs) != 3 || fs[0].ID != ids["soon"] || !fs[0].OverdueOn(w.now) || fs[1].OverdueOn(w.now) || fs[2].DueDate != nil {
			t.Fatalf("the assessment's findings: %v, %v", fs, err)
		}
		// Permissions for the pages.
		x, f, _ := w.svc.Finding(w.owner, ids["soon"])
		if p := w.svc.FindingPermsFor(w.owner, x, f); !p.Edit || !p.Done || p.Close || p.Reopen {
			t.Errorf("the enterprise's permissions on an open finding: %+v", p)
		}
		if p := w.svc.FindingPermsFor(w.hcm, x, f); !p.Edit || p.Done || p.Close {
			t.Errorf("the officer's permissions on an open finding: %+v", p)
		}
	})
}
