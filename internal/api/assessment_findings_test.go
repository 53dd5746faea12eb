package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nscl/internal/api"
	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// newFindingEnv is newEnv with the assessment service, a firm of Hồ Chí
// Minh City with its user, another firm's user, and the firm's
// self-assessment in progress on a small scheme.
func newFindingEnv(t *testing.T, db *sqldb.DB) (*env, *assessment.Assessment) {
	t.Helper()
	ctx := context.Background()
	g := geo.MustLoad()
	reg := registry.NewService(db.Registry())
	as := auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: reg, Argon2: cheap,
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
	svc := assessment.NewService(assessment.Options{Store: db.Assessment(), Registry: reg, Geo: g})
	a := api.New(api.Deps{Auth: as, AuditLog: auth.NewAuditReader(db.Audit()), Jobs: mustStartJobs(t, db), Geo: g,
		Registry: reg, Assessment: svc, Version: "test", Log: slog.New(slog.DiscardHandler)})
	e := &env{t: t, db: db, auth: as, api: a, actors: map[string]*auth.Actor{}}
	mux := http.NewServeMux()
	a.Register(mux)
	e.srv = httptest.NewServer(httpx.Logging(slog.New(slog.DiscardHandler), nil, a.RenderError, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if actor := e.actors[r.Header.Get("X-Test-Actor")]; actor != nil {
			ctx = auth.WithActor(ctx, actor)
		}
		mux.ServeHTTP(w, r.WithContext(ctx))
	})))
	t.Cleanup(e.srv.Close)

	ent := e.mustCreateEnterprise("Công ty TNHH Cơ khí Thử", "79")
	other := &registry.Enterprise{TaxCode: "0100109107", Name: "Công ty Khác", ProvinceCode: "01"}
	if err := db.Registry().CreateEnterprises(ctx, []*registry.Enterprise{other}); err != nil {
		t.Fatal(err)
	}
	e.mustCreateUser(auth.UserInput{Email: "dn@example.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(ent.ID)})
	e.mustCreateUser(auth.UserInput{Email: "khac@example.vn", Role: auth.RoleEnterprise, EnterpriseID: int64(other.ID)})
	st := db.Assessment()
	sc := &assessment.Scheme{Code: "5s-api-test", Name: fault.Text{Vi: "5S (thử)", En: "5S (test)"}, Kind: assessment.Kind5S}
	v := &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{Scale: assessment.Scale{Max: 4},
		Sections: []assessment.Section{{Key: "s1", Items: []assessment.Item{{Key: "s1.1"}}}}}}
	if err := st.CreateScheme(ctx, sc, v); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	x := &assessment.Assessment{EnterpriseID: ent.ID, ProvinceCode: "79", SchemeID: sc.ID, VersionID: v.ID, Mode: assessment.ModeSelf,
		Status: assessment.StatusInProgress, Site: "Xưởng 1", StartedAt: &now}
	if err := st.CreateAssessment(ctx, x, ""); err != nil {
		t.Fatal(err)
	}
	return e, x
}

// TestAPI_Photos: a photo sent as the raw body is stored as a JPEG and
// read back with its type; a text file is a 422 in both languages, a body
// over 10 MB a 413; another enterprise neither lists, reads nor removes
// it (404); the uploader removes it (204).
func TestAPI_Photos(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, x := newFindingEnv(t, db)
		m := image.NewRGBA(image.Rect(0, 0, 640, 480))
		for i := range m.Pix {
			m.Pix[i] = uint8(i)
		}
		m.Set(0, 0, color.White)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, m, nil); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/assessments/%d", x.ID)
		up := req{method: "POST", path: base + "/items/s1.1/photos", as: "dn@example.vn", body: buf.String(),
			header: map[string]string{"Content-Type": "image/jpeg"}}
		r := e.do(up)
		if r.status != 201 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		ph := r.json(t)
		if ph["width"].(float64) != 640 || ph["content_type"] != "image/jpeg" || ph["item"] != "s1.1" {
			t.Fatalf("photo = %v", ph)
		}
		pid := int64(ph["id"].(float64))

		text := up
		text.body, text.header = "Biên bản 5S, không phải ảnh", map[string]string{"Content-Type": "image/jpeg"}
		p := problem(t, e.do(text), 422)
		if msg := p["message"].(map[string]any); !strings.Contains(msg["vi"].(string), "không phải là ảnh") || !strings.Contains(msg["en"].(string), "not an image") {
			t.Errorf("text file: %v", msg)
		}
		big := up
		big.body = strings.Repeat("x", assessment.MaxPhotoBytes+100<<10)
		if r := e.do(big); r.status != 413 {
			t.Errorf("11 MB body: %d %.200s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: fmt.Sprintf("%s/photos/%d", base, pid), as: "dn@example.vn"})
		if r.status != 200 || r.header.Get("Content-Type") != "image/jpeg" || r.header.Get("Cache-Control") != "private, max-age=86400" {
			t.Fatalf("read: %d %v", r.status, r.header)
		}
		if _, err := jpeg.Decode(bytes.NewReader(r.body)); err != nil {
			t.Errorf("the photo read is not a JPEG: %v", err)
		}
		r = e.do(req{method: "GET", path: fmt.Sprintf("%s/photos/%d?thumb=true", base, pid), as: "dn@example.vn"})
		if r.status != 200 || len(r.body) == 0 || len(r.body) >= buf.Len() {
			t.Errorf("thumbnail: %d, %d bytes", r.status, len(r.body))
		}
		r = e.do(req{method: "GET", path: base + "/photos", as: "dn@example.vn"})
		if r.status != 200 || len(r.json(t)["items"].([]any)) != 1 {
			t.Errorf("list: %d %s", r.status, r.body)
		}
		problem(t, e.do(req{method: "GET", path: base + "/photos", as: "khac@example.vn"}), 404)
		problem(t, e.do(req{method: "GET", path: fmt.Sprintf("%s/photos/%d", base, pid), as: "khac@example.vn"}), 404)
		problem(t, e.do(req{method: "DELETE", path: fmt.Sprintf("%s/photos/%d", base, pid), as: "khac@example.vn"}), 404)
		problem(t, e.do(req{method: "GET", path: fmt.Sprintf("%s/photos/%d", base, pid)}), 401)
		if r := e.do(req{method: "DELETE", path: fmt.Sprintf("%s/photos/%d", base, pid), as: "dn@example.vn"}); r.status != 204 {
			t.Errorf("delete: %d %s", r.status, r.body)
		}
	})
}

// TestAPI_Findings: a finding recorded, edited at its version (a stale
// one is a 409), reported done, listed; a due date that is not a date is a
// 422 naming the field; another enterprise does not see it (404).
func TestAPI_Findings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, x := newFindingEnv(t, db)
		base := fmt.Sprintf("/api/v1/assessments/%d/findings", x.ID)
		due := time.Now().AddDate(0, 1, 0).Format("02/01/2006")
		p := problem(t, e.do(req{method: "POST", path: base, as: "dn@example.vn", body: `{"description":"Lối đi bị lấn chiếm","due_date":"31/02/2026"}`}), 422)
		if msg := fieldError(t, p, "body.due_date"); !strings.Contains(msg, "dd/mm/yyyy") {
			t.Errorf("due date message = %q", msg)
		}
		r := e.do(req{method: "POST", path: base, as: "dn@example.vn",
			body: `{"item":"s1.1","description":"Lối đi bị lấn chiếm","corrective_action":"Kẻ vạch lối đi","owner":"Trần Văn An","due_date":"` + due + `"}`})
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		f := r.json(t)
		if f["status"] != "open" || f["overdue"] != false || f["version"].(float64) != 1 {
			t.Fatalf("finding = %v", f)
		}
		path := fmt.Sprintf("/api/v1/findings/%d", int64(f["id"].(float64)))
		put := `{"version":1,"description":"Lối đi bị lấn chiếm bởi pallet","owner":"Trần Văn An","due_date":"` + due + `"}`
		if r := e.do(req{method: "PUT", path: path, as: "dn@example.vn", body: put}); r.status != 200 {
			t.Fatalf("update: %d %s", r.status, r.body)
		}
		problem(t, e.do(req{method: "PUT", path: path, as: "dn@example.vn", body: put}), 409)
		problem(t, e.do(req{method: "POST", path: path + "/transition", as: "dn@example.vn", body: `{"version":2,"action":"done"}`}), 422)
		r = e.do(req{method: "POST", path: path + "/transition", as: "dn@example.vn", body: `{"version":2,"action":"done","note":"Đã kẻ vạch"}`})
		if r.status != 200 || r.json(t)["status"] != "done" {
			t.Fatalf("done: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/findings?status=done", as: "dn@example.vn"})
		if r.status != 200 || r.json(t)["total"].(float64) != 1 {
			t.Errorf("list: %d %s", r.status, r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/findings", as: "khac@example.vn"})
		if r.status != 200 || r.json(t)["total"].(float64) != 0 {
			t.Errorf("another enterprise's list: %d %s", r.status, r.body)
		}
		problem(t, e.do(req{method: "GET", path: path, as: "khac@example.vn"}), 404)
		problem(t, e.do(req{method: "GET", path: base, as: "khac@example.vn"}), 404)
	})
}

// countingBody yields n bytes of "x" and counts what was read.
type countingBody struct{ left, read int64 }

func (c *countingBody) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), c.left)
	for i := range p[:k] {
		p[i] = 'x'
	}
	c.left -= k
	c.read += k
	return int(k), nil
}

func (c *countingBody) Close() error { return nil }

// TestAPI_PhotoDeclaredTooLarge: a photo whose declared size (Content-
// Length) is over the limit is refused with a 413 before its body is read
// (not 16 MB of a declared 50 MB).
func TestAPI_PhotoDeclaredTooLarge(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, x := newFindingEnv(t, db)
		mux := http.NewServeMux()
		e.api.Register(mux)
		body := &countingBody{left: 50 << 20}
		r := httptest.NewRequest("POST", fmt.Sprintf("/api/v1/assessments/%d/items/s1.1/photos", x.ID), nil)
		r.Body, r.ContentLength = body, 50<<20
		r.Header.Set("Content-Type", "image/jpeg")
		r = r.WithContext(auth.WithActor(r.Context(), e.actors["dn@example.vn"]))
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("50 MB declared: %d %.300s", w.Code, w.Body.String())
		}
		if body.read >= 1<<20 {
			t.Errorf("%d bytes read of a photo refused by its declared size", body.read)
		}
	})
}

// TestAPI_ControlCharactersInText: a NUL in an answer's note or a
// finding's text is a 422 naming the field, in both languages (not a 500
// from PostgreSQL).
func TestAPI_ControlCharactersInText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, x := newFindingEnv(t, db)
		base := fmt.Sprintf("/api/v1/assessments/%d", x.ID)
		for _, c := range []struct{ path, body, field string }{
			{base + "/answers", `{"answers":[{"item":"s1.1","value":2,"note":"ghi\u0000chú"}]}`, "answers.0.note"},
			{base + "/findings", `{"description":"Dầu\u0000rò rỉ","corrective_action":"Thay gioăng"}`, "description"},
			{base + "/findings", `{"description":"Dầu rò rỉ","owner":"Tổ\u001bbảo trì"}`, "owner"},
		} {
			p := problem(t, e.do(req{method: "POST", path: c.path, as: "dn@example.vn", body: c.body}), 422)
			if !strings.Contains(fmt.Sprint(p), c.field) || !strings.Contains(fmt.Sprint(p), "ký tự điều khiển") {
				t.Errorf("%s: %v", c.body, p)
			}
		}
	})
}
