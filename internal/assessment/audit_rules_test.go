package assessment_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestFindings_EnterpriseKeepsAssessorsWords: on an independent
// assessment the enterprise updates the corrective action, its owner and
// due date of a finding, never what the assessor found (the description
// and the item); the assessor and the officers still may. On its own
// self-assessment the enterprise edits everything.
func TestFindings_EnterpriseKeepsAssessorsWords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		f, err := w.svc.CreateFinding(w.assessor, w.indep.ID, findingIn("30/04/2026"))
		if err != nil {
			t.Fatal(err)
		}
		for name, edit := range map[string]func(*assessment.FindingInput){
			"description": func(in *assessment.FindingInput) { in.Description = "Không có phát hiện đáng kể" },
			"item":        func(in *assessment.FindingInput) { in.ItemKey = "s1.2" },
		} {
			in := findingIn("30/04/2026")
			edit(&in)
			_, err := w.svc.UpdateFinding(w.owner, f.ID, 1, in)
			wantKind(t, "the enterprise rewrites the "+name, err, fault.Forbidden)
			if m := fault.MessageOf(err); !strings.Contains(m.Vi, "đánh giá viên") || !strings.Contains(m.En, "assessor") {
				t.Errorf("%s: message %+v", name, m)
			}
		}
		// Its own fields: given with the assessor's words unchanged, or
		// without them (the form does not send them).
		in := findingIn("15/05/2026")
		in.CorrectiveAction, in.OwnerName = "Làm giá treo dụng cụ có nhãn", "Nguyễn Thị Hoa"
		got, err := w.svc.UpdateFinding(w.owner, f.ID, 1, in)
		if err != nil || got.CorrectiveAction != in.CorrectiveAction || got.OwnerName != "Nguyễn Thị Hoa" {
			t.Fatalf("the enterprise's corrective action: %+v, %v", got, err)
		}
		in = assessment.FindingInput{CorrectiveAction: "Làm giá treo dụng cụ, kẻ vạch sàn", OwnerName: "Nguyễn Thị Hoa", DueDate: "20/05/2026"}
		got, err = w.svc.UpdateFinding(w.owner, f.ID, 2, in)
		if err != nil || got.Description != f.Description || got.ItemKey != "s1.1" || got.CorrectiveAction != in.CorrectiveAction {
			t.Fatalf("the enterprise's update without the assessor's words: %+v, %v", got, err)
		}
		x, cur, _ := w.svc.Finding(w.owner, f.ID)
		if p := w.svc.FindingPermsFor(w.owner, x, cur); !p.Edit || p.EditWords {
			t.Errorf("the enterprise's permissions on the assessor's finding: %+v", p)
		}
		if p := w.svc.FindingPermsFor(w.assessor, x, cur); !p.Edit || !p.EditWords {
			t.Errorf("the assessor's permissions: %+v", p)
		}
		in = findingIn("20/05/2026")
		in.Description = "Dụng cụ để lẫn với bán thành phẩm (đã xác minh lại)"
		if _, err := w.svc.UpdateFinding(w.assessor, f.ID, 3, in); err != nil {
			t.Fatalf("the assessor rewrites: %v", err)
		}
		in.Description = "Dụng cụ để lẫn (cán bộ Sở ghi nhận)"
		if _, err := w.svc.UpdateFinding(w.hcm, f.ID, 4, in); err != nil {
			t.Fatalf("the officer rewrites: %v", err)
		}
		// Its own self-assessment: everything.
		g, err := w.svc.CreateFinding(w.owner, w.self.ID, findingIn(""))
		if err != nil {
			t.Fatal(err)
		}
		in = findingIn("")
		in.Description, in.ItemKey = "Lối đi bị lấn chiếm", "s1.2"
		if got, err := w.svc.UpdateFinding(w.owner, g.ID, 1, in); err != nil || got.Description != "Lối đi bị lấn chiếm" || got.ItemKey != "s1.2" {
			t.Fatalf("the enterprise edits its own self-assessment's finding: %+v, %v", got, err)
		}
	})
}

// lapsedWorld assigns w.requested to the "stranger" assessor, accredited
// a month ago, and returns the assessment.
func lapsedWorld(t *testing.T, w *evidenceWorld) (*assessment.Assessment, *assessment.Accreditation) {
	t.Helper()
	acc, err := w.svc.GrantAccreditation(w.ministry, assessment.AccreditationInput{UserID: w.users["stranger"], SchemeID: w.requested.SchemeID,
		GrantedOn: w.now.AddDate(0, -1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	x, err := w.svc.Assign(w.hcm, w.requested.ID, w.requested.Version, w.users["stranger"])
	if err != nil {
		t.Fatal(err)
	}
	return x, acc
}

func wantLapsed(t *testing.T, what string, err error) {
	t.Helper()
	wantKind(t, what, err, fault.Forbidden)
	if m := fault.MessageOf(err); !strings.Contains(m.Vi, "liên hệ Bộ Công Thương") || !strings.Contains(m.En, "contact the Ministry") {
		t.Errorf("%s: message %+v", what, m)
	}
}

// TestAudit_LapsedAccreditationStops: an assessor whose accreditation is
// withdrawn after the assignment cannot start; one suspended during the
// audit cannot answer, add photos or findings, or submit; one expired
// neither; the pages' permissions say so, with a message that tells
// them to contact the ministry. Reinstated, the assessor goes on.
func TestAudit_LapsedAccreditationStops(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		x, acc := lapsedWorld(t, w)
		acc, err := w.svc.WithdrawAccreditation(w.ministry, acc.ID, acc.Version, "Vi phạm quy tắc đạo đức")
		if err != nil {
			t.Fatal(err)
		}
		if p := w.svc.PermsFor(w.stranger, x); p.Start || p.Lapsed.Vi == "" || p.Lapsed.En == "" {
			t.Errorf("the withdrawn assessor's permissions: %+v", p)
		}
		_, err = w.svc.StartAudit(w.stranger, x.ID, x.Version)
		wantLapsed(t, "start after withdrawal", err)
	})
}

// TestAudit_SuspendedAssessorStops: started, then suspended: the
// assessor no longer answers, adds evidence or submits; reinstated, goes
// on; expired, stops again.
func TestAudit_SuspendedAssessorStops(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		x, acc := lapsedWorld(t, w)
		x, err := w.svc.StartAudit(w.stranger, x.ID, x.Version)
		if err != nil {
			t.Fatal(err)
		}
		v := 3
		if _, err := w.svc.SaveAnswer(w.stranger, x.ID, assessment.AnswerInput{Item: "s1.1", Value: &v}); err != nil {
			t.Fatal(err)
		}
		acc, err = w.svc.SuspendAccreditation(w.ministry, acc.ID, acc.Version, "Đang xem xét khiếu nại")
		if err != nil {
			t.Fatal(err)
		}
		p := w.svc.PermsFor(w.stranger, x)
		if p.Answer || p.Submit || p.Lapsed.Vi == "" {
			t.Errorf("the suspended assessor's permissions: %+v", p)
		}
		if e := w.svc.EvidencePermsFor(w.stranger, x); e.AddPhoto || e.AddFinding {
			t.Errorf("the suspended assessor's evidence permissions: %+v", e)
		}
		_, err = w.svc.SaveAnswer(w.stranger, x.ID, assessment.AnswerInput{Item: "s1.2", Value: &v})
		wantLapsed(t, "answer while suspended", err)
		_, err = w.svc.AddPhoto(w.stranger, x.ID, "s1.1", bytes.NewReader(phonePhoto(t, 64, 48)), 0)
		wantLapsed(t, "photo while suspended", err)
		_, err = w.svc.CreateFinding(w.stranger, x.ID, findingIn(""))
		wantLapsed(t, "finding while suspended", err)
		_, err = w.svc.Submit(w.stranger, x.ID, x.Version)
		wantLapsed(t, "submit while suspended", err)
		// The officers are not the assessor: they still record findings.
		if _, err := w.svc.CreateFinding(w.hcm, x.ID, findingIn("")); err != nil {
			t.Errorf("the officer's finding: %v", err)
		}
		// Reinstated: the audit goes on.
		if _, err := w.svc.ReinstateAccreditation(w.ministry, acc.ID, acc.Version, "Khiếu nại không có cơ sở"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SaveAnswer(w.stranger, x.ID, assessment.AnswerInput{Item: "s1.2", Value: &v}); err != nil {
			t.Fatalf("answer after reinstatement: %v", err)
		}
		// Expired: the day after its expiry date.
		cur, _ := db.Assessment().FindAccreditationFor(context.Background(), w.users["stranger"], x.SchemeID)
		w.now = cur.ExpiresOn.AddDate(0, 0, 1).Add(time.Hour)
		_, err = w.svc.Submit(w.stranger, x.ID, x.Version)
		wantLapsed(t, "submit after expiry", err)
	})
}

// cancelOnTx is a store that cancels an assessment (through another
// connection, as a concurrent request would) just before each
// transaction the service opens begins.
type cancelOnTx struct {
	assessment.Store
	db   *sqldb.DB
	id   assessment.AssessmentID
	once sync.Once
}

func (c *cancelOnTx) Tx(ctx context.Context, fn func(assessment.Store) error) error {
	c.once.Do(func() {
		st := c.db.Assessment()
		x, err := st.FindAssessment(ctx, c.id)
		if err != nil {
			panic(err)
		}
		x.Status, x.CancelReason = assessment.StatusCancelled, "Doanh nghiệp tạm dừng sản xuất"
		if err := st.UpdateAssessment(ctx, x); err != nil {
			panic(err)
		}
	})
	return c.Store.Tx(ctx, fn)
}

// TestEvidence_AddWindow: photos only while the assessment is open (never
// once submitted, recognised or cancelled: the record is frozen);
// findings by the answering party until submission (the independent
// assessor until recognition is decided), by the officers in charge at
// any time unless cancelled; and the status is checked again inside the
// transaction, so that a cancellation between the check and the write
// wins.
func TestEvidence_AddWindow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		src := phonePhoto(t, 64, 48)
		// The submitted independent assessment: no photo; the assessor's
		// and the officer's findings still.
		_, err := w.svc.AddPhoto(w.assessor, w.indep.ID, "s1.1", bytes.NewReader(src), 0)
		wantKind(t, "photo after submission", err, fault.Forbidden)
		if _, err := w.svc.CreateFinding(w.assessor, w.indep.ID, findingIn("")); err != nil {
			t.Errorf("the assessor's finding after submission: %v", err)
		}
		x := setStatus(t, db, w.indep, assessment.StatusRecognised)
		_, err = w.svc.AddPhoto(w.assessor, x.ID, "s1.1", bytes.NewReader(src), 0)
		wantKind(t, "photo after recognition", err, fault.Forbidden)
		_, err = w.svc.CreateFinding(w.assessor, x.ID, findingIn(""))
		wantKind(t, "the assessor's finding after recognition", err, fault.Forbidden)
		if _, err := w.svc.CreateFinding(w.hcm, x.ID, findingIn("")); err != nil {
			t.Errorf("the officer's finding after recognition: %v", err)
		}
		if p := w.svc.EvidencePermsFor(w.assessor, x); p.AddPhoto || p.AddFinding {
			t.Errorf("the assessor's permissions after recognition: %+v", p)
		}
		// A submitted self-assessment: the enterprise adds nothing more.
		y := setStatus(t, db, w.self, assessment.StatusSubmitted)
		_, err = w.svc.AddPhoto(w.owner, y.ID, "s1.1", bytes.NewReader(src), 0)
		wantKind(t, "the enterprise's photo after submission", err, fault.Forbidden)
		_, err = w.svc.CreateFinding(w.owner, y.ID, findingIn(""))
		wantKind(t, "the enterprise's finding after submission", err, fault.Forbidden)
		if p := w.svc.EvidencePermsFor(w.owner, y); p.AddPhoto || p.AddFinding {
			t.Errorf("the enterprise's permissions after submission: %+v", p)
		}
		if _, err := w.svc.CreateFinding(w.ministry, y.ID, findingIn("")); err != nil {
			t.Errorf("the ministry's finding after submission: %v", err)
		}
		// Cancelled: no one.
		_, err = w.svc.CreateFinding(w.hcm, w.cancelled.ID, findingIn(""))
		wantKind(t, "the officer's finding of a cancelled assessment", err, fault.Forbidden)
	})
}

// TestEvidence_CancelledMeanwhile: a cancellation that lands between the
// check and the write of a finding or a photo wins.
func TestEvidence_CancelledMeanwhile(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		svc := assessment.NewService(assessment.Options{Store: &cancelOnTx{Store: db.Assessment(), db: db, id: w.self.ID},
			Clock: func() time.Time { return w.now }})
		_, err := svc.CreateFinding(w.owner, w.self.ID, findingIn(""))
		wantKind(t, "a finding as the assessment is cancelled", err, fault.Forbidden)
		if _, fs, _ := w.svc.AssessmentFindings(w.hcm, w.self.ID); len(fs) != 0 {
			t.Errorf("%d findings stored on the cancelled assessment", len(fs))
		}
		svc = assessment.NewService(assessment.Options{Store: &cancelOnTx{Store: db.Assessment(), db: db, id: w.theirs.ID},
			Clock: func() time.Time { return w.now }})
		_, err = svc.AddPhoto(w.otherOwner, w.theirs.ID, "s1.1", bytes.NewReader(phonePhoto(t, 64, 48)), 0)
		wantKind(t, "a photo as the assessment is cancelled", err, fault.Forbidden)
		if _, ps, _ := w.svc.Photos(w.otherOwner, w.theirs.ID, ""); len(ps) != 0 {
			t.Errorf("%d photos stored on the cancelled assessment", len(ps))
		}
	})
}

// TestAudit_ControlCharacters: a NUL or another control character, or
// bytes that are not UTF-8, in an answer's note, a site, a request's
// note, a reason, a finding's texts are refused (fault.Invalid, with the
// field), never sent to the database (PostgreSQL refuses them with an
// error that would be a 500).
func TestAudit_ControlCharacters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		v := 2
		for _, bad := range []string{"ghi\x00chú", "ghi\x07chú", "ghi \xff\xfe chú", "\x1b[31m"} {
			_, err := w.svc.SaveAnswer(w.owner, w.self.ID, assessment.AnswerInput{Item: "s1.1", Value: &v, Note: bad})
			wantKind(t, "note "+bad, err, fault.Invalid)
			if m := fault.FieldsOf(err)["note"]; !strings.Contains(m.Vi, "ký tự điều khiển") || m.En == "" {
				t.Errorf("note %q: %v", bad, fault.FieldsOf(err))
			}
			_, err = w.svc.SaveAnswers(w.owner, w.self.ID, []assessment.AnswerInput{{Item: "s1.1", Value: &v}, {Item: "s1.2", Value: &v, Note: bad}})
			if m := fault.FieldsOf(err)["answers.1.note"]; m.Vi == "" {
				t.Errorf("batch note %q: %v", bad, err)
			}
			for field, edit := range map[string]func(*assessment.FindingInput){
				"description":       func(in *assessment.FindingInput) { in.Description = bad },
				"corrective_action": func(in *assessment.FindingInput) { in.CorrectiveAction = bad },
				"owner":             func(in *assessment.FindingInput) { in.OwnerName = bad },
			} {
				in := findingIn("")
				edit(&in)
				_, err := w.svc.CreateFinding(w.owner, w.self.ID, in)
				wantKind(t, field+" "+bad, err, fault.Invalid)
				if fault.FieldsOf(err)[field].Vi == "" {
					t.Errorf("%s %q: %v", field, bad, fault.FieldsOf(err))
				}
			}
			_, err = w.svc.StartSelf(w.owner, assessment.StartInput{SchemeID: w.self.SchemeID, Site: bad})
			wantKind(t, "site "+bad, err, fault.Invalid)
			_, err = w.svc.Cancel(w.owner, w.self.ID, w.self.Version, bad)
			wantKind(t, "reason "+bad, err, fault.Invalid)
		}
		// Tabs and line breaks are text.
		if _, err := w.svc.SaveAnswer(w.owner, w.self.ID, assessment.AnswerInput{Item: "s1.1", Value: &v, Note: "Dòng 1\r\n\tDòng 2"}); err != nil {
			t.Errorf("a note of two lines: %v", err)
		}
		f, err := w.svc.CreateFinding(w.owner, w.self.ID, findingIn(""))
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.MoveFinding(w.owner, f.ID, 1, assessment.MoveDone, "Đã\x00làm")
		wantKind(t, "done note", err, fault.Invalid)
	})
}

// TestAudit_BatchLaterAnswerWins: within one batch, a later answer to
// the same item wins (even at the same moment); an answer dated before
// the assessment started counts from its start.
func TestAudit_BatchLaterAnswerWins(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		one, four := 1, 4
		at := w.now.Add(-time.Minute)
		r, err := w.svc.SaveAnswers(w.owner, w.self.ID, []assessment.AnswerInput{
			{Item: "s1.1", Value: &one, Note: "lần đầu", At: at},
			{Item: "s1.1", Value: &four, Note: "sửa lại", At: at},
			{Item: "s1.2", Value: &one, At: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}})
		if err != nil {
			t.Fatal(err)
		}
		ans, _ := db.Assessment().FindAnswers(context.Background(), w.self.ID)
		if ans["s1.1"].Value != 4 || ans["s1.1"].Note != "sửa lại" || r.Answered != 2 {
			t.Errorf("the later answer of the batch lost: %+v (%+v)", ans["s1.1"], r)
		}
		if got := ans["s1.2"].AnsweredAt; got.Before(*w.self.StartedAt) {
			t.Errorf("an answer dated %v, before the start %v", got, *w.self.StartedAt)
		}
	})
}

// TestFindings_PerAssessmentLimit: an assessment keeps at most 500
// findings (its tab reads them all): the 501st is refused.
func TestFindings_PerAssessmentLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		ctx := context.Background()
		err := db.Assessment().Tx(ctx, func(tx assessment.Store) error {
			for i := range 500 {
				f := &assessment.Finding{AssessmentID: w.self.ID, EnterpriseID: w.firm.ID, Description: "Phát hiện " + strings.Repeat("x", i%7),
					Status: assessment.FindingOpen, CreatedAt: w.now, UpdatedAt: w.now}
				if err := tx.CreateFinding(ctx, f); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.CreateFinding(w.owner, w.self.ID, findingIn(""))
		wantKind(t, "the 501st finding", err, fault.Invalid)
		if m := fault.MessageOf(err); !strings.Contains(m.Vi, "500 phát hiện") {
			t.Errorf("message %+v", m)
		}
		if _, fs, err := w.svc.AssessmentFindings(w.owner, w.self.ID); err != nil || len(fs) != 500 {
			t.Errorf("the tab reads %d findings, %v", len(fs), err)
		}
	})
}
