package web

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/httpx"
	"nscl/internal/jobs"
	"nscl/internal/mail"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// photoWorld is a Handler with the assessment service over SQLite, a firm
// with its user, another firm's user, and the firm's self-assessment in
// progress on a one-item scheme.
type photoWorld struct {
	h            *Handler
	db           *sqldb.DB
	x            *assessment.Assessment
	owner, other *auth.Actor
}

func newPhotoWorld(t *testing.T) *photoWorld {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.MustOpenSQLite(t)
	log := slog.New(slog.DiscardHandler)
	g := geo.MustLoad()
	mailSvc := mail.NewService(db.Mail(), mail.SMTPConfig{}, nil, log)
	reg := registry.NewService(db.Registry())
	authSvc := auth.NewService(auth.Options{Store: db.Auth(), Mailer: mailSvc, Enterprises: reg, Argon2: auth.Argon2Params{Memory: 64, Time: 1, Threads: 1},
		ProvinceExists: func(code string) bool { _, ok := g.Province(code); return ok }})
	queue := jobs.NewSQLiteQueue(db.WriteDB())
	if err := jobs.Migrate(ctx, queue); err != nil {
		t.Fatal(err)
	}
	jobsSvc, err := jobs.NewService(jobs.Options{Store: db.Jobs(), Queue: queue, Audit: db.Audit(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	svc := assessment.NewService(assessment.Options{Store: db.Assessment(), Registry: reg, Geo: g})
	h, err := New(Deps{Auth: authSvc, Authn: &httpx.Authenticator{Sessions: httpx.NewSessions(db.Sessions(), false), Auth: authSvc},
		AuditLog: auth.NewAuditReader(db.Audit()), Mail: mailSvc, Registry: reg, Jobs: jobsSvc, Geo: g, Assessment: svc, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	es := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Cơ khí Thử", ProvinceCode: "79"},
		{TaxCode: "0109876543", Name: "Công ty Khác", ProvinceCode: "01"}}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	user := func(email string, ent registry.EnterpriseID) *auth.Actor {
		u, err := authSvc.CreateUser(auth.SystemContext(ctx), auth.UserInput{Email: email, Name: "Người dùng thử", Role: auth.RoleEnterprise,
			EnterpriseID: int64(ent), Password: "Mat-khau-2026"})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	w := &photoWorld{h: h, db: db, owner: user("dn@example.vn", es[0].ID), other: user("khac@example.vn", es[1].ID)}
	st := db.Assessment()
	sc := &assessment.Scheme{Code: "5s-web-test", Name: fault.Text{Vi: "5S (thử)", En: "5S (test)"}, Kind: assessment.Kind5S}
	v := &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{Scale: assessment.Scale{Max: 4},
		Sections: []assessment.Section{{Key: "s1", Items: []assessment.Item{{Key: "s1.1", Text: fault.Text{Vi: "Không có vật dụng thừa"}}}}}}}
	if err := st.CreateScheme(ctx, sc, v); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	w.x = &assessment.Assessment{EnterpriseID: es[0].ID, ProvinceCode: "79", SchemeID: sc.ID, VersionID: v.ID, Mode: assessment.ModeSelf,
		Status: assessment.StatusInProgress, Site: "Xưởng 1", StartedAt: &now}
	if err := st.CreateAssessment(ctx, w.x, ""); err != nil {
		t.Fatal(err)
	}
	return w
}

// countingReader yields zeros up to n bytes and counts what was read.
type countingReader struct{ left, read int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	n = min(n, c.left)
	clear(p[:n])
	c.left -= n
	c.read += n
	return int(n), nil
}

// upload runs the upload handler as a, with body and its declared length.
func (w *photoWorld) upload(t *testing.T, a *auth.Actor, body io.Reader, size int64, contentType string) (*httptest.ResponseRecorder, error) {
	t.Helper()
	r := httptest.NewRequest("POST", "/assessments/1/items/s1.1/photos", body)
	r.ContentLength = size
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("HX-Request", "true")
	r.SetPathValue("id", strconv.FormatInt(int64(w.x.ID), 10))
	r.SetPathValue("key", "s1.1")
	r = r.WithContext(auth.WithActor(r.Context(), a))
	rec := httptest.NewRecorder()
	return rec, w.h.handlePhotoUpload(rec, r)
}

func multipartFile(t *testing.T, name string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("photo", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return &b, mw.FormDataContentType()
}

// TestPhotoUpload: the audit form's photo slot takes a JPEG (the
// refreshed fragment shows its thumbnail) and refuses, answering the
// fragment with the reason, a text file named .jpg (422) and a 50 MB
// upload (413, before a byte of it is read); another enterprise gets 404.
func TestPhotoUpload(t *testing.T) {
	w := newPhotoWorld(t)
	var pic bytes.Buffer
	if err := jpeg.Encode(&pic, image.NewGray(image.Rect(0, 0, 400, 300)), nil); err != nil {
		t.Fatal(err)
	}
	body, ct := multipartFile(t, "IMG_0001.jpg", pic.Bytes())
	rec, err := w.upload(t, w.owner, body, int64(body.Len()), ct)
	if err != nil || rec.Code != 200 || !strings.Contains(rec.Body.String(), `class="finding-thumb"`) ||
		!strings.Contains(rec.Body.String(), "Đã thêm ảnh.") {
		t.Fatalf("upload: %v %d %s", err, rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), `accept="image/*" capture="environment"`) {
		t.Error("the fragment's file field does not take the camera")
	}

	body, ct = multipartFile(t, "bien-ban.jpg", []byte("BIÊN BẢN ĐÁNH GIÁ 5S — văn bản, không phải ảnh"))
	rec, err = w.upload(t, w.owner, body, int64(body.Len()), ct)
	if err != nil || rec.Code != 422 || !strings.Contains(rec.Body.String(), "Tệp không phải là ảnh. Chỉ nhận ảnh JPEG, PNG hoặc WebP.") {
		t.Fatalf("text file: %v %d %s", err, rec.Code, rec.Body)
	}

	big := &countingReader{left: 50 << 20}
	rec, err = w.upload(t, w.owner, big, 50<<20, "multipart/form-data; boundary=x")
	if err != nil || rec.Code != 413 || !strings.Contains(rec.Body.String(), "Ảnh quá lớn") {
		t.Fatalf("50 MB declared: %v %d %s", err, rec.Code, rec.Body)
	}
	if big.read != 0 {
		t.Errorf("read %d bytes of a 50 MB upload declared as such", big.read)
	}
	// Undeclared (chunked): cut at the limit, not read to its end.
	big = &countingReader{left: 50 << 20}
	var chunked bytes.Buffer
	mw := multipart.NewWriter(&chunked)
	fw, _ := mw.CreateFormFile("photo", "huge.jpg")
	fw.Write([]byte{0xFF, 0xD8, 0xFF})
	rec, err = w.upload(t, w.owner, io.MultiReader(&chunked, big), -1, mw.FormDataContentType())
	if err != nil || rec.Code != 413 {
		t.Fatalf("50 MB undeclared: %v %d %.300s", err, rec.Code, rec.Body)
	}
	if big.read > photoUploadMax+1<<20 {
		t.Errorf("read %d bytes of an undeclared 50 MB upload", big.read)
	}

	body, ct = multipartFile(t, "IMG_0002.jpg", pic.Bytes())
	_, err = w.upload(t, w.other, body, int64(body.Len()), ct)
	if !fault.Is(err, fault.NotFound) {
		t.Fatalf("another enterprise's upload: %v", err)
	}
}

// TestPhotoServe: a photo is served with its type, never sniffed, cached
// privately, revalidated by its ETag; not to another enterprise.
func TestPhotoServe(t *testing.T) {
	w := newPhotoWorld(t)
	var pic bytes.Buffer
	if err := jpeg.Encode(&pic, image.NewGray(image.Rect(0, 0, 64, 48)), nil); err != nil {
		t.Fatal(err)
	}
	p, err := w.h.assess.AddPhoto(auth.WithActor(context.Background(), w.owner), w.x.ID, "s1.1", bytes.NewReader(pic.Bytes()), 0)
	if err != nil {
		t.Fatal(err)
	}
	get := func(a *auth.Actor, thumb bool, etag string) (*httptest.ResponseRecorder, error) {
		r := httptest.NewRequest("GET", "/x", nil)
		r.SetPathValue("id", strconv.FormatInt(int64(w.x.ID), 10))
		r.SetPathValue("pid", strconv.FormatInt(int64(p.ID), 10))
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		r = r.WithContext(auth.WithActor(r.Context(), a))
		rec := httptest.NewRecorder()
		return rec, w.h.servePhoto(rec, r, thumb)
	}
	rec, err := get(w.owner, false, "")
	if err != nil || rec.Code != 200 {
		t.Fatalf("get: %v %d", err, rec.Code)
	}
	hd := rec.Header()
	if hd.Get("Content-Type") != "image/jpeg" || hd.Get("X-Content-Type-Options") != "nosniff" ||
		hd.Get("Cache-Control") != "private, max-age=86400" || hd.Get("ETag") == "" {
		t.Errorf("headers %v", hd)
	}
	if _, err := jpeg.Decode(rec.Body); err != nil {
		t.Errorf("not a JPEG: %v", err)
	}
	if rec, _ := get(w.owner, false, hd.Get("ETag")); rec.Code != 304 {
		t.Errorf("revalidation: %d", rec.Code)
	}
	if rec, err := get(w.owner, true, ""); err != nil || rec.Code != 200 || rec.Header().Get("ETag") == hd.Get("ETag") {
		t.Errorf("thumbnail: %v %d", err, rec.Code)
	}
	if _, err := get(w.other, false, ""); !fault.Is(err, fault.NotFound) {
		t.Errorf("another enterprise: %v", err)
	}
}
