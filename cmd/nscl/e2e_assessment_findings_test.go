package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/assessment"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// e2eFindings drives photo evidence and findings in the browser. The demo
// enterprise's user opens an item of its self-assessment in progress, where
// the audit form's photo slot offers the camera: a phone photo (a JPEG with
// the GPS location in its EXIF) goes up and shows as a thumbnail, the
// stored photo without its location; a text file renamed .jpg is refused
// in the slot with the reason. On the findings tab the user records a
// finding (an impossible due date refused next to the field first) and
// reports it done with a note; the ministry officer closes it; the
// enterprise's /findings lists its open findings with the overdue flagged,
// not the closed one; the officer filters /findings by province and
// overdue and downloads it. The findings tab is checked in English, and
// the tab, the slot and /findings on a 360 px phone.
func e2eFindings(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	entLogin := env.login("enterprise")
	owner := env.user(t, entLogin.Email)
	st := env.srv.app.db.Assessment()
	mine, _, err := st.FindAssessments(ctx, assessment.AssessmentFilter{EnterpriseID: registry.EnterpriseID(owner.EnterpriseID)})
	if err != nil {
		t.Fatal(err)
	}
	var prog *assessment.Assessment
	for _, x := range mine {
		if x.Mode == assessment.ModeSelf && x.Status == assessment.StatusInProgress {
			prog = x
			break
		}
	}
	if prog == nil {
		t.Fatal("the demo enterprise has no self-assessment in progress")
	}
	v, err := st.FindVersion(ctx, prog.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	// An item without photos yet (the demo put some on the first item of
	// the first sections).
	var item assessment.Item
	for _, s := range v.Body.Sections {
		if len(s.Items) > 1 {
			item = s.Items[1]
			break
		}
	}
	if item.Key == "" {
		t.Fatal("no second item in the scheme")
	}
	slot := "#photo-" + strings.NewReplacer(".", "-").Replace(item.Key) + "-slot"
	input := "#photo-" + strings.NewReplacer(".", "-").Replace(item.Key)
	dir := t.TempDir()
	good := filepath.Join(dir, "IMG_20260310_091500.jpg")
	if err := os.WriteFile(good, e2ePhoneJPEG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bien-ban-5S.jpg")
	if err := os.WriteFile(bad, []byte("BIÊN BẢN ĐÁNH GIÁ 5S\nKhu vực: xưởng dập\nNgười đánh giá: …\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	e := env.newUser(t, "findings-enterprise")
	e.signInDemo(entLogin)
	t.Cleanup(func() { e2eSetLang(t, env, entLogin.Email, "vi") })
	tab := fmt.Sprintf("/assessments/%d/findings", prog.ID)

	// The photo slot of the item, from the audit form.
	e.open(fmt.Sprintf("/assessments/%d/audit?item=%s", prog.ID, item.Key), 200)
	e.waitVisible(slot + " .finding-photo-pick")
	e.wantText(slot+" .finding-photos-none", "Chưa có ảnh cho mục này.")
	if got := e.attr(input, "accept"); got != "image/*" {
		t.Errorf("the file field accepts %q", got)
	}
	if got := e.attr(input, "capture"); got != "environment" {
		t.Errorf("the file field's camera is %q", got)
	}
	e.do("choose the phone photo", chromedp.SetUploadFiles(chromedp.CSS(input), []string{good}, chromedp.NodeReady))
	e.waitVisible(slot + " .finding-thumb img")
	e.wantText(slot+" .finding-photo-notice", "Đã thêm ảnh.")
	e.wantContains(slot+" .finding-photos-title", "1/10")
	if w := e2eEval[int](e, `new Promise(function(ok){var i=document.querySelector(`+"`"+slot+` .finding-thumb img`+"`"+`);
		if(i.complete){ok(i.naturalWidth)}else{i.onload=function(){ok(i.naturalWidth)};i.onerror=function(){ok(0)}}})`); w != 320 {
		t.Errorf("the thumbnail is %d px wide, want 320", w)
	}
	ps, err := st.FindPhotos(ctx, prog.ID, item.Key)
	if err != nil || len(ps) != 1 {
		t.Fatalf("photos stored: %d, %v", len(ps), err)
	}
	stored, err := st.FindPhotoBytes(ctx, ps[0].ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(stored, []byte(e2eGPSMark)) || bytes.Contains(stored, []byte("Exif\x00\x00")) {
		t.Error("the stored photo keeps the EXIF GPS block")
	}
	if ps[0].Width != 2048 || ps[0].Height != 1536 {
		t.Errorf("the stored photo is %d×%d, want 2048×1536", ps[0].Width, ps[0].Height)
	}
	// The photo itself opens with its type.
	if got := e2eEval[string](e, `fetch(`+"`"+e.attr(slot+" .finding-thumb a", "href")+"`"+`).then(function(r){return r.status+' '+r.headers.get('content-type')+' '+r.headers.get('x-content-type-options');})`); got != "200 image/jpeg nosniff" {
		t.Errorf("the photo answers %q", got)
	}
	// A text file renamed .jpg: refused in the slot, nothing stored.
	e.do("choose the renamed text file", chromedp.SetUploadFiles(chromedp.CSS(input), []string{bad}, chromedp.NodeReady))
	e.waitVisible(slot + " .finding-photo-error")
	e.wantText(slot+" .finding-photo-error", "Tệp không phải là ảnh. Chỉ nhận ảnh JPEG, PNG hoặc WebP.")
	e2eExpectNetError(e, "/items/"+item.Key+"/photos", 1)
	if ps, _ := st.FindPhotos(ctx, prog.ID, item.Key); len(ps) != 1 {
		t.Errorf("%d photos after the refused file", len(ps))
	}
	if n := len(e.texts(slot + " .finding-thumb")); n != 1 {
		t.Errorf("the slot shows %d photos after the refusal", n)
	}

	// The findings tab: a finding with a due date, an impossible one first.
	e.open(fmt.Sprintf("/assessments/%d", prog.ID), 200)
	e.submit(`nav.assessment-tabs a[href="`+tab+`"]`, 200)
	e.wantContains(".finding-evidence", item.Key)
	e.click("details.finding-new > summary")
	e.choose("#finding-new-item", item.Key)
	const desc = "Khuôn dập để dưới sàn, không có giá đỡ và nhãn vị trí"
	e2eType(e, "#finding-new-description", desc)
	e2eType(e, "#finding-new-corrective", "Làm giá để khuôn có nhãn vị trí, kẻ vạch khu vực")
	e.fill("#finding-new-owner", "Nguyễn Văn Hùng — tổ trưởng tổ dập")
	e.fill("#finding-new-due", "31/02/2026")
	e.submit("button.finding-create", 422)
	e.wantText(".field:has(#finding-new-due) .field-error", "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 30/06/2026.")
	if got := e.attr("#finding-new-owner", "value"); got != "Nguyễn Văn Hùng — tổ trưởng tổ dập" {
		t.Errorf("the refused form lost the owner: %q", got)
	}
	due := time.Now().In(vn.Zone).AddDate(0, 0, 14)
	e.fill("#finding-new-due", vn.Date(due))
	e.submit("button.finding-create", 200)
	e.wantFlash("Đã ghi phát hiện.")
	card := "#" + e2eEval[string](e, `location.hash.slice(1)`)
	if !strings.HasPrefix(card, "#finding-") {
		t.Fatalf("the new finding's anchor is %q", card)
	}
	e.wantText(card+" .finding-desc", desc)
	e.wantText(card+" .finding-due", vn.Date(due))
	e.wantText(card+" .finding-status", "Chưa khắc phục")
	// Reported done: a note is needed.
	e.click(card + ` .finding-act:has(.finding-done-send) > summary`)
	e.submit(card+" button.finding-done-send", 422)
	e.wantText(card+" .field-error", "Nhập kết quả khắc phục (đã làm gì, bằng chứng ở đâu).")
	e2eType(e, card+` textarea[name="note"]`, "Đã làm giá để khuôn, dán nhãn và kẻ vạch; ảnh ở mục "+item.Key+".")
	e.submit(card+" button.finding-done-send", 200)
	e.wantFlash("Đã báo cáo khắc phục; chờ xác nhận.")
	e.wantText(card+" .finding-status", "Đã khắc phục, chờ xác nhận")
	if !e.visible(card + ` .finding-act:has(.finding-close-send) > summary`) {
		t.Error("the enterprise may not verify a finding of its own self-assessment")
	}

	// The ministry officer verifies and closes it.
	m := env.newUser(t, "findings-ministry")
	m.signInDemo(env.login("ministry"))
	m.open(tab, 200)
	m.click(card + ` .finding-act:has(.finding-close-send) > summary`)
	e2eType(m, card+` .finding-act:has(.finding-close-send) textarea`, "Đã kiểm tra tại xưởng: đạt.")
	m.submit(card+" button.finding-close-send", 200)
	m.wantFlash("Đã xác nhận và đóng phát hiện.")
	m.wantText(card+" .finding-status", "Đã đóng")
	// The officer's list: the province filter, overdue only, the download.
	m.open("/findings", 200)
	m.wantText(".page-header h1", "Phát hiện và hành động khắc phục")
	m.choose("#f-province", prog.ProvinceCode)
	m.click(`input[name="overdue"]`)
	m.submit(`form.finding-filters button[type=submit]`, 200)
	if !strings.Contains(m.path(), "province="+prog.ProvinceCode) || !strings.Contains(m.path(), "overdue=1") {
		t.Errorf("the filters are not in the address: %s", m.path())
	}
	rows := m.texts(".finding-table tbody tr")
	if len(rows) == 0 {
		t.Fatal("no overdue finding in the demo enterprise's province")
	}
	if n := len(m.texts(".finding-table tbody tr .finding-overdue")); n != len(rows) {
		t.Errorf("%d of %d rows flagged overdue", n, len(rows))
	}
	e2eWantXLSX(m, `.page-header a.xlsx-link`, "/findings.xlsx?")

	// The enterprise's list: its open findings, overdue first, not the
	// closed one; reached from the findings tab.
	e.open(tab, 200)
	e.submit(".page-header a.finding-list-link", 200)
	e.wantPath("/findings")
	if n := len(e.texts(".finding-table thead th")); n != 4 {
		t.Errorf("the enterprise's list has %d columns, want 4 (no enterprise column)", n)
	}
	list := strings.Join(e.texts(".finding-table tbody tr"), "\n")
	if strings.Contains(list, desc) {
		t.Error("the closed finding is in the list of open findings")
	}
	if len(e.texts(".finding-table tbody tr.finding-late")) == 0 {
		t.Error("no overdue finding flagged in the enterprise's list")
	}
	e.choose("#f-status", "closed")
	e.submit(`form.finding-filters button[type=submit]`, 200)
	e.wantContains(".finding-table", desc)

	// In English.
	e.open(tab, 200)
	e.submit(`form.lang-switch button[value="en"]`, 200)
	e.wantText("#finding-list-h", "Findings and corrective actions")
	e.wantText(card+" .finding-status", "Closed")
	e.wantContains(".finding-counts", "overdue")
	e.submit(`form.lang-switch button[value="vi"]`, 200)

	// A phone: nothing scrolls sideways; the camera button is thumb-sized.
	e.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range []string{tab, "/findings", fmt.Sprintf("/assessments/%d/audit?item=%s", prog.ID, item.Key)} {
		e.open(p, 200)
		if strings.Contains(p, "/audit") {
			e.waitVisible(slot + " .finding-photo-pick")
			if h := e2eEval[float64](e, `document.querySelector('`+slot+` .finding-photo-pick').getBoundingClientRect().height`); h < 44 {
				t.Errorf("the camera button is %.0f px high on a phone", h)
			}
		}
		if w := e2eEval[int](e, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, w)
		}
	}
}

// e2eGPSMark is in the EXIF GPS block of e2ePhoneJPEG.
const e2eGPSMark = "GPS-21.0245N-105.8412E-E2E"

// e2ePhoneJPEG is a 4000×3000 phone photo: a JPEG with an EXIF block whose
// GPS IFD holds e2eGPSMark.
func e2ePhoneJPEG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			m.SetRGBA(x, y, color.RGBA{uint8(120 + x/100), uint8(140 + y/100), 110, 255})
		}
	}
	var pic bytes.Buffer
	if err := jpeg.Encode(&pic, m, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	// TIFF, little-endian: IFD0 with one entry (GPSInfo → 26), the GPS IFD
	// with one entry (GPSProcessingMethod → 44), then the mark.
	var tf bytes.Buffer
	le := func(v ...any) {
		for _, x := range v {
			switch x := x.(type) {
			case uint16:
				tf.Write([]byte{byte(x), byte(x >> 8)})
			case uint32:
				tf.Write([]byte{byte(x), byte(x >> 8), byte(x >> 16), byte(x >> 24)})
			}
		}
	}
	tf.WriteString("II")
	le(uint16(42), uint32(8), uint16(1), uint16(0x8825), uint16(4), uint32(1), uint32(26), uint32(0))
	le(uint16(1), uint16(0x001B), uint16(7), uint32(len(e2eGPSMark)), uint32(44), uint32(0))
	tf.WriteString(e2eGPSMark)
	seg := append([]byte("Exif\x00\x00"), tf.Bytes()...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(out, seg...)
	return append(out, pic.Bytes()[2:]...)
}

// e2eExpectNetError takes n network errors of requests whose address
// contains part off u's record: a refusal the test asked for (the
// browser logs an htmx request answered 422 as a failed load).
func e2eExpectNetError(u *e2eUser, part string, n int) {
	u.t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		u.mu.Lock()
		kept := u.netErrs[:0]
		found := 0
		for _, e := range u.netErrs {
			if found < n && strings.Contains(e.URL, part) {
				found++
				continue
			}
			kept = append(kept, e)
		}
		u.netErrs = kept
		u.mu.Unlock()
		n -= found
		if n <= 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
