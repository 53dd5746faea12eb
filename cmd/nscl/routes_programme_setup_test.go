package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// programmeSetupRoutes are the routes of the programme's structure.
// {setup_plan} is the ministry's draft plan of next year (officers read
// it; only the ministry may change it); {setup_call} the ministry's draft
// call (seen by ministry officers and admins only: 404 to everyone else).
// Bodies are invalid, or carry a stale version, or the actor may not act,
// so the walk changes nothing: a stale version is 409 (a form shown again
// with the message; a call's open and close come back to the call's page
// with it, 303). Calls that are open or closed are public. Roles: anon,
// admin, ministry, province, enterprise, expert, assessor, judge.
var programmeSetupRoutes = map[string]routeCase{
	"GET /programme":                       {path: "/programme", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/targets":               {path: "/programme/targets", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /programme/targets":              {path: "/programme/targets", body: "metric=lp_growth_pct&year=2026&value=150&note=", want: st{303, 422, 422, 403, 403, 403, 403, 403}},
	"GET /programme/plans":                 {path: "/programme/plans", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/plans/new":             {path: "/programme/plans/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /programme/plans":                {path: "/programme/plans", body: "year=2026&title=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /programme/plans/{id}":            {path: "/programme/plans/{setup_plan}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /programme/plans/{id}":           {path: "/programme/plans/{setup_plan}", body: "version=0&title=", want: st{303, 409, 409, 403, 404, 404, 404, 404}},
	"POST /programme/plans/{id}/approve":   {path: "/programme/plans/{setup_plan}/approve", body: "version=0&decision_no=&decision_date=", want: st{303, 409, 409, 403, 404, 404, 404, 404}},
	"GET /calls":                           {path: "/calls", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /calls.xlsx":                      {path: "/calls.xlsx?track=breadth", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /programme/targets.xlsx":          {path: "/programme/targets.xlsx", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/plans.xlsx":            {path: "/programme/plans.xlsx", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"GET /programme/plans/{id}/lines.xlsx": {path: "/programme/plans/{setup_plan}/lines.xlsx", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /calls/new":                       {path: "/calls/new", want: st{303, 200, 200, 200, 403, 403, 403, 403}},
	"POST /calls":                          {path: "/calls", body: "code=2026&title=", want: st{303, 422, 422, 422, 403, 403, 403, 403}},
	"GET /calls/{id}":                      {path: "/calls/{setup_call}", want: st{404, 200, 200, 404, 404, 404, 404, 404}},
	"GET /calls/{id}/edit":                 {path: "/calls/{setup_call}/edit", want: st{303, 200, 200, 404, 404, 404, 404, 404}},
	"POST /calls/{id}":                     {path: "/calls/{setup_call}", body: "version=0&code=&title=", want: st{303, 409, 409, 404, 404, 404, 404, 404}},
	"POST /calls/{id}/open":                {path: "/calls/{setup_call}/open", body: "version=0", want: st{303, 303, 303, 404, 404, 404, 404, 404}},
	"POST /calls/{id}/close":               {path: "/calls/{setup_call}/close", body: "version=0", want: st{303, 303, 303, 404, 404, 404, 404, 404}},

	"GET /api/v1/programme/targets": {path: "/api/v1/programme/targets", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"PUT /api/v1/programme/targets": {path: "/api/v1/programme/targets", body: `{"metric":"pilot_models","year":2040,"value":-1}`,
		want: st{401, 422, 422, 403, 403, 403, 403, 403}},
	"GET /api/v1/programme/plans":      {path: "/api/v1/programme/plans", want: st{401, 200, 200, 200, 403, 403, 403, 403}},
	"POST /api/v1/programme/plans":     {path: "/api/v1/programme/plans", body: `{"year":2026,"title":""}`, want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"GET /api/v1/programme/plans/{id}": {path: "/api/v1/programme/plans/{setup_plan}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"PUT /api/v1/programme/plans/{id}": {path: "/api/v1/programme/plans/{setup_plan}", body: `{"version":99,"title":""}`, want: st{401, 409, 409, 403, 404, 404, 404, 404}},
	"POST /api/v1/programme/plans/{id}/approve": {path: "/api/v1/programme/plans/{setup_plan}/approve", body: `{"version":99,"decision_no":"","decision_date":""}`,
		want: st{401, 409, 409, 403, 404, 404, 404, 404}},
	"GET /api/v1/calls":      {path: "/api/v1/calls", want: st{200, 200, 200, 200, 200, 200, 200, 200}},
	"GET /api/v1/calls/{id}": {path: "/api/v1/calls/{setup_call}", want: st{404, 200, 200, 404, 404, 404, 404, 404}},
	"POST /api/v1/calls": {path: "/api/v1/calls", body: `{"code":"x","title":"","track":"breadth","types":[],"opens_at":"2026-01-01T00:00:00Z","deadline":"2025-01-01T00:00:00Z"}`,
		want: st{401, 422, 422, 422, 403, 403, 403, 403}},
	"PUT /api/v1/calls/{id}": {path: "/api/v1/calls/{setup_call}", body: `{"version":99,"code":"x","title":"","track":"breadth","types":[],"opens_at":"2026-01-01T00:00:00Z","deadline":"2025-01-01T00:00:00Z"}`,
		want: st{401, 409, 409, 404, 404, 404, 404, 404}},
	"POST /api/v1/calls/{id}/open":  {path: "/api/v1/calls/{setup_call}/open", body: `{"version":99}`, want: st{401, 409, 409, 404, 404, 404, 404, 404}},
	"POST /api/v1/calls/{id}/close": {path: "/api/v1/calls/{setup_call}/close", body: `{"version":99}`, want: st{401, 409, 409, 404, 404, 404, 404, 404}},
}

// programmeSetupFill finds the demo's draft plan and draft call of
// programmeSetupRoutes and returns their ids.
func programmeSetupFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	st := srv.app.db.Programme()
	year := time.Now().In(vn.Zone).Year()
	p, err := st.FindPlanFor(ctx, programme.TheProgramme, year+1, "")
	if err != nil || p.Status != programme.PlanDraft {
		t.Fatalf("the demo has no draft ministry plan for %d: %v", year+1, err)
	}
	c, err := st.FindCallByCode(ctx, fmt.Sprintf("BCT-%d-04", year))
	if err != nil || c.Status != programme.CallDraft || c.ProvinceCode != "" {
		t.Fatalf("the demo has no draft ministry call: %+v, %v", c, err)
	}
	return []string{"{setup_plan}", fmt.Sprint(int64(p.ID)), "{setup_call}", fmt.Sprint(int64(c.ID))}
}

// TestProgrammeSetup_NumbersAndVersions drives the setup's forms and API
// over HTTP as the ministry officer, against the findings of review: a
// target of "NaN", "Inf" or hex is refused next to the value (it was a 500
// on SQLite and stored NaN on PostgreSQL); "1.200" asks for a decimal
// comma; a second officer's change of a target at the version both read
// is a conflict that overwrites nothing (the form and the API, which
// requires the version to change an existing target); a plan count beyond
// PostgreSQL's integer, or above the cap, is a field error, not a 500.
func TestProgrammeSetup_NumbersAndVersions(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	sum, err := srv.app.runDemo(ctx, demo.Small, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	for _, l := range sum.Logins {
		if l.Role == auth.RoleMinistry {
			signIn(t, c, srv.URL(), l)
			break
		}
	}
	send := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	target := func() programme.Target {
		t.Helper()
		ts, err := srv.app.db.Programme().FindTargets(ctx, programme.TheProgramme)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.Metric == programme.MetricPilotModels && x.Year == 0 {
				return x
			}
		}
		t.Fatal("no whole-period pilot target")
		return programme.Target{}
	}
	read := target()
	form := func(value string, version int) string {
		return url.Values{"metric": {"pilot_models"}, "year": {"0"}, "value": {value}, "version": {fmt.Sprint(version)}}.Encode()
	}

	// Not numbers: refused next to the value, the stored target unchanged.
	for _, v := range []string{"NaN", "Inf", "-Inf", "0x1p3", "1e2"} {
		code, body := send("POST", "/programme/targets", form(v, read.Version))
		if code != 422 || !strings.Contains(body, "Giá trị phải là một số") {
			t.Errorf("target %q: status %d", v, code)
		}
	}
	if code, body := send("POST", "/programme/targets", form("1.200", read.Version)); code != 422 ||
		!strings.Contains(body, "Dùng dấu phẩy cho phần thập phân, ví dụ 7,5") {
		t.Errorf("target 1.200: status %d", code)
	}
	if code, body := send("POST", "/programme/targets", form("100,5", read.Version)); code != 422 || !strings.Contains(body, "nhập số nguyên") {
		t.Errorf("a fractional count: status %d", code)
	}
	if got := target(); got.Value != read.Value || got.Version != read.Version || math.IsNaN(got.Value) {
		t.Fatalf("after refused values the target is %+v, was %+v", got, read)
	}

	// Two officers read the same version: the first saves, the second is
	// told, and the first one's value stays.
	if code, _ := send("POST", "/programme/targets", form("120", read.Version)); code != 303 {
		t.Fatalf("save target: status %d", code)
	}
	code, body := send("POST", "/programme/targets", form("130", read.Version))
	if code != 409 || !strings.Contains(body, "người khác thay đổi") {
		t.Errorf("stale target form: status %d", code)
	}
	if got := target(); got.Value != 120 || got.Version != read.Version+1 {
		t.Fatalf("after the stale form the target is %+v", got)
	}
	// The add form (no version) over an existing target: refused.
	if code, _ := send("POST", "/programme/targets", url.Values{"metric": {"pilot_models"}, "year": {"0"}, "value": {"140"}}.Encode()); code != 409 {
		t.Errorf("a new target over an existing one: status %d", code)
	}
	// The API: the version is required to change an existing target.
	for _, c := range []struct {
		body string
		want int
	}{
		{`{"metric":"pilot_models","year":0,"value":150}`, 409},
		{fmt.Sprintf(`{"metric":"pilot_models","year":0,"value":150,"version":%d}`, read.Version), 409},
		{fmt.Sprintf(`{"metric":"pilot_models","year":0,"value":150.5,"version":%d}`, read.Version+1), 422},
		{fmt.Sprintf(`{"metric":"pilot_models","year":0,"value":150,"version":%d}`, read.Version+1), 200},
	} {
		if code, body := send("PUT", "/api/v1/programme/targets", c.body); code != c.want {
			t.Errorf("PUT target %s: status %d, want %d: %s", c.body, code, c.want, body)
		}
	}
	if got := target(); got.Value != 150 || got.Version != read.Version+2 {
		t.Errorf("after the API the target is %+v", got)
	}

	// Plan counts beyond the column and the cap: field errors, not 500.
	year := time.Now().In(vn.Zone).Year()
	row := string(programme.TrackBreadth) + "-" + string(programme.TypePilotModel)
	for _, n := range []string{"2147483648", "100001"} {
		code, body := send("POST", "/programme/plans", url.Values{"year": {fmt.Sprint(year)}, "province_code": {"01"}, "title": {"Kế hoạch"},
			"count-" + row: {n}, "state-" + row: {"1.000.000"}}.Encode())
		if code != 422 || !strings.Contains(body, "Số lượng tối đa 100.000 mỗi dòng.") {
			t.Errorf("plan count %s: status %d", n, code)
		}
	}
	if code, body := send("POST", "/api/v1/programme/plans", fmt.Sprintf(`{"year":%d,"province_code":"01","title":"Kế hoạch",
		"lines":[{"track":"breadth","type":"pilot_model","planned_count":2147483648,"state_budget":1,"counterpart":0}]}`, year)); code != 422 {
		t.Errorf("API plan count 2^31: status %d: %s", code, body)
	}
	if code, body := send("POST", "/api/v1/programme/plans", fmt.Sprintf(`{"year":%d,"province_code":"01","title":"Kế hoạch",
		"lines":[{"track":"breadth","type":"pilot_model","planned_count":1,"state_budget":9000000000000000000,"counterpart":9000000000000000000}]}`, year)); code != 422 {
		t.Errorf("API plan amounts beyond MaxAmount: status %d: %s", code, body)
	}
}
