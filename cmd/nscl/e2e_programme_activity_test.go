package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// e2eActivities drives a proposal from draft to approval in the browser:
// the demo enterprise user finds an open ministry call on /activities,
// fills the proposal with a budget that does not add up (inline error),
// fixes it, attaches a file that is not what its name says (refused) then
// a PDF, submits and sees the screening's reasons; a ministry officer
// assigns the demo expert as reviewer; the expert declares no conflict of
// interest, scores out of range (inline error) then within; the officer
// approves with a decision number (an approved budget above the request
// refused first); the proposer sees the decision and the history. One page
// in English, the list, form and page on a 360 px phone.
func e2eActivities(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	sys := auth.SystemContext(ctx)
	entLogin, exLogin, minLogin := env.login("enterprise"), env.login("expert"), env.login("ministry")
	owner := env.user(t, entLogin.Email)
	expert := env.user(t, exLogin.Email)
	firm, err := env.srv.app.registry.FindEnterpriseByID(sys, registry.EnterpriseID(owner.EnterpriseID))
	if err != nil {
		t.Fatal(err)
	}
	// The demo firm must pass the breadth track's rules at a 40% share for
	// the proposal to reach review; the rules are the registry's.
	if el, err := env.srv.app.registry.Eligibility(sys, firm.ID, registry.TrackBreadth, 40, time.Now()); err != nil || !el.Eligible {
		t.Fatalf("the demo enterprise is not eligible for breadth at 40%%: %+v %v", el, err)
	}
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })
	now := time.Now()
	call := &programme.Call{Code: "BCT-2026-E2", Title: "Mô hình điểm cải tiến năng suất (kiểm thử)", Track: programme.TrackBreadth,
		Types: []programme.ActivityType{programme.TypePilotModel}, MaxStateBudget: 500_000_000,
		OpensAt: now.AddDate(0, 0, -2), Deadline: now.AddDate(0, 0, 20), Status: programme.CallOpen}
	if err := env.srv.app.db.Programme().CreateCall(ctx, call); err != nil {
		t.Fatal(err)
	}

	// The enterprise writes the proposal.
	e := env.newUser(t, "activity-enterprise")
	e.signInDemo(entLogin)
	e.submit(`nav.nav a[href="/activities"]`, 200)
	e.wantText(".page-header h1", "Nhiệm vụ và hồ sơ đề xuất")
	e2eWantXLSX(e, `.page-header a.xlsx-link`, "/activities.xlsx")
	e.submit(fmt.Sprintf(`a[href="/activities/new?call=%d"]`, call.ID), 200)
	e.wantText(".page-header h1", "Hồ sơ đề xuất nhiệm vụ")
	e.wantContains(".kv", firm.Name)
	e.fill("#title", "Mô hình Lean tại xưởng sản xuất chính")
	e2eType(e, "#summary", "Áp dụng Lean và 5S cho hai dây chuyền, giảm phế phẩm và tăng OEE.")
	e2eType(e, "#d-pilot_model-scope", "Dây chuyền 1 và 2, 120 lao động.")
	e2eType(e, "#d-pilot_model-replication_plan", "Hai hội thảo chia sẻ và tài liệu hướng dẫn.")
	row := func(n int, name string) string {
		return fmt.Sprintf(`.act-budget tbody tr:nth-child(%d) input[name=%q]`, n, name)
	}
	e.fill(row(1, "budget_item"), "Thuê chuyên gia tư vấn")
	e.fill(row(1, "budget_state"), "200.000.000")
	e.fill(row(1, "budget_counterpart"), "80.000.000")
	e.fill(row(2, "budget_item"), "Đào tạo tại chỗ")
	e.fill(row(2, "budget_state"), "100.000.000")
	e.fill(row(2, "budget_counterpart"), "120.000.000")
	e.fill("#state_budget", "350.000.000")
	e.fill("#counterpart", "200.000.000")
	e.choose(`.act-kpis tbody tr:nth-child(1) select`, "oee")
	e.fill(`.act-kpis tbody tr:nth-child(1) input[name=kpi_baseline]`, "55")
	e.fill(`.act-kpis tbody tr:nth-child(1) input[name=kpi_target]`, "70")
	e.submit(`form.act-form button[type=submit]`, 422)
	e.wantContains("#state_budget ~ .field-error", "không khớp tổng các khoản chi 300.000.000 ₫")
	e.fill("#state_budget", "300.000.000")
	e.submit(`form.act-form button[type=submit]`, 200)
	e.wantFlash("Đã lưu bản nháp hồ sơ.")
	actPath := e.path()
	if !strings.HasPrefix(actPath, "/activities/") {
		t.Fatalf("after saving the page is %s", actPath)
	}
	e.wantContains(".act-status", "Bản nháp")
	e.wantText(".act-share", "40,0 %")

	// Attachments: the content decides, not the name.
	dir := t.TempDir()
	fake, pdf := filepath.Join(dir, "du-toan.pdf"), filepath.Join(dir, "thuyet-minh.pdf")
	if err := os.WriteFile(fake, []byte("MZ\x90\x00 this is a program"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.do("choose a file", chromedp.SetUploadFiles("#file", []string{fake}, chromedp.NodeVisible))
	e.submit(`form[action$="/files"] button[type=submit]`, 422)
	e.wantContains("#file ~ .field-error", "Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG")
	e.do("choose a file", chromedp.SetUploadFiles("#file", []string{pdf}, chromedp.NodeVisible))
	e.submit(`form[action$="/files"] button[type=submit]`, 200)
	e.wantFlash("Đã đính kèm tệp.")
	e.wantContains(".act-files", "thuyet-minh.pdf")

	e.submit(`form[action$="/submit"] button[type=submit]`, 200)
	e.wantFlash("Hồ sơ đã nộp và đạt sàng lọc tự động.")
	e.wantContains(".act-status", "Đã nộp, chờ thẩm định")
	e.wantContains(".act-reasons", "Nộp trước hạn")
	e.wantContains(".act-reasons", "Dự toán khớp")
	e.wantContains(".act-reasons", "vốn đối ứng 40,0% trong khoảng 30–50%")
	if strings.Contains(e.text(".act-reasons"), "✗") {
		t.Errorf("a failed reason on a passed screening: %s", e.text(".act-reasons"))
	}

	// The ministry assigns the demo expert.
	m := env.newUser(t, "activity-ministry")
	m.signInDemo(minLogin)
	m.submit(`nav.nav a[href="/activities"]`, 200)
	e2eType(m, "#q", "mo hinh lean xuong")
	m.submit(`form.filters button[type=submit]`, 200)
	m.submit(fmt.Sprintf(`.act-list a[href=%q]`, actPath), 200)
	m.submit(`form[action$="/reviewers"] button[type=submit]`, 422)
	m.wantContains(`form[action$="/reviewers"] .field-error`, "Vui lòng chọn ít nhất một người thẩm định.")
	m.click(fmt.Sprintf(`input[name=reviewer][value="%d"]`, int64(expert.ID)))
	m.submit(`form[action$="/reviewers"] button[type=submit]`, 200)
	m.wantFlash("Đã phân công thẩm định.")
	m.wantContains(".act-status", "Đang thẩm định")
	m.wantContains(".act-review", expert.Name)

	// The expert declares no conflict and scores.
	x := env.newUser(t, "activity-expert")
	x.signInDemo(exLogin)
	x.submit(`nav.nav a[href="/activities"]`, 200)
	x.submit(fmt.Sprintf(`.act-list a[href=%q]`, actPath), 200)
	x.submit(`a[href$="/review"]`, 200)
	x.wantContains("#act-declare-heading", "Cam kết về xung đột lợi ích")
	x.click(`input[name=conflict][value=no]`)
	x.submit(`form[action$="/review/declare"] button[type=submit]`, 200)
	x.wantFlash("Đã ghi nhận cam kết. Mời chấm điểm.")
	for code, v := range map[string]string{"relevance": "18", "feasibility": "16", "impact": "35", "replicability": "15", "budget": "8"} {
		x.fill("#score-"+code, v)
	}
	x.submit(`form[action$="/review"] button[type=submit]`, 422)
	x.wantText("#score-impact ~ .field-error", "Hiệu quả dự kiến (KPI): điểm từ 0 đến 30.")
	x.fill("#score-impact", "25")
	e2eType(x, "#comment", "Kế hoạch rõ, KPI đo được.")
	x.submit(`form[action$="/review"] button[type=submit]`, 200)
	x.wantFlash("Đã gửi phiếu thẩm định.")
	x.wantContains(".act-review", "82/100")

	// The ministry approves.
	m.open(actPath, 200)
	m.wantContains(".act-score", "82")
	m.fill("#decision_no", "125/QĐ-BCT")
	m.fill("#decision_date", vn.Date(now))
	m.fill("#signer", "Nguyễn Văn Hùng")
	m.fill("#approved_budget", "320.000.000")
	m.submit(`form[action$="/decide"] button[type=submit]`, 422)
	m.wantContains("#approved_budget ~ .field-error", "không vượt ngân sách đề nghị 300.000.000 ₫")
	m.fill("#approved_budget", "280.000.000")
	m.submit(`form[action$="/decide"] button[type=submit]`, 200)
	m.wantFlash("Đã phê duyệt hồ sơ.")
	m.wantContains(".act-status", "Được phê duyệt")
	m.wantContains(".act-decision", "125/QĐ-BCT")

	// The proposer sees the decision, the mean score and the history.
	e.open(actPath, 200)
	e.wantContains(".act-decision", "280.000.000 ₫")
	e.wantContains(".act-score", "82")
	e.wantContains(".act-timeline", "Được phê duyệt")
	if n := len(e.texts(".act-timeline li")); n != 3 {
		t.Errorf("history has %d steps, want 3 (submitted, in review, approved)", n)
	}
	if strings.Contains(e.text("main"), "Kế hoạch rõ, KPI đo được.") {
		t.Error("the proposer sees the reviewer's comment")
	}

	// English.
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantContains("#act-screen-heading", "Automatic screening")
	e.wantContains(".act-status", "Approved")
	e.wantContains(".act-reasons", "counterpart share 40.0% within 30–50%")
	e.submit(`form.lang-switch button[value="vi"]`, 200)
	e.wantContains(".act-status", "Được phê duyệt")

	// A phone: nothing scrolls sideways.
	e.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range []string{"/activities", actPath, fmt.Sprintf("/activities/new?call=%d", call.ID)} {
		e.open(p, 200)
		if w := e2eEval[int](e, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, w)
		}
	}
}
