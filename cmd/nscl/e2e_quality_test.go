package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// e2eQualityWorkspace: the enterprise user creates a process and a
// characteristic, enters subgroups on the form, uploads a CSV, sees the
// control chart drawn and an alert for an outlier, annotates it, opens the
// capability report and downloads the Excel export, edits the
// characteristic (an error shown inline, then saved) and downloads its PDF
// report. A ministry officer sees
// only the aggregates until the enterprise shares, then reads the chart
// without any form to change it.
func e2eQualityWorkspace(t *testing.T, env *e2eEnv) {
	u := env.newUser(t, "enterprise")
	u.signInDemo(env.login("enterprise"))
	u.submit(`nav.nav a[href="/quality"]`, 200)
	u.wantContains(".page-header h1", "Giám sát chất lượng (SPC)")
	u.submit(`.page-header a[href="/quality/processes/new"]`, 200)
	u.submit(`form[action="/quality/processes"] button[type=submit]`, 422)
	u.waitVisible("#name ~ .field-error")
	u.fill("#name", "Ép phun nắp chai E2E")
	u.fill("#line", "Máy ép số 2")
	u.submit(`form[action="/quality/processes"] button[type=submit]`, 200)
	u.wantText(".page-header h1", "Ép phun nắp chai E2E")
	u.wantFlash("Đã tạo quá trình.")

	u.submit(`.page-header a[href^="/quality/characteristics/new"]`, 200)
	u.fill("#name", "Độ dày thành E2E")
	u.fill("#unit", "mm")
	u.choose("#chart", "imr")
	u.fill("#subgroup_size", "1")
	u.fill("#lsl", "0,95")
	u.fill("#usl", "0,8")
	u.submit(`form[action="/quality/characteristics"] button[type=submit]`, 422)
	u.wantText("#usl ~ .field-error", "USL phải lớn hơn LSL.")
	u.fill("#lsl", "0,8")
	u.fill("#usl", "1,0")
	u.submit(`form[action="/quality/characteristics"] button[type=submit]`, 200)
	u.wantFlash("Đã tạo đặc tính chất lượng.")
	charPath := u.path()

	for _, v := range []string{"0,90", "0,91", "0,89", "0,90", "0,92"} {
		u.fill("#values", v)
		u.submit(`form[action$="/measurements"] button[type=submit]`, 200)
	}
	u.wantFlash("Đã lưu 1 phép đo.")

	csv := filepath.Join(t.TempDir(), "do-day.csv")
	var b strings.Builder
	b.WriteString("nhom;gia_tri\n")
	for i, v := range []float64{0.90, 0.91, 0.89, 0.905, 0.895, 0.90, 0.91, 0.90, 0.89, 0.90, 0.905, 0.91, 0.895, 0.90, 0.90} {
		fmt.Fprintf(&b, "L%02d;%s\n", i+1, strings.Replace(fmt.Sprint(v), ".", ",", 1))
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	u.do("choose the CSV", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{csv}))
	u.submit(`form[action$="/upload"] button[type=submit]`, 200)
	u.wantFlash("Đã lưu 15 phép đo.")

	// An outlier: an alert in the flash and in the recent alerts.
	u.fill("#label", "ca 3")
	u.fill("#values", "1,2")
	u.submit(`form[action$="/measurements"] button[type=submit]`, 200)
	u.wantContains(".flash-error", "cảnh báo mới")
	u.wantContains(".quality-alert-list", "ca 3")
	u.waitVisible(".chart canvas")

	u.fill("#cause", "Nhiệt độ khuôn tăng")
	u.fill("#action", "Chỉnh lại bộ điều nhiệt")
	u.submit(`form[action$="/annotations"] button[type=submit]`, 200)
	u.wantFlash("Đã lưu ghi chú.")
	u.wantContains(".quality-annotations", "Nhiệt độ khuôn tăng")

	u.submit(`.page-header a[href*="/capability"]`, 200)
	u.wantContains(".page-header h1", "Báo cáo năng lực quá trình")
	u.waitVisible(".quality-indices")
	u.waitVisible(".chart canvas")
	got := e2eEval[string](u, `fetch(document.querySelector('a[href*="export.xlsx"]').href).then(r => r.status + ' ' + r.headers.get('content-type'))`)
	if got != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("the Excel export answered %q", got)
	}

	// Edit the characteristic: the error inline, then saved; the data fix
	// the subgroup size.
	u.open(charPath, 200)
	u.submit(`.page-header a[href="`+charPath+`/edit"]`, 200)
	u.wantContains(".page-header h1", "Sửa đặc tính chất lượng")
	if got := e2eEval[bool](u, `document.querySelector('#subgroup_size').readOnly`); !got {
		t.Error("the subgroup size can be changed although there are measurements")
	}
	u.fill("#usl", "0,5")
	u.submit(`form[action="`+charPath+`"] button[type=submit]`, 422)
	u.wantText("#usl ~ .field-error", "USL phải lớn hơn LSL.")
	u.fill("#usl", "1,1")
	u.fill("#name", "Độ dày thành E2E đã sửa")
	u.submit(`form[action="`+charPath+`"] button[type=submit]`, 200)
	u.wantFlash("Đã lưu đặc tính chất lượng.")
	u.wantContains(".page-header h1", "Độ dày thành E2E đã sửa")

	// The PDF report, linked from the chart page.
	got = e2eEval[string](u, `fetch(document.querySelector('.page-header a[href*="/report.pdf"]').href)
		.then(async r => r.status + ' ' + r.headers.get('content-type') + ' ' + (await r.text()).slice(0, 5))`)
	if got != "200 application/pdf %PDF-" {
		t.Errorf("the PDF report answered %q", got)
	}

	// The ministry officer: aggregates only, and no access to the chart.
	m := env.newUser(t, "ministry")
	m.signInDemo(env.login("ministry"))
	m.submit(`nav.nav a[href="/quality"]`, 200)
	m.wantText(".page-header h1", "Chỉ số chất lượng tổng hợp")
	m.waitVisible(".quality-enterprises")
	m.open(charPath, 404)

	// The enterprise shares; the officer reads the chart, without forms.
	u.open("/quality", 200)
	u.submit(`form[action="/quality/sharing"] button[type=submit]`, 200)
	u.wantFlash("Đã bật chia sẻ với cơ quan quản lý.")
	t.Cleanup(func() {
		u.open("/quality", 200)
		u.submit(`form[action="/quality/sharing"] button[type=submit]`, 200)
	})
	m.open("/quality", 200)
	m.submit(`.quality-enterprises a[href^="/quality/enterprises/"]`, 200)
	m.wantContains(".flash-info", "không thể thay đổi")
	m.submit(`a[href="`+charPath+`"]`, 200)
	m.waitVisible(".chart canvas")
	if n := len(m.texts(`form[action$="/measurements"]`)); n != 0 {
		t.Errorf("the officer sees %d data entry forms on a shared chart", n)
	}
}
