package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// scenario is one HTTP request and what the response must hold.
type scenario struct {
	name     string
	as       string // "" anonymous, or a key of the env's signed-in clients
	method   string
	path     string
	form     url.Values
	header   []string
	status   int
	location string   // for redirects: the Location prefix
	want     []string // substrings of the body
	notWant  []string
}

// run runs the scenarios in order with the given clients.
func runScenarios(t *testing.T, e *env, clients map[string]*client, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			c := clients[sc.as]
			if c == nil {
				t.Fatalf("no client %q", sc.as)
			}
			method := sc.method
			if method == "" {
				method = http.MethodGet
			}
			res := c.Do(method, sc.path, sc.form, sc.header...)
			if res.Status != sc.status {
				t.Fatalf("%s %s: status %d, want %d; location %q; body:\n%s", method, sc.path, res.Status, sc.status, res.Location, res.Body)
			}
			if sc.location != "" && !strings.HasPrefix(res.Location, sc.location) {
				t.Errorf("Location=%q, want prefix %q", res.Location, sc.location)
			}
			for _, w := range sc.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("body lacks %q; body:\n%s", w, res.Body)
				}
			}
			for _, w := range sc.notWant {
				if strings.Contains(res.Body, w) {
					t.Errorf("body has %q", w)
				}
			}
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				assertCSPSafe(t, res.Body)
			}
		})
	}
}

// MustSignInRoles creates one user per role and returns signed-in clients keyed by
// role name, plus "" for an anonymous visitor.
func (e *env) MustSignInRoles() map[string]*client {
	e.t.Helper()
	ent := e.MustCreateEnterprise("0100109106", "Công ty TNHH Cơ khí Thử nghiệm")
	users := map[string]auth.UserInput{
		"admin":      {Email: "admin@nscl.test", Name: "Quản Trị Viên", Role: auth.RoleAdmin},
		"ministry":   {Email: "bo@nscl.test", Name: "Cán Bộ Bộ", Role: auth.RoleMinistry},
		"province":   {Email: "so@nscl.test", Name: "Cán Bộ Sở", Role: auth.RoleProvince, ProvinceCode: "01"},
		"enterprise": {Email: "dn@nscl.test", Name: "Đại Diện Doanh Nghiệp", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)},
		"expert":     {Email: "cg@nscl.test", Name: "Chuyên Gia", Role: auth.RoleExpert},
	}
	clients := map[string]*client{"": e.NewClient()}
	for key, in := range users {
		_, secret := e.MustCreateUser(in, false)
		c := e.NewClient()
		c.MustLogin(in.Email, secret)
		clients[key] = c
	}
	return clients
}

func TestPages_Scenarios(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	clients := e.MustSignInRoles()
	runScenarios(t, e, clients, []scenario{
		{name: "HomeAnonymous", path: "/", status: 200,
			want:    []string{"1322/QĐ-TTg", "Bộ Công Thương", `href="/login"`, "Trang chủ", "Đăng nhập"},
			notWant: []string{`href="/admin/`, `href="/account"`}},
		{name: "HomeAdmin", as: "admin", path: "/", status: 200,
			want: []string{"Tổng quan", "Quản Trị Viên", `href="/admin/users"`, `href="/admin/audit"`, `href="/admin/outbox"`, `href="/admin/system"`, `href="/jobs"`}},
		{name: "HomeEnterprise", as: "enterprise", path: "/", status: 200,
			want: []string{"Đại Diện Doanh Nghiệp", `href="/account"`, `href="/jobs"`}, notWant: []string{`href="/admin/`}},
		{name: "HomeMinistrySeesSystemOnly", as: "ministry", path: "/", status: 200,
			want: []string{`href="/admin/system"`}, notWant: []string{`href="/admin/users"`, `href="/admin/audit"`}},
		{name: "AccountAnonymousRedirects", path: "/account", status: 303, location: "/login?next=%2Faccount"},
		{name: "AdminUsersAnonymousRedirects", path: "/admin/users?q=a", status: 303, location: "/login?next=%2Fadmin%2Fusers%3Fq%3Da"},
		{name: "AdminUsersEnterpriseForbidden", as: "enterprise", path: "/admin/users", status: 403,
			want: []string{"403", "Không có quyền truy cập", "Access denied"}},
		{name: "AdminUsersNewEnterpriseForbidden", as: "enterprise", path: "/admin/users/new", status: 403},
		{name: "AuditExpertForbidden", as: "expert", path: "/admin/audit", status: 403},
		{name: "OutboxProvinceForbidden", as: "province", path: "/admin/outbox", status: 403},
		{name: "SystemEnterpriseForbidden", as: "enterprise", path: "/admin/system", status: 403},
		{name: "SystemMinistry", as: "ministry", path: "/admin/system", status: 200, want: []string{"sqlite", "Bình thường", "0 ngày 1 giờ 30 phút"}},
		{name: "SystemAdmin", as: "admin", path: "/admin/system", status: 200, want: []string{"Tình trạng hệ thống"}},
		{name: "AccountEnterprise", as: "enterprise", path: "/account", status: 200,
			want: []string{"dn@nscl.test", "Đại diện doanh nghiệp", "Công ty TNHH Cơ khí Thử nghiệm", "0100109106", "Mã truy cập API cá nhân"}},
		{name: "AccountProvince", as: "province", path: "/account", status: 200, want: []string{"Cán bộ Sở Công Thương", "Hà Nội"}},
		{name: "UsersList", as: "admin", path: "/admin/users", status: 200, want: []string{"dn@nscl.test", "so@nscl.test", "Thêm người dùng"}},
		{name: "UsersFilterRole", as: "admin", path: "/admin/users?role=province", status: 200, want: []string{"so@nscl.test"}, notWant: []string{"dn@nscl.test"}},
		{name: "UsersSearch", as: "admin", path: "/admin/users?q=bo%40nscl", status: 200, want: []string{"bo@nscl.test"}, notWant: []string{"dn@nscl.test"}},
		{name: "UserNew", as: "admin", path: "/admin/users/new", status: 200, want: []string{`name="email"`, "Thành phố Hà Nội", "Cán bộ Sở Công Thương"}},
		{name: "UserEditUnknown", as: "admin", path: "/admin/users/999999", status: 404},
		{name: "UserEditBadID", as: "admin", path: "/admin/users/abc", status: 404},
		{name: "Audit", as: "admin", path: "/admin/audit", status: 200, want: []string{"auth.login", "admin@nscl.test", "Xuất Excel", "<details"}},
		{name: "AuditFilterAction", as: "admin", path: "/admin/audit?action=user.", status: 200, want: []string{"user.create"}, notWant: []string{">auth.login<"}},
		{name: "AuditBadDate", as: "admin", path: "/admin/audit?from=32%2F13%2F2026", status: 422, want: []string{"Ngày không hợp lệ"}},
		{name: "AuditExportBadDate", as: "admin", method: "POST", path: "/admin/audit/export", form: url.Values{"from": {"hôm qua"}},
			status: 303, location: "/admin/audit?"},
		{name: "AuditExportBadDateShown", as: "admin", path: "/admin/audit?from=h%C3%B4m+qua", status: 422,
			want: []string{"Dữ liệu chưa hợp lệ", `value="hôm qua"`}},
		{name: "AuditExportExpertForbidden", as: "expert", method: "POST", path: "/admin/audit/export", form: url.Values{}, status: 403},
		{name: "Outbox", as: "admin", path: "/admin/outbox", status: 200, want: []string{"Hộp thư đi"}},
		{name: "OutboxUnknown", as: "admin", path: "/admin/outbox/424242", status: 404},
		{name: "Jobs", as: "enterprise", path: "/jobs", status: 200, want: []string{"Chưa có công việc nào."}},
		{name: "JobUnknown", as: "enterprise", path: "/jobs/424242", status: 404},
		{name: "NotFoundVietnameseFirst", path: "/no-such-page", status: 404,
			want: []string{`<html lang="vi">`, "Không tìm thấy trang", "Page not found"}},
		{name: "NotFoundSignedIn", as: "admin", path: "/admin/nope", status: 404, want: []string{"Không tìm thấy trang"}},
		{name: "NotFoundUnknownMethodPath", method: "POST", path: "/nope", form: url.Values{}, status: 404},
		{name: "TwoFactorPageEnabled", as: "admin", path: "/account/2fa", status: 200, want: []string{"Đang bật", "Còn 2 mã khôi phục"}},
		{name: "LoginWhenSignedIn", as: "admin", path: "/login", status: 303, location: "/"},
		{name: "Login2FAWithoutPending", path: "/login/2fa", status: 303, location: "/login"},
		{name: "ForgotPage", path: "/password/forgot", status: 200, want: []string{`name="email"`}},
		{name: "ResetPage", path: "/reset/sometoken", status: 200, want: []string{`action="/reset/sometoken"`}},
		{name: "ResetBadToken", method: "POST", path: "/reset/sometoken", form: url.Values{"password": {"Mat-khau-moi-1"}, "password2": {"Mat-khau-moi-1"}},
			status: 422, want: []string{"Liên kết đặt lại mật khẩu không hợp lệ"}},
		{name: "LangBadValue", method: "POST", path: "/lang", form: url.Values{"lang": {"fr"}}, status: 400},
		{name: "LangNoOpenRedirect", method: "POST", path: "/lang", form: url.Values{"lang": {"vi"}, "next": {"//evil.example/x"}}, status: 303, location: "/"},
		{name: "LangNoOpenRedirectScheme", method: "POST", path: "/lang", form: url.Values{"lang": {"vi"}, "next": {"https://evil.example/"}}, status: 303, location: "/"},
		{name: "HTMX401", path: "/jobs/1/progress", header: []string{"HX-Request", "true"}, status: 401},
		{name: "HTMX404Fragment", as: "admin", path: "/jobs/424242/progress", header: []string{"HX-Request", "true"}, status: 404,
			want: []string{`class="flash flash-error"`}, notWant: []string{"<html"}},
	})
}

func TestPages_RequestProblems(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	c := e.NewClient()
	big := url.Values{"email": {strings.Repeat("a", 70<<10)}}
	if res := c.Post("/login", big); res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: status %d, want 413", res.Status)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader("email=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed form: status %d, want 400", res.StatusCode)
	}
	hx := c.Do(http.MethodGet, "/jobs/1/progress", nil, "HX-Request", "true")
	if got := hx.Header.Get("HX-Redirect"); got != "/login?next=%2Fjobs%2F1%2Fprogress" {
		t.Errorf("htmx 401: HX-Redirect=%q", got)
	}
}

func TestError_InternalShowsOnlyRequestID(t *testing.T) {
	t.Parallel()
	h := MustNewBareHandler(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	h.Error(rec, req, errors.New("database password is hunter2"))
	if got, want := rec.Code, http.StatusInternalServerError; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	body := rec.Body.String()
	if strings.Contains(body, "hunter2") {
		t.Fatal("the internal error leaks into the page")
	}
	for _, w := range []string{"Lỗi hệ thống", "Internal error", "Mã yêu cầu"} {
		if !strings.Contains(body, w) {
			t.Errorf("500 page lacks %q", w)
		}
	}
	for _, tc := range []struct {
		err    error
		status int
		want   string
	}{
		{fault.New(fault.Conflict, "Đã tồn tại.", "Exists."), 409, "Đã tồn tại."},
		{fault.New(fault.TooMany, "Chậm lại.", "Slow down."), 429, "Slow down."},
		{fault.New(fault.Invalid, "Sai.", "Wrong."), 422, "Sai."},
		{&http.MaxBytesError{Limit: 10}, 413, "Nội dung gửi lên quá lớn"},
	} {
		rec := httptest.NewRecorder()
		h.Error(rec, httptest.NewRequest(http.MethodPost, "/x", nil), tc.err)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("Error(%v): status %d, want %d with %q", tc.err, rec.Code, tc.status, tc.want)
		}
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	ent := e.MustCreateEnterprise("0100109106", "Công ty A")
	e.MustCreateUser(auth.UserInput{Email: "dn@nscl.test", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)}, false)
	e.MustCreateUser(auth.UserInput{Email: "off@nscl.test", Role: auth.RoleExpert, Disabled: true}, false)
	clients := map[string]*client{"": e.NewClient()}
	runScenarios(t, e, clients, []scenario{
		{name: "Page", path: "/login", status: 200, want: []string{`name="email"`, `name="password"`, `type="password"`, `href="/password/forgot"`}},
		{name: "WrongPassword", method: "POST", path: "/login", form: url.Values{"email": {"dn@nscl.test"}, "password": {"sai-mat-khau-1"}},
			status: 401, want: []string{"Email hoặc mật khẩu không đúng.", `value="dn@nscl.test"`}, notWant: []string{"sai-mat-khau-1"}},
		{name: "UnknownEmail", method: "POST", path: "/login", form: url.Values{"email": {"ai@nscl.test"}, "password": {"x"}},
			status: 401, want: []string{"Email hoặc mật khẩu không đúng."}},
		{name: "Disabled", method: "POST", path: "/login", form: url.Values{"email": {"off@nscl.test"}, "password": {testPassword}},
			status: 403, want: []string{"Tài khoản đã bị vô hiệu hóa"}},
		{name: "NextIsKeptOnError", path: "/login?next=%2Faccount", status: 200, want: []string{`name="next" value="/account"`}},
		{name: "OpenRedirectRefused", path: "/login?next=%2F%2Fevil.example", status: 200, want: []string{`name="next" value="/"`}},
		{name: "OK", method: "POST", path: "/login", form: url.Values{"email": {"DN@nscl.test "}, "password": {testPassword}, "next": {"/account"}},
			status: 303, location: "/account"},
		{name: "SignedIn", path: "/account", status: 200, want: []string{"dn@nscl.test"}},
		{name: "Logout", method: "POST", path: "/logout", form: url.Values{}, status: 303, location: "/"},
		{name: "LoggedOutFlash", path: "/", status: 200, want: []string{"Bạn đã đăng xuất.", "1322/QĐ-TTg"}},
		{name: "LoggedOut", path: "/account", status: 303, location: "/login"},
		{name: "OKExternalNext", method: "POST", path: "/login", form: url.Values{"email": {"dn@nscl.test"}, "password": {testPassword}, "next": {"https://evil.example/"}},
			status: 303, location: "/"},
	})
}

func TestLogin_Lockout(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	e.MustCreateUser(auth.UserInput{Email: "cg@nscl.test", Role: auth.RoleExpert}, false)
	c := e.NewClient()
	var res *response
	for i := 0; i < auth.MaxFailedLogins; i++ {
		res = c.Post("/login", url.Values{"email": {"cg@nscl.test"}, "password": {"sai-mat-khau-1"}})
	}
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Body, "Tài khoản tạm khóa do đăng nhập sai nhiều lần") {
		t.Fatalf("after %d failures: status %d, body:\n%s", auth.MaxFailedLogins, res.Status, res.Body)
	}
	if !regexp.MustCompile(`thử lại sau \d\d:\d\d`).MatchString(res.Body) {
		t.Error("the lockout message does not say until when")
	}
	// Even the right password waits for the lock to end.
	res = c.Post("/login", url.Values{"email": {"cg@nscl.test"}, "password": {testPassword}})
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("right password while locked: status %d, want 429", res.Status)
	}
}

func TestPasswordReset_EndToEnd(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	_, secret := e.MustCreateUser(auth.UserInput{Email: "admin@nscl.test", Role: auth.RoleAdmin}, false)
	e.MustCreateUser(auth.UserInput{Email: "cg@nscl.test", Role: auth.RoleExpert}, false)
	anon := e.NewClient()

	res := anon.Post("/password/forgot", url.Values{"email": {"cg@nscl.test"}})
	if res.Status != 200 || !strings.Contains(res.Body, "Nếu tài khoản tồn tại") {
		t.Fatalf("forgot: status %d; body:\n%s", res.Status, res.Body)
	}
	unknown := anon.Post("/password/forgot", url.Values{"email": {"khongco@nscl.test"}})
	if unknown.Status != 200 || !strings.Contains(unknown.Body, "Nếu tài khoản tồn tại") {
		t.Fatalf("forgot unknown: status %d", unknown.Status)
	}
	if res := anon.Post("/password/forgot", url.Values{"email": {""}}); res.Status != 422 || !strings.Contains(res.Body, "Vui lòng nhập email.") {
		t.Fatalf("forgot empty: status %d", res.Status)
	}

	admin := e.NewClient()
	admin.MustLogin("admin@nscl.test", secret)
	outbox := admin.Get("/admin/outbox")
	if !strings.Contains(outbox.Body, "NSCL: đặt lại mật khẩu") || !strings.Contains(outbox.Body, "cg@nscl.test") {
		t.Fatalf("outbox lacks the reset mail:\n%s", outbox.Body)
	}
	var msgPath string
	for _, l := range links(outbox.Body) {
		if regexp.MustCompile(`^/admin/outbox/\d+$`).MatchString(l) {
			msgPath = l
		}
	}
	if msgPath == "" {
		t.Fatal("no link to the message")
	}
	msg := admin.Get(msgPath)
	var resetURL string
	for _, l := range links(msg.Body) {
		if strings.Contains(l, "/reset/") {
			resetURL = l
		}
	}
	if resetURL == "" {
		t.Fatalf("the message has no clickable reset link:\n%s", msg.Body)
	}
	u, err := url.Parse(resetURL)
	if err != nil || u.Host != strings.TrimPrefix(e.srv.URL, "http://") {
		t.Fatalf("reset link %q is not on the site", resetURL)
	}

	if res := anon.Get(u.Path); res.Status != 200 || !strings.Contains(res.Body, `name="password2"`) {
		t.Fatalf("reset page: status %d", res.Status)
	}
	res = anon.Post(u.Path, url.Values{"password": {"Mat-khau-moi-2026"}, "password2": {"Mat-khau-khac-2026"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Hai mật khẩu không khớp.") {
		t.Fatalf("mismatch: status %d; body:\n%s", res.Status, res.Body)
	}
	res = anon.Post(u.Path, url.Values{"password": {"ngan"}, "password2": {"ngan"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Mật khẩu cần ít nhất 10 ký tự.") {
		t.Fatalf("short: status %d; body:\n%s", res.Status, res.Body)
	}
	res = anon.Post(u.Path, url.Values{"password": {"Mat-khau-moi-2026"}, "password2": {"Mat-khau-moi-2026"}})
	if res.Status != 303 || res.Location != "/login" {
		t.Fatalf("reset: status %d location %q", res.Status, res.Location)
	}
	if res := anon.Follow(res); !strings.Contains(res.Body, "Đã đặt mật khẩu mới.") {
		t.Error("no flash after the reset")
	}
	res = anon.Post("/login", url.Values{"email": {"cg@nscl.test"}, "password": {"Mat-khau-moi-2026"}})
	if res.Status != 303 || res.Location != "/" {
		t.Fatalf("login with the new password: status %d", res.Status)
	}
	// The link works once.
	again := e.NewClient().Post(u.Path, url.Values{"password": {"Mat-khau-ba-2026"}, "password2": {"Mat-khau-ba-2026"}})
	if again.Status != 422 {
		t.Fatalf("second use of the link: status %d, want 422", again.Status)
	}
}

var secretRE = regexp.MustCompile(`(?s)<p class="mono totp-secret">(.*?)</p>`)

func TestTOTP_EnrolAndSignIn(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	e.MustCreateUser(auth.UserInput{Email: "bo@nscl.test", Role: auth.RoleMinistry}, true)
	c := e.NewClient()

	res := c.Post("/login", url.Values{"email": {"bo@nscl.test"}, "password": {testPassword}, "next": {"/admin/system"}})
	if res.Status != 303 || res.Location != "/account/2fa" {
		t.Fatalf("login without 2FA: status %d location %q", res.Status, res.Location)
	}
	page := c.Follow(res)
	if !strings.Contains(page.Body, "bắt buộc dùng xác thực hai bước") || !strings.Contains(page.Body, `action="/account/2fa/start"`) {
		t.Fatalf("enrolment page:\n%s", page.Body)
	}
	// Until enrolled, every other page leads back to enrolment.
	for _, p := range []string{"/", "/admin/system", "/account", "/jobs", "/no-such-page"} {
		if res := c.Get(p); res.Status != 303 || res.Location != "/account/2fa" {
			t.Errorf("GET %s before enrolment: status %d location %q", p, res.Status, res.Location)
		}
	}
	if res := c.Post("/account/tokens", url.Values{"name": {"x"}}); res.Status != 303 || res.Location != "/account/2fa" {
		t.Errorf("POST /account/tokens before enrolment: status %d", res.Status)
	}
	if res := c.Get("/static/app.js"); res.Status != 200 {
		t.Errorf("static before enrolment: %d", res.Status)
	}

	res = c.Post("/account/2fa/start", url.Values{})
	if res.Status != 303 {
		t.Fatalf("start: status %d", res.Status)
	}
	page = c.Follow(res)
	if !strings.Contains(page.Body, `src="data:image/png;base64,`) {
		t.Fatalf("no QR image:\n%s", page.Body)
	}
	m := secretRE.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no secret for manual entry")
	}
	secret := regexp.MustCompile(`<[^>]+>|\s`).ReplaceAllString(m[1], "")
	if len(secret) < 16 {
		t.Fatalf("secret %q too short", secret)
	}

	res = c.Post("/account/2fa/confirm", url.Values{"code": {"000000"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Mã không đúng.") || !strings.Contains(res.Body, "data:image/png;base64,") {
		t.Fatalf("wrong code: status %d", res.Status)
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	res = c.Post("/account/2fa/confirm", url.Values{"code": {code}})
	if res.Status != 200 {
		t.Fatalf("confirm: status %d; body:\n%s", res.Status, res.Body)
	}
	codes := regexp.MustCompile(`<li>([^<]+)</li>`).FindAllStringSubmatch(
		regexp.MustCompile(`(?s)<ul class="code-list[^"]*">(.*?)</ul>`).FindString(res.Body), -1)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown, want 10", len(codes))
	}
	if got := c.Get("/account/2fa"); strings.Contains(got.Body, codes[0][1]) {
		t.Error("the recovery codes are shown again")
	}
	if res := c.Get("/admin/system"); res.Status != 200 {
		t.Fatalf("system page after enrolment: %d", res.Status)
	}

	// Sign in again with a code from the app…
	c.Post("/logout", url.Values{})
	res = c.Post("/login", url.Values{"email": {"bo@nscl.test"}, "password": {testPassword}, "next": {"/admin/system"}})
	if res.Status != 303 || res.Location != "/login/2fa?next=%2Fadmin%2Fsystem" {
		t.Fatalf("login: status %d location %q", res.Status, res.Location)
	}
	if res := c.Get("/account"); res.Status != 303 {
		t.Fatalf("half signed-in reaches /account: %d", res.Status)
	}
	if res := c.Get(res.Location); res.Status != 200 || !strings.Contains(res.Body, `name="code"`) {
		t.Fatalf("2fa page: %d", res.Status)
	}
	if res := c.Post("/login/2fa", url.Values{"code": {"123456"}, "next": {"/admin/system"}}); res.Status != 401 || !strings.Contains(res.Body, "Mã xác thực không đúng") {
		t.Fatalf("wrong code: status %d", res.Status)
	}
	// The enrolment used this step's code, and a code works once: the
	// app's next code (one step of drift is allowed).
	code, _ = totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	res = c.Post("/login/2fa", url.Values{"code": {code}, "next": {"/admin/system"}})
	if res.Status != 303 || res.Location != "/admin/system" {
		t.Fatalf("2fa: status %d location %q", res.Status, res.Location)
	}
	// …and with a recovery code.
	c.Post("/logout", url.Values{})
	c.Post("/login", url.Values{"email": {"bo@nscl.test"}, "password": {testPassword}})
	res = c.Post("/login/2fa", url.Values{"code": {codes[3][1]}})
	if res.Status != 303 || res.Location != "/" {
		t.Fatalf("recovery code: status %d; body:\n%s", res.Status, res.Body)
	}
	if res := c.Get("/account/2fa"); !strings.Contains(res.Body, "Còn 9 mã khôi phục") {
		t.Error("codes left not 9")
	}
}

func TestLanguage_PersistsForUser(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	e.MustCreateUser(auth.UserInput{Email: "cg@nscl.test", Role: auth.RoleExpert}, false)

	anon := e.NewClient()
	if res := anon.Get("/nope"); !strings.Contains(res.Body, `<html lang="vi">`) {
		t.Fatal("default language is not Vietnamese")
	}
	res := anon.Post("/lang", url.Values{"lang": {"en"}, "next": {"/nope?x=1"}})
	if res.Status != 303 || res.Location != "/nope?x=1" {
		t.Fatalf("lang: status %d location %q", res.Status, res.Location)
	}
	notFound := anon.Get("/nope")
	if notFound.Status != 404 || !strings.Contains(notFound.Body, `<html lang="en">`) {
		t.Fatalf("anonymous English 404: status %d", notFound.Status)
	}
	if i, j := strings.Index(notFound.Body, "Page not found"), strings.Index(notFound.Body, "Không tìm thấy trang"); i < 0 || j < 0 || i > j {
		t.Error("the English 404 does not show English first")
	}

	c := e.NewClient()
	c.MustLogin("cg@nscl.test", "")
	if res := c.Get("/account"); !strings.Contains(res.Body, "Tài khoản của tôi") {
		t.Fatal("a new user does not read Vietnamese")
	}
	res = c.Post("/lang", url.Values{"lang": {"en"}, "next": {"/account"}})
	if res.Status != 303 || res.Location != "/account" {
		t.Fatalf("lang: status %d", res.Status)
	}
	if res := c.Get("/account"); !strings.Contains(res.Body, "My account") || !strings.Contains(res.Body, `<html lang="en">`) {
		t.Fatal("the account page is not in English")
	}
	res = c.Follow(c.Post("/logout", url.Values{}))
	if !strings.Contains(res.Body, "You have signed out.") {
		t.Error("the page after sign-out is not in English")
	}
	// A fresh browser: the account remembers English.
	c2 := e.NewClient()
	page := c2.MustLogin("cg@nscl.test", "")
	if !strings.Contains(page.Body, `<html lang="en">`) || !strings.Contains(page.Body, "Overview") {
		t.Fatalf("after signing in again the page is not in English:\n%s", page.Body)
	}
	c2.Post("/lang", url.Values{"lang": {"vi"}, "next": {"/"}})
	if res := c2.Get("/"); !strings.Contains(res.Body, "Tổng quan") {
		t.Fatal("switching back to Vietnamese failed")
	}
}

func TestAdminUsers_CreateAndEdit(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	_, secret := e.MustCreateUser(auth.UserInput{Email: "admin@nscl.test", Role: auth.RoleAdmin}, false)
	ent := e.MustCreateEnterprise("0100109106", "Công ty B")
	c := e.NewClient()
	c.MustLogin("admin@nscl.test", secret)

	res := c.Post("/admin/users", url.Values{"email": {"khong-hop-le"}, "name": {""}, "role": {"province"}, "password": {"Mat-khau-2027"}})
	if res.Status != 422 {
		t.Fatalf("invalid: status %d; body:\n%s", res.Status, res.Body)
	}
	for _, w := range []string{"Địa chỉ email không hợp lệ.", "Vui lòng nhập họ tên.", "Cán bộ Sở cần được gán một tỉnh/thành phố.",
		`value="khong-hop-le"`, `<option value="province" selected>`, `class="field has-error"`} {
		if !strings.Contains(res.Body, w) {
			t.Errorf("422 form lacks %q", w)
		}
	}
	if strings.Contains(res.Body, "Mat-khau-2027") {
		t.Error("the password is sent back")
	}

	res = c.Post("/admin/users", url.Values{"email": {"dn2@nscl.test"}, "name": {"Lê Thị Doanh"}, "role": {"enterprise"},
		"enterprise_tax_code": {"0309999999"}, "password": {"Mat-khau-2027"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Không tìm thấy doanh nghiệp có mã số thuế này.") || !strings.Contains(res.Body, `value="Lê Thị Doanh"`) {
		t.Fatalf("unknown tax code: status %d; body:\n%s", res.Status, res.Body)
	}

	res = c.Post("/admin/users", url.Values{"email": {"dn2@nscl.test"}, "name": {"Lê Thị Doanh"}, "role": {"enterprise"},
		"enterprise_tax_code": {ent.TaxCode}, "password": {"Mat-khau-2027"}, "lang": {"vi"}})
	if res.Status != 303 || !regexp.MustCompile(`^/admin/users/\d+$`).MatchString(res.Location) {
		t.Fatalf("create: status %d location %q; body:\n%s", res.Status, res.Location, res.Body)
	}
	userPath := res.Location
	page := c.Follow(res)
	for _, w := range []string{"Đã tạo người dùng.", `value="dn2@nscl.test"`, `value="0100109106"`, `<option value="enterprise" selected>`} {
		if !strings.Contains(page.Body, w) {
			t.Errorf("edit page lacks %q", w)
		}
	}
	if res := c.Post("/admin/users", url.Values{"email": {"dn2@nscl.test"}, "name": {"X"}, "role": {"expert"}, "password": {"Mat-khau-2027"}}); res.Status != 409 ||
		!strings.Contains(res.Body, "Email đã được dùng cho tài khoản khác.") {
		t.Errorf("duplicate email: status %d", res.Status)
	}

	res = c.Post(userPath, url.Values{"email": {"dn2@nscl.test"}, "name": {"Lê Thị Doanh"}, "role": {"province"}, "province_code": {"79"}, "disabled": {"1"}})
	if res.Status != 303 {
		t.Fatalf("update: status %d; body:\n%s", res.Status, res.Body)
	}
	page = c.Follow(res)
	if !strings.Contains(page.Body, "Đã lưu thay đổi.") || !strings.Contains(page.Body, `<option value="79" selected>`) || !strings.Contains(page.Body, `name="disabled" value="1" checked`) {
		t.Errorf("updated page:\n%s", page.Body)
	}
	list := c.Get("/admin/users?province=79")
	if !strings.Contains(list.Body, "dn2@nscl.test") || !strings.Contains(list.Body, "Vô hiệu hóa") {
		t.Error("the list does not show the updated user")
	}
	// Admins cannot lock themselves out.
	self := c.Get("/admin/users")
	var selfPath string
	for _, l := range links(self.Body) {
		if regexp.MustCompile(`^/admin/users/\d+$`).MatchString(l) && l != userPath {
			selfPath = l
		}
	}
	res = c.Post(selfPath, url.Values{"email": {"admin@nscl.test"}, "name": {"A"}, "role": {"admin"}, "disabled": {"1"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Bạn không thể tự vô hiệu hóa") {
		t.Errorf("self-disable: status %d", res.Status)
	}
	// Reset another user's two-factor sign-in.
	if res := c.Post(selfPath+"/reset-2fa", url.Values{}); res.Status != 303 {
		t.Errorf("reset 2fa: status %d", res.Status)
	}
}

func TestTokens_CreateShowOnceRevoke(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	e.MustCreateUser(auth.UserInput{Email: "cg@nscl.test", Role: auth.RoleExpert}, false)
	c := e.NewClient()
	c.MustLogin("cg@nscl.test", "")

	res := c.Post("/account/tokens", url.Values{"name": {"Máy chủ báo cáo"}, "expires": {"31/02/2030"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Ngày không hợp lệ") || !strings.Contains(res.Body, `value="Máy chủ báo cáo"`) {
		t.Fatalf("bad date: status %d", res.Status)
	}
	res = c.Post("/account/tokens", url.Values{"name": {""}})
	if res.Status != 422 || !strings.Contains(res.Body, "Vui lòng đặt tên cho mã truy cập") {
		t.Fatalf("no name: status %d", res.Status)
	}
	res = c.Post("/account/tokens", url.Values{"name": {"Máy chủ báo cáo"}, "expires": {"2030-12-31"}})
	if res.Status != 200 {
		t.Fatalf("create: status %d", res.Status)
	}
	secret := regexp.MustCompile(`nscl_[A-Za-z0-9_-]{20,}`).FindString(res.Body)
	if secret == "" {
		t.Fatalf("no secret shown:\n%s", res.Body)
	}
	if !strings.Contains(res.Body, "31/12/2030") {
		t.Error("the expiry date is not shown as dd/mm/yyyy")
	}
	page := c.Get("/account")
	if strings.Contains(page.Body, secret) {
		t.Fatal("the secret is shown a second time")
	}
	if !strings.Contains(page.Body, "Máy chủ báo cáo") || !strings.Contains(page.Body, "Đang dùng") {
		t.Fatal("the token is not listed as active")
	}
	bearer := e.NewClient()
	if res := bearer.Do(http.MethodGet, "/account", nil, "Authorization", "Bearer "+secret); res.Status != 200 || !strings.Contains(res.Body, "cg@nscl.test") {
		t.Fatalf("the token does not authenticate: %d", res.Status)
	}
	m := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)" data-confirm="[^"]+"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no revoke form with data-confirm")
	}
	res = c.Post(m[1], url.Values{})
	if res.Status != 303 {
		t.Fatalf("revoke: status %d", res.Status)
	}
	page = c.Follow(res)
	if !strings.Contains(page.Body, "Đã thu hồi mã truy cập.") || !strings.Contains(page.Body, "badge-muted") {
		t.Error("the token is not shown as revoked")
	}
	if res := bearer.Do(http.MethodGet, "/account", nil, "Authorization", "Bearer "+secret); res.Status == 200 {
		t.Fatal("a revoked token still works")
	}
	if res := c.Post("/account/tokens/999999/revoke", url.Values{}); res.Status != 404 {
		t.Errorf("revoke unknown: status %d", res.Status)
	}
}

func TestAccount_ChangePassword(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	e.MustCreateUser(auth.UserInput{Email: "cg@nscl.test", Role: auth.RoleExpert}, false)
	c := e.NewClient()
	c.MustLogin("cg@nscl.test", "")
	other := e.NewClient()
	other.MustLogin("cg@nscl.test", "")

	res := c.Post("/account/password", url.Values{"current": {"sai"}, "password": {"Mat-khau-moi-2026"}, "password2": {"Mat-khau-moi-2026"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Mật khẩu hiện tại không đúng.") {
		t.Fatalf("wrong current: status %d", res.Status)
	}
	res = c.Post("/account/password", url.Values{"current": {testPassword}, "password": {"Mat-khau-moi-2026"}, "password2": {"khac"}})
	if res.Status != 422 || !strings.Contains(res.Body, "Hai mật khẩu không khớp.") {
		t.Fatalf("mismatch: status %d", res.Status)
	}
	time.Sleep(1100 * time.Millisecond) // sessions are compared by the second
	res = c.Post("/account/password", url.Values{"current": {testPassword}, "password": {"Mat-khau-moi-2026"}, "password2": {"Mat-khau-moi-2026"}})
	if res.Status != 303 {
		t.Fatalf("change: status %d; body:\n%s", res.Status, res.Body)
	}
	if page := c.Follow(res); page.Status != 200 || !strings.Contains(page.Body, "Đã đổi mật khẩu.") {
		t.Fatalf("this session ended with the change: %d", page.Status)
	}
	if res := other.Get("/account"); res.Status != 303 {
		t.Errorf("the other session survives the change: %d", res.Status)
	}
}

func TestAuditExport_JobProgressAndResult(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	_, secret := e.MustCreateUser(auth.UserInput{Email: "admin@nscl.test", Role: auth.RoleAdmin}, false)
	e.MustCreateUser(auth.UserInput{Email: "cg@nscl.test", Role: auth.RoleExpert}, false)
	c := e.NewClient()
	c.MustLogin("admin@nscl.test", secret)

	res := c.Post("/admin/audit/export", url.Values{"action": {"user."}, "from": {"01/01/2020"}})
	if res.Status != 303 || !regexp.MustCompile(`^/jobs/\d+$`).MatchString(res.Location) {
		t.Fatalf("export: status %d location %q; body:\n%s", res.Status, res.Location, res.Body)
	}
	jobPath := res.Location
	page := c.Follow(res)
	for _, w := range []string{"Xuất nhật ký kiểm tra ra Excel", `hx-get="` + jobPath + `/progress"`, `hx-trigger="every 1s"`, `hx-swap="outerHTML"`, `<progress class="progress`} {
		if !strings.Contains(page.Body, w) {
			t.Errorf("job page lacks %q", w)
		}
	}
	if res := c.Get("/jobs"); !strings.Contains(res.Body, jobPath) || !strings.Contains(res.Body, "admin@nscl.test") {
		t.Error("the job list does not show the job with its owner")
	}
	other := e.NewClient()
	other.MustLogin("cg@nscl.test", "")
	if res := other.Get(jobPath); res.Status != 404 {
		t.Errorf("another user sees the job: %d", res.Status)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := e.jobs.Start(ctx); err != nil {
		t.Fatalf("start jobs: %v", err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = e.jobs.Stop(sctx)
	})
	var frag *response
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		frag = c.Do(http.MethodGet, jobPath+"/progress", nil, "HX-Request", "true")
		if frag.Status != 200 {
			t.Fatalf("progress: status %d", frag.Status)
		}
		if !strings.Contains(frag.Body, "hx-trigger") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if strings.Contains(frag.Body, "hx-trigger") || strings.Contains(frag.Body, "<html") {
		t.Fatalf("the job did not finish, or the fragment is a page:\n%s", frag.Body)
	}
	if !strings.Contains(frag.Body, "Hoàn thành") || !strings.Contains(frag.Body, `href="`+jobPath+`/result"`) || !strings.Contains(frag.Body, `value="100"`) {
		t.Fatalf("finished fragment:\n%s", frag.Body)
	}
	res = c.Get(jobPath + "/result")
	if res.Status != 200 {
		t.Fatalf("result: status %d", res.Status)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition=%q", cd)
	}
	if !strings.HasPrefix(res.Body, "PK") {
		t.Error("the result is not an XLSX (zip) file")
	}
	if res := other.Get(jobPath + "/result"); res.Status != 404 {
		t.Errorf("another user downloads the result: %d", res.Status)
	}
}
