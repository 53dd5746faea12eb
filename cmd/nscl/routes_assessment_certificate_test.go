package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/demo"
)

// certificateRoutes are the routes of recognition, certificates, the public
// verification and register. {cert} is a Hà Nội firm's certificate (its
// officers and the ministry see it; everyone else gets 404), {cert_code}
// its verification code and {cert_number} its number (public); {asm_rec} a
// Hà Nội firm's submitted independent assessment awaiting recognition,
// assessed by someone other than the demo assessor. Bodies lack the
// required fields (a reason, a decision), so the walk changes nothing: the
// officers get the form back (422), the others are refused before the form
// is read (403) — the system administrator too: the state recognises, not
// the platform's operator. The verification codes are genuine, so the walk
// never meets the guessing limit. Roles: anon, admin, ministry, province,
// enterprise, expert, assessor, judge.
var certificateRoutes = map[string]routeCase{
	"GET /certificates":                          {path: "/certificates", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"GET /certificates.xlsx":                     {path: "/certificates.xlsx?state=valid", want: st{303, 200, 200, 200, 200, 403, 403, 403}},
	"GET /certificates/{id}":                     {path: "/certificates/{cert}", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"GET /certificates/{id}/qr.png":              {path: "/certificates/{cert}/qr.png", want: st{303, 200, 200, 200, 404, 404, 404, 404}},
	"POST /certificates/{id}/revoke":             {path: "/certificates/{cert}/revoke", body: "version=0&reason=", want: st{303, 403, 422, 422, 403, 403, 403, 403}},
	"GET /assessments/{id}/recognition":          {path: "/assessments/{asm_rec}/recognition", want: st{303, 403, 200, 200, 404, 404, 404, 404}},
	"POST /assessments/{id}/recognition":         {path: "/assessments/{asm_rec}/recognition", body: "version=0&decision_no=", want: st{303, 403, 422, 422, 403, 403, 403, 403}},
	"POST /assessments/{id}/recognition/decline": {path: "/assessments/{asm_rec}/recognition/decline", body: "version=0&reason=", want: st{303, 403, 422, 422, 403, 403, 403, 403}},
	"GET /verify":                                {path: "/verify?q={cert_number}", want: same(200)},
	"GET /verify/{code}":                         {path: "/verify/{cert_code}", want: same(200)},
	"GET /certified":                             {path: "/certified?q=cong+ty", want: same(200)},

	"GET /api/v1/certificates":              {path: "/api/v1/certificates?state=valid", want: st{401, 200, 200, 200, 200, 403, 403, 403}},
	"GET /api/v1/certificates/{id}":         {path: "/api/v1/certificates/{cert}", want: st{401, 200, 200, 200, 404, 404, 404, 404}},
	"POST /api/v1/certificates/{id}/revoke": {path: "/api/v1/certificates/{cert}/revoke", body: `{"version":99,"reason":""}`, want: st{401, 403, 422, 422, 403, 403, 403, 403}},
	"GET /api/v1/recognitions/pending":      {path: "/api/v1/recognitions/pending", want: st{401, 403, 200, 200, 403, 403, 403, 403}},
	"POST /api/v1/assessments/{id}/recognition": {path: "/api/v1/assessments/{asm_rec}/recognition",
		body: `{"version":99,"decision_no":"","decision_date":"","signer_name":"","signer_title":""}`, want: st{401, 403, 422, 422, 403, 403, 403, 403}},
	"POST /api/v1/assessments/{id}/recognition/decline": {path: "/api/v1/assessments/{asm_rec}/recognition/decline",
		body: `{"version":99,"reason":""}`, want: st{401, 403, 422, 422, 403, 403, 403, 403}},
	"GET /api/v1/verify/{code}": {path: "/api/v1/verify/{cert_code}", want: same(200)},
	"GET /api/v1/verify":        {path: "/api/v1/verify?number={cert_number}", want: same(200)},
	"GET /api/v1/certified":     {path: "/api/v1/certified?scheme=5s", want: same(200)},
}

// certificateFill finds the demo's Hà Nội certificate and Hà Nội
// assessment awaiting recognition that certificateRoutes name.
func certificateFill(t *testing.T, srv *server, logins map[string]demo.Login) []string {
	t.Helper()
	ctx := context.Background()
	st := srv.app.db.Assessment()
	cs, _, err := st.FindCertificates(ctx, assessment.CertificateFilter{Provinces: []string{"01"}, Limit: 1})
	if err != nil || len(cs) == 0 {
		t.Fatalf("the demo has no Hà Nội certificate: %v", err)
	}
	own, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["enterprise"].Email)
	if err != nil {
		t.Fatal(err)
	}
	if int64(cs[0].EnterpriseID) == own.EnterpriseID {
		t.Fatal("the Hà Nội certificate is the walking enterprise's")
	}
	as, err := srv.app.db.Auth().FindUserByEmail(ctx, logins["assessor"].Email)
	if err != nil {
		t.Fatal(err)
	}
	queue, _, err := st.FindAwaitingRecognition(ctx, []string{"01"}, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	var rec *assessment.Assessment
	for _, x := range queue {
		if x.AssessorID != as.ID && int64(x.EnterpriseID) != own.EnterpriseID {
			rec = x
			break
		}
	}
	if rec == nil {
		t.Fatal("the demo leaves no Hà Nội assessment awaiting recognition (besides the demo assessor's)")
	}
	return []string{"{cert_code}", cs[0].Code, "{cert_number}", url.QueryEscape(cs[0].Number), "{cert}", fmt.Sprint(int64(cs[0].ID)),
		"{asm_rec}", fmt.Sprint(int64(rec.ID))}
}

// TestVerify_GuessingOverHTTP pins the verification's answers to guessing
// through the real server: made-up codes, altered ones and unknown numbers
// all get 404 with the same message on the page and in the API; after
// assessment.VerifyLimit failures an address gets 429 (page and API share
// the count) with a message in Vietnamese and English, while another
// address is still answered.
func TestVerify_GuessingOverHTTP(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "nscl.db")
	cfg.Addr = "127.0.0.1:0"
	cfg.TrustProxy = true
	srv, err := startServer(ctx, cfg, slog.New(slog.DiscardHandler), serveOptions{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	get := func(path, ip string) (int, string) {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Forwarded-For", ip)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	answer := regexp.MustCompile(`<p class="cert-not-found">([^<]*)</p>`)
	guesses := []string{
		"/verify/djF8eHh4eHh4eHh8Q3w1Uy0yMDI2LTAwMDAwMXwwMzEyMzQ1Njc4fDVzfHRvdHwyMDI2LTAzLTEwfA." + strings.Repeat("A", 86),
		"/verify/abc", "/verify/" + strings.Repeat("x", 2000), "/verify?q=5S-2026-000001", "/verify?q=" + url.QueryEscape("<b>"),
	}
	var first string
	for i := range assessment.VerifyLimit - 2 {
		code, body := get(guesses[i%len(guesses)], "198.51.100.7")
		m := answer.FindStringSubmatch(body)
		if code != 404 || m == nil {
			t.Fatalf("guess %d: status %d, answer %v", i, code, m)
		}
		if first == "" {
			first = m[1]
		} else if m[1] != first {
			t.Errorf("guess %d: answer %q differs from %q", i, m[1], first)
		}
	}
	for range 2 {
		code, body := get("/api/v1/verify/abc.def", "198.51.100.7")
		if code != 404 || !strings.Contains(body, "Không tìm thấy giấy chứng nhận hoặc chứng chỉ hợp lệ") {
			t.Errorf("API guess: %d %s", code, body)
		}
	}
	code, body := get("/verify/abc", "198.51.100.7")
	if code != 429 || !strings.Contains(body, "Vui lòng thử lại sau 10 phút") {
		t.Errorf("after %d guesses: status %d", assessment.VerifyLimit, code)
	}
	if code, body := get("/api/v1/verify?number=5S-2026-000001", "198.51.100.7"); code != 429 || !strings.Contains(body, "Too many unsuccessful look-ups") {
		t.Errorf("API after the limit: %d %s", code, body)
	}
	if code, _ := get("/verify/abc", "198.51.100.8"); code != 404 {
		t.Errorf("another address: status %d", code)
	}
}
