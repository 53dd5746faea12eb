package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"nscl/internal/auth"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/web"
)

// testPassword is every test user's password.
const testPassword = "Mat-khau-2026"

// cheapArgon2 keeps password hashing fast in tests.
var cheapArgon2 = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// env is a running site on a fresh SQLite database, wired the way cmd wires
// it: request log and recovery, security headers, body limit, sessions in
// the database, authentication, then the page routes.
type env struct {
	t        *testing.T
	db       *sqldb.DB
	auth     *auth.Service
	registry *registry.Service
	jobs     *jobs.Service
	quality  *quality.Service
	web      *web.Handler
	srv      *httptest.Server
	sys      context.Context // acts as the system, for fixtures
}

// MustNewEnv starts a site for one test.
func MustNewEnv(t *testing.T) *env {
	t.Helper()
	db := sqldbtest.MustOpenSQLite(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var root http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { root.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)

	g := geo.MustLoad()
	mailSvc := mail.NewService(db.Mail(), mail.SMTPConfig{}, nil, log)
	reg := registry.NewService(db.Registry())
	authSvc := auth.NewService(auth.Options{
		Store: db.Auth(), Mailer: mailSvc, Enterprises: reg,
		ProvinceExists: func(code string) bool { _, ok := g.Province(code); return ok },
		Argon2:         cheapArgon2, BaseURL: srv.URL, Logger: log,
	})
	queue := jobs.NewSQLiteQueue(db.WriteDB())
	if err := jobs.Migrate(context.Background(), queue); err != nil {
		t.Fatalf("migrate jobs: %v", err)
	}
	jobsSvc, err := jobs.NewService(jobs.Options{Store: db.Jobs(), Queue: queue, Audit: db.Audit(), Logger: log,
		FetchPollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("jobs: %v", err)
	}
	reg.SetAccountLinker(authSvc)
	qs := quality.NewService(quality.Options{Store: db.Quality(), Provinces: reg, Log: log, BaseURL: srv.URL})
	sm := httpx.NewSessions(db.Sessions(), false)
	authn := &httpx.Authenticator{Sessions: sm, Auth: authSvc}
	h, err := web.New(web.Deps{
		Auth: authSvc, Authn: authn, AuditLog: auth.NewAuditReader(db.Audit()), Mail: mailSvc, Registry: reg,
		Jobs: jobsSvc, Geo: g, Quality: qs, Log: log,
		Status: func(ctx context.Context) web.SystemStatus {
			cur, target, _ := db.MigrationStatus(ctx)
			return web.SystemStatus{DBDriver: db.DriverName(), MigrationCurrent: cur, MigrationTarget: target,
				RiverOK: true, Version: "test", Uptime: 90 * time.Minute, Users: 3, Enterprises: 1}
		},
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	authn.OnError = h.Error
	mux := http.NewServeMux()
	h.Register(mux)
	root = httpx.Logging(log, nil, h.Error, httpx.SecurityHeaders(httpx.LimitBody(64<<10, sm.LoadAndSave(authn.Middleware(mux)))))
	return &env{t: t, db: db, auth: authSvc, registry: reg, jobs: jobsSvc, quality: qs, web: h, srv: srv,
		sys: auth.SystemContext(context.Background())}
}

// MustCreateUser creates a user with testPassword. Roles that require
// two-factor sign-in are enrolled, and the TOTP secret is returned, unless
// noTOTP is set.
func (e *env) MustCreateUser(in auth.UserInput, noTOTP bool) (*auth.User, string) {
	e.t.Helper()
	if in.Password == "" {
		in.Password = testPassword
	}
	if in.Name == "" {
		in.Name = "Nguyễn Văn Thử"
	}
	u, err := e.auth.CreateUser(e.sys, in)
	if err != nil {
		e.t.Fatalf("create user %s: %v", in.Email, err)
	}
	if !in.Role.RequiresTOTP() || noTOTP {
		return u, ""
	}
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if err := e.auth.SeedTOTP(e.sys, u.ID, secret, []string{"aaaa-bbbb-cccc", "dddd-eeee-ffff"}); err != nil {
		e.t.Fatalf("seed totp: %v", err)
	}
	return u, secret
}

// MustCreateEnterprise adds an enterprise to the registry.
func (e *env) MustCreateEnterprise(taxCode, name string) *registry.Enterprise {
	e.t.Helper()
	ent := &registry.Enterprise{TaxCode: taxCode, Name: name, ProvinceCode: "01"}
	if err := e.db.Registry().CreateEnterprises(context.Background(), []*registry.Enterprise{ent}); err != nil {
		e.t.Fatalf("create enterprise: %v", err)
	}
	return ent
}

// client is a browser: a cookie jar, no automatic redirects.
type client struct {
	e  *env
	hc *http.Client
}

func (e *env) NewClient() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is a read response.
type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

// Do sends a request; form, if not nil, is posted url-encoded.
func (c *client) Do(method, path string, form url.Values, header ...string) *response {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return &response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location")}
}

func (c *client) Get(path string) *response { return c.Do(http.MethodGet, path, nil) }
func (c *client) Post(path string, form url.Values) *response {
	return c.Do(http.MethodPost, path, form)
}

// Follow gets path and follows local redirects.
func (c *client) Follow(res *response) *response {
	c.e.t.Helper()
	for i := 0; i < 10 && res.Status >= 300 && res.Status < 400; i++ {
		loc := res.Location
		if u, err := url.Parse(loc); err == nil && u.Host != "" {
			loc = u.RequestURI()
		}
		res = c.Get(loc)
	}
	return res
}

// MustLogin signs in (with the TOTP code when secret is set) and returns
// the page that follows.
func (c *client) MustLogin(email, secret string) *response {
	c.e.t.Helper()
	res := c.Post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.Status != http.StatusSeeOther {
		c.e.t.Fatalf("login %s: status %d, want 303; body:\n%s", email, res.Status, res.Body)
	}
	if res.Location == "/login/2fa" || strings.HasPrefix(res.Location, "/login/2fa?") {
		code, err := totp.GenerateCode(secret, time.Now())
		if err != nil {
			c.e.t.Fatal(err)
		}
		res = c.Post("/login/2fa", url.Values{"code": {code}})
		if res.Status != http.StatusSeeOther {
			c.e.t.Fatalf("login 2fa %s: status %d; body:\n%s", email, res.Status, res.Body)
		}
	}
	return c.Follow(res)
}

var hrefRE = regexp.MustCompile(`href="([^"]+)"`)

// links returns the href values in body.
func links(body string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
