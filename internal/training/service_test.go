package training_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// fixture is a training service over a database with the catalogue's
// tools, two enterprises (Hà Nội, Hồ Chí Minh City) and accounts of the
// ministry, the Hà Nội department, each enterprise and an expert.
type fixture struct {
	svc                                *training.Service
	db                                 *sqldb.DB
	now                                time.Time
	ministry, prov01, ent1, ent2, expt context.Context
	entA, entB                         registry.EnterpriseID
	signer                             *seal.Signer
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, now: time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)}
	if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	es := []*registry.Enterprise{
		{TaxCode: "0100000001", Name: "Công ty Cơ khí Hà Nội", ProvinceCode: "01", CreatedAt: f.now, UpdatedAt: f.now},
		{TaxCode: "0300000002", Name: "Công ty Nhựa Sài Gòn", ProvinceCode: "79", CreatedAt: f.now, UpdatedAt: f.now},
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	f.entA, f.entB = es[0].ID, es[1].ID
	user := func(email string, role auth.Role, prov string, ent registry.EnterpriseID) context.Context {
		u := &auth.User{Email: email, Name: "Người " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, EnterpriseID: int64(ent),
			Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: role, ProvinceCode: prov, EnterpriseID: int64(ent)})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry, "", 0)
	f.prov01 = user("hn@example.vn", auth.RoleProvince, "01", 0)
	f.ent1 = user("dn1@example.vn", auth.RoleEnterprise, "", f.entA)
	f.ent2 = user("dn2@example.vn", auth.RoleEnterprise, "", f.entB)
	f.expt = user("cg@example.vn", auth.RoleExpert, "", 0)
	seed := make([]byte, 32)
	seed[0] = 7
	var err error
	if f.signer, err = seal.NewSigner(seed); err != nil {
		t.Fatal(err)
	}
	f.svc = f.service(f.signer)
	return f
}

func (f *fixture) service(signer *seal.Signer) *training.Service {
	return training.NewService(training.Options{Store: f.db.Training(), Registry: registry.NewService(f.db.Registry()), Signer: signer,
		BaseURL: "https://nscl.example.vn", Clock: func() time.Time { return f.now }})
}

func wantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

func (f *fixture) course(t *testing.T, tool string, kind training.AssessKind) *training.Course {
	t.Helper()
	in := training.CourseInput{ToolCode: tool, Level: training.LevelPractitioner, Title: "Thực hành " + tool,
		Modules:    []training.Module{{Title: "Lý thuyết", Hours: 8}, {Title: "Thực hành tại xưởng", Hours: 12}},
		Assessment: kind, MinAttendancePct: 80, ValidityMonths: 24}
	if kind == training.AssessExam {
		in.PassMark = 70
	}
	c, err := f.svc.CreateCourse(f.ministry, in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// session creates an open session of c held in Hà Nội, today.
func (f *fixture) session(t *testing.T, c *training.Course, capacity int) *training.Session {
	t.Helper()
	x, err := f.svc.CreateSession(f.ministry, training.SessionInput{CourseID: c.ID, StartsOn: f.now.AddDate(0, 0, 1), EndsOn: f.now.AddDate(0, 0, 3),
		Place: "Trung tâm Năng suất, 8 Hoàng Quốc Việt", ProvinceCode: "01", TrainerName: "ThS. Lê Văn An", Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	if x, err = f.svc.OpenSession(f.ministry, x.ID, x.Version); err != nil {
		t.Fatal(err)
	}
	return x
}

func staff(name string) training.EnrolInput {
	return training.EnrolInput{FullName: name, Email: strings.ToLower(strings.ReplaceAll(vn.Fold(name), " ", ".")) + "@congty.vn", JobTitle: "Tổ trưởng"}
}

// TestService_Courses pins the course rules: a tool of the catalogue, a
// curriculum whose hours add up, an exam's pass mark, a provincial
// officer's course of their province only, a stale version refused.
func TestService_Courses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "kaizen", training.AssessExam)
		if c.TotalHours != 20 || c.ToolName.Vi == "" || c.Version != 1 {
			t.Fatalf("course = %+v", c)
		}
		_, err := s.CreateCourse(f.ministry, training.CourseInput{ToolCode: "khong-co", Level: 4, Title: "", Assessment: "oral", MinAttendancePct: 0})
		wantKind(t, "bad course", err, fault.Invalid)
		for _, k := range []string{"tool", "level", "title", "modules", "assessment", "min_attendance_pct"} {
			if _, ok := fault.FieldsOf(err)[k]; !ok {
				t.Errorf("bad course: no message for %s (%v)", k, fault.FieldsOf(err))
			}
		}
		in := training.CourseInput{ToolCode: "5s", Level: 1, Title: "5S cơ bản", Modules: []training.Module{{Title: "5S", Hours: 8}},
			Assessment: training.AssessExam, PassMark: 0, MinAttendancePct: 80}
		_, err = s.CreateCourse(f.ministry, in)
		wantKind(t, "exam without pass mark", err, fault.Invalid)
		in.PassMark = 101
		_, err = s.CreateCourse(f.ministry, in)
		wantKind(t, "pass mark 101", err, fault.Invalid)
		in.PassMark, in.ProvinceCode = 60, ""
		pc, err := s.CreateCourse(f.prov01, in)
		if err != nil || pc.ProvinceCode != "01" {
			t.Fatalf("provincial course = %+v, %v", pc, err)
		}
		_, err = s.UpdateCourse(f.prov01, c.ID, c.Version, in)
		wantKind(t, "province edits the ministry's course", err, fault.Forbidden)
		_, err = s.CreateCourse(f.ent1, in)
		wantKind(t, "enterprise creates a course", err, fault.Forbidden)
		_, err = s.CreateCourse(context.Background(), in)
		wantKind(t, "anonymous creates a course", err, fault.Unauthenticated)

		in.Title = "Kaizen nâng cao"
		up, err := s.UpdateCourse(f.ministry, c.ID, c.Version, in)
		if err != nil || up.Version != 2 || up.Title != "Kaizen nâng cao" {
			t.Fatalf("update = %+v, %v", up, err)
		}
		in.Title = "Ghi đè"
		_, err = s.UpdateCourse(f.ministry, c.ID, c.Version, in)
		wantKind(t, "stale course", err, fault.Conflict)
		if got, _ := s.Course(context.Background(), c.ID); got.Title != "Kaizen nâng cao" {
			t.Errorf("after the stale update the title is %q", got.Title)
		}
		// The update moved the first course to 5S: two 5S courses now.
		list, err := s.Courses(context.Background(), training.CourseQuery{Tool: "5s"})
		if err != nil || len(list) != 2 {
			t.Errorf("5S courses = %d, %v", len(list), err)
		}
		if list, _ := s.Courses(context.Background(), training.CourseQuery{Tool: "kaizen"}); len(list) != 0 {
			t.Errorf("kaizen courses = %d, want 0", len(list))
		}
	})
}

// TestService_Enrolment pins the bad inputs of enrolment: over capacity,
// twice, into a cancelled or completed session, an enterprise user in
// another enterprise's name; the cancellation before the first day only.
func TestService_Enrolment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "5s", training.AssessExam)
		x := f.session(t, c, 2)

		// Not open yet: a planned session takes no enrolment.
		planned, err := s.CreateSession(f.ministry, training.SessionInput{CourseID: c.ID, StartsOn: f.now, EndsOn: f.now,
			Place: "Hà Nội", ProvinceCode: "01", TrainerName: "A", Capacity: 5})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Enrol(f.ent1, planned.ID, staff("Nguyễn Văn Bình"))
		wantKind(t, "enrol in a planned session", err, fault.Conflict)

		e1, err := s.Enrol(f.ent1, x.ID, staff("Nguyễn Văn Bình"))
		if err != nil || e1.EnterpriseID != f.entA || e1.EnterpriseName != "Công ty Cơ khí Hà Nội" {
			t.Fatalf("enrol = %+v, %v", e1, err)
		}
		// Twice: the same email.
		_, err = s.Enrol(f.ent1, x.ID, staff("Nguyễn Văn Bình"))
		wantKind(t, "enrol twice", err, fault.Conflict)
		// Another enterprise's name.
		in := staff("Trần Thị Cúc")
		in.EnterpriseID = f.entB
		_, err = s.Enrol(f.ent1, x.ID, in)
		wantKind(t, "enrol in another enterprise's name", err, fault.Forbidden)
		// An expert enrols themself, whatever names they send.
		me, err := s.Enrol(f.expt, x.ID, staff("Ai đó khác"))
		if err != nil || me.Email != "cg@example.vn" || me.UserID == 0 || me.EnterpriseID != 0 {
			t.Fatalf("self enrolment = %+v, %v", me, err)
		}
		// Full: the third seat does not exist.
		_, err = s.Enrol(f.ent2, x.ID, staff("Lê Văn Dũng"))
		wantKind(t, "enrol over capacity", err, fault.Conflict)
		if got, _ := s.Session(context.Background(), x.ID); got.Enrolled != 2 {
			t.Errorf("enrolled = %d, want 2", got.Enrolled)
		}
		// Concurrent enrolments never overfill.
		big := f.session(t, c, 3)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Enrol(f.ministry, big.ID, staff(fmt.Sprintf("Học viên %d", i))); err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if got, _ := s.Session(context.Background(), big.ID); ok != 3 || got.Enrolled != 3 {
			t.Errorf("concurrent enrolments: %d accepted, %d counted, want 3", ok, got.Enrolled)
		}

		// The roster: the enterprise sees its own, the expert their own.
		if r, _ := s.Roster(f.ent1, x.ID); len(r) != 1 || r[0].ID != e1.ID {
			t.Errorf("enterprise roster = %d", len(r))
		}
		if r, _ := s.Roster(f.ent2, x.ID); len(r) != 0 {
			t.Errorf("other enterprise's roster = %d", len(r))
		}
		if r, _ := s.Roster(f.ministry, x.ID); len(r) != 2 {
			t.Errorf("officer roster = %d", len(r))
		}

		// Cancel before the first day (tomorrow): done, the seat is free.
		_, err = s.CancelEnrolment(f.ent2, e1.ID, e1.Version)
		wantKind(t, "another enterprise cancels", err, fault.NotFound)
		_, err = s.CancelEnrolment(f.ent1, e1.ID, e1.Version+1)
		wantKind(t, "stale cancellation", err, fault.Conflict)
		if _, err := s.CancelEnrolment(f.ent1, e1.ID, e1.Version); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Session(context.Background(), x.ID); got.Enrolled != 1 {
			t.Errorf("enrolled after the cancellation = %d, want 1", got.Enrolled)
		}
		// Enrolled again after the cancellation: allowed.
		e1b, err := s.Enrol(f.ent1, x.ID, staff("Nguyễn Văn Bình"))
		if err != nil {
			t.Fatalf("enrol again after cancelling: %v", err)
		}
		// On the first day the participant's side may no longer cancel.
		f.now = f.now.AddDate(0, 0, 1)
		_, err = s.CancelEnrolment(f.ent1, e1b.ID, e1b.Version)
		wantKind(t, "cancel on the first day", err, fault.Conflict)

		// A cancelled session takes no enrolment.
		cx, err := s.CancelSession(f.ministry, big.ID, big.Version, "Giảng viên ốm")
		if err != nil || cx.Status != training.SessionCancelled {
			t.Fatalf("cancel session = %+v, %v", cx, err)
		}
		_, err = s.Enrol(f.ministry, big.ID, staff("Phạm Văn Em"))
		wantKind(t, "enrol in a cancelled session", err, fault.Conflict)
		_, err = s.CancelSession(f.ministry, x.ID, x.Version, "")
		wantKind(t, "cancel without reason", err, fault.Invalid)
	})
}

// TestService_ResultsAndCompletion pins attendance and results (a score
// outside 0–100, hours beyond the course's, a stale version: nothing
// written) and completion: the participant who missed attendance and the
// one who failed get no credential, the one who passed gets a sealed one
// that CredentialForVerify shows; completion without the signing key is
// refused; a completed session takes no enrolment.
func TestService_ResultsAndCompletion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "kaizen", training.AssessExam)
		x := f.session(t, c, 10)
		var es []*training.Enrolment
		for _, n := range []string{"Nguyễn Văn Đạt", "Trần Văn Vắng", "Lê Thị Trượt"} {
			e, err := s.Enrol(f.ent1, x.ID, staff(n))
			if err != nil {
				t.Fatal(err)
			}
			es = append(es, e)
		}
		ip := func(v int) *int { return &v }
		_, err := s.RecordResults(f.ministry, x.ID, []training.ResultInput{{EnrolmentID: es[0].ID, Version: es[0].Version, AttendedHours: ip(20), Score: ip(80)}})
		wantKind(t, "results before the start", err, fault.Conflict)
		x, err = s.StartSession(f.ministry, x.ID, x.Version)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Enrol(f.ent1, x.ID, staff("Muộn Màng"))
		wantKind(t, "enrol in a session in progress", err, fault.Conflict)

		for _, bad := range []training.ResultInput{
			{EnrolmentID: es[0].ID, Version: es[0].Version, AttendedHours: ip(20), Score: ip(101)},
			{EnrolmentID: es[0].ID, Version: es[0].Version, AttendedHours: ip(20), Score: ip(-1)},
			{EnrolmentID: es[0].ID, Version: es[0].Version, AttendedHours: ip(21), Score: ip(80)},
		} {
			_, err := s.RecordResults(f.ministry, x.ID, []training.ResultInput{
				{EnrolmentID: es[1].ID, Version: es[1].Version, AttendedHours: ip(10), Score: ip(90)}, bad})
			wantKind(t, fmt.Sprintf("result %+v", bad), err, fault.Invalid)
		}
		_, err = s.RecordResults(f.ministry, x.ID, []training.ResultInput{{EnrolmentID: es[0].ID, Version: es[0].Version + 5, AttendedHours: ip(20), Score: ip(80)}})
		wantKind(t, "stale result", err, fault.Conflict)
		_, err = s.RecordResults(f.ent1, x.ID, []training.ResultInput{{EnrolmentID: es[0].ID, Version: es[0].Version, AttendedHours: ip(20), Score: ip(80)}})
		wantKind(t, "an enterprise records results", err, fault.Forbidden)
		if r, _ := s.Roster(f.ministry, x.ID); r[1].Score != nil || r[1].AttendedHours != nil {
			t.Fatalf("refused results were written: %+v", r[1])
		}

		// The first attends and passes; the second misses attendance
		// (10 of 20 hours, 80% needed) with a good score; the third
		// attends and fails the exam (69 < 70).
		got, err := s.RecordResults(f.ministry, x.ID, []training.ResultInput{
			{EnrolmentID: es[0].ID, Version: es[0].Version, AttendedHours: ip(20), Score: ip(85)},
			{EnrolmentID: es[1].ID, Version: es[1].Version, AttendedHours: ip(10), Score: ip(95)},
		})
		if err != nil || len(got) != 3 {
			t.Fatalf("record = %d, %v", len(got), err)
		}
		// Completion before the last day, and with a result missing.
		_, err = s.CompleteSession(f.ministry, x.ID, x.Version)
		wantKind(t, "complete before the last day", err, fault.Conflict)
		f.now = f.now.AddDate(0, 0, 3)
		_, err = s.CompleteSession(f.ministry, x.ID, x.Version)
		wantKind(t, "complete with a result missing", err, fault.Invalid)
		if !strings.Contains(fault.MessageOf(err).Vi, "Lê Thị Trượt") {
			t.Errorf("the message does not name the participant: %q", fault.MessageOf(err).Vi)
		}
		if _, err = s.RecordResults(f.ministry, x.ID, []training.ResultInput{
			{EnrolmentID: es[2].ID, Version: es[2].Version, AttendedHours: ip(18), Score: ip(69), Note: "Cần ôn lại biểu đồ Pareto"}}); err != nil {
			t.Fatal(err)
		}
		// Without the signing key: refused with its message, nothing changes.
		_, err = f.service(nil).CompleteSession(f.ministry, x.ID, x.Version)
		wantKind(t, "complete without a signer", err, fault.Unavailable)
		if !strings.Contains(fault.MessageOf(err).Vi, "khóa ký") {
			t.Errorf("no-signer message = %q", fault.MessageOf(err).Vi)
		}
		_, err = s.CompleteSession(f.ministry, x.ID, x.Version-1)
		wantKind(t, "stale completion", err, fault.Conflict)
		res, err := s.CompleteSession(f.ministry, x.ID, x.Version)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Credentials) != 1 || len(res.NotPassed) != 2 || res.Session.Status != training.SessionCompleted {
			t.Fatalf("completion: %d credentials, %d not passed, %s", len(res.Credentials), len(res.NotPassed), res.Session.Status)
		}
		cr := res.Credentials[0]
		if cr.HolderName != "Nguyễn Văn Đạt" || !strings.HasPrefix(cr.Number, "TH-KAIZEN-2026-") || cr.ExpiresOn == nil ||
			vn.Date(*cr.ExpiresOn) != "12/03/2028" || cr.Issuer != "Bộ Công Thương" || cr.EnterpriseName != "Công ty Cơ khí Hà Nội" {
			t.Fatalf("credential = %+v", cr)
		}
		roster, _ := s.Roster(f.ministry, x.ID)
		if roster[0].Status != training.EnrolPassed || roster[1].Status != training.EnrolNotPassed || roster[2].Status != training.EnrolNotPassed {
			t.Errorf("statuses = %s %s %s", roster[0].Status, roster[1].Status, roster[2].Status)
		}
		for _, e := range roster[1:] {
			if e.CredentialID != 0 {
				t.Errorf("%s got a credential", e.FullName)
			}
		}
		_, err = s.Enrol(f.ent1, x.ID, staff("Sau Cùng"))
		wantKind(t, "enrol in a completed session", err, fault.Conflict)
		_, err = s.CompleteSession(f.ministry, x.ID, res.Session.Version)
		wantKind(t, "complete twice", err, fault.Conflict)

		// The sealed code verifies and matches the register.
		p, err := seal.NewKeyring(f.signer.Public()).Verify(cr.Code)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := s.CredentialForVerify(context.Background(), cr.Number)
		if err != nil || !p.Same(pub.Sealed) || pub.Status != "valid" || p.Kind != seal.KindCredential || p.Scheme != "kaizen" || p.Level != "2" {
			t.Fatalf("verify: %+v %+v, %v", p, pub, err)
		}
		_, err = s.CredentialForVerify(context.Background(), "TH-KAIZEN-2026-999999")
		wantKind(t, "verify an unknown number", err, fault.NotFound)

		// The holder's enterprise sees it; another does not; the PDF renders.
		if _, err := s.Credential(f.ent1, cr.ID); err != nil {
			t.Errorf("own enterprise reads the credential: %v", err)
		}
		_, err = s.Credential(f.ent2, cr.ID)
		wantKind(t, "another enterprise reads the credential", err, fault.NotFound)
		if b, name, err := s.CredentialPDF(f.ent1, cr.ID); err != nil || len(b) < 1000 || !strings.HasSuffix(name, ".pdf") {
			t.Errorf("pdf: %d bytes, %q, %v", len(b), name, err)
		}
		pl, err := s.Practitioners(f.ent1, f.entA, training.PractitionerQuery{})
		if err != nil || len(pl.Credentials) != 1 {
			t.Errorf("practitioners = %+v, %v", pl, err)
		}
		_, err = s.Practitioners(f.ent2, f.entA, training.PractitionerQuery{})
		wantKind(t, "another enterprise's practitioners", err, fault.NotFound)

		// Revocation: a reason, the current version; then verify says so.
		_, err = s.RevokeCredential(f.ministry, cr.ID, cr.Version, "")
		wantKind(t, "revoke without reason", err, fault.Invalid)
		_, err = s.RevokeCredential(f.ent1, cr.ID, cr.Version, "Gian lận")
		wantKind(t, "an enterprise revokes", err, fault.Forbidden)
		rv, err := s.RevokeCredential(f.ministry, cr.ID, cr.Version, "Hồ sơ không trung thực")
		if err != nil || rv.Status != training.CredRevoked {
			t.Fatalf("revoke = %+v, %v", rv, err)
		}
		_, err = s.RevokeCredential(f.ministry, cr.ID, cr.Version, "Lần nữa")
		wantKind(t, "stale revocation", err, fault.Conflict)
		if pub, _ := s.CredentialForVerify(context.Background(), cr.Number); pub.Status != "revoked" || pub.RevokedReason != "Hồ sơ không trung thực" {
			t.Errorf("after revocation verify says %+v", pub)
		}
		if pl, _ := s.Practitioners(f.ministry, f.entA, training.PractitionerQuery{}); len(pl.Credentials) != 0 {
			t.Errorf("a revoked credential is still listed among the practitioners")
		}
		// Expired: two years later.
		f.now = f.now.AddDate(2, 0, 1)
		list, total, err := s.Credentials(f.ministry, training.CredentialQuery{Status: training.CredRevoked})
		if err != nil || total != 1 || len(list) != 1 {
			t.Errorf("revoked credentials = %d, %v", total, err)
		}
	})
}

// TestService_ConcurrentCompletions completes two sessions of the same
// tool at the same time: every credential gets its own number.
func TestService_ConcurrentCompletions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "lean", training.AssessPractical)
		yes := true
		var xs []*training.Session
		for range 2 {
			x := f.session(t, c, 20)
			var items []training.ResultInput
			for i := range 6 {
				e, err := s.Enrol(f.ministry, x.ID, staff(fmt.Sprintf("Học viên %d lớp %d", i, x.ID)))
				if err != nil {
					t.Fatal(err)
				}
				h := 20
				items = append(items, training.ResultInput{EnrolmentID: e.ID, Version: e.Version, AttendedHours: &h, Passed: &yes})
			}
			x, err := s.StartSession(f.ministry, x.ID, x.Version)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.RecordResults(f.ministry, x.ID, items); err != nil {
				t.Fatal(err)
			}
			xs = append(xs, x)
		}
		f.now = f.now.AddDate(0, 0, 5)
		var wg sync.WaitGroup
		errs := make([]error, len(xs))
		results := make([]*training.CompletionResult, len(xs))
		for i, x := range xs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = s.CompleteSession(f.ministry, x.ID, x.Version)
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range xs {
			if errs[i] != nil {
				t.Fatalf("completion %d: %v", i, errs[i])
			}
			for _, cr := range results[i].Credentials {
				if seen[cr.Number] {
					t.Errorf("number %s given twice", cr.Number)
				}
				seen[cr.Number] = true
			}
		}
		if len(seen) != 12 {
			t.Errorf("%d distinct numbers, want 12", len(seen))
		}
		for i := 1; i <= 12; i++ {
			if !seen[fmt.Sprintf("TH-LEAN-2026-%06d", i)] {
				t.Errorf("number %d missing: %v", i, seen)
			}
		}
	})
}
