package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/registry"
)

func i64(v int64) *int64 { return &v }

// mustRegister registers an enterprise through the service, as an officer would.
func (e *env) mustRegister(in registry.Enterprise) *registry.Enterprise {
	e.t.Helper()
	out, err := e.registry.CreateEnterprise(e.sys, in)
	if err != nil {
		e.t.Fatalf("register %s: %v", in.TaxCode, err)
	}
	return out
}

// profileForm is the full edit form of an enterprise, as the page posts it.
func profileForm(e *registry.Enterprise) url.Values {
	return url.Values{"tax_code": {e.TaxCode}, "province_code": {e.ProvinceCode}, "status": {string(e.Status)}, "name": {e.Name},
		"name_en": {e.NameEN}, "short_name": {e.ShortName}, "vsic": {e.VSIC}, "vsic_edition": {fmt.Sprint(int(e.VSICEdition))},
		"ownership": {string(e.Ownership)}, "founded_on": {e.FoundedOn}, "commune": {e.Commune}, "address": {e.Address},
		"person": {e.Contact.Person}, "email": {e.Contact.Email}, "phone": {e.Contact.Phone}, "website": {e.Contact.Website}}
}

func TestRegistry_Pages(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	e.registry.SetAccountLinker(e.auth) // as cmd wires it
	clients := e.MustSignInRoles()
	plastics := e.mustRegister(registry.Enterprise{TaxCode: "0100233488", Name: "Công ty TNHH Nhựa An Phát", ProvinceCode: "TP. Hà Nội",
		VSIC: "2220", Ownership: registry.OwnershipPrivate, FoundedOn: "15/03/2010", Contact: registry.Contact{Email: "lienhe@anphat.vn"}})
	steel := e.mustRegister(registry.Enterprise{TaxCode: "0314409058", Name: "Công ty Cổ phần Thép Đông Á", ProvinceCode: "79",
		VSIC: "2410", Ownership: registry.OwnershipState})
	branch := e.mustRegister(registry.Enterprise{TaxCode: "0314409058-002", Name: "Chi nhánh Thép Đông Á Bình Dương", ProvinceCode: "Bình Dương",
		VSIC: "2410"})
	for _, f := range []registry.Figures{
		{Year: 2023, Employees: i64(70), Revenue: i64(30e9), ValueAdded: i64(6e9)},
		{Year: 2024, Employees: i64(80), Revenue: i64(40e9), ValueAdded: i64(8e9)},
	} {
		if _, err := e.registry.PutFigures(e.sys, plastics.ID, f); err != nil {
			t.Fatal(err)
		}
	}
	e.MustCreateUser(auth.UserInput{Email: "nhan@nscl.test", Name: "Người Nhận", Role: auth.RoleEnterprise}, false)
	claimant := e.NewClient()
	claimant.MustLogin("nhan@nscl.test", "")
	clients["claimant"] = claimant
	own, _, err := e.registry.FindEnterprises(e.sys, registry.Filter{TaxCode: "0100109106", Limit: 1})
	if err != nil || len(own) != 1 {
		t.Fatalf("the enterprise user's firm: %v", err)
	}
	p := "/enterprises/" + fmt.Sprint(int64(plastics.ID))
	s := "/enterprises/" + fmt.Sprint(int64(steel.ID))
	b := "/enterprises/" + fmt.Sprint(int64(branch.ID))
	o := "/enterprises/" + fmt.Sprint(int64(own[0].ID))

	runScenarios(t, e, clients, []scenario{
		// The list: diacritics-free words in any order, tax codes, filters, facets.
		{name: "ListAnonymousRedirects", path: "/enterprises", status: 303, location: "/login"},
		{name: "ListSearchWithoutDiacritics", as: "admin", path: "/enterprises?q=nhua+an", status: 200,
			want: []string{"Công ty TNHH Nhựa An Phát", "0100233488"}, notWant: []string{"Thép Đông Á"}},
		{name: "ListSearchAnyOrderPrefix", as: "admin", path: "/enterprises?q=PHAT+nhu", status: 200, want: []string{"Nhựa An Phát"}},
		{name: "ListSearchTaxCode", as: "admin", path: "/enterprises?q=0314409058", status: 200,
			want: []string{"Thép Đông Á", "0314409058-002"}, notWant: []string{"Nhựa An Phát"}},
		{name: "ListFacetsButtonsExports", as: "admin", path: "/enterprises", status: 200,
			want: []string{`href="/enterprises?industry=plastics"`, `href="/enterprises?industry=steel"`, `href="/enterprises?province=79"`,
				"Nhập từ tệp", `href="/enterprises/import"`, `href="/enterprises/new"`, "Thêm doanh nghiệp",
				`href="/enterprises/export?format=csv&amp;"`, `href="/enterprises/export?format=xlsx&amp;"`, `href="/enterprises/export?format=json&amp;"`}},
		{name: "ListFilterIndustry", as: "admin", path: "/enterprises?industry=steel&sort=-employees", status: 200,
			want:    []string{"Thép Đông Á", `href="/enterprises/export?format=csv&amp;industry=steel&amp;sort=-employees"`, "bỏ lọc"},
			notWant: []string{"Nhựa An Phát"}},
		{name: "ListFilterSize", as: "ministry", path: "/enterprises?size=small", status: 200,
			want: []string{"Nhựa An Phát"}, notWant: []string{"Thép Đông Á"}},
		{name: "ListProvinceSeesOwnProvince", as: "province", path: "/enterprises", status: 200,
			want: []string{"Nhựa An Phát", "Cơ khí Thử nghiệm"}, notWant: []string{"Thép Đông Á", `href="/enterprises?province=`}},
		{name: "ListEnterpriseSeesOwnFirm", as: "enterprise", path: "/enterprises", status: 200,
			want: []string{"Cơ khí Thử nghiệm"}, notWant: []string{"Nhựa An Phát", `href="/enterprises/import"`, `href="/enterprises/new"`}},
		{name: "ListExpertForbidden", as: "expert", path: "/enterprises", status: 403},
		{name: "ListClaimantSeesClaimForm", as: "claimant", path: "/enterprises", status: 200,
			want: []string{"Nhận doanh nghiệp của bạn", `action="/enterprises/claims"`, `name="tax_code"`}},
		{name: "DashboardClaimCard", as: "claimant", path: "/", status: 200,
			want: []string{"Tài khoản chưa gắn với doanh nghiệp nào", `href="/enterprises"`}, notWant: []string{"Hồ sơ doanh nghiệp"}},
		{name: "DashboardOwnFirmCard", as: "enterprise", path: "/", status: 200,
			want: []string{"Hồ sơ doanh nghiệp", `href="` + o + `"`}, notWant: []string{"Yêu cầu nhận doanh nghiệp"}},
		{name: "DashboardOfficerCards", as: "province", path: "/", status: 200,
			want: []string{"Sổ doanh nghiệp", `href="/enterprises/claims"`}, notWant: []string{`href="/admin/settings"`}},
		{name: "DashboardMinistrySettingsCard", as: "ministry", path: "/", status: 200, want: []string{`href="/admin/settings"`}},

		// The profile.
		{name: "Profile", as: "admin", path: p, status: 200,
			want: []string{"0100233488", "Hà Nội", "2220 — ", "Nhựa", "Tư nhân", "15/03/2010", "lienhe@anphat.vn", "data-chart=",
				"100.000.000 ₫", "Nhỏ", "16,7 %", "Đủ điều kiện chiều rộng: doanh nghiệp nhỏ ngành nhựa; vốn đối ứng 40% trong khoảng 30–50%",
				"Chưa đủ điều kiện chiều sâu", "chưa được cán bộ đánh giá tính đặc thù ngành", "Đăng ký doanh nghiệp", "Cập nhật số liệu năm",
				`action="` + p + `/judgement"`, `action="` + p + `/activities"`, `href="` + p + `/figures?year=2024"`, "Ghi nhận hoạt động"}},
		{name: "ProfileShareOutsideRange", as: "admin", path: p + "?share_breadth=20", status: 200,
			want: []string{"vốn đối ứng 20% ngoài khoảng 30–50%"}},
		{name: "ProfileShareNotANumber", as: "admin", path: p + "?share_breadth=abc", status: 200,
			want: []string{"Vui lòng nhập tỷ lệ phần trăm"}},
		{name: "ProfileBranchLinksParent", as: "ministry", path: b, status: 200,
			want: []string{"0314409058-002", "đơn vị phụ thuộc của", `href="` + s + `"`, "Hồ Chí Minh"}},
		{name: "ProfileOtherProvinceNotFound", as: "province", path: s, status: 404},
		{name: "ProfileOtherFirmNotFound", as: "enterprise", path: p, status: 404},
		{name: "ProfileOwnNoJudgementForm", as: "enterprise", path: o, status: 200,
			want: []string{"Cơ khí Thử nghiệm", `href="` + o + `/edit"`}, notWant: []string{`action="` + o + `/judgement"`}},

		// Editing the profile.
		{name: "EditLockedForEnterprise", as: "enterprise", path: o + "/edit", status: 200,
			want: []string{`id="tax_code" name="tax_code" type="text" inputmode="numeric" maxlength="20" value="0100109106" disabled`,
				"Mã số thuế, tỉnh/thành phố và tình trạng chỉ cán bộ quản lý được sửa."}},
		{name: "EditEnterpriseCannotChangeTaxCode", as: "enterprise", method: "POST", path: o + "/edit",
			form: url.Values{"tax_code": {"0100233488"}, "name": {"Công ty TNHH Cơ khí Thử nghiệm"}}, status: 403},
		{name: "EditEnterpriseOwnProfile", as: "enterprise", method: "POST", path: o + "/edit",
			form:   url.Values{"name": {"Công ty TNHH Cơ khí Thử nghiệm"}, "vsic": {"2592"}, "phone": {"024 3825 1234"}, "public": {"contact"}},
			status: 303, location: o},
		{name: "EditInvalid", as: "admin", method: "POST", path: p + "/edit",
			form: func() url.Values {
				f := profileForm(plastics)
				f.Set("name", "")
				f.Set("email", "khong-phai-email")
				f.Set("founded_on", "31/02/2010")
				return f
			}(), status: 422,
			want: []string{"Vui lòng nhập tên doanh nghiệp.", "Địa chỉ email không hợp lệ.", "Ngày thành lập không hợp lệ", `value="khong-phai-email"`}},
		{name: "EditOK", as: "admin", method: "POST", path: p + "/edit",
			form: func() url.Values {
				f := profileForm(plastics)
				f.Set("short_name", "AN PHAT PLASTIC")
				f.Set("founded_on", "15/03/2010")
				return f
			}(), status: 303, location: p},
		{name: "EditShown", as: "admin", path: p, status: 200, want: []string{"AN PHAT PLASTIC", "Đã lưu hồ sơ doanh nghiệp.", "Sửa hồ sơ"}},

		// Figures.
		{name: "FiguresForm", as: "enterprise", path: o + "/figures", status: 200, want: []string{`name="employees"`, `name="revenue"`}},
		{name: "FiguresEditExisting", as: "admin", path: p + "/figures?year=2024", status: 200, want: []string{`value="80"`, `value="40000000000"`, "Sửa số liệu năm 2024"}},
		{name: "FiguresInvalid", as: "admin", method: "POST", path: p + "/figures",
			form: url.Values{"year": {"2025"}, "employees": {"-5"}, "revenue": {"nhiều"}}, status: 422,
			want: []string{"Vui lòng nhập một số nguyên", `value="nhiều"`}},
		{name: "FiguresNegative", as: "admin", method: "POST", path: p + "/figures",
			form: url.Values{"year": {"2025"}, "employees": {"-5"}}, status: 422, want: []string{"Số lao động không thể âm."}},
		{name: "FiguresPut", as: "enterprise", method: "POST", path: o + "/figures",
			form: url.Values{"year": {"2025"}, "employees": {"120"}, "revenue": {"60 tỷ"}, "capital": {"15.000.000.000"}}, status: 303, location: o + "#figures"},
		{name: "FiguresShown", as: "enterprise", path: o, status: 200,
			want: []string{"Đã lưu số liệu năm 2025.", "60.000.000.000 ₫", "500.000.000 ₫", "*", "Vừa"}},
		{name: "FiguresPutOtherFirm", as: "enterprise", method: "POST", path: p + "/figures", form: url.Values{"year": {"2025"}}, status: 404},
		{name: "FiguresDelete", as: "enterprise", method: "POST", path: o + "/figures/2025/delete", status: 303, location: o + "#figures"},
		{name: "FiguresDeleteMissing", as: "enterprise", method: "POST", path: o + "/figures/2025/delete", status: 404},

		// Officer judgement and activities.
		{name: "JudgementEnterpriseForbidden", as: "enterprise", method: "POST", path: o + "/judgement", form: url.Values{"sector_specific": {"yes"}}, status: 403},
		{name: "JudgementInvalid", as: "province", method: "POST", path: p + "/judgement", form: url.Values{"sector_specific": {"co-le"}}, status: 422,
			want: []string{"Vui lòng chọn một giá trị trong danh sách."}},
		{name: "Judgement", as: "province", method: "POST", path: p + "/judgement",
			form: url.Values{"sector_specific": {"yes"}, "replicable": {"no"}, "note": {"Mô hình đặc thù ngành nhựa"}}, status: 303, location: p + "#judgement"},
		{name: "JudgementShown", as: "admin", path: p, status: 200,
			want: []string{"Mô hình đặc thù ngành nhựa", "Cán Bộ Sở (so@nscl.test)", "cán bộ đánh giá không có khả năng nhân rộng"}},
		{name: "ActivityInvalid", as: "enterprise", method: "POST", path: o + "/activities", form: url.Values{"year": {"2024"}, "title": {""}}, status: 422,
			want: []string{"Vui lòng nhập tên hoạt động."}},
		{name: "Activity", as: "enterprise", method: "POST", path: o + "/activities",
			form: url.Values{"year": {"2024"}, "title": {"Áp dụng 5S toàn nhà máy"}, "tool": {"5S"}}, status: 303, location: o + "#activities"},
		{name: "ActivityShownWithHistory", as: "enterprise", path: o, status: 200,
			want: []string{"Áp dụng 5S toàn nhà máy", "Ghi nhận hoạt động cải tiến", "dn@nscl.test", "Xóa số liệu năm"}},

		// Registering an enterprise.
		{name: "NewForbiddenForEnterprise", as: "enterprise", path: "/enterprises/new", status: 403},
		{name: "NewForm", as: "province", path: "/enterprises/new", status: 200, want: []string{`<option value="01" selected>Hà Nội</option>`, "VSIC 2025"}},
		{name: "CreateInvalid", as: "admin", method: "POST", path: "/enterprises",
			form: url.Values{"tax_code": {"0100233480"}, "name": {strings.Repeat("x", 501)}, "province_code": {"Sao Hỏa"}}, status: 422,
			want: []string{"sai chữ số kiểm tra", "Tên doanh nghiệp dài quá 500 ký tự.", "Tỉnh/thành phố không có trong danh sách 34"}},
		{name: "CreateDuplicate", as: "admin", method: "POST", path: "/enterprises",
			form: url.Values{"tax_code": {"0100233488"}, "name": {"Trùng"}, "province_code": {"01"}}, status: 422,
			want: []string{"Mã số thuế này đã có trong hệ thống."}},
		{name: "CreateOtherProvinceForbidden", as: "province", method: "POST", path: "/enterprises",
			form: url.Values{"tax_code": {"0300588569"}, "name": {"Công ty Sài Gòn"}, "province_code": {"79"}}, status: 403},
		{name: "Create", as: "province", method: "POST", path: "/enterprises",
			form: url.Values{"tax_code": {"0100112437"}, "name": {"Công ty Điện tử Hồng Hà"}, "province_code": {"01"}, "vsic": {"2610"},
				"vsic_edition": {"2025"}, "founded_on": {"01/07/2015"}}, status: 303, location: "/enterprises/"},

		// Programme settings.
		{name: "SettingsProvinceForbidden", as: "province", path: "/admin/settings", status: 403},
		{name: "Settings", as: "ministry", path: "/admin/settings", status: 200,
			want: []string{"track.breadth", "track.depth", "Vốn đối ứng từ 30% đến 50%", "Tối thiểu 3 năm có hoạt động cải tiến", "Đang áp dụng"}},
		{name: "SettingInvalid", as: "ministry", method: "POST", path: "/admin/settings",
			form:   url.Values{"key": {"track.breadth"}, "effective_from": {"32/13/2026"}, "min_counterpart_pct": {"60"}, "max_counterpart_pct": {"50"}},
			status: 422, want: []string{"Tỷ lệ đối ứng phải trong 0–100%", `value="32/13/2026"`}},
		{name: "SettingBadDate", as: "ministry", method: "POST", path: "/admin/settings",
			form:   url.Values{"key": {"track.breadth"}, "effective_from": {"32/13/2026"}, "min_counterpart_pct": {"35"}, "max_counterpart_pct": {"50"}},
			status: 422, want: []string{"Ngày hiệu lực không hợp lệ."}},
		{name: "SettingProvinceForbidden", as: "province", method: "POST", path: "/admin/settings",
			form: url.Values{"key": {"track.breadth"}, "effective_from": {"01/01/2030"}, "min_counterpart_pct": {"35"}, "max_counterpart_pct": {"50"}}, status: 403},
		{name: "SettingAdd", as: "admin", method: "POST", path: "/admin/settings",
			form: url.Values{"key": {"track.breadth"}, "effective_from": {"01/01/2030"}, "min_counterpart_pct": {"35"}, "max_counterpart_pct": {"50"},
				"require_sme": {"1"}, "note": {"QĐ thử nghiệm"}}, status: 303, location: "/admin/settings#track.breadth"},
		{name: "SettingShown", as: "admin", path: "/admin/settings", status: 200,
			want: []string{"01/01/2030", "Sắp áp dụng", "Vốn đối ứng từ 35% đến 50%", "QĐ thử nghiệm", "Đã lưu; giá trị mới có hiệu lực từ 01/01/2030."}},

		// Claims: the claimant asks, an officer rejects without a reason, then approves.
		{name: "ClaimBadTaxCode", as: "claimant", method: "POST", path: "/enterprises/claims", form: url.Values{"tax_code": {"0100233480"}}, status: 422,
			want: []string{"sai chữ số kiểm tra"}},
		{name: "ClaimUnknownFirm", as: "claimant", method: "POST", path: "/enterprises/claims", form: url.Values{"tax_code": {"0300588569"}}, status: 404,
			want: []string{"Không có doanh nghiệp với mã số thuế này trong hệ thống."}},
		{name: "ClaimExpertForbidden", as: "expert", method: "POST", path: "/enterprises/claims", form: url.Values{"tax_code": {"0100233488"}}, status: 403},
		{name: "Claim", as: "claimant", method: "POST", path: "/enterprises/claims",
			form: url.Values{"tax_code": {"0100 233 488"}, "note": {"Tôi là giám đốc"}}, status: 303, location: "/enterprises/claims"},
		{name: "ClaimShown", as: "claimant", path: "/enterprises/claims", status: 200,
			want: []string{"Đã gửi yêu cầu", "Nhựa An Phát", "Chờ duyệt"}},
		{name: "ClaimsProvince", as: "province", path: "/enterprises/claims", status: 200,
			want: []string{"nhan@nscl.test", "Tôi là giám đốc", "Nhựa An Phát", "Duyệt", "Từ chối"}},
		{name: "ClaimsOtherProvinceEmpty", as: "admin", path: "/enterprises/claims?status=rejected", status: 200, notWant: []string{"nhan@nscl.test"}},
	})

	cs, _, err := e.registry.FindClaims(e.sys, registry.ClaimFilter{Status: registry.ClaimPending})
	if err != nil || len(cs) != 1 {
		t.Fatalf("pending claims: %d %v", len(cs), err)
	}
	decide := "/enterprises/claims/" + fmt.Sprint(int64(cs[0].ID)) + "/decide"
	runScenarios(t, e, clients, []scenario{
		{name: "DecideByEnterpriseForbidden", as: "enterprise", method: "POST", path: decide, form: url.Values{"decision": {"approve"}}, status: 403},
		{name: "RejectWithoutReason", as: "province", method: "POST", path: decide, form: url.Values{"decision": {"reject"}}, status: 422,
			want: []string{"Vui lòng nêu lý do từ chối."}},
		{name: "Approve", as: "province", method: "POST", path: decide, form: url.Values{"decision": {"approve"}}, status: 303, location: "/enterprises/claims"},
		{name: "ApprovedFlash", as: "province", path: "/enterprises/claims?status=approved", status: 200,
			want: []string{"tài khoản nhan@nscl.test đã được gắn với doanh nghiệp", "Đã duyệt"}},
		{name: "DecideTwice", as: "province", method: "POST", path: decide, form: url.Values{"decision": {"reject"}, "reason": {"muộn"}}, status: 409},
		{name: "ClaimantNowRepresentsFirm", as: "claimant", path: "/enterprises", status: 200,
			want: []string{"Nhựa An Phát"}, notWant: []string{"Nhận doanh nghiệp của bạn"}},
		{name: "ClaimantOpensProfile", as: "claimant", path: p, status: 200, want: []string{`href="` + p + `/edit"`}},
	})
}

// TestRegistry_History pages the history of changes.
func TestRegistry_History(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	clients := e.MustSignInRoles()
	ent := e.mustRegister(registry.Enterprise{TaxCode: "0100233488", Name: "Công ty TNHH Nhựa An Phát", ProvinceCode: "01"})
	for y := 2000; y < 2025; y++ {
		if _, err := e.registry.PutFigures(e.sys, ent.ID, registry.Figures{Year: y, Employees: i64(int64(y - 1990))}); err != nil {
			t.Fatal(err)
		}
	}
	p := "/enterprises/" + fmt.Sprint(int64(ent.ID))
	res := clients["admin"].Get(p)
	if res.Status != 200 || !strings.Contains(res.Body, "Trang 1 / 2") || !strings.Contains(res.Body, `href="`+p+`?hpage=2"`) {
		t.Fatalf("history page 1: status %d", res.Status)
	}
	res = clients["admin"].Get(p + "?hpage=2")
	if n := len(regexp.MustCompile(`<td class="nowrap">\d\d/\d\d/\d{4} \d\d:\d\d</td>`).FindAllString(res.Body, -1)); res.Status != 200 || n != 6 {
		t.Fatalf("history page 2: status %d, %d rows, want 6", res.Status, n)
	}
}

// TestRegistry_English renders the registry pages in English.
func TestRegistry_English(t *testing.T) {
	t.Parallel()
	e := MustNewEnv(t)
	clients := e.MustSignInRoles()
	ent := e.mustRegister(registry.Enterprise{TaxCode: "0100233488", Name: "Công ty TNHH Nhựa An Phát", ProvinceCode: "01", VSIC: "2220"})
	if _, err := e.registry.PutFigures(e.sys, ent.ID, registry.Figures{Year: 2024, Employees: i64(80), Revenue: i64(40e9)}); err != nil {
		t.Fatal(err)
	}
	admin := clients["admin"]
	if res := admin.Post("/lang", url.Values{"lang": {"en"}, "next": {"/"}}); res.Status != 303 {
		t.Fatalf("switch to English: %d", res.Status)
	}
	p := "/enterprises/" + fmt.Sprint(int64(ent.ID))
	runScenarios(t, e, clients, []scenario{
		{name: "List", as: "admin", path: "/enterprises", status: 200,
			want: []string{`<html lang="en">`, "Enterprise registry", "Add enterprise", "Import from file", "Counts by group", "Plastics"}},
		{name: "Profile", as: "admin", path: p, status: 200,
			want: []string{"Yearly figures", "Eligible for breadth: small plastics enterprise; counterpart share 40% within 30–50%",
				"Revenue per employee, as value added is missing.", "Officer judgement", "History of changes"}},
		{name: "Settings", as: "admin", path: "/admin/settings", status: 200, want: []string{"Breadth track", "Counterpart share 30–50%", "In force"}},
		{name: "FormError", as: "admin", method: "POST", path: p + "/edit", form: url.Values{"name": {""}}, status: 422,
			want: []string{"Please enter the enterprise&#39;s name."}},
	})
}
