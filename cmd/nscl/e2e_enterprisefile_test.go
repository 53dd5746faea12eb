package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/registry"
)

// e2eEnterpriseFiles drives the import and export pages in the browser: the
// provincial officer of Hà Nội uploads a messy semicolon CSV (titles, a
// numbering row, a group heading, a total, a signature, a column whose
// header is not recognised), maps that column to the employees on the
// preview, confirms, watches the job's progress bar reach the end, downloads
// the report of the rejected rows, and exports the province's list. The
// preview fits a 360 px phone.
func e2eEnterpriseFiles(t *testing.T, env *e2eEnv) {
	var codes []string
	for seq := 4_400_001; len(codes) < 3; seq++ {
		p := fmt.Sprintf("97%07d", seq)
		if d, ok := registry.TaxCheckDigit(p); ok {
			codes = append(codes, p+string(d))
		}
	}
	csv := "SỞ CÔNG THƯƠNG HÀ NỘI;;;;;\n" +
		"DANH SÁCH DOANH NGHIỆP ĐĂNG KÝ THAM GIA CHƯƠNG TRÌNH NĂM 2025;;;;;\n" +
		";;;;;\n" +
		"STT;Tên đơn vị;MST;Địa bàn;Số người;Doanh thu 2024 (triệu đồng)\n" +
		"(1);(2);(3);(4);(5);(6)\n" +
		"I. KHU VỰC NỘI THÀNH;;;;;\n" +
		"1;Công ty TNHH Cơ khí Đông Anh E2E;" + codes[0] + ";Hà Nội;85;12.345,5\n" +
		"2;Công ty CP Nhựa Long Biên E2E;" + codes[1] + ";Hà Nội;12;1.500\n" +
		"3;Công ty Dệt Sai Mã E2E;" + codes[2][:9] + "0;Hà Nội;7;300\n" +
		"Tổng cộng;;;;104;14.145,5\n" +
		";Người lập biểu;;;;\n"
	if codes[2][9] == '0' {
		csv = strings.Replace(csv, codes[2][:9]+"0", codes[2][:9]+"1", 1)
	}
	file := filepath.Join(t.TempDir(), "ha-noi-2025.csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}

	u := env.newUser(t, "province")
	u.signInDemo(env.login("province"))
	u.open("/enterprises/import", 200)
	u.wantContains(".page-header h1", "Nhập danh sách doanh nghiệp")
	u.do("choose the CSV", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	u.submit(`#import-form button[type=submit]`, 200)
	u.wantContains(".page-header h1", "Kiểm tra các cột trước khi nhập")
	if got := e2eEval[string](u, `document.querySelector('#col_2').value`); got != "tax_code" {
		t.Errorf("column C is mapped to %q, want tax_code", got)
	}
	if got := e2eEval[string](u, `document.querySelector('#col_4').value`); got != "" {
		t.Errorf("column E (Số người) is mapped to %q, want nothing yet", got)
	}
	if got := e2eEval[string](u, `document.querySelector('#header_row').value`); got != "4" {
		t.Errorf("header row %q, want 4", got)
	}

	// The preview fits a phone: the table scrolls inside its frame.
	u.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	type size struct{ Inner, Scroll int }
	if s := e2eEval[size](u, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 {
		t.Errorf("the preview is %d px wide on a 360 px screen", s.Scroll)
	}
	u.do("desktop screen", chromedp.EmulateViewport(1280, 900))

	// The officer maps "Số người" to the employees and looks again.
	u.choose("#col_4", "employees")
	u.submit("#mapping-apply", 200)
	if got := e2eEval[string](u, `document.querySelector('#col_4').value`); got != "employees" {
		t.Errorf("after the correction column E is %q", got)
	}
	u.submit("#import-confirm", 200)
	if !strings.HasPrefix(u.path(), "/jobs/") {
		t.Fatalf("after confirming, at %s", u.path())
	}
	// The progress bar, refreshed by htmx, reaches the end.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(u.text("#job-progress .badge"), "Hoàn thành") {
		if time.Now().After(deadline) {
			u.fail("wait for the import", fmt.Errorf("still %q", u.text("#job-progress")))
		}
		time.Sleep(200 * time.Millisecond)
	}
	u.wantContains("#job-progress", "Đã thêm mới 2, cập nhật 0, từ chối 1 dòng.")
	if got := u.attr("#job-progress progress", "value"); got != "100" {
		t.Errorf("progress value %s", got)
	}
	got := e2eEval[string](u, `fetch(document.querySelector('#job-progress a[href$="/result"]').href).then(r => r.status + ' ' + r.headers.get('content-type'))`)
	if got != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("the report answered %q", got)
	}

	// Export the province's list, filtered like the list page.
	got = e2eEval[string](u, `fetch('/enterprises/export?format=csv&q=e2e').then(async r => r.status + ' ' + r.headers.get('content-type') + '\n' + await r.text())`)
	if !strings.HasPrefix(got, "200 text/csv") || !strings.Contains(got, codes[0]) || !strings.Contains(got, "Công ty TNHH Cơ khí Đông Anh E2E") ||
		strings.Contains(got, "Sai Mã") {
		t.Errorf("the CSV export answered %q", got)
	}
	got = e2eEval[string](u, `fetch('/enterprises/export?format=json&q=dong+anh+e2e').then(async r => r.status + ' ' + await r.text())`)
	if !strings.HasPrefix(got, "200 ") || !strings.Contains(got, `"employees":85`) || !strings.Contains(got, `"revenue_vnd":12345500000`) {
		t.Errorf("the JSON export answered %q", got)
	}
}
