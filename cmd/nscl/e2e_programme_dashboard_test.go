package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// e2eDashboard drives the dashboard in the browser: a ministry officer
// opens the programme's dashboard from the menu, sees the cards, the
// charts and the province map drawn (canvas), with both archipelagos
// inside the map's view and the boundaries' attribution under it; clicks
// a province on the map and on the provinces table to drill down;
// downloads a table and the activities as XLSX and opens the annual
// report (PDF). A provincial officer sees only their province and cannot
// switch. An anonymous visitor sees the public figures without any
// enterprise name, on a 360 px phone and in English.
func e2eDashboard(t *testing.T, env *e2eEnv) {
	m := env.newUser(t, "dashboard-ministry")
	m.signInDemo(env.login("ministry"))
	m.submit(`nav.nav a[href="/programme"]`, 200)
	if m.visible(`a[href="/programme/dashboard"]`) {
		m.submit(`a[href="/programme/dashboard"]`, 200)
	} else {
		t.Log("the /programme page has no link to the dashboard yet; opening it by address")
		m.open("/programme/dashboard", 200)
	}
	m.wantText(".page-header h1", "Bảng điều hành Chương trình năng suất, chất lượng")
	if n := len(m.texts(".dash-cards .stat")); n != 8 {
		t.Errorf("%d cards, want 8", n)
	}
	m.waitVisible("#dash-map canvas")
	for _, id := range []string{"dash-chart-progress", "dash-chart-budget", "dash-chart-status", "dash-chart-type"} {
		m.waitVisible("#" + id + " canvas")
	}
	m.wantContains(".dash-attribution", "Vietnam-Shape-Map")
	m.wantContains(".dash-attribution", "Hoàng Sa")
	// Both archipelagos are inside the drawn map (not cropped away).
	inView := `(function(lon, lat){var el=document.getElementById('dash-map'), c=echarts.getInstanceByDom(el);
		var p=c.convertToPixel({seriesIndex:0},[lon,lat]); return !!p && p[0]>=0 && p[1]>=0 && p[0]<=el.clientWidth && p[1]<=el.clientHeight;})`
	for _, pt := range [][2]float64{{112.3, 16.5}, {114.3, 10.4}, {105.85, 21.03}} {
		if !e2eEval[bool](m, fmt.Sprintf("%s(%v, %v)", inView, pt[0], pt[1])) {
			t.Errorf("the map does not show %v", pt)
		}
	}

	// A click on Hà Nội on the map drills down.
	xy := e2eEval[[]float64](m, `(function(){var el=document.getElementById('dash-map'), c=echarts.getInstanceByDom(el);
		el.scrollIntoView({block:'center'}); var p=c.convertToPixel({seriesIndex:0},[105.75, 21.0]); var r=el.getBoundingClientRect(); return [r.left+p[0], r.top+p[1]];})()`)
	ctx, cancel := m.step()
	_, err := chromedp.RunResponse(ctx, chromedp.MouseClickXY(xy[0], xy[1]))
	cancel()
	if err != nil {
		m.fail("click Hà Nội on the map", err)
	}
	if p := m.path(); !strings.Contains(p, "province=01") {
		t.Errorf("after a click on Hà Nội the page is %s", p)
	}
	m.wantContains(".page-header h1", "Hà Nội")
	m.submit("#dash-national", 200)

	// The provinces table drills down too; the filter keeps the year.
	m.choose("#year", "2025")
	m.submit(`form.dash-filters button[type=submit]`, 200)
	m.submit(`#table-provinces td a[href*="province=79"]`, 200)
	if p := m.path(); !strings.Contains(p, "province=79") || !strings.Contains(p, "year=2025") {
		t.Errorf("drill-down page %s", p)
	}
	m.wantContains(".page-header h1", "Hồ Chí Minh")
	if rows := m.texts("#table-provinces tbody tr"); len(rows) != 1 {
		t.Errorf("drilled into one province, the table has %d rows", len(rows))
	}

	// Downloads: a table, the activities, the report.
	fetch := func(path string) string {
		return e2eEval[string](m, `fetch(`+fmt.Sprintf("%q", path)+`).then(function(r){return r.status+' '+r.headers.get('content-type');})`)
	}
	const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if got := fetch(m.attr(`#table-provinces .dash-xlsx`, "href")); got != "200 "+xlsx {
		t.Errorf("provinces table download: %s", got)
	}
	if got := fetch(m.attr("#dash-export", "href")); got != "200 "+xlsx {
		t.Errorf("activities export: %s", got)
	}
	report := m.attr("#dash-report", "href")
	if !strings.HasPrefix(report, "/programme/report/2025.pdf") {
		t.Errorf("report link %s", report)
	}
	m.open(report, 200)
	if ct := e2eEval[string](m, `document.contentType`); ct != "application/pdf" {
		t.Errorf("report content type %s", ct)
	}

	// A provincial officer: their province only, no province choice.
	p := env.newUser(t, "dashboard-province")
	p.signInDemo(env.login("province"))
	p.open("/programme/dashboard?province=79", 200)
	if p.visible("#province") {
		t.Error("a provincial officer may choose the province")
	}
	p.wantContains(".page-header h1", "Hà Nội")
	p.wantContains(".dash-filters ~ p, p.muted", "Hà Nội")

	// The public figures: no enterprise name anywhere.
	a := env.newUser(t, "dashboard-anon")
	a.open("/", 200)
	a.submit(`nav.nav a[href="/figures"]`, 200)
	a.wantText(".page-header h1", "Số liệu Chương trình năng suất, chất lượng 2021–2030")
	a.waitVisible("#dash-map canvas")
	body := a.text("main")
	for _, l := range []string{env.login("enterprise").Scope} {
		if l != "" && strings.Contains(body, l) {
			t.Errorf("the public figures name the enterprise %q", l)
		}
	}
	if strings.Contains(body, "Công ty") || strings.Contains(body, "Doanh nghiệp tư nhân") {
		t.Error("the public figures show an enterprise name")
	}
	if a.visible("#dash-export") || a.visible("#dash-report") {
		t.Error("the public figures offer the officers' export or report")
	}
	a.submit(`form.lang-switch button[value="en"]`, 200)
	a.wantText(".page-header h1", "Productivity and quality programme 2021–2030 in figures")
	a.wantContains("#table-provinces h2", "By province")
	a.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, path := range []string{"/figures", "/figures?year=2025"} {
		a.open(path, 200)
		if w := e2eEval[int](a, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s is %d px wide on a 360 px screen", path, w)
		}
	}
	m.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	m.open("/programme/dashboard", 200)
	if w := e2eEval[int](m, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the dashboard is %d px wide on a 360 px screen", w)
	}
}
