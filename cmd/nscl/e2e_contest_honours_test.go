package main

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"nscl/internal/registry"
	"nscl/internal/vn"
)

// e2eHonours drives the honour roll in the browser: an anonymous visitor
// opens it from the menu (the latest year and the years), searches without
// diacritics, opens an honour's page (Open Graph tags of an article, share
// links, print styles hide the menu). The ministry officer records a
// national honour for the demo enterprise (a missing award refused next to
// it; a script in the story removed, Markdown kept), sets its photo (a
// text file refused), hides it (no reason refused): the visitor no longer
// finds it. The roll and a page on a 360 px phone.
func e2eHonours(t *testing.T, env *e2eEnv) {
	v := env.newUser(t, "honours-visitor")
	v.open("/", 200)
	v.submit(`nav.nav a[href="/vinh-danh"]`, 200)
	v.wantContains(".page-header h1", "Vinh danh doanh nghiệp và giải pháp")
	if n := len(v.texts(".honour-years a")); n < 2 {
		t.Errorf("the roll lists %d years, want at least 2", n)
	}
	v.submit(`.honour-years a[href="/vinh-danh/2024"]`, 200)
	v.wantContains(".page-header h1", "2024")
	v.fill("#honour-q", "chat luong quoc gia ha noi")
	v.submit(`form.honour-search button[type=submit]`, 200)
	v.wantContains(".honour-results", "chat luong quoc gia ha noi")
	v.wantContains(".honour-grid", "Hà Nội")
	v.submit(`.honour-grid .honour-card h2 a`, 200)
	if !strings.HasPrefix(v.path(), "/vinh-danh/2024/") {
		t.Errorf("the card opens %s", v.path())
	}
	if got := v.attr(`meta[property="og:type"]`, "content"); got != "article" {
		t.Errorf("og:type %q", got)
	}
	if got := v.attr(`meta[property="og:url"]`, "content"); !strings.HasSuffix(got, v.path()) || !strings.HasPrefix(got, "http") {
		t.Errorf("og:url %q", got)
	}
	if got := v.attr(`meta[property="og:image"]`, "content"); !strings.Contains(got, "/honour-photos/") {
		t.Errorf("og:image %q", got)
	}
	if got := v.attr(".share-facebook", "href"); !strings.HasPrefix(got, "https://www.facebook.com/sharer/sharer.php?u=http") {
		t.Errorf("the Facebook link is %q", got)
	}
	v.do("print media", e2eMedia("print"))
	if v.visible(".topbar") || v.visible(".honour-share") {
		t.Error("the menu or the share links print")
	}
	v.do("screen media", e2eMedia(""))

	// The ministry records a national honour for the demo enterprise.
	owner := env.user(t, demoEnterpriseEmail)
	ent, err := env.srv.app.db.Registry().FindEnterpriseByID(context.Background(), registry.EnterpriseID(owner.EnterpriseID))
	if err != nil {
		t.Fatal(err)
	}
	m := env.newUser(t, "honours-ministry")
	m.signInDemo(env.login("ministry"))
	m.open("/vinh-danh", 200)
	m.submit(`.page-header a[href="/vinh-danh/manage"]`, 200)
	m.submit(`.page-header a[href="/vinh-danh/manage/new"]`, 200)
	year := strconv.Itoa(time.Now().In(vn.Zone).Year())
	m.fill("#tax_code", ent.TaxCode)
	m.fill("#year", year)
	m.fill("#title", "Dây chuyền đóng gói thông minh E2E")
	e2eType(m, "#summary", "Giải pháp đóng gói giảm **30 %** thời gian.")
	e2eType(m, "#story", "Câu chuyện **Đậm** <script>alert(1)</script>")
	m.fill(`input[name=kpi_name]`, "Thời gian đóng gói")
	m.fill(`input[name=kpi_unit]`, "giây/thùng")
	m.fill(`input[name=kpi_before]`, "40")
	m.fill(`input[name=kpi_after]`, "28")
	m.submit(`form.honour-form button[type=submit]`, 422)
	m.wantContains(`#award ~ .field-error`, "Danh hiệu, giải thưởng là bắt buộc")
	m.fill("#award", "Bằng khen của Bộ trưởng Bộ Công Thương")
	m.submit(`form.honour-form button[type=submit]`, 200)
	m.wantFlash("Đã ghi nhận vinh danh.")

	// Its photo: a text file refused, a PNG taken.
	dir := t.TempDir()
	bad := filepath.Join(dir, "khong-phai-anh.jpg")
	good := filepath.Join(dir, "anh.png")
	if err := os.WriteFile(bad, []byte("not an image at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	for i := range img.Pix {
		img.Pix[i] = 180
	}
	img.Set(5, 5, color.RGBA{200, 0, 0, 255})
	f, err := os.Create(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	m.do("choose the text file", chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{bad}, chromedp.NodeReady))
	m.submit(`.honour-photo-form button[type=submit]`, 422)
	m.wantContains(".honour-photo-form .field-error", "không phải ảnh")
	m.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{good}, chromedp.NodeReady))
	m.submit(`.honour-photo-form button[type=submit]`, 200)
	m.wantFlash("Đã cập nhật ảnh.")
	m.waitVisible(".honour-photo-form img")
	editPath := m.path()

	// The public page: Markdown rendered, the script removed.
	m.submit(`.page-header a[href^="/vinh-danh/`+year+`/"]`, 200)
	pagePath := m.path()
	v.open(pagePath, 200)
	v.wantText(".honour-story .prose strong", "Đậm")
	if n := e2eEval[int](v, `document.querySelectorAll('.honour-story script').length`); n != 0 {
		t.Errorf("%d scripts in the story", n)
	}
	v.wantContains(".honour-kpi-table", "Thời gian đóng gói")
	v.wantContains(".honour-kpi-table", "-30 %")

	// Hidden with a reason: gone from the roll.
	m.open(editPath, 200)
	m.submit(`.honour-visibility button[type=submit]`, 422)
	m.wantContains(".honour-visibility .field-error", "Nêu lý do")
	m.fill("#reason", "Hồ sơ đang được xác minh lại")
	m.submit(`.honour-visibility button[type=submit]`, 200)
	m.wantFlash("Đã gỡ khỏi trang vinh danh.")
	v.open(pagePath, 404)
	v.open("/vinh-danh/"+year+"?q=dong+goi+thong+minh", 200)
	v.wantContains(".empty", "Không tìm thấy")

	// A phone: nothing scrolls sideways.
	v.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range []string{"/vinh-danh", "/vinh-danh/2024"} {
		v.open(p, 200)
		if w := e2eEval[int](v, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, w)
		}
	}
	v.submit(`.honour-grid .honour-card h2 a`, 200)
	if w := e2eEval[int](v, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("%s is %d px wide on a 360 px screen", v.path(), w)
	}
}

// e2eMedia emulates a CSS media type ("print"; "" ends the emulation).
func e2eMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}
