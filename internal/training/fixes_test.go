package training_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/training"
)

// officer adds an account of role (a province's officer when prov is set)
// and returns its context.
func (f *fixture) officer(t *testing.T, email string, role auth.Role, prov string) context.Context {
	t.Helper()
	ctx := context.Background()
	u := &auth.User{Email: email, Name: "Cán bộ " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
	if err := f.db.Auth().CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Role: role, ProvinceCode: prov})
}

// runToCompletion enrols one participant of enterprise A in x (open),
// starts x, records a passing result and completes it as run.
func (f *fixture) runToCompletion(t *testing.T, run context.Context, x *training.Session, name string) *training.CompletionResult {
	t.Helper()
	s := f.svc
	e, err := s.Enrol(f.ent1, x.ID, staff(name))
	if err != nil {
		t.Fatal(err)
	}
	if x, err = s.StartSession(run, x.ID, x.Version); err != nil {
		t.Fatal(err)
	}
	h, sc, yes := 20, 90, true
	if _, err := s.RecordResults(run, x.ID, []training.ResultInput{{EnrolmentID: e.ID, Version: e.Version, AttendedHours: &h, Score: &sc, Passed: &yes}}); err != nil {
		t.Fatal(err)
	}
	saved := f.now
	f.now = f.now.AddDate(0, 0, 5)
	defer func() { f.now = saved }()
	res, err := s.CompleteSession(run, x.ID, x.Version)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Credentials) != 1 {
		t.Fatalf("%d credentials", len(res.Credentials))
	}
	return res
}

// TestFix_SessionOwner pins who runs a session: the unit that created it
// (the ministry, or a province), not the province it is held in. A
// provincial officer cannot run the ministry's session held in their
// province, nor the ministry a province's session; a credential names
// the unit that completed its session, and only that unit's officers
// (and the ministry) revoke it.
func TestFix_SessionOwner(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		prov79 := f.officer(t, "hcm@example.vn", auth.RoleProvince, "79")
		c := f.course(t, "kaizen", training.AssessExam) // the ministry's course

		// The ministry's session held in Hà Nội.
		mx := f.session(t, c, 10)
		if mx.OwnerProvince != "" {
			t.Fatalf("the ministry's session is owned by %q", mx.OwnerProvince)
		}
		if s.MayRunSession(f.prov01, mx) {
			t.Error("MayRunSession: Hà Nội runs the ministry's session")
		}
		if s.MayRunSession(context.Background(), mx) || s.MayOverseeSession(context.Background(), mx) || s.MayRunSession(f.ent1, mx) {
			t.Error("MayRunSession: an anonymous visitor or an enterprise runs a session")
		}
		_, err := s.CancelSession(f.prov01, mx.ID, mx.Version, "Tỉnh hủy")
		wantKind(t, "Hà Nội cancels the ministry's session", err, fault.Forbidden)
		_, err = s.StartSession(f.prov01, mx.ID, mx.Version)
		wantKind(t, "Hà Nội starts the ministry's session", err, fault.Forbidden)
		_, err = s.UpdateSession(f.prov01, mx.ID, mx.Version, training.SessionInput{StartsOn: mx.StartsOn, EndsOn: mx.EndsOn, Place: "Khác",
			ProvinceCode: "01", TrainerName: "B", Capacity: 10})
		wantKind(t, "Hà Nội edits the ministry's session", err, fault.Forbidden)

		// Hà Nội's session of the ministry's course.
		px, err := s.CreateSession(f.prov01, training.SessionInput{CourseID: c.ID, StartsOn: f.now.AddDate(0, 0, 1), EndsOn: f.now.AddDate(0, 0, 2),
			Place: "Sở Công Thương Hà Nội", TrainerName: "Ông A", Capacity: 5})
		if err != nil {
			t.Fatal(err)
		}
		if px.OwnerProvince != "01" || px.ProvinceCode != "01" {
			t.Fatalf("Hà Nội's session: owner %q, held in %q", px.OwnerProvince, px.ProvinceCode)
		}
		_, err = s.OpenSession(f.ministry, px.ID, px.Version)
		wantKind(t, "the ministry opens Hà Nội's session", err, fault.Forbidden)
		_, err = s.OpenSession(prov79, px.ID, px.Version)
		wantKind(t, "Hồ Chí Minh City opens Hà Nội's session", err, fault.Forbidden)
		if px, err = s.OpenSession(f.prov01, px.ID, px.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Roster(f.ministry, px.ID); err != nil {
			t.Errorf("the ministry reads Hà Nội's roster: %v", err)
		}
		pres := f.runToCompletion(t, f.prov01, px, "Nguyễn Văn Tỉnh")
		pc := pres.Credentials[0]
		if pc.Issuer != s.Issuer("01") || !strings.HasPrefix(pc.Issuer, "Sở Công Thương ") || pc.IssuerProvince != "01" {
			t.Errorf("Hà Nội's credential: issuer %q (%q)", pc.Issuer, pc.IssuerProvince)
		}

		// The ministry completes its own session held in Hà Nội.
		mres := f.runToCompletion(t, f.ministry, mx, "Trần Văn Bộ")
		mc := mres.Credentials[0]
		if mc.Issuer != "Bộ Công Thương" || mc.IssuerProvince != "" {
			t.Errorf("the ministry's credential: issuer %q (%q)", mc.Issuer, mc.IssuerProvince)
		}

		// Revocation: the issuing unit and the ministry.
		if s.MayRevoke(context.Background(), mc) || s.MayRevoke(f.ent1, mc) {
			t.Error("MayRevoke: an anonymous visitor or an enterprise revokes")
		}
		if s.MayRevoke(f.prov01, mc) {
			t.Error("MayRevoke: Hà Nội revokes the ministry's credential")
		}
		_, err = s.RevokeCredential(f.prov01, mc.ID, mc.Version, "Tỉnh thu hồi")
		wantKind(t, "Hà Nội revokes the ministry's credential", err, fault.Forbidden)
		if !s.MayRevoke(f.prov01, pc) || !s.MayRevoke(f.ministry, pc) || s.MayRevoke(prov79, pc) {
			t.Error("MayRevoke of Hà Nội's credential: want Hà Nội and the ministry only")
		}
		if _, err := s.RevokeCredential(f.ministry, pc.ID, pc.Version, "Bộ thu hồi theo thanh tra"); err != nil {
			t.Errorf("the ministry revokes Hà Nội's credential: %v", err)
		}
		if _, err := s.RevokeCredential(f.ministry, mc.ID, mc.Version, "Hồ sơ không trung thực"); err != nil {
			t.Errorf("the ministry revokes its credential: %v", err)
		}
	})
}

// TestFix_EnrolmentNoEmailOracle: a second enrolment of an email answers
// "already enrolled" only to those who see the first enrolment; anyone
// else gets a conflict that says nothing of who is enrolled.
func TestFix_EnrolmentNoEmailOracle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		c := f.course(t, "kaizen", training.AssessExam)
		x := f.session(t, c, 10)
		in := staff("Nguyễn Văn Đạt")
		if _, err := f.svc.Enrol(f.ent1, x.ID, in); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Enrol(f.ent2, x.ID, in)
		wantKind(t, "another enterprise enrols the same email", err, fault.Conflict)
		msg := fault.MessageOf(err)
		for _, leak := range []string{"đã ghi danh", "already enrolled", in.Email} {
			if strings.Contains(msg.Vi+msg.En+fmt.Sprint(fault.FieldsOf(err)), leak) {
				t.Errorf("enterprise B learns that %s is enrolled: %q / %q %v", in.Email, msg.Vi, msg.En, fault.FieldsOf(err))
			}
		}
		if msg.Vi == "" || msg.En == "" {
			t.Errorf("the generic conflict has no message: %+v", msg)
		}
		// Those who see the enrolment are told.
		for _, who := range []context.Context{f.ent1, f.ministry} {
			_, err = f.svc.Enrol(who, x.ID, in)
			wantKind(t, "enrol twice", err, fault.Conflict)
			if m := fault.MessageOf(err); !strings.Contains(m.En, "already enrolled") {
				t.Errorf("the enrolment's viewer gets %q", m.En)
			}
		}
	})
}

// TestFix_CapacityVsEnrol (the reviewers' TestReview_CapacityVsEnrol):
// lowering the capacity while someone enrols never leaves more
// enrolments than places.
func TestFix_CapacityVsEnrol(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "kaizen", training.AssessPractical)
		bad := 0
		for round := 0; round < 30; round++ {
			x := f.session(t, c, 2)
			if _, err := s.Enrol(f.ministry, x.ID, staff(fmt.Sprintf("A %d", round))); err != nil {
				t.Fatal(err)
			}
			x, _ = s.Session(context.Background(), x.ID)
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				s.Enrol(f.ministry, x.ID, staff(fmt.Sprintf("B %d", round)))
			}()
			go func() {
				defer wg.Done()
				_, err := s.UpdateSession(f.ministry, x.ID, x.Version, training.SessionInput{StartsOn: x.StartsOn, EndsOn: x.EndsOn, Place: x.Place,
					ProvinceCode: x.ProvinceCode, TrainerName: x.TrainerName, Capacity: 1})
				if err != nil && !fault.Is(err, fault.Invalid) && !fault.Is(err, fault.Conflict) {
					t.Errorf("update: %v", err)
				}
			}()
			wg.Wait()
			got, _ := s.Session(context.Background(), x.ID)
			if got.Enrolled > got.Capacity {
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("%d of 30 sessions ended with enrolled > capacity", bad)
		}
	})
}

// TestFix_CourseEditWhileRunning: a course whose sessions are not all
// completed or cancelled keeps what those sessions are judged by (tool,
// level, assessment, pass mark, attendance, hours, validity); its texts
// may change. Once its sessions are over, anything may.
func TestFix_CourseEditWhileRunning(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "kaizen", training.AssessExam)
		x := f.session(t, c, 10)
		in := training.CourseInput{ToolCode: c.ToolCode, Level: c.Level, Title: c.Title, Summary: c.Summary, Modules: c.Modules,
			Assessment: c.Assessment, PassMark: c.PassMark, MinAttendancePct: c.MinAttendancePct, ValidityMonths: c.ValidityMonths}
		for name, change := range map[string]func(in *training.CourseInput){
			"pass mark":  func(in *training.CourseInput) { in.PassMark = 90 },
			"attendance": func(in *training.CourseInput) { in.MinAttendancePct = 50 },
			"assessment": func(in *training.CourseInput) { in.Assessment, in.PassMark = training.AssessPractical, 0 },
			"hours":      func(in *training.CourseInput) { in.Modules = []training.Module{{Title: "Tất cả", Hours: 40}} },
			"level":      func(in *training.CourseInput) { in.Level = training.LevelExpert },
			"tool":       func(in *training.CourseInput) { in.ToolCode = "lean" },
			"validity":   func(in *training.CourseInput) { in.ValidityMonths = 6 },
		} {
			changed := in
			changed.Modules = append([]training.Module(nil), in.Modules...)
			change(&changed)
			_, err := s.UpdateCourse(f.ministry, c.ID, c.Version, changed)
			wantKind(t, "change the "+name+" while a session runs", err, fault.Conflict)
			if err != nil && !strings.Contains(fault.MessageOf(err).Vi, "lớp") {
				t.Errorf("%s: message %q", name, fault.MessageOf(err).Vi)
			}
		}
		if got, _ := s.Session(context.Background(), x.ID); got.PassMark != 70 || got.TotalHours != 20 {
			t.Errorf("the running session reads pass mark %d, %d hours", got.PassMark, got.TotalHours)
		}
		// Texts may change: the title, the modules' titles (same hours).
		text := in
		text.Title, text.Summary = "Kaizen thực hành (cập nhật)", "Mô tả mới"
		text.Modules = []training.Module{{Title: "Lý thuyết Kaizen", Hours: 8}, {Title: "Thực hành", Hours: 12}}
		up, err := s.UpdateCourse(f.ministry, c.ID, c.Version, text)
		if err != nil {
			t.Fatalf("change the texts while a session runs: %v", err)
		}
		// Once the session is cancelled, the pass mark may change.
		if _, err := s.CancelSession(f.ministry, x.ID, x.Version, "Không đủ học viên"); err != nil {
			t.Fatal(err)
		}
		text.PassMark = 80
		if _, err := s.UpdateCourse(f.ministry, c.ID, up.Version, text); err != nil {
			t.Errorf("change the pass mark with no session running: %v", err)
		}
	})
}

// TestFix_CancelSessionCancelsEnrolments: cancelling a session cancels
// its enrolments (audited) and frees its seats.
func TestFix_CancelSessionCancelsEnrolments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "5s", training.AssessExam)
		x := f.session(t, c, 10)
		var ids []training.EnrolmentID
		for _, n := range []string{"Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường"} {
			e, err := s.Enrol(f.ent1, x.ID, staff(n))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		x, _ = s.Session(context.Background(), x.ID)
		got, err := s.CancelSession(f.ministry, x.ID, x.Version, "Giảng viên ốm")
		if err != nil {
			t.Fatal(err)
		}
		if got.Enrolled != 0 {
			t.Errorf("enrolled after the cancellation = %d", got.Enrolled)
		}
		roster, _ := s.Roster(f.ministry, x.ID)
		for _, e := range roster {
			if e.Status != training.EnrolCancelled {
				t.Errorf("%s is %s after the session's cancellation", e.FullName, e.Status)
			}
		}
		for _, id := range ids {
			es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "training_enrolment", ObjectID: fmt.Sprint(int64(id)),
				Action: "training.enrolment.cancel"})
			if err != nil || len(es) != 1 {
				t.Errorf("enrolment %d: %d cancellation entries, %v", id, len(es), err)
			}
		}
	})
}

// TestFix_BadText: text with a NUL, another control character or invalid
// UTF-8 is refused as invalid input (422) with its message, never stored
// nor a server error; a filter of such text finds nothing.
func TestFix_BadText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "kaizen", training.AssessExam)
		x := f.session(t, c, 10)
		e, err := s.Enrol(f.ent1, x.ID, staff("Nguyễn Văn Đạt"))
		if err != nil {
			t.Fatal(err)
		}
		bad := []string{"Kaizen\x00", "Kaizen\xff\xfe", "Kai\x07zen", "Kaizen\u0085"}
		for _, b := range bad {
			in := training.CourseInput{ToolCode: "kaizen", Level: 1, Title: b, Modules: []training.Module{{Title: "A", Hours: 4}},
				Assessment: training.AssessPractical, MinAttendancePct: 80}
			_, err := s.CreateCourse(f.ministry, in)
			wantText(t, "course title "+fmt.Sprintf("%q", b), err, "title")
			in.Title, in.Summary = "Kaizen", b
			_, err = s.CreateCourse(f.ministry, in)
			wantText(t, "course summary", err, "summary")
			in.Summary, in.Modules = "", []training.Module{{Title: b, Hours: 4}}
			_, err = s.CreateCourse(f.ministry, in)
			wantText(t, "module title", err, "modules.0")

			sin := training.SessionInput{CourseID: c.ID, StartsOn: f.now, EndsOn: f.now, Place: b, ProvinceCode: "01", TrainerName: "A", Capacity: 5}
			_, err = s.CreateSession(f.ministry, sin)
			wantText(t, "session place", err, "place")
			sin.Place, sin.TrainerName = "Hà Nội", b
			_, err = s.CreateSession(f.ministry, sin)
			wantText(t, "trainer", err, "trainer_name")
			sin.TrainerName, sin.Note = "A", b
			_, err = s.UpdateSession(f.ministry, x.ID, x.Version, sin)
			wantText(t, "session note", err, "note")

			ein := staff("Trần Văn Hai")
			ein.FullName = b
			_, err = s.Enrol(f.ent1, x.ID, ein)
			wantText(t, "participant's name", err, "full_name")
			ein = staff("Trần Văn Hai")
			ein.JobTitle = b
			_, err = s.Enrol(f.ent1, x.ID, ein)
			wantText(t, "job title", err, "job_title")

			_, err = s.CancelSession(f.ministry, x.ID, x.Version, b)
			wantText(t, "cancel reason", err, "reason")
		}
		x, _ = s.Session(context.Background(), x.ID)
		if x, err = s.StartSession(f.ministry, x.ID, x.Version); err != nil {
			t.Fatal(err)
		}
		h := 20
		_, err = s.RecordResults(f.ministry, x.ID, []training.ResultInput{{EnrolmentID: e.ID, Version: e.Version, AttendedHours: &h, Note: "Tốt\x00"}})
		wantKind(t, "result note", err, fault.Invalid)

		// Filters of bad text find nothing (and do not fail).
		if l, _, err := s.Credentials(f.ministry, training.CredentialQuery{Query: "a\x00b", Tool: "x\x00"}); err != nil || len(l) != 0 {
			t.Errorf("credentials of a NUL query: %d, %v", len(l), err)
		}
		if l, _, err := s.Sessions(context.Background(), training.SessionQuery{Tool: "kaizen\x00", Province: "0\xff"}); err != nil || len(l) != 0 {
			t.Errorf("sessions of a NUL tool: %d, %v", len(l), err)
		}
		if l, err := s.Courses(context.Background(), training.CourseQuery{Tool: "\x00"}); err != nil || len(l) != 0 {
			t.Errorf("courses of a NUL tool: %d, %v", len(l), err)
		}
		if _, err := s.CredentialForVerify(context.Background(), "TH-\x00"); !fault.Is(err, fault.NotFound) {
			t.Errorf("verify a NUL number: %v", err)
		}
	})
}

// wantText wants err to be the refusal of a bad text in field.
func wantText(t *testing.T, what string, err error, field string) {
	t.Helper()
	if !fault.Is(err, fault.Invalid) {
		t.Errorf("%s: %v (kind %v), want invalid", what, err, fault.KindOf(err))
		return
	}
	m, ok := fault.FieldsOf(err)[field]
	if !ok || !strings.Contains(m.Vi, "ký tự") || !strings.Contains(m.En, "character") {
		t.Errorf("%s: field %s message %+v (fields %v)", what, field, m, fault.FieldsOf(err))
	}
}

// TestFix_PractitionersPaged: an enterprise's practitioners come a page at
// a time with their total and the count per tool.
func TestFix_PractitionersPaged(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		s := f.svc
		c := f.course(t, "kaizen", training.AssessPractical)
		x := f.session(t, c, 10)
		var items []training.ResultInput
		yes, h := true, 20
		for i := range 5 {
			e, err := s.Enrol(f.ent1, x.ID, staff(fmt.Sprintf("Học viên Số %d", i)))
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, training.ResultInput{EnrolmentID: e.ID, Version: e.Version, AttendedHours: &h, Passed: &yes})
		}
		x, err := s.StartSession(f.ministry, x.ID, x.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordResults(f.ministry, x.ID, items); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.AddDate(0, 0, 5)
		if _, err := s.CompleteSession(f.ministry, x.ID, x.Version); err != nil {
			t.Fatal(err)
		}
		p, err := s.Practitioners(f.ent1, f.entA, training.PractitionerQuery{Page: 2, PerPage: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Credentials) != 2 || p.Total != 5 || len(p.ByTool) != 1 || p.ByTool[0].Count != 5 || p.Enterprise.ID != f.entA {
			t.Errorf("page 2 of 2: %d rows, total %d, by tool %+v", len(p.Credentials), p.Total, p.ByTool)
		}
		if p, _ := s.Practitioners(f.ent1, f.entA, training.PractitionerQuery{PerPage: 1_000_000}); len(p.Credentials) != 5 {
			t.Errorf("a huge page: %d rows", len(p.Credentials))
		}
	})
}
