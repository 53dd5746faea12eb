package main

// Helpers of the real-browser tests (e2e_test.go): one platform and one
// headless Chromium for the whole run, one browser context (its own cookies)
// per simulated user, and the checks every page gets (no console error, no
// uncaught exception, no Content-Security-Policy violation).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"nscl/internal/auth"
	"nscl/internal/demo"
)

// e2eStep bounds every single browser step (a navigation, a click and the
// page it loads, a wait for an element).
const e2eStep = 15 * time.Second

// e2eEnv is the platform under test and the browser that drives it.
type e2eEnv struct {
	srv     *server
	base    string                // http://127.0.0.1:port
	logins  map[string]demo.Login // "admin", "ministry", "province", "enterprise", …
	browser context.Context       // a chromedp context whose browser runs
	top     *testing.T            // the test that owns the platform and the browser
	admin   *e2eUser              // the administrator's browser, shared (see signedInAdmin)
	nextIP  atomic.Uint32
}

// e2eChromium returns the browser to use, or skips the test when there is
// none (fails instead when NSCL_E2E=1, as in CI).
func e2eChromium(t *testing.T) string {
	t.Helper()
	required := os.Getenv("NSCL_E2E") == "1"
	if testing.Short() && !required {
		t.Skip("real-browser tests skipped in -short mode (NSCL_E2E=1 runs them)")
	}
	path := os.Getenv("NSCL_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if p, err := exec.LookPath(path); err == nil {
		return p
	}
	if required {
		t.Fatalf("NSCL_E2E=1 but no Chromium at %q (set NSCL_CHROMIUM)", path)
	}
	t.Skipf("no Chromium at %q (set NSCL_CHROMIUM, or NSCL_E2E=1 to make this a failure)", path)
	return ""
}

// newE2EEnv starts the platform with the small demo data set and a headless
// Chromium. Everything stops when t ends.
func newE2EEnv(t *testing.T) *e2eEnv {
	t.Helper()
	chromium := e2eChromium(t)
	ctx := context.Background()

	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	// Port 0: startServer listens first and sets the public URL (the links
	// in mail) from the port it got.
	cfg.Addr = "127.0.0.1:0"
	// Sign-ins are rate limited per client address. Each simulated user
	// sends its own X-Forwarded-For address, as users behind a proxy do.
	cfg.TrustProxy = true
	logger := slog.New(slog.DiscardHandler)
	srv, err := startServer(ctx, cfg, logger, serveOptions{}, io.Discard)
	if err != nil {
		t.Fatalf("start the platform: %v", err)
	}
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := srv.Close(cctx); err != nil {
			t.Errorf("stop the platform: %v", err)
		}
	})
	sum, err := srv.app.runDemo(ctx, "small", 2026, nil)
	if err != nil {
		t.Fatalf("demo data: %v", err)
	}
	env := &e2eEnv{srv: srv, base: srv.URL(), logins: map[string]demo.Login{}, top: t}
	for _, l := range sum.Logins {
		key := string(l.Role)
		if _, dup := env.logins[key]; dup {
			key += "2"
		}
		env.logins[key] = l
	}
	for _, k := range []string{"admin", "ministry", "province", "province2", "enterprise", "expert", "assessor", "judge"} {
		if _, ok := env.logins[k]; !ok {
			t.Fatalf("the demo data has no %s sign-in (have %d sign-ins)", k, len(sum.Logins))
		}
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		// No user-data-dir: the allocator makes a fresh temporary one and
		// removes it when the browser has stopped.
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(bctx)
		bcancel()
		allocCancel()
	})
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium %s: %v", chromium, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("Chromium %s did not start within a minute", chromium)
	}
	env.browser = bctx
	return env
}

// signedInAdmin returns the demo administrator's browser, signed in through
// the form with a two-factor code. The scenarios share it, as an
// administrator keeps one session open all day; sharing also keeps the
// sign-ins with a two-factor code few (each code works once). t is the
// scenario that uses it now.
func (env *e2eEnv) signedInAdmin(t *testing.T) *e2eUser {
	t.Helper()
	if env.admin == nil {
		u := env.newUser(env.top, "admin")
		u.t = t
		u.signInDemo(env.login("admin"))
		env.admin = u
	} else {
		env.admin.t = t
		env.admin.open("/", 200)
		if len(env.admin.texts("details.user-menu")) == 0 {
			env.admin.signInDemo(env.login("admin"))
		}
	}
	t.Cleanup(env.admin.checkConsole)
	return env.admin
}

// login returns the demo sign-in named key ("admin", "province2", …).
func (env *e2eEnv) login(key string) demo.Login { return env.logins[key] }

// user finds a stored user by email.
func (env *e2eEnv) user(t *testing.T, email string) *auth.User {
	t.Helper()
	u, err := env.srv.app.db.Auth().FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("find user %s: %v", email, err)
	}
	return u
}

// e2eUser is one person at one browser: a browser context of its own
// (cookies, storage), one tab, one client address.
type e2eUser struct {
	t      *testing.T
	env    *e2eEnv
	name   string
	ip     string
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	problems []string        // console errors, exceptions, CSP violations
	netErrs  []cdplog.Entry  // browser-log errors from the network, sorted out at check time
	docs     map[string]bool // URLs that loaded as a document (their status is the test's business)
	dialogs  []string        // texts of the confirm dialogs that were accepted
}

// cspProbe reports Content-Security-Policy violations as console errors; it
// is injected by the DevTools protocol, which the page's CSP does not govern.
const cspProbe = `document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

// newUser opens a fresh browser context. It is closed when t ends, after a
// last check of the console.
func (env *e2eEnv) newUser(t *testing.T, name string) *e2eUser {
	t.Helper()
	n := env.nextIP.Add(1)
	u := &e2eUser{t: t, env: env, name: name, ip: fmt.Sprintf("10.77.%d.%d", n/250, n%250+1), docs: map[string]bool{}}
	u.ctx, u.cancel = chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(u.listen))
	// The first Do opens the tab; it has no timeout, since the tab lives as
	// long as the context of the first call.
	if err := chromedp.Do(u.ctx); err != nil {
		u.cancel()
		t.Fatalf("%s: open a browser tab: %v", name, err)
	}
	t.Cleanup(func() {
		u.t = t // a shared user may have served a subtest since
		u.checkConsole()
		u.cancel()
	})
	dialogs := chromedp.Events(u.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			u.mu.Lock()
			u.dialogs = append(u.dialogs, ev.Message)
			u.mu.Unlock()
			_, _ = chromedp.Call(u.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	u.do("set up the tab", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders,
			network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Forwarded-For": u.ip}}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe})
		return err
	}))
	return u
}

// listen runs in the tab's event loop: it only records.
func (u *e2eUser) listen(ev any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		u.problems = append(u.problems, "uncaught exception: "+e2eException(ev.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		msg := e2eArgs(ev.Args)
		switch {
		case ev.Type == runtime.ConsoleAPICalledTypeError, ev.Type == runtime.ConsoleAPICalledTypeAssert:
			u.problems = append(u.problems, "console."+string(ev.Type)+": "+msg)
		case ev.Type == runtime.ConsoleAPICalledTypeWarning && strings.HasPrefix(msg, "nscl:"):
			// app.js reports a missing htmx or echarts this way.
			u.problems = append(u.problems, "console.warn: "+msg)
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry != nil && ev.Entry.Level == cdplog.EntryLevelError {
			if ev.Entry.Source == cdplog.EntrySourceNetwork {
				u.netErrs = append(u.netErrs, *ev.Entry)
			} else {
				u.problems = append(u.problems, fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument && ev.Response != nil {
			u.docs[ev.Response.URL] = true
		}
	}
}

func e2eException(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "?"
	}
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		s += " " + d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d)", s, d.URL, d.LineNumber+1)
}

func e2eArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a == nil:
		case len(a.Value) > 0:
			var s string
			if json.Unmarshal([]byte(a.Value), &s) == nil {
				parts = append(parts, s)
			} else {
				parts = append(parts, string(a.Value))
			}
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

// checkConsole fails the test for every problem the browser reported since
// the last check. A network error for a document is the page's own status
// (a 404 page, a 422 form): the tests check those pages themselves. Only
// sub-resources (scripts, styles, images, htmx requests) count, and a
// missing favicon is ignored.
func (u *e2eUser) checkConsole() {
	u.t.Helper()
	u.mu.Lock()
	problems := u.problems
	for _, e := range u.netErrs {
		if u.docs[e.URL] || strings.Contains(e.URL, "favicon") {
			continue
		}
		problems = append(problems, fmt.Sprintf("network error: %s %s", e.Text, e.URL))
	}
	u.problems, u.netErrs = nil, nil
	u.mu.Unlock()
	for _, p := range problems {
		u.t.Errorf("%s: browser reported %s", u.name, p)
	}
}

// acceptedDialogs returns the texts of the dialogs accepted so far.
func (u *e2eUser) acceptedDialogs() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return slices.Clone(u.dialogs)
}

// step returns a context for one browser step.
func (u *e2eUser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(u.ctx, e2eStep)
}

// fail stops the test with what the browser shows, for the log.
func (u *e2eUser) fail(what string, err error) {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 3*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
	if len(body) > 1500 {
		body = body[:1500] + "…"
	}
	u.checkConsole()
	u.t.Fatalf("%s: %s: %v\n  at %s\n  page text:\n%s", u.name, what, err, loc, body)
}

// do runs steps that return nothing, each bounded by e2eStep.
func (u *e2eUser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	u.t.Helper()
	for _, s := range steps {
		ctx, cancel := u.step()
		err := chromedp.Do(ctx, s)
		cancel()
		if err != nil {
			u.fail(what, err)
		}
	}
}

// open loads path (or an absolute URL) like a typed address, and checks the
// HTTP status of the page it ends on (after redirects) and the console.
func (u *e2eUser) open(path string, wantStatus int64) {
	u.t.Helper()
	url := path
	if strings.HasPrefix(path, "/") {
		url = u.env.base + path
	}
	ctx, cancel := u.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		u.fail("open "+path, err)
	}
	if resp == nil || resp.Status != wantStatus {
		u.fail("open "+path, fmt.Errorf("status %v, want %d", e2eStatus(resp), wantStatus))
	}
	u.checkConsole()
}

// submit clicks sel (a submit button or a link), waits for the page it
// loads, and checks its status and the console.
func (u *e2eUser) submit(sel string, wantStatus int64) {
	u.t.Helper()
	ctx, cancel := u.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		u.fail("click "+sel, err)
	}
	if resp == nil || resp.Status != wantStatus {
		u.fail("click "+sel, fmt.Errorf("status %v, want %d", e2eStatus(resp), wantStatus))
	}
	u.checkConsole()
}

func e2eStatus(r *network.Response) any {
	if r == nil {
		return "none"
	}
	return r.Status
}

// click clicks a visible element that does not load a page (a summary).
func (u *e2eUser) click(sel string) {
	u.t.Helper()
	u.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// fill replaces the value of a visible field by typing v.
func (u *e2eUser) fill(sel, v string) {
	u.t.Helper()
	u.do("type into "+sel, chromedp.Clear(chromedp.CSS(sel), chromedp.NodeVisible), chromedp.SendKeys(chromedp.CSS(sel), v, chromedp.NodeVisible))
}

// choose selects the option with value v of a select.
func (u *e2eUser) choose(sel, v string) {
	u.t.Helper()
	u.do("choose in "+sel, chromedp.SetValue(chromedp.CSS(sel), v, chromedp.NodeVisible))
}

// waitVisible waits until sel is visible.
func (u *e2eUser) waitVisible(sel string) {
	u.t.Helper()
	u.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// waitShown waits until the first element matching sel is shown (or, with
// shown false, not shown); see visible.
func (u *e2eUser) waitShown(sel string, shown bool) {
	u.t.Helper()
	deadline := time.Now().Add(e2eStep)
	for u.visible(sel) != shown {
		if time.Now().After(deadline) {
			u.fail("wait for "+sel, fmt.Errorf("still shown=%v", !shown))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func e2eEval[T any](u *e2eUser, expr string) T {
	u.t.Helper()
	ctx, cancel := u.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		u.fail("evaluate "+expr, err)
	}
	return v
}

// texts returns the trimmed text of every element matching sel (none: nil).
func (u *e2eUser) texts(sel string) []string {
	u.t.Helper()
	q, _ := json.Marshal(sel)
	return e2eEval[[]string](u, `Array.from(document.querySelectorAll(`+string(q)+`), e => e.textContent.replace(/\s+/g, ' ').trim())`)
}

// text returns the trimmed text of the first element matching sel, or
// fails when there is none.
func (u *e2eUser) text(sel string) string {
	u.t.Helper()
	all := u.texts(sel)
	if len(all) == 0 {
		u.fail("read "+sel, errors.New("no such element"))
	}
	return all[0]
}

// attr returns an attribute of the first element matching sel.
func (u *e2eUser) attr(sel, name string) string {
	u.t.Helper()
	q, _ := json.Marshal(sel)
	n, _ := json.Marshal(name)
	v := e2eEval[*string](u, `(e => e ? e.getAttribute(`+string(n)+`) : null)(document.querySelector(`+string(q)+`))`)
	if v == nil {
		u.fail("read "+sel+" ["+name+"]", errors.New("no such element or attribute"))
	}
	return *v
}

// path returns the path and query of the current page.
func (u *e2eUser) path() string {
	u.t.Helper()
	return e2eEval[string](u, `location.pathname + location.search`)
}

// wantPath fails unless the current page is path.
func (u *e2eUser) wantPath(path string) {
	u.t.Helper()
	if got := u.path(); got != path {
		u.fail("page", fmt.Errorf("at %s, want %s", got, path))
	}
}

// wantText fails unless the first element matching sel has text want.
func (u *e2eUser) wantText(sel, want string) {
	u.t.Helper()
	if got := u.text(sel); got != want {
		u.t.Errorf("%s: %s says %q, want %q", u.name, sel, got, want)
	}
}

// wantContains fails unless the first element matching sel contains want.
func (u *e2eUser) wantContains(sel, want string) {
	u.t.Helper()
	if got := u.text(sel); !strings.Contains(got, want) {
		u.t.Errorf("%s: %s says %q, want it to contain %q", u.name, sel, got, want)
	}
}

// wantFlash fails unless the page's flash message is want (the text
// without its close button).
func (u *e2eUser) wantFlash(want string) {
	u.t.Helper()
	got := e2eEval[*string](u, `(e => e ? Array.from(e.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim() : null)(document.querySelector('.flash'))`)
	switch {
	case got == nil:
		u.t.Errorf("%s: no flash message, want %q", u.name, want)
	case *got != want:
		u.t.Errorf("%s: flash message %q, want %q", u.name, *got, want)
	}
}

// visible reports whether the first element matching sel is shown: present,
// not display:none or visibility:hidden, and not inside a closed <details>.
func (u *e2eUser) visible(sel string) bool {
	u.t.Helper()
	q, _ := json.Marshal(sel)
	return e2eEval[bool](u, `(e => !!e && e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && e.getClientRects().length > 0)(document.querySelector(`+string(q)+`))`)
}

// nav returns the labels of the main navigation.
func (u *e2eUser) nav() []string {
	u.t.Helper()
	return u.texts("nav.nav a")
}

// wantNav fails unless the main navigation is exactly want, in order.
func (u *e2eUser) wantNav(want ...string) {
	u.t.Helper()
	if got := u.nav(); !slices.Equal(got, want) {
		u.t.Errorf("%s: navigation %q, want %q", u.name, got, want)
	}
}

// signIn signs in through the login form and, for officials, the code page.
// It ends on the page the sign-in leads to.
func (u *e2eUser) signIn(email, password, secret string) {
	u.t.Helper()
	u.open("/login", 200)
	u.fill("#email", email)
	u.fill("#password", password)
	u.submit(`form[action="/login"] button[type=submit]`, 200)
	if secret == "" {
		return
	}
	u.wantPath("/login/2fa")
	u.enterCode(u.env.totpCode(u.t, email, secret), 200)
}

// enterCode types a two-factor or recovery code on the code page.
func (u *e2eUser) enterCode(code string, wantStatus int64) {
	u.t.Helper()
	u.fill("#code", code)
	u.submit(`form[action="/login/2fa"] button[type=submit]`, wantStatus)
}

// signInDemo signs in as a demo account and checks that it reached the
// dashboard.
func (u *e2eUser) signInDemo(l demo.Login) {
	u.t.Helper()
	u.signIn(l.Email, demo.Password, l.TOTPSecret)
	u.wantPath("/")
	u.waitVisible("details.user-menu > summary")
}

// signOut signs out through the user menu and checks the landing page.
func (u *e2eUser) signOut(wantLink, flash string) {
	u.t.Helper()
	u.click("details.user-menu > summary")
	u.submit(`details.user-menu form[action="/logout"] button`, 200)
	u.wantPath("/")
	u.waitVisible(`main a.btn-primary[href="/login"]`)
	u.wantText(`main a.btn-primary[href="/login"]`, wantLink)
	u.wantFlash(flash)
	if got := u.texts("details.user-menu"); len(got) != 0 {
		u.t.Errorf("%s: still a user menu after signing out: %q", u.name, got)
	}
}

// totpCode returns a TOTP code of secret that the platform accepts now for
// the account email: the platform refuses a code of a 30-second step it has
// already accepted (replay), and accepts the steps next to the current one
// (clock drift). So the code is of the current step if still unused, else of
// the next one; only a third sign-in within one step has to wait.
func (env *e2eEnv) totpCode(t *testing.T, email, secret string) string {
	t.Helper()
	last := env.user(t, email).TOTPLastStep
	for {
		now := time.Now()
		cur := now.Unix() / 30
		for _, step := range []int64{cur, cur + 1} {
			if step > last {
				code, err := totp.GenerateCode(secret, time.Unix(step*30, 0))
				if err != nil {
					t.Fatalf("TOTP code: %v", err)
				}
				return code
			}
		}
		wait := time.Unix((cur+1)*30, 0).Sub(now) + 100*time.Millisecond
		t.Logf("two-factor codes of this step and the next are used for %s; waiting %s", email, wait.Round(time.Millisecond))
		time.Sleep(wait)
	}
}
