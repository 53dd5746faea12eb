package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/directory"
)

// e2eDirectory drives the directory pages in the browser: the demo expert
// adds a tool with a level and a credential to their profile (an expiry
// before the issue date refused inline first), withdraws the consent to
// share contact details, makes the phone public and downloads their data;
// an anonymous visitor searches /experts without diacritics, opens the
// profile and sees only the public fields (no ID number, no contact
// without the consent), in Vietnamese and in English; a new expert creates
// a profile, consents to the listing and asks for deletion, which the
// administrator sees on /admin/privacy and carries out (the profile is
// anonymised); the expert declares a relation with a registry enterprise
// (an unknown tax code refused first), which the officer sees on the
// expert's page and the public does not, and removes it; the pages fit a
// 360 px phone.
func e2eDirectory(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	sys := auth.SystemContext(ctx)
	login := env.login("expert")
	me, err := env.srv.app.db.Directory().FindExpertByUser(ctx, env.user(t, login.Email).ID)
	if err != nil {
		t.Fatalf("the demo expert has no profile: %v", err)
	}
	profile := fmt.Sprintf("/experts/%d", me.ID)

	// The expert edits their profile: a tool with a level and a credential.
	x := env.newUser(t, "directory-expert")
	x.signInDemo(login)
	x.open("/experts", 200)
	x.wantText(".page-header h1", "Danh bạ chuyên gia")
	x.submit(`.page-header a[href="/experts/me"]`, 200)
	x.wantText(".page-header h1", "Hồ sơ chuyên gia của tôi")
	// The organisation is set by the directory office, not by the expert.
	x.wantContains("#organisation_note", "văn phòng danh bạ để đổi tổ chức")
	if n := len(x.texts(`form.dir-form [name="organisation_id"]`)); n != 0 {
		t.Errorf("the expert's form has %d organisation inputs, want none", n)
	}
	x.choose("#tool_six_sigma", "2")
	n := len(me.Credentials) + 1 // the first empty row
	x.fill(fmt.Sprintf("#cred_title_%d", n), "Six Sigma Green Belt")
	x.fill(fmt.Sprintf("#cred_issuer_%d", n), "Viện Năng suất Việt Nam")
	x.fill(fmt.Sprintf("#cred_issued_%d", n), "01/03/2025")
	x.fill(fmt.Sprintf("#cred_expires_%d", n), "01/03/2024")
	x.submit(`form.dir-form button[type=submit]`, 422)
	x.wantContains(".dir-creds-edit .field-error", "ngày hết hạn phải sau ngày cấp")
	x.fill(fmt.Sprintf("#cred_expires_%d", n), "01/03/2028")
	x.submit(`form.dir-form button[type=submit]`, 200)
	x.wantFlash("Đã lưu.")
	x.wantPath("/experts/me")
	x.open(profile, 200)
	x.wantContains(".dir-creds", "Six Sigma Green Belt")
	if got := x.texts(".dir-creds .dir-expired"); len(got) != 1 {
		t.Errorf("expired credentials shown %q, want the demo's one expired", got)
	}
	if rows := x.texts(".dir-tools tbody tr"); len(rows) != len(me.Tools)+1 {
		t.Errorf("tools after the edit: %q (had %d)", rows, len(me.Tools))
	}

	// Consents and public fields: contact sharing withdrawn, phone public.
	x.open("/experts/me/privacy", 200)
	x.click(`input[name=consent][value=contact]`)
	x.click(`input[name=public][value=phone]`)
	x.submit(`form.dir-consents button[type=submit]`, 200)
	x.wantFlash("Đã ghi nhận lựa chọn của bạn.")
	if e2eEval[bool](x, `document.querySelector('input[name=consent][value=contact]').checked`) ||
		!e2eEval[bool](x, `document.querySelector('input[name=consent][value=listing]').checked`) {
		t.Error("the consents shown after saving are not the ones chosen")
	}
	x.wantContains(".section table", "Rút lại")
	// The download of all own data.
	got := e2eEval[string](x, `fetch(document.querySelector('#dir-download').href).then(async r => r.status + ' ' + r.headers.get('content-type') + '\n' + await r.text())`)
	for _, want := range []string{"200 application/json", `"Six Sigma Green Belt"`, `"consent_history"`, `"id_number": "` + me.IDNumber + `"`, `"form_version": "` + directory.ConsentFormVersion + `"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the data download lacks %s: %.300s", want, got)
		}
	}

	// A relation with an enterprise (a conflict of interest): an unknown
	// tax code is refused at the field, then a registry enterprise is
	// declared by its tax code.
	var firmTax, firmName string
	if err := env.srv.app.db.WriteDB().QueryRowContext(ctx, `SELECT tax_code, name FROM enterprises WHERE length(tax_code) = 10 ORDER BY id LIMIT 1`).
		Scan(&firmTax, &firmName); err != nil {
		t.Fatalf("no demo enterprise: %v", err)
	}
	const unknownTax = "0100109106"
	var clash int
	if err := env.srv.app.db.WriteDB().QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises WHERE tax_code = $1`, unknownTax).Scan(&clash); err != nil || clash != 0 {
		t.Fatalf("the demo registry has %s (%d, %v): pick another unknown tax code", unknownTax, clash, err)
	}
	x.open("/experts/me", 200)
	x.submit(`.page-header a[href="/experts/me/relations"]`, 200)
	x.wantText(".page-header h1", "Quan hệ với doanh nghiệp")
	x.wantContains(".dir-no-relations", "Chưa khai báo quan hệ nào.")
	x.fill("#tax_code", unknownTax)
	x.choose("#kind", "owner")
	x.submit(`form.dir-relation-form button[type=submit]`, 422)
	x.wantContains(".dir-relation-form .field-error", "Không có doanh nghiệp nào với mã số thuế "+unknownTax)
	x.fill("#tax_code", firmTax)
	x.choose("#kind", "consultant")
	x.do("type the relation note", chromedp.SendKeys(chromedp.CSS("#note"), "Tư vấn 5S năm 2025", chromedp.NodeVisible))
	x.submit(`form.dir-relation-form button[type=submit]`, 200)
	x.wantFlash("Đã khai báo quan hệ.")
	x.wantContains(".dir-relations tbody", firmName)
	x.wantContains(".dir-relations tbody", "Đã tư vấn cho doanh nghiệp trong 2 năm qua")
	x.wantContains(".dir-relations tbody", "Tư vấn 5S năm 2025")

	// An anonymous visitor finds the expert without diacritics and sees only
	// the public fields.
	v := env.newUser(t, "directory-visitor")
	v.open("/experts", 200)
	v.fill("#q", "dang van long")
	v.submit(`form.filters button[type=submit]`, 200)
	if names := v.texts(".dir-experts tbody td:first-child > a"); !containsStr(names, me.Name) {
		t.Fatalf("searching «dang van long» finds %q, not %q", names, me.Name)
	}
	v.submit(fmt.Sprintf(`.dir-experts a[href="%s"]`, profile), 200)
	v.wantContains(".page-header h1", me.Name)
	v.wantContains("main", "18 năm tư vấn") // the biography is public
	v.wantContains(".dir-creds", "Đã hết hạn")
	main := v.text("main")
	if len(v.texts(".dir-expert-relations")) != 0 {
		t.Error("the public profile shows the declared relations")
	}
	for _, secret := range []string{me.IDNumber, me.Phone, me.Email, "Số CCCD", firmName} {
		if strings.Contains(main, secret) {
			t.Errorf("the public profile shows %q", secret)
		}
	}
	// The same in English.
	v.submit(`form.lang-switch button[value="en"]`, 200)
	v.wantPath(profile)
	v.wantContains("#tools-heading", "Expertise")
	v.wantContains(".dir-creds", "Expired")
	v.open("/experts", 200)
	v.wantText(".page-header h1", "Expert directory")
	v.submit(`.dir-tabs a[href="/organisations"]`, 200)
	v.wantText(".page-header h1", "Organisation directory")
	v.submit(`form.lang-switch button[value="vi"]`, 200)
	v.wantText(".page-header h1", "Danh bạ tổ chức")

	// A new expert creates a profile, consents to the listing and asks for
	// deletion; the administrator carries it out.
	email := "chuyengia.xoa@nscl.demo"
	if _, err := env.srv.app.auth.CreateUser(sys, auth.UserInput{Email: email, Name: "Lương Thị Hoa", Password: demo.Password, Role: auth.RoleExpert}); err != nil {
		t.Fatal(err)
	}
	d := env.newUser(t, "directory-leaver")
	d.signIn(email, demo.Password, "")
	d.open("/experts/me", 200)
	if got := d.attr("#name", "value"); got != "Lương Thị Hoa" {
		t.Errorf("the first profile form has name %q, want the account's", got)
	}
	d.fill("#id_number", "001190055555")
	d.choose("#tool_5s", "1")
	d.click(`input[name=provinces][value="01"]`)
	d.submit(`form.dir-form button[type=submit]`, 200)
	d.wantFlash("Đã lưu.")
	d.open("/experts/me/privacy", 200)
	d.click(`input[name=consent][value=listing]`)
	d.submit(`form.dir-consents button[type=submit]`, 200)
	v.open("/experts?q=luong+thi+hoa", 200)
	if names := v.texts(".dir-experts tbody td:first-child > a"); !containsStr(names, "Lương Thị Hoa") {
		t.Errorf("the consented new expert is not listed: %q", names)
	}
	// An empty textarea has no text for fill to clear: type into it.
	d.do("type the note", chromedp.SendKeys(chromedp.CSS("#note"), "Tôi không còn hoạt động tư vấn.", chromedp.NodeVisible))
	d.submit(`form[action="/experts/me/deletion"] button[type=submit]`, 200)
	d.wantFlash("Đã gửi yêu cầu xóa dữ liệu; quản trị viên sẽ xử lý.")
	d.wantContains("main", "đang chờ xử lý")

	a := env.signedInAdmin(t)
	a.open("/", 200)
	a.submit(`nav.nav a[href="/admin/privacy"]`, 200)
	a.wantText(".page-header h1", "Yêu cầu về dữ liệu cá nhân")
	a.wantContains(".dir-requests tbody tr:first-child", "Lương Thị Hoa")
	a.wantContains(".dir-requests tbody tr:first-child", "Tôi không còn hoạt động tư vấn.")
	a.submit(`.dir-requests tbody tr:first-child form button[type=submit]`, 200)
	a.wantFlash("Đã ẩn danh hồ sơ; số liệu thống kê được giữ lại.")
	a.wantContains(".dir-requests tbody tr:first-child", "Chuyên gia đã ẩn danh #")
	a.wantContains(".dir-requests tbody tr:first-child", "Đã xử lý")
	v.open("/experts?q=luong+thi+hoa", 200)
	if names := v.texts(".dir-experts tbody td:first-child > a"); containsStr(names, "Lương Thị Hoa") {
		t.Errorf("the anonymised expert is still found by name: %q", names)
	}

	// The officer sees the expert's declared relation on their page; the
	// expert then removes it.
	a.open(profile, 200)
	a.wantContains(".dir-expert-relations", firmName)
	a.wantContains(".dir-expert-relations", "Tư vấn 5S năm 2025")
	x.open("/experts/me/relations", 200)
	x.submit(`.dir-relations .dir-relation-remove`, 200)
	x.wantFlash("Đã xóa quan hệ.")
	x.wantContains(".dir-no-relations", "Chưa khai báo quan hệ nào.")
	if rs, err := env.srv.app.db.Directory().FindRelations(ctx, me.ID); err != nil || len(rs) != 0 {
		t.Errorf("after the removal the expert has relations %+v, %v", rs, err)
	}
	x.submit(`form.lang-switch button[value="en"]`, 200)
	x.wantText(".page-header h1", "Relations with enterprises")
	x.submit(`form.lang-switch button[value="vi"]`, 200)

	// The administrator imports organisations: a file with a bad row is
	// refused whole with the row's problem; the fixed file is previewed,
	// discarded, checked again and written. The expert list exports to Excel.
	dir := t.TempDir()
	head := "Tên tổ chức,Loại tổ chức,Tỉnh/Thành phố,Số hiệu VILAS,Hiệu lực từ,Hiệu lực đến\n"
	good := head + "Phòng thử nghiệm E2E Sông Đà,Phòng thử nghiệm,Hà Nội,vilas 4321,01/01/2025,31/12/2029\n" +
		"Công ty Tư vấn E2E Năng suất,Công ty tư vấn,Đà Nẵng,,,\n"
	badFile, goodFile := filepath.Join(dir, "to-chuc-loi.csv"), filepath.Join(dir, "to-chuc.csv")
	if err := os.WriteFile(badFile, []byte(good+"Phòng thử nghiệm Sai,testing_lab,Hà Nội,VILAS 99999,01/01/2025,01/01/2024\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goodFile, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	a.open("/organisations", 200)
	a.submit(`a[href="/experts/import?kind=organisations"]`, 200)
	a.do("choose the bad file", chromedp.SetUploadFiles("#file", []string{badFile}))
	a.submit(`form[enctype="multipart/form-data"] button[type=submit]`, 422)
	a.wantContains(".dir-import-problems tbody", "VILAS")
	if got := a.texts(".dir-import-problems tbody td:first-child"); len(got) == 0 || got[0] != "4" {
		t.Errorf("the problems are on lines %q, want 4", got)
	}
	if len(a.texts(`input[name=token]`)) != 0 {
		t.Error("a file with a bad row can be written")
	}
	// Checked, then discarded: nothing written, the file no longer waits.
	a.do("choose the good file", chromedp.SetUploadFiles("#file", []string{goodFile}))
	a.submit(`form[enctype="multipart/form-data"] button[type=submit]`, 200)
	a.wantContains(".dir-import-preview", "VILAS 4321")
	a.submit(`form input[name=token] ~ .form-actions button[name=discard]`, 200)
	a.wantFlash("Đã hủy tệp đã kiểm tra; không dòng nào được ghi.")
	var waiting int
	if err := env.srv.app.db.WriteDB().QueryRowContext(ctx, `SELECT COUNT(*) FROM directory_uploads`).Scan(&waiting); err != nil || waiting != 0 {
		t.Errorf("after discarding, %d checked files wait (%v)", waiting, err)
	}
	a.do("choose the good file again", chromedp.SetUploadFiles("#file", []string{goodFile}))
	a.submit(`form[enctype="multipart/form-data"] button[type=submit]`, 200)
	a.wantContains(".dir-import-preview", "VILAS 4321")
	a.submit(`form input[name=token] ~ .form-actions button[type=submit]`, 200)
	a.wantFlash("Đã nhập 2 dòng từ to-chuc.csv.")
	a.open("/organisations?q=song+da+e2e", 200)
	a.wantContains(".dir-orgs tbody", "Phòng thử nghiệm E2E Sông Đà")
	got = e2eEval[string](a, `fetch('/experts/export.xlsx?tool=5s&province=01').then(r => r.status + ' ' + r.headers.get('content-type'))`)
	if got != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("the Excel export answers %q", got)
	}

	// A phone: nothing scrolls sideways.
	orgs, _, err := env.srv.app.directory.SearchOrganisations(ctx, directory.OrgFilter{Kind: directory.OrgTestingLab, Limit: 1})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("no demo testing laboratory: %v", err)
	}
	p := env.newUser(t, "directory-phone")
	p.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	p.signInDemo(login)
	for _, path := range []string{"/experts", "/experts?tool=5s&province=01", profile, "/experts/me", "/experts/me/privacy",
		"/experts/me/relations", "/organisations", directory.OrganisationURL(orgs[0].ID)} {
		p.open(path, 200)
		type size struct{ Inner, Scroll int }
		if s := e2eEval[size](p, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", path, s.Scroll)
		}
	}
	p.open(directory.OrganisationURL(orgs[0].ID), 200)
	p.wantContains("main", "VILAS")
}
