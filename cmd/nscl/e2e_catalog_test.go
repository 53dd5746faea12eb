package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/catalog"
)

// e2eCatalog drives the catalog pages in the browser: an anonymous visitor
// opens "Công cụ & tiêu chuẩn" from the navigation, a tool and its
// prerequisite, then the standards, finds TCVN ISO 9001:2015 with a query
// without diacritics and follows its replacement chain; the pages fit a 360
// px phone and switch to English. The ministry officer edits a tool's
// purpose (an inline error first) and imports an XLSX of standards: the
// preview shows the bad row and imports nothing, the fixed file is imported.
func e2eCatalog(t *testing.T, env *e2eEnv) {
	u := env.newUser(t, "visitor")
	u.open("/", 200)
	u.submit(`nav.nav a[href="/tools"]`, 200)
	u.wantText(".page-header h1", "Công cụ cải tiến năng suất, chất lượng")
	if n := len(u.texts("section[data-kind] .tool-card")); n < len(catalog.BuiltinTools) {
		t.Errorf("%d tool cards, want %d", n, len(catalog.BuiltinTools))
	}
	u.wantContains(`section[data-kind="system"] h2`, "Hệ thống quản lý")
	// The sector filter: JIT does not fit food, 5S fits everything.
	u.choose("#sector", "food")
	u.submit(`form.filters button[type=submit]`, 200)
	if u.visible(`.tool-card[data-code="jit"]`) || !u.visible(`.tool-card[data-code="5s"]`) {
		t.Errorf("sector food: JIT shown %v, 5S shown %v", u.visible(`.tool-card[data-code="jit"]`), u.visible(`.tool-card[data-code="5s"]`))
	}
	u.open("/tools", 200)
	u.submit(`.tool-card[data-code="tpm"] h3 a`, 200)
	u.wantPath("/tools/tpm")
	u.wantContains(".page-header h1", "TPM")
	u.wantContains("#purpose", "OEE")
	u.submit(`#prerequisites a[href="/tools/5s"]`, 200)
	u.wantContains(".page-header h1", "5S")
	u.open("/tools/iso9001", 200)
	u.wantContains("#standards", "TCVN ISO 9001:2015")

	// The standards: found without diacritics, with the replacement chain.
	u.open("/tools", 200)
	u.submit(`nav[aria-label="Công cụ và tiêu chuẩn"] a[href="/standards"]`, 200)
	u.wantText(".page-header h1", "Tiêu chuẩn quốc gia TCVN, quy chuẩn QCVN")
	u.fill("#q", "quan ly chat luong")
	u.choose("#status", "in_force")
	u.submit(`form.filters button[type=submit]`, 200)
	if codes := u.texts(".std-list tbody td:first-child a"); !containsStr(codes, "TCVN ISO 9001:2015 (ISO 9001:2015)") {
		t.Fatalf("searching quan ly chat luong finds %q", codes)
	}
	u.open("/standards?q=iso+9001", 200)
	u.submit(`.std-list tbody tr:last-child a`, 200)
	u.wantContains(".page-header h1", "TCVN ISO 9001:2015")
	u.wantContains("#replaces", "TCVN ISO 9001:2008")
	u.submit(`#replaces a`, 200)
	u.wantContains(".page-header h1", "TCVN ISO 9001:2008")
	u.wantContains("#chain", "TCVN ISO 9001:2015")

	// English.
	u.open("/tools", 200)
	u.submit(`form.lang-switch button[value="en"]`, 200)
	u.wantPath("/tools")
	u.wantText(".page-header h1", "Productivity and quality improvement tools")
	u.open("/standards?q=9001", 200)
	u.wantText(".page-header h1", "National standards (TCVN) and technical regulations (QCVN)")
	u.wantContains(".std-list", "Quality management systems – Requirements")
	u.submit(`form.lang-switch button[value="vi"]`, 200)
	u.wantText(".page-header h1", "Tiêu chuẩn quốc gia TCVN, quy chuẩn QCVN")

	// A 360 px phone.
	phone := chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)
	u.do("phone screen", phone)
	for _, p := range []string{"/tools", "/tools/tpm", "/standards?q=iso", "/standards?q=9001+2008"} {
		u.open(p, 200)
		type size struct{ Inner, Scroll int }
		if s := e2eEval[size](u, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 || s.Inner != 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, s.Scroll)
		}
	}

	// The ministry officer edits a tool's purpose.
	ctx := context.Background()
	before, err := env.srv.app.catalog.Tool(ctx, catalog.ToolTPM)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		m := env.user(t, env.login("ministry").Email).Actor()
		if _, err := env.srv.app.catalog.UpdateTool(auth.WithActor(ctx, m), catalog.ToolTPM, catalog.InputOf(before)); err != nil {
			t.Errorf("restore TPM: %v", err)
		}
	})
	m := env.newUser(t, "ministry")
	m.signInDemo(env.login("ministry"))
	m.open("/tools/tpm", 200)
	m.submit(`.page-header a[href="/tools/tpm/edit"]`, 200)
	m.fill("#purpose_vi", " ")
	m.submit(`#tool-form button[type=submit]`, 422)
	m.wantText("#purpose_vi ~ .field-error", "Nhập mục đích (tiếng Việt).")
	// The field is empty now (chromedp.Clear, in fill, fails on an empty
	// textarea): type into it.
	m.do("type the purpose", chromedp.SendKeys(chromedp.CSS("#purpose_vi"), "Duy trì thiết bị với sự tham gia của mọi người; mục đích sửa trong thử nghiệm e2e.", chromedp.NodeVisible))
	m.submit(`#tool-form button[type=submit]`, 200)
	m.wantPath("/tools/tpm")
	m.wantFlash("Đã lưu.")
	m.wantContains("#purpose", "mục đích sửa trong thử nghiệm e2e")

	// An XLSX with a bad row: the preview shows it and nothing is imported;
	// the fixed file is.
	dir := t.TempDir()
	write := func(name string, rows [][]string) string {
		f := excelize.NewFile()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			vals := make([]any, len(r))
			for j, v := range r {
				vals[j] = v
			}
			if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
				t.Fatal(err)
			}
		}
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := []string{"Số hiệu", "Tên tiếng Việt", "Tình trạng", "Thay thế bởi", "Mã ICS"}
	rowA := []string{"TCVN 13999:2024", "Kiểm tra e2e – Thiết bị thử nghiệm – Yêu cầu chung", "Còn hiệu lực", "", "19.020"}
	bad := write("bad.xlsx", [][]string{head, rowA, {"TCVN 13998-2024", "Kiểm tra e2e – bản cũ", "Bị thay thế", "TCVN 13999:2024", "19.020"}})
	good := write("good.xlsx", [][]string{head, rowA, {"TCVN 13998:2020", "Kiểm tra e2e – bản cũ", "Bị thay thế", "TCVN 13999:2024", "19.020"}})
	m.open("/standards", 200)
	m.submit(`.page-header a[href="/standards/import"]`, 200)
	m.do("choose the bad file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bad}))
	m.submit(`#import-form button[type=submit]`, 200)
	m.wantText("#imp-bad", "1")
	m.waitVisible("#imp-has-errors")
	if m.visible("#imp-confirm") {
		t.Error("the preview of a file with a bad row offers to import it")
	}
	m.wantContains(".imp-rows tr.has-error", "TCVN 13998-2024")
	m.wantContains(".imp-rows tr.has-error", "không đúng quy cách")
	m.do("phone screen", phone)
	type size struct{ Inner, Scroll int }
	if s := e2eEval[size](m, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 || s.Inner != 360 {
		t.Errorf("the import preview is %d px wide on a 360 px screen", s.Scroll)
	}
	m.do("desktop screen", chromedp.ResetViewport())
	m.do("choose the fixed file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{good}))
	m.submit(`#import-form button[type=submit]`, 200)
	m.wantText("#imp-bad", "0")
	m.submit("#imp-confirm", 200)
	m.wantPath("/standards")
	m.wantFlash("Đã nhập tiêu chuẩn: 2 mới, 0 cập nhật.")
	m.open("/standards?q=kiem+tra+e2e+ban+cu", 200)
	m.submit(`.std-list a`, 200)
	m.wantContains(".page-header h1", "TCVN 13998:2020")
	m.wantContains("#chain", "TCVN 13999:2024")
	if !strings.Contains(m.text("dl.kv"), "Bị thay thế") {
		t.Errorf("the imported old standard is not shown as replaced: %q", m.text("dl.kv"))
	}
}
