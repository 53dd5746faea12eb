package main

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/assessment"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// e2eCertificates drives recognition, certificates, the public verification
// and register in the browser: the ministry officer opens the certificates
// from the menu, picks a submitted independent assessment awaiting
// recognition (its assessor's accreditation shown), is refused a decision
// dated tomorrow next to the field, recognises it and lands on the new
// certificate with its QR code, and downloads its PDF. An anonymous visitor
// opens the certificate's verification link (valid, in green), then looks
// it up by its number; a code with one character changed and a made-up code
// get the one not-found answer. The officer revokes the certificate (a
// reason too short is refused first); the visitor's page now shows the
// revocation with its date and reason. The visitor searches the public
// register without diacritics and follows a row to its verification page,
// reads the page in English, and checks /verify on a 360 px phone. A
// practitioner's credential verifies on the same page, by code and number.
func e2eCertificates(t *testing.T, env *e2eEnv) {
	today := vn.Date(time.Now())
	m := env.newUser(t, "cert-ministry")
	m.signInDemo(env.login("ministry"))

	// The list, from the menu, with the assessments awaiting recognition.
	m.submit(`nav.nav a[href="/certificates"]`, 200)
	m.wantText(".page-header h1", "Giấy chứng nhận đã cấp")
	if rows := m.texts(".cert-table tbody tr"); len(rows) == 0 {
		t.Fatal("the ministry sees no certificate")
	}
	firm := m.text(".cert-awaiting-table tbody tr td")
	m.submit(".cert-awaiting-table tbody tr a.btn", 200)
	m.wantText(".page-header h1", "Xét công nhận kết quả đánh giá")
	m.wantContains(".cert-case", firm)
	// The assessor's accreditation on the scheme, with its validity.
	m.wantContains(".cert-accreditation", "hiệu lực từ")

	// A decision dated tomorrow is refused next to its field.
	m.fill("#decision_no", "215/QĐ-BCT")
	m.fill("#decision_date", vn.Date(time.Now().AddDate(0, 0, 1)))
	m.fill("#signer_name", "Lê Quang Hưng")
	m.submit(".cert-recognise-submit", 422)
	m.wantText(".field.has-error .field-error", "Ngày quyết định không được ở tương lai.")
	m.fill("#decision_date", today)
	m.submit(".cert-recognise-submit", 200)
	number := m.text(".cert-number")
	m.wantFlash("Đã công nhận và cấp giấy chứng nhận số " + number + ".")
	if !strings.HasPrefix(m.path(), "/certificates/") {
		t.Fatalf("after recognition at %s", m.path())
	}
	m.wantText(".cert-holder", firm)
	m.wantContains(".cert-status", "Còn hiệu lực")
	m.wantContains(".cert-facts", "Bộ Công Thương")
	if w := e2eEval[int](m, `(i => i.complete ? i.naturalWidth : -1)(document.querySelector('.cert-qr img'))`); w <= 0 {
		t.Errorf("the QR image did not load: width %d", w)
	}
	pdf := e2eEval[string](m, `fetch(document.querySelector('a.cert-pdf').href).then(r => r.arrayBuffer().then(b =>
		r.status + ' ' + r.headers.get('content-type') + ' ' + String.fromCharCode(...new Uint8Array(b).slice(0, 5)) + ' ' + b.byteLength))`)
	if f := strings.Fields(pdf); len(f) != 4 || f[0] != "200" || f[1] != "application/pdf" || f[2] != "%PDF-" {
		t.Errorf("the PDF download: %q", pdf)
	}
	link := m.attr(".cert-verify-link", "href")
	if !strings.HasPrefix(link, "/verify/") {
		t.Fatalf("the verification link is %q", link)
	}

	// An anonymous visitor verifies it by the QR code's link and by number.
	v := env.newUser(t, "cert-visitor")
	v.open(link, 200)
	v.wantText(".cert-result-status", "Còn hiệu lực")
	v.wantText(".cert-holder", firm)
	v.wantText(".cert-number", number)
	v.wantText(".cert-seal", "Giấy chứng nhận thật, do NSCL cấp")
	v.open("/verify", 200)
	v.fill("#q", strings.ToLower(number))
	v.submit(".cert-verify-submit", 200)
	v.wantText(".cert-number", number)
	// A pasted link goes to the code's page.
	v.fill("#q", env.base+link)
	v.submit(".cert-verify-submit", 200)
	v.wantPath(link)

	// A code altered by one character, and a made-up one: the same answer.
	code := strings.TrimPrefix(link, "/verify/")
	i := len(code) / 3
	alt := byte('A')
	if code[i] == 'A' {
		alt = 'B'
	}
	v.open("/verify/"+code[:i]+string(alt)+code[i+1:], 404)
	notFound := v.text(".cert-not-found")
	if notFound != "Không tìm thấy giấy chứng nhận hoặc chứng chỉ hợp lệ nào khớp với thông tin đã nhập." {
		t.Errorf("the not-found answer: %q", notFound)
	}
	v.open("/verify/djF8eHh4eHh4eHh8Q3w1Uy0yMDI2LTAwMDAwMQ.bm90IGEgc2lnbmF0dXJl", 404)
	v.wantText(".cert-not-found", notFound)
	v.open("/verify?q="+url.QueryEscape("5S-1999-999999"), 404)
	v.wantText(".cert-not-found", notFound)

	// The officer revokes it; a reason too short is refused first. (An
	// empty textarea has no text for fill to clear: its value is set.)
	setText := func(u *e2eUser, sel, v string) {
		u.do("set "+sel, chromedp.SetValue(chromedp.CSS(sel), v, chromedp.NodeVisible))
	}
	setText(m, "#reason", "Sai")
	m.submit(".cert-revoke button[type=submit]", 422)
	m.wantText(".cert-revoke .field-error", "Nêu lý do rõ ràng, ít nhất 10 ký tự.")
	reason := "Kiểm tra đột xuất: doanh nghiệp không duy trì 5S tại xưởng chính."
	setText(m, "#reason", reason)
	m.submit(".cert-revoke button[type=submit]", 200)
	m.wantFlash("Đã thu hồi giấy chứng nhận.")
	m.wantContains(".cert-status", "Đã thu hồi")
	if got := m.acceptedDialogs(); len(got) == 0 || !strings.Contains(got[len(got)-1], "Thu hồi giấy chứng nhận này?") {
		t.Errorf("the revocation was not confirmed: %q", got)
	}
	v.open(link, 200)
	v.wantText(".cert-result-status", "Đã bị thu hồi ngày "+today)
	v.wantText(".cert-revoked-reason", reason)

	// The public register, searched without diacritics.
	valid, _, err := env.srv.app.db.Assessment().FindCertificates(context.Background(),
		assessment.CertificateFilter{State: assessment.StateValid, Limit: 1})
	if err != nil || len(valid) == 0 {
		t.Fatalf("no valid certificate in the demo: %v", err)
	}
	holder := valid[0].EnterpriseName
	v.open("/", 200)
	v.submit(`nav.nav a[href="/certified"]`, 200)
	v.wantText(".page-header h1", "Danh sách doanh nghiệp có giấy chứng nhận còn hiệu lực")
	if v.attr("a.cert-criteria", "href") != "/schemes" {
		t.Error("the register does not link the criteria")
	}
	v.fill("#f-q", vn.Fold(holder))
	v.submit(".cert-filters button[type=submit]", 200)
	v.wantText(".cert-register-row .cert-holder", holder)
	validLink := v.attr(".cert-register-row a.cert-register-link", "href")
	v.submit(".cert-register-row a.cert-register-link", 200)
	v.wantText(".cert-result-status", "Còn hiệu lực")
	v.wantText(".cert-holder", holder)

	// A practitioner's credential verifies on the same page.
	tctx := context.Background()
	creds, _, err := env.srv.app.db.Training().FindCredentials(tctx, training.CredentialFilter{Status: training.CredValid, On: time.Now(), Limit: 1})
	if err != nil || len(creds) == 0 {
		t.Fatalf("no valid credential in the demo: %v", err)
	}
	cred, err := env.srv.app.db.Training().FindCredentialByNumber(tctx, creds[0].Number)
	if err != nil || cred.Code == "" {
		t.Fatalf("credential %s: %v (code %q)", creds[0].Number, err, cred.Code)
	}
	v.open("/verify/"+cred.Code, 200)
	v.wantText(".cert-seal", "Chứng chỉ thật, do NSCL cấp")
	v.wantText(".cert-holder", cred.HolderName)
	v.wantText(".cert-result-status", "Còn hiệu lực")
	v.open("/verify?q="+url.QueryEscape(cred.Number), 200)
	v.wantText(".cert-number", cred.Number)
	v.open(validLink, 200)

	// In English.
	v.submit(`form.lang-switch button[value="en"]`, 200)
	v.wantText(".page-header h1", "Verify a certificate or credential")
	v.wantText(".cert-result-status", "Valid")
	v.wantText(".cert-seal", "A genuine certificate issued through NSCL")
	v.submit(`form.lang-switch button[value="vi"]`, 200)

	// /verify on a 360 px phone: nothing scrolls sideways, the answer
	// included.
	p := env.newUser(t, "cert-phone")
	p.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, path := range []string{"/verify", "/certified", link} {
		p.open(path, 200)
		if w := e2eEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", path, w)
		}
	}
	p.wantText(".cert-result-status", "Đã bị thu hồi ngày "+today)
}
