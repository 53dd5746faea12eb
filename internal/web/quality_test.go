package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/quality"
)

// mustNewQualityEnv is MustNewEnv and its quality workspace.
func mustNewQualityEnv(t *testing.T) (*env, *quality.Service) {
	t.Helper()
	e := MustNewEnv(t)
	return e, e.quality
}

func TestQualityPages_Scenarios(t *testing.T) {
	t.Parallel()
	e, qs := mustNewQualityEnv(t)
	clients := e.MustSignInRoles() // the enterprise user's firm: 0100109106
	own, err := e.registry.FindEnterpriseByTaxCode(e.sys, "0100109106")
	if err != nil {
		t.Fatal(err)
	}
	other := e.MustCreateEnterprise("0300588569", "Công ty TNHH Nhựa Sài Gòn")
	e.MustCreateUser(auth.UserInput{Email: "dn2@nscl.test", Name: "Doanh Nghiệp Khác", Role: auth.RoleEnterprise, EnterpriseID: int64(other.ID)}, false)
	clients["other"] = e.NewClient()
	clients["other"].MustLogin("dn2@nscl.test", "")

	mine, err := quality.SeedDemo(e.sys, qs, int64(own.ID))
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := quality.SeedDemo(e.sys, qs, int64(other.ID))
	if err != nil {
		t.Fatal(err)
	}
	weight, defects := mine[0], mine[2] // X̄–R with data; p chart
	ch := fmt.Sprintf("/quality/characteristics/%d", weight.ID)
	proc := fmt.Sprintf("/quality/processes/%d", weight.ProcessID)
	theirCh := fmt.Sprintf("/quality/characteristics/%d", theirs[0].ID)
	theirProc := fmt.Sprintf("/quality/processes/%d", theirs[0].ProcessID)
	empty := &quality.Characteristic{ProcessID: weight.ProcessID, Name: "Đường kính miệng", Unit: "mm", Chart: "imr", SubgroupSize: 1}
	if err := qs.CreateCharacteristic(e.sys, empty); err != nil {
		t.Fatal(err)
	}
	emptyCh := fmt.Sprintf("/quality/characteristics/%d", empty.ID)
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	charForm := func(kv ...string) url.Values {
		v := form("name", "Khối lượng sản phẩm", "unit", "g", "chart", "xbar-r", "subgroup_size", "5", "lsl", "23,4",
			"usl", "24,6", "target", "24", "rules", "we")
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	runScenarios(t, e, clients, []scenario{
		// The workspace and the aggregates.
		{name: "HomeAnonymous", path: "/quality", status: 303, location: "/login"},
		{name: "HomeEnterprise", as: "enterprise", path: "/quality", status: 200,
			want: []string{"Giám sát chất lượng (SPC)", "Ép phun vỏ hộp PP 500 ml", `href="` + ch + `"`}, notWant: []string{theirCh + `"`}},
		{name: "HomeMinistryAggregates", as: "ministry", path: "/quality", status: 200,
			want: []string{"Chỉ số chất lượng tổng hợp", "Công ty TNHH Cơ khí Thử nghiệm"}, notWant: []string{`href="` + ch + `"`}},
		{name: "HomeExpertForbidden", as: "expert", path: "/quality", status: 403},
		{name: "AlertsEnterprise", as: "enterprise", path: "/quality/alerts", status: 200, want: []string{"Cảnh báo vi phạm quy tắc", "Khối lượng sản phẩm"}},
		{name: "AlertsMinistryForbidden", as: "ministry", path: "/quality/alerts", status: 403},
		{name: "EnterpriseOtherFirmNotFound", as: "enterprise", path: fmt.Sprintf("/quality/enterprises/%d", other.ID), status: 404},
		{name: "EnterpriseUnsharedNotFoundForMinistry", as: "ministry", path: fmt.Sprintf("/quality/enterprises/%d", own.ID), status: 404},

		// Processes.
		{name: "ProcessNew", as: "enterprise", path: "/quality/processes/new", status: 200, want: []string{`action="/quality/processes"`}},
		{name: "ProcessNewMinistryForbidden", as: "ministry", path: "/quality/processes/new", status: 403},
		{name: "ProcessCreateNameRequired", as: "enterprise", method: "POST", path: "/quality/processes", form: form("name", " ", "line", "Máy 7"),
			status: 422, want: []string{"Vui lòng nhập tên quá trình.", `value="Máy 7"`, `class="field has-error"`}},
		{name: "ProcessCreate", as: "enterprise", method: "POST", path: "/quality/processes", form: form("name", "Đùn ống PVC"),
			status: 303, location: "/quality/processes/"},
		{name: "ProcessShow", as: "enterprise", path: proc, status: 200,
			want: []string{"Ép phun vỏ hộp PP 500 ml", `href="` + proc + `/edit"`, "Độ dày thành", "Đường kính miệng"}},
		{name: "ProcessOtherFirmNotFound", as: "enterprise", path: theirProc, status: 404},
		{name: "ProcessMinistryNotFound", as: "ministry", path: proc, status: 404},
		{name: "ProcessEdit", as: "enterprise", path: proc + "/edit", status: 200,
			want: []string{"Sửa quá trình", `action="` + proc + `"`, `value="Ép phun vỏ hộp PP 500 ml"`, `action="` + proc + `/active"`, "Ngừng theo dõi quá trình"}},
		{name: "ProcessEditOtherFirmNotFound", as: "enterprise", path: theirProc + "/edit", status: 404},
		{name: "ProcessEditBadID", as: "enterprise", path: "/quality/processes/abc/edit", status: 404},
		{name: "ProcessUpdateNameRequired", as: "enterprise", method: "POST", path: proc, form: form("name", "", "line", "Xưởng B"),
			status: 422, want: []string{"Vui lòng nhập tên quá trình.", `value="Xưởng B"`}},
		{name: "ProcessUpdateOtherFirmNotFound", as: "enterprise", method: "POST", path: theirProc, form: form("name", "Chiếm quyền"), status: 404},
		{name: "ProcessUpdate", as: "enterprise", method: "POST", path: proc, form: form("name", "Ép phun vỏ hộp PP 750 ml", "line", "Máy số 3"),
			status: 303, location: proc},
		{name: "ProcessUpdated", as: "enterprise", path: proc, status: 200, want: []string{"Đã lưu quá trình.", "Ép phun vỏ hộp PP 750 ml"}},
		{name: "ProcessActiveOtherFirmNotFound", as: "enterprise", method: "POST", path: theirProc + "/active", form: form("active", "0"), status: 404},
		{name: "ProcessActiveBadValue", as: "enterprise", method: "POST", path: proc + "/active", form: form("active", "có"), status: 422},

		// Characteristics.
		{name: "CharNew", as: "enterprise", path: "/quality/characteristics/new?process=" + fmt.Sprint(weight.ProcessID), status: 200,
			want: []string{"Thêm đặc tính chất lượng", `action="/quality/characteristics"`}},
		{name: "CharNewOtherFirmProcessNotFound", as: "enterprise", path: "/quality/characteristics/new?process=" + fmt.Sprint(theirs[0].ProcessID), status: 404},
		{name: "CharCreateUSLBelowLSL", as: "enterprise", method: "POST", path: "/quality/characteristics",
			form:   charForm("process", fmt.Sprint(weight.ProcessID), "lsl", "0,95", "usl", "0,8", "chart", "imr", "subgroup_size", "1", "target", ""),
			status: 422, want: []string{"USL phải lớn hơn LSL.", `value="0,95"`}},
		{name: "CharShow", as: "enterprise", path: ch, status: 200,
			want: []string{"Khối lượng sản phẩm", `href="` + ch + `/edit"`, `href="` + ch + `/report.pdf"`, `href="` + ch + `/export.xlsx"`,
				`action="` + ch + `/measurements"`}},
		{name: "CharOtherFirmNotFound", as: "enterprise", path: theirCh, status: 404},
		{name: "CharMinistryNotFound", as: "ministry", path: ch, status: 404},
		{name: "CharChartJSON", as: "enterprise", path: ch + "/chart.json", status: 200, want: []string{`"series"`, `"UCL"`}},
		{name: "CharChartJSONOtherFirm", as: "enterprise", path: theirCh + "/chart.json", status: 404},
		{name: "Capability", as: "enterprise", path: ch + "/capability?window=50", status: 200,
			want: []string{"Báo cáo năng lực quá trình", "Cpk", `href="` + ch + `/report.pdf?window=50"`}},
		{name: "CapabilityOtherFirm", as: "enterprise", path: theirCh + "/capability", status: 404},
		{name: "CapabilityJSON", as: "enterprise", path: ch + "/capability.json", status: 200, want: []string{`"series"`}},
		{name: "ExportXLSX", as: "enterprise", path: ch + "/export.xlsx", status: 200, want: []string{"PK"}},
		{name: "ExportXLSXOtherFirm", as: "other", path: ch + "/export.xlsx", status: 404},
		{name: "ReportPDF", as: "enterprise", path: ch + "/report.pdf?window=50", status: 200, want: []string{"%PDF-", "%%EOF"}},
		{name: "ReportPDFOtherFirm", as: "other", path: ch + "/report.pdf", status: 404},
		{name: "ReportPDFMinistry", as: "ministry", path: ch + "/report.pdf", status: 404},
		{name: "ReportPDFAnonymous", path: ch + "/report.pdf", status: 303, location: "/login"},
		{name: "ReportPDFBadID", as: "enterprise", path: "/quality/characteristics/0/report.pdf", status: 404},
		{name: "CharEdit", as: "enterprise", path: ch + "/edit", status: 200,
			want: []string{"Sửa đặc tính chất lượng", `action="` + ch + `"`, `value="23.4"`, "readonly", `<option value="xbar-s"`,
				"Đã có dữ liệu đo nên không đổi được cỡ nhóm con."},
			notWant: []string{`<option value="imr"`, `<option value="p"`, `name="process"`}},
		{name: "CharEditEmptyOffersEveryChart", as: "enterprise", path: emptyCh + "/edit", status: 200,
			want: []string{`<option value="p"`, `<option value="imr" selected>`}, notWant: []string{"readonly"}},
		{name: "CharEditOtherFirmNotFound", as: "enterprise", path: theirCh + "/edit", status: 404},
		{name: "CharUpdateSubgroupWithData", as: "enterprise", method: "POST", path: ch, form: charForm("subgroup_size", "4"),
			status: 422, want: []string{"Đã có dữ liệu đo nên không đổi được cỡ nhóm con (hiện là 5).", `value="4"`}},
		{name: "CharUpdateAttributeChartWithData", as: "enterprise", method: "POST", path: ch, form: charForm("chart", "c", "lsl", "", "usl", "", "target", ""),
			status: 422, want: []string{"không đổi được biểu đồ thuộc tính"}},
		{name: "CharUpdateNotANumber", as: "enterprise", method: "POST", path: ch, form: charForm("lsl", "hai mươi"),
			status: 422, want: []string{"Vui lòng nhập một số.", `value="hai mươi"`}},
		{name: "CharUpdateOtherFirmNotFound", as: "enterprise", method: "POST", path: theirCh, form: charForm(), status: 404},
		{name: "CharUpdate", as: "enterprise", method: "POST", path: ch, form: charForm("chart", "xbar-s", "usl", "24,5", "name", "Khối lượng vỏ hộp"),
			status: 303, location: ch},
		{name: "CharUpdated", as: "enterprise", path: ch, status: 200, want: []string{"Đã lưu đặc tính chất lượng.", "Khối lượng vỏ hộp", "xbar-s"}},
		{name: "CharUpdateEmptyToAttribute", as: "enterprise", method: "POST", path: emptyCh,
			form: charForm("chart", "p", "subgroup_size", "50", "lsl", "", "usl", "", "target", "", "name", "Tỷ lệ lỗi miệng"), status: 303},
		{name: "MeasurementsEmpty", as: "enterprise", method: "POST", path: ch + "/measurements", form: form("values", ""), status: 422,
			want: []string{"Cần đúng 5 giá trị cho một nhóm con (có 0)."}},
		{name: "MeasurementsOtherFirm", as: "enterprise", method: "POST", path: theirCh + "/measurements", form: form("values", "1 2 3 4 5"), status: 404},
		{name: "AnnotationCauseRequired", as: "enterprise", method: "POST", path: ch + "/annotations", form: form("point", "1", "cause", ""),
			status: 422, want: []string{"Vui lòng nhập nguyên nhân."}},
		{name: "AnnotationOtherFirm", as: "enterprise", method: "POST", path: theirCh + "/annotations", form: form("point", "1", "cause", "x"), status: 404},

		// Stopping and resuming.
		{name: "CharActiveOtherFirmNotFound", as: "enterprise", method: "POST", path: theirCh + "/active", form: form("active", "0"), status: 404},
		{name: "CharStop", as: "enterprise", method: "POST", path: ch + "/active", form: form("active", "0"), status: 303, location: ch},
		{name: "CharStopped", as: "enterprise", path: ch, status: 200,
			want: []string{"Đã ngừng theo dõi đặc tính.", "Đặc tính đã ngừng theo dõi"}, notWant: []string{`action="` + ch + `/measurements"`}},
		{name: "CharStoppedRefusesMeasurements", as: "enterprise", method: "POST", path: ch + "/measurements", form: form("values", "24 24 24 24 24"),
			status: 409, want: []string{"không nhận thêm phép đo"}},
		{name: "CharStoppedReportStillReadable", as: "enterprise", path: ch + "/report.pdf", status: 200, want: []string{"%PDF-"}},
		{name: "CharResume", as: "enterprise", method: "POST", path: ch + "/active", form: form("active", "1"), status: 303, location: ch},
		{name: "ProcessStop", as: "enterprise", method: "POST", path: proc + "/active", form: form("active", "0"), status: 303, location: proc},
		{name: "ProcessStopped", as: "enterprise", path: proc, status: 200,
			want:    []string{"Đã ngừng theo dõi quá trình và các đặc tính của nó.", "Quá trình đã ngừng theo dõi", "Ngừng theo dõi"},
			notWant: []string{`href="/quality/characteristics/new?process=`}},
		{name: "ProcessStoppedNoNewCharacteristic", as: "enterprise", method: "POST", path: "/quality/characteristics",
			form: charForm("process", fmt.Sprint(weight.ProcessID), "name", "Mới"), status: 409, want: []string{"hãy kích hoạt lại quá trình trước"}},
		{name: "CharResumeUnderStoppedProcess", as: "enterprise", method: "POST", path: ch + "/active", form: form("active", "1"),
			status: 409, want: []string{"hãy kích hoạt lại quá trình trước", "Sửa đặc tính chất lượng"}},
		{name: "ProcessResume", as: "enterprise", method: "POST", path: proc + "/active", form: form("active", "1"), status: 303},
		{name: "CharResumeAfterProcess", as: "enterprise", method: "POST", path: ch + "/active", form: form("active", "1"), status: 303},
		{name: "OtherCharacteristicOfProcessStaysStopped", as: "enterprise", path: fmt.Sprintf("/quality/characteristics/%d", mine[1].ID), status: 200,
			want: []string{"Đặc tính đã ngừng theo dõi"}},
		{name: "OtherProcessUntouched", as: "enterprise", path: fmt.Sprintf("/quality/characteristics/%d", defects.ID), status: 200,
			notWant: []string{"Đặc tính đã ngừng theo dõi"}},
	})

	// Shared with the authorities: officers read, never change.
	if res := clients["enterprise"].Post("/quality/sharing", form("shared", "1")); res.Status != 303 {
		t.Fatalf("share: status %d", res.Status)
	}
	runScenarios(t, e, clients, []scenario{
		{name: "SharedMinistryReadsChart", as: "ministry", path: ch, status: 200,
			want: []string{"bạn không thể thay đổi", `href="` + ch + `/report.pdf"`}, notWant: []string{`href="` + ch + `/edit"`}},
		{name: "SharedMinistryReadsReport", as: "ministry", path: ch + "/report.pdf", status: 200, want: []string{"%PDF-"}},
		{name: "SharedProvinceReadsWorkspace", as: "province", path: fmt.Sprintf("/quality/enterprises/%d", own.ID), status: 200},
		{name: "SharedMinistryEditForbidden", as: "ministry", path: ch + "/edit", status: 403},
		{name: "SharedMinistryProcessEditForbidden", as: "ministry", path: proc + "/edit", status: 403},
		{name: "SharedMinistryUpdateForbidden", as: "ministry", method: "POST", path: ch, form: charForm(), status: 403},
		{name: "SharedMinistryStopForbidden", as: "ministry", method: "POST", path: proc + "/active", form: form("active", "0"), status: 403},
		{name: "SharedOtherFirmStillNotFound", as: "other", path: ch, status: 404},
		{name: "SharedExpertNotFound", as: "expert", path: ch + "/report.pdf", status: 404},
	})

	// The report is a PDF download named after the characteristic.
	res := clients["enterprise"].Get(ch + "/report.pdf")
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "application/pdf" ||
		!strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, fmt.Sprintf("bao-cao-spc-%d.pdf", weight.ID)) {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	// Every change is in the audit log.
	es, _, err := e.db.Audit().FindEntries(context.Background(), audit.Filter{Action: "quality.", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, en := range es {
		seen[en.Action] = true
	}
	for _, a := range []string{"quality.process.update", "quality.process.deactivate", "quality.process.activate",
		"quality.characteristic.update", "quality.characteristic.deactivate", "quality.characteristic.activate"} {
		if !seen[a] {
			t.Errorf("no audit entry %s", a)
		}
	}
}
