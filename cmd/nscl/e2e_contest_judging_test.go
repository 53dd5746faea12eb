package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nscl/internal/contest"
)

// e2eJudging drives judging and results in the browser: the demo judge
// opens "Chấm thi" from the menu and an entry of the 2026 excellence
// contest to score; the sheet is blind (neither the entrant's name nor
// its tax code is on the page) and shows no other judge's scores; a score
// above the criterion's points is refused next to it; a draft is saved,
// then the sheet submitted and locked. The ministry officer reads the
// 2025 results (raw and normalised rankings, the leniency table and
// chart), the consensus round, and runs the balanced assignment of 2026;
// the demo enterprise reads its 2025 feedback report; an anonymous
// visitor reads the public results (awards only, no leniency); the score
// sheet on a 360 px phone.
func e2eJudging(t *testing.T, env *e2eEnv) {
	ctx := context.Background()
	app := env.srv.app
	c25, err := app.demoContestID(ctx, "NSCL-2025")
	if err != nil || c25 == 0 {
		t.Fatalf("no 2025 contest: %v", err)
	}
	c26, err := app.demoContestID(ctx, "NSCL-2026")
	if err != nil || c26 == 0 {
		t.Fatalf("no 2026 contest: %v", err)
	}
	k26, err := app.db.Contest().FindContest(ctx, c26)
	if err != nil {
		t.Fatal(err)
	}

	// The judge scores one entry.
	j := env.newUser(t, "judging-judge")
	j.signInDemo(env.login("judge"))
	j.submit(`nav.nav a[href="/judging"]`, 200)
	j.wantText(".page-header h1", "Chấm thi")
	j.submit(`.jd-to-score a.jd-score-link`, 200)
	path := j.path()
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(path, "/contest-entries/"), "/score"), 10, 64)
	if err != nil {
		t.Fatalf("score sheet path %q", path)
	}
	e, err := app.db.Contest().FindEntry(ctx, contest.EntryID(id))
	if err != nil {
		t.Fatal(err)
	}
	j.waitVisible(".jd-blind")
	body := j.text("main")
	if strings.Contains(body, e.EnterpriseName) || strings.Contains(body, e.TaxCode) || !strings.Contains(body, e.Code) {
		t.Fatalf("the blind sheet shows the entrant %q / %s (or not the code %s)", e.EnterpriseName, e.TaxCode, e.Code)
	}
	if j.visible(".jd-others") {
		t.Fatal("another judge's scores are shown before the consensus round")
	}
	// The API agrees: no entrant, no other judge's sheet.
	j.open(fmt.Sprintf("/api/v1/contest-entries/%d/score", id), 200)
	api := j.text("body")
	if strings.Contains(api, e.EnterpriseName) || strings.Contains(api, e.TaxCode) || !strings.Contains(api, `"others":[]`) ||
		strings.Contains(api, `"entrant"`) {
		t.Fatalf("the blind API sheet shows the entrant or others' scores: %s", api)
	}
	j.open(path, 200)
	first := k26.Criteria[0]
	j.fill("#score-"+first.Code, fmt.Sprint(first.MaxPoints+1))
	j.submit(".jd-save", 422)
	j.wantContains(".jd-criterion .field-error", "Điểm phải từ 0 đến")
	for _, cr := range k26.Criteria {
		j.fill("#score-"+cr.Code, strconv.Itoa(int(cr.MaxPoints*0.7)))
	}
	e2eType(j, "#comment-"+first.Code, "Hệ thống lãnh đạo rõ ràng, có minh chứng.")
	j.submit(".jd-save", 200)
	j.wantFlash("Đã lưu nháp phiếu chấm.")
	j.submit(".jd-submit", 200)
	j.wantFlash("Đã nộp phiếu chấm.")
	if j.visible(".jd-submit") {
		t.Fatal("a submitted sheet still offers to submit")
	}
	j.open("/judging", 200)
	j.wantContains(".jd-scored", e.Code)
	// The sheet and the queue fit a 360 px phone.
	j.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, p := range []string{path, "/judging"} {
		j.open(p, 200)
		if w := e2eEval[int](j, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", p, w)
		}
	}

	// The ministry officer: results, leniency, consensus, assignment.
	m := env.newUser(t, "judging-ministry")
	m.signInDemo(env.login("ministry"))
	m.open(fmt.Sprintf("/contests/%d/results", c25), 200)
	m.wantContains(".jd-results thead", "Chuẩn hóa")
	m.wantContains(".jd-results", "Giải Nhất")
	m.waitVisible(".jd-leniency table")
	m.waitVisible(".jd-leniency-chart")
	m.open(fmt.Sprintf("/contests/%d/consensus", c25), 200)
	m.waitVisible(".jd-side-by-side")
	m.open(fmt.Sprintf("/contests/%d/judging", c26), 200)
	m.wantContains(".jd-judges", "PGS.TS. Bùi Thanh Sơn")
	m.submit(".jd-auto", 200)
	m.waitVisible(".jd-report")

	// The entrant's feedback report.
	owner := env.user(t, env.login("enterprise").Email)
	own, err := app.db.Contest().FindEntries(ctx, contest.EntryFilter{ContestID: c25, Statuses: []contest.EntryStatus{contest.EntryAccepted}})
	if err != nil {
		t.Fatal(err)
	}
	var feedback string
	for _, x := range own {
		if int64(x.EnterpriseID) == owner.EnterpriseID {
			feedback = fmt.Sprintf("/contest-entries/%d/feedback", x.ID)
		}
	}
	if feedback == "" {
		t.Fatal("the demo enterprise has no 2025 entry")
	}
	d := env.newUser(t, "judging-enterprise")
	d.signInDemo(env.login("enterprise"))
	d.open(feedback, 200)
	d.waitVisible(".jd-feedback-lines")
	d.waitVisible(".jd-bars .jd-mine")
	d.open(fmt.Sprintf("/contests/%d/consensus", c25), 403)

	// The public results: awards only.
	a := env.newUser(t, "judging-anon")
	a.open(fmt.Sprintf("/contests/%d/results", c25), 200)
	a.wantContains(".jd-results", "Giải")
	if a.visible(".jd-leniency") || strings.Contains(a.text(".jd-results thead"), "Chuẩn hóa") {
		t.Fatal("the public results show the organisers' view")
	}
}
