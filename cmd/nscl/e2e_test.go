package main

// Real-browser tests: the platform runs in-process with the small demo data
// set and a headless Chromium signs in, clicks and types as people do. Every
// page a user can reach is visited by at least one of them, and every visit
// checks the browser console (no error, no uncaught exception, no CSP
// violation). Helpers are in e2e_helpers_test.go.
//
//	NSCL_E2E=1 go test ./cmd/nscl/ -run E2E -v -count=1
//
// Without Chromium the tests skip, unless NSCL_E2E=1 (CI), which makes that a
// failure; NSCL_CHROMIUM names another browser binary.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"nscl/internal/auth"
	"nscl/internal/demo"
)

// The navigation labels (internal/web/i18n.go).
const (
	navDashboard   = "Tổng quan"
	navAccount     = "Tài khoản"
	navJobs        = "Công việc nền"
	navUsers       = "Người dùng"
	navAudit       = "Nhật ký"
	navOutbox      = "Hộp thư đi"
	navSystem      = "Hệ thống"
	navQuality     = "Chất lượng (SPC)"
	navEnterprises = "Doanh nghiệp"
	navSettings    = "Thiết lập chương trình"
	navDiagnosis   = "Tự chẩn đoán"
	navNeeds       = "Nhu cầu tư vấn"
	navExperts     = "Chuyên gia & tổ chức"
	navTools       = "Công cụ & tiêu chuẩn"
	navProgramme   = "Chương trình"
	navCalls       = "Kêu gọi đề xuất"
	navActivities  = "Nhiệm vụ"
	navFigures     = "Số liệu chương trình"
	navQuestions   = "Bộ câu hỏi chẩn đoán"
	navPrivacy     = "Yêu cầu dữ liệu cá nhân"
	navAssessments = "Đánh giá"
	navCerts       = "Chứng nhận"
	navCertified   = "Tra cứu chứng nhận"
	navTraining    = "Đào tạo"
	navContests    = "Cuộc thi"
	navJudging     = "Chấm thi"
	navHonours     = "Vinh danh"
	navLibrary     = "Thư viện điển hình"
	navNews        = "Tin tức"
)

// TestE2E runs every real-browser scenario on one platform and one browser;
// each scenario is a subtest (-run 'E2E/PasswordReset' runs one) that needs
// no other to have run before it.
func TestE2E(t *testing.T) {
	env := newE2EEnv(t)
	start := time.Now()
	for _, sc := range []struct {
		name string
		fn   func(*testing.T, *e2eEnv)
	}{
		{"RolesNavigation", e2eRolesNavigation},
		{"LanguageSwitch", e2eLanguageSwitch},
		{"PasswordResetViaOutbox", e2ePasswordReset},
		{"EnrolTOTP", e2eEnrolTOTP},
		{"AdminPages", e2eAdminPages},
		{"AccountPages", e2eAccountPages},
		{"Phone360", e2ePhone360},
		{"Errors", e2eErrors},
		{"QualityWorkspace", e2eQualityWorkspace},
		{"Registry", e2eRegistry},
		{"EnterpriseFiles", e2eEnterpriseFiles},
		{"Catalog", e2eCatalog},
		{"Directory", e2eDirectory},
		{"Diagnosis", e2eDiagnosis},
		{"Matching", e2eMatching},
		{"ProgrammeSetup", e2eProgrammeSetup},
		{"Activities", e2eActivities},
		{"Execution", e2eExecution},
		{"Results", e2eResults},
		{"Dashboard", e2eDashboard},
		{"Schemes", e2eSchemes},
		{"Assessing", e2eAssessing},
		{"Findings", e2eFindings},
		{"Certificates", e2eCertificates},
		{"Training", e2eTraining},
		{"ContestSetup", e2eContestSetup},
		{"Judging", e2eJudging},
		{"Honours", e2eHonours},
		{"Portal", e2ePortal},
		{"Library", e2eLibrary},
		{"News", e2eNews},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.fn(t, env) })
	}
	t.Logf("browser scenarios took %s", time.Since(start).Round(time.Millisecond))
}

// e2eRolesNavigation signs in as each demo account (officials with their
// two-factor code), checks that the navigation shows exactly what the role
// may do, opens every link of it, and signs out.
func e2eRolesNavigation(t *testing.T, env *e2eEnv) {
	base := []string{navDashboard, navAccount, navJobs}
	officer := append(slices.Clone(base), navEnterprises, navQuality, navDiagnosis, navNeeds, navProgramme, navActivities, navAssessments, navCerts, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools)
	want := map[string][]string{
		"admin":      append(slices.Clone(officer), navUsers, navAudit, navSettings, navQuestions, navPrivacy, navOutbox, navSystem),
		"ministry":   append(slices.Clone(officer), navSettings, navQuestions, navSystem),
		"province":   officer,
		"province2":  officer,
		"enterprise": append(slices.Clone(base), navEnterprises, navQuality, navDiagnosis, navNeeds, navCalls, navActivities, navFigures, navAssessments, navCerts, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools),
		"expert":     append(slices.Clone(base), navNeeds, navCalls, navActivities, navFigures, navCertified, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools),
		"assessor":   append(slices.Clone(base), navCalls, navActivities, navFigures, navAssessments, navCertified, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools),
		"judge":      append(slices.Clone(base), navCalls, navFigures, navCertified, navTraining, navContests, navJudging, navHonours, navLibrary, navNews, navExperts, navTools),
	}
	for _, key := range []string{"admin", "ministry", "province", "province2", "enterprise", "expert", "assessor", "judge"} {
		t.Run(key, func(t *testing.T) {
			l := env.login(key)
			u := env.newUser(t, key)
			u.signInDemo(l)
			u.wantNav(want[key]...)
			u.waitShown(`nav.nav a[href="/account"]`, true) // the menu is open on a desktop screen
			if u.visible("details.nav-toggle > summary") {
				t.Errorf("%s: the ☰ menu button shows on a desktop screen", key)
			}
			u.wantText("details.user-menu > summary", l.Name)
			u.wantText(".page-header h1", "Tổng quan")
			u.wantContains("main", "Xin chào "+l.Name)

			// Every link of the navigation opens its page, marked current.
			for i, label := range u.nav() {
				sel := fmt.Sprintf("nav.nav li:nth-child(%d) a", i+1)
				href := u.attr(sel, "href")
				u.submit(sel, 200)
				u.wantPath(href)
				if got := u.text(`nav.nav a[aria-current="page"]`); got != label {
					t.Errorf("%s: on %s the current navigation item is %q, want %q", key, href, got, label)
				}
			}
			// Pages outside the role's navigation are refused.
			if !slices.Contains(want[key], navUsers) {
				u.open("/admin/users", 403)
			}
			if !slices.Contains(want[key], navSystem) {
				u.open("/admin/system", 403)
			}

			u.signOut("Đăng nhập", "Bạn đã đăng xuất.")
			u.wantNav("Trang chủ", navNews, navHonours, navLibrary, navContests, navExperts, navTools, navCalls, navFigures, navCertified, navTraining, "Đăng nhập")
			// The session is really over.
			u.open("/account", 200)
			u.wantPath("/login?next=%2Faccount")
		})
	}
}

// e2eLanguageSwitch switches to English with the top-bar switch, keeps it
// across signing out and in (it is saved on the account), and back.
func e2eLanguageSwitch(t *testing.T, env *e2eEnv) {
	l := env.login("expert")
	t.Cleanup(func() { e2eSetLang(t, env, l.Email, "vi") })
	u := env.newUser(t, "expert")
	u.signInDemo(l)
	u.wantNav(navDashboard, navAccount, navJobs, navNeeds, navCalls, navActivities, navFigures, navCertified, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools)
	if got := u.attr("html", "lang"); got != "vi" {
		t.Errorf("html lang %q, want vi", got)
	}

	// Switch on the account page: the switch comes back to the same page.
	u.submit(`nav.nav a[href="/account"]`, 200)
	u.submit(`form.lang-switch button[value="en"]`, 200)
	u.wantPath("/account")
	u.wantText("main h1", "My account")
	u.wantNav("Overview", "Account", "Background jobs", "Consulting needs", "Calls for proposals", "Activities", "Programme figures", "Certificate register", "Training", "Contests", "Honour roll", "Case library", "News", "Experts & organisations", "Tools & standards")
	if got := u.attr("html", "lang"); got != "en" {
		t.Errorf("html lang %q after switching, want en", got)
	}
	if got := u.attr(`form.lang-switch button[value="en"]`, "aria-pressed"); got != "true" {
		t.Errorf("EN button aria-pressed %q, want true", got)
	}
	u.wantContains("dl.kv", "English")

	// Signed out, the anonymous pages stay in English.
	u.signOut("Sign in", "You have signed out.")
	u.wantNav("Home", "News", "Honour roll", "Case library", "Contests", "Experts & organisations", "Tools & standards", "Calls for proposals", "Programme figures", "Certificate register", "Training", "Sign in")
	u.open("/login", 200)
	u.wantText("main h1", "Sign in")

	// Signed in again: still English, from the account.
	u.signInDemo(l)
	u.wantNav("Overview", "Account", "Background jobs", "Consulting needs", "Calls for proposals", "Activities", "Programme figures", "Certificate register", "Training", "Contests", "Honour roll", "Case library", "News", "Experts & organisations", "Tools & standards")
	u.wantText(".page-header h1", "Overview")
	u.wantContains("main", "Welcome, "+l.Name)

	// And back to Vietnamese.
	u.submit(`form.lang-switch button[value="vi"]`, 200)
	u.wantPath("/")
	u.wantNav(navDashboard, navAccount, navJobs, navNeeds, navCalls, navActivities, navFigures, navCertified, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools)
	if got := u.attr("html", "lang"); got != "vi" {
		t.Errorf("html lang %q after switching back, want vi", got)
	}
	u.signOut("Đăng nhập", "Bạn đã đăng xuất.")
}

// e2eSetLang sets a user's saved language directly (test clean-up).
func e2eSetLang(t *testing.T, env *e2eEnv, email, lang string) {
	u := env.user(t, email)
	if err := env.srv.app.auth.SetLanguage(auth.WithActor(context.Background(), u.Actor()), lang); err != nil {
		t.Errorf("restore the language of %s: %v", email, err)
	}
}

// e2ePasswordReset: a visitor asks for a reset link for the enterprise
// user, the administrator finds the mail in the outbox, the visitor follows
// the link, sets a new password and signs in with it.
func e2ePasswordReset(t *testing.T, env *e2eEnv) {
	ent := env.login("enterprise")
	t.Cleanup(func() { e2eSetPassword(t, env, ent.Email, demo.Password) })
	const newPassword = "DoanhNghiep@2026moi"

	anon := env.newUser(t, "visitor")
	anon.open("/login", 200)
	anon.submit(`a[href="/password/forgot"]`, 200)
	anon.wantPath("/password/forgot")
	anon.wantText("main h1", "Quên mật khẩu")
	// Empty email: an inline error.
	anon.submit(`form[action="/password/forgot"] button[type=submit]`, 422)
	anon.wantText("#email ~ .field-error", "Vui lòng nhập email.")
	anon.fill("#email", ent.Email)
	anon.submit(`form[action="/password/forgot"] button[type=submit]`, 200)
	anon.wantText("main h1", "Hãy kiểm tra hộp thư")

	admin := env.signedInAdmin(t)
	admin.submit(`nav.nav a[href="/admin/outbox"]`, 200)
	admin.wantText("main h1", "Hộp thư đi")
	admin.fill("#to", ent.Email)
	admin.submit(`form.filters button[type=submit]`, 200)
	admin.wantPath("/admin/outbox?to=" + url.QueryEscape(ent.Email))
	for _, to := range admin.texts("table.table tbody td:nth-child(2)") {
		if to != ent.Email {
			t.Errorf("outbox filtered on %s lists a message to %s", ent.Email, to)
		}
	}
	admin.wantText("table.table tbody tr:first-child td:nth-child(3)", "NSCL: đặt lại mật khẩu")
	admin.submit("table.table tbody tr:first-child td:nth-child(3) a", 200)
	admin.wantText(".page-header h1", "NSCL: đặt lại mật khẩu")
	admin.wantContains(".mail-body", "Kính gửi "+ent.Name)
	link := admin.attr(`.mail-body a[href*="/reset/"]`, "href")
	if !strings.HasPrefix(link, env.base+"/reset/") {
		t.Fatalf("the reset link %q does not point to the platform at %s", link, env.base)
	}

	anon.open(link, 200)
	anon.wantText("main h1", "Đặt mật khẩu mới")
	anon.fill("#password", newPassword)
	anon.fill("#password2", newPassword+"x")
	anon.submit(`form[action^="/reset/"] button[type=submit]`, 422)
	anon.wantText("#password2 ~ .field-error", "Hai mật khẩu không khớp.")
	anon.fill("#password", newPassword)
	anon.fill("#password2", newPassword)
	anon.submit(`form[action^="/reset/"] button[type=submit]`, 200)
	anon.wantPath("/login")
	anon.wantFlash("Đã đặt mật khẩu mới. Vui lòng đăng nhập.")

	// The old password is refused, the new one works.
	anon.fill("#email", ent.Email)
	anon.fill("#password", demo.Password)
	anon.submit(`form[action="/login"] button[type=submit]`, 401)
	anon.wantText(".flash-error", "Email hoặc mật khẩu không đúng.")
	anon.signIn(ent.Email, newPassword, "")
	anon.wantPath("/")
	anon.wantText("details.user-menu > summary", ent.Name)

	// The link works only once.
	anon.open(link, 200)
	anon.fill("#password", "KhacNua@2026nscl")
	anon.fill("#password2", "KhacNua@2026nscl")
	anon.submit(`form[action^="/reset/"] button[type=submit]`, 422)
	anon.waitVisible(".flash-error")
}

// e2eSetPassword sets a user's password directly (test clean-up).
func e2eSetPassword(t *testing.T, env *e2eEnv, email, password string) {
	u := env.user(t, email)
	in := auth.UserInput{Email: u.Email, Name: u.Name, Password: password, Role: u.Role, ProvinceCode: u.ProvinceCode,
		EnterpriseID: u.EnterpriseID, Lang: u.Lang, Disabled: u.Disabled}
	if _, err := env.srv.app.auth.UpdateUser(auth.SystemContext(context.Background()), u.ID, in); err != nil {
		t.Errorf("restore the password of %s: %v", email, err)
	}
}

// e2eEnrolTOTP: a new provincial officer must enrol in two-factor sign-in
// before anything else, reads the secret off the page, confirms a code,
// gets 10 recovery codes, and then signs in with a code and with a recovery
// code. Finally an administrator turns it off and the officer must enrol
// again.
func e2eEnrolTOTP(t *testing.T, env *e2eEnv) {
	const (
		email    = "canbo.e2e@soct.hanoi.gov.vn"
		name     = "Trần Thị Kiểm Thử"
		password = "CanBoSo@2026nscl"
	)
	if _, err := env.srv.app.auth.CreateUser(auth.SystemContext(context.Background()), auth.UserInput{
		Email: email, Name: name, Password: password, Role: auth.RoleProvince, ProvinceCode: "01", Lang: "vi",
	}); err != nil {
		t.Fatalf("create the officer: %v", err)
	}

	u := env.newUser(t, "officer")
	u.signIn(email, password, "")
	u.wantPath("/account/2fa")
	u.wantFlash("Vai trò của bạn bắt buộc dùng xác thực hai bước. Vui lòng bật trước khi tiếp tục.")
	u.wantNav("Xác thực hai bước")
	u.waitVisible(`.flash-info[role="status"]`)
	// Nothing else opens before enrolment.
	u.open("/jobs", 200)
	u.wantPath("/account/2fa")

	u.submit(`form[action="/account/2fa/start"] button[type=submit]`, 200)
	u.waitVisible(".qr img")
	if src := u.attr(".qr img", "src"); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Errorf("QR code src %.40q, want a PNG data URL", src)
	}
	secret := strings.Join(u.texts(".totp-secret span"), "")
	if !regexp.MustCompile(`^[A-Z2-7]{16,}$`).MatchString(secret) {
		t.Fatalf("secret on the page %q is not base32", secret)
	}
	// A wrong code: an error next to the field.
	u.fill("#code", e2eWrongCode(t, secret))
	u.submit(`form[action="/account/2fa/confirm"] button[type=submit]`, 422)
	if msg := u.text("#code ~ .field-error"); msg == "" {
		t.Errorf("no error next to the code field after a wrong code")
	}
	u.fill("#code", env.totpCode(t, email, secret))
	u.submit(`form[action="/account/2fa/confirm"] button[type=submit]`, 200)
	u.wantText("#codes-heading", "Mã khôi phục của bạn")
	codes := u.texts("ul.code-list li")
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown, want 10: %q", len(codes), codes)
	}
	u.submit(`.code-list ~ p a[href="/"]`, 200)
	u.wantPath("/")
	u.wantNav(navDashboard, navAccount, navJobs, navEnterprises, navQuality, navDiagnosis, navNeeds, navProgramme, navActivities, navAssessments, navCerts, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools)
	u.signOut("Đăng nhập", "Bạn đã đăng xuất.")

	// Password and a recovery code, which then is used up.
	u.signIn(email, password, "")
	u.wantPath("/login/2fa")
	u.wantText("main h1", "Nhập mã xác thực")
	u.enterCode(codes[0], 200)
	u.wantPath("/")
	u.open("/account/2fa", 200)
	u.wantContains("main", "Còn 9 mã khôi phục chưa dùng.")
	u.signOut("Đăng nhập", "Bạn đã đăng xuất.")

	// Password and a code from the app (the secret read off the page).
	u.signIn(email, password, secret)
	u.wantPath("/")
	u.wantText("details.user-menu > summary", name)
	u.signOut("Đăng nhập", "Bạn đã đăng xuất.")

	// A used recovery code is refused; another one works.
	u.signIn(email, password, "")
	u.enterCode(codes[0], 401)
	u.wantText("#code ~ .field-error", "Mã xác thực không đúng hoặc đã hết hạn.")
	u.enterCode(codes[1], 200)
	u.wantPath("/")

	// An administrator turns two-factor sign-in off (lost phone): the
	// officer is sent back to enrolment.
	admin := env.signedInAdmin(t)
	admin.submit(`nav.nav a[href="/admin/users"]`, 200)
	admin.fill("#q", email)
	admin.submit(`form.filters button[type=submit]`, 200)
	admin.wantText("table.table tbody tr:first-child td:nth-child(2)", email)
	admin.wantContains("table.table tbody tr:first-child", "2FA")
	admin.submit("table.table tbody tr:first-child td:first-child a", 200)
	admin.wantText(".page-header h1", "Sửa người dùng")
	admin.submit(`form[action$="/reset-2fa"] button[type=submit]`, 200)
	if d := admin.acceptedDialogs(); len(d) != 1 || !strings.Contains(d[0], "Tắt xác thực hai bước") {
		t.Errorf("confirm dialogs %q, want one asking to turn two-factor sign-in off", d)
	}
	admin.wantFlash("Đã tắt xác thực hai bước của người dùng; họ sẽ đăng ký lại khi đăng nhập.")
	admin.wantText("form.form ~ .section .badge", "Chưa bật")

	u.open("/jobs", 200)
	u.wantPath("/account/2fa")
	u.wantNav("Xác thực hai bước")
}

// e2eWrongCode returns a 6-digit code that is not valid for secret now.
func e2eWrongCode(t *testing.T, secret string) string {
	valid := map[string]bool{}
	for _, d := range []time.Duration{-time.Minute, -30 * time.Second, 0, 30 * time.Second, time.Minute} {
		c, err := totp.GenerateCode(secret, time.Now().Add(d))
		if err != nil {
			t.Fatal(err)
		}
		valid[c] = true
	}
	for _, c := range []string{"000000", "111111", "222222"} {
		if !valid[c] {
			return c
		}
	}
	return "333333"
}

// e2eAdminPages: the administrator's pages: users (search, create with an
// inline error first, edit), the audit log (filter, bad date, export to
// Excel and its job page with live progress, the download), background
// jobs, the outbox and one message, system status, and the API reference.
func e2eAdminPages(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	admin := env.signedInAdmin(t)

	// Users: search.
	ent := env.login("enterprise")
	admin.submit(`nav.nav a[href="/admin/users"]`, 200)
	admin.wantText("main h1", "Người dùng")
	if n := len(admin.texts("table.table tbody tr")); n < 8 {
		t.Errorf("the user list shows %d users, want at least the 8 demo sign-ins", n)
	}
	admin.fill("#q", ent.Email)
	admin.submit(`form.filters button[type=submit]`, 200)
	if got := admin.texts("table.table tbody td:nth-child(2)"); !slices.Equal(got, []string{ent.Email}) {
		t.Errorf("search for %s lists %q", ent.Email, got)
	}
	admin.fill("#q", "khong-ai-co-email-nay")
	admin.submit(`form.filters button[type=submit]`, 200)
	admin.wantText(".empty", "Không có người dùng nào phù hợp.")

	// Create: a bad email first, then right.
	const (
		newEmail = "thunghiem.e2e@nscl.demo"
		newName  = "Lê Văn Thử Nghiệm"
		newPass  = "ThuNghiem@2026nscl"
		editName = "Lê Văn Đã Sửa"
	)
	admin.submit(`.page-header a[href="/admin/users/new"]`, 200)
	admin.wantText("main h1", "Thêm người dùng")
	admin.fill("#email", "khong-phai-email")
	admin.fill("#name", newName)
	admin.choose("#role", "expert")
	admin.fill("#password", newPass)
	admin.submit(`form[action="/admin/users"] button[type=submit]`, 422)
	admin.wantContains(".flash-error", "Dữ liệu chưa hợp lệ")
	if msg := admin.text(".field.has-error #email ~ .field-error"); msg == "" {
		t.Errorf("no error next to the email field")
	}
	if v := e2eEval[string](admin, `document.querySelector('#name').value`); v != newName {
		t.Errorf("the form lost the typed name: %q", v)
	}
	admin.fill("#email", newEmail)
	admin.fill("#password", newPass) // never sent back
	admin.submit(`form[action="/admin/users"] button[type=submit]`, 200)
	if p := admin.path(); !regexp.MustCompile(`^/admin/users/\d+$`).MatchString(p) {
		t.Fatalf("after creating a user the page is %s", p)
	}
	admin.wantFlash("Đã tạo người dùng.")
	admin.wantText("main h1", "Sửa người dùng")

	// Edit.
	admin.fill("#name", editName)
	admin.submit(`form.form button[type=submit]`, 200)
	admin.wantFlash("Đã lưu thay đổi.")
	admin.wantText(`.breadcrumbs [aria-current="page"]`, editName)
	admin.submit(`.breadcrumbs a[href="/admin/users"]`, 200)
	admin.fill("#q", newEmail)
	admin.submit(`form.filters button[type=submit]`, 200)
	admin.wantText("table.table tbody tr:first-child td:first-child", editName)

	// Audit log: a bad date, then a filter.
	admin.submit(`nav.nav a[href="/admin/audit"]`, 200)
	admin.wantText("main h1", "Nhật ký hệ thống")
	admin.fill("#from", "31/02/2026")
	admin.submit(`form.filters button[type=submit]`, 422)
	admin.wantText("#from ~ .field-error", "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.")
	admin.fill("#from", "")
	admin.fill("#action", "user.create")
	admin.submit(`form.filters button[type=submit]`, 200)
	actions := admin.texts("table.table tbody td:nth-child(3)")
	if len(actions) == 0 {
		t.Errorf("no user.create entries in the audit log")
	}
	for _, a := range actions {
		if !strings.HasPrefix(a, "user.create") {
			t.Errorf("audit filtered on user.create lists %q", a)
		}
	}

	// Export to Excel: a job page whose progress htmx polls until done.
	admin.submit(`form[action="/admin/audit/export"] button[type=submit]`, 200)
	jobPath := admin.path()
	if !regexp.MustCompile(`^/jobs/\d+$`).MatchString(jobPath) {
		t.Fatalf("the export led to %s, want a job page", jobPath)
	}
	admin.wantFlash("Đã bắt đầu xuất dữ liệu; trang này cập nhật tiến độ.")
	admin.waitVisible(`#job-progress a[href$="/result"]`)
	admin.wantText("#job-progress .badge", "Hoàn thành")
	admin.wantText("#job-progress p.muted", "100%")
	if v := e2eEval[float64](admin, `document.querySelector('#job-progress progress').value`); v != 100 {
		t.Errorf("progress bar at %v, want 100", v)
	}
	if polling := e2eEval[bool](admin, `document.querySelector('#job-progress').hasAttribute('hx-get')`); polling {
		t.Errorf("the finished job's progress still polls")
	}
	href := admin.attr(`#job-progress a[href$="/result"]`, "href")
	if href != jobPath+"/result" {
		t.Errorf("download link %q, want %s/result", href, jobPath)
	}
	type download struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		Magic       []int  `json:"magic"`
		Size        int    `json:"size"`
	}
	dl := e2eEval[download](admin, `fetch(`+fmt.Sprintf("%q", href)+`).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		return {status: r.status, type: r.headers.get('content-type') || '', disposition: r.headers.get('content-disposition') || '',
			magic: Array.from(b.slice(0, 2)), size: b.length};
	})`)
	if dl.Status != 200 || dl.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.HasPrefix(dl.Disposition, "attachment;") || !strings.Contains(dl.Disposition, ".xlsx") ||
		!slices.Equal(dl.Magic, []int{'P', 'K'}) || dl.Size < 1000 {
		t.Errorf("the download is %+v, want a 200 .xlsx attachment (a zip file)", dl)
	}

	// Background jobs: the export is listed, with its owner.
	admin.submit(`nav.nav a[href="/jobs"]`, 200)
	admin.wantText("main h1", "Công việc nền")
	admin.waitVisible(`table.table a[href="` + jobPath + `"]`)
	admin.wantContains("table.table tbody tr:first-child", env.login("admin").Email)
	admin.submit(`table.table a[href="`+jobPath+`"]`, 200)
	admin.wantPath(jobPath)
	admin.waitVisible(`#job-progress a[href$="/result"]`)

	// Outbox and one message (a reset mail for the judge, so that the
	// outbox is not empty whatever ran before).
	judge := env.login("judge")
	if err := env.srv.app.auth.RequestPasswordReset(auth.SystemContext(ctx), judge.Email, "10.99.0.1"); err != nil {
		t.Fatal(err)
	}
	admin.submit(`nav.nav a[href="/admin/outbox"]`, 200)
	admin.wantText("main h1", "Hộp thư đi")
	admin.wantText("table.table tbody tr:first-child td:nth-child(2)", judge.Email)
	admin.wantText("table.table tbody tr:first-child .badge", "Chỉ lưu")
	admin.submit("table.table tbody tr:first-child td:nth-child(3) a", 200)
	admin.wantContains("dl.kv", judge.Email)
	admin.waitVisible(`.mail-body a[href*="/reset/"]`)
	admin.submit(`.breadcrumbs a[href="/admin/outbox"]`, 200)

	// System status.
	admin.submit(`nav.nav a[href="/admin/system"]`, 200)
	admin.wantText("main h1", "Tình trạng hệ thống")
	admin.wantContains("dl.kv", "sqlite")
	if oks := admin.texts("dl.kv .badge-ok"); len(oks) != 2 {
		t.Errorf("system status badges OK: %q, want migrations and job queue", oks)
	}

	// API reference.
	admin.open("/api/docs", 200)
	admin.wantContains("main h1", "Tài liệu API")
	admin.wantContains("main", "/api/v1/me")
}

// e2eAccountPages: the enterprise user's account: a wrong current password,
// a personal API token (shown once, usable, revoked after a confirm
// dialog), and the two-factor page.
func e2eAccountPages(t *testing.T, env *e2eEnv) {
	ent := env.login("enterprise")
	u := env.newUser(t, "enterprise")
	u.signInDemo(ent)
	u.click("details.user-menu > summary")
	u.submit(`details.user-menu a[href="/account"]`, 200)
	u.wantText("main h1", "Tài khoản của tôi")
	u.wantContains("dl.kv", ent.Email)
	u.wantContains("dl.kv", ent.Name)
	if ent.Scope != "" {
		u.wantContains("dl.kv", ent.Scope)
	}

	// Change password with a wrong current password.
	u.fill("#current", "KhongDung@2026")
	u.fill("#password", "MatKhauMoi@2026nscl")
	u.fill("#password2", "MatKhauMoi@2026nscl")
	u.submit(`form[action="/account/password"] button[type=submit]`, 422)
	u.wantText("#current ~ .field-error", "Mật khẩu hiện tại không đúng.")
	u.wantContains("#pw-heading ~ .flash-error", "Dữ liệu chưa hợp lệ")

	// A token: an empty name first, then one.
	u.submit(`form[action="/account/tokens"] button[type=submit]`, 422)
	if msg := u.text("#token-name ~ .field-error"); msg == "" {
		t.Errorf("no error next to the token name")
	}
	u.fill("#token-name", "Tích hợp ERP")
	u.submit(`form[action="/account/tokens"] button[type=submit]`, 200)
	u.wantText("#new-token", "Mã truy cập mới")
	secret := u.text("code.token-secret")
	if !strings.HasPrefix(secret, auth.TokenPrefix) {
		t.Fatalf("token secret %q does not start with %s", secret, auth.TokenPrefix)
	}
	u.wantText("#tokens tbody tr:first-child td:first-child", "Tích hợp ERP")
	u.wantText("#tokens tbody tr:first-child .badge", "Đang dùng")
	if code := e2eAPIStatus(t, env, secret); code != http.StatusOK {
		t.Errorf("GET /api/v1/me with the new token: %d, want 200", code)
	}
	// Shown once: not after a reload.
	u.open("/account", 200)
	if s := u.texts("code.token-secret"); len(s) != 0 {
		t.Errorf("the token secret is shown again: %q", s)
	}

	// Revoke, after the confirm dialog.
	u.submit(`#tokens tbody tr:first-child form[action$="/revoke"] button`, 200)
	if d := u.acceptedDialogs(); len(d) != 1 || !strings.Contains(d[0], "Thu hồi mã truy cập này?") {
		t.Errorf("confirm dialogs %q, want one asking to revoke the token", d)
	}
	u.wantPath("/account")
	u.wantFlash("Đã thu hồi mã truy cập.")
	u.wantText("#tokens tbody tr:first-child .badge", "Đã thu hồi")
	if code := e2eAPIStatus(t, env, secret); code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with the revoked token: %d, want 401", code)
	}

	// Two-factor page: off, and optional for this role.
	u.submit(`a.btn[href="/account/2fa"]`, 200)
	u.wantText("main h1", "Xác thực hai bước")
	u.wantText("main .badge", "Chưa bật")
	u.waitVisible(`form[action="/account/2fa/start"] button`)
	if r := u.texts(".flash-info"); len(r) != 0 {
		t.Errorf("an enterprise user is told two-factor is required: %q", r)
	}
	u.signOut("Đăng nhập", "Bạn đã đăng xuất.")
}

// e2eAPIStatus calls GET /api/v1/me with a personal token.
func e2eAPIStatus(t *testing.T, env *e2eEnv, token string) int {
	req, err := http.NewRequest("GET", env.base+"/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := (&http.Client{Timeout: e2eStep}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// e2ePhone360: on a 360×740 phone screen nothing scrolls sideways (the
// sign-in page, the dashboard, the account page with a token table, and the
// administrator's tables), and the navigation folds behind the "☰ Menu"
// button.
func e2ePhone360(t *testing.T, env *e2eEnv) {
	phone := chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)
	noOverflow := func(u *e2eUser, where string) {
		t.Helper()
		type size struct{ Inner, Scroll int }
		s := e2eEval[size](u, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`)
		if s.Scroll > 360 || s.Inner != 360 {
			// Name the elements that stick out, innermost first.
			wide := e2eEval[[]string](u, `Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 361)
				.filter(e => !Array.from(e.children).some(c => c.getBoundingClientRect().right > 361)).slice(0, 5)
				.map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().split(/\s+/).join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')`)
			t.Errorf("%s: the page is %d px wide (window %d px) on a 360 px screen: it scrolls sideways; sticking out: %q",
				where, s.Scroll, s.Inner, wide)
		}
	}
	menu := func(u *e2eUser, where string, first string) {
		t.Helper()
		u.waitVisible("details.nav-toggle > summary")
		u.wantContains("details.nav-toggle > summary", "☰")
		u.waitShown("nav.nav a", false)
		u.click("details.nav-toggle > summary")
		u.waitShown("nav.nav a", true)
		if got := u.nav(); len(got) == 0 || got[0] != first {
			t.Errorf("%s: the opened menu shows %q", where, got)
		}
		noOverflow(u, where+" with the menu open")
	}

	u := env.newUser(t, "phone")
	u.do("phone screen", phone)
	u.open("/login", 200)
	noOverflow(u, "login page")
	menu(u, "login page", "Trang chủ")

	// The assessor, with a personal token so that the account page has its
	// token table.
	l := env.login("assessor")
	a := env.user(t, l.Email).Actor()
	if _, _, err := env.srv.app.auth.CreateToken(auth.WithActor(context.Background(), a), "Điện thoại", nil); err != nil {
		t.Fatal(err)
	}
	u.signInDemo(l)
	noOverflow(u, "dashboard")
	menu(u, "dashboard", navDashboard)
	u.submit(`nav.nav a[href="/account"]`, 200)
	u.waitVisible("#tokens table")
	noOverflow(u, "account page")
	u.waitShown("nav.nav a", false) // a new page starts with the menu folded

	// The administrator's wide tables scroll inside their box.
	admin := env.signedInAdmin(t)
	admin.do("phone screen", phone)
	// Back to the desktop screen of the shared browser (ResetViewport
	// would leave the touch emulation on, and the menu folded).
	defer admin.do("desktop screen", chromedp.EmulateViewport(1280, 900))
	for _, p := range []string{"/admin/users", "/admin/audit", "/admin/outbox", "/jobs", "/admin/system", "/admin/users/new"} {
		admin.open(p, 200)
		noOverflow(admin, p)
	}
}

// e2eErrors: the 404 page in both languages, a wrong sign-in, and the 403
// page for a page the role may not open.
func e2eErrors(t *testing.T, env *e2eEnv) {
	anon := env.newUser(t, "visitor")
	anon.open("/khong-co-trang-nay", 404)
	anon.wantText(".error-code", "404")
	anon.wantText(`.error-page section[lang="vi"] h1`, "Không tìm thấy trang")
	anon.wantText(`.error-page section[lang="vi"] p`, "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.")
	anon.wantText(`.error-page section[lang="en"] h2`, "Page not found")
	anon.wantText(`.error-page section[lang="en"] p`, "The page you are looking for does not exist or has moved.")
	anon.submit(`.error-page a[href="/"]`, 200)
	anon.waitVisible(`main a.btn-primary[href="/login"]`)

	// A wrong sign-in: a message, and the typed email kept.
	anon.open("/login", 200)
	anon.fill("#email", "khong-co-ai@nscl.demo")
	anon.fill("#password", "SaiMatKhau@2026")
	anon.submit(`form[action="/login"] button[type=submit]`, 401)
	anon.wantText(".flash-error", "Email hoặc mật khẩu không đúng.")
	if v := e2eEval[string](anon, `document.querySelector('#email').value`); v != "khong-co-ai@nscl.demo" {
		t.Errorf("the login form lost the typed email: %q", v)
	}

	u := env.newUser(t, "enterprise")
	u.signInDemo(env.login("enterprise"))
	u.open("/admin/users", 403)
	u.wantText(".error-code", "403")
	u.wantText(`.error-page section[lang="vi"] h1`, "Không có quyền truy cập")
	u.wantText(`.error-page section[lang="en"] h2`, "Access denied")
	u.wantNav(navDashboard, navAccount, navJobs, navEnterprises, navQuality, navDiagnosis, navNeeds, navCalls, navActivities, navFigures, navAssessments, navCerts, navTraining, navContests, navHonours, navLibrary, navNews, navExperts, navTools)
	u.open("/jobs/999999", 404)
	u.wantText(".error-code", "404")
}
