package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nscl/internal/demo"
	"nscl/internal/diagnosis"
)

// e2eDiagnosis drives the self-diagnosis in the browser. The demo
// enterprise user, on a 360 px phone, continues this year's draft from the
// landing page, answers with taps (each answer saved at once), tries to
// submit with questions missing and sees which, completes the rest, submits,
// and sees the radar chart with last year overlaid, the position among peers
// and the improvement path with links to the tools; English works. The
// administrator then edits a question in a draft (an inline error first)
// and publishes version 2; the enterprise's result still shows version 1.
func e2eDiagnosis(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	l := env.login("enterprise")
	t.Cleanup(func() { e2eSetLang(t, env, l.Email, "vi") })
	own := env.user(t, l.Email)
	year := diagnosis.Year(time.Now())

	u := env.newUser(t, "diagnosis-phone")
	u.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	u.signIn(l.Email, demo.Password, "")
	u.open("/diagnosis", 200)
	u.wantContains(".page-header h1", "Tự chẩn đoán")
	u.wantContains(".dg-current .card-title", fmt.Sprintf("Năm %d", year))
	u.wantContains(".dg-years", strconv.Itoa(year-1))
	u.wantText("#dg-start", "Tiếp tục trả lời")
	u.submit("#dg-start", 200)
	// The demo draft has the first three dimensions answered: it resumes at the fourth.
	path := u.path()
	if !strings.HasSuffix(path, "/step/4") {
		t.Fatalf("continue led to %s, want the fourth dimension", path)
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(path, "/diagnosis/"), "/step/4"), 10, 64)
	if err != nil {
		t.Fatalf("diagnosis id in %s: %v", path, err)
	}
	u.wantContains(".dg-dim-title", "Quản lý chất lượng")
	e2eNoSideScroll(t, u, path)
	if h := e2eEval[float64](u, `document.querySelector('.dg-option').getBoundingClientRect().height`); h < 44 {
		t.Errorf("an answer option is %.0f px high on a phone, want a touch target of at least 44 px", h)
	}

	// One tap saves one answer (htmx), without leaving the page.
	u.click(`#q-qual_control label.dg-option:nth-child(2)`)
	u.waitVisible(`#st-qual_control .badge-ok`)
	u.wantPath(path)
	d, err := env.srv.app.db.Diagnosis().FindDiagnosis(ctx, id)
	if err != nil || d.Answers["qual_control"] != 2 || d.EnterpriseID != own.EnterpriseID {
		t.Fatalf("after one tap the stored draft is %+v, %v; want qual_control = 2", d, err)
	}

	// Submitting now is refused, naming the missing questions.
	u.submit("#dg-review", 200)
	u.wantPath(fmt.Sprintf("/diagnosis/%d", id))
	u.submit("#dg-submit", 422)
	u.wantContains(".dg-submit-error", "Chưa thể gửi: còn")
	missing := u.texts(".dg-missing li")
	if len(missing) == 0 || !dgContains(missing, "Tỷ lệ lỗi, hàng trả về có được đo") {
		t.Fatalf("missing questions shown: %q", missing)
	}
	if dgContains(missing, "Chất lượng sản phẩm được kiểm soát như thế nào") {
		t.Errorf("the answered question is listed as missing: %q", missing)
	}

	// Complete the rest: from the first missing question, dimension by
	// dimension, tapping an option of each unanswered question.
	u.submit(".dg-missing li a", 200)
	for n := 4; ; n++ {
		codes := e2eEval[[]string](u, `Array.from(document.querySelectorAll('fieldset.dg-question')).filter(f => !f.querySelector('input:checked')).map(f => f.id.slice(2))`)
		for i, c := range codes {
			u.click(fmt.Sprintf(`#q-%s label.dg-option:nth-child(%d)`, c, 2+(n+i)%3))
		}
		if len(codes) > 0 {
			u.waitVisible(fmt.Sprintf(`#st-%s .badge-ok`, codes[len(codes)-1]))
		}
		if !u.visible("#dg-next") {
			u.submit("#dg-review", 200)
			break
		}
		u.submit("#dg-next", 200)
		if n > 20 {
			t.Fatal("the dimensions do not end")
		}
	}
	u.wantPath(fmt.Sprintf("/diagnosis/%d", id))
	u.wantContains("main progress + p", "(100%)")
	u.submit("#dg-submit", 200)
	u.wantFlash("Đã gửi bản tự chẩn đoán.")
	u.wantText(".page-header h1", fmt.Sprintf("Kết quả tự chẩn đoán năm %d", year))
	u.waitVisible("#dg-radar canvas")
	u.wantContains(".dg-version", "Phiên bản 1")
	// Last year overlaid and compared.
	if hd := u.texts(".dg-compare thead th"); len(hd) != 4 || hd[2] != strconv.Itoa(year-1) {
		t.Errorf("comparison columns %q, want the dimension, %d, %d and the change", hd, year, year-1)
	}
	if rows := u.texts(".dg-compare tbody tr"); len(rows) != 9 {
		t.Errorf("comparison rows %d, want 9 dimensions", len(rows))
	}
	legend := e2eEval[[]string](u, `echarts.getInstanceByDom(document.getElementById('dg-radar')).getOption().series[0].data.map(d => d.name)`)
	if len(legend) != 2 || legend[1] != strconv.Itoa(year-1) {
		t.Errorf("radar series %q, want this year and last year", legend)
	}
	// Peers: the demo firm's sector and size class has enough diagnosed firms.
	u.wantContains(".dg-peers .stat-label", "doanh nghiệp cùng nhóm")
	if v := u.text(".dg-peers .stat-value"); !strings.HasSuffix(v, "%") {
		t.Errorf("peer position %q, want a percentile", v)
	}
	steps := u.texts(".dg-path-list li")
	links := e2eEval[[]string](u, `Array.from(document.querySelectorAll('.dg-path-list a')).map(a => a.getAttribute('href'))`)
	if len(steps) < 2 || len(links) != len(steps) || !strings.HasPrefix(links[0], "/tools/") || !strings.Contains(steps[0], "/5 →") {
		t.Errorf("path %q with links %q: want several tools, linked to /tools/…, with reasons naming the level", steps, links)
	}
	e2eNoSideScroll(t, u, "result")

	// English.
	u.submit(`form.lang-switch button[value="en"]`, 200)
	u.wantText(".page-header h1", fmt.Sprintf("Self-diagnosis result, %d", year))
	u.wantContains(".dg-version", "Version 1")
	u.wantContains(".dg-path h2", "Recommended improvement path")
	u.submit(`form.lang-switch button[value="vi"]`, 200)
	u.wantText(".page-header h1", fmt.Sprintf("Kết quả tự chẩn đoán năm %d", year))

	// The administrator edits a question of a new draft and publishes it.
	a := env.signedInAdmin(t)
	a.open("/admin/questionnaire", 200)
	a.wantText(".page-header h1", "Bộ câu hỏi tự chẩn đoán")
	if a.visible("#dg-edit-draft") {
		a.submit("#dg-edit-draft", 200)
	} else {
		a.submit("#dg-new-draft", 200)
	}
	vpath := a.path()
	a.submit(`a[data-edit="lead_goals"]`, 200)
	dgType(a, "#text_vi", " ")
	a.submit("#dg-save-question", 422)
	a.wantContains(".has-error .field-error", "Vui lòng nhập cả tiếng Việt và tiếng Anh")
	dgType(a, "#text_vi", "Mục tiêu năng suất, chất lượng có được lượng hóa và giao đến từng bộ phận không?")
	dgType(a, "#text_en", "Are the productivity and quality goals quantified and given to every department?")
	a.submit("#dg-save-question", 200)
	a.wantFlash("Đã lưu câu hỏi.")
	a.wantPath(vpath)
	a.wantContains("#q-lead_goals .dg-qtext", "được lượng hóa")
	// … adds a question to quality management …
	a.submit(`a[data-add="quality"]`, 200)
	a.fill("#code", "qual_supplier")
	dgType(a, "#text_vi", "Chất lượng nguyên vật liệu đầu vào được kiểm soát như thế nào?")
	dgType(a, "#text_en", "How is the quality of incoming materials controlled?")
	for i, o := range [][2]string{{"Không kiểm tra.", "Not checked."}, {"Kiểm tra khi có sự cố.", "Checked after problems."},
		{"Kiểm tra theo lô.", "Checked by batch."}, {"Đánh giá nhà cung cấp định kỳ.", "Suppliers are evaluated regularly."},
		{"Nhà cung cấp được chứng nhận, miễn kiểm.", "Certified suppliers, no incoming inspection."}} {
		dgType(a, fmt.Sprintf("#opt%d_vi", i+1), o[0])
		dgType(a, fmt.Sprintf("#opt%d_en", i+1), o[1])
	}
	a.submit("#dg-save-question", 200)
	a.wantFlash("Đã thêm câu hỏi.")
	a.wantContains("#q-qual_supplier .dg-qtext", "nguyên vật liệu đầu vào")
	// … and publishes.
	a.submit("#dg-publish", 200)
	v, _ := strconv.Atoi(strings.TrimPrefix(vpath, "/admin/questionnaire/"))
	a.wantFlash(fmt.Sprintf("Đã ban hành phiên bản %d.", v))
	if dl := a.acceptedDialogs(); len(dl) == 0 || !strings.Contains(dl[len(dl)-1], "Ban hành phiên bản này?") {
		t.Errorf("publishing asked no confirmation: %q", dl)
	}
	// A published version cannot be edited any more.
	a.open(vpath+"/questions/lead_goals", 409)

	// The enterprise's result keeps its version and its question texts.
	u.open(fmt.Sprintf("/diagnosis/%d", id), 200)
	u.wantContains(".dg-version", "Phiên bản 1")
	d, err = env.srv.app.db.Diagnosis().FindDiagnosis(ctx, id)
	if err != nil || d.Version != 1 || d.Status != diagnosis.StatusSubmitted {
		t.Fatalf("the submitted diagnosis is %+v, %v; want version 1, submitted", d, err)
	}
	old, err := env.srv.app.db.Diagnosis().FindQuestionnaire(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, q := old.Question("lead_goals"); q == nil || strings.Contains(q.Text.Vi, "được lượng hóa") {
		t.Errorf("version 1 changed: %+v", q)
	}
	if _, q := old.Question("qual_supplier"); q != nil {
		t.Error("the question added to the new version is in version 1")
	}
	cur, err := env.srv.app.db.Diagnosis().FindCurrentQuestionnaire(ctx)
	if _, q := cur.Question("qual_supplier"); err != nil || cur.Version != v || q == nil || q.Options[4].En != "Certified suppliers, no incoming inspection." {
		t.Errorf("current version %d lacks the added question: %+v, %v", cur.Version, q, err)
	}

	// The Hà Nội officer sees this year's submitted diagnoses of Hà Nội
	// only, the distribution of levels, filters by level and opens one.
	o := env.newUser(t, "diagnosis-province")
	o.signInDemo(env.login("province"))
	o.open("/diagnosis", 200)
	o.wantText(".page-header h1", "Kết quả tự chẩn đoán của doanh nghiệp")
	if o.visible("#province") {
		t.Error("a provincial officer can choose another province")
	}
	if got := o.attr(`#year option[selected]`, "value"); got != strconv.Itoa(year) {
		t.Errorf("year filter %q by default, want this year %d", got, year)
	}
	provs := o.texts(".dg-list tbody td:nth-child(3)")
	if len(provs) == 0 {
		t.Fatal("the officer's list is empty")
	}
	for _, p := range provs {
		if p != "Hà Nội" {
			t.Fatalf("the Hà Nội officer sees a diagnosis of %q", p)
		}
	}
	o.waitVisible(".dg-bar canvas")
	counts := e2eEval[[]int](o, `Array.from(document.querySelectorAll('.dg-distribution .stat-value'), e => +e.textContent)`)
	total := e2eEval[int](o, `+document.querySelector('.section h2 small').textContent.replace(/\D/g, '')`)
	sum := 0
	for _, c := range counts {
		sum += c
	}
	if len(counts) != 5 || sum != total {
		t.Errorf("distribution %v sums to %d, want 5 levels summing to the %d listed", counts, sum, total)
	}
	o.choose("#level", "2")
	o.submit(".dg-filters button[type=submit]", 200)
	for _, lv := range o.texts(".dg-list tbody td:nth-child(6) .badge") {
		if lv != "2" {
			t.Fatalf("filtered by level 2, a row shows level %q", lv)
		}
	}
	if len(o.texts(".dg-list tbody tr")) > 0 {
		o.submit(".dg-list tbody tr:first-child a", 200)
		o.wantContains(".page-header h1", "Kết quả tự chẩn đoán năm")
		o.wantContains(".dg-meta", "Hà Nội")
	}
	// Another province's diagnosis is not found for them.
	hcm, _, err := env.srv.app.db.Diagnosis().FindDiagnoses(ctx, diagnosis.Filter{ProvinceCode: "79", Limit: 1})
	if err != nil || len(hcm) == 0 {
		t.Fatalf("no submitted diagnosis in Hồ Chí Minh City: %v", err)
	}
	o.open(fmt.Sprintf("/diagnosis/%d", hcm[0].ID), 404)
}

// dgType replaces the text of a visible text area (empty ones too) by typing v.
func dgType(u *e2eUser, sel, v string) {
	u.t.Helper()
	q, _ := json.Marshal(sel)
	e2eEval[bool](u, `(e => (e.value = '', true))(document.querySelector(`+string(q)+`))`)
	u.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), v, chromedp.NodeVisible))
}

// e2eNoSideScroll fails when the page scrolls sideways on the phone.
func e2eNoSideScroll(t *testing.T, u *e2eUser, what string) {
	t.Helper()
	type size struct{ Inner, Scroll int }
	if s := e2eEval[size](u, `({Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth})`); s.Scroll > 360 {
		t.Errorf("%s is %d px wide on a 360 px screen", what, s.Scroll)
	}
}

// dgContains reports whether some s of ss contains sub.
func dgContains(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
