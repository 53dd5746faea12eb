package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/registry"
)

// The roles of the route walk, in the column order of routeTable.
var walkRoles = []string{"anon", "admin", "ministry", "province", "enterprise", "expert", "assessor", "judge"}

// st is the expected status per role, in walkRoles order.
type st [8]int

func same(code int) st { return st{code, code, code, code, code, code, code, code} }

// signedIn: anonymous visitors get anon, every signed-in role gets code.
func signedIn(anon, code int) st { return st{anon, code, code, code, code, code, code, code} }

// adminOnly: admins get code, other roles 403, anonymous anon.
func adminOnly(anon, code int) st { return st{anon, code, 403, 403, 403, 403, 403, 403} }

// routeCase is one registered pattern: a concrete request and the status
// every role must get.
type routeCase struct {
	path string // concrete path; {user}, {job}, {mail}, {token} are filled in
	body string // form or JSON body for unsafe methods
	want st
}

// routeTable lists every route of the platform. TestRoutes_EveryRoleEveryRoute
// fails when a registered pattern is missing here, so a new route cannot
// ship without its permissions being pinned. Each area keeps its rows in its
// own file.
var routeTable = mergeRoutes(coreRoutes, qualityRoutes, registryRoutes, enterpriseFileRoutes,
	catalogRoutes, directoryRoutes, diagnosisRoutes, matchingRoutes,
	programmeSetupRoutes, activityRoutes, executionRoutes, resultsRoutes, dashboardRoutes,
	schemeRoutes, assessingRoutes, findingRoutes, certificateRoutes, trainingRoutes,
	contestSetupRoutes, judgingRoutes, honourRoutes, portalRoutes, libraryRoutes, newsRoutes)

func mergeRoutes(parts ...map[string]routeCase) map[string]routeCase {
	out := map[string]routeCase{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// coreRoutes are the routes of the foundation.
var coreRoutes = map[string]routeCase{
	// Operations.
	"GET /healthz": {path: "/healthz", want: same(200)},
	"GET /readyz":  {path: "/readyz", want: same(200)},
	"GET /metrics": {path: "/metrics", want: same(200)},
	// Public pages.
	"GET /static/":          {path: "/static/app.css", want: same(200)},
	"GET /{$}":              {path: "/", want: same(200)},
	"/":                     {path: "/khong-co-trang-nay", want: same(404)},
	"POST /lang":            {path: "/lang", body: "lang=vi&next=/", want: same(303)},
	"GET /login":            {path: "/login", want: st{200, 303, 303, 303, 303, 303, 303, 303}},
	"POST /login":           {path: "/login", body: "email=x%40y.vn&password=wrong-password-1", want: same(401)},
	"GET /login/2fa":        {path: "/login/2fa", want: st{303, 303, 303, 303, 303, 303, 303, 303}},
	"POST /login/2fa":       {path: "/login/2fa", body: "code=000000", want: same(303)},
	"POST /logout":          {path: "/logout", want: same(303)},
	"GET /password/forgot":  {path: "/password/forgot", want: same(200)},
	"POST /password/forgot": {path: "/password/forgot", body: "email=nobody%40nscl.demo", want: same(200)},
	"GET /reset/{token}":    {path: "/reset/{token}", want: same(200)},
	"POST /reset/{token}":   {path: "/reset/{token}", body: "password=Abcdefghij1&password2=Abcdefghij1", want: same(422)},
	"GET /api/openapi.json": {path: "/api/openapi.json", want: same(200)},
	"GET /api/openapi.yaml": {path: "/api/openapi.yaml", want: same(200)},
	"GET /api/docs":         {path: "/api/docs", want: same(200)},
	"GET /api/v1/provinces": {path: "/api/v1/provinces", want: same(200)},
	"/api/":                 {path: "/api/v1/khong-co", want: same(404)},
	// Own account.
	"GET /account":                     {path: "/account", want: signedIn(303, 200)},
	"POST /account/password":           {path: "/account/password", body: "current=x", want: signedIn(303, 422)},
	"POST /account/tokens":             {path: "/account/tokens", body: "name=", want: signedIn(303, 422)},
	"POST /account/tokens/{id}/revoke": {path: "/account/tokens/999999/revoke", want: signedIn(303, 404)},
	"GET /account/2fa":                 {path: "/account/2fa", want: signedIn(303, 200)},
	"POST /account/2fa/start":          {path: "/account/2fa/start", want: same(303)},
	"POST /account/2fa/confirm":        {path: "/account/2fa/confirm", body: "code=000000", want: st{303, 409, 409, 409, 422, 422, 422, 422}},
	"GET /jobs":                        {path: "/jobs", want: signedIn(303, 200)},
	"GET /jobs/{id}":                   {path: "/jobs/{job}", want: adminOnly(303, 200).with(404)},
	"GET /jobs/{id}/progress":          {path: "/jobs/{job}/progress", want: adminOnly(303, 200).with(404)},
	"GET /jobs/{id}/result":            {path: "/jobs/{job}/result", want: adminOnly(303, 200).with(404)},
	"GET /api/v1/me":                   {path: "/api/v1/me", want: signedIn(401, 200)},
	"GET /api/v1/tokens":               {path: "/api/v1/tokens", want: signedIn(401, 200)},
	"POST /api/v1/tokens":              {path: "/api/v1/tokens", body: `{"name":""}`, want: signedIn(401, 422)},
	"DELETE /api/v1/tokens/{id}":       {path: "/api/v1/tokens/999999", want: signedIn(401, 404)},
	"GET /api/v1/jobs":                 {path: "/api/v1/jobs", want: signedIn(401, 200)},
	"GET /api/v1/jobs/{id}":            {path: "/api/v1/jobs/{job}", want: adminOnly(401, 200).with(404)},
	"GET /api/v1/jobs/{id}/result":     {path: "/api/v1/jobs/{job}/result", want: adminOnly(401, 200).with(404)},
	"POST /api/v1/spc/analyze":         {path: "/api/v1/spc/analyze", body: `{"chart":"imr","values":[1,2,3,2,1,2,3,4]}`, want: signedIn(401, 200)},
	// Administration.
	"GET /admin/users":                  {path: "/admin/users", want: adminOnly(303, 200)},
	"GET /admin/users/new":              {path: "/admin/users/new", want: adminOnly(303, 200)},
	"POST /admin/users":                 {path: "/admin/users", body: "email=", want: adminOnly(303, 422)},
	"GET /admin/users/{id}":             {path: "/admin/users/{user}", want: adminOnly(303, 200)},
	"POST /admin/users/{id}":            {path: "/admin/users/{user}", body: "email=", want: adminOnly(303, 422)},
	"POST /admin/users/{id}/reset-2fa":  {path: "/admin/users/{user}/reset-2fa", want: adminOnly(303, 303)},
	"GET /admin/audit":                  {path: "/admin/audit", want: adminOnly(303, 200)},
	"POST /admin/audit/export":          {path: "/admin/audit/export", want: adminOnly(303, 303)},
	"GET /admin/outbox":                 {path: "/admin/outbox", want: adminOnly(303, 200)},
	"GET /admin/outbox/{id}":            {path: "/admin/outbox/{mail}", want: adminOnly(303, 200)},
	"GET /admin/system":                 {path: "/admin/system", want: st{303, 200, 200, 403, 403, 403, 403, 403}},
	"GET /api/v1/users":                 {path: "/api/v1/users", want: adminOnly(401, 200)},
	"POST /api/v1/users":                {path: "/api/v1/users", body: `{"email":"bad","name":"X","role":"expert","password":"Abcdefghij1"}`, want: adminOnly(401, 422)},
	"GET /api/v1/users/{id}":            {path: "/api/v1/users/{user}", want: adminOnly(401, 200)},
	"PUT /api/v1/users/{id}":            {path: "/api/v1/users/{user}", body: `{"email":"bad","name":"X","role":"expert"}`, want: adminOnly(401, 422)},
	"POST /api/v1/users/{id}/reset-2fa": {path: "/api/v1/users/{user}/reset-2fa", want: adminOnly(401, 204)},
	"GET /api/v1/audit":                 {path: "/api/v1/audit", want: adminOnly(401, 200)},
	"POST /api/v1/audit/export":         {path: "/api/v1/audit/export", want: adminOnly(401, 202)},
}

// with replaces every 403 by code (objects of other users are not found,
// not forbidden, so that ids do not leak).
func (s st) with(code int) st {
	for i, v := range s {
		if v == 403 {
			s[i] = code
		}
	}
	return s
}

func TestRoutes_EveryRoleEveryRoute(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	log := slog.New(slog.DiscardHandler)
	srv, err := startServer(ctx, cfg, log, serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	sum, err := srv.app.runDemo(ctx, demo.Small, 1, nil)
	if err != nil {
		t.Fatal(err)
	}

	// Every registered pattern must be in the table, and no stale rows.
	srv.app.api() // built on first use; its routes are then on apiMux
	registered := append(slices.Clone(srv.app.patterns), srv.app.apiMux.patterns...)
	for _, p := range registered {
		if _, ok := routeTable[p]; !ok {
			t.Errorf("route %q has no row in routeTable: add its expected status for every role", p)
		}
	}
	for p := range routeTable {
		if !slices.Contains(registered, p) {
			t.Errorf("routeTable row %q matches no registered route", p)
		}
	}

	logins := map[string]demo.Login{}
	for _, l := range sum.Logins {
		if _, ok := logins[string(l.Role)]; !ok {
			logins[string(l.Role)] = l
		}
	}
	sys := auth.SystemContext(ctx)
	ent, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	// {user} is an account none of the walking roles owns.
	other, err := srv.app.db.Auth().FindUserByEmail(ctx, "chuyengia0001@nscl.demo")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["admin"].Email)
	if err != nil {
		t.Fatal(err)
	}
	job, err := srv.app.jobs.EnqueueAuditExport(auth.WithActor(ctx, admin.Actor()), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, srv, admin.Actor(), int64(job.ID))
	if err := srv.app.auth.RequestPasswordReset(sys, ent.Email, "127.0.0.2"); err != nil {
		t.Fatal(err)
	}
	msgs, _, err := srv.app.mail.FindMessages(auth.WithActor(ctx, admin.Actor()), mailFilter())
	if err != nil || len(msgs) == 0 {
		t.Fatalf("no outbox message: %v", err)
	}
	chars, err := srv.app.quality.FindCharacteristics(sys, ent.EnterpriseID, 0)
	if err != nil || len(chars) == 0 {
		t.Fatalf("the demo made no quality workspace: %d characteristics, %v", len(chars), err)
	}
	pairs := []string{"{user}", fmt.Sprint(int64(other.ID)), "{job}", fmt.Sprint(int64(job.ID)),
		"{mail}", fmt.Sprint(msgs[0].ID), "{token}", "khong-hop-le", "{qent}", fmt.Sprint(ent.EnterpriseID),
		"{qproc}", fmt.Sprint(int64(chars[0].ProcessID)), "{qchar}", fmt.Sprint(int64(chars[0].ID))}
	pairs = append(pairs, registryFill(t, srv, logins)...)
	pairs = append(pairs, enterpriseFileFill(t, srv, logins)...)
	pairs = append(pairs, catalogFill(t, srv, logins)...)
	pairs = append(pairs, directoryFill(t, srv, logins)...)
	pairs = append(pairs, diagnosisFill(t, srv, logins)...)
	pairs = append(pairs, matchingFill(t, srv, logins)...)
	pairs = append(pairs, programmeSetupFill(t, srv, logins)...)
	pairs = append(pairs, activityFill(t, srv, logins)...)
	pairs = append(pairs, executionFill(t, srv, logins)...)
	pairs = append(pairs, resultsFill(t, srv, logins)...)
	pairs = append(pairs, dashboardFill(t, srv, logins)...)
	pairs = append(pairs, schemeFill(t, srv, logins)...)
	pairs = append(pairs, assessingFill(t, srv, logins)...)
	pairs = append(pairs, findingFill(t, srv, logins)...)
	pairs = append(pairs, certificateFill(t, srv, logins)...)
	pairs = append(pairs, trainingFill(t, srv, logins)...)
	pairs = append(pairs, contestSetupFill(t, srv, logins)...)
	pairs = append(pairs, judgingFill(t, srv, logins)...)
	pairs = append(pairs, honourFill(t, srv, logins)...)
	pairs = append(pairs, portalFill(t, srv, logins)...)
	pairs = append(pairs, libraryFill(t, srv, logins)...)
	pairs = append(pairs, newsFill(t, srv, logins)...)
	fill := strings.NewReplacer(pairs...)

	// One session per role (sign-ins are rate limited per address); the
	// sign-out route goes last since it ends the session.
	patterns := slices.SortedFunc(func(yield func(string) bool) {
		for p := range routeTable {
			if !yield(p) {
				return
			}
		}
	}, func(a, b string) int {
		if (a == "POST /logout") != (b == "POST /logout") {
			if a == "POST /logout" {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	for i, role := range walkRoles {
		t.Run(role, func(t *testing.T) {
			c := newClient(t)
			if role != "anon" {
				signIn(t, c, srv.URL(), logins[role])
			}
			for _, p := range patterns {
				rc := routeTable[p]
				method, _, found := strings.Cut(p, " ")
				if !found {
					method = "GET"
				}
				code := do(t, c, method, srv.URL()+fill.Replace(rc.path), fill.Replace(rc.body))
				if code != rc.want[i] {
					t.Errorf("%s %s as %s: status %d, want %d", method, fill.Replace(rc.path), role, code, rc.want[i])
				}
			}
		})
	}
}

func newClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, c *http.Client, method, u, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(u, "/api/v1/") {
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
	} else if method != "GET" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// signIn signs in through the login form (and the two-factor form).
func signIn(t *testing.T, c *http.Client, base string, l demo.Login) {
	t.Helper()
	form := url.Values{"email": {l.Email}, "password": {demo.Password}}
	if code := do(t, c, "POST", base+"/login", form.Encode()); code != 303 {
		t.Fatalf("sign in %s: status %d", l.Email, code)
	}
	if l.TOTPSecret != "" {
		code, err := totp.GenerateCode(l.TOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := do(t, c, "POST", base+"/login/2fa", url.Values{"code": {code}}.Encode()); got != 303 {
			t.Fatalf("two-factor %s: status %d", l.Email, got)
		}
	}
	if got := do(t, c, "GET", base+"/api/v1/me", ""); got != 200 {
		t.Fatalf("signed in %s but /api/v1/me = %d", l.Email, got)
	}
}

func mailFilter() mail.Filter { return mail.Filter{Limit: 10} }

// waitJob waits until a job has finished.
func waitJob(t *testing.T, srv *server, a *auth.Actor, id int64) {
	t.Helper()
	ctx := auth.WithActor(context.Background(), a)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		j, err := srv.app.jobs.FindJobByID(ctx, jobs.JobID(id))
		if err != nil {
			t.Fatal(err)
		}
		if j.Status.IsFinished() {
			if j.Status != jobs.StatusDone {
				t.Fatalf("job %d ended %s: %s", id, j.Status, j.Error)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %d did not finish in time", id)
}

// otherFirms returns up to 10 enterprises of the demo in province prov
// other than the walking enterprise user's (own): the firms whose objects
// that user must not reach. It fails the test when there are fewer than n.
func otherFirms(t *testing.T, srv *server, own int64, prov string, n int) []*registry.Enterprise {
	t.Helper()
	es, _, err := srv.app.registry.FindEnterprises(auth.SystemContext(context.Background()), registry.Filter{ProvinceCode: prov, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var out []*registry.Enterprise
	for _, e := range es {
		if int64(e.ID) != own {
			out = append(out, e)
		}
	}
	if len(out) < n {
		t.Fatalf("the demo data has %d enterprises in province %s besides the walking one, want %d", len(out), prov, n)
	}
	return out
}
