package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// e2eAssessing drives the assessments in the browser. The enterprise, on a
// 360 px phone, starts a 5S self-assessment (an empty site refused next to
// the field), answers items one per screen, loses the connection, answers
// two more (the page says they wait), gets it back and finds them saved
// (also after a reload), answers a section in the list view, submits and
// sees its result with the radar chart; then asks for an independent
// assessment. The ministry officer finds the request in the filtered list,
// is refused an assessor with a declared relation with the enterprise,
// and assigns the demo assessor. The assessor finds it first in the list,
// starts, answers and submits it, and sees self against independent; in
// English too.
func e2eAssessing(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	st := env.srv.app.db.Assessment()
	five, err := st.FindSchemeByCode(ctx, "5s")
	if err != nil {
		t.Fatalf("no shipped 5S scheme: %v", err)
	}
	tools, err := st.FindSchemeByCode(ctx, "kaizen-lean-tpm")
	if err != nil {
		t.Fatalf("no shipped improvement-tool scheme: %v", err)
	}
	owner := env.user(t, env.login("enterprise").Email)
	ownerCtx := auth.WithActor(ctx, owner.Actor())

	// ---- the enterprise, on a phone ----
	e := env.newUser(t, "asm-enterprise")
	e.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	e.signInDemo(env.login("enterprise"))
	e.click("details.nav-toggle > summary")
	e.submit(`nav.nav a[href="/assessments"]`, 200)
	e.wantText(".page-header h1", "Đánh giá 5S và công cụ cải tiến")
	asmNarrow(t, e, "/assessments")
	e.submit(`.page-header a[href="/assessments/new"]`, 200)
	e.wantText(".page-header h1", "Bắt đầu tự đánh giá")
	e.choose("#scheme_id", fmt.Sprint(int64(five.ID)))
	e.submit(`form.asm-start-form button[type=submit]`, 422)
	e.wantText(".field.has-error .field-error", "Nhập khu vực, xưởng hoặc dây chuyền được đánh giá.")
	e.fill("#site", "Xưởng sơn tĩnh điện")
	e.submit(`form.asm-start-form button[type=submit]`, 200)
	e.wantFlash("Đã bắt đầu tự đánh giá. Mỗi câu trả lời được lưu ngay khi chọn.")
	if !strings.HasSuffix(e.path(), "/audit") {
		t.Fatalf("after starting: at %s", e.path())
	}
	id := asmIDOf(t, e.path())
	asmNarrow(t, e, e.path())
	e.wantText("#asm-pos", "1")
	e.wantContains(".asm-progress", "/31")

	// Two items, one per screen: a value, a note, then "save and next".
	e.click(`label[for="item-s1-1-v3"]`)
	e.click(`#item-s1-1 button.asm-next`)
	e.waitShown("#item-s1-2", true)
	e.wantText("#asm-pos", "2")
	if e.visible("#item-s1-1") {
		t.Errorf("the first item is still shown")
	}
	e.click(`label[for="item-s1-2-v4"]`)
	e.do("type a note", chromedp.SendKeys(chromedp.CSS("#item-s1-2-note"), "Có tiêu chí phân loại bằng văn bản", chromedp.NodeVisible))
	e.click(`#item-s1-2 button.asm-next`)
	e.waitShown("#item-s1-3", true)
	asmWaitSent(t, e, id)
	asmWantAnswers(t, env, id, 2)

	// The connection is lost: two more answers wait in the browser.
	asmOffline(e, true)
	e.click(`label[for="item-s1-3-v2"]`)
	e.click(`#item-s1-3 button.asm-next`)
	e.waitShown("#item-s1-4", true)
	e.click(`label[for="item-s1-4-na"]`)
	e.click(`#item-s1-4 button.asm-next`)
	e.waitShown("#item-s1-5", true)
	e.waitShown("#asm-status", true)
	e.wantText("#asm-status", "Mất kết nối — 2 câu trả lời đang chờ gửi")
	if n := e2eEval[int](e, asmDraftLen(id)); n != 2 {
		t.Errorf("%d answers kept in the browser, want 2", n)
	}
	asmWantAnswers(t, env, id, 2)
	e.wantText("#asm-answered", "4")
	// Back online: sent in order, then cleared.
	asmOffline(e, false)
	asmWaitSent(t, e, id)
	asmWantAnswers(t, env, id, 4)
	ans, err := st.FindAnswers(ctx, assessment.AssessmentID(id))
	if err != nil || ans["s1.3"].Value != 2 || !ans["s1.4"].NA || ans["s1.2"].Note != "Có tiêu chí phân loại bằng văn bản" {
		t.Errorf("answers after the connection returned: %+v, %v", ans, err)
	}
	e.open(fmt.Sprintf("/assessments/%d/audit?item=s1.3", id), 200)
	if !e2eEval[bool](e, `document.getElementById('item-s1-3-v2').checked`) {
		t.Errorf("the answer given offline is not shown after a reload")
	}
	e.wantText("#asm-pos", "3")

	// The draft is the user's: one left on this phone by another user is
	// dropped, never sent. Of a batch the server refuses (a value off the
	// scale), only the bad answer is dropped, and named on its item.
	if key := e2eEval[string](e, `'nscl-audit-' + document.getElementById('asm-audit').getAttribute('data-user') + '-' + document.getElementById('asm-audit').getAttribute('data-assessment')`); key != fmt.Sprintf("nscl-audit-%d-%d", owner.ID, id) {
		t.Errorf("the draft's key is %q", key)
	}
	e2eEval[bool](e, fmt.Sprintf(`localStorage.setItem('nscl-audit-999999-%[1]d', JSON.stringify([{item: 's1.7', value: 1, at: new Date().toISOString()}]));
		localStorage.setItem('nscl-audit-%[2]d-%[1]d', JSON.stringify([{item: 's1.5', value: 99, at: new Date().toISOString()},
			{item: 's1.6', value: 3, note: 'Ghi khi mất mạng', at: new Date().toISOString()}])); true`, id, owner.ID))
	e.open(fmt.Sprintf("/assessments/%d/audit?item=s1.5", id), 200)
	asmWaitSent(t, e, id)
	e.waitVisible("#item-s1-5 .asm-refused")
	e.wantContains("#item-s1-5 .asm-refused", "Mục s1.5 không được lưu")
	e2eExpectNetError(e, "/answers", 2)
	if e2eEval[bool](e, fmt.Sprintf(`localStorage.getItem('nscl-audit-999999-%d') !== null`, id)) {
		t.Errorf("another user's draft is kept")
	}
	ans, err = st.FindAnswers(ctx, assessment.AssessmentID(id))
	if _, bad := ans["s1.5"]; err != nil || bad || ans["s1.6"].Value != 3 || ans["s1.6"].Note != "Ghi khi mất mạng" {
		t.Errorf("answers after a refused batch: %+v, %v", ans, err)
	}
	if _, other := ans["s1.7"]; other {
		t.Errorf("another user's draft was sent")
	}
	asmWantAnswers(t, env, id, 5)

	// The list view: a section's items on one page, each saved as chosen.
	e.submit(`.asm-views a[href$="view=list&section=s1"]`, 200)
	e.submit(`.asm-sections a[href$="section=s2"]`, 200)
	for i := 1; i <= 7; i++ {
		e.click(fmt.Sprintf(`label[for="item-s2-%d-v%d"]`, i, 2+i%3))
	}
	asmWaitSent(t, e, id)
	asmWantAnswers(t, env, id, 12)
	// The rest through the service, then the submission in the browser.
	asmAnswerRest(t, env, ownerCtx, id, 3)
	e.open(fmt.Sprintf("/assessments/%d/audit?item=_end", id), 200)
	e.wantText("#asm-end-answered", "31")
	e.submit(`#asm-end button.asm-submit`, 200)
	e.wantFlash("Đã nộp kết quả đánh giá.")
	e.wantPath(fmt.Sprintf("/assessments/%d", id))
	e.wantText("#asm-status-badge", "Đã hoàn thành")
	e.waitVisible("#asm-radar canvas")
	if lv := e.text("#asm-level"); lv == "" {
		t.Errorf("no level shown")
	}
	if got := e.texts(".asm-sections-table tbody tr"); len(got) != 5 {
		t.Errorf("%d sections in the result, want 5", len(got))
	}
	asmNarrow(t, e, e.path())

	// An independent assessment of the improvement tools.
	e.open("/assessments", 200)
	e.submit(`.page-header a[href="/assessments/request"]`, 200)
	e.wantText(".page-header h1", "Đề nghị đánh giá độc lập")
	e.choose("#scheme_id", fmt.Sprint(int64(tools.ID)))
	e.fill("#site", "Toàn nhà máy")
	e.do("type a note", chromedp.SendKeys(chromedp.CSS("#note"), "Đã áp dụng Kaizen và TPM hai năm, đề nghị đánh giá để xét công nhận.", chromedp.NodeVisible))
	e.submit(`form.asm-request-form button[type=submit]`, 200)
	e.wantFlash("Đã gửi đề nghị đánh giá độc lập.")
	req := asmIDOf(t, e.path())
	e.wantText("#asm-status-badge", "Đã đề nghị")

	// ---- the ministry officer assigns an assessor ----
	m := env.newUser(t, "asm-ministry")
	m.signInDemo(env.login("ministry"))
	m.submit(`nav.nav a[href="/assessments"]`, 200)
	m.choose("#f-status", "requested")
	m.choose("#f-scheme", fmt.Sprint(int64(tools.ID)))
	m.do("type a search", chromedp.SendKeys(chromedp.CSS("#f-q"), asmFold(t, env, owner), chromedp.NodeVisible))
	m.submit(`form.asm-filters button[type=submit]`, 200)
	m.waitVisible(fmt.Sprintf("#asm-%d a", req))
	m.submit(fmt.Sprintf("#asm-%d a", req), 200)
	m.wantContains(".kv", "Đã áp dụng Kaizen và TPM")
	m.submit(fmt.Sprintf(`.page-header a[href="/assessments/%d/assign"]`, req), 200)
	conflicted := env.user(t, asmConflictedEmail)
	expired := env.user(t, asmExpiredEmail)
	assessor := env.user(t, env.login("assessor").Email)
	m.wantContains(fmt.Sprintf("#cand-%d .asm-reason", int64(conflicted.ID)), "Xung đột lợi ích")
	m.wantContains(fmt.Sprintf("#cand-%d .asm-reason", int64(expired.ID)), "hết hạn")
	m.click(fmt.Sprintf(`#cand-%d input[type=radio]`, int64(conflicted.ID)))
	m.submit(`form.asm-assign-form button[type=submit]`, 422)
	m.wantContains(".flash-error", "Không thể phân công")
	m.wantContains(".field-error", "quan hệ đã khai báo")
	m.click(fmt.Sprintf(`#cand-%d input[type=radio]`, int64(assessor.ID)))
	m.submit(`form.asm-assign-form button[type=submit]`, 200)
	m.wantFlash(fmt.Sprintf("Đã phân công %s; đánh giá viên được thông báo qua thư điện tử.", assessor.Name))
	m.wantText("#asm-status-badge", "Đã phân công")
	m.open("/assessments", 200)
	m.waitVisible(`a.xlsx-link[href="/assessments.xlsx"]`)

	// ---- the assessor audits ----
	a := env.newUser(t, "asm-assessor")
	a.signInDemo(env.login("assessor"))
	a.submit(`nav.nav a[href="/assessments"]`, 200)
	a.waitVisible(fmt.Sprintf("#asm-todo + .asm-cards #asm-%d a", req))
	a.submit(fmt.Sprintf("#asm-%d a", req), 200)
	a.submit(".asm-start", 200)
	a.wantFlash("Đã bắt đầu cuộc đánh giá.")
	a.wantText("#asm-pos", "1")
	a.click(`label[for="item-lead-1-v3"]`)
	a.do("type a note", chromedp.SendKeys(chromedp.CSS("#item-lead-1-note"), "Lãnh đạo tham gia đi hiện trường hằng tuần", chromedp.NodeVisible))
	a.click(`#item-lead-1 button.asm-next`)
	a.waitShown("#item-lead-2", true)
	asmWaitSent(t, a, req)
	assessorCtx := auth.WithActor(ctx, assessor.Actor())
	asmAnswerRest(t, env, assessorCtx, req, 3)
	a.open(fmt.Sprintf("/assessments/%d/audit?item=_end", req), 200)
	a.submit(`#asm-end button.asm-submit`, 200)
	a.wantFlash("Đã nộp kết quả đánh giá.")
	a.waitVisible("#asm-radar canvas")
	// In English: the same page, then back to Vietnamese.
	a.submit(`form.lang-switch button[value="en"]`, 200)
	a.wantText("#asm-status-badge", "Submitted")
	a.wantText("#asm-sections-h", "Result by section")
	a.wantContains(".assessment-tabs", "Overview and results")
	a.submit(`form.lang-switch button[value="vi"]`, 200)
	a.wantText("#asm-sections-h", "Kết quả theo phần")

	// The ministry officer finds the submitted assessment to recognise:
	// the button leads to the recognition form, which is a tab.
	if sub, err := st.FindAssessment(ctx, assessment.AssessmentID(req)); err != nil {
		t.Fatal(err)
	} else if sub.LevelCode != "" {
		m.open(fmt.Sprintf("/assessments/%d", req), 200)
		m.wantText(".page-header .asm-recognise", "Xét công nhận")
		m.wantContains(".assessment-tabs", "Công nhận")
		m.submit(".page-header .asm-recognise", 200)
		m.wantPath(fmt.Sprintf("/assessments/%d/recognition", req))
	}

	// The enterprise compares: its earlier self-assessments on 5S.
	e.open(fmt.Sprintf("/assessments/%d", id), 200)
	e.waitVisible(".asm-history")
	// A recognised assessment of its links its certificate.
	for _, x := range asmOwn(t, env, owner) {
		if x.Status != assessment.StatusRecognised {
			continue
		}
		c, err := st.FindCertificateOf(ctx, x.ID)
		if err != nil {
			continue
		}
		e.open(fmt.Sprintf("/assessments/%d", x.ID), 200)
		if got := e.attr(".page-header .asm-certificate", "href"); got != fmt.Sprintf("/certificates/%d", c.ID) {
			t.Errorf("the recognised assessment links %q, want its certificate %d", got, c.ID)
		}
		e.wantContains(".asm-facts", c.Number)
		break
	}
}

// asmOwn returns the assessments of u's enterprise.
func asmOwn(t *testing.T, env *e2eEnv, u *auth.User) []*assessment.Assessment {
	t.Helper()
	xs, _, err := env.srv.app.db.Assessment().FindAssessments(context.Background(),
		assessment.AssessmentFilter{EnterpriseID: registry.EnterpriseID(u.EnterpriseID), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return xs
}

// asmIDOf reads the assessment id of a path /assessments/{id}[/…].
func asmIDOf(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(path, "/assessments/"), "%d", &id); err != nil || id == 0 {
		t.Fatalf("no assessment id in %s", path)
	}
	return id
}

// asmNarrow checks that the page fits the 360 px screen.
func asmNarrow(t *testing.T, u *e2eUser, what string) {
	t.Helper()
	type size struct{ Inner, Scroll int }
	if s := e2eEval[size](u, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 || s.Inner != 360 {
		t.Errorf("%s is %d px wide on a 360 px screen", what, s.Scroll)
	}
}

// asmOffline cuts (or restores) the tab's connection: requests fail and
// navigator.onLine follows, with its offline and online events.
func asmOffline(u *e2eUser, offline bool) {
	u.t.Helper()
	u.do("network offline="+fmt.Sprint(offline), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline,
			DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
	if !offline {
		// The requests that failed while offline are what the test made
		// happen, not errors of the page.
		u.mu.Lock()
		kept := u.netErrs[:0]
		for _, e := range u.netErrs {
			if !strings.Contains(e.Text, "INTERNET_DISCONNECTED") && e.Level == cdplog.EntryLevelError {
				kept = append(kept, e)
			}
		}
		u.netErrs = kept
		u.mu.Unlock()
	}
}

// asmDraftLen is a script that counts the answers the browser keeps for
// assessment id (under its user's key, nscl-audit-<user>-<id>).
func asmDraftLen(id int64) string {
	return fmt.Sprintf(`(function () { var n = 0;
		for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i);
			if (/^nscl-audit-\d+-%d$/.test(k)) n += JSON.parse(localStorage.getItem(k) || '[]').length; }
		return n; })()`, id)
}

// asmWaitSent waits until the browser has sent every answer it kept.
func asmWaitSent(t *testing.T, u *e2eUser, id int64) {
	t.Helper()
	deadline := time.Now().Add(e2eStep)
	for e2eEval[int](u, asmDraftLen(id)) != 0 {
		if time.Now().After(deadline) {
			u.fail("wait for the answers to be sent", fmt.Errorf("status %q", u.text("#asm-status")))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// asmWantAnswers checks how many answers the server has.
func asmWantAnswers(t *testing.T, env *e2eEnv, id int64, want int) {
	t.Helper()
	ans, err := env.srv.app.db.Assessment().FindAnswers(context.Background(), assessment.AssessmentID(id))
	if err != nil || len(ans) != want {
		t.Errorf("the server has %d answers, want %d (%v)", len(ans), want, err)
	}
}

// asmAnswerRest answers every item not answered yet with value, as the
// actor of ctx, through the service.
func asmAnswerRest(t *testing.T, env *e2eEnv, ctx context.Context, id int64, value int) {
	t.Helper()
	sh, err := env.srv.app.assessment.Sheet(ctx, assessment.AssessmentID(id))
	if err != nil {
		t.Fatal(err)
	}
	var in []assessment.AnswerInput
	for _, s := range sh.Version.Body.Sections {
		for _, it := range s.Items {
			if _, ok := sh.Answers[it.Key]; !ok {
				v := value
				in = append(in, assessment.AnswerInput{Item: it.Key, Value: &v})
			}
		}
	}
	if len(in) > 0 {
		if _, err := env.srv.app.assessment.SaveAnswers(ctx, assessment.AssessmentID(id), in); err != nil {
			t.Fatal(err)
		}
	}
}

// asmFold is the enterprise's name without diacritics (the list's search
// folds them).
func asmFold(t *testing.T, env *e2eEnv, u *auth.User) string {
	t.Helper()
	x, err := env.srv.app.db.Registry().FindEnterpriseByID(context.Background(), registry.EnterpriseID(u.EnterpriseID))
	if err != nil {
		t.Fatal(err)
	}
	return vn.Fold(x.Name)
}
