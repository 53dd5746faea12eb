package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// e2ePortal drives the public home page: on a 360 px phone an anonymous
// visitor gets the portal (headline figures, the honour roll, the
// certificate check) without a chart library until the map scrolls into
// view, then the map draws; the figures link and the verification form
// work; the page in English; a signed-in user still gets the dashboard.
func e2ePortal(t *testing.T, env *e2eEnv) {
	v := env.newUser(t, "portal-visitor")
	v.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	v.open("/", 200)
	v.wantContains(".portal-hero h1", "Năng suất")
	v.wantContains("#portal-figures-h", "Chương trình qua các con số")
	if n := len(v.texts(".portal-stats .stat")); n != 5 {
		t.Errorf("%d headline figures, want 5", n)
	}
	if n := len(v.texts(".portal-bars-svg rect")); n == 0 {
		t.Error("no bars of the enterprises per year")
	}
	if w := e2eEval[int](v, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("/ is %d px wide on a 360 px screen", w)
	}
	if n := e2eEval[int](v, `document.querySelectorAll('script[src*="echarts"]').length`); n != 0 {
		t.Errorf("ECharts loaded before the map is in view (%d scripts)", n)
	}
	if size := e2eEval[int](v, `document.documentElement.outerHTML.length`); size > 60000 {
		t.Errorf("the home page is %d characters", size)
	}
	v.wantContains("#portal-honours-h", "Vinh danh")
	if n := len(v.texts(".portal-list .portal-item")); n == 0 {
		t.Error("no honours on the home page")
	}
	for _, img := range e2eEval[[]string](v, `Array.from(document.querySelectorAll('.portal img')).map(function(i){return i.getAttribute('loading')})`) {
		if img != "lazy" {
			t.Errorf("an image of the home page loads %q", img)
		}
	}
	// The map draws once it is in view.
	v.do("scroll to the map", chromedp.ScrollIntoView(chromedp.CSS("#portal-map")))
	v.waitVisible("#portal-map canvas")
	// The certificate check.
	v.do("scroll to the form", chromedp.ScrollIntoView(chromedp.CSS("#portal-verify-q")))
	v.fill("#portal-verify-q", "KHONG-CO-SO-NAY")
	v.submit(`.portal-verify button[type=submit]`, 404) // no such certificate
	if !strings.HasPrefix(v.path(), "/verify") {
		t.Errorf("the check opens %s", v.path())
	}
	// English.
	v.open("/", 200)
	v.submit(`form.lang-switch button[value="en"]`, 200)
	v.wantContains("#portal-figures-h", "The programme in figures")
	v.wantContains("#portal-verify-h", "Check a certificate")
	v.submit(`form.lang-switch button[value="vi"]`, 200)
	v.wantContains("#portal-figures-h", "Chương trình qua các con số")

	// A signed-in user keeps the dashboard.
	m := env.newUser(t, "portal-ministry")
	m.signInDemo(env.login("ministry"))
	m.open("/", 200)
	m.wantText(".page-header h1", "Tổng quan")
	if m.visible(".portal") {
		t.Error("the signed-in user gets the portal")
	}
}
