package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/seal"
	"nscl/internal/vn"
)

// e2eTraining drives training and the assessors' accreditations in the
// browser: the ministry officer creates a course (a curriculum without
// modules refused next to it) and a session of two places in Hà Nội and
// opens it; the enterprise user finds it on /training and enrols two
// staff, the third refused because the session is full; the officer
// starts the session, records attendance and results (a score of 101
// refused next to it), completes it: one credential, one participant who
// missed attendance without; downloads the credential's PDF; its code
// verifies and matches the register (through the service: the public
// /verify page is the certificates area's). The officer grants an
// assessor an accreditation and renews it (a date before the current
// expiry refused). The assessor finds it; the enterprise user finds its
// practitioners and their XLSX; an anonymous visitor reads the
// catalogue, the session and the list of sessions; the enterprise user's
// /training in English; /training, a session and the credentials on a
// 360 px phone.
func e2eTraining(t *testing.T, env *e2eEnv) {
	today := vn.Date(time.Now())
	m := env.newUser(t, "training-ministry")
	m.signInDemo(env.login("ministry"))

	// A course, from the menu.
	m.submit(`nav.nav a[href="/training"]`, 200)
	m.wantText(".page-header h1", "Đào tạo")
	m.wantContains(".training-courses", "Kaizen – cải tiến liên tục")
	m.submit(`.page-header a[href="/training/courses/new"]`, 200)
	m.choose("#tool", "kaizen")
	m.choose("#level", "2")
	m.fill("#title", "Kaizen cho tổ trưởng sản xuất")
	e2eType(m, "#summary", "Khóa học thử nghiệm của Vụ Khoa học và Công nghệ.")
	m.submit(`form.training-course-form button[type=submit]`, 422)
	m.wantContains("#modules .field-error", "Vui lòng nhập ít nhất một học phần")
	m.fill(`.training-module-grid tbody tr:nth-child(1) input[name=module_title]`, "Tư duy Kaizen và lãng phí")
	m.fill(`.training-module-grid tbody tr:nth-child(1) input[name=module_hours]`, "4")
	m.fill(`.training-module-grid tbody tr:nth-child(2) input[name=module_title]`, "Thực hành tại xưởng")
	m.fill(`.training-module-grid tbody tr:nth-child(2) input[name=module_hours]`, "4")
	m.fill("#pass_mark", "70")
	m.fill("#min_attendance_pct", "80")
	m.fill("#validity_months", "36")
	m.submit(`form.training-course-form button[type=submit]`, 200)
	m.wantFlash("Đã tạo khóa học.")
	m.wantText(".page-header h1", "Kaizen cho tổ trưởng sản xuất")
	m.wantContains(".training-modules tfoot", "8")
	coursePath := m.path()

	// A session of two places, today, in Hà Nội.
	m.submit(`.page-header a[href^="/training/sessions/new?course="]`, 200)
	m.fill("#starts_on", today)
	m.fill("#ends_on", today)
	m.fill("#place", "Trung tâm Khuyến công Hà Nội, 25 Hàng Bài")
	m.choose("#province_code", "01")
	m.fill("#trainer_name", "ThS. Nguyễn Thị Minh Hòa")
	m.fill("#capacity", "2")
	m.submit(`form.training-session-form button[type=submit]`, 200)
	m.wantFlash("Đã tạo lớp. Mở nhận đăng ký khi sẵn sàng.")
	m.submit(".training-open", 200)
	m.wantFlash("Lớp đã mở nhận đăng ký.")
	m.wantText(".training-session-status", "Đang nhận đăng ký")
	sessionPath := m.path()
	sessionID := strings.TrimPrefix(sessionPath, "/training/sessions/")
	// The edit form opens for an open session.
	m.submit(`.page-header a[href="`+sessionPath+`/edit"]`, 200)
	m.wantContains(".page-header h1", "Kaizen cho tổ trưởng sản xuất")
	m.open(sessionPath, 200)

	// The enterprise user enrols two staff; the third is refused.
	e := env.newUser(t, "training-enterprise")
	e.signInDemo(env.login("enterprise"))
	e.submit(`nav.nav a[href="/training"]`, 200)
	e.submit(`#session-`+sessionID+` a`, 200)
	for _, p := range []struct{ name, email string }{{"Trần Văn Hùng", "hung.tv@cokhi.vn"}, {"Lê Thị Mai", "mai.lt@cokhi.vn"}} {
		e.fill("#full_name", p.name)
		e.fill("#email", p.email)
		e.fill("#job_title", "Tổ trưởng")
		e.submit(".training-enrol-submit", 200)
		e.wantFlash("Đã ghi danh " + p.name + ".")
	}
	e.fill("#full_name", "Phạm Văn Sau")
	e.fill("#email", "sau.pv@cokhi.vn")
	e.submit(".training-enrol-submit", 409)
	e.wantContains(".training-enrol .flash-error", "Lớp đã đủ 2 học viên.")
	if got := e.texts(".training-roster tbody tr"); len(got) != 2 {
		t.Errorf("the enterprise sees %d participants, want its 2", len(got))
	}

	// The officer starts the session, records the results, completes it.
	m.open(sessionPath, 200)
	m.submit(".training-start", 200)
	m.wantFlash("Lớp đã bắt đầu: có thể ghi điểm danh và kết quả.")
	ids := e2eEval[[]string](m, `Array.from(document.querySelectorAll('.training-roster tbody tr'), r => r.id.replace('enrolment-', ''))`)
	if len(ids) != 2 {
		t.Fatalf("roster ids %q", ids)
	}
	m.fill(`input[name="hours-`+ids[0]+`"]`, "8")
	m.fill(`input[name="score-`+ids[0]+`"]`, "101")
	m.fill(`input[name="hours-`+ids[1]+`"]`, "4")
	m.fill(`input[name="score-`+ids[1]+`"]`, "90")
	m.submit(".training-save-results", 422)
	m.wantText(`#enrolment-`+ids[0]+` .field-error`, "Điểm bài kiểm tra từ 0 đến 100.")
	m.fill(`input[name="score-`+ids[0]+`"]`, "85")
	m.submit(".training-save-results", 200)
	m.wantFlash("Đã lưu điểm danh và kết quả.")
	m.wantContains(`#enrolment-`+ids[0], "Đủ điều kiện cấp chứng chỉ")
	m.wantContains(`#enrolment-`+ids[1], "Chưa đủ chuyên cần")
	m.submit(".training-complete", 200)
	m.wantFlash("Đã kết thúc lớp: cấp 1 chứng chỉ; 1 học viên không đạt.")
	m.wantText(".training-session-status", "Đã kết thúc")
	if got := m.texts(".training-credential-link"); len(got) != 1 {
		t.Fatalf("%d credential links, want 1", len(got))
	}

	// The credential: its page, its PDF, its code.
	m.submit(".training-credential-link", 200)
	m.wantText(".training-holder", "Trần Văn Hùng")
	m.wantText(".training-credential-status", "Còn hiệu lực")
	number := strings.TrimSpace(strings.TrimPrefix(m.text(".page-header h1"), "Chứng chỉ"))
	if !strings.HasPrefix(number, fmt.Sprintf("TH-KAIZEN-%d-", time.Now().In(vn.Zone).Year())) {
		t.Errorf("credential number %q", number)
	}
	pdf := m.attr(".training-pdf", "href")
	if got := e2eEval[string](m, `fetch(`+strconv.Quote(pdf)+`).then(function(r){return r.status+' '+r.headers.get('content-type');})`); got != "200 application/pdf" {
		t.Errorf("GET %s: %s", pdf, got)
	}
	code := strings.TrimPrefix(m.attr(".training-verify-link", "href"), "/verify/")
	signer, err := env.srv.app.signer()
	if err != nil || signer == nil {
		t.Fatalf("no signing key: %v", err)
	}
	sealed, err := seal.NewKeyring(signer.Public()).Verify(code)
	if err != nil {
		t.Fatalf("the credential's code does not verify: %v", err)
	}
	pub, err := env.srv.app.training.CredentialForVerify(context.Background(), sealed.Number)
	if err != nil || !sealed.Same(pub.Sealed) || pub.Status != "valid" || pub.HolderName != "Trần Văn Hùng" || sealed.Number != number {
		t.Errorf("verify: %+v against %+v, %v", sealed, pub, err)
	}
	m.submit(`.training-tabs a[href="/credentials"]`, 200)
	m.wantContains(".training-credentials", number)

	// An accreditation: granted, then renewed (not to before its expiry).
	accountID := env.user(t, "danhgia0007@nscl.demo").ID
	sc, err := env.srv.app.db.Assessment().FindSchemeByCode(context.Background(), "kaizen-lean-tpm")
	if err != nil {
		t.Fatalf("no Kaizen–Lean–TPM scheme: %v", err)
	}
	m.submit(`.training-tabs a[href="/accreditations"]`, 200)
	m.wantText(".page-header h1", "Đánh giá viên được công nhận")
	m.submit(`.page-header a[href="/accreditations/new"]`, 200)
	m.choose("#user_id", fmt.Sprint(int64(accountID)))
	m.choose("#scheme_id", fmt.Sprint(int64(sc.ID)))
	m.fill("#granted_on", today)
	m.submit(`form.accr-form button[type=submit]`, 200)
	m.wantContains(".flash", "Đã công nhận đánh giá viên")
	m.wantText(".accr-status", "Còn hiệu lực")
	expiry := m.text(".accr-expires")
	m.click(".training-actions details:first-of-type summary")
	m.fill("#renew-expires", vn.Date(time.Now().AddDate(1, 0, 0)))
	m.submit("form.accr-renew button[type=submit]", 422)
	m.wantContains(".field:has(#renew-expires) .field-error", "Ngày hết hạn mới phải sau "+expiry)
	newExpiry := vn.Date(time.Now().AddDate(6, 0, 0))
	m.fill("#renew-expires", newExpiry)
	m.submit("form.accr-renew button[type=submit]", 200)
	m.wantFlash("Đã gia hạn công nhận.")
	m.wantText(".accr-expires", newExpiry)
	if got := m.texts(".accr-history tbody tr"); len(got) != 2 || !strings.Contains(got[1], expiry+" → "+newExpiry) {
		t.Errorf("history %q", got)
	}

	// The assessor finds their accreditations.
	as := env.newUser(t, "training-assessor")
	as.signInDemo(env.login("assessor"))
	as.submit(`nav.nav a[href="/training"]`, 200)
	as.wantContains(".training-own-accr", "Thực hành tốt 5S")
	as.submit(`.training-tabs a[href="/accreditations"]`, 200)
	as.wantText(".page-header h1", "Công nhận đánh giá viên của bạn")
	if got := as.texts(".training-accreditations tbody tr"); len(got) < 3 {
		t.Errorf("the demo assessor has %d accreditations listed", len(got))
	}

	// The enterprise's practitioners and their spreadsheet.
	e.open("/training", 200)
	e.submit(`.training-tabs a[href^="/practitioners"]`, 200)
	if got := e.texts(".training-practitioners tbody tr"); len(got) < 5 {
		t.Errorf("the demo enterprise has %d practitioners listed", len(got))
	}
	e2eWantXLSX(e, `.page-header a.xlsx-link`, "/practitioners.xlsx?enterprise=")
	e.submit(`.training-tabs a[href="/credentials"]`, 200)
	e.wantContains(".training-credentials", number)

	// An anonymous visitor reads the catalogue, a course and the sessions.
	v := env.newUser(t, "training-visitor")
	v.open("/training", 200)
	v.wantContains(".training-courses", "Kaizen cho tổ trưởng sản xuất")
	if v.visible(`.page-header a[href="/training/courses/new"]`) {
		t.Error("an anonymous visitor sees the course button")
	}
	v.choose("#f-tool", "5s")
	v.submit(`form.training-filters button[type=submit]`, 200)
	if v.visible("#course-" + strings.TrimPrefix(coursePath, "/training/courses/")) {
		t.Error("the Kaizen course is listed under the 5S filter")
	}
	v.open(coursePath, 200)
	v.wantContains(".training-modules", "Thực hành tại xưởng")
	v.open(sessionPath, 200)
	if v.visible(".training-roster") || v.visible(".training-start") {
		t.Error("an anonymous visitor sees the roster or an action")
	}
	v.open("/training/sessions?province=01", 200)
	v.wantContains(".training-sessions-table", "Kaizen cho tổ trưởng sản xuất")

	// English.
	entLogin := env.login("enterprise")
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })
	e.open("/training", 200)
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantText(".page-header h1", "Training")
	e.wantText("#upcoming", "Upcoming sessions")
	e.submit(`form.lang-switch button[value="vi"]`, 200)

	// A phone: nothing scrolls sideways.
	for _, c := range []struct {
		u     *e2eUser
		paths []string
	}{{v, []string{"/training", sessionPath}}, {e, []string{"/training", "/credentials", sessionPath}}} {
		c.u.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		for _, p := range c.paths {
			c.u.open(p, 200)
			if w := e2eEval[int](c.u, `document.documentElement.scrollWidth`); w > 360 {
				t.Errorf("%s is %d px wide on a 360 px screen", p, w)
			}
		}
	}
}
