package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/programme"
	"nscl/internal/vn"
)

// e2eExecution drives an activity's execution in the browser: an approved
// activity of the demo enterprise (made through the core store); the
// ministry officer signs the contract with milestones whose sum is wrong
// (an inline error saying by how much) then right; the enterprise reports
// progress with an evidence file; the officer accepts and disburses; the
// enterprise sends the final report (an inline error first); the officer
// assigns the demo assessor as verifier; the assessor verifies; the
// officer closes. The page fits a 360 px phone and switches to English.
func e2eExecution(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	entLogin, minLogin, asLogin := env.login("enterprise"), env.login("ministry"), env.login("assessor")
	owner := env.user(t, entLogin.Email)
	assessor := env.user(t, asLogin.Email)
	st := env.srv.app.db.Programme()
	now := time.Now()
	c := &programme.Call{Code: fmt.Sprintf("E2E-EXEC-%d", now.UnixNano()), Title: "Đợt mô hình điểm (e2e thực hiện)", Track: programme.TrackBreadth,
		OpensAt: now.AddDate(0, -3, 0), Deadline: now.AddDate(0, -1, 0), Status: programme.CallClosed}
	if err := st.CreateCall(ctx, c); err != nil {
		t.Fatal(err)
	}
	a := &programme.Activity{CallID: c.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: now.Year(),
		Title: "Mô hình điểm Lean tại xưởng lắp ráp", EnterpriseID: owner.EnterpriseID, Status: programme.StatusApproved,
		StateBudget: 300_000_000, Counterpart: 300_000_000, ApprovedBudget: 300_000_000, Tools: []string{"lean"}, CreatedBy: owner.ID,
		DecisionNo: "45/QĐ-BCT", DecisionDate: now.In(vn.Zone).AddDate(0, 0, -7).Format(time.DateOnly),
		KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 60, Target: 75}}}
	if err := st.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	page := "/activities/" + strconv.FormatInt(int64(a.ID), 10) + "/execution"
	day := func(d int) string { return vn.Date(now.AddDate(0, 0, d)) }
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })

	// The ministry officer signs the contract: a wrong sum first.
	m := env.newUser(t, "execution-ministry")
	m.signInDemo(minLogin)
	m.submit(`nav.nav a[href="/activities"]`, 200)
	m.open(page, 200)
	m.wantText(".activity-tabs a.is-current", "Thực hiện và giải ngân")
	m.wantContains(".exec-status", "Được phê duyệt")
	m.fill("#contract_no", "12/2026/HĐ-NSCL")
	m.fill("#contract_date", day(-30)) // before the approval decision (7 days ago)
	m.fill("#ms_title_1", "Khảo sát, đào tạo Lean")
	m.fill("#ms_due_1", day(30))
	m.fill("#ms_amount_1", "100.000.000")
	m.fill("#ms_title_2", "Triển khai dòng chảy một sản phẩm")
	m.fill("#ms_due_2", day(60))
	m.fill("#ms_amount_2", "100.000.000")
	m.submit("#sign-contract", 422)
	m.wantContains("#contract_date ~ .field-error", "trước ngày quyết định phê duyệt ("+day(-7)+")")
	m.fill("#contract_date", day(0))
	m.submit("#sign-contract", 422)
	m.wantContains("#milestones-field .field-error", "ít hơn ngân sách được duyệt 300.000.000 ₫ là 100.000.000 ₫")
	m.fill("#ms_amount_2", "200.000.000")
	m.submit("#sign-contract", 200)
	m.wantFlash("Đã ký hợp đồng; nhiệm vụ bắt đầu thực hiện.")
	m.wantContains(".exec-status", "Đang thực hiện")
	m.wantContains(".exec-contract", "12/2026/HĐ-NSCL")
	ms, err := st.FindMilestones(ctx, a.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("milestones %+v, %v", ms, err)
	}
	m1, m2 := ms[0].ID, ms[1].ID

	// The enterprise reports progress with an evidence file.
	e := env.newUser(t, "execution-enterprise")
	e.signInDemo(entLogin)
	e.open(page, 200)
	pdf := filepath.Join(t.TempDir(), "bien-ban-nghiem-thu.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.fill(fmt.Sprintf("#progress-%d", m1), "100")
	e2eType(e, fmt.Sprintf("#report-%d", m1), " ")
	e.submit(fmt.Sprintf("#ms-card-%d form.exec-report-form button[type=submit]", m1), 422)
	e.wantText(fmt.Sprintf("#report-%d ~ .field-error", m1), "Vui lòng nhập nội dung báo cáo.")
	e.fill(fmt.Sprintf("#progress-%d", m1), "100")
	e2eType(e, fmt.Sprintf("#report-%d", m1), "Đã đào tạo Lean cho 35 công nhân, lập sơ đồ chuỗi giá trị.")
	e.do("attach the evidence", chromedp.SetUploadFiles(chromedp.CSS(fmt.Sprintf("#files-%d", m1)), []string{pdf}, chromedp.NodeVisible))
	e.submit(fmt.Sprintf("#ms-card-%d form.exec-report-form button[type=submit]", m1), 200)
	e.wantFlash("Đã gửi báo cáo tiến độ.")
	e.wantContains(fmt.Sprintf("#ms-card-%d", m1), "bien-ban-nghiem-thu.pdf")
	// A report needs evidence.
	e.fill(fmt.Sprintf("#progress-%d", m2), "100")
	e2eType(e, fmt.Sprintf("#report-%d", m2), "Dòng chảy một sản phẩm chạy ổn định 4 tuần.")
	e.submit(fmt.Sprintf("#ms-card-%d form.exec-report-form button[type=submit]", m2), 422)
	e.wantText(fmt.Sprintf("#files-%d ~ .field-error", m2), "Vui lòng đính kèm ít nhất một tệp minh chứng.")
	e.fill(fmt.Sprintf("#progress-%d", m2), "100")
	e2eType(e, fmt.Sprintf("#report-%d", m2), "Dòng chảy một sản phẩm chạy ổn định 4 tuần.")
	e.do("attach the evidence", chromedp.SetUploadFiles(chromedp.CSS(fmt.Sprintf("#files-%d", m2)), []string{pdf}, chromedp.NodeVisible))
	e.submit(fmt.Sprintf("#ms-card-%d form.exec-report-form button[type=submit]", m2), 200)
	e.wantFlash("Đã gửi báo cáo tiến độ.")

	// The officer accepts both and pays the first.
	m.open(page, 200)
	m.wantContains(fmt.Sprintf("#ms-%d .exec-ms-status", m1), "Đã báo cáo")
	for _, id := range []programme.MilestoneID{m1, m2} {
		m.submit(fmt.Sprintf(`#ms-card-%d form.exec-decide-form button[value="accept"]`, id), 200)
		m.wantFlash("Đã ghi nhận quyết định về mốc.")
	}
	// An amount with a decimal comma and a payment dated tomorrow.
	m.choose("#milestone", strconv.FormatInt(int64(m1), 10))
	m.fill("#amount", "1,5")
	m.fill("#paid_on", day(1))
	m.fill("#reference", "UNC-0001")
	m.submit("#disburse", 422)
	m.wantContains("#amount ~ .field-error", "Số tiền không hợp lệ: viết số đồng, ví dụ 1.500.000.")
	m.wantContains("#paid_on ~ .field-error", "Ngày chi không được sau hôm nay.")
	m.choose("#milestone", strconv.FormatInt(int64(m1), 10))
	m.fill("#amount", "150.000.000")
	m.fill("#paid_on", day(0))
	m.fill("#reference", "UNC-0001")
	m.submit("#disburse", 422)
	m.wantContains("#amount ~ .field-error", "100.000.000 ₫")
	m.choose("#milestone", strconv.FormatInt(int64(m1), 10))
	m.fill("#amount", "100.000.000")
	m.submit("#disburse", 200)
	m.wantFlash("Đã ghi nhận giải ngân.")
	m.wantText(".exec-disbursed", "100.000.000 ₫")
	m.wantContains(".exec-disbursements", "UNC-0001")

	// The enterprise sends the final report.
	e.open(page, 200)
	e.fill("#kpi-oee-actual", "72,5")
	e.submit("#send-final", 422)
	e.wantText("#summary ~ .field-error", "Vui lòng nhập tóm tắt kết quả.")
	e2eType(e, "#summary", "OEE tăng từ 60% lên 72,5%; thời gian chờ giảm một nửa.")
	e.submit("#send-final", 200)
	e.wantFlash("Đã gửi báo cáo tổng kết.")
	e.wantContains(".exec-status", "Đang nghiệm thu")

	// The officer assigns the demo assessor; the assessor verifies.
	m.open(page, 200)
	m.choose("#verifier", strconv.FormatInt(int64(assessor.ID), 10))
	m.submit("#assign-verifier", 200)
	m.wantFlash("Đã phân công người xác nhận.")
	m.wantContains(".exec-verifier", asLogin.Email)
	v := env.newUser(t, "execution-assessor")
	v.signInDemo(asLogin)
	v.open(page, 200)
	if got := v.attr("#verify-oee", "value"); got != "72,5" {
		t.Errorf("the verifier's form shows %q, want the reported 72,5", got)
	}
	v.submit("#verify", 200)
	v.wantFlash("Đã xác nhận các giá trị KPI.")
	v.wantContains("#kpi-oee .exec-kpi-verified", "Đã xác nhận")

	// The officer closes.
	m.open(page, 200)
	m.submit("#close-activity", 200)
	m.wantFlash("Nhiệm vụ đã kết thúc.")
	m.wantContains(".exec-status", "Đã kết thúc")

	// The API gives the same milestones and payments.
	api := e2eEval[string](e, fmt.Sprintf(`fetch('/api/v1/activities/%d/disbursements').then(r => r.text())`, a.ID))
	if !strings.Contains(api, `"reference":"UNC-0001"`) || !strings.Contains(api, `"amount":100000000`) {
		t.Errorf("the API's disbursements: %s", api)
	}
	api = e2eEval[string](e, fmt.Sprintf(`fetch('/api/v1/activities/%d/milestones').then(r => r.text())`, a.ID))
	if strings.Count(api, `"status":"accepted"`) != 2 {
		t.Errorf("the API's milestones: %s", api)
	}

	// The enterprise on a phone, then in English.
	e.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	e.open(page, 200)
	if w := e2eEval[int](e, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("%s is %d px wide on a 360 px screen", page, w)
	}
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantContains(".exec-status", "Closed")
	e.wantText(".activity-tabs a.is-current", "Execution and disbursement")
	e.wantContains("#ms-heading", "Milestones")
	e.submit(`form.lang-switch button[value="vi"]`, 200)
	e.wantContains(".exec-status", "Đã kết thúc")
}
