package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// auditWorld is two firms, their users, officers, assessors with and
// without a conflict of interest or a valid accreditation, and a small
// scheme of the tests' own.
type auditWorld struct {
	db                 *sqldb.DB
	svc                *assessment.Service
	mail               *fakeMail
	clock              *auditClock
	firm, other        *registry.Enterprise
	owner, otherOwner  *auth.Actor
	hcm, hanoi         *auth.Actor // provincial officers (79, 01)
	ministry           *auth.Actor
	clean              *auth.Actor // accredited, no tie
	recent             *auth.Actor // consultant of firm until 18 months ago
	old                *auth.Actor // consultant of firm until 30 months ago
	related            *auth.Actor // declared relation with firm
	expired            *auth.Actor // accreditation expired last month
	suspended          *auth.Actor // accreditation suspended
	scheme             *assessment.Scheme
	v1                 *assessment.Version
	cleanAccreditation *assessment.Accreditation
}

// auditClock is a settable clock.
type auditClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *auditClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *auditClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// auditBody is the tests' scheme: two sections on 0–4, an item on its
// own 0–2 scale, N/A allowed on one item only.
func auditBody() assessment.Body {
	txt := func(s string) fault.Text { return fault.Text{Vi: s, En: s} }
	return assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4},
		Sections: []assessment.Section{
			{Key: "s1", Name: fault.Text{Vi: "Sàng lọc", En: "Sort"}, Items: []assessment.Item{
				{Key: "s1.1", Text: txt("Không có vật dụng thừa"), AllowNA: true},
				{Key: "s1.2", Text: txt("Có khu vực để vật dụng chờ xử lý")}}},
			{Key: "s2", Name: fault.Text{Vi: "Sắp xếp", En: "Set in order"}, Items: []assessment.Item{
				{Key: "s2.1", Text: txt("Dụng cụ có vị trí và nhãn"), Scale: &assessment.Scale{Min: 0, Max: 2}}}},
		},
		Levels: []assessment.Level{{Code: "dat", Name: txt("Đạt"), MinPct: 50}, {Code: "tot", Name: txt("Tốt"), MinPct: 80}}}
}

func newAuditWorld(t testing.TB, db *sqldb.DB) *auditWorld {
	t.Helper()
	ctx := context.Background()
	es := makeEnterprises(1_400_000_000, 2, time.Now())
	es[0].Name, es[0].ProvinceCode = "Công ty TNHH Cơ khí Đông Á", "79"
	es[1].Name, es[1].ProvinceCode = "Công ty Cổ phần Nhựa Bắc Hà", "01"
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	clock := &auditClock{t: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	w := &auditWorld{db: db, mail: &fakeMail{}, clock: clock, firm: es[0], other: es[1]}
	mu := func(email string, role auth.Role, ent int64, prov string) *auth.Actor {
		now := time.Now().UTC()
		u := &auth.User{Email: email, Name: email, Role: role, EnterpriseID: ent, ProvinceCode: prov, Lang: "vi", PasswordHash: "x",
			PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	w.owner = mu("chu@dongA.vn", auth.RoleEnterprise, int64(es[0].ID), "")
	w.otherOwner = mu("chu@bacha.vn", auth.RoleEnterprise, int64(es[1].ID), "")
	w.hcm = mu("so@hcm.gov.vn", auth.RoleProvince, 0, "79")
	w.hanoi = mu("so@hn.gov.vn", auth.RoleProvince, 0, "01")
	w.ministry = mu("bo@moit.gov.vn", auth.RoleMinistry, 0, "")
	w.clean = mu("a.sach@danhgia.vn", auth.RoleAssessor, 0, "")
	w.recent = mu("b.gan@danhgia.vn", auth.RoleAssessor, 0, "")
	w.old = mu("c.cu@danhgia.vn", auth.RoleAssessor, 0, "")
	w.related = mu("d.quanhe@danhgia.vn", auth.RoleAssessor, 0, "")
	w.expired = mu("e.hethan@danhgia.vn", auth.RoleAssessor, 0, "")
	w.suspended = mu("f.dinhchi@danhgia.vn", auth.RoleAssessor, 0, "")

	st := db.Assessment()
	w.scheme = &assessment.Scheme{Code: "5s-audit-test", Name: fault.Text{Vi: "Thực hành tốt 5S (thử)", En: "5S (test)"}, Kind: assessment.Kind5S, ValidityMonths: 36}
	w.v1 = &assessment.Version{Status: assessment.VersionPublished, Body: auditBody()}
	if err := st.CreateScheme(ctx, w.scheme, w.v1); err != nil {
		t.Fatal(err)
	}
	today := vnDay(clock.now())
	accredit := func(a *auth.Actor, n int, granted, expires time.Time, status assessment.AccreditationStatus) *assessment.Accreditation {
		acc := &assessment.Accreditation{UserID: a.UserID, SchemeID: w.scheme.ID, Number: fmt.Sprintf("DGV-5S-%03d", n),
			GrantedOn: granted, ExpiresOn: expires, Status: status}
		if err := st.EnsureAssessorAccreditation(ctx, acc); err != nil {
			t.Fatal(err)
		}
		return acc
	}
	w.cleanAccreditation = accredit(w.clean, 1, today.AddDate(-1, 0, 0), today.AddDate(2, 0, 0), assessment.AccreditationActive)
	accredit(w.recent, 2, today.AddDate(-1, 0, 0), today.AddDate(2, 0, 0), assessment.AccreditationActive)
	accredit(w.old, 3, today.AddDate(-1, 0, 0), today.AddDate(2, 0, 0), assessment.AccreditationActive)
	accredit(w.related, 4, today.AddDate(-1, 0, 0), today.AddDate(2, 0, 0), assessment.AccreditationActive)
	accredit(w.expired, 5, today.AddDate(-3, 0, 0), today.AddDate(0, -1, 0), assessment.AccreditationActive)
	accredit(w.suspended, 6, today.AddDate(-1, 0, 0), today.AddDate(2, 0, 0), assessment.AccreditationSuspended)

	// The assessors' expert profiles: engagements with the firm that
	// ended 18 and 30 months ago, and a declared relation.
	insertExperts(t, db, []testExpert{
		{ID: 901, UserID: int64(w.recent.UserID), Name: "Trần Gần Đây", Province: "79", Capacity: 2},
		{ID: 902, UserID: int64(w.old.UserID), Name: "Lê Đã Lâu", Province: "79", Capacity: 2},
		{ID: 903, UserID: int64(w.related.UserID), Name: "Phạm Có Quan Hệ", Province: "79", Capacity: 2, RelatedFirms: []int64{int64(es[0].ID)}},
	})
	engage := func(expert int64, ended time.Time) {
		started := ended.AddDate(0, -6, 0)
		var need, interest int64
		if err := db.WriteDB().QueryRowContext(ctx, `INSERT INTO needs (enterprise_id, province_code, tools, published_at, updated_at, status)
			VALUES ($1, '79', '5s', $2, $2, 'filled') RETURNING id`, int64(es[0].ID), started).Scan(&need); err != nil {
			t.Fatal(err)
		}
		if err := db.WriteDB().QueryRowContext(ctx, `INSERT INTO need_interests (need_id, expert_id, status, created_at)
			VALUES ($1, $2, 'accepted', $3) RETURNING id`, need, expert, started).Scan(&interest); err != nil {
			t.Fatal(err)
		}
		if _, err := db.WriteDB().ExecContext(ctx, `INSERT INTO engagements (need_id, enterprise_id, expert_id, interest_id, status, accepted_at, completed_at)
			VALUES ($1, $2, $3, $4, 'completed', $5, $6)`, need, int64(es[0].ID), expert, interest, started, ended); err != nil {
			t.Fatal(err)
		}
	}
	engage(901, clock.now().AddDate(0, -18, 0))
	engage(902, clock.now().AddDate(0, -30, 0))

	w.svc = assessment.NewService(assessment.Options{Store: st, Registry: registry.NewService(db.Registry()), Mailer: w.mail,
		Clock: clock.now, BaseURL: "https://nscl.example"})
	return w
}

func vnDay(t time.Time) time.Time {
	t = t.In(vn.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, vn.Zone)
}

func intp(v int) *int { return &v }

func wantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Fatalf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

// TestAssessmentAudit_Self is a self-assessment from start to submission,
// with every bad answer the issue names refused and an older queued
// answer ignored, and another enterprise kept out.
func TestAssessmentAudit_Self(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		owner := as(w.owner)
		_, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: w.scheme.ID})
		wantKind(t, "no site", err, fault.Invalid)
		if f := fault.FieldsOf(err); f["site"].Vi == "" || f["site"].En == "" {
			t.Errorf("site error %v", f)
		}
		_, err = w.svc.StartSelf(owner, assessment.StartInput{SchemeID: 9999, Site: "Xưởng 1"})
		wantKind(t, "unknown scheme", err, fault.Invalid)
		_, err = w.svc.StartSelf(as(w.hcm), assessment.StartInput{SchemeID: w.scheme.ID, Site: "Xưởng 1"})
		wantKind(t, "officer starts", err, fault.Forbidden)
		x, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: w.scheme.ID, Site: "  Xưởng cơ khí số 1 "})
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != assessment.StatusInProgress || x.VersionID != w.v1.ID || x.Site != "Xưởng cơ khí số 1" || x.ProvinceCode != "79" || x.StartedAt == nil {
			t.Fatalf("started %+v", x)
		}

		// Bad answers: each refused with a message in both languages,
		// nothing saved.
		for _, c := range []struct {
			name  string
			in    assessment.AnswerInput
			field string
		}{
			{"score above the scale", assessment.AnswerInput{Item: "s1.2", Value: intp(5)}, "value"},
			{"score below the scale", assessment.AnswerInput{Item: "s1.2", Value: intp(-1)}, "value"},
			{"score above the item's own scale", assessment.AnswerInput{Item: "s2.1", Value: intp(3)}, "value"},
			{"no score", assessment.AnswerInput{Item: "s1.2"}, "value"},
			{"N/A not allowed", assessment.AnswerInput{Item: "s1.2", NA: true}, "na"},
			{"unknown item", assessment.AnswerInput{Item: "s9.9", Value: intp(1)}, "item"},
		} {
			_, err := w.svc.SaveAnswer(owner, x.ID, c.in)
			wantKind(t, c.name, err, fault.Invalid)
			if f := fault.FieldsOf(err)[c.field]; f.Vi == "" || f.En == "" || f.Vi == f.En {
				t.Errorf("%s: field %q = %+v", c.name, c.field, fault.FieldsOf(err))
			}
		}
		// A batch with one bad answer saves none.
		_, err = w.svc.SaveAnswers(owner, x.ID, []assessment.AnswerInput{{Item: "s1.1", Value: intp(4)}, {Item: "s2.1", Value: intp(9)}})
		wantKind(t, "bad batch", err, fault.Invalid)
		if _, ok := fault.FieldsOf(err)["answers.1.value"]; !ok {
			t.Errorf("batch fields %v", fault.FieldsOf(err))
		}
		if ans, _ := db.Assessment().FindAnswers(context.Background(), x.ID); len(ans) != 0 {
			t.Fatalf("a refused batch saved %v", ans)
		}

		// Another enterprise: not found, whatever it tries.
		other := as(w.otherOwner)
		_, err = w.svc.Assessment(other, x.ID)
		wantKind(t, "other enterprise reads", err, fault.NotFound)
		_, err = w.svc.Report(other, x.ID)
		wantKind(t, "other enterprise reads the report", err, fault.NotFound)
		_, err = w.svc.SaveAnswer(other, x.ID, assessment.AnswerInput{Item: "s1.2", Value: intp(1)})
		wantKind(t, "other enterprise answers", err, fault.NotFound)
		_, err = w.svc.Assessment(as(w.hanoi), x.ID)
		wantKind(t, "officer of another province", err, fault.NotFound)
		_, err = w.svc.Assessment(as(w.clean), x.ID)
		wantKind(t, "an assessor", err, fault.NotFound)
		if _, err := w.svc.Assessment(as(w.hcm), x.ID); err != nil {
			t.Fatalf("officer of the province: %v", err)
		}
		// The province officer sees it but does not answer.
		_, err = w.svc.SaveAnswer(as(w.hcm), x.ID, assessment.AnswerInput{Item: "s1.2", Value: intp(1)})
		wantKind(t, "officer answers", err, fault.Forbidden)

		// Answers given at t1 < t2 < t3 on the phone, arriving out of
		// order: the one of t2 is sent after the one of t3 (it was queued
		// offline) and is ignored; sending t3 again changes nothing.
		t0 := w.clock.now()
		r, err := w.svc.SaveAnswers(owner, x.ID, []assessment.AnswerInput{
			{Item: "s1.1", NA: true, At: t0.Add(-3 * time.Minute)},
			{Item: "s1.2", Value: intp(4), Note: "Khu chờ xử lý có biển báo", At: t0.Add(-1 * time.Minute)}})
		if err != nil || r.Applied != 2 || r.Answered != 2 || r.Items != 3 {
			t.Fatalf("save = %+v, %v", r, err)
		}
		r, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s1.2", Value: intp(1), Note: "cũ", At: t0.Add(-2 * time.Minute)})
		if err != nil || r.Applied != 0 || r.Ignored != 1 {
			t.Fatalf("older answer: %+v, %v", r, err)
		}
		r, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s1.2", Value: intp(4), Note: "Khu chờ xử lý có biển báo", At: t0.Add(-1 * time.Minute)})
		if err != nil || r.Applied != 0 || r.Answered != 2 {
			t.Fatalf("the same answer again: %+v, %v", r, err)
		}
		ans, err := db.Assessment().FindAnswers(context.Background(), x.ID)
		if err != nil || ans["s1.2"].Value != 4 || ans["s1.2"].Note != "Khu chờ xử lý có biển báo" || !ans["s1.1"].NA || ans["s1.2"].AnsweredBy != w.owner.UserID {
			t.Fatalf("answers %+v, %v", ans, err)
		}
		// An answer "from the future" (a fast clock) counts as now, so that
		// it does not block the answers that follow.
		if _, err := w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s2.1", Value: intp(0), At: t0.Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		w.clock.add(time.Minute)
		if r, err := w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s2.1", Value: intp(1)}); err != nil || r.Applied != 1 {
			t.Fatalf("an answer after one from a fast clock: %+v, %v", r, err)
		}

		// Submission: a stale version, then the real one.
		_, err = w.svc.Submit(owner, x.ID, x.Version+5)
		wantKind(t, "stale submit", err, fault.Conflict)
		got, err := w.svc.Submit(owner, x.ID, x.Version)
		if err != nil {
			t.Fatal(err)
		}
		// s1: s1.2 = 4/4 → 100 % (s1.1 N/A leaves the section's score);
		// s2: 1/2 → 50 %; the sections weigh their items (2 and 1):
		// (2×100 + 1×50) / 3 = 83.3 → "tot".
		if got.Status != assessment.StatusSubmitted || got.SubmittedAt == nil || got.ScorePct < 83.33 || got.ScorePct > 83.34 || got.LevelCode != "tot" {
			t.Fatalf("submitted %+v", got)
		}
		stored, _ := db.Assessment().FindAssessment(context.Background(), x.ID)
		if stored.ScorePct != got.ScorePct || stored.LevelCode != "tot" || stored.Version != got.Version {
			t.Fatalf("stored %+v", stored)
		}
		if w.mail.to(w.owner.Email) != 1 {
			t.Errorf("the enterprise was not told of the result: %v", w.mail.sent)
		}
		// After submission: no answer, no second submission, no cancel.
		_, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s1.2", Value: intp(0)})
		wantKind(t, "answer after submission", err, fault.Conflict)
		_, err = w.svc.Submit(owner, x.ID, got.Version)
		wantKind(t, "second submission", err, fault.Conflict)
		_, err = w.svc.Cancel(owner, x.ID, got.Version, "Nhầm")
		wantKind(t, "cancel after submission", err, fault.Conflict)
	})
}

// TestAssessmentAudit_SubmitIncomplete refuses a submission with items
// unanswered, naming them, and leaves the assessment in progress.
func TestAssessmentAudit_SubmitIncomplete(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		owner := as(w.owner)
		x, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: w.scheme.ID, Site: "Kho"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s1.1", Value: intp(2)}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Submit(owner, x.ID, x.Version)
		wantKind(t, "incomplete", err, fault.Invalid)
		if m := fault.MessageOf(err); !strings.Contains(m.Vi, "s1.2, s2.1") || !strings.Contains(m.En, "2 items") {
			t.Errorf("message %+v", m)
		}
		stored, _ := db.Assessment().FindAssessment(context.Background(), x.ID)
		if stored.Status != assessment.StatusInProgress || stored.Version != x.Version {
			t.Fatalf("after a refused submission: %+v", stored)
		}
		// Cancel needs a reason; the enterprise cancels its own.
		_, err = w.svc.Cancel(owner, x.ID, x.Version, " ")
		wantKind(t, "no reason", err, fault.Invalid)
		c, err := w.svc.Cancel(owner, x.ID, x.Version, "Xưởng tạm dừng sản xuất")
		if err != nil || c.Status != assessment.StatusCancelled || c.CancelReason != "Xưởng tạm dừng sản xuất" {
			t.Fatalf("cancel %+v, %v", c, err)
		}
		_, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s1.2", Value: intp(1)})
		wantKind(t, "answer after cancel", err, fault.Conflict)
	})
}

// TestAssessmentAudit_SchemeEditedAfterStart publishes a version 2 while
// an assessment is in progress: the assessment keeps version 1 for its
// answers and its result; a new one uses version 2.
func TestAssessmentAudit_SchemeEditedAfterStart(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		owner := as(w.owner)
		x, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: w.scheme.ID, Site: "Xưởng 2"})
		if err != nil {
			t.Fatal(err)
		}
		// Version 2: s1.2 removed, s2.1 on 0–4, a new s3.1; v1 retired.
		b2 := auditBody()
		b2.Sections[0].Items = b2.Sections[0].Items[:1]
		b2.Sections[1].Items[0].Scale = nil
		b2.Sections = append(b2.Sections, assessment.Section{Key: "s3", Name: fault.Text{Vi: "Sạch sẽ", En: "Shine"},
			Items: []assessment.Item{{Key: "s3.1", Text: fault.Text{Vi: "Sàn sạch", En: "Clean floor"}}}})
		publishVersion(t, db, w.scheme.ID, w.v1.ID, 2, b2)

		_, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s3.1", Value: intp(3)})
		wantKind(t, "an item of version 2 only", err, fault.Invalid)
		_, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s2.1", Value: intp(4)})
		wantKind(t, "a value on version 2's scale, not version 1's", err, fault.Invalid)
		for _, in := range []assessment.AnswerInput{{Item: "s1.1", Value: intp(4)}, {Item: "s1.2", Value: intp(2)}, {Item: "s2.1", Value: intp(2)}} {
			if _, err := w.svc.SaveAnswer(owner, x.ID, in); err != nil {
				t.Fatalf("%s on version 1: %v", in.Item, err)
			}
		}
		got, err := w.svc.Submit(owner, x.ID, x.Version)
		if err != nil {
			t.Fatal(err)
		}
		// Version 1: s1 (4/4 + 2/4)/2 = 75 %, s2 2/2 = 100 %; weighted
		// by items 2:1 → (2×75 + 100)/3 = 83.3 → "tot".
		if got.ScorePct < 83.3 || got.ScorePct > 83.4 || got.LevelCode != "tot" || got.VersionNo != 1 {
			t.Fatalf("scored %+v", got)
		}
		rep, err := w.svc.Report(owner, x.ID)
		if err != nil || rep.Version.ID != w.v1.ID || len(rep.Result.Sections) != 2 || !rep.Result.Complete {
			t.Fatalf("report on %+v, %v", rep, err)
		}
		y, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: w.scheme.ID, Site: "Xưởng 3"})
		if err != nil || y.VersionNo != 2 {
			t.Fatalf("a new assessment on %+v, %v", y, err)
		}
		if _, err := w.svc.SaveAnswer(owner, y.ID, assessment.AnswerInput{Item: "s3.1", Value: intp(3)}); err != nil {
			t.Fatalf("version 2's item on the new one: %v", err)
		}
		// The history compares the sections by key across versions.
		if err := answerAll(w, owner, y, 4); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(owner, y.ID, y.Version); err != nil {
			t.Fatal(err)
		}
		rep, err = w.svc.Report(owner, y.ID)
		if err != nil || len(rep.History) != 1 || rep.History[0].Assessment.ID != x.ID {
			t.Fatalf("history of the second %+v, %v", rep, err)
		}
		if h := rep.History[0].BySection; h["s1"] < 74.9 || h["s1"] > 75.1 || h["s2"] != 100 {
			t.Errorf("history by section %v", h)
		}
	})
}

// publishVersion publishes body as version no of a scheme, retiring old
// (what the scheme editor does; written here so that this area's tests
// do not depend on it).
func publishVersion(t *testing.T, db *sqldb.DB, scheme assessment.SchemeID, old assessment.VersionID, no int, body assessment.Body) assessment.VersionID {
	t.Helper()
	ctx := context.Background()
	b, err := jsonBody(body)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if _, err := db.WriteDB().ExecContext(ctx, `UPDATE scheme_versions SET status = 'retired' WHERE id = $1`, int64(old)); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.WriteDB().QueryRowContext(ctx, `INSERT INTO scheme_versions (scheme_id, no, status, body, note, published_at, created_at, updated_at, rev)
		VALUES ($1, $2, 'published', $3, 'v2', $4, $4, $4, 1) RETURNING id`, int64(scheme), no, b, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return assessment.VersionID(id)
}

// answerAll answers every item of x's version with value (clamped to the
// item's scale).
func answerAll(w *auditWorld, ctx context.Context, x *assessment.Assessment, value int) error {
	v, err := w.db.Assessment().FindVersion(context.Background(), x.VersionID)
	if err != nil {
		return err
	}
	var in []assessment.AnswerInput
	for _, s := range v.Body.Sections {
		for _, it := range s.Items {
			_, sc, _ := v.Body.Item(it.Key)
			in = append(in, assessment.AnswerInput{Item: it.Key, Value: intp(min(value, sc.Max))})
		}
	}
	_, err = w.svc.SaveAnswers(ctx, x.ID, in)
	return err
}

// TestAssessmentAudit_Independent is an independent assessment: the
// request on a submitted self-assessment, the candidates with their
// conflicts of interest, the assessors refused (a consultant 18 months
// ago, a declared relation, an expired or suspended accreditation), one
// whose engagement ended 30 months ago allowed, the assigned assessor's
// audit, and who is kept out.
func TestAssessmentAudit_Independent(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		owner := as(w.owner)
		self, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: w.scheme.ID, Site: "Toàn nhà máy"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.RequestIndependent(owner, assessment.RequestInput{SchemeID: w.scheme.ID, Site: "Toàn nhà máy", BasedOn: self.ID})
		wantKind(t, "based on one in progress", err, fault.Invalid)
		if err := answerAll(w, owner, self, 3); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(owner, self.ID, self.Version); err != nil {
			t.Fatal(err)
		}
		x, err := w.svc.RequestIndependent(owner, assessment.RequestInput{SchemeID: w.scheme.ID, Site: "Toàn nhà máy", BasedOn: self.ID,
			Note: "Sẵn sàng từ tháng 4"})
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != assessment.StatusRequested || x.Mode != assessment.ModeIndependent || x.BasedOn != self.ID {
			t.Fatalf("requested %+v", x)
		}
		_, err = w.svc.RequestIndependent(owner, assessment.RequestInput{SchemeID: w.scheme.ID, Site: "Xưởng 1"})
		wantKind(t, "a second open request", err, fault.Conflict)

		// Candidates, as the province's officer.
		hcm := as(w.hcm)
		_, err = w.svc.Candidates(as(w.hanoi), x.ID)
		wantKind(t, "another province's officer", err, fault.NotFound)
		_, err = w.svc.Candidates(owner, x.ID)
		wantKind(t, "the enterprise", err, fault.Forbidden)
		cs, err := w.svc.Candidates(hcm, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		byUser := map[auth.UserID]assessment.Candidate{}
		for _, c := range cs {
			byUser[c.UserID] = c
		}
		for _, c := range []struct {
			who      *auth.Actor
			eligible bool
			reason   string
		}{
			{w.clean, true, ""}, {w.old, true, ""},
			{w.recent, false, "tư vấn của doanh nghiệp trong 2 năm"}, {w.related, false, "quan hệ đã khai báo"},
			{w.expired, false, "hết hạn"}, {w.suspended, false, "đình chỉ"},
		} {
			got, ok := byUser[c.who.UserID]
			if !ok || got.Eligible != c.eligible || !strings.Contains(got.Reason.Vi, c.reason) || (!c.eligible && got.Reason.En == "") {
				t.Errorf("candidate %s: %+v (listed %v)", c.who.Email, got, ok)
			}
		}
		if len(cs) != 6 || !cs[0].Eligible || !cs[1].Eligible || cs[2].Eligible {
			t.Errorf("candidates not eligible first: %+v", cs)
		}

		// Refused assignments, then the assessor whose engagement ended 30
		// months ago, then a change to the clean one.
		for _, c := range []struct {
			who  *auth.Actor
			name string
		}{{w.recent, "consultant 18 months ago"}, {w.related, "declared relation"}, {w.expired, "expired accreditation"},
			{w.suspended, "suspended accreditation"}, {w.otherOwner, "not an assessor"}} {
			_, err := w.svc.Assign(hcm, x.ID, x.Version, c.who.UserID)
			wantKind(t, c.name, err, fault.Invalid)
			if f := fault.FieldsOf(err)["assessor_id"]; f.Vi == "" || f.En == "" {
				t.Errorf("%s: fields %v", c.name, fault.FieldsOf(err))
			}
		}
		_, err = w.svc.Assign(as(w.hanoi), x.ID, x.Version, w.clean.UserID)
		wantKind(t, "another province assigns", err, fault.NotFound)
		_, err = w.svc.Assign(hcm, x.ID, x.Version+1, w.clean.UserID)
		wantKind(t, "stale assign", err, fault.Conflict)
		y, err := w.svc.Assign(hcm, x.ID, x.Version, w.old.UserID)
		if err != nil {
			t.Fatalf("the consultant of 30 months ago: %v", err)
		}
		y, err = w.svc.Assign(as(w.ministry), x.ID, y.Version, w.clean.UserID)
		if err != nil || y.Status != assessment.StatusAssigned || y.AssessorID != w.clean.UserID {
			t.Fatalf("assigned %+v, %v", y, err)
		}
		if w.mail.to(w.clean.Email) != 1 || w.mail.to(w.old.Email) != 1 {
			t.Errorf("notices %v", w.mail.sent)
		}
		// The accreditation expires before the audit: the assessor still
		// finishes it (the check is at assignment).
		clean := as(w.clean)
		_, err = w.svc.Assessment(as(w.old), x.ID)
		wantKind(t, "the assessor no longer assigned", err, fault.NotFound)
		_, err = w.svc.StartAudit(as(w.old), x.ID, y.Version)
		wantKind(t, "the assessor no longer assigned starts", err, fault.NotFound)
		_, err = w.svc.SaveAnswer(clean, x.ID, assessment.AnswerInput{Item: "s1.1", Value: intp(2)})
		wantKind(t, "answer before start", err, fault.Conflict)
		_, err = w.svc.StartAudit(owner, x.ID, y.Version)
		wantKind(t, "the enterprise starts", err, fault.Forbidden)
		_, err = w.svc.Cancel(as(w.otherOwner), x.ID, y.Version, "Không cần nữa")
		wantKind(t, "another enterprise cancels", err, fault.NotFound)
		y, err = w.svc.StartAudit(clean, x.ID, y.Version)
		if err != nil || y.Status != assessment.StatusInProgress || y.StartedAt == nil {
			t.Fatalf("started %+v, %v", y, err)
		}
		_, err = w.svc.Cancel(owner, x.ID, y.Version, "Không cần nữa")
		wantKind(t, "the enterprise cancels once started", err, fault.Forbidden)
		_, err = w.svc.SaveAnswer(owner, x.ID, assessment.AnswerInput{Item: "s1.1", Value: intp(2)})
		wantKind(t, "the enterprise answers an independent one", err, fault.Forbidden)
		if err := answerAll(w, clean, y, 2); err != nil {
			t.Fatal(err)
		}
		w.mail.sent = nil
		y, err = w.svc.Submit(clean, x.ID, y.Version)
		if err != nil || y.Status != assessment.StatusSubmitted || y.LevelCode != "dat" {
			t.Fatalf("submitted %+v, %v", y, err)
		}
		if w.mail.to(w.owner.Email) != 1 {
			t.Errorf("submission notice %v", w.mail.sent)
		}

		// The report: self against independent, for the enterprise and for
		// the assessor (who sees the self-assessment it is based on only).
		for _, ctx := range []context.Context{owner, clean, hcm} {
			rep, err := w.svc.Report(ctx, x.ID)
			if err != nil || rep.Counterpart == nil || rep.Counterpart.Assessment.ID != self.ID || len(rep.Counterpart.BySection) != 2 {
				t.Fatalf("report: %+v, %v", rep, err)
			}
		}
		rep, _ := w.svc.Report(owner, self.ID)
		if rep.Counterpart == nil || rep.Counterpart.Assessment.ID != x.ID {
			t.Errorf("the self-assessment's counterpart %+v", rep.Counterpart)
		}

		// Lists: each sees their own.
		list := func(ctx context.Context, q assessment.AssessmentQuery) []assessment.AssessmentID {
			xs, n, err := w.svc.Assessments(ctx, q)
			if err != nil || n != len(xs) {
				t.Fatalf("list: %d of %d, %v", len(xs), n, err)
			}
			var ids []assessment.AssessmentID
			for _, x := range xs {
				ids = append(ids, x.ID)
			}
			return ids
		}
		if got := list(owner, assessment.AssessmentQuery{}); len(got) != 2 {
			t.Errorf("the enterprise's list %v", got)
		}
		if got := list(as(w.otherOwner), assessment.AssessmentQuery{}); len(got) != 0 {
			t.Errorf("the other enterprise's list %v", got)
		}
		if got := list(clean, assessment.AssessmentQuery{}); len(got) != 1 || got[0] != x.ID {
			t.Errorf("the assessor's list %v", got)
		}
		if got := list(as(w.hanoi), assessment.AssessmentQuery{}); len(got) != 0 {
			t.Errorf("Hà Nội's list %v", got)
		}
		if got := list(as(w.hanoi), assessment.AssessmentQuery{Province: "79"}); len(got) != 0 {
			t.Errorf("Hà Nội asking for 79 %v", got)
		}
		if got := list(hcm, assessment.AssessmentQuery{Mode: assessment.ModeIndependent}); len(got) != 1 {
			t.Errorf("independent in 79 %v", got)
		}
		if got := list(as(w.ministry), assessment.AssessmentQuery{Query: "co khi dong a"}); len(got) != 2 {
			t.Errorf("folded search %v", got)
		}
		if got := list(as(w.ministry), assessment.AssessmentQuery{Query: "nhựa"}); len(got) != 0 {
			t.Errorf("search of another name %v", got)
		}
		if got := list(as(w.ministry), assessment.AssessmentQuery{Status: assessment.StatusSubmitted, Province: "79", SchemeID: w.scheme.ID}); len(got) != 2 {
			t.Errorf("submitted in 79 %v", got)
		}
		_, _, err = w.svc.Assessments(as(&auth.Actor{UserID: 99, Role: auth.RoleJudge}), assessment.AssessmentQuery{})
		wantKind(t, "a judge lists", err, fault.Forbidden)
	})
}

// TestAssessmentStore_FindAssessmentsPaging pins the page and the total
// (also past the last page) and the assessor's order, open first.
func TestAssessmentStore_FindAssessmentsPaging(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		ctx, st := context.Background(), db.Assessment()
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		statuses := []assessment.Status{assessment.StatusSubmitted, assessment.StatusAssigned, assessment.StatusCancelled,
			assessment.StatusInProgress, assessment.StatusRequested}
		// One open independent assessment per enterprise and scheme
		// (0028): seven enterprises.
		es := makeEnterprises(1_500_000_000, 7, time.Now())
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		for i := range 7 {
			x := &assessment.Assessment{EnterpriseID: es[i].ID, ProvinceCode: "79", SchemeID: w.scheme.ID, VersionID: w.v1.ID,
				Mode: assessment.ModeIndependent, Status: statuses[i%len(statuses)], Site: fmt.Sprintf("Khu %d", i),
				AssessorID: w.clean.UserID, CreatedAt: base.AddDate(0, i, 0)}
			if err := st.CreateAssessment(ctx, x, "ghi chú"); err != nil {
				t.Fatal(err)
			}
		}
		xs, n, err := st.FindAssessments(ctx, assessment.AssessmentFilter{AssessorID: w.clean.UserID, Limit: 3, Offset: 3})
		if err != nil || n != 7 || len(xs) != 3 || xs[0].Site != "Khu 3" {
			t.Fatalf("page 2: %d of %d, %v", len(xs), n, err)
		}
		xs, n, err = st.FindAssessments(ctx, assessment.AssessmentFilter{AssessorID: w.clean.UserID, Limit: 3, Offset: 30})
		if err != nil || n != 7 || len(xs) != 0 {
			t.Fatalf("past the end: %d of %d, %v", len(xs), n, err)
		}
		xs, _, err = st.FindAssessments(ctx, assessment.AssessmentFilter{AssessorID: w.clean.UserID, ToDoFirst: true})
		if err != nil || xs[0].Status != assessment.StatusInProgress || xs[1].Status != assessment.StatusAssigned {
			t.Fatalf("to do first: %v", err)
		}
		note, err := st.FindAssessmentNote(ctx, xs[0].ID)
		if err != nil || note != "ghi chú" {
			t.Fatalf("note %q, %v", note, err)
		}
		// The optimistic lock of the store.
		x := xs[0]
		x.Status = assessment.StatusCancelled
		if err := st.UpdateAssessment(ctx, x); err != nil || x.Version != 2 {
			t.Fatalf("update: %v, version %d", err, x.Version)
		}
		x.Version = 1
		wantKind(t, "stale update", st.UpdateAssessment(ctx, x), fault.Conflict)
		wantKind(t, "hold a cancelled one", st.HoldAnswers(ctx, x.ID, time.Now()), fault.Conflict)
		// An accreditation ensured twice is kept as it was.
		again := &assessment.Accreditation{UserID: w.clean.UserID, SchemeID: w.scheme.ID, Number: "KHAC", GrantedOn: base, ExpiresOn: base}
		if err := st.EnsureAssessorAccreditation(ctx, again); err != nil || again.ID != w.cleanAccreditation.ID || again.Number != "DGV-5S-001" {
			t.Fatalf("ensure again: %+v, %v", again, err)
		}
		u, err := st.FindAuditUser(ctx, w.clean.UserID)
		if err != nil || u.Role != auth.RoleAssessor || u.Email != w.clean.Email {
			t.Fatalf("user %+v, %v", u, err)
		}
		_, err = st.FindAuditUser(ctx, 999999)
		wantKind(t, "no user", err, fault.NotFound)
		us, err := st.FindAuditEnterpriseUsers(ctx, w.firm.ID)
		if err != nil || len(us) != 1 || us[0].ID != w.owner.UserID {
			t.Fatalf("enterprise users %+v, %v", us, err)
		}
	})
}

func jsonBody(b assessment.Body) (string, error) {
	out, err := json.Marshal(b)
	return string(out), err
}
