package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/sqldb"
)

// asmPageWorld is the pages' handler over SQLite with a firm of Hồ Chí
// Minh City and its user, the ministry's officer, an assessor, and the
// firm's independent assessments: one submitted with a level (awaiting
// recognition), one recognised with its certificate, one not recognised
// with the reason, one in progress with the assessor (whose
// accreditation is suspended).
type asmPageWorld struct {
	h                                     *Handler
	db                                    *sqldb.DB
	owner, ministry, assessor             *auth.Actor
	awaiting, recognised, declined, audit *assessment.Assessment
	cert                                  *assessment.Certificate
	finding                               *assessment.Finding
}

func newAsmPageWorld(t *testing.T) *asmPageWorld {
	t.Helper()
	pw := newPhotoWorld(t)
	ctx := context.Background()
	w := &asmPageWorld{h: pw.h, db: pw.db, owner: pw.owner}
	st := pw.db.Assessment()
	user := func(email string, role auth.Role) *auth.Actor {
		u, err := pw.h.auth.CreateUser(auth.SystemContext(ctx), auth.UserInput{Email: email, Name: "Cán bộ " + email, Role: role,
			Password: "Mat-khau-2026"})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	w.ministry = user("bo@example.vn", auth.RoleMinistry)
	w.assessor = user("dgv@example.vn", auth.RoleAssessor)
	x0 := pw.x
	now := time.Now()
	acc := &assessment.Accreditation{UserID: w.assessor.UserID, SchemeID: x0.SchemeID, Number: "DGV-WEB-001",
		GrantedOn: now.AddDate(-1, 0, 0), ExpiresOn: now.AddDate(2, 0, 0), Status: assessment.AccreditationSuspended}
	if err := st.EnsureAssessorAccreditation(ctx, acc); err != nil {
		t.Fatal(err)
	}
	mk := func(status assessment.Status, level, note string) *assessment.Assessment {
		x := &assessment.Assessment{EnterpriseID: x0.EnterpriseID, ProvinceCode: "79", SchemeID: x0.SchemeID, VersionID: x0.VersionID,
			Mode: assessment.ModeIndependent, Status: status, Site: "Xưởng 2", AssessorID: w.assessor.UserID, StartedAt: &now,
			LevelCode: level, ScorePct: 80}
		if status != assessment.StatusInProgress {
			x.SubmittedAt = &now
		}
		if err := st.CreateAssessment(ctx, x, ""); err != nil {
			t.Fatal(err)
		}
		if note != "" || status == assessment.StatusRecognised {
			x.RecognitionNote, x.RecognisedAt, x.RecognisedBy = note, &now, w.ministry.UserID
			if err := st.SetRecognition(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		return x
	}
	// Closed ones first: one open independent assessment at a time.
	w.recognised = mk(assessment.StatusRecognised, "dat", "")
	w.declined = mk(assessment.StatusNotRecognised, "dat", "Hồ sơ ảnh minh chứng chưa đủ cho các mục S3")
	w.awaiting = mk(assessment.StatusSubmitted, "dat", "")
	w.audit = mk(assessment.StatusInProgress, "", "")
	exp := now.AddDate(3, 0, 0)
	w.cert = &assessment.Certificate{Number: "5S-2026-000777", Code: "x", EnterpriseID: x0.EnterpriseID, EnterpriseName: "Công ty TNHH Cơ khí Thử",
		ProvinceCode: "79", AssessmentID: w.recognised.ID, SchemeID: x0.SchemeID, SchemeCode: "5s-web-test", LevelCode: "dat",
		IssuedOn: now, ExpiresOn: &exp, Issuer: "Bộ Công Thương", Signer: "Nguyễn Văn A", IssuedBy: w.ministry.UserID}
	if err := st.CreateCertificate(ctx, w.cert, "KT. BỘ TRƯỞNG"); err != nil {
		t.Fatal(err)
	}
	f := &assessment.Finding{AssessmentID: w.awaiting.ID, EnterpriseID: x0.EnterpriseID, ItemKey: "s1.1",
		Description: "Tủ dụng cụ không có nhãn vị trí", CorrectiveAction: "Dán nhãn", Status: assessment.FindingOpen,
		CreatedBy: w.assessor.UserID, CreatedAt: now, UpdatedAt: now}
	if err := st.CreateFinding(ctx, f); err != nil {
		t.Fatal(err)
	}
	w.finding = f
	return w
}

// get renders the page of handler fn for id as a.
func (w *asmPageWorld) get(t *testing.T, a *auth.Actor, path string, id assessment.AssessmentID, fn func(*Handler) handlerFunc) string {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	r.SetPathValue("id", strconv.FormatInt(int64(id), 10))
	r = r.WithContext(auth.WithActor(r.Context(), a))
	rec := httptest.NewRecorder()
	if err := fn(w.h)(rec, r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if rec.Code != 200 {
		t.Fatalf("%s: %d", path, rec.Code)
	}
	return rec.Body.String()
}

type handlerFunc = func(http.ResponseWriter, *http.Request) error

func show(h *Handler) handlerFunc     { return h.handleAssessmentShow }
func findings(h *Handler) handlerFunc { return h.handleFindingsTab }
func form(h *Handler) handlerFunc     { return h.handleAsmForm }

// TestAssessmentShow_Recognition: an officer who may recognise a
// submitted independent assessment finds the button to the recognition
// form and its tab; once recognised, the page links its certificate;
// not recognised, it says why. The enterprise sees the certificate and
// the reason, not the button nor the tab.
func TestAssessmentShow_Recognition(t *testing.T) {
	w := newAsmPageWorld(t)
	rec := fmt.Sprintf("/assessments/%d/recognition", w.awaiting.ID)
	page := w.get(t, w.ministry, "/assessments/x", w.awaiting.ID, show)
	if !strings.Contains(page, `href="`+rec+`"`) || !strings.Contains(page, "Xét công nhận") {
		t.Errorf("the officer's page has no link to the recognition form %s", rec)
	}
	if strings.Count(page, `href="`+rec+`"`) < 2 {
		t.Errorf("no recognition tab for the officer")
	}
	page = w.get(t, w.owner, "/assessments/x", w.awaiting.ID, show)
	if strings.Contains(page, rec) {
		t.Errorf("the enterprise is offered the recognition")
	}
	certHref := fmt.Sprintf(`href="/certificates/%d"`, w.cert.ID)
	for _, a := range []*auth.Actor{w.owner, w.ministry} {
		page = w.get(t, a, "/assessments/x", w.recognised.ID, show)
		if !strings.Contains(page, certHref) || !strings.Contains(page, w.cert.Number) {
			t.Errorf("role %s: the recognised assessment does not link its certificate", a.Role)
		}
		page = w.get(t, a, "/assessments/x", w.declined.ID, show)
		if !strings.Contains(page, "Hồ sơ ảnh minh chứng chưa đủ cho các mục S3") {
			t.Errorf("role %s: the reason of the refusal is not shown", a.Role)
		}
	}
	// The tab after a decision, for the officer only.
	page = w.get(t, w.ministry, "/assessments/x", w.recognised.ID, show)
	if !strings.Contains(page, fmt.Sprintf(`href="/assessments/%d/recognition"`, w.recognised.ID)) {
		t.Errorf("no recognition tab after the decision")
	}
	page = w.get(t, w.owner, "/assessments/x", w.recognised.ID, show)
	if strings.Contains(page, fmt.Sprintf(`href="/assessments/%d/recognition"`, w.recognised.ID)) {
		t.Errorf("the enterprise has the recognition tab")
	}
}

// TestAssessmentAudit_LapsedPages: the assessor whose accreditation is
// suspended is told so, and to contact the ministry, on the overview and
// on the audit form (read-only), with no submit button.
func TestAssessmentAudit_LapsedPages(t *testing.T) {
	w := newAsmPageWorld(t)
	for name, fn := range map[string]func(*Handler) handlerFunc{"overview": show, "form": form} {
		page := w.get(t, w.assessor, "/assessments/x", w.audit.ID, fn)
		if !strings.Contains(page, "liên hệ Bộ Công Thương") {
			t.Errorf("%s: no word of the suspended accreditation", name)
		}
		if strings.Contains(page, `class="btn btn-primary asm-submit"`) {
			t.Errorf("%s: the suspended assessor may submit", name)
		}
	}
}

// TestFindingsTab_EnterpriseKeepsWords: on an independent assessment the
// enterprise's edit form of the assessor's finding has the corrective
// action, owner and due date, not the description nor the item.
func TestFindingsTab_EnterpriseKeepsWords(t *testing.T) {
	w := newAsmPageWorld(t)
	page := w.get(t, w.owner, "/assessments/x/findings", w.awaiting.ID, findings)
	anchor := fmt.Sprintf("finding-%d", w.finding.ID)
	if !strings.Contains(page, `id="`+anchor+`-corrective"`) {
		t.Fatalf("no edit form for the enterprise")
	}
	if strings.Contains(page, `id="`+anchor+`-description"`) || strings.Contains(page, `id="`+anchor+`-item"`) {
		t.Errorf("the enterprise may rewrite the assessor's finding")
	}
	page = w.get(t, w.ministry, "/assessments/x/findings", w.awaiting.ID, findings)
	if !strings.Contains(page, `id="`+anchor+`-description"`) {
		t.Errorf("the officer cannot edit the description")
	}
}

// TestAssessmentAudit_DraftPerUser: the audit form names its user, whose
// browser keeps the offline draft under a key of theirs.
func TestAssessmentAudit_DraftPerUser(t *testing.T) {
	pw := newPhotoWorld(t)
	w := &asmPageWorld{h: pw.h}
	page := w.get(t, pw.owner, "/assessments/x/audit", pw.x.ID, form)
	if !strings.Contains(page, fmt.Sprintf(`data-user="%d"`, pw.owner.UserID)) {
		t.Errorf("the audit form does not name its user")
	}
}
