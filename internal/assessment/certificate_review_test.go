package assessment_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/seal"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// R1: recognition checks the assessor's accreditation on the scheme: none,
// withdrawn, suspended, granted after the submission or expired before it
// block the recognition (a decline stays possible); one that merely
// expired after a valid submission does not. The recognition case shows
// the accreditation and why it blocks.
func TestReview_RecogniseWithoutAccreditation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		// Submitted on 08/03/2026 (the world's assessments).
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vn.Zone) }
		for i, tc := range []struct {
			name    string
			granted time.Time
			expires time.Time
			status  assessment.AccreditationStatus
			none    bool
			ok      bool
		}{
			{name: "no accreditation", none: true},
			{name: "withdrawn", granted: day(2025, 1, 1), expires: day(2027, 1, 1), status: assessment.AccreditationWithdrawn},
			{name: "suspended", granted: day(2025, 1, 1), expires: day(2027, 1, 1), status: assessment.AccreditationSuspended},
			{name: "granted after the submission", granted: day(2026, 3, 9), expires: day(2029, 1, 1), status: assessment.AccreditationActive},
			{name: "expired before the submission", granted: day(2023, 1, 1), expires: day(2026, 3, 7), status: assessment.AccreditationActive},
			{name: "expired after the submission", granted: day(2023, 1, 1), expires: day(2026, 3, 8), status: assessment.AccreditationActive, ok: true},
		} {
			assessor := w.newUser(fmt.Sprintf("dgv%d@danhgia.vn", i), "assessor")
			var acc *assessment.Accreditation
			if !tc.none {
				acc = w.accredit(t, assessor, fmt.Sprintf("DGV-T-%d", i), tc.granted, tc.expires, tc.status)
			}
			x := w.assessmentBy(t, w.firm, assessor, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
			rc, err := w.svc.Recognition(w.ministry, x.ID)
			if err != nil {
				t.Fatalf("%s: recognition case: %v", tc.name, err)
			}
			if (rc.Accreditation == nil) != tc.none || acc != nil && rc.Accreditation.Number != acc.Number {
				t.Errorf("%s: the case shows accreditation %+v", tc.name, rc.Accreditation)
			}
			if (rc.AccreditationProblem.Vi == "") != tc.ok || tc.ok == (rc.AccreditationProblem.En != "") {
				t.Errorf("%s: the case says %q", tc.name, rc.AccreditationProblem)
			}
			c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
			switch {
			case tc.ok && err != nil:
				t.Errorf("%s: %v", tc.name, err)
			case !tc.ok && err == nil:
				t.Errorf("%s: issued %s on an assessment by an assessor without a valid accreditation", tc.name, c.Number)
			case !tc.ok:
				wantCertKind(t, tc.name, err, fault.Invalid)
				if m := fault.MessageOf(err); m.Vi == "" || m.En == "" || !strings.Contains(strings.ToLower(m.Vi), "đánh giá viên") {
					t.Errorf("%s: message %q", tc.name, m)
				}
				// Nothing written; a decline stays possible.
				if got, _ := db.Assessment().FindAssessment(context.Background(), x.ID); got.Status != assessment.StatusSubmitted {
					t.Errorf("%s: the refusal wrote %s", tc.name, got.Status)
				}
				if _, err := w.svc.Decline(w.ministry, x.ID, assessment.ReasonInput{Version: x.Version, Reason: "Đánh giá viên không đủ điều kiện."}); err != nil {
					t.Errorf("%s: decline: %v", tc.name, err)
				}
			}
		}
	})
}

// R2: two keeping runs at once (two River jobs overlapping, or a snoozed
// run and the hourly one) duplicate expiry audit entries and reminders.
func TestReview_KeepConcurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		const n = 40
		var certs []*assessment.Certificate
		for range n {
			x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
			c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
			if err != nil {
				t.Fatal(err)
			}
			certs = append(certs, c)
		}
		exp := *certs[0].ExpiresOn
		// Reminders: 90 days before, two runs at once.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := w.svc.KeepCertificatesWithin(ctx, exp.AddDate(0, 0, -90), time.Minute, 500); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := w.mail.count("sắp hết hiệu lực"); got != n {
			t.Errorf("reminders sent %d, want %d (each once)", got, n)
		}
		// Expiry: two runs at once.
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := w.svc.KeepCertificatesWithin(ctx, exp.AddDate(0, 0, 1), time.Minute, 500); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
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
		if expired != n {
			t.Errorf("%d certificate.expire audit entries for %d certificates", expired, n)
		}
	})
}

// R2b: a certificate revoked between the SELECT and the UPDATE of
// ExpireCertificates is audited as expired although it stays revoked
// (sequential form: store-level call on an already-revoked list is not
// possible, so we call ExpireCertificates twice in one run order).
func TestReview_ExpireReturnsUnchanged(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		today := c.ExpiresOn.AddDate(0, 0, 1).Format(time.DateOnly)
		var a, b []*assessment.Certificate
		var ea, eb error
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				err := db.Assessment().Tx(ctx, func(tx assessment.Store) error {
					cs, err := tx.ExpireCertificates(ctx, today, 10)
					time.Sleep(100 * time.Millisecond)
					if i == 0 {
						a, ea = cs, err
					} else {
						b, eb = cs, err
					}
					return err
				})
				if err != nil {
					t.Log(err)
				}
			}()
		}
		close(start)
		wg.Wait()
		t.Logf("run A returned %d (%v), run B returned %d (%v)", len(a), ea, len(b), eb)
		if len(a)+len(b) > 1 {
			t.Errorf("one certificate reported as expired by %d runs", len(a)+len(b))
		}
	})
}

// R3: the list, the certificate page, the XLSX and the API's status_today
// use StatusOn(Today()) = midnight, so a certificate reads valid for the
// whole day after its expiry day (until the job marks it), while /verify
// reads expired.
func TestReview_StatusOnToday(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		ctx := context.Background()
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		w.setNow(time.Date(2029, 3, 11, 5, 0, 0, 0, time.UTC)) // 12:00 on 11/03/2029 in Vietnam, expiry 10/03/2029
		doc, err := w.svc.VerifyCode(ctx, c.Code, "198.51.100.1", nil)
		if err != nil {
			t.Fatal(err)
		}
		d, err := w.svc.Certificate(w.ministry, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.StatusOn(w.svc.Today()); got != doc.Status {
			t.Errorf("page/API/XLSX status %s, /verify status %s on the day after expiry", got, doc.Status)
		}
		// The lists' filters agree: not valid, expired; not in the register.
		if _, n, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{State: assessment.StateValid}); err != nil || n != 0 {
			t.Errorf("valid on the day after expiry: %d, %v", n, err)
		}
		if _, n, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{State: assessment.StateExpired}); err != nil || n != 1 {
			t.Errorf("expired on the day after expiry: %d, %v", n, err)
		}
		if _, n, err := w.svc.Register(ctx, assessment.RegisterQuery{}); err != nil || n != 0 {
			t.Errorf("the register on the day after expiry: %d, %v", n, err)
		}
		// On the expiry day itself, at 23:59, all say valid.
		w.setNow(time.Date(2029, 3, 10, 16, 59, 0, 0, time.UTC))
		if doc, err := w.svc.VerifyCode(ctx, c.Code, "198.51.100.1", nil); err != nil || doc.Status != assessment.CertValid || d.StatusOn(w.svc.Today()) != assessment.CertValid {
			t.Errorf("on the expiry day: %+v, %v, %s", doc, err, d.StatusOn(w.svc.Today()))
		}
		if _, n, err := w.svc.Certificates(w.ministry, assessment.CertificateQuery{State: assessment.StateValid}); err != nil || n != 1 {
			t.Errorf("valid on the expiry day: %d, %v", n, err)
		}
	})
}

// R4: typed text broke the one-page layout (a long signer's title of
// many "–" lines; control characters). The inputs are refused now (422,
// in Vietnamese and English), and whatever the texts, the certificate is
// one page.
func TestReview_PDFLayout(t *testing.T) {
	w := newCertWorld(t, sqldbtest.MustOpenSQLite(t))
	x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
	for name, change := range map[string]func(*assessment.RecognitionInput){
		"a title of 24 lines":        func(in *assessment.RecognitionInput) { in.SignerTitle = strings.Repeat("KT – ", 24) },
		"a title line too long":      func(in *assessment.RecognitionInput) { in.SignerTitle = "KT. " + strings.Repeat("BỘ TRƯỞNG ", 5) },
		"a line break in the title":  func(in *assessment.RecognitionInput) { in.SignerTitle = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG" },
		"a tab in the signer's name": func(in *assessment.RecognitionInput) { in.SignerName = "Nguyễn\tVăn An" },
		"a NUL in the number":        func(in *assessment.RecognitionInput) { in.DecisionNo = "125/QĐ\x00-BCT" },
		"an escape in the note":      func(in *assessment.RecognitionInput) { in.Note = "Ghi chú\x1b[2J" },
		"invalid UTF-8 in the name":  func(in *assessment.RecognitionInput) { in.SignerName = "Nguy\xe1n" },
		"a line separator":           func(in *assessment.RecognitionInput) { in.SignerName = "Nguyễn\u2028Văn An" },
	} {
		in := w.recognition(x.Version)
		change(&in)
		_, err := w.svc.Recognise(w.ministry, x.ID, in)
		if !fault.Is(err, fault.Invalid) || len(fault.FieldsOf(err)) == 0 {
			t.Errorf("%s: %v, want a 422 on the field", name, err)
			continue
		}
		for _, f := range fault.FieldsOf(err) {
			if f.Vi == "" || f.En == "" {
				t.Errorf("%s: field message %+v", name, f)
			}
		}
	}
	// A note may hold line breaks; reasons too, but no other control.
	_, err := w.svc.Revoke(w.ministry, 1, assessment.ReasonInput{Version: 1, Reason: "Vi phạm\x07 nghiêm trọng quy định."})
	wantCertKind(t, "a bell in a revocation's reason", err, fault.Invalid)
	_, err = w.svc.Decline(w.ministry, x.ID, assessment.ReasonInput{Version: x.Version, Reason: "Thiếu\xff bằng chứng ảnh."})
	wantCertKind(t, "invalid UTF-8 in a decline's reason", err, fault.Invalid)

	in := w.recognition(x.Version)
	in.SignerTitle = "KT. CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÀ RỊA – PHÓ CHỦ TỊCH THƯỜNG TRỰC ỦY BAN NHÂN – DÂN TỈNH BÀ RỊA VŨNG TÀU NHIỆM KỲ"
	in.SignerName = strings.Repeat("Nguyễn Văn ", 10) + "An"
	in.DecisionNo = strings.Repeat("1234567890", 5) + "/QĐ-BCT"
	in.Note = "Dòng một.\nDòng hai."
	c, err := w.svc.Recognise(w.ministry, x.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.Certificate(w.ministry, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The longest texts accepted, and what older rows or the registry may
	// hold: a title of many lines, a very long enterprise name.
	old := *d
	long := *old.Certificate
	long.EnterpriseName = strings.Repeat("Công ty Trách nhiệm hữu hạn Một thành viên Sản xuất Thương mại Dịch vụ ", 5) + "😀"
	long.SchemeName.Vi = strings.Repeat("Bộ tiêu chí đánh giá thực hành tốt ", 8)
	long.LevelName.Vi = strings.Repeat("Xuất sắc ", 20)
	old.Certificate, old.SignerTitle = &long, strings.Repeat("KT – ", 24)+"\nTHỨ\tTRƯỞNG"
	for name, cd := range map[string]*assessment.CertificateDetail{"the longest accepted": d, "older and longer": &old} {
		b, err := w.svc.RenderCertificate(cd, true)
		if err != nil {
			t.Fatal(err)
		}
		if n := pdfdoc.Pages(b); n != 1 || !bytes.Contains(b, []byte("/Count 1")) {
			t.Errorf("%s: the certificate has %d pages (%s)", name, n, countOf(b))
		}
	}
}

// R5: a credential whose record was altered after sealing verifies as
// genuine through the number form (the code path refuses it).
func TestReview_CredentialNumberSkipsSeal(t *testing.T) {
	w := newCertWorld(t, sqldbtest.MustOpenSQLite(t))
	ctx := context.Background()
	cp := seal.Payload{Kind: seal.KindCredential, Number: "P-2026-000007", Holder: "Lê Thị Hoa", Scheme: "kaizen", Level: "2",
		Issued: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}
	altered := cp
	altered.Level = "3"
	creds := func(_ context.Context, number string) (*assessment.PublicDocument, seal.Payload, error) {
		if number != cp.Number {
			return nil, seal.Payload{}, fault.New(fault.NotFound, "x", "x")
		}
		return &assessment.PublicDocument{Number: number, Holder: cp.Holder, LevelCode: "3", Status: assessment.CertValid}, altered, nil
	}
	if doc, err := w.svc.VerifyNumber(ctx, cp.Number, "198.51.100.2", creds); err == nil {
		t.Errorf("an altered credential by number reads genuine: level %s", doc.LevelCode)
	}
}

// R6: numbers are dense; when only failures counted, one address read
// every certificate, revoked ones with reason and signed code. Every
// look-up by number counts now (VerifyNumberLimit), and a number's answer
// never carries the signed code.
func TestReview_EnumerateByNumber(t *testing.T) {
	w := newCertWorld(t, sqldbtest.MustOpenSQLite(t))
	ctx := context.Background()
	const n = assessment.VerifyNumberLimit + 20
	var last *assessment.Certificate
	for i := range n {
		x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
		c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
		if err != nil {
			t.Fatal(err)
		}
		last = c
		if i%5 == 0 {
			if _, err := w.svc.Revoke(w.ministry, c.ID, assessment.ReasonInput{Version: c.Version, Reason: "Vi phạm nghiêm trọng quy định."}); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, revoked, codes, refused := 0, 0, 0, 0
	for i := 1; i <= n+5; i++ { // 5 misses at the end
		doc, err := w.svc.VerifyNumber(ctx, fmt.Sprintf("5S-2026-%06d", i), "203.0.113.50", nil)
		switch {
		case err == nil:
			got++
			if doc.Status == assessment.CertRevoked {
				revoked++
			}
			if doc.Code != "" {
				codes++
			}
		case fault.Is(err, fault.TooMany):
			refused++
		}
	}
	t.Logf("one address read %d certificates (%d revoked, %d with their signed code), %d refused", got, revoked, codes, refused)
	if got > assessment.VerifyNumberLimit {
		t.Errorf("one address enumerated %d certificates by sequential number (limit %d)", got, assessment.VerifyNumberLimit)
	}
	if codes != 0 {
		t.Errorf("%d answers by number carry the signed code", codes)
	}
	// The address can still verify a QR code.
	if _, err := w.svc.VerifyCode(ctx, last.Code, "203.0.113.50", nil); err != nil {
		t.Errorf("a genuine code past the numbers' limit: %v", err)
	}
}

// R7: a genuine QR scan from an address shared with a guesser (one NAT) is refused.
func TestReview_NATPunishesGenuine(t *testing.T) {
	w := newCertWorld(t, sqldbtest.MustOpenSQLite(t))
	ctx := context.Background()
	x := w.assessment(t, w.firm, assessment.ModeIndependent, assessment.StatusSubmitted, "tot")
	c, err := w.svc.Recognise(w.ministry, x.ID, w.recognition(x.Version))
	if err != nil {
		t.Fatal(err)
	}
	for i := range assessment.VerifyLimit {
		_, _ = w.svc.VerifyNumber(ctx, fmt.Sprintf("X-%d", i), "100.64.0.1", nil)
	}
	if _, err := w.svc.VerifyCode(ctx, c.Code, "100.64.0.1", nil); err != nil {
		t.Errorf("a genuine signed code from the same NAT: %v", err)
	}
}

// countOf is the page tree's /Count entry of a PDF, for messages.
func countOf(b []byte) string {
	i := bytes.Index(b, []byte("/Count "))
	if i < 0 {
		return "?"
	}
	return string(b[i:min(len(b), i+10)])
}
