package assessment_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// certMail records the notices sent.
type certMail struct {
	mu   sync.Mutex
	sent []string // "to|subject"
}

func (m *certMail) SendMail(_ context.Context, to, subject, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to+"|"+subject)
	return nil
}

func (m *certMail) count(part string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, s := range m.sent {
		if strings.Contains(s, part) {
			n++
		}
	}
	return n
}

// certWorld is a certificate service over a database with two
// enterprises (one in Hồ Chí Minh City, 79, one in Hà Nội, 01) and their
// users, officers of the ministry and of both provinces, an assessor, and
// a 5S scheme valid 36 months.
type certWorld struct {
	db       *sqldb.DB
	svc      *assessment.Service
	signer   *seal.Signer
	mail     *certMail
	mu       sync.Mutex
	now      time.Time
	firm     *registry.Enterprise // 79
	other    *registry.Enterprise // 01
	scheme   *assessment.Scheme
	version  *assessment.Version
	assessor auth.UserID
	// accreditation is the assessor's on the scheme, in force.
	accreditation *assessment.Accreditation
	// newUser adds an account of a role (no enterprise, no province).
	newUser func(email string, role auth.Role) auth.UserID

	ministry, hcm, hanoi, owner, otherOwner, assessorCtx, anon context.Context
}

func (w *certWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *certWorld) setNow(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = t
}

func certSigner(t testing.TB, b byte) *seal.Signer {
	t.Helper()
	s, err := seal.NewSigner(bytes.Repeat([]byte{b}, ed25519.SeedSize))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newCertWorld(t testing.TB, db *sqldb.DB) *certWorld {
	t.Helper()
	ctx := context.Background()
	w := &certWorld{db: db, mail: &certMail{}, now: time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC), anon: ctx,
		signer: certSigner(t, 7)}
	at := time.Now()
	w.firm = &registry.Enterprise{TaxCode: "0312345678", Name: "Công ty TNHH Cơ khí Đông Á", ProvinceCode: "79", CreatedAt: at, UpdatedAt: at}
	w.other = &registry.Enterprise{TaxCode: "0101234567", Name: "Công ty Cổ phần Nhựa Bắc Hà", ProvinceCode: "01", CreatedAt: at, UpdatedAt: at}
	if err := db.Registry().CreateEnterprises(ctx, []*registry.Enterprise{w.firm, w.other}); err != nil {
		t.Fatal(err)
	}
	user := func(email string, role auth.Role, ent int64, prov string) context.Context {
		u := &auth.User{Email: email, Name: email, Role: role, EnterpriseID: ent, ProvinceCode: prov, Lang: "vi", PasswordHash: "x",
			PasswordChangedAt: at, CreatedAt: at, UpdatedAt: at}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, u.Actor())
	}
	w.ministry = user("bo@moit.gov.vn", auth.RoleMinistry, 0, "")
	w.hcm = user("so@hcm.gov.vn", auth.RoleProvince, 0, "79")
	w.hanoi = user("so@hn.gov.vn", auth.RoleProvince, 0, "01")
	w.owner = user("chu@donga.vn", auth.RoleEnterprise, int64(w.firm.ID), "")
	w.otherOwner = user("chu@bacha.vn", auth.RoleEnterprise, int64(w.other.ID), "")
	w.assessorCtx = user("dgv@danhgia.vn", auth.RoleAssessor, 0, "")
	w.assessor = auth.ActorFrom(w.assessorCtx).UserID
	w.newUser = func(email string, role auth.Role) auth.UserID { return auth.ActorFrom(user(email, role, 0, "")).UserID }

	txt := func(vi, en string) fault.Text { return fault.Text{Vi: vi, En: en} }
	w.scheme = &assessment.Scheme{Code: "5s-cert-test", Name: txt("Thực hành tốt 5S", "5S good practice"), Kind: assessment.Kind5S, ValidityMonths: 36}
	w.version = &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4},
		Sections: []assessment.Section{{Key: "s1", Name: txt("Sàng lọc", "Sort"), Items: []assessment.Item{{Key: "s1.1", Text: txt("Gọn", "Tidy")}}}},
		Levels:   []assessment.Level{{Code: "dat", Name: txt("Đạt", "Pass"), MinPct: 60}, {Code: "tot", Name: txt("Tốt", "Good"), MinPct: 75}}}}
	if err := db.Assessment().CreateScheme(ctx, w.scheme, w.version); err != nil {
		t.Fatal(err)
	}
	// The assessor is accredited on the scheme (recognition requires it).
	w.accreditation = w.accredit(t, w.assessor, "DGV-5S-2025-0001", time.Date(2025, 1, 1, 0, 0, 0, 0, vn.Zone),
		time.Date(2027, 12, 31, 0, 0, 0, 0, vn.Zone), assessment.AccreditationActive)
	w.svc = w.service(w.signer, w.mail)
	return w
}

// accredit stores an accreditation of user on the world's scheme.
func (w *certWorld) accredit(t testing.TB, user auth.UserID, number string, granted, expires time.Time, st assessment.AccreditationStatus) *assessment.Accreditation {
	t.Helper()
	a := &assessment.Accreditation{UserID: user, SchemeID: w.scheme.ID, Number: number, GrantedOn: granted, ExpiresOn: expires, Status: st}
	if err := w.db.Assessment().CreateAccreditation(context.Background(), a, 0); err != nil {
		t.Fatal(err)
	}
	return a
}

func (w *certWorld) service(signer *seal.Signer, mail assessment.Mailer) *assessment.Service {
	o := assessment.Options{Store: w.db.Assessment(), Registry: registry.NewService(w.db.Registry()), Signer: signer,
		Clock: w.clock, BaseURL: "https://nscl.example.vn/"}
	if mail != nil {
		o.Mailer = mail
	}
	return assessment.NewService(o)
}

// assessment stores an assessment of firm in mode and status with level
// (and the assessor for an independent one).
func (w *certWorld) assessment(t testing.TB, firm *registry.Enterprise, mode assessment.Mode, status assessment.Status, level string) *assessment.Assessment {
	t.Helper()
	return w.assessmentBy(t, firm, w.assessor, mode, status, level)
}

// assessmentBy is assessment with another assessor (for an independent
// one).
func (w *certWorld) assessmentBy(t testing.TB, firm *registry.Enterprise, assessor auth.UserID, mode assessment.Mode, status assessment.Status, level string) *assessment.Assessment {
	t.Helper()
	at := w.clock().Add(-48 * time.Hour)
	x := &assessment.Assessment{EnterpriseID: firm.ID, ProvinceCode: firm.ProvinceCode, SchemeID: w.scheme.ID, VersionID: w.version.ID,
		Mode: mode, Status: status, Site: "Xưởng 1", StartedAt: &at, ScorePct: 81.25, LevelCode: level}
	if mode == assessment.ModeIndependent {
		x.AssessorID = assessor
	}
	if status == assessment.StatusSubmitted {
		sub := at.Add(time.Hour)
		x.SubmittedAt = &sub
	}
	if err := w.db.Assessment().CreateAssessment(context.Background(), x, ""); err != nil {
		t.Fatal(err)
	}
	return x
}

func (w *certWorld) recognition(version int) assessment.RecognitionInput {
	return assessment.RecognitionInput{Version: version, DecisionNo: "125/QĐ-BCT", DecisionDate: "09/03/2026",
		SignerName: "Nguyễn Văn An", SignerTitle: "KT. BỘ TRƯỞNG – THỨ TRƯỞNG", Note: "Theo đề nghị của Vụ Khoa học và Công nghệ."}
}

func wantCertKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

var numberPattern = regexp.MustCompile(`^5S-2026-\d{6}$`)

// TestCertificates_Recognise pins the recognition of a submitted
// independent assessment: one transaction writes the recognition and the
// certificate (number, dates, issuer, names as at issue, a code that the
// keyring accepts and that seals the register's facts), audited, and the
// enterprise's users are mailed. A provincial officer issues in the name
// of the province's department.
func TestCertificates_Recognise(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		if !w.svc.MayRecognise(w.ministry, x) || w.svc.MayRecognise(w.hanoi, x) || w.svc.MayRecognise(w.owner, x) {
			t.Error("MayRecognise: the ministry and only the province's officers")
		}
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		if !numberPattern.MatchString(c.Number) || c.Issuer != "Bộ Công Thương" || c.TaxCode != w.firm.TaxCode ||
			c.EnterpriseName != w.firm.Name || c.ProvinceCode != "79" || c.LevelCode != "tot" || c.LevelName.Vi != "Tốt" ||
			c.SchemeCode != "5s-cert-test" || c.SchemeName.Vi != "Thực hành tốt 5S" || c.Status != assessment.CertValid ||
			c.ScorePct != 81.25 || c.Signer != "Nguyễn Văn An" {
			t.Fatalf("certificate = %+v", c)
		}
		if got, want := vn.Date(c.IssuedOn), "10/03/2026"; got != want {
			t.Errorf("issued %s, want %s", got, want)
		}
		if c.ExpiresOn == nil || vn.Date(*c.ExpiresOn) != "10/03/2029" {
			t.Errorf("expires %v, want 10/03/2029", c.ExpiresOn)
		}
		p, err := seal.NewKeyring(w.signer.Public()).Verify(c.Code)
		if err != nil || !p.Same(assessment.Sealed(c)) || p.Holder != w.firm.TaxCode || p.Scheme != "5s-cert-test" || p.Level != "tot" {
			t.Fatalf("code seals %+v, %v", p, err)
		}
		got, err := db.Assessment().FindAssessment(ctx, x.ID)
		if err != nil || got.Status != assessment.StatusRecognised || got.DecisionNo != "125/QĐ-BCT" || got.DecisionDate == nil ||
			vn.Date(*got.DecisionDate) != "09/03/2026" || got.RecognisedAt == nil || got.Version != x.Version+1 {
			t.Fatalf("assessment after = %+v, %v", got, err)
		}
		d, err := w.svc.Certificate(w.owner, c.ID)
		if err != nil || d.SignerTitle != "KT. BỘ TRƯỞNG – THỨ TRƯỞNG" || d.DecisionNo != "125/QĐ-BCT" {
			t.Fatalf("detail = %+v, %v", d, err)
		}
		if _, err := w.svc.Certificate(w.otherOwner, c.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("another enterprise reads the certificate: %v", err)
		}
		if _, err := w.svc.Certificate(w.hanoi, c.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("another province reads the certificate: %v", err)
		}
		if n := w.mail.count("chu@donga.vn|[NSCL] Giấy chứng nhận số " + c.Number); n != 1 {
			t.Errorf("%d issue notices to the enterprise, want 1", n)
		}
		if ac, err := w.svc.AssessmentCertificate(w.owner, x.ID); err != nil || ac.ID != c.ID {
			t.Errorf("AssessmentCertificate = %v, %v", ac, err)
		}
		rc, err := w.svc.Recognition(w.hcm, x.ID)
		if err != nil || rc.Certificate == nil || rc.Certificate.ID != c.ID || rc.CanDecide {
			t.Errorf("recognition case after = %+v, %v", rc, err)
		}

		// A provincial officer's certificate is the department's.
		y := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "dat")
		c2, err := w.svc.Recognise(w.hcm, y.ID, w.recognition(y.Version))
		if err != nil {
			t.Fatal(err)
		}
		if c2.Issuer != "Sở Công Thương Hồ Chí Minh" || c2.Number == c.Number {
			t.Errorf("provincial certificate %s by %q", c2.Number, c2.Issuer)
		}
		pdf, err := w.svc.RenderCertificate(&assessment.CertificateDetail{Certificate: c2, SignerTitle: "GIÁM ĐỐC", DecisionNo: "12/QĐ-SCT"}, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"GIẤY CHỨNG NHẬN", "SỞ CÔNG THƯƠNG", "ỦY BAN NHÂN DÂN", c2.Number,
			"CÔNG TY TNHH CƠ KHÍ ĐÔNG Á", "Mã số thuế: 0312345678", "Thực hành tốt 5S", "đến ngày 10/03/2029", "GIÁM ĐỐC",
			"https://nscl.example.vn/verify"} {
			if !bytes.Contains(pdf, pdfdoc.StreamText(want)) {
				t.Errorf("the PDF has no %q", want)
			}
		}
		if pdfdoc.Pages(pdf) != 1 {
			t.Errorf("the certificate has %d pages, want 1", pdfdoc.Pages(pdf))
		}
		if png, err := w.svc.CertificateQR(w.owner, c.ID); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("QR: %d bytes, %v", len(png), err)
		}
	})
}

// TestCertificates_RecogniseBadInput pins what recognition refuses, each
// without writing: a self-assessment, an assessment not submitted, one
// without a level, an officer of another province (the assessment is not
// found for them), an enterprise user, a stale version, missing or wrong
// decision fields, a decision in the future, a second recognition, and any
// recognition without the platform's signing key.
func TestCertificates_RecogniseBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		self := w.assessment(t, w.firm, assessment.ModeSelf, assessment.StatusSubmitted, "tot")
		open := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusInProgress, "")
		noLevel := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "")
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")

		_, err := w.svc.Recognise(w.ministry, self.ID, w.recognition(self.Version))
		wantCertKind(t, "a self-assessment", err, fault.Invalid)
		_, err = w.svc.Recognise(w.ministry, open.ID, w.recognition(open.Version))
		wantCertKind(t, "an assessment in progress", err, fault.Conflict)
		_, err = w.svc.Recognise(w.ministry, noLevel.ID, w.recognition(noLevel.Version))
		wantCertKind(t, "an assessment without a level", err, fault.Invalid)
		_, err = w.svc.Recognise(w.hanoi, x.ID, w.recognition(x.Version))
		wantCertKind(t, "an officer of another province", err, fault.NotFound)
		_, err = w.svc.Recognise(w.owner, x.ID, w.recognition(x.Version))
		wantCertKind(t, "the enterprise itself", err, fault.Forbidden)
		_, err = w.svc.Recognise(w.assessorCtx, x.ID, w.recognition(x.Version))
		wantCertKind(t, "the assessor", err, fault.Forbidden)
		_, err = w.svc.Recognise(w.anon, x.ID, w.recognition(x.Version))
		wantCertKind(t, "an anonymous visitor", err, fault.Unauthenticated)
		_, err = w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version+1))
		wantCertKind(t, "a stale version", err, fault.Conflict)
		_, err = w.svc.Recognise(w.ministry, 999999, w.recognition(1))
		wantCertKind(t, "no such assessment", err, fault.NotFound)

		for name, change := range map[string]func(*assessment.RecognitionInput){
			"no decision number": func(in *assessment.RecognitionInput) { in.DecisionNo = " " },
			"no date":            func(in *assessment.RecognitionInput) { in.DecisionDate = "" },
			"a bad date":         func(in *assessment.RecognitionInput) { in.DecisionDate = "31/02/2026" },
			"a future date":      func(in *assessment.RecognitionInput) { in.DecisionDate = "11/03/2026" },
			"no signer":          func(in *assessment.RecognitionInput) { in.SignerName = "" },
			"no title":           func(in *assessment.RecognitionInput) { in.SignerTitle = "" },
			"a long number":      func(in *assessment.RecognitionInput) { in.DecisionNo = strings.Repeat("1", 61) },
		} {
			in := w.recognition(x.Version)
			change(&in)
			_, err := w.svc.Recognise(w.ministry, x.ID, in)
			wantCertKind(t, name, err, fault.Invalid)
			if len(fault.FieldsOf(err)) == 0 {
				t.Errorf("%s: no field error", name)
			}
		}
		noKey := w.service(nil, nil)
		if noKey.CanSign() {
			t.Error("CanSign without a key")
		}
		_, err = noKey.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		wantCertKind(t, "without a signing key", err, fault.Unavailable)
		if !strings.Contains(fault.MessageOf(err).Vi, "khóa ký") {
			t.Errorf("the message does not name the key: %q", fault.MessageOf(err).Vi)
		}

		// Nothing was written.
		got, err := db.Assessment().FindAssessment(ctx, x.ID)
		if err != nil || got.Status != assessment.StatusSubmitted || got.Version != x.Version {
			t.Fatalf("after refusals: %+v, %v", got, err)
		}
		if cs, n, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{}); err != nil || n != 0 || len(cs) != 0 {
			t.Fatalf("certificates after refusals: %d, %v", n, err)
		}

		// Once recognised, a second recognition or a decline is refused.
		if _, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version)); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version+1))
		wantCertKind(t, "a second recognition", err, fault.Conflict)
		_, err = w.svc.Decline(w.ministry, x.ID, assessment.ReasonInput{Version: x.Version + 1, Reason: "Hồ sơ chưa đầy đủ bằng chứng."})
		wantCertKind(t, "a decline after recognition", err, fault.Conflict)
	})
}

// TestCertificates_Concurrent pins that two recognitions at once get
// different numbers, and that the same assessment recognised twice at
// once gets one certificate (the other is a conflict), on both databases.
func TestCertificates_Concurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		const n = 6
		xs := make([]*assessment.Assessment, n)
		for i := range xs {
			xs[i] = w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		}
		var wg sync.WaitGroup
		numbers := make([]string, n)
		errs := make([]error, n)
		for i := range xs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := w.ministry
				if i%2 == 1 {
					ctx = w.hcm
				}
				c, err := w.svc.Recognise(ctx, xs[i].ID, w.recognition(xs[i].Version))
				errs[i] = err
				if c != nil {
					numbers[i] = c.Number
				}
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range xs {
			if errs[i] != nil {
				t.Fatalf("recognition %d: %v", i, errs[i])
			}
			if seen[numbers[i]] || !numberPattern.MatchString(numbers[i]) {
				t.Fatalf("number %q twice or malformed: %v", numbers[i], numbers)
			}
			seen[numbers[i]] = true
		}

		// The same assessment, twice at once.
		y := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		var ok, conflict int
		var mu sync.Mutex
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.svc.Recognise(w.ministry, y.ID, w.recognition(y.Version))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case fault.Is(err, fault.Conflict):
					conflict++
				default:
					t.Errorf("twice at once: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 || conflict != 1 {
			t.Errorf("the same assessment twice at once: %d issued, %d conflicts", ok, conflict)
		}
		if _, total, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{}); err != nil || total != n+1 {
			t.Errorf("certificates = %d, %v; want %d", total, err, n+1)
		}
	})
}

// TestCertificates_DeclineAndRevoke pins the decline (a reason required)
// and the revocation (a reason required, in scope, at the version read,
// once), each audited and told to the enterprise.
func TestCertificates_DeclineAndRevoke(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		d := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "dat")
		_, err := w.svc.Decline(w.hcm, d.ID, assessment.ReasonInput{Version: d.Version, Reason: ""})
		wantCertKind(t, "a decline without a reason", err, fault.Invalid)
		_, err = w.svc.Decline(w.hcm, d.ID, assessment.ReasonInput{Version: d.Version, Reason: "ngắn"})
		wantCertKind(t, "a decline with a too short reason", err, fault.Invalid)
		_, err = w.svc.Decline(w.hanoi, d.ID, assessment.ReasonInput{Version: d.Version, Reason: "Bằng chứng ảnh không khớp hiện trường."})
		wantCertKind(t, "a decline by another province", err, fault.NotFound)
		got, err := w.svc.Decline(w.hcm, d.ID, assessment.ReasonInput{Version: d.Version, Reason: "Bằng chứng ảnh không khớp hiện trường."})
		if err != nil || got.Status != assessment.StatusNotRecognised || got.RecognitionNote != "Bằng chứng ảnh không khớp hiện trường." {
			t.Fatalf("decline = %+v, %v", got, err)
		}
		if w.mail.count("chu@donga.vn|[NSCL] Kết quả xét công nhận") != 1 {
			t.Error("no decline notice")
		}

		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		if !w.svc.MayRevoke(w.hcm, c) || w.svc.MayRevoke(w.hanoi, c) || w.svc.MayRevoke(w.owner, c) {
			t.Error("MayRevoke: the ministry and only the province's officers")
		}
		reason := "Doanh nghiệp không duy trì 5S sau kiểm tra đột xuất."
		for name, tc := range map[string]struct {
			ctx  context.Context
			in   assessment.ReasonInput
			kind fault.Kind
		}{
			"no reason":         {w.hcm, assessment.ReasonInput{Version: c.Version}, fault.Invalid},
			"a stale version":   {w.hcm, assessment.ReasonInput{Version: c.Version + 1, Reason: reason}, fault.Conflict},
			"another province":  {w.hanoi, assessment.ReasonInput{Version: c.Version, Reason: reason}, fault.NotFound},
			"the enterprise":    {w.owner, assessment.ReasonInput{Version: c.Version, Reason: reason}, fault.Forbidden},
			"another firm user": {w.otherOwner, assessment.ReasonInput{Version: c.Version, Reason: reason}, fault.Forbidden},
		} {
			_, err := w.svc.Revoke(tc.ctx, c.ID, tc.in)
			wantCertKind(t, "revoke: "+name, err, tc.kind)
		}
		w.setNow(w.clock().Add(24 * time.Hour))
		r, err := w.svc.Revoke(w.hcm, c.ID, assessment.ReasonInput{Version: c.Version, Reason: reason})
		if err != nil || r.Status != assessment.CertRevoked || r.RevokedAt == nil || r.RevokedReason != reason || r.Version != c.Version+1 {
			t.Fatalf("revoke = %+v, %v", r, err)
		}
		_, err = w.svc.Revoke(w.ministry, c.ID, assessment.ReasonInput{Version: r.Version, Reason: reason})
		wantCertKind(t, "a second revocation", err, fault.Conflict)

		// The public page shows the revocation with its date and reason.
		doc, err := w.svc.VerifyCode(ctx, c.Code, "203.0.113.9", nil)
		if err != nil || doc.Status != assessment.CertRevoked || doc.RevokedReason != reason || doc.RevokedAt == nil ||
			vn.Date(*doc.RevokedAt) != "11/03/2026" {
			t.Fatalf("verify a revoked certificate = %+v, %v", doc, err)
		}
		if w.mail.count("chu@donga.vn|[NSCL] Thu hồi giấy chứng nhận số "+c.Number) != 1 {
			t.Error("no revocation notice")
		}
		if cs, n, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{State: assessment.StateRevoked}); err != nil || n != 1 || cs[0].ID != c.ID {
			t.Errorf("revoked list = %d, %v", n, err)
		}
		// The audit log has the issue, the recognition, the decline and
		// the revocation.
		entries, _, err := db.Audit().FindEntries(ctx, auditFilter())
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.Action]++
		}
		for _, a := range []string{"certificate.issue", "assessment.recognise", "assessment.decline", "certificate.revoke"} {
			if seen[a] != 1 {
				t.Errorf("audit %s: %d entries, want 1", a, seen[a])
			}
		}
	})
}

// TestCertificates_Verify pins the public verification: a genuine code
// reads valid (expired past its expiry day, before the job marks it); a
// forged code, a code with one field changed, a code signed by another
// key, a truncated code, a malformed one, and a genuine code whose
// register row was altered afterwards all get the one same not-found
// answer; numbers are looked up the same way.
func TestCertificates_Verify(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := w.svc.VerifyCode(ctx, c.Code, "198.51.100.1", nil)
		if err != nil || doc.Status != assessment.CertValid || doc.Holder != w.firm.Name || doc.Number != c.Number ||
			doc.Level.Vi != "Tốt" || doc.Issuer != "Bộ Công Thương" || doc.ExpiresOn == nil {
			t.Fatalf("verify = %+v, %v", doc, err)
		}
		if doc, err := w.svc.VerifyNumber(ctx, " "+strings.ToLower(c.Number)+" ", "198.51.100.1", nil); err != nil || doc.Number != c.Number || doc.Code != "" {
			t.Fatalf("verify by number = %+v, %v (the signed code is never in a number's answer)", doc, err)
		}

		// The code's parts, to alter.
		msgPart, sigPart, _ := strings.Cut(c.Code, ".")
		msg, _ := base64.RawURLEncoding.DecodeString(msgPart)
		reencode := func(m string) string { return base64.RawURLEncoding.EncodeToString([]byte(m)) + "." + sigPart }
		other, err := certSigner(t, 9).Sign(assessment.Sealed(c))
		if err != nil {
			t.Fatal(err)
		}
		bad := map[string]string{
			"a forged code":           "djF8YWJjZGVmMDF8Q3w1Uy0yMDI2LTAwMDAwMXwwMzEyMzQ1Njc4fDVzfHRvdHwyMDI2LTAzLTEwfA." + strings.Repeat("A", 86),
			"another level":           reencode(strings.Replace(string(msg), "|tot|", "|dat|", 1)),
			"another holder":          reencode(strings.Replace(string(msg), w.firm.TaxCode, w.other.TaxCode, 1)),
			"a later expiry":          reencode(strings.Replace(string(msg), "2029-03-10", "2039-03-10", 1)),
			"another key's signature": other,
			"a truncated code":        c.Code[:len(c.Code)-10],
			"a truncated payload":     c.Code[10:],
			"no signature":            msgPart,
			"garbage":                 "xin-chao.<script>",
			"empty":                   "",
			"too long":                strings.Repeat("A", seal.MaxCodeLen+1),
		}
		// The first failure fixes the answer; every other must be the
		// same, word for word.
		var first fault.Text
		for name, code := range bad {
			_, err := w.svc.VerifyCode(ctx, code, "198.51.100."+fmt.Sprint(len(name)), nil)
			wantCertKind(t, name, err, fault.NotFound)
			if first == (fault.Text{}) {
				first = fault.MessageOf(err)
			} else if got := fault.MessageOf(err); got != first {
				t.Errorf("%s: answer %q differs from %q", name, got, first)
			}
		}

		// An altered register row: the facts differ from the sealed ones
		// (read anew once the cached row is older than VerifyFresh).
		if _, err := db.WriteDB().ExecContext(ctx, `UPDATE certificates SET level_code = 'xuat-sac' WHERE id = $1`, int64(c.ID)); err != nil {
			t.Fatal(err)
		}
		w.setNow(w.clock().Add(assessment.VerifyFresh))
		_, err = w.svc.VerifyCode(ctx, c.Code, "198.51.100.200", nil)
		wantCertKind(t, "an altered register row", err, fault.NotFound)
		if fault.MessageOf(err) != first {
			t.Errorf("the altered row's answer %q differs", fault.MessageOf(err))
		}
		_, err = w.svc.VerifyNumber(ctx, c.Number, "198.51.100.200", nil)
		wantCertKind(t, "an altered register row by number", err, fault.NotFound)
		if _, err := db.WriteDB().ExecContext(ctx, `UPDATE certificates SET level_code = 'tot' WHERE id = $1`, int64(c.ID)); err != nil {
			t.Fatal(err)
		}
		w.setNow(w.clock().Add(assessment.VerifyFresh))
		if _, err := w.svc.VerifyCode(ctx, c.Code, "198.51.100.1", nil); err != nil {
			t.Fatalf("the row restored: %v", err)
		}
		for _, n := range []string{"5S-2026-999999", "", "không phải số", strings.Repeat("9", 41)} {
			_, err := w.svc.VerifyNumber(ctx, n, "198.51.100.201", nil)
			wantCertKind(t, "number "+n, err, fault.NotFound)
			if fault.MessageOf(err) != first {
				t.Errorf("number %q: answer %q differs", n, fault.MessageOf(err))
			}
		}

		// Expired on the day after its expiry day, before any job runs.
		w.setNow(time.Date(2029, 3, 10, 16, 0, 0, 0, time.UTC)) // 23:00 on 10/03/2029 in Vietnam
		if doc, err := w.svc.VerifyCode(ctx, c.Code, "198.51.100.1", nil); err != nil || doc.Status != assessment.CertValid {
			t.Errorf("on its expiry day: %+v, %v", doc, err)
		}
		w.setNow(time.Date(2029, 3, 10, 17, 30, 0, 0, time.UTC)) // 00:30 on 11/03/2029
		if doc, err := w.svc.VerifyCode(ctx, c.Code, "198.51.100.1", nil); err != nil || doc.Status != assessment.CertExpired {
			t.Errorf("the day after: %+v, %v", doc, err)
		}

		// A practitioner credential's code goes to the credential check,
		// whose sealed facts must match too.
		cp := seal.Payload{Kind: seal.KindCredential, Number: "P-2026-000007", Holder: "Lê Thị Hoa", Scheme: "kaizen", Level: "2",
			Issued: time.Date(2026, 1, 5, 0, 0, 0, 0, vn.Zone)}
		code, err := w.signer.Sign(cp)
		if err != nil {
			t.Fatal(err)
		}
		stored := cp
		creds := func(_ context.Context, number string) (*assessment.PublicDocument, seal.Payload, error) {
			if number != cp.Number {
				return nil, seal.Payload{}, fault.New(fault.NotFound, "x", "x")
			}
			// As the pages' adapter builds it: the record's facts.
			return &assessment.PublicDocument{Number: number, Holder: stored.Holder, SchemeCode: stored.Scheme, LevelCode: stored.Level,
				IssuedOn: stored.Issued, Status: assessment.CertValid}, stored, nil
		}
		if doc, err := w.svc.VerifyCode(ctx, code, "198.51.100.2", creds); err != nil || doc.Kind != seal.KindCredential || doc.Holder != "Lê Thị Hoa" {
			t.Errorf("a credential = %+v, %v", doc, err)
		}
		if doc, err := w.svc.VerifyNumber(ctx, cp.Number, "198.51.100.2", creds); err != nil || doc.Kind != seal.KindCredential || doc.Code != "" {
			t.Errorf("a credential by number = %+v, %v", doc, err)
		}
		// With the record's stored code, the number look-up checks it
		// seals the record's facts.
		withCode := func(code string) assessment.CredentialCheck {
			return func(ctx context.Context, number string) (*assessment.PublicDocument, seal.Payload, error) {
				d, p, err := creds(ctx, number)
				if d != nil {
					d.Code = code
				}
				return d, p, err
			}
		}
		if doc, err := w.svc.VerifyNumber(ctx, cp.Number, "198.51.100.2", withCode(code)); err != nil || doc.Code != "" {
			t.Errorf("a credential with its code by number = %+v, %v", doc, err)
		}
		_, err = w.svc.VerifyNumber(ctx, cp.Number, "198.51.100.2", withCode(code[:len(code)-4]+"AAAA"))
		wantCertKind(t, "a credential whose stored code is not genuine", err, fault.NotFound)
		stored.Level = "3" // the credential's record changed after sealing
		_, err = w.svc.VerifyCode(ctx, code, "198.51.100.2", creds)
		wantCertKind(t, "an altered credential", err, fault.NotFound)
		_, err = w.svc.VerifyNumber(ctx, cp.Number, "198.51.100.2", withCode(code))
		wantCertKind(t, "an altered credential by number", err, fault.NotFound)
		_, err = w.svc.VerifyCode(ctx, code, "198.51.100.2", nil)
		wantCertKind(t, "a credential without the check", err, fault.NotFound)
		// A check whose page shows other facts than it seals.
		shows := func(ctx context.Context, number string) (*assessment.PublicDocument, seal.Payload, error) {
			d, p, err := creds(ctx, number)
			if d != nil {
				d.LevelCode = "1"
			}
			return d, p, err
		}
		_, err = w.svc.VerifyNumber(ctx, cp.Number, "198.51.100.3", shows)
		wantCertKind(t, "a credential showing other facts by number", err, fault.NotFound)
		_, err = w.svc.VerifyCode(ctx, code, "198.51.100.3", shows)
		wantCertKind(t, "a credential showing other facts", err, fault.NotFound)
	})
}

// TestCertificates_VerifyRateLimit pins the limits on guessing: after
// VerifyLimit failed look-ups an address gets 429 for every number and
// every code whose signature is bad, until the window ends — but a code
// whose signature is good still verifies (it cannot be a guess: a genuine
// QR code scanned behind the guesser's NAT); other addresses are not
// affected; genuine codes never count; look-ups by number all count, up
// to VerifyNumberLimit.
func TestCertificates_VerifyRateLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		const guesser, honest = "192.0.2.66", "192.0.2.7"
		for i := range 200 {
			if _, err := w.svc.VerifyCode(ctx, c.Code, honest, nil); err != nil {
				t.Fatalf("genuine look-up %d: %v", i, err)
			}
		}
		forged := func(i int) string { return c.Code[:40] + fmt.Sprint(i%10) + c.Code[41:] }
		for i := range assessment.VerifyLimit {
			guess := fmt.Sprintf("5S-2026-%06d", i+100)
			if i%2 == 0 {
				_, err = w.svc.VerifyNumber(ctx, guess, guesser, nil)
			} else {
				_, err = w.svc.VerifyCode(ctx, forged(i), guesser, nil)
			}
			wantCertKind(t, fmt.Sprintf("guess %d", i), err, fault.NotFound)
		}
		_, err = w.svc.VerifyCode(ctx, forged(3), guesser, nil)
		wantCertKind(t, "a forged code after too many guesses", err, fault.TooMany)
		_, err = w.svc.VerifyNumber(ctx, c.Number, guesser, nil)
		wantCertKind(t, "a number after too many guesses", err, fault.TooMany)
		if doc, err := w.svc.VerifyCode(ctx, c.Code, guesser, nil); err != nil || doc.Number != c.Number {
			t.Errorf("a genuine code from the guesser's address: %+v, %v", doc, err)
		}
		if _, err := w.svc.VerifyCode(ctx, c.Code, honest, nil); err != nil {
			t.Errorf("another address: %v", err)
		}
		w.setNow(w.clock().Add(assessment.VerifyWindow))
		if _, err := w.svc.VerifyNumber(ctx, c.Number, guesser, nil); err != nil {
			t.Errorf("after the window: %v", err)
		}

		// Numbers: found or not, each counts.
		const reader = "192.0.2.90"
		for i := range assessment.VerifyNumberLimit {
			if _, err := w.svc.VerifyNumber(ctx, c.Number, reader, nil); err != nil {
				t.Fatalf("number look-up %d: %v", i, err)
			}
		}
		_, err = w.svc.VerifyNumber(ctx, c.Number, reader, nil)
		wantCertKind(t, "a number past the limit", err, fault.TooMany)
		if _, err := w.svc.VerifyCode(ctx, c.Code, reader, nil); err != nil {
			t.Errorf("a genuine code past the numbers' limit: %v", err)
		}
	})
}

// TestCertificates_Register pins the public register: valid certificates
// only (not revoked, not past expiry), searched by name without
// diacritics, tax code or number, by scheme and province, with paging.
func TestCertificates_Register(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		var certs []*assessment.Certificate
		for i := range 3 {
			firm := w.firm
			if i == 2 {
				firm = w.other
			}
			x := w.assessment(t, firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
			c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
			if err != nil {
				t.Fatal(err)
			}
			certs = append(certs, c)
		}
		if _, err := w.svc.Revoke(w.ministry, certs[1].ID, assessment.ReasonInput{Version: certs[1].Version, Reason: "Vi phạm quy định về duy trì 5S."}); err != nil {
			t.Fatal(err)
		}
		reg := func(q assessment.RegisterQuery) []string {
			t.Helper()
			docs, total, err := w.svc.Register(ctx, q)
			if err != nil || total != len(docs) {
				t.Fatalf("register %+v: %d of %d, %v", q, len(docs), total, err)
			}
			var out []string
			for _, d := range docs {
				out = append(out, d.Number)
			}
			return out
		}
		if got := reg(assessment.RegisterQuery{}); len(got) != 2 || got[0] != certs[2].Number || got[1] != certs[0].Number {
			t.Errorf("register = %v", got)
		}
		for q, want := range map[string]string{"dong a": certs[0].Number, "ĐÔNG Á": certs[0].Number, "nhua bac ha": certs[2].Number,
			"0101234567": certs[2].Number, strings.ToLower(certs[0].Number): certs[0].Number} {
			if got := reg(assessment.RegisterQuery{Search: q}); len(got) != 1 || got[0] != want {
				t.Errorf("search %q = %v, want %s", q, got, want)
			}
		}
		if got := reg(assessment.RegisterQuery{Search: "100%_"}); len(got) != 0 {
			t.Errorf("wildcards match %v", got)
		}
		if got := reg(assessment.RegisterQuery{Province: "01"}); len(got) != 1 || got[0] != certs[2].Number {
			t.Errorf("province 01 = %v", got)
		}
		if got := reg(assessment.RegisterQuery{SchemeCode: "kaizen-lean-tpm"}); len(got) != 0 {
			t.Errorf("another scheme = %v", got)
		}
		docs, total, err := w.svc.Register(ctx, assessment.RegisterQuery{Page: 2})
		if err != nil || len(docs) != 0 || total != 2 {
			t.Errorf("page 2 = %d of %d, %v", len(docs), total, err)
		}
		w.setNow(time.Date(2029, 3, 12, 3, 0, 0, 0, time.UTC))
		if got := reg(assessment.RegisterQuery{}); len(got) != 0 {
			t.Errorf("after expiry the register lists %v", got)
		}

		// The officers' list is scoped: a province sees its own, an
		// enterprise its own; others are refused.
		if _, n, err := w.svc.Certificates(w.hanoi, assessment.CertificateQuery{}); err != nil || n != 1 {
			t.Errorf("Hà Nội sees %d, %v", n, err)
		}
		if _, n, err := w.svc.Certificates(w.owner, assessment.CertificateQuery{}); err != nil || n != 2 {
			t.Errorf("the enterprise sees %d, %v", n, err)
		}
		if _, n, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{State: assessment.StateExpired}); err != nil || n != 2 {
			t.Errorf("expired = %d, %v", n, err)
		}
		_, _, err = w.svc.Certificates(w.assessorCtx, assessment.CertificateQuery{})
		wantCertKind(t, "an assessor's list", err, fault.Forbidden)
		_, _, err = w.svc.Certificates(w.anon, assessment.CertificateQuery{})
		wantCertKind(t, "an anonymous list", err, fault.Unauthenticated)
	})
}

// TestCertificates_Keep pins the scheduled keeping: the reminders 90 and
// 30 days before expiry go out once each (one issued within 30 days of
// expiry gets only the 30-day one), the lapsed certificates are marked
// expired (audited), and reruns change nothing; the batch bounds a run.
func TestCertificates_Keep(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		var certs []*assessment.Certificate
		for range 3 {
			x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
			c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
			if err != nil {
				t.Fatal(err)
			}
			certs = append(certs, c)
		}
		exp := *certs[0].ExpiresOn // 10/03/2029
		reminders := func() int { return w.mail.count("sắp hết hiệu lực") }
		run := func(at time.Time) (int, bool) {
			t.Helper()
			n, more, err := w.svc.KeepCertificatesWithin(ctx, at, time.Minute, 2)
			if err != nil {
				t.Fatal(err)
			}
			return n, more
		}
		if n, _ := run(exp.AddDate(0, 0, -91)); n != 0 || reminders() != 0 {
			t.Fatalf("91 days before: %d kept, %d reminders", n, reminders())
		}
		if n, more := run(exp.AddDate(0, 0, -90)); n != 2 || !more {
			t.Fatalf("90 days before, batch 2: %d kept, more %v", n, more)
		}
		if n, more := run(exp.AddDate(0, 0, -90)); n != 1 || more {
			t.Fatalf("90 days before, the rest: %d kept, more %v", n, more)
		}
		if n, _ := run(exp.AddDate(0, 0, -60)); n != 0 || reminders() != 3 {
			t.Fatalf("60 days before: %d kept, %d reminders", n, reminders())
		}
		run(exp.AddDate(0, 0, -30))
		run(exp.AddDate(0, 0, -30))
		if n, _ := run(exp.AddDate(0, 0, -29)); n != 0 || reminders() != 6 {
			t.Fatalf("after the 30-day reminders: %d reminders, want 6", reminders())
		}
		// One issued 20 days before its expiry: the 30-day reminder only.
		w.setNow(exp.AddDate(-3, 0, -20).Add(3 * time.Hour))
		y := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		late, err := w.svc.Recognise(w.ministry, y.ID, assessment.RecognitionInput{Version: y.Version, DecisionNo: "7/QĐ-BCT",
			DecisionDate: vn.Date(w.clock()), SignerName: "Trần B", SignerTitle: "THỨ TRƯỞNG"})
		if err != nil {
			t.Fatal(err)
		}
		run(late.ExpiresOn.AddDate(0, 0, -20))
		run(late.ExpiresOn.AddDate(0, 0, -10))
		if reminders() != 7 {
			t.Errorf("a late certificate: %d reminders, want 7", reminders())
		}
		// Lapsed: marked expired the day after the expiry day (the late
		// one first: it expired 20 days earlier).
		if n, _ := run(exp); n != 1 {
			t.Errorf("on the expiry day %d kept, want the late one", n)
		}
		if n, more := run(exp.AddDate(0, 0, 1)); n != 2 || !more {
			t.Errorf("the day after, batch 2: %d, more %v", n, more)
		}
		if n, more := run(exp.AddDate(0, 0, 1)); n != 1 || more {
			t.Errorf("the day after, the rest: %d, more %v", n, more)
		}
		got, err := db.Assessment().FindCertificate(ctx, certs[0].ID)
		if err != nil || got.Status != assessment.CertExpired || got.Version != certs[0].Version+1 {
			t.Errorf("after expiry = %+v, %v", got, err)
		}
		if n, _ := run(exp.AddDate(0, 0, 2)); n != 0 {
			t.Errorf("a rerun kept %d", n)
		}
		entries, _, err := db.Audit().FindEntries(ctx, auditFilter())
		if err != nil {
			t.Fatal(err)
		}
		expired := 0
		for _, e := range entries {
			if e.Action == "certificate.expire" {
				expired++
			}
		}
		if expired != 4 {
			t.Errorf("%d expiry audit entries, want 4", expired)
		}
		// Without a mailer nothing is reminded, lapsed ones still expire.
		quiet := w.service(w.signer, nil)
		if _, _, err := quiet.KeepCertificates(ctx, exp.AddDate(0, 0, 3)); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkCertificatePDF measures one certificate's PDF (the target is
// 200 ms).
func BenchmarkCertificatePDF(b *testing.B) {
	w := newCertWorld(b, sqldbtest.MustOpenSQLite(b))
	x := w.assessment(b, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
	c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := w.svc.CertificatePDF(w.owner, c.ID); err != nil {
			b.Fatal(err)
		}
	}
}

func auditFilter() audit.Filter { return audit.Filter{Limit: 1000} }

// TestCertificates_RevocationAcrossServers pins how soon a revocation
// shows on the public verification: at once on the server that revoked,
// within VerifyFresh on another server sharing the database (which had
// the row in its cache).
func TestCertificates_RevocationAcrossServers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		other := w.service(w.signer, nil) // a second server
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []*assessment.Service{w.svc, other} {
			if doc, err := s.VerifyCode(ctx, c.Code, "203.0.113.1", nil); err != nil || doc.Status != assessment.CertValid {
				t.Fatalf("before: %+v, %v", doc, err)
			}
		}
		if _, err := w.svc.Revoke(w.ministry, c.ID, assessment.ReasonInput{Version: c.Version, Reason: "Vi phạm quy định duy trì 5S."}); err != nil {
			t.Fatal(err)
		}
		if doc, err := w.svc.VerifyCode(ctx, c.Code, "203.0.113.1", nil); err != nil || doc.Status != assessment.CertRevoked {
			t.Errorf("on the revoking server: %+v, %v", doc, err)
		}
		if doc, err := other.VerifyNumber(ctx, c.Number, "203.0.113.1", nil); err != nil || doc.Status != assessment.CertValid {
			t.Errorf("on the other server at once (cached): %+v, %v", doc, err)
		}
		w.setNow(w.clock().Add(assessment.VerifyFresh))
		if doc, err := other.VerifyCode(ctx, c.Code, "203.0.113.1", nil); err != nil || doc.Status != assessment.CertRevoked {
			t.Errorf("on the other server after VerifyFresh: %+v, %v", doc, err)
		}
	})
}
