package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/registry"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/web"
)

// MustNewFileEnv is MustNewEnv with enterprise import and export and a
// running job queue, and the import upload path exempt from the small
// body limit as cmd wires it.
func MustNewFileEnv(t *testing.T) *env {
	t.Helper()
	db := sqldbtest.MustOpenSQLite(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var root http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { root.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	g := geo.MustLoad()
	mailSvc := mail.NewService(db.Mail(), mail.SMTPConfig{}, nil, log)
	reg := registry.NewService(db.Registry())
	authSvc := auth.NewService(auth.Options{Store: db.Auth(), Mailer: mailSvc, Enterprises: reg,
		ProvinceExists: func(code string) bool { _, ok := g.Province(code); return ok }, Argon2: cheapArgon2, BaseURL: srv.URL, Logger: log})
	files := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: g, TempDir: t.TempDir()})
	queue := jobs.NewSQLiteQueue(db.WriteDB())
	if err := jobs.Migrate(context.Background(), queue); err != nil {
		t.Fatal(err)
	}
	jobsSvc, err := jobs.NewService(jobs.Options{Store: db.Jobs(), Queue: queue, Audit: db.Audit(), Logger: log,
		EnterpriseFiles: files, FetchPollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := jobsSvc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		jobsSvc.Stop(ctx)
	})
	sm := httpx.NewSessions(db.Sessions(), false)
	authn := &httpx.Authenticator{Sessions: sm, Auth: authSvc}
	h, err := web.New(web.Deps{Auth: authSvc, Authn: authn, AuditLog: auth.NewAuditReader(db.Audit()), Mail: mailSvc, Registry: reg,
		Jobs: jobsSvc, Geo: g, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	authn.OnError = h.Error
	mux := http.NewServeMux()
	h.Register(mux)
	app := sm.LoadAndSave(authn.Middleware(mux))
	small, large := httpx.LimitBody(64<<10, app), httpx.LimitBody(files.MaxBytes()+1<<20, app)
	root = httpx.Logging(log, nil, h.Error, httpx.SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/enterprises/import" {
			large.ServeHTTP(w, r)
			return
		}
		small.ServeHTTP(w, r)
	})))
	return &env{t: t, db: db, auth: authSvc, registry: reg, jobs: jobsSvc, web: h, srv: srv, sys: auth.SystemContext(context.Background())}
}

// upload posts a file to the import form.
func (c *client) upload(name string, data []byte, fields map[string]string) *response {
	c.e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+"/enterprises/import", &b)
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return &response{Status: res.StatusCode, Body: string(body), Header: res.Header, Location: res.Header.Get("Location")}
}

// messyCSV is a province's list: titles, a numbering row, a group heading,
// an extra "Ghi chú" column, a total and a signature; semicolons.
const messyCSV = "SỞ CÔNG THƯƠNG HÀ NỘI;;;;;\n" +
	"DANH SÁCH DOANH NGHIỆP ĐĂNG KÝ CHƯƠNG TRÌNH NĂM 2025;;;;;\n" +
	";;;;;\n" +
	"STT;Tên đơn vị;MST;Địa bàn;Lao động (người);Ghi chú\n" +
	"(1);(2);(3);(4);(5);(6)\n" +
	"I. KHU VỰC NỘI THÀNH;;;;;\n" +
	"1;Công ty Cổ phần Hoà Phát;0100233488;Hà Nội;1.250;\n" +
	"2;Công ty TNHH Ba Đình;0100112437;Hà Nội;35;mới\n" +
	"3;Công ty Đà Nẵng;0100109106;Đà Nẵng;12;\n" +
	"Tổng cộng;;;;1.297;\n" +
	";Người lập biểu;;;;\n"

var jobLink = regexp.MustCompile(`^/jobs/(\d+)$`)

func TestEnterpriseImport_Scenario(t *testing.T) {
	t.Parallel()
	e := MustNewFileEnv(t)
	_, secret := e.MustCreateUser(auth.UserInput{Email: "so@hanoi.gov.vn", Role: auth.RoleProvince, ProvinceCode: "01"}, false)
	c := e.NewClient()
	c.MustLogin("so@hanoi.gov.vn", secret)

	res := c.Get("/enterprises/import")
	if res.Status != 200 || !strings.Contains(res.Body, `enctype="multipart/form-data"`) || strings.Contains(res.Body, "<script>") {
		t.Fatalf("form: %d\n%s", res.Status, res.Body)
	}
	// Not a spreadsheet.
	res = c.upload("anh.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "CSV") {
		t.Errorf("png: %d", res.Status)
	}
	// The messy file: preview with the detected mapping.
	res = c.upload("ha-noi.csv", []byte(messyCSV), map[string]string{"year": "2024"})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/enterprises/import/") {
		t.Fatalf("upload: %d %q\n%s", res.Status, res.Location, res.Body)
	}
	preview := c.Follow(res)
	if preview.Status != 200 {
		t.Fatalf("preview: %d", preview.Status)
	}
	for _, want := range []string{`<option value="tax_code" selected>`, `<option value="name" selected>`, `<option value="province" selected>`,
		`<option value="employees" selected>`, "Hoà Phát", `value="2024"`, `name="header_row"`} {
		if !strings.Contains(preview.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	u, _ := url.Parse(res.Location)
	id := strings.TrimPrefix(u.Path, "/enterprises/import/")
	// The officer ignores the employees column (E = index 4) and looks again.
	form := url.Values{"header_row": {"4"}, "header_rows": {"1"}, "year": {"2024"}, "action": {"preview"},
		"col_0": {""}, "col_1": {"name"}, "col_2": {"tax_code"}, "col_3": {"province"}, "col_4": {""}, "col_5": {""}}
	res = c.Post("/enterprises/import/"+id, form)
	if res.Status != 200 || strings.Contains(res.Body, `<option value="employees" selected>`) {
		t.Fatalf("corrected preview: %d", res.Status)
	}
	// Without the tax code column the import is refused.
	bad := url.Values{"header_row": {"4"}, "action": {"import"}, "col_1": {"name"}, "col_3": {"province"}}
	if res = c.Post("/enterprises/import/"+id, bad); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("missing tax code: %d", res.Status)
	}
	form.Set("action", "import")
	form.Set("col_4", "employees")
	res = c.Post("/enterprises/import/"+id, form)
	m := jobLink.FindStringSubmatch(res.Location)
	if res.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("confirm: %d %q\n%s", res.Status, res.Location, res.Body)
	}
	var job *jobs.Job
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		page := c.Get("/jobs/" + m[1] + "/progress")
		if page.Status != 200 {
			t.Fatalf("progress: %d", page.Status)
		}
		var jid int64
		fmt.Sscan(m[1], &jid)
		job, _ = e.jobs.FindJobByID(e.sys, jobs.JobID(jid))
		if job != nil && job.Status.IsFinished() {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if job == nil || job.Status != jobs.StatusDone {
		t.Fatalf("job %+v", job)
	}
	page := c.Get("/jobs/" + m[1])
	if !strings.Contains(page.Body, "Đã thêm mới 2, cập nhật 0, từ chối 1 dòng.") || !strings.Contains(page.Body, "/jobs/"+m[1]+"/result") {
		t.Errorf("job page lacks the counts or the report link:\n%s", page.Body)
	}
	rep := c.Get("/jobs/" + m[1] + "/result")
	if rep.Status != 200 || rep.Header.Get("Content-Type") != jobs.MimeXLSX {
		t.Errorf("report: %d %q", rep.Status, rep.Header.Get("Content-Type"))
	}
	ent, err := e.db.Registry().FindEnterpriseByTaxCode(context.Background(), "0100233488")
	if err != nil || ent.Employees != 1250 || ent.LatestYear != 2024 || ent.Name != "Công ty Cổ phần Hòa Phát" {
		t.Errorf("imported %+v, %v", ent, err)
	}
	// Another officer does not see the upload; an enterprise user may not import.
	_, secret2 := e.MustCreateUser(auth.UserInput{Email: "so@hue.gov.vn", Role: auth.RoleProvince, ProvinceCode: "46"}, false)
	c2 := e.NewClient()
	c2.MustLogin("so@hue.gov.vn", secret2)
	if res := c2.Get("/enterprises/import/" + id); res.Status != http.StatusNotFound {
		t.Errorf("other officer: %d", res.Status)
	}
	e.MustCreateUser(auth.UserInput{Email: "dn@congty.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)}, false)
	c3 := e.NewClient()
	c3.MustLogin("dn@congty.vn", "")
	if res := c3.Get("/enterprises/import"); res.Status != http.StatusForbidden {
		t.Errorf("enterprise user: %d", res.Status)
	}
	// Export: the officer's province only; the enterprise user's own firm.
	exp := c2.Get("/enterprises/export?format=csv")
	if exp.Status != 200 || strings.Contains(exp.Body, "0100233488") || !strings.HasPrefix(exp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("Huế export: %d\n%s", exp.Status, exp.Body)
	}
	exp = c.Get("/enterprises/export?format=json&q=hoa+phat")
	if exp.Status != 200 || !strings.Contains(exp.Body, `"tax_code":"0100233488"`) || strings.Contains(exp.Body, "0100112437") {
		t.Errorf("Hà Nội export: %d\n%s", exp.Status, exp.Body)
	}
	exp = c3.Get("/enterprises/export?format=xlsx")
	if exp.Status != 200 || exp.Header.Get("Content-Type") != jobs.MimeXLSX {
		t.Errorf("enterprise export: %d", exp.Status)
	}
	if res := c.Get("/enterprises/export?format=pdf"); res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
		t.Errorf("format pdf: %d", res.Status)
	}
}

// zeroReader is an endless body.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestEnterpriseImport_TooLarge(t *testing.T) {
	t.Parallel()
	e := MustNewFileEnv(t)
	_, secret := e.MustCreateUser(auth.UserInput{Email: "bo@moit.gov.vn", Role: auth.RoleMinistry}, false)
	c := e.NewClient()
	c.MustLogin("bo@moit.gov.vn", secret)
	// 200 MB declared: refused before the body is read.
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/enterprises/import", io.LimitReader(zeroReader{}, 200<<20))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = 200 << 20
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	start := time.Now()
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", res.StatusCode)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
}
