package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"nscl/internal/auth"
	"nscl/internal/registry"
)

// e2eLibrary drives the case library and guides in the browser: the
// ministry officer opens the library from the menu, writes a case (an
// empty title refused next to it) whose problem holds a <script> that
// the page shows as text, never runs; adds a photo (a text file renamed
// .jpg refused) and publishes it; an anonymous visitor finds it by a
// search without accents, reads it (the contact hidden without consent)
// and follows the tool to its guides. The officer writes a guide (a
// javascript: video refused), uploads the 5S checklist as a template and
// publishes it; the visitor downloads nothing but sees the template and
// the video as a link with its host. The pages fit a 360 px phone.
func e2eLibrary(t *testing.T, env *e2eEnv) {
	ctx := auth.SystemContext(context.Background())
	es, _, err := env.srv.app.db.Registry().FindEnterprises(ctx, registry.Filter{ProvinceCode: "01", Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("no Hà Nội enterprise in the demo: %v", err)
	}
	ent := es[0]
	dir := t.TempDir()
	photo := filepath.Join(dir, "xuong.jpg")
	m := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for x := range 320 {
		for y := 100; y < 140; y++ {
			m.Set(x, y, color.RGBA{30, 120, 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "ghi-chu.jpg")
	sheet := filepath.Join(dir, "Phieu-5S.xlsx")
	xl, err := checklist5S()
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range map[string][]byte{photo: buf.Bytes(), bad: []byte("chỉ là văn bản"), sheet: xl} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	o := env.newUser(t, "library-ministry")
	o.signInDemo(env.login("ministry"))
	o.submit(`nav.nav a[href="/cases"]`, 200)
	o.wantText(".page-header h1", "Thư viện điển hình")
	o.submit(`.page-header a[href="/cases/new"]`, 200)
	o.fill("#enterprise_id", "99999999999") // no such tax code

	o.click(`input[name=tools][value="smed"]`)
	e2eType(o, "#problem_md", "Thay khuôn mất **95 phút** <script>document.title='hacked'</script>")
	o.fill(`#kpis tbody tr:nth-child(1) input[name=kpi_name]`, "Thời gian thay khuôn")
	o.fill(`#kpis tbody tr:nth-child(1) input[name=kpi_unit]`, "phút")
	o.fill(`#kpis tbody tr:nth-child(1) input[name=kpi_before]`, "95")
	o.fill(`#kpis tbody tr:nth-child(1) input[name=kpi_after]`, "22,5")
	o.choose(`#kpis tbody tr:nth-child(1) select[name=kpi_dir]`, "down")
	o.fill("#contact_name", "Anh Trần Văn Bình")
	o.submit(`form.lib-case-form button[type=submit]`, 422)
	o.wantContains("#title ~ .field-error", "Vui lòng nhập tên điển hình")
	o.wantContains("#enterprise_id ~ .field-error", "Không tìm thấy doanh nghiệp có mã số thuế này")
	o.fill("#enterprise_id", ent.TaxCode)
	o.fill("#title", "Thay khuôn nhanh SMED ở xưởng dập Hà Nội")
	o.submit(`form.lib-case-form button[type=submit]`, 200)
	o.wantFlash("Đã tạo điển hình (bản nháp).")
	o.wantText(".page-header h1", "Thay khuôn nhanh SMED ở xưởng dập Hà Nội")
	o.wantText("#case-status", "Bản nháp")
	o.wantContains(".lib-prose", "95 phút")
	if n := e2eEval[int](o, `document.querySelectorAll('.lib-prose script').length`); n != 0 {
		t.Errorf("the case page holds %d script element(s) from the body", n)
	}
	if title := e2eEval[string](o, `document.title`); title == "hacked" {
		t.Errorf("the body's script ran")
	}
	o.wantContains("#kpi-source", "Chưa xác minh")
	o.wantContains(".lib-kpis", "+76,3%")
	casePath := o.path()

	// A text file renamed .jpg, then a real photo.
	o.do("choose the renamed text file", chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{bad}))
	o.submit(`form.lib-upload button[type=submit]`, 422)
	o.wantContains(".lib-upload .field-error", "Chỉ nhận ảnh JPEG, PNG hoặc WebP")
	o.fill("#caption", "Máy dập sau cải tiến")
	o.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{photo}))
	o.submit(`form.lib-upload button[type=submit]`, 200)
	o.wantFlash("Đã thêm ảnh.")
	o.waitVisible(".lib-photos img")
	o.submit(`.page-header form button[type=submit]`, 200)
	o.wantFlash("Đã công bố.")
	o.wantText("#case-status", "Đã công bố")

	// A visitor finds it without accents.
	v := env.newUser(t, "library-visitor")
	v.open("/", 200)
	v.submit(`nav.nav a[href="/cases"]`, 200)
	v.fill("#f-q", "thay khuon nhanh")
	v.submit(`form.lib-filters button[type=submit]`, 200)
	v.wantContains(".lib-grid", "Thay khuôn nhanh SMED ở xưởng dập Hà Nội")
	v.submit(`.lib-grid a[href="`+casePath+`"]`, 200)
	v.wantContains(".lib-facts", ent.Name)
	v.wantContains(".lib-prose", "95 phút")
	if n := e2eEval[int](v, `document.querySelectorAll('script:not([src])').length`); n != 0 {
		t.Errorf("the public case page holds %d inline script(s)", n)
	}
	v.wantContains("#h-contact + p", "chưa đồng ý công khai")
	if v.visible("#case-status") {
		t.Errorf("a visitor sees the editor's controls")
	}
	v.submit(`.lib-facts a[href="/guides?tool=smed"]`, 200)
	v.wantText(".page-header h1", "Hướng dẫn công cụ cải tiến")
	v.submit(`form.lang-switch button[value="en"]`, 200)
	v.wantText(".page-header h1", "Improvement tool guides")
	v.open(casePath, 200)
	v.wantText("#h-kpis", "Before/after results")
	v.submit(`form.lang-switch button[value="vi"]`, 200)

	// A guide with a template.
	o.open("/guides/new?tool=5s", 200)
	o.fill("#title", "Phiếu kiểm tra 5S hằng tháng")
	e2eType(o, "#body_md", "## Cách dùng\n\n1. In phiếu\n2. Chấm điểm 0–4")
	o.fill(`#videos input[name=video_url]`, "javascript:alert(1)")
	o.submit(`form.lib-guide-form button[type=submit]`, 422)
	o.wantContains("#videos .field-error", "https://")
	o.fill(`#videos input[name=video_url]`, "https://www.youtube.com/watch?v=5s-demo")
	o.fill(`#videos input[name=video_title]`, "5S tại xưởng")
	o.submit(`form.lib-guide-form button[type=submit]`, 200)
	o.wantFlash("Đã tạo bài hướng dẫn (bản nháp).")
	o.do("choose the checklist", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{sheet}))
	o.submit(`form.lib-upload button[type=submit]`, 200)
	o.wantFlash("Đã thêm biểu mẫu.")
	o.wantContains(".lib-files", "Phieu-5S.xlsx")
	o.submit(`.page-header form button[type=submit]`, 200)
	o.wantFlash("Đã công bố.")
	guidePath := o.path()

	v.open("/guides?tool=5s", 200)
	v.submit(`.lib-grid a[href="`+guidePath+`"]`, 200)
	v.wantContains(".lib-files", "XLSX")
	v.wantContains(".lib-videos", "youtube.com")
	if n := e2eEval[int](v, `document.querySelectorAll('iframe').length`); n != 0 {
		t.Errorf("the guide embeds %d frame(s)", n)
	}

	// A phone: nothing scrolls sideways.
	v.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range []string{"/cases", casePath, "/guides", guidePath} {
		v.open(p, 200)
		if w := e2eEval[int](v, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, w)
		}
	}
}
