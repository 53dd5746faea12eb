package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/api"
	"nscl/internal/auth"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// cheap keeps password hashing fast in tests.
var cheap = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

type nopMailer struct{}

func (nopMailer) SendMail(context.Context, string, string, string) error { return nil }

// env is an API server over real services on one database.
type env struct {
	t      *testing.T
	db     *sqldb.DB
	auth   *auth.Service
	api    *api.API
	srv    *httptest.Server
	actors map[string]*auth.Actor // X-Test-Actor header value → actor
}

// newEnv serves the API behind a test middleware that mirrors
// httpx.Authenticator: a Bearer token is authenticated by the service (a bad
// one is a 401 problem), and "X-Test-Actor: <key>" stands for a session.
func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	g := geo.MustLoad()
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Jobs: mustStartJobs(t, db), Geo: g,
		Registry: reg, Version: "test", Log: slog.New(slog.DiscardHandler)})
	e := &env{t: t, db: db, auth: as, api: a, actors: map[string]*auth.Actor{}}
	mux := http.NewServeMux()
	a.Register(mux)
	authn := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			actor, err := as.AuthenticateToken(ctx, strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
			if err != nil {
				a.RenderError(w, r, err)
				return
			}
			ctx = auth.WithActor(ctx, actor)
		} else if actor := e.actors[r.Header.Get("X-Test-Actor")]; actor != nil {
			ctx = auth.WithActor(ctx, actor)
		}
		mux.ServeHTTP(w, r.WithContext(ctx))
	})
	// As in cmd: an outer body limit (here above the operations' 1 MiB).
	e.srv = httptest.NewServer(httpx.Logging(slog.New(slog.DiscardHandler), nil, a.RenderError, httpx.LimitBody(3<<19, authn)))
	t.Cleanup(e.srv.Close)
	return e
}

// mustStartJobs runs a job service on db until the test ends.
func mustStartJobs(t *testing.T, db *sqldb.DB) *jobs.Service {
	t.Helper()
	ctx := context.Background()
	q := jobs.NewSQLiteQueue(db.WriteDB())
	if db.IsPostgres() {
		q = jobs.NewPostgresQueue(db.PgxPool(), db.Schema())
	}
	if err := jobs.Migrate(ctx, q); err != nil {
		t.Fatalf("migrate jobs: %v", err)
	}
	js, err := jobs.NewService(jobs.Options{Store: db.Jobs(), Queue: q, Audit: db.Audit(),
		Logger: slog.New(slog.DiscardHandler), FetchPollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("jobs: %v", err)
	}
	if err := js.Start(ctx); err != nil {
		t.Fatalf("start jobs: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := js.Stop(ctx); err != nil {
			t.Errorf("stop jobs: %v", err)
		}
	})
	return js
}

// mustCreateUser creates a user as the system and registers it as an actor
// under its email.
func (e *env) mustCreateUser(in auth.UserInput) *auth.User {
	e.t.Helper()
	if in.Password == "" {
		in.Password = "Mat-khau-2026"
	}
	if in.Name == "" {
		in.Name = "Người dùng thử"
	}
	u, err := e.auth.CreateUser(auth.SystemContext(context.Background()), in)
	if err != nil {
		e.t.Fatalf("create user %s: %v", in.Email, err)
	}
	e.actors[u.Email] = u.Actor()
	return u
}

func (e *env) mustCreateEnterprise(name, province string) *registry.Enterprise {
	e.t.Helper()
	ent := &registry.Enterprise{TaxCode: "0100109106", Name: name, ProvinceCode: province}
	if err := e.db.Registry().CreateEnterprises(context.Background(), []*registry.Enterprise{ent}); err != nil {
		e.t.Fatalf("create enterprise: %v", err)
	}
	return ent
}

// req is one request: as is an X-Test-Actor key, token a Bearer secret.
type req struct {
	method, path string
	as, token    string
	body         string
	header       map[string]string
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

func (e *env) do(rq req) resp {
	e.t.Helper()
	var body io.Reader
	if rq.body != "" {
		body = strings.NewReader(rq.body)
	}
	hr, err := http.NewRequest(rq.method, e.srv.URL+rq.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if rq.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	if rq.as != "" {
		hr.Header.Set("X-Test-Actor", rq.as)
	}
	if rq.token != "" {
		hr.Header.Set("Authorization", "Bearer "+rq.token)
	}
	for k, v := range rq.header {
		hr.Header.Set(k, v)
	}
	res, err := e.srv.Client().Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// problem checks that r is a problem document with the status and returns it.
func problem(t *testing.T, r resp, status int) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status=%d, want %d; body %s", r.status, status, r.body)
	}
	if got, want := r.header.Get("Content-Type"), "application/problem+json"; got != want {
		t.Fatalf("Content-Type=%q, want %q", got, want)
	}
	p := r.json(t)
	if got := int(p["status"].(float64)); got != status {
		t.Fatalf("problem status=%d, want %d", got, status)
	}
	msg, _ := p["message"].(map[string]any)
	if msg["vi"] == "" || msg["en"] == "" {
		t.Fatalf("problem message=%v, want both languages", p["message"])
	}
	if id, _ := p["request_id"].(string); id == "" {
		t.Fatalf("problem has no request_id: %s", r.body)
	}
	return p
}

// fieldError returns the message of the problem's error at location.
func fieldError(t *testing.T, p map[string]any, location string) string {
	t.Helper()
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		if m["location"] == location {
			return m["message"].(string)
		}
	}
	t.Fatalf("no error at %s in %v", location, p["errors"])
	return ""
}

func TestOpenAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sqldbtest.MustOpenSQLite(t))
	r := e.do(req{method: "GET", path: "/api/openapi.json"})
	if r.status != http.StatusOK {
		t.Fatalf("status=%d", r.status)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			SecuritySchemes map[string]map[string]any `json:"securitySchemes"`
			Schemas         map[string]any            `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Fatalf("openapi=%q, want 3.1.x", doc.OpenAPI)
	}
	routes := e.api.Routes()
	if len(routes) < 11 {
		t.Fatalf("Routes()=%d operations, want at least 11", len(routes))
	}
	for _, rt := range routes {
		op := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		if op == nil {
			t.Errorf("%s %s missing from the OpenAPI document", rt.Method, rt.Path)
			continue
		}
		if got := op["operationId"]; got != rt.OperationID {
			t.Errorf("%s %s operationId=%v, want %s", rt.Method, rt.Path, got, rt.OperationID)
		}
		if !strings.HasPrefix(rt.Path, "/api/v1/") {
			t.Errorf("%s is not under /api/v1/", rt.Path)
		}
		resps, _ := op["responses"].(map[string]any)
		for code, v := range resps {
			if code >= "400" {
				content := v.(map[string]any)["content"].(map[string]any)
				if _, ok := content["application/problem+json"]; !ok {
					t.Errorf("%s %s %s: error response is not a problem: %v", rt.Method, rt.Path, code, content)
				}
			}
		}
	}
	if doc.Components.SecuritySchemes["bearer"]["scheme"] != "bearer" || doc.Components.SecuritySchemes["cookie"]["name"] != "nscl_session" {
		t.Errorf("securitySchemes=%v", doc.Components.SecuritySchemes)
	}
	if _, ok := doc.Components.Schemas["Problem"]; !ok {
		t.Errorf("no Problem schema")
	}
	if _, ok := doc.Components.Schemas["ErrorModel"]; ok {
		t.Errorf("huma's ErrorModel is still documented")
	}
	if sec := doc.Paths["/api/v1/me"]["get"]["security"]; sec == nil {
		t.Errorf("GET /api/v1/me has no security requirement")
	}

	y := e.do(req{method: "GET", path: "/api/openapi.yaml"})
	if y.status != http.StatusOK || !bytes.Contains(y.body, []byte("openapi: 3.1")) {
		t.Errorf("openapi.yaml: status %d, %.80s", y.status, y.body)
	}
}

func TestDocs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sqldbtest.MustOpenSQLite(t))
	r := e.do(req{method: "GET", path: "/api/docs"})
	if r.status != http.StatusOK {
		t.Fatalf("status=%d", r.status)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type=%q", ct)
	}
	page := string(r.body)
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Fatal("the docs page has a <script>")
	}
	if strings.Contains(page, " style=") {
		t.Fatal("the docs page has an inline style (the CSP forbids it)")
	}
	for _, want := range []string{`href="/static/app.css"`, "Authorization: Bearer nscl_", "nscl_session", "/account",
		"body.email", "request_id", "curl "} {
		if !strings.Contains(page, want) {
			t.Errorf("docs page does not mention %q", want)
		}
	}
	for _, rt := range e.api.Routes() {
		if !strings.Contains(page, rt.Path) || !strings.Contains(page, `id="`+rt.OperationID+`"`) {
			t.Errorf("docs page does not show %s %s (%s)", rt.Method, rt.Path, rt.OperationID)
		}
	}
}

func TestAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.mustCreateUser(auth.UserInput{Email: "admin@moit.gov.vn", Name: "Quản trị", Role: auth.RoleAdmin})
		ent := e.mustCreateEnterprise("Công ty TNHH Dệt may Thử", "01")
		entUser := e.mustCreateUser(auth.UserInput{Email: "dn@example.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)})
		expert := e.mustCreateUser(auth.UserInput{Email: "expert@example.vn", Role: auth.RoleExpert, Lang: "en"})

		t.Run("MeAnonymous", func(t *testing.T) {
			p := problem(t, e.do(req{method: "GET", path: "/api/v1/me"}), http.StatusUnauthorized)
			if got, want := p["detail"], "Vui lòng đăng nhập."; got != want {
				t.Fatalf("detail=%q, want %q", got, want)
			}
			if got, want := p["code"], "unauthenticated"; got != want {
				t.Fatalf("code=%q, want %q", got, want)
			}
		})

		t.Run("MeAnonymousEnglish", func(t *testing.T) {
			p := problem(t, e.do(req{method: "GET", path: "/api/v1/me?lang=en"}), http.StatusUnauthorized)
			if got, want := p["detail"], "Please sign in."; got != want {
				t.Fatalf("detail=%q, want %q", got, want)
			}
			p = problem(t, e.do(req{method: "GET", path: "/api/v1/me", header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"}}), http.StatusUnauthorized)
			if got, want := p["detail"], "Please sign in."; got != want {
				t.Fatalf("Accept-Language en: detail=%q, want %q", got, want)
			}
		})

		t.Run("MeEnterprise", func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/v1/me", as: entUser.Email})
			if r.status != http.StatusOK {
				t.Fatalf("status=%d: %s", r.status, r.body)
			}
			var me struct {
				User struct {
					ID        int64             `json:"id"`
					Email     string            `json:"email"`
					RoleLabel map[string]string `json:"role_label"`
					CreatedAt string            `json:"created_at"`
				} `json:"user"`
				Scope struct {
					Kind           string `json:"kind"`
					EnterpriseID   int64  `json:"enterprise_id"`
					EnterpriseName string `json:"enterprise_name"`
				} `json:"scope"`
			}
			if err := json.Unmarshal(r.body, &me); err != nil {
				t.Fatal(err)
			}
			if me.User.ID != int64(entUser.ID) || me.User.Email != entUser.Email || me.User.RoleLabel["vi"] != "Đại diện doanh nghiệp" {
				t.Fatalf("user=%+v", me.User)
			}
			if !strings.HasSuffix(me.User.CreatedAt, "Z") {
				t.Fatalf("created_at=%q, want UTC RFC 3339", me.User.CreatedAt)
			}
			if me.Scope.Kind != "enterprise" || me.Scope.EnterpriseID != int64(ent.ID) || me.Scope.EnterpriseName != ent.Name {
				t.Fatalf("scope=%+v", me.Scope)
			}
		})

		t.Run("TokenFlow", func(t *testing.T) {
			ctx := auth.WithActor(context.Background(), expert.Actor())
			secret, tok, err := e.auth.CreateToken(ctx, "thử", nil)
			if err != nil {
				t.Fatal(err)
			}
			r := e.do(req{method: "GET", path: "/api/v1/me", token: secret})
			if r.status != http.StatusOK {
				t.Fatalf("me with token: status=%d: %s", r.status, r.body)
			}
			if m := r.json(t); m["via_token"] != true || m["user"].(map[string]any)["email"] != expert.Email {
				t.Fatalf("me=%s", r.body)
			}
			r = e.do(req{method: "GET", path: "/api/v1/tokens", token: secret})
			if r.status != http.StatusOK || !strings.Contains(string(r.body), `"prefix":"`+tok.Prefix+`"`) || strings.Contains(string(r.body), secret) {
				t.Fatalf("tokens: status=%d: %s", r.status, r.body)
			}
			// A token cannot make tokens.
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/tokens", token: secret, body: `{"name":"x"}`}), http.StatusForbidden)
			if got, want := p["detail"], "A token cannot create tokens."; got != want {
				t.Fatalf("detail=%q, want %q (the expert's language is English)", got, want)
			}
			r = e.do(req{method: "DELETE", path: "/api/v1/tokens/" + strconv.FormatInt(int64(tok.ID), 10), token: secret})
			if r.status != http.StatusNoContent {
				t.Fatalf("revoke: status=%d: %s", r.status, r.body)
			}
			p = problem(t, e.do(req{method: "GET", path: "/api/v1/me?lang=vi", token: secret}), http.StatusUnauthorized)
			if got, want := p["detail"], "Mã truy cập API không hợp lệ hoặc đã bị thu hồi."; got != want {
				t.Fatalf("detail=%q, want %q", got, want)
			}
		})

		t.Run("TokenCreate", func(t *testing.T) {
			r := e.do(req{method: "POST", path: "/api/v1/tokens", as: admin.Email, body: `{"name":"Báo cáo","expires_at":"2099-01-01T00:00:00Z"}`})
			if r.status != http.StatusCreated {
				t.Fatalf("status=%d: %s", r.status, r.body)
			}
			m := r.json(t)
			secret, _ := m["secret"].(string)
			if !strings.HasPrefix(secret, "nscl_") {
				t.Fatalf("secret=%q", secret)
			}
			if r := e.do(req{method: "GET", path: "/api/v1/me", token: secret}); r.status != http.StatusOK {
				t.Fatalf("new token: status=%d", r.status)
			}
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/tokens", as: admin.Email, body: `{"name":"x","expires_at":"2001-01-01T00:00:00Z"}`}), http.StatusUnprocessableEntity)
			fieldError(t, p, "body.expires_at")
			problem(t, e.do(req{method: "DELETE", path: "/api/v1/tokens/999999", as: admin.Email}), http.StatusNotFound)
		})

		t.Run("UsersAdmin", func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/v1/users?limit=2", as: admin.Email})
			if r.status != http.StatusOK {
				t.Fatalf("status=%d: %s", r.status, r.body)
			}
			var list struct {
				Items  []map[string]any `json:"items"`
				Total  int              `json:"total"`
				Offset int              `json:"offset"`
				Limit  int              `json:"limit"`
			}
			if err := json.Unmarshal(r.body, &list); err != nil {
				t.Fatal(err)
			}
			if list.Total != 3 || len(list.Items) != 2 || list.Limit != 2 {
				t.Fatalf("list=%+v", list)
			}
			if _, ok := list.Items[0]["password_hash"]; ok {
				t.Fatal("the password hash is shown")
			}

			r = e.do(req{method: "GET", path: "/api/v1/users?role=enterprise&disabled=false", as: admin.Email})
			if err := json.Unmarshal(r.body, &list); err != nil || list.Total != 1 || list.Items[0]["email"] != entUser.Email {
				t.Fatalf("filtered list: %s", r.body)
			}

			body := `{"email":"new@moit.gov.vn","name":"Trần Thị B","password":"Mat-khau-2026","role":"province","province_code":"01"}`
			r = e.do(req{method: "POST", path: "/api/v1/users", as: admin.Email, body: body})
			if r.status != http.StatusCreated {
				t.Fatalf("create: status=%d: %s", r.status, r.body)
			}
			id := int64(r.json(t)["id"].(float64))
			path := "/api/v1/users/" + strconv.FormatInt(id, 10)
			if r := e.do(req{method: "GET", path: path, as: admin.Email}); r.status != http.StatusOK || r.json(t)["province_code"] != "01" {
				t.Fatalf("get: status=%d: %s", r.status, r.body)
			}
			upd := `{"email":"new@moit.gov.vn","name":"Trần Thị Bình","role":"ministry","disabled":true}`
			r = e.do(req{method: "PUT", path: path, as: admin.Email, body: upd})
			if m := r.json(t); r.status != http.StatusOK || m["name"] != "Trần Thị Bình" || m["disabled"] != true || m["role"] != "ministry" {
				t.Fatalf("update: status=%d: %s", r.status, r.body)
			}
			if r := e.do(req{method: "POST", path: path + "/reset-2fa", as: admin.Email}); r.status != http.StatusNoContent {
				t.Fatalf("reset-2fa: status=%d: %s", r.status, r.body)
			}
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/users", as: admin.Email, body: body}), http.StatusConflict)
			fieldError(t, p, "body.email")
			problem(t, e.do(req{method: "GET", path: "/api/v1/users/999999", as: admin.Email}), http.StatusNotFound)
		})

		t.Run("UsersInvalidEmail", func(t *testing.T) {
			body := `{"email":"not-an-email","name":"X","password":"Mat-khau-2026","role":"expert"}`
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/users", as: admin.Email, body: body}), http.StatusUnprocessableEntity)
			if got, want := fieldError(t, p, "body.email"), "Địa chỉ email không hợp lệ."; got != want {
				t.Fatalf("body.email=%q, want %q", got, want)
			}
			if got := p["detail"].(string); !strings.HasPrefix(got, "Dữ liệu chưa hợp lệ") {
				t.Fatalf("detail=%q, want Vietnamese", got)
			}
			p = problem(t, e.do(req{method: "POST", path: "/api/v1/users?lang=en", as: admin.Email, body: body}), http.StatusUnprocessableEntity)
			if got, want := fieldError(t, p, "body.email"), "The email address is not valid."; got != want {
				t.Fatalf("lang=en: body.email=%q, want %q", got, want)
			}
		})

		t.Run("UsersForbidden", func(t *testing.T) {
			p := problem(t, e.do(req{method: "GET", path: "/api/v1/users", as: entUser.Email}), http.StatusForbidden)
			if got, want := p["detail"], "Bạn không có quyền thực hiện thao tác này."; got != want {
				t.Fatalf("detail=%q, want %q", got, want)
			}
			problem(t, e.do(req{method: "GET", path: "/api/v1/users", as: entUser.Email, body: ""}), http.StatusForbidden)
			// Others' accounts are not visible; one's own is.
			problem(t, e.do(req{method: "GET", path: "/api/v1/users/" + strconv.FormatInt(int64(admin.ID), 10), as: entUser.Email}), http.StatusForbidden)
			if r := e.do(req{method: "GET", path: "/api/v1/users/" + strconv.FormatInt(int64(entUser.ID), 10), as: entUser.Email}); r.status != http.StatusOK {
				t.Fatalf("own account: status=%d", r.status)
			}
			problem(t, e.do(req{method: "GET", path: "/api/v1/users"}), http.StatusUnauthorized)
		})

		t.Run("MalformedJSON", func(t *testing.T) {
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/users", as: admin.Email, body: `{"email": "a@b.vn",`}), http.StatusBadRequest)
			detail := p["detail"].(string)
			if !strings.HasPrefix(detail, "Dữ liệu gửi lên không hợp lệ.") || !strings.Contains(detail, "unexpected end of JSON") {
				t.Fatalf("detail=%q", detail)
			}
			if strings.Contains(string(mustJSON(t, p)), `"value"`) {
				t.Fatal("the offending value is echoed")
			}
			p = problem(t, e.do(req{method: "POST", path: "/api/v1/users?lang=en", as: admin.Email, body: `{"name": 5}`}), http.StatusUnprocessableEntity)
			if detail := p["detail"].(string); !strings.HasPrefix(detail, "The request data is not valid.") {
				t.Fatalf("detail=%q", detail)
			}
			fieldError(t, p, "body.name")
			if got := fieldError(t, p, "body.email"); !strings.Contains(got, "expected required property") {
				t.Fatalf("body.email=%q", got)
			}
			p = problem(t, e.do(req{method: "POST", path: "/api/v1/users", as: admin.Email, body: `{"email":"a@b.vn","name":"A","password":"Mat-khau-2026","role":"expert","extra":1}`}), http.StatusUnprocessableEntity)
			if got := fieldError(t, p, "body.extra"); !strings.HasPrefix(got, "Trường này không được hỗ trợ.") {
				t.Fatalf("body.extra=%q", got)
			}
		})

		t.Run("BodyTooLarge", func(t *testing.T) {
			// Over the operation's 1 MiB, under the outer limit.
			big := `{"name":"` + strings.Repeat("a", 5<<18) + `"}`
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/tokens", as: admin.Email, body: big}), http.StatusRequestEntityTooLarge)
			if got := p["detail"].(string); !strings.HasPrefix(got, "Nội dung gửi lên quá lớn") {
				t.Fatalf("detail=%q", got)
			}
			// Under the operation's limit but over a smaller outer limit, sent
			// without a length: cut short by http.MaxBytesReader.
			mux := http.NewServeMux()
			e.api.Register(mux)
			small := httptest.NewServer(httpx.LimitBody(1024, mux))
			defer small.Close()
			res, err := small.Client().Post(small.URL+"/api/v1/tokens", "application/json",
				io.MultiReader(strings.NewReader(`{"name":"`+strings.Repeat("a", 4096)+`"}`)))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "tối đa 1024 byte") {
				t.Fatalf("outer limit: status=%d: %s", res.StatusCode, b)
			}
		})

		t.Run("Audit", func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/v1/audit?action=user.&from=2000-01-01&to=2999-12-31", as: admin.Email})
			if r.status != http.StatusOK {
				t.Fatalf("status=%d: %s", r.status, r.body)
			}
			var list struct {
				Items []struct {
					Action string          `json:"action"`
					After  json.RawMessage `json:"after"`
				} `json:"items"`
				Total int `json:"total"`
			}
			if err := json.Unmarshal(r.body, &list); err != nil {
				t.Fatal(err)
			}
			if list.Total == 0 || !strings.HasPrefix(list.Items[0].Action, "user.") {
				t.Fatalf("audit=%s", r.body)
			}
			p := problem(t, e.do(req{method: "GET", path: "/api/v1/audit?from=yesterday", as: admin.Email}), http.StatusUnprocessableEntity)
			fieldError(t, p, "query.from")
			problem(t, e.do(req{method: "GET", path: "/api/v1/audit", as: expert.Email}), http.StatusForbidden)
		})

		t.Run("AuditExport", func(t *testing.T) {
			r := e.do(req{method: "POST", path: "/api/v1/audit/export?action=user.&from=2000-01-01", as: admin.Email})
			if r.status != http.StatusAccepted {
				t.Fatalf("status=%d: %s", r.status, r.body)
			}
			id := int64(r.json(t)["id"].(float64))
			path := "/api/v1/jobs/" + strconv.FormatInt(id, 10)
			var job struct {
				Status    string `json:"status"`
				Finished  bool   `json:"finished"`
				Percent   int    `json:"percent"`
				HasResult bool   `json:"has_result"`
				ResultURL string `json:"result_url"`
				Error     string `json:"error"`
			}
			deadline := time.Now().Add(30 * time.Second)
			for !job.Finished {
				if time.Now().After(deadline) {
					t.Fatalf("the export did not finish: %+v", job)
				}
				time.Sleep(50 * time.Millisecond)
				r := e.do(req{method: "GET", path: path, as: admin.Email})
				if r.status != http.StatusOK {
					t.Fatalf("job: status=%d: %s", r.status, r.body)
				}
				if err := json.Unmarshal(r.body, &job); err != nil {
					t.Fatal(err)
				}
			}
			if job.Status != "done" || job.Percent != 100 || !job.HasResult || job.ResultURL != path+"/result" {
				t.Fatalf("job=%+v", job)
			}
			r = e.do(req{method: "GET", path: job.ResultURL, as: admin.Email})
			if r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("PK")) {
				t.Fatalf("result: status=%d: %.200s", r.status, r.body)
			}
			if got, want := r.header.Get("Content-Type"), jobs.MimeXLSX; got != want {
				t.Fatalf("Content-Type=%q, want %q", got, want)
			}
			if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename") {
				t.Fatalf("Content-Disposition=%q", cd)
			}
			r = e.do(req{method: "GET", path: "/api/v1/jobs?status=done", as: admin.Email})
			if r.status != http.StatusOK || !strings.Contains(string(r.body), `"id":`+strconv.FormatInt(id, 10)+`,`) {
				t.Fatalf("jobs list: status=%d: %s", r.status, r.body)
			}
			// Someone else's job does not exist for them.
			problem(t, e.do(req{method: "GET", path: path, as: expert.Email}), http.StatusNotFound)
			problem(t, e.do(req{method: "GET", path: path + "/result", as: expert.Email}), http.StatusNotFound)
			problem(t, e.do(req{method: "GET", path: "/api/v1/jobs/999999", as: admin.Email}), http.StatusNotFound)
			problem(t, e.do(req{method: "POST", path: "/api/v1/audit/export", as: expert.Email}), http.StatusForbidden)
			problem(t, e.do(req{method: "POST", path: "/api/v1/audit/export"}), http.StatusUnauthorized)
			p := problem(t, e.do(req{method: "POST", path: "/api/v1/audit/export?from=2025-07-02&to=2025-07-01", as: admin.Email}), http.StatusUnprocessableEntity)
			fieldError(t, p, "query.to")
			if r := e.do(req{method: "GET", path: "/api/v1/jobs", as: expert.Email}); r.status != http.StatusOK || !strings.Contains(string(r.body), `"total":0`) {
				t.Fatalf("expert's jobs: status=%d: %s", r.status, r.body)
			}
		})

		t.Run("Provinces", func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/v1/provinces"})
			if r.status != http.StatusOK {
				t.Fatalf("status=%d: %s", r.status, r.body)
			}
			var list struct {
				Items []struct{ Code, Name string } `json:"items"`
				Total int                           `json:"total"`
			}
			if err := json.Unmarshal(r.body, &list); err != nil {
				t.Fatal(err)
			}
			if list.Total != 34 || len(list.Items) != 34 || list.Items[0].Code != "01" {
				t.Fatalf("provinces: total %d, %d items", list.Total, len(list.Items))
			}
		})

		t.Run("UnknownPath", func(t *testing.T) {
			problem(t, e.do(req{method: "GET", path: "/api/v1/nothing-here"}), http.StatusNotFound)
		})
	})
}

// TestInternalError checks that a failure of the database is a 500 that
// says nothing but the request id.
func TestInternalError(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	e := newEnv(t, db)
	admin := e.mustCreateUser(auth.UserInput{Email: "admin@moit.gov.vn", Role: auth.RoleAdmin})
	db.Close()
	r := e.do(req{method: "GET", path: "/api/v1/users", as: admin.Email})
	p := problem(t, r, http.StatusInternalServerError)
	if got, want := p["detail"], "Đã xảy ra lỗi hệ thống."; got != want {
		t.Fatalf("detail=%q, want %q", got, want)
	}
	if _, ok := p["errors"]; ok || bytes.Contains(r.body, []byte("sql")) {
		t.Fatalf("internal details leak: %s", r.body)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
