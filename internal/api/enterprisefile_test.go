package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nscl/internal/api"
	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// fileEnv serves the API with enterprise import and export, actors chosen
// by the X-Test-Actor header.
type fileEnv struct {
	srv    *httptest.Server
	jobs   *jobs.Service
	db     *sqldb.DB
	actors map[string]*auth.Actor
}

// fileActors returns the test's actors, stored as users (jobs name their owner).
func fileActors(t *testing.T, db *sqldb.DB) map[string]*auth.Actor {
	t.Helper()
	out := map[string]*auth.Actor{
		"ministry":   {Email: "bo@moit.gov.vn", Role: auth.RoleMinistry, TOTPEnabled: true},
		"province":   {Email: "so@hanoi.gov.vn", Role: auth.RoleProvince, ProvinceCode: "01", TOTPEnabled: true},
		"enterprise": {Email: "dn@congty.vn", Role: auth.RoleEnterprise, EnterpriseID: 999},
		"expert":     {Email: "cg@tuvan.vn", Role: auth.RoleExpert},
	}
	now := time.Now().UTC()
	for _, a := range out {
		u := &auth.User{Email: a.Email, Name: a.Email, PasswordHash: "x", Role: a.Role, Lang: "vi", ProvinceCode: a.ProvinceCode,
			PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		a.UserID = u.ID
	}
	return out
}

func newFileEnv(t *testing.T, db *sqldb.DB) *fileEnv {
	t.Helper()
	ctx := context.Background()
	g := geo.MustLoad()
	files := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: g, TempDir: t.TempDir()})
	q := jobs.NewSQLiteQueue(db.WriteDB())
	if db.IsPostgres() {
		q = jobs.NewPostgresQueue(db.PgxPool(), db.Schema())
	}
	if err := jobs.Migrate(ctx, q); err != nil {
		t.Fatal(err)
	}
	js, err := jobs.NewService(jobs.Options{Store: db.Jobs(), Queue: q, Audit: db.Audit(), EnterpriseFiles: files,
		Logger: slog.New(slog.DiscardHandler), FetchPollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := js.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		js.Stop(ctx)
	})
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Jobs: js, Geo: g, Registry: reg,
		Version: "test", Log: slog.New(slog.DiscardHandler)})
	mux := http.NewServeMux()
	a.Register(mux)
	actors := fileActors(t, db)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if act := actors[r.Header.Get("X-Test-Actor")]; act != nil {
			ctx = auth.WithActor(ctx, act)
		}
		mux.ServeHTTP(w, r.WithContext(ctx))
	})
	srv := httptest.NewServer(httpx.LimitBody(200<<20, h))
	t.Cleanup(srv.Close)
	return &fileEnv{srv: srv, jobs: js, db: db, actors: actors}
}

func (e *fileEnv) do(t *testing.T, method, path, as, contentType string, body io.Reader, length int64) (int, []byte, http.Header) {
	t.Helper()
	r, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if as != "" {
		r.Header.Set("X-Test-Actor", as)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if length > 0 {
		r.ContentLength = length
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

const apiCSV = "Mã số thuế;Tên doanh nghiệp;Tỉnh/Thành phố;Số lao động\n0100233488;Công ty Cổ phần Hòa Phát;Hà Nội;1.250\n0100112437;Công ty Đà Nẵng;Đà Nẵng;12\n0314409050;Sai chữ số;Hà Nội;nhiều\n"

func TestAPI_EnterpriseImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newFileEnv(t, db)
		for _, tc := range []struct {
			name, as, ctype, body string
			length                int64
			want                  int
		}{
			{"Anonymous", "", "text/csv", apiCSV, 0, 401},
			{"ErrEnterpriseUser", "enterprise", "text/csv", apiCSV, 0, 403},
			{"ErrExpert", "expert", "text/csv", apiCSV, 0, 403},
			{"ErrNotATable", "ministry", "application/pdf", "%PDF-1.4 binary", 0, 422},
			{"ErrNoHeader", "ministry", "text/csv", "a;b\n1;2\n", 0, 422},
			{"ErrMissingColumn", "ministry", "text/csv", "Mã số thuế;Địa chỉ\n0100233488;Hà Nội\n", 0, 422},
		} {
			t.Run(tc.name, func(t *testing.T) {
				code, body, _ := e.do(t, "POST", "/api/v1/enterprises/import?name=ds.csv", tc.as, tc.ctype, strings.NewReader(tc.body), tc.length)
				if code != tc.want {
					t.Fatalf("status %d, want %d: %s", code, tc.want, body)
				}
				if code >= 400 && !bytes.Contains(body, []byte(`"message":{"vi":`)) {
					t.Errorf("not a problem: %s", body)
				}
			})
		}
		t.Run("ErrTooLarge", func(t *testing.T) {
			// 200 MB declared: refused before the body is read.
			code, body, _ := e.do(t, "POST", "/api/v1/enterprises/import?name=lon.csv", "ministry", "text/csv", io.LimitReader(zeros{}, 200<<20), 200<<20)
			if code != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d: %s", code, body)
			}
		})
		t.Run("OK", func(t *testing.T) {
			var mp bytes.Buffer
			mw := multipart.NewWriter(&mp)
			fw, _ := mw.CreateFormFile("file", "danh-sach.csv")
			io.WriteString(fw, apiCSV)
			mw.Close()
			code, body, hd := e.do(t, "POST", "/api/v1/enterprises/import", "province", mw.FormDataContentType(), &mp, 0)
			if code != http.StatusAccepted {
				t.Fatalf("status %d: %s", code, body)
			}
			var j struct {
				ID int64 `json:"id"`
			}
			if err := json.Unmarshal(body, &j); err != nil || j.ID == 0 || hd.Get("Location") != fmt.Sprintf("/api/v1/jobs/%d", j.ID) {
				t.Fatalf("job %s (%v), Location %q", body, err, hd.Get("Location"))
			}
			ctx := auth.WithActor(context.Background(), e.actors["province"])
			deadline := time.Now().Add(20 * time.Second)
			var job *jobs.Job
			for time.Now().Before(deadline) {
				var err error
				if job, err = e.jobs.FindJobByID(ctx, jobs.JobID(j.ID)); err != nil {
					t.Fatal(err)
				}
				if job.Status.IsFinished() {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if job.Status != jobs.StatusDone || !job.HasResult || !strings.Contains(job.Message, "1") {
				t.Fatalf("job %+v", job)
			}
			// The provincial officer of Hà Nội: Đà Nẵng's firm is out of scope, the bad
			// check digit rejected; one imported.
			n, _ := db.Registry().CountEnterprises(context.Background())
			if n != 1 {
				t.Errorf("%d enterprises, want 1", n)
			}
			code, body, hd = e.do(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), "province", "", nil, 0)
			if code != 200 || hd.Get("Content-Type") != jobs.MimeXLSX || len(body) < 100 {
				t.Errorf("result: %d %q %d bytes", code, hd.Get("Content-Type"), len(body))
			}
		})
	})
}

// zeros is an endless body.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestAPI_EnterpriseExport(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	e := newFileEnv(t, db)
	files := e.jobs.EnterpriseFiles()
	sys := auth.SystemContext(context.Background())
	if _, err := files.Import(sys, strings.NewReader(apiCSV), int64(len(apiCSV)), enterprisefile.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, as, query string
		want, records   int
	}{
		{"Anonymous", "", "format=json", 401, 0},
		{"ErrExpert", "expert", "format=json", 403, 0},
		{"ErrFormat", "ministry", "format=pdf", 422, 0},
		{"Ministry", "ministry", "format=json", 200, 2},
		{"ProvinceScoped", "province", "format=json&province=48", 200, 1},
		{"Filter", "ministry", "format=json&q=hoa+phat", 200, 1},
		{"CSV", "ministry", "format=csv", 200, -1},
		{"XLSX", "ministry", "format=xlsx", 200, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, hd := e.do(t, "GET", "/api/v1/enterprises/export?"+tc.query, tc.as, "", nil, 0)
			if code != tc.want {
				t.Fatalf("status %d, want %d: %s", code, tc.want, body)
			}
			if code != 200 {
				return
			}
			if !strings.HasPrefix(hd.Get("Content-Disposition"), "attachment") {
				t.Errorf("Content-Disposition %q", hd.Get("Content-Disposition"))
			}
			if tc.records >= 0 {
				var doc struct {
					Records []map[string]any `json:"records"`
				}
				if err := json.Unmarshal(body, &doc); err != nil {
					t.Fatalf("%v: %s", err, body)
				}
				if len(doc.Records) != tc.records {
					t.Errorf("%d records, want %d", len(doc.Records), tc.records)
				}
				for _, r := range doc.Records {
					for _, k := range []string{"tax_code", "name", "province_code", "vsic", "employees", "revenue_vnd", "capital_vnd",
						"founded", "address", "email", "phone", "size_class"} {
						if _, ok := r[k]; !ok {
							t.Errorf("record without %s: %v", k, r)
						}
					}
				}
			}
		})
	}
}
