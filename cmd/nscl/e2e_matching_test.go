package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nscl/internal/auth"
	"nscl/internal/registry"
)

// e2eMatching drives matching in the browser: the demo enterprise user
// publishes a need (an inline error first) and sees experts ranked with the
// parts of their score; the demo expert finds the need on the board,
// anonymised (no firm name or tax code in the page nor in the API), and
// expresses interest; the enterprise sees the interest with its fit and
// accepts it; the expert now sees the firm's name; the enterprise marks the
// engagement completed and rates it; an administrator sees it filled in
// the officers' list. The pages fit a 360 px phone and
// switch to English.
func e2eMatching(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	sys := auth.SystemContext(ctx)
	entLogin, exLogin := env.login("enterprise"), env.login("expert")
	owner := env.user(t, entLogin.Email)
	firm, err := env.srv.app.registry.FindEnterpriseByID(sys, registry.EnterpriseID(owner.EnterpriseID))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })

	// The enterprise publishes a need.
	e := env.newUser(t, "matching-enterprise")
	e.signInDemo(entLogin)
	e.submit(`nav.nav a[href="/needs"]`, 200)
	e.wantText(".page-header h1", "Nhu cầu hỗ trợ của doanh nghiệp")
	e.submit(`.page-header a[href="/needs/new"]`, 200)
	e.wantText(".page-header h1", "Đăng nhu cầu hỗ trợ")
	e.wantContains(".kv", firm.Name)
	e.choose("#tool-1", "5s")
	e.choose("#tool-2", "kaizen")
	for i := 3; i <= 6; i++ {
		e.choose(fmt.Sprintf("#tool-%d", i), "")
	}
	e2eType(e, "#description", " ")
	e.submit(`form[action="/needs"] button[type=submit]`, 422)
	e.wantText("#description ~ .field-error", "Vui lòng mô tả ngắn nhu cầu.")
	e2eType(e, "#description", "Xưởng ép nhựa cần triển khai 5S và Kaizen trong 6 tháng.")
	e.submit(`form[action="/needs"] button[type=submit]`, 200)
	e.wantFlash("Đã đăng nhu cầu hỗ trợ.")
	needPath := e.path()
	if !strings.HasPrefix(needPath, "/needs/") {
		t.Fatalf("after publishing the page is %s", needPath)
	}
	id := strings.TrimPrefix(needPath, "/needs/")
	e.wantContains(".match-need-facts", "Kaizen")
	e.wantContains(".match-enterprise", firm.Name)

	// The ranking with its parts and the conflicts counted.
	e.submit(`.page-header a[href$="/matches"]`, 200)
	e.wantText(".page-header h1", "Chuyên gia phù hợp cho nhu cầu số "+id)
	if n := len(e.texts(".match-row")); n == 0 {
		t.Fatal("no expert ranked for the need")
	}
	e.wantContains(".match-row .match-parts", "Công cụ và trình độ")
	e.wantContains(".match-row .match-parts", "Đánh giá của doanh nghiệp")
	e.wantContains(".match-conflicts", "chuyên gia bị loại vì xung đột lợi ích")
	totals := e.texts(".match-total")
	if len(totals) > 1 && strings.Compare(totals[0], "") == 0 {
		t.Errorf("empty score: %q", totals)
	}

	// The expert finds it on the board, anonymised.
	x := env.newUser(t, "matching-expert")
	x.signInDemo(exLogin)
	x.submit(`nav.nav a[href="/needs"]`, 200)
	x.wantText(".page-header h1", "Bảng nhu cầu hỗ trợ")
	if len(x.texts("#need-"+id)) == 0 {
		x.submit(`.match-toggle a`, 200)
		x.wantContains(".match-toggle", "Đang hiện mọi nhu cầu đang mở.")
	}
	x.wantContains("#need-"+id, "5S")
	for _, secret := range []string{firm.Name, firm.TaxCode} {
		if strings.Contains(x.text("main"), secret) {
			t.Errorf("the board shows %q to the expert before acceptance", secret)
		}
	}
	x.submit(fmt.Sprintf(`#need-%s .card-title a`, id), 200)
	x.wantText(".match-enterprise", "Doanh nghiệp ẩn danh")
	if strings.Contains(x.text("main"), firm.Name) || strings.Contains(x.text("main"), firm.TaxCode) {
		t.Errorf("the need page shows the firm to the expert before acceptance")
	}
	api := e2eEval[string](x, fmt.Sprintf(`fetch('/api/v1/needs/%s').then(r => r.text())`, id))
	if strings.Contains(api, firm.Name) || strings.Contains(api, firm.TaxCode) || !strings.Contains(api, `"identified":false`) {
		t.Errorf("the API shows the firm to the expert before acceptance: %s", api)
	}
	e2eType(x, "#message", " ")
	x.submit(`form[action$="/interest"] button[type=submit]`, 422)
	x.wantText("#message ~ .field-error", "Vui lòng viết vài dòng giới thiệu cho doanh nghiệp.")
	e2eType(x, "#message", "Tôi đã triển khai 5S và Kaizen cho 12 xưởng nhựa ở phía Bắc.")
	x.submit(`form[action$="/interest"] button[type=submit]`, 200)
	x.wantFlash("Đã gửi quan tâm tới doanh nghiệp.")
	x.wantContains(".match-my-interest", "Chờ doanh nghiệp")

	// The enterprise sees the interest with its fit and accepts it.
	e.open(needPath, 200)
	e.wantContains(".match-interest", exLogin.Name[strings.LastIndex(exLogin.Name, " ")+1:])
	e.waitVisible(".match-interest .match-fit")
	e.wantContains(".match-interest .match-parts", "Địa bàn")
	e.submit(`.match-interest form[action$="/accept"] button`, 200)
	if !strings.HasPrefix(e.text(".flash"), "Đã chấp nhận chuyên gia") {
		t.Errorf("flash after accepting: %q", e.text(".flash"))
	}
	e.wantContains(".match-engagement .match-eng-status", "Đang thực hiện")

	// The expert now sees who it is.
	x.open(needPath, 200)
	x.wantText(".match-enterprise", firm.Name)
	x.wantContains(".match-my-interest", "Được chấp nhận")
	x.open("/engagements", 200)
	if !strings.Contains(strings.Join(x.texts(".match-engagement"), "\n"), firm.Name) {
		t.Errorf("the expert's engagements do not show %q", firm.Name)
	}

	// Officers see the needs of their scope with status and firm.
	adm := env.signedInAdmin(t)
	adm.open("/needs", 200)
	adm.choose("#status", "filled")
	adm.submit(`form.match-filters button[type=submit]`, 200)
	adm.wantContains("#need-"+id, firm.Name)
	adm.wantContains("#need-"+id, "Đã có chuyên gia")

	// The enterprise completes and rates it.
	e.submit(`form[action$="/complete"] button`, 200)
	e.wantFlash("Đã xác nhận hoàn thành.")
	e.choose(`select[name="rating"]`, "4")
	e.do("comment", chromedp.SendKeys(chromedp.CSS(`textarea[name="comment"]`), "Nhiệt tình, đúng hẹn.", chromedp.NodeVisible))
	e.submit(`form[action$="/rate"] button[type=submit]`, 200)
	e.wantFlash("Cảm ơn bạn đã đánh giá.")
	e.wantText(".match-stars", "★★★★☆")
	e.wantContains(".match-engagement", "Nhiệt tình, đúng hẹn.")

	// English.
	e.open(needPath+"/matches", 200)
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantText(".page-header h1", "Experts for need no. "+id)
	e.wantContains(".match-row .match-parts", "Tools and level")
	e.submit(`form.lang-switch button[value="vi"]`, 200)
	e.wantText(".page-header h1", "Chuyên gia phù hợp cho nhu cầu số "+id)

	// A phone: nothing scrolls sideways.
	for _, c := range []struct {
		u     *e2eUser
		paths []string
	}{{x, []string{"/needs", needPath, "/engagements"}}, {e, []string{"/needs", "/needs/new", needPath, needPath + "/matches"}}} {
		c.u.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		for _, p := range c.paths {
			c.u.open(p, 200)
			if w := e2eEval[int](c.u, `document.documentElement.scrollWidth`); w > 360 {
				t.Errorf("%s is %d px wide on a 360 px screen", p, w)
			}
		}
	}
}

// e2eType replaces the text of a textarea by typing v (fill clears through
// the text node, which an empty textarea does not have).
func e2eType(u *e2eUser, sel, v string) {
	u.t.Helper()
	q, _ := json.Marshal(sel)
	e2eEval[bool](u, `(document.querySelector(`+string(q)+`).value = '') === ''`)
	u.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), v, chromedp.NodeVisible))
}
