package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/assessment"
)

// e2eSchemes drives the assessment schemes (the editor, import and export) in the browser:
// the ministry officer finds the 5S scheme in the list, opens a draft of it
// (version 2), edits an item's guidance, is refused a scale whose highest
// value is not above its lowest (next to the field), moves an item down
// and back up with htmx, sees the change summary and publishes with a
// note; version 1 stays readable. The JSON export downloads; a broken
// file is refused on import with every error listed and nothing saved. A
// new scheme is created, given a section (whose form is also opened on its
// own page) and an item; its properties are changed on its page, at once
// (a validity out of range is refused next to the field). The enterprise user reads the criteria with their
// guidance and finds no edit button, and reads the scheme in English; an
// anonymous visitor reads the excellence framework's 1000 points; on a
// 360 px phone the list, a scheme and the draft editor do not scroll
// sideways.
func e2eSchemes(t *testing.T, env *e2eEnv) {
	m := env.newUser(t, "schemes-ministry")
	m.signInDemo(env.login("ministry"))

	m.open("/schemes", 200)
	m.wantText(".page-header h1", "Bộ tiêu chí đánh giá")
	m.wantContains("#scheme-5s", "Thực hành tốt 5S")
	m.wantContains("#scheme-kaizen-lean-tpm", "Có bản nháp") // the demo's draft v2
	m.wantContains("#scheme-5s-van-phong", "Chưa ban hành")  // the demo's unpublished scheme
	m.submit(`#scheme-5s .card-title a`, 200)
	schemePath := m.path()
	m.wantContains(".scheme-kv", "5s")
	m.wantContains("#sec-s1", "Sàng lọc")
	m.wantContains("#sec-s5", "Sẵn sàng")

	// Open a draft: version 2, a copy of version 1.
	m.submit(`.page-header form button[type=submit]`, 200)
	m.wantPath(schemePath + "/draft")
	m.wantContains(".page-header h1", "Bản nháp 2")
	if got := len(m.texts("#scheme-sections .scheme-edit-items > li")); got < 25 {
		t.Errorf("the draft has %d items", got)
	}

	// Edit an item's guidance.
	m.submit(`[id="item-s1.1"] .scheme-edit-item a`, 200)
	m.wantText(".page-header h1", "Sửa tiêu chí s1.1")
	m.fill("#guidance_vi", "Đi một vòng khu vực, kể cả kho phụ và gầm bàn: 4 điểm khi không còn vật dụng nào không dùng đến.")
	m.submit(`.scheme-item-form button[type=submit]`, 200)
	m.wantFlash("Đã lưu bản nháp.")
	m.wantPath(schemePath + "/draft")

	// A bad scale is refused next to the field; nothing is saved.
	m.click("#scheme-scale > summary")
	m.fill("#scale_min", "4")
	m.fill("#scale_max", "0")
	m.submit(`#scheme-scale button[type=submit]`, 422)
	m.wantText("#scheme-scale .field-error", "Thang điểm: giá trị cao nhất phải lớn hơn giá trị thấp nhất.")
	if v := m.attr("#scale_min", "value"); v != "4" {
		t.Errorf("the refused value is not kept: %q", v)
	}
	m.open(schemePath+"/draft", 200)
	m.wantContains("#scheme-scale > summary", "0–4")

	// Move an item down and back up (htmx swaps the editor in place).
	order := func() []string {
		return m.texts(`#sec-s1 .scheme-edit-items .scheme-edit-item .scheme-key`)
	}
	before := order()
	waitOrder := func(want []string) {
		deadline := time.Now().Add(10 * time.Second)
		for !slices.Equal(order(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("item order %v, want %v", order(), want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	m.click(`[id="item-s1.2"] .scheme-move button[aria-label="Chuyển xuống"]`)
	moved := slices.Clone(before)
	moved[1], moved[2] = moved[2], moved[1]
	waitOrder(moved)
	m.wantPath(schemePath + "/draft") // no page load
	m.click(`[id="item-s1.2"] .scheme-move button[aria-label="Chuyển lên"]`)
	waitOrder(before)

	// The change summary, then publish with a note.
	m.wantContains(".scheme-changes", "Tiêu chí s1.1: hướng dẫn")
	m.do("type the note", chromedp.SendKeys(chromedp.CSS("#note"), "Làm rõ hướng dẫn chấm tiêu chí s1.1 (kể cả kho phụ).", chromedp.NodeVisible))
	m.submit(`#scheme-publish form button[type=submit]`, 200)
	m.wantFlash("Đã ban hành phiên bản 2.")
	m.wantPath(schemePath)
	m.wantContains(".scheme-kv", "Làm rõ hướng dẫn chấm")
	m.wantContains(`[id="item-s1.1"]`, "kể cả kho phụ")
	// Version 1 stays readable, unchanged.
	m.submit(`.scheme-versions li:last-child a`, 200)
	m.wantContains(".flash-info", "phiên bản cũ")
	if got := m.text(`[id="item-s1.1"]`); strings.Contains(got, "kể cả kho phụ") {
		t.Errorf("version 1 changed: %q", got)
	}

	// Export as JSON.
	m.open(schemePath, 200)
	href := m.attr(`.page-header a[href$="/export.json"]`, "href")
	got := e2eEval[string](m, `fetch(`+strconv.Quote(href)+`).then(function(r){return r.json().then(function(j){return r.status+' '+j.format+' '+j.scheme.code+' '+j.version.no;});})`)
	if got != "200 nscl.assessment-scheme 5s 2" {
		t.Errorf("JSON export: %s", got)
	}
	e2eWantXLSX(m, `.page-header a[href$="/export.xlsx"]`, strings.TrimSuffix(href, ".json")+".xlsx")

	// Import a broken file: every error listed, nothing saved.
	var f assessment.SchemeFile
	for _, sh := range assessment.ShippedSchemes() {
		if sh.Scheme.Code == "5s" {
			f = *assessment.FileOf(&sh.Scheme, &assessment.Version{No: 1, Status: assessment.VersionPublished, Body: sh.Body})
		}
	}
	f.Scheme.Code = "5s-e2e-hong"
	f.Body.Scale = assessment.Scale{Min: 4, Max: 0}
	f.Body.Sections[1].Items[0].Key = "s1.1"
	f.Body.Levels[0].MinPct = 150
	raw, _ := json.Marshal(f)
	bad := filepath.Join(t.TempDir(), "bo-tieu-chi-hong.json")
	if err := os.WriteFile(bad, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	m.open("/schemes", 200)
	m.submit(`.page-header a[href="/schemes/import"]`, 200)
	m.do("choose the broken file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bad}))
	m.submit(`form[action="/schemes/import"] button[type=submit]`, 422)
	m.wantContains(".flash-error", "Tệp có 3 lỗi; không có gì được lưu.")
	errs := m.texts(".scheme-errors li")
	if len(errs) != 3 || !strings.HasPrefix(errs[0], "scale.max") || !strings.Contains(strings.Join(errs, "\n"), "Mục 1 của phần 2: mã trùng") {
		t.Errorf("listed errors = %q", errs)
	}
	m.open("/schemes", 200)
	if m.visible("#scheme-5s-e2e-hong") {
		t.Error("a broken import saved a scheme")
	}

	// A new scheme: a section (edited on its own page) and an item.
	m.submit(`.page-header a[href="/schemes/new"]`, 200)
	m.fill("#code", "5s-kho-e2e")
	m.fill("#name_vi", "5S cho kho hàng")
	m.fill("#name_en", "5S for warehouses")
	m.submit(`form[action="/schemes"] button[type=submit]`, 200)
	m.wantFlash("Đã tạo bộ tiêu chí. Thêm phần và tiêu chí rồi ban hành.")
	m.click("#scheme-add-section > summary")
	m.fill("#sec-name-vi", "Sàng lọc trong kho")
	m.submit(`#scheme-add-section button[type=submit]`, 200)
	m.wantFlash("Đã thêm phần.")
	m.submit(`#sec-s1 .scheme-tools a`, 200)
	m.wantContains(".page-header h1", "Sửa phần")
	m.fill("#sec-name-en", "Sort in the warehouse")
	m.submit(`form[action$="/sections/s1"] button[type=submit]`, 200)
	m.wantFlash("Đã lưu bản nháp.")
	m.submit(`#sec-s1 a[href$="/items/new"]`, 200)
	m.wantText(".page-header h1", "Thêm tiêu chí")
	if v := m.attr("#key", "value"); v != "s1.1" {
		t.Errorf("proposed key %q", v)
	}
	m.do("type the item", chromedp.SendKeys(chromedp.CSS("#text_vi"), "Hàng tồn lâu ngày được nhận diện và xử lý", chromedp.NodeVisible))
	m.submit(`.scheme-item-form button[type=submit]`, 200)
	m.wantFlash("Đã thêm tiêu chí.")
	m.wantContains("#sec-s1", "Hàng tồn lâu ngày")

	// Its properties are the scheme's own: edited on its page without the
	// draft, in force at once; a validity out of range is refused next to
	// the field.
	m.wantContains("#scheme-props", "có hiệu lực ngay")
	m.submit(`#scheme-props a[href$="#scheme-props"]`, 200)
	m.click("#scheme-props > summary")
	m.wantContains("#scheme-props", "không bị hoàn tác khi bỏ bản nháp")
	m.fill("#validity_months", "500")
	m.submit(`#scheme-props button[type=submit]`, 422)
	m.wantText("#scheme-props .field-error", "Thời hạn từ 0 đến 120 tháng.")
	m.fill("#validity_months", "12")
	m.fill("#name_en", "5S for warehouses and stores")
	m.submit(`#scheme-props button[type=submit]`, 200)
	m.wantFlash("Đã lưu thông tin chung; thay đổi có hiệu lực ngay.")
	m.wantContains(".scheme-kv", "12 tháng")
	if v := m.attr("#name_en", "value"); v != "5S for warehouses and stores" {
		t.Errorf("the English name after saving: %q", v)
	}

	// The enterprise user reads the criteria, in English too.
	e := env.newUser(t, "schemes-enterprise")
	e.signInDemo(env.login("enterprise"))
	e.open(schemePath, 200)
	if e.visible(".page-header form") || e.visible(`.page-header a[href$="/draft"]`) {
		t.Error("the enterprise user is offered to edit the scheme")
	}
	e.click(`[id="item-s2.3"] summary`)
	e.wantContains(`[id="item-s2.3"] .scheme-guidance`, "30 giây")
	e.wantContains(`[id="item-s2.3"] .scheme-evidence`, "shadow board")
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantText(".page-header h1", "5S good practice")
	e.wantContains("#sec-s1", "Sort (Seiri)")
	e.wantContains(".scheme-labels", "Fully done")
	e.submit(`form.lang-switch button[value="vi"]`, 200)

	// The public reads the excellence framework; phones do not scroll sideways.
	a := env.newUser(t, "schemes-anon")
	a.open("/schemes", 200)
	if a.visible("#scheme-5s-van-phong") || a.visible("#scheme-5s-kho-e2e") {
		t.Error("the public sees an unpublished scheme")
	}
	a.submit(`#scheme-gtclqg-1000 .card-title a`, 200)
	a.wantContains("#scheme-scale", "1.000")
	a.wantContains("#sec-c7", "Kết quả hoạt động")
	a.wantContains("#scheme-levels", "800 điểm")
	excellence := a.path()
	phone := chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)
	for _, c := range []struct {
		u     *e2eUser
		paths []string
	}{{a, []string{"/schemes", excellence}}, {m, []string{"/schemes", schemePath, draftPathOf(env)}}} {
		c.u.do("phone screen", phone)
		for _, p := range c.paths {
			c.u.open(p, 200)
			if w := e2eEval[int](c.u, `document.documentElement.scrollWidth`); w > 360 {
				t.Errorf("%s is %d px wide on a 360 px screen", p, w)
			}
		}
		c.u.do("desktop screen", chromedp.ResetViewport())
	}
}

// draftPathOf is the editor of the demo's draft (the tools scheme).
func draftPathOf(env *e2eEnv) string {
	sc, err := env.srv.app.db.Assessment().FindSchemeByCode(env.top.Context(), assessment.CodeTools)
	if err != nil {
		env.top.Fatal(err)
	}
	return "/schemes/" + strconv.FormatInt(int64(sc.ID), 10) + "/draft"
}
