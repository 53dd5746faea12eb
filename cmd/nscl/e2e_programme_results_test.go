package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/registry"
	"nscl/internal/vn"
)

// e2eResults drives the results and spread in the browser: the ministry
// officer adds a custom KPI to the catalogue (an inline error on a bad
// code first); the demo enterprise user goes from its replications to the
// public pilot models, opens a running pilot of another Hà Nội firm and
// records that it applied it, with a KPI (inline errors first); the
// officer confirms it and finds it in the spread figures and in the tree
// on the pilot's results tab; the public pilot page names the firm once
// confirmed. /pilots fits a 360 px phone and switches to English.
func e2eResults(t *testing.T, env *e2eEnv) {
	entLogin := env.login("enterprise")
	owner := env.user(t, entLogin.Email)
	firm := resHanoiFirms(t, env.srv, owner.EnterpriseID, 1)[0]
	pilot := resPilot(t, env.srv, firm, "Mô hình điểm e2e Lean tại "+firm.Name)
	pid := strconv.FormatInt(int64(pilot.ID), 10)
	ent, err := env.srv.app.db.Registry().FindEnterpriseByID(t.Context(), registry.EnterpriseID(owner.EnterpriseID))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })

	// The ministry officer adds a KPI.
	m := env.newUser(t, "results-ministry")
	m.signInDemo(env.login("ministry"))
	m.open("/programme/kpis", 200)
	m.wantText(".page-header h1", "Danh mục KPI")
	if v := m.attr("#vi-oee", "value"); !strings.HasPrefix(v, "Hiệu suất thiết bị tổng thể") {
		t.Errorf("the OEE row's name is %q", v)
	}
	m.fill("#code", "9bad")
	m.fill("#name_vi", "Tỷ lệ phế phẩm")
	m.fill("#name_en", "Scrap rate")
	m.choose("#unit", "percent")
	m.click(`input[name="direction"][value="down"]`)
	m.submit(`#kpi-add button[type=submit]`, 422)
	m.wantContains("#code ~ .field-error", "Mã gồm 3–40 ký tự")
	m.fill("#code", "scrap_rate_e2e")
	m.submit(`#kpi-add button[type=submit]`, 200)
	m.wantFlash("Đã thêm KPI scrap_rate_e2e.")
	m.wantContains("#kpi-scrap_rate_e2e", "Càng thấp càng tốt")

	// The enterprise finds the pilot and records that it applied it.
	e := env.newUser(t, "results-enterprise")
	e.signInDemo(entLogin)
	e.open("/replications", 200)
	e.wantText(".page-header h1", "Nhân rộng mô hình điểm")
	e.submit(`.actions a[href="/pilots"]`, 200)
	e.wantText(".page-header h1", "Mô hình điểm")
	e.choose("#province", "01")
	e.submit(`form[action="/pilots"] button[type=submit]`, 200)
	e.submit(fmt.Sprintf(`#pilot-list a[href="/pilots/%s"]`, pid), 200)
	e.wantText(".page-header h1", pilot.Title)
	e.wantContains("#pilot-kpis", "Hiệu suất thiết bị tổng thể")
	if strings.Contains(e.text("#pilot-kpis"), "Tỷ lệ lỗi") {
		t.Error("the public page shows an unverified KPI")
	}
	e.submit("#record-this", 200)
	e.wantText(".page-header h1", "Ghi nhận áp dụng mô hình điểm")
	e.submit(`#rep-form button[type=submit]`, 422)
	e.wantText("#applied_on ~ .hint ~ .field-error", "Nhập ngày áp dụng (dd/mm/yyyy).")
	e.wantContains("#rep-form fieldset .field-error", "Nhập ít nhất một KPI")
	applied := vn.Date(time.Now().AddDate(0, 0, -10))
	e.fill("#applied_on", applied)
	e2eType(e, "#description", "Áp dụng 5S tại xưởng cơ khí sau khi tham quan mô hình.")
	e.choose("#kpi-code-0", "oee")
	e.fill("#kpi-baseline-0", "50")
	e.fill("#kpi-actual-0", "120") // OEE is a percentage
	e.submit(`#rep-form button[type=submit]`, 422)
	e.wantContains("#kpi-actual-0 ~ .field-error", "không hợp lệ")
	e.fill("#kpi-actual-0", "58,5")
	e.submit(`#rep-form button[type=submit]`, 200)
	e.wantFlash("Đã ghi nhận việc áp dụng mô hình điểm. Cán bộ sẽ xác nhận.")
	repPath := e.path()
	if !strings.HasPrefix(repPath, "/replications/") {
		t.Fatalf("after recording the page is %s", repPath)
	}
	rid := strings.TrimPrefix(repPath, "/replications/")
	e.open("/replications", 200)
	e.wantContains("#rep-"+rid, "+17,0 %")
	e.wantContains("#rep-"+rid, "Chờ xác nhận")
	// Before confirmation the public tree does not name the firm.
	e.open("/pilots/"+pid, 200)
	e.wantContains("#tree-names", "1 doanh nghiệp khác")
	if strings.Contains(e.text("#tree-names"), ent.Name) {
		t.Error("the public tree names an unconfirmed firm")
	}

	// The officer confirms it and sees it in the spread and the tree.
	m.open("/replications", 200)
	m.wantContains("#rep-"+rid, ent.Name)
	e2eWantXLSX(m, `.page-header a.xlsx-link`, "/replications.xlsx")
	m.submit(fmt.Sprintf(`#rep-%s form[action$="/confirm"] button`, rid), 200)
	m.wantFlash("Đã xác nhận bản ghi nhân rộng.")
	m.wantContains("#rep-"+rid, "Đã xác nhận")
	m.open("/programme/spread", 200)
	m.wantText(".page-header h1", "Lan tỏa mô hình điểm")
	m.open("/programme/spread?province=99", 422) // no such province
	m.wantContains("body", "Mã tỉnh không hợp lệ")
	m.open("/programme/spread", 200)
	m.wantContains("#per-pilot", pilot.Title)
	e2eWantXLSX(m, `h2 a.xlsx-link[href^="/programme/spread/pilots.xlsx"]`, "/programme/spread/pilots.xlsx")
	e2eWantXLSX(m, `.card a.xlsx-link[href^="/programme/spread/provinces.xlsx"]`, "/programme/spread/provinces.xlsx")
	m.submit(fmt.Sprintf(`#per-pilot a[href="/activities/%s/results"]`, pid), 200)
	m.wantContains(".activity-tabs", "Kết quả")
	m.wantContains("#kpi-results", "+23,6 %") // OEE 55 → 68
	m.wantContains("#rep-table", ent.Name)
	if tree := m.attr("#diffusion-tree", "data-chart"); !strings.Contains(tree, ent.Name) || !strings.Contains(tree, `"type":"tree"`) {
		t.Errorf("the diffusion tree does not show %q: %s", ent.Name, tree)
	}
	m.waitVisible("#diffusion-tree canvas")

	// The public page names it now, for anyone.
	a := env.newUser(t, "results-anon")
	a.open("/pilots/"+pid, 200)
	a.wantContains("#tree-names", ent.Name)
	a.wantContains("#pilot-reps", "1 doanh nghiệp đã ghi nhận áp dụng, 1 đã được xác nhận.")

	// English and a phone.
	e.open("/pilots", 200)
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantText(".page-header h1", "Pilot models")
	e.wantContains("#pilot-list thead", "Replications")
	e.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range []string{"/pilots", "/pilots/" + pid, "/replications", repPath} {
		e.open(p, 200)
		if w := e2eEval[int](e, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, w)
		}
	}
	e.submit(`form.lang-switch button[value="vi"]`, 200)
}
