package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/vn"
)

// e2eContestSetup drives contests and entries in the browser: the
// ministry officer creates a contest from the per-solution preset (a
// deadline before the opening refused next to it), with a script in its
// rules, and announces it; an anonymous visitor finds it, the script not
// run nor shown as markup; the demo enterprise's user enters it (an
// empty title refused), with a script in the summary, attaches a PDF (a
// text file named .pdf refused by its content), submits it; the officer
// sees it complete in the entries list and accepts it.
func e2eContestSetup(t *testing.T, env *e2eEnv) {
	now := time.Now()
	day := func(d int) string { return vn.Date(now.AddDate(0, 0, d)) }
	m := env.newUser(t, "contest-ministry")
	m.signInDemo(env.login("ministry"))

	m.submit(`nav.nav a[href="/contests"]`, 200)
	m.wantText(".page-header h1", "Cuộc thi")
	m.submit(`.contest-new a[href="/contests/new?preset=solution"]`, 200)
	if got := m.attr(`.contest-grid input[name=cr_name]`, "value"); got != "Tính mới và sáng tạo" {
		t.Errorf("the preset's first criterion is %q", got)
	}
	m.fill("#code", "E2E-GP")
	m.fill("#title", "Giải pháp năng suất thử nghiệm")
	m.fill("#entries_open", day(0))
	m.fill("#entries_close", day(-1))
	m.fill("#judging_end", day(60))
	m.fill("#publish_on", day(90))
	e2eType(m, "#rules", "# Thể lệ\n\nNộp hồ sơ trực tuyến. <script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">")
	m.submit(`form.contest-form button[type=submit]`, 422)
	m.wantContains(`.field.has-error`, "Hạn nộp hồ sơ không được trước ngày mở nhận")
	m.fill("#entries_close", day(30))
	m.submit(`form.contest-form button[type=submit]`, 200)
	m.wantFlash("Đã tạo cuộc thi (bản nháp).")
	m.wantContains(".contest-rubric", "Hiệu quả có số đo")
	m.submit("#announce", 200)
	m.wantFlash("Đã công bố cuộc thi.")
	contestPath := m.path()

	anon := env.newUser(t, "contest-anon")
	anon.open("/contests", 200)
	anon.wantContains(".contest-table", "Giải pháp năng suất thử nghiệm")
	anon.open(contestPath, 200)
	anon.wantContains(".contest-rules", "Nộp hồ sơ trực tuyến.")
	if got := e2eEval[bool](anon, `document.querySelector('.contest-rules script, .contest-rules img[onerror]') === null && document.title !== 'pwned'`); !got {
		t.Error("the rules' script reached the page")
	}

	e := env.newUser(t, "contest-enterprise")
	e.signInDemo(env.login("enterprise"))
	e.open(contestPath, 200)
	e.submit(`.page-header a[href$="/enter"]`, 200)
	e.submit(`form.contest-entry-form button[type=submit]`, 422)
	e.wantContains(`.field.has-error`, "Vui lòng nhập tên bài dự thi")
	e.fill("#title", "5S và SMED tại xưởng ép nhựa")
	e2eType(e, "#summary", "Giảm **70%** thời gian thay khuôn. <script>document.title='pwned'</script>")
	for _, code := range []string{"1", "2", "3", "4", "5"} {
		e2eType(e, "#answer-"+code, "Trả lời tiêu chí "+code+".")
	}
	e.fill(`.contest-grid tbody tr:nth-child(1) input[name=kpi_name]`, "Thời gian thay khuôn")
	e.fill(`.contest-grid tbody tr:nth-child(1) input[name=kpi_unit]`, "phút")
	e.fill(`.contest-grid tbody tr:nth-child(1) input[name=kpi_before]`, "72")
	e.fill(`.contest-grid tbody tr:nth-child(1) input[name=kpi_after]`, "24,5")
	e.fill(`.contest-grid tbody tr:nth-child(1) input[name=kpi_evidence]`, "Biên bản đo thời gian thay khuôn")
	e.submit(`form.contest-entry-form button[type=submit]`, 200)
	e.wantFlash("Đã lưu bài dự thi (bản nháp). Hãy đính kèm tài liệu và nộp trước hạn.")
	e.wantText("#entry-status", "Đang soạn")
	e.wantContains(".contest-summary strong", "70%")
	if got := e2eEval[bool](e, `document.querySelector('.contest-summary script') === null && document.title !== 'pwned'`); !got {
		t.Error("the entry's script reached the page")
	}
	entryPath := e.path()

	dir := t.TempDir()
	bad, good := filepath.Join(dir, "ghi-chu.pdf"), filepath.Join(dir, "bien-ban.pdf")
	if err := os.WriteFile(bad, []byte("chỉ là văn bản"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.do("choose the text file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bad}, chromedp.NodeReady))
	e.submit("#upload", 422)
	e.wantContains(".field.has-error", "Chỉ nhận tệp PDF")
	e.do("choose the PDF", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{good}, chromedp.NodeReady))
	e.submit("#upload", 200)
	e.wantFlash("Đã đính kèm tệp.")
	e.wantContains(".contest-files", "bien-ban.pdf")
	e.submit("#submit-entry", 200)
	e.wantFlash("Đã nộp bài dự thi.")
	e.wantText("#entry-status", "Đã nộp")

	m.open(contestPath+"/entries?status=submitted", 200)
	m.wantContains(".contest-entries", "5S và SMED tại xưởng ép nhựa")
	m.wantContains(".contest-entries", "Đầy đủ")
	m.open(entryPath, 200)
	m.click(`.contest-check input[value=accepted]`)
	m.submit("#check-entry", 200)
	m.wantFlash("Đã ghi nhận kết quả kiểm tra và gửi thư cho doanh nghiệp.")
	m.wantText("#entry-status", "Hợp lệ")
}
