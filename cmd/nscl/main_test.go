package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfig_EnvThenFlags(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "smtp-pass")
	if err := os.WriteFile(secret, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	err := envConfig(&cfg, env(map[string]string{
		"NSCL_DB": "postgres://u@db/nscl", "NSCL_ADDR": "0.0.0.0:9000", "NSCL_SMTP_PASSWORD_FILE": secret,
		"NSCL_LOG_FORMAT": "json", "NSCL_SMTP_PORT": "465", "NSCL_TRUST_PROXY": "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "postgres://u@db/nscl" || cfg.Addr != "0.0.0.0:9000" || cfg.SMTP.Password != "s3cret" ||
		!cfg.LogJSON || cfg.SMTP.Port != 465 || !cfg.TrustProxy {
		t.Fatalf("env not applied: %+v", cfg)
	}
	fs := newFlagSet("serve", io.Discard)
	addServeFlags(fs, &cfg)
	if err := fs.Parse([]string{"--db", "sqlite:/tmp/x.db", "--base-url", "https://nscl.example.vn"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "sqlite:/tmp/x.db" || !cfg.SecureCookies {
		t.Fatalf("flags must win over env and https must make cookies Secure: %+v", cfg)
	}
}

func TestConfig_Errors(t *testing.T) {
	cfg := DefaultConfig()
	if err := envConfig(&cfg, env(map[string]string{"NSCL_SMTP_PORT": "abc", "NSCL_TRUST_PROXY": "perhaps"})); err == nil ||
		!strings.Contains(err.Error(), "NSCL_SMTP_PORT") || !strings.Contains(err.Error(), "NSCL_TRUST_PROXY") {
		t.Fatalf("err=%v", err)
	}
	for _, c := range []Config{
		{DB: "mysql://x", Addr: "a:1", LogLevel: "info"},
		{DB: "sqlite:", Addr: "a:1", LogLevel: "info"},
		{DB: "sqlite:x.db", Addr: "a:1", LogLevel: "loud"},
		{DB: "sqlite:x.db", Addr: "a:1", LogLevel: "info", BaseURL: "ftp://x"},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("Validate(%+v) accepted", c)
		}
	}
}

func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, env(nil), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "nscl.db")

	if out, _, code := runCmd(t, "version"); code != 0 || !strings.HasPrefix(out, "nscl ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if _, errOut, code := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if out, errOut, code := runCmd(t, "migrate", "--db", db); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	// user add: generated password, then bad input in both languages.
	out, errOut, code := runCmd(t, "user", "add", "--db", db, "--role", "admin", "--email", "Admin@Example.gov.vn", "--name", "Quản Trị")
	if code != 0 || !strings.Contains(out, "admin@example.gov.vn") || !strings.Contains(out, "password: ") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	_, errOut, code = runCmd(t, "user", "add", "--db", db, "--role", "king", "--email", "not-an-email")
	if code != 1 || !strings.Contains(errOut, "Vui lòng chọn vai trò") || !strings.Contains(errOut, "The email address is not valid") {
		t.Fatalf("bad user add: %d %q", code, errOut)
	}
	_, errOut, code = runCmd(t, "user", "add", "--db", db, "--role", "admin", "--email", "admin@example.gov.vn")
	if code != 1 || !strings.Contains(errOut, "Email đã được dùng") {
		t.Fatalf("duplicate user add: %d %q", code, errOut)
	}
	// backup: a consistent copy that opens and holds the user.
	target := filepath.Join(dir, "copy.db")
	if out, errOut, code := runCmd(t, "backup", "--db", db, target); code != 0 || !strings.Contains(out, target) {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := runCmd(t, "backup", "--db", db, target); code != 1 || !strings.Contains(errOut, "exists") {
		t.Fatalf("backup over an existing file: %d %q", code, errOut)
	}
	// The copy holds the admin: adding the same email again is refused.
	if _, errOut, code := runCmd(t, "user", "add", "--db", "sqlite:"+target, "--role", "expert", "--email", "admin@example.gov.vn"); code != 1 || !strings.Contains(errOut, "Email đã được dùng") {
		t.Fatalf("the backup lacks the user: %d %q", code, errOut)
	}
	if out, _, code := runCmd(t, "backup", "--db", "postgres://u@h/db"); code != 0 || !strings.Contains(out, "pg_dump") {
		t.Fatalf("postgres backup hint: %d %q", code, out)
	}
	// demo refuses a database with users.
	if _, errOut, code := runCmd(t, "demo", "--db", db); code != 1 || !strings.Contains(errOut, "empty database") {
		t.Fatalf("demo on a used database: %d %q", code, errOut)
	}
}

func TestSPCCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(file, []byte("value\n10\n11\n9\n10.5\n9.5\n10\n12\n8\n10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, "spc", "analyze", "--chart", "imr", "--rules", "nelson", "--lsl", "5", "--usl", "15", file)
	if code != 0 {
		t.Fatalf("spc analyze: %d %q", code, errOut)
	}
	var res struct {
		Chart      string           `json:"chart"`
		Center     json.RawMessage  `json:"center"`
		Rules      map[string][]int `json:"rules"`
		Capability map[string]any   `json:"capability"`
		LCL        []float64        `json:"lcl"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if res.Chart != "imr" || len(res.LCL) != 9 || res.Capability["cpk"] == nil || len(res.Rules) != 8 {
		t.Fatalf("unexpected result: %s", out)
	}
	// Degenerate data: a clear error in both languages, exit 1.
	if err := os.WriteFile(file, []byte("value\n5\n5\n5\n5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCmd(t, "spc", "analyze", "--chart", "imr", file); code != 1 || !strings.Contains(errOut, "spc: ") {
		t.Fatalf("constant series: %d %q", code, errOut)
	}
}

// TestServe_HealthzWithinOneSecond starts the platform on an empty SQLite
// database and requires /healthz to answer 200 within 1 s of the start.
func TestServe_HealthzWithinOneSecond(t *testing.T) {
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	var out bytes.Buffer
	start := time.Now()
	srv, err := startServer(context.Background(), cfg, slog.New(slog.DiscardHandler), serveOptions{}, &out)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(context.Background())
	res, err := http.Get(srv.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	took := time.Since(start)
	if res.StatusCode != 200 || took > time.Second {
		t.Fatalf("/healthz %d after %s, want 200 within 1 s", res.StatusCode, took)
	}
	t.Logf("/healthz answered %s after start", took)
	if !strings.Contains(out.String(), "nscl user add") {
		t.Fatalf("an empty database must print how to create the first admin:\n%s", out.String())
	}
	res, err = http.Get(srv.URL() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"ready":true`) {
		t.Fatalf("/readyz %d %s", res.StatusCode, body)
	}
}
