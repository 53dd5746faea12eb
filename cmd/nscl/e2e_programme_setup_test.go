package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// e2eProgrammeSetup drives the programme's structure in the browser: the
// ministry officer opens the programme from the menu, corrects a target
// (an out-of-range percentage is refused next to the field), makes next
// plan with budget lines (a typo in an amount and a year that already has
// a plan are refused inline, the latter with a link to the existing plan),
// saves a change, is told when another officer changed the plan since the
// page was read (nothing overwritten), finds it in the plans' list,
// approves it (an impossible date refused first) and finds it read-only;
// creates a call (a malformed code refused) and opens it, and later
// extends its deadline (bringing it forward is refused). An anonymous
// visitor finds the call on /calls with its countdown, on a 360 px phone
// too; the enterprise user sees the "Nộp đề xuất" button, also in English.
// A provincial officer makes and opens a call of the province (unit and
// provinces fixed) and may not close the ministry's.
func e2eProgrammeSetup(t *testing.T, env *e2eEnv) {
	now := time.Now().In(vn.Zone)
	year := now.Year()
	// The call made below closes in 30 days at 17:00; its countdown is in
	// whole days from the moment the page is shown.
	deadline := time.Date(year, now.Month(), now.Day(), 17, 0, 0, 0, vn.Zone).AddDate(0, 0, 30)
	left := func() int { return int(time.Until(deadline) / (24 * time.Hour)) }
	m := env.newUser(t, "setup-ministry")
	m.signInDemo(env.login("ministry"))

	// The overview, from the menu.
	m.submit(`nav.nav a[href="/programme"]`, 200)
	m.wantText(".page-header h1", "Chương trình năng suất, chất lượng")
	m.wantContains(".setup-programme", "2021–2030")
	m.wantContains(".setup-targets", "Doanh nghiệp được hỗ trợ")
	m.wantContains(".setup-plans", fmt.Sprintf("%d/QĐ-BCT", 3100+(year-1)%100*37))
	m.wantContains(".setup-calls-table", fmt.Sprintf("BCT-%d-01", year))
	if got := m.texts(`.setup-hub a[href="/programme/dashboard"]`); len(got) != 1 {
		t.Errorf("the hub links the dashboard %d times", len(got))
	}

	// A target: "NaN" and 150% are refused next to the field, 7,8 is kept.
	m.submit(`a.btn[href="/programme/targets"]`, 200)
	m.wantText(".page-header h1", "Chỉ tiêu của chương trình")
	row := fmt.Sprintf("target-lp_growth_pct-%d", year+1)
	m.fill("#"+row+"-value", "NaN")
	m.submit("#"+row+" button[type=submit]", 422)
	m.wantText("#"+row+"-row .field-error", "Giá trị phải là một số, ví dụ 1200 hoặc 7,5.")
	m.fill("#"+row+"-value", "150")
	m.submit("#"+row+" button[type=submit]", 422)
	m.wantText("#"+row+"-row .field-error", "Tỷ lệ phần trăm không được vượt quá 100.")
	if v := m.attr("#"+row+"-value", "value"); v != "150" {
		t.Errorf("the refused value is not kept: %q", v)
	}
	m.fill("#"+row+"-value", "7,8")
	m.fill("#"+row+"-note", "Điều chỉnh theo Nghị quyết của Chính phủ")
	m.submit("#"+row+" button[type=submit]", 200)
	m.wantFlash("Đã lưu chỉ tiêu “Tăng năng suất lao động (%/năm)”.")
	if v := m.attr("#"+row+"-value", "value"); v != "7,8" {
		t.Errorf("saved target value %q, want 7,8", v)
	}

	// A plan: an amount that is not a number, then a year that has a plan.
	m.open("/programme", 200)
	m.wantContains(".setup-targets tbody tr:last-child", "7,8%")
	m.submit(`.page-header a[href="/programme/plans/new"]`, 200)
	m.wantText(".page-header h1", "Lập kế hoạch năm")
	m.choose("#year", fmt.Sprint(year))
	m.choose("#province_code", "")
	m.fill("#title", "Kế hoạch bổ sung nâng cao năng suất")
	m.fill("#count-breadth-pilot_model", "30")
	m.fill("#state-breadth-pilot_model", "18 tỷ")
	m.fill("#counterpart-breadth-pilot_model", "12.000.000.000")
	m.fill("#count-capacity-standard_drafting", "12")
	m.fill("#state-capacity-standard_drafting", "4.800.000.000")
	m.submit(`form.setup-plan-form button[type=submit]`, 422)
	m.wantContains("tr.has-error .field-error", "Nhập số nguyên")
	m.fill("#state-breadth-pilot_model", "18.000.000.000")
	m.submit(`form.setup-plan-form button[type=submit]`, 422)
	m.wantContains("#year ~ .field-error", fmt.Sprintf("Đã có kế hoạch năm %d cho đơn vị này", year))
	if href := m.attr(".setup-existing a", "href"); !strings.HasPrefix(href, "/programme/plans/") ||
		!strings.Contains(m.text("#year ~ .field-error"), strings.TrimPrefix(href, "/programme/plans/")) {
		t.Errorf("the existing plan's link is %q", href)
	}
	m.choose("#year", "2030")
	m.submit(`form.setup-plan-form button[type=submit]`, 200)
	m.wantFlash("Đã tạo kế hoạch (bản nháp).")
	planPath := m.path()
	m.wantText(".setup-plan-status", "bản nháp")
	m.wantContains(".setup-grand-total", "22.800.000.000 ₫")
	m.wantContains(".setup-totals", "Chiều rộng")
	m.wantContains(".setup-totals", "30.000.000.000 ₫")

	// The draft changes: its notes, a line more.
	e2eType(m, "#notes", "Bổ sung theo đề nghị của Vụ Khoa học và Công nghệ.")
	m.fill("#count-capacity-lab_upgrade", "2")
	m.fill("#state-capacity-lab_upgrade", "6.000.000.000")
	m.submit(`form.setup-plan-form button[type=submit]`, 200)
	m.wantFlash("Đã lưu kế hoạch.")
	m.wantContains(".setup-grand-total", "28.800.000.000 ₫")

	// Another officer changes the plan meanwhile: saving the page read
	// before is refused with the reason, nothing is overwritten.
	planID, _ := strconv.ParseInt(strings.TrimPrefix(planPath, "/programme/plans/"), 10, 64)
	other := auth.WithActor(context.Background(), env.user(t, env.login("ministry").Email).Actor())
	cur, err := env.srv.app.programme.Plan(other, programme.PlanID(planID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.srv.app.programme.UpdatePlan(other, cur.ID, cur.Version, programme.PlanInput{Title: cur.Title,
		Notes: "Ý kiến của Vụ Kế hoạch – Tài chính đã được tiếp thu.", Lines: cur.Lines}); err != nil {
		t.Fatal(err)
	}
	e2eType(m, "#notes", "Ghi chú của tôi")
	m.submit(`form.setup-plan-form button[type=submit]`, 409)
	m.wantContains(".flash-error", "Kế hoạch vừa được người khác thay đổi")
	m.open(planPath, 200)
	m.wantText("#notes", "Ý kiến của Vụ Kế hoạch – Tài chính đã được tiếp thu.")

	// The plans' list, filtered by year.
	m.open("/programme", 200)
	m.submit(`.page-header a[href="/programme/plans"]`, 200)
	m.choose("#year", "2030")
	m.submit(`form.filters button[type=submit]`, 200)
	if got := m.texts(".setup-plans tbody tr"); len(got) != 1 || !strings.Contains(got[0], "Kế hoạch bổ sung nâng cao năng suất") {
		t.Errorf("plans of 2030: %q", got)
	}
	e2eWantXLSX(m, `.page-header a.xlsx-link`, "/programme/plans.xlsx?year=2030")
	m.submit(`.setup-plans a[href="`+planPath+`"]`, 200)

	// Approval: an impossible date first; then the plan is read-only.
	m.fill("#decision_no", "4567/QĐ-BCT")
	m.fill("#decision_date", "31/02/"+fmt.Sprint(year))
	m.submit(`form[action$="/approve"] button[type=submit]`, 422)
	m.wantText("#decision_date ~ .field-error", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.")
	m.fill("#decision_date", vn.Date(now))
	m.submit(`form[action$="/approve"] button[type=submit]`, 200)
	m.wantFlash("Đã phê duyệt kế hoạch.")
	m.wantPath(planPath)
	m.wantText(".setup-plan-status", "đã phê duyệt")
	m.wantContains(".setup-decision", "4567/QĐ-BCT · "+vn.Date(now))
	m.wantContains(".setup-lines", "Nâng cao năng lực phòng thử nghiệm")
	e2eWantXLSX(m, `.page-header a.xlsx-link`, planPath+"/lines.xlsx")
	if m.visible("#title") || m.visible(`form[action$="/approve"]`) {
		t.Error("an approved plan still shows its form")
	}

	// A call: a malformed code, then a draft, then open.
	m.open("/programme", 200)
	m.submit(`.page-header a[href="/calls/new"]`, 200)
	m.wantText(".page-header h1", "Tạo đợt kêu gọi")
	code := fmt.Sprintf("BCT-%d-09", year)
	title := "Hỗ trợ doanh nghiệp cơ khí áp dụng Lean – đợt bổ sung"
	m.fill("#code", "2026/09")
	m.fill("#title", title)
	m.choose("#track", "breadth")
	m.click(`input[name="types"][value="pilot_model"]`)
	m.click(`input[name="industries"][value="mechanical"]`)
	m.fill("#max_state_budget", "500.000.000")
	m.fill("#opens_date", vn.Date(now.AddDate(0, 0, -1)))
	m.fill("#opens_time", "08:00")
	m.fill("#deadline_date", vn.Date(now.AddDate(0, 0, 30)))
	m.fill("#deadline_time", "17:00")
	e2eType(m, "#description", "Doanh nghiệp cơ khí chế tạo nhỏ và vừa; hồ sơ gồm thuyết minh và dự toán.")
	m.submit(`form.setup-call-form button[type=submit]`, 422)
	m.wantText("#code ~ .field-error", "Mã đợt theo dạng BCT-2026-01 (đơn vị, năm, số thứ tự).")
	m.fill("#code", code)
	m.submit(`form.setup-call-form button[type=submit]`, 200)
	m.wantFlash("Đã tạo đợt kêu gọi (bản nháp).")
	callPath := m.path()
	id := strings.TrimPrefix(callPath, "/calls/")
	m.wantText(".setup-call-status", "bản nháp")
	m.wantContains(".setup-call-facts", "Cơ khí chế tạo")
	m.wantContains(".setup-call-facts", "500.000.000 ₫")
	m.wantContains(".setup-rules", "Vốn đối ứng của doanh nghiệp")
	m.submit(".setup-open", 200)
	m.wantFlash("Đã mở đợt kêu gọi: đợt được công bố.")
	m.wantText(".setup-call-status", "đang mở")
	m.wantContains(".setup-accepting", fmt.Sprintf("còn %d ngày", left()))

	// An anonymous visitor finds it among the open calls.
	v := env.newUser(t, "setup-visitor")
	v.open("/", 200)
	v.submit(`nav.nav a[href="/calls"]`, 200)
	v.wantText(".page-header h1", "Kêu gọi đề xuất")
	v.wantContains("#call-"+id, title)
	v.wantContains("#call-"+id+" .setup-countdown", fmt.Sprintf("còn %d ngày", left()))
	v.choose("#f-track", "capacity")
	v.submit(`form.setup-filters button[type=submit]`, 200)
	if v.visible("#call-" + id) {
		t.Error("the breadth call is listed under the capacity filter")
	}
	v.open(callPath, 200)
	if v.visible(".setup-propose") || v.visible(".setup-open") || v.visible(".setup-close") {
		t.Error("an anonymous visitor sees an action on the call")
	}

	// The enterprise user sees the button to propose, in English too.
	entLogin := env.login("enterprise")
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })
	e := env.newUser(t, "setup-enterprise")
	e.signInDemo(entLogin)
	e.submit(`nav.nav a[href="/calls"]`, 200)
	e.submit(`#call-`+id+` a`, 200)
	e.wantText(".setup-propose", "Nộp đề xuất")
	if href := e.attr(".setup-propose", "href"); href != "/activities/new?call="+id {
		t.Errorf("the proposal link is %q", href)
	}
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantText(".setup-propose", "Submit a proposal")
	e.wantContains(".setup-accepting", fmt.Sprintf("%d days left", left()))
	e.wantContains(".setup-call-facts", "Mechanical engineering")
	e.submit(`form.lang-switch button[value="vi"]`, 200)

	// The open call: its deadline may be extended, not brought forward.
	m.open(callPath, 200)
	m.submit(`.page-header a[href="`+callPath+`/edit"]`, 200)
	m.wantContains(".flash-info", "chỉ được sửa quy định và gia hạn")
	if m.visible("#code") || m.visible("#track") {
		t.Error("an open call's code and track are still editable")
	}
	m.fill("#deadline_date", vn.Date(now.AddDate(0, 0, 20)))
	m.submit(`form.setup-call-form button[type=submit]`, 422)
	m.wantText(".field:has(#deadline_date) .field-error", "Đợt đang mở chỉ được gia hạn, không được rút ngắn hạn nộp.")
	m.fill("#deadline_date", vn.Date(now.AddDate(0, 0, 45)))
	m.submit(`form.setup-call-form button[type=submit]`, 200)
	m.wantFlash("Đã lưu đợt kêu gọi.")
	m.wantText(".setup-deadline", vn.Date(now.AddDate(0, 0, 45))+" 17:00")

	// A provincial officer runs a call of the province: the unit and the
	// provinces are the province's, not a choice.
	provLogin := env.login("province")
	prov := env.user(t, provLogin.Email).ProvinceCode
	provName := env.srv.app.geo.Name(prov)
	p := env.newUser(t, "setup-province")
	p.signInDemo(provLogin)
	p.submit(`nav.nav a[href="/programme"]`, 200)
	p.wantContains(".setup-plans", provName)
	p.submit(`.page-header a[href="/calls/new"]`, 200)
	p.wantText("p#province_code", provName)
	if p.visible("#provinces") {
		t.Error("a provincial officer chooses the provinces of their call")
	}
	provCode := fmt.Sprintf("T%s-%d-07", prov, year)
	p.fill("#code", provCode)
	p.fill("#title", "Đào tạo Kaizen cho doanh nghiệp nhỏ trên địa bàn")
	p.choose("#track", "breadth")
	p.click(`input[name="types"][value="training_course"]`)
	p.fill("#opens_date", vn.Date(now))
	p.fill("#opens_time", "00:00")
	p.submit(`form.setup-call-form button[type=submit]`, 200)
	p.wantFlash("Đã tạo đợt kêu gọi (bản nháp).")
	p.wantContains(".setup-call-facts", provName)
	p.submit(".setup-open", 200)
	p.wantText(".setup-call-status", "đang mở")
	provCall := p.path()
	// The ministry's open call is not the province's to close.
	p.open(callPath, 200)
	if p.visible(".setup-close") || p.visible(`.page-header a[href$="/edit"]`) {
		t.Error("a provincial officer may close or edit the ministry's call")
	}
	v.open("/calls?province="+prov, 200)
	v.wantContains("#call-"+strings.TrimPrefix(provCall, "/calls/"), provCode)
	e2eWantXLSX(v, `.page-header a.xlsx-link`, "/calls.xlsx?province="+prov)

	// A phone: nothing scrolls sideways.
	for _, c := range []struct {
		u     *e2eUser
		paths []string
	}{{v, []string{"/calls", callPath}}, {m, []string{"/programme", "/programme/targets", planPath, "/calls/new"}}} {
		c.u.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		for _, p := range c.paths {
			c.u.open(p, 200)
			if w := e2eEval[int](c.u, `document.documentElement.scrollWidth`); w > 360 {
				t.Errorf("%s is %d px wide on a 360 px screen", p, w)
			}
		}
	}
}

// e2eWantXLSX checks a page's download link sel: its address starts with
// wantHref (the page's filters carried over) and, fetched with the page's
// session, it answers 200 with the XLSX content type.
func e2eWantXLSX(u *e2eUser, sel, wantHref string) {
	u.t.Helper()
	href := u.attr(sel, "href")
	if !strings.HasPrefix(href, wantHref) {
		u.t.Errorf("%s: download link %q, want %q…", sel, href, wantHref)
	}
	got := e2eEval[string](u, `fetch(`+strconv.Quote(href)+`).then(function(r){return r.status+' '+r.headers.get('content-type');})`)
	if got != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		u.t.Errorf("%s: GET %s: %s", sel, href, got)
	}
}
