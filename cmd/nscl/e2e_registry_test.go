package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// e2eRegistry drives the registry pages in the browser: the administrator
// searches with diacritics-free words in another order, narrows the list by
// a facet, opens a profile with its chart and eligibility, edits it (an
// inline error first), adds and deletes a year of figures; an enterprise
// user without an enterprise claims it by tax code, the Hà Nội officer
// approves and the user then sees the firm; the administrator adds a value
// to the programme settings. The list, the profile and the form fit a
// 360 px phone.
func e2eRegistry(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	sys := auth.SystemContext(ctx)
	// A Hà Nội enterprise with figures and a name of at least three words
	// after the legal form, that nobody represents yet.
	es, _, err := env.srv.app.registry.FindEnterprises(sys, registry.Filter{ProvinceCode: "01", Sort: registry.SortEmployeesDesc, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var ent *registry.Enterprise
	for _, e := range es {
		if e.LatestYear != 0 && e.Status == registry.StatusActive && len(strings.Fields(e.Name)) >= 4 {
			if users, _, err := env.srv.app.db.Auth().FindUsers(ctx, auth.UserFilter{Role: auth.RoleEnterprise, Query: "dn" + e.TaxCode}); err == nil && len(users) == 0 {
				ent = e
				break
			}
		}
	}
	if ent == nil {
		t.Fatal("no suitable demo enterprise in Hà Nội")
	}
	words := strings.Fields(vn.Fold(ent.Name))
	// The last two words, reversed, without diacritics; the last one cut to a prefix.
	last := words[len(words)-1]
	query := last[:max(1, len(last)-1)] + " " + words[len(words)-2]
	profile := fmt.Sprintf("/enterprises/%d", ent.ID)

	a := env.signedInAdmin(t)
	a.open("/", 200)
	if len(a.texts(`nav.nav a[href="/enterprises"]`)) != 1 || len(a.texts(`nav.nav a[href="/admin/settings"]`)) != 1 {
		t.Errorf("the administrator's navigation lacks the registry or the settings: %q", a.nav())
	}
	a.open("/enterprises", 200)
	a.wantText(".page-header h1", "Danh sách doanh nghiệp")
	a.waitVisible(`.page-header a[href="/enterprises/import"]`)
	a.waitVisible(`.reg-export a[href^="/enterprises/export?format=xlsx&"]`)
	a.fill("#q", query)
	a.choose("#province", "01")
	a.submit(`form.reg-filters button[type=submit]`, 200)
	if names := a.texts(".reg-list tbody td:nth-child(2) a"); !containsStr(names, ent.Name) {
		t.Fatalf("searching %q finds %q, not %q", query, names, ent.Name)
	}

	// A facet: the first priority industry with a count narrows the list to it.
	a.open("/enterprises?province=01", 200)
	label := a.text(`.reg-facet[data-facet="industry"] a`)
	a.submit(`.reg-facet[data-facet="industry"] a`, 200)
	if !strings.Contains(a.path(), "industry=") || !strings.Contains(a.path(), "province=01") {
		t.Errorf("the facet link leads to %s", a.path())
	}
	a.wantText(`.reg-facet[data-facet="industry"] a[aria-current="true"]`, label)
	for _, got := range a.texts(".reg-list tbody td:nth-child(4)") {
		if !strings.HasPrefix(got, label) {
			t.Errorf("after the facet %q the list shows an enterprise of %q", label, got)
		}
	}

	// The profile: chart, figures, eligibility for both tracks, history.
	a.open("/enterprises?q="+strings.ReplaceAll(query, " ", "+")+"&province=01", 200)
	a.submit(fmt.Sprintf(`.reg-list a[href="%s"]`, profile), 200)
	a.wantText(".page-header h1", ent.Name)
	a.wantContains(".reg-profile", ent.TaxCode)
	a.wantContains(".reg-profile", "Hà Nội")
	a.waitVisible(".reg-chart canvas")
	a.waitVisible(".reg-figures")
	if n := len(a.texts(".reg-eligibility .card")); n != 2 {
		t.Errorf("%d eligibility cards, want 2 (breadth and depth)", n)
	}
	a.wantContains(".reg-eligibility", "vốn đối ứng 40%")
	a.fill("#share_breadth", "20")
	a.submit(`#eligibility form button[type=submit]`, 200)
	a.wantContains(".reg-eligibility", "vốn đối ứng 20% ngoài khoảng")

	// Edit: an inline error, then a saved change with a flash.
	a.submit(`.page-header a[href$="/edit"]`, 200)
	a.fill("#name", " ")
	a.fill("#email", "khong-phai-email")
	a.submit(`form.reg-form button[type=submit]`, 422)
	a.wantText("#name ~ .field-error", "Vui lòng nhập tên doanh nghiệp.")
	a.wantText("#email ~ .field-error", "Địa chỉ email không hợp lệ.")
	a.fill("#name", ent.Name)
	a.fill("#email", "lienhe.e2e@example.vn")
	a.fill("#short_name", "E2E VIẾT TẮT")
	a.submit(`form.reg-form button[type=submit]`, 200)
	a.wantPath(profile)
	a.wantFlash("Đã lưu hồ sơ doanh nghiệp.")
	a.wantContains(".reg-profile", "E2E VIẾT TẮT")
	a.wantContains(".reg-profile", "lienhe.e2e@example.vn")

	// Figures of this year: added, shown, then deleted after a confirmation.
	year := time.Now().In(vn.Zone).Year()
	a.submit(`.page-header a[href$="/figures"]`, 200)
	a.fill("#year", fmt.Sprint(year))
	a.fill("#employees", "-3")
	a.submit(`form.reg-figures-form button[type=submit]`, 422)
	a.wantText("#employees ~ .field-error", "Số lao động không thể âm.")
	a.fill("#employees", "150")
	a.fill("#revenue", "75 tỷ")
	a.fill("#value_added", "15.000.000.000")
	a.submit(`form.reg-figures-form button[type=submit]`, 200)
	a.wantFlash(fmt.Sprintf("Đã lưu số liệu năm %d.", year))
	a.wantContains(".reg-figures tbody tr:last-child", "75.000.000.000 ₫")
	a.wantContains(".reg-figures tbody tr:last-child", "100.000.000 ₫")
	a.waitVisible(".reg-chart canvas")
	a.submit(fmt.Sprintf(`.reg-figures a[href="%s/figures?year=%d"]`, profile, year), 200)
	a.wantText(".page-header h1", fmt.Sprintf("Sửa số liệu năm %d", year))
	if got := a.attr("#employees", "value"); got != "150" {
		t.Errorf("the edit form shows %q employees, want 150", got)
	}
	a.submit(fmt.Sprintf(`form[action="%s/figures/%d/delete"] button`, profile, year), 200)
	if d := a.acceptedDialogs(); len(d) == 0 || d[len(d)-1] != "Xóa số liệu của năm này?" {
		t.Errorf("no confirmation before deleting figures: %q", d)
	}
	a.wantFlash(fmt.Sprintf("Đã xóa số liệu năm %d.", year))
	a.wantContains(".reg-history", "Xóa số liệu năm")

	// An enterprise user without an enterprise claims it by tax code.
	const email = "e2e.nhan.dn@nscl.demo"
	if _, err := env.srv.app.auth.CreateUser(sys, auth.UserInput{Email: email, Name: "Đỗ Thị Nhận", Password: demo.Password,
		Role: auth.RoleEnterprise}); err != nil {
		t.Fatal(err)
	}
	c := env.newUser(t, "claimant")
	c.signIn(email, demo.Password, "")
	c.wantPath("/")
	c.submit(`nav.nav a[href="/enterprises"]`, 200)
	c.wantText(".page-header h1", "Nhận doanh nghiệp của bạn")
	c.fill("#tax_code", "0100233480")
	c.submit(`form[action="/enterprises/claims"] button[type=submit]`, 422)
	c.wantContains("#tax_code ~ .field-error", "chữ số kiểm tra")
	c.fill("#tax_code", ent.TaxCode)
	c.do("type the note", chromedp.SendKeys(chromedp.CSS("#note"), "Tôi là giám đốc, điện thoại 0912 345 678", chromedp.NodeVisible))
	c.submit(`form[action="/enterprises/claims"] button[type=submit]`, 200)
	c.wantFlash("Đã gửi yêu cầu; bạn sẽ được gắn với doanh nghiệp khi cán bộ duyệt.")
	c.wantContains(".reg-my-claims", ent.Name)
	c.wantContains(".reg-my-claims", "Chờ duyệt")
	c.open(profile, 404)

	// The Hà Nội officer approves.
	o := env.newUser(t, "province")
	o.signInDemo(env.login("province"))
	o.open("/enterprises", 200)
	o.submit(`.page-header a[href="/enterprises/claims"]`, 200)
	o.wantContains(".reg-claim", email)
	o.submit(`.reg-claim button[value="reject"]`, 422)
	o.wantContains(".reg-claim .field-error", "Vui lòng nêu lý do từ chối.")
	o.submit(`.reg-claim button[value="approve"]`, 200)
	o.wantFlash("Đã duyệt yêu cầu; tài khoản " + email + " đã được gắn với doanh nghiệp.")

	// The claimant now represents the enterprise.
	c.open("/enterprises", 200)
	c.wantText(".reg-list tbody td:nth-child(2) a", ent.Name)
	c.submit(fmt.Sprintf(`.reg-list a[href="%s"]`, profile), 200)
	c.waitVisible(`.page-header a[href$="/edit"]`)
	if n := len(c.texts(`form[action$="/judgement"]`)); n != 0 {
		t.Errorf("the enterprise user sees the officer judgement form")
	}
	c.submit(`.page-header a[href$="/edit"]`, 200)
	if dis := e2eEval[bool](c, `document.querySelector('#tax_code').disabled && document.querySelector('#province_code').disabled`); !dis {
		t.Error("the officer-only fields are not locked for the enterprise user")
	}

	// Programme settings.
	a.open("/admin/settings", 200)
	a.wantText(".page-header h1", "Thiết lập chương trình")
	a.wantContains("#track\\.breadth .reg-setting-values", "Đang áp dụng")
	form := `#track\.breadth form`
	a.fill(`#effective_from-track\.breadth`, "01/01/2031")
	a.fill(`#min_counterpart_pct-track\.breadth`, "60")
	a.fill(`#max_counterpart_pct-track\.breadth`, "50")
	a.submit(form+` button[type=submit]`, 422)
	a.wantContains(`#track\.breadth .field-error`, "Tỷ lệ đối ứng phải trong 0–100%")
	a.fill(`#min_counterpart_pct-track\.breadth`, "35")
	a.fill(`#note-track\.breadth`, "Thử nghiệm E2E")
	a.submit(form+` button[type=submit]`, 200)
	a.wantFlash("Đã lưu; giá trị mới có hiệu lực từ 01/01/2031.")
	a.wantContains(`#track\.breadth .reg-setting-values`, "Sắp áp dụng")
	a.wantContains(`#track\.breadth .reg-setting-values`, "Vốn đối ứng từ 35% đến 50%")

	// A phone: nothing scrolls sideways.
	p := env.newUser(t, "registry-phone")
	p.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	p.signIn(email, demo.Password, "")
	for _, path := range []string{"/enterprises", profile, profile + "/edit", profile + "/figures", "/enterprises/claims"} {
		p.open(path, 200)
		type size struct{ Inner, Scroll int }
		if s := e2eEval[size](p, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", path, s.Scroll)
		}
	}
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
