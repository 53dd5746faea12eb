package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/seal"
)

func recognitionForm(h *Handler) handlerFunc { return h.handleRecognitionForm }

// TestRecognitionForm_Accreditation: the recognition form shows the
// assessor's accreditation on the scheme (number, validity); when it does
// not allow recognising the result (here: suspended), it says why and
// offers no recognition, only the decline.
func TestRecognitionForm_Accreditation(t *testing.T) {
	w := newAsmPageWorld(t)
	page := w.get(t, w.ministry, "/assessments/x/recognition", w.awaiting.ID, recognitionForm)
	for _, want := range []string{`class="cert-accreditation"`, "DGV-WEB-001", "hiệu lực từ", "cert-accreditation-problem",
		"Không thể công nhận kết quả này:", "đang bị đình chỉ", "cert-decline-submit"} {
		if !strings.Contains(page, want) {
			t.Errorf("the recognition form has no %q", want)
		}
	}
	if strings.Contains(page, "cert-recognise-submit") {
		t.Error("the form offers to recognise a result whose assessor's accreditation is suspended")
	}
}

// TestVerifyPage_Shell: an anonymous visitor's verification page, made of
// its content in the language's layout rendered once, is byte for byte
// the page rendered whole — a genuine document, a revoked one, the
// not-found and the too-many answers, in Vietnamese and English — and a
// URI that would be escaped in the page is rendered whole.
func TestVerifyPage_Shell(t *testing.T) {
	w := newAsmPageWorld(t)
	h := w.h
	issued := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	exp := issued.AddDate(3, 0, 0)
	valid := &assessment.PublicDocument{Kind: seal.KindCertificate, Number: "5S-2026-000001", Holder: "Công ty TNHH Cơ khí <Đông Á>",
		TaxCode: "0312345678", ProvinceCode: "79", Scheme: fault.Text{Vi: "Thực hành tốt 5S", En: "5S good practice"}, SchemeCode: "5s",
		Level: fault.Text{Vi: "Tốt", En: "Good"}, LevelCode: "tot", ScorePct: 81.25, IssuedOn: issued, ExpiresOn: &exp,
		Issuer: "Bộ Công Thương", Status: assessment.CertValid}
	revoked := *valid
	revoked.Status, revoked.RevokedAt, revoked.RevokedReason = assessment.CertRevoked, &issued, "Vi phạm \"quy định\" & <b>duy trì</b>"
	cases := []struct {
		name string
		d    *assessment.PublicDocument
		err  error
		uri  string
		q    string
	}{
		{"valid", valid, nil, "/verify/djF8abc-_.xyz", ""},
		{"revoked", &revoked, nil, "/verify/djF8abc-_.xyz", ""},
		{"by number", valid, nil, "/verify?q=5S-2026-000001", "5S-2026-000001"},
		{"a number not found", nil, fault.New(fault.NotFound, "Không tìm thấy.", "Not found."), "/verify?q=5S-1999-0", "5S-1999-0\"<"},
		{"not found", nil, fault.New(fault.NotFound, "Không tìm thấy.", "Not found."), "/verify/abc", ""},
		{"too many", nil, fault.New(fault.TooMany, "Quá nhiều.", "Too many."), "/verify/abc", ""},
		{"an escaped URI", valid, nil, "/verify?q=a%20b&x=<y>", ""},
	}
	for _, lang := range []string{"vi", "en"} {
		pages := &certPageCache{}
		for _, tc := range cases {
			render := func(pages *certPageCache) (int, string) {
				rec := httptest.NewRecorder()
				r := httptest.NewRequest("GET", tc.uri, nil)
				h.authn.Sessions.LoadAndSave(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					h.authn.SetLang(r.Context(), lang)
					if err := h.renderVerify(rw, r, pages, tc.q, tc.d, tc.err); err != nil {
						t.Fatalf("%s: %v", tc.name, err)
					}
				})).ServeHTTP(rec, r)
				return rec.Code, rec.Body.String()
			}
			code, whole := render(nil)
			for i := range 3 { // kept on the second, the third from the page cache (a document)
				code2, shelled := render(pages)
				if code2 != code || shelled != whole {
					t.Errorf("%s, %s, %d: the shell's page (%d, %d bytes) differs from the whole page (%d, %d bytes)",
						lang, tc.name, i, code2, len(shelled), code, len(whole))
				}
			}
			if !strings.Contains(whole, `<html lang="`+lang+`">`) {
				t.Errorf("%s, %s: not in %s", lang, tc.name, lang)
			}
		}
		if pages.shells[lang] == nil || len(pages.m) != 3 {
			t.Errorf("%s: the shell %v, %d pages kept (want the 3 documents')", lang, pages.shells[lang] != nil, len(pages.m))
		}
	}
}

// BenchmarkVerifyPage measures an anonymous visitor's verification page
// of a document seen for the first time (its content in the shell), and
// the same page kept.
func BenchmarkVerifyPage(b *testing.B) {
	t := &testing.T{}
	w := newAsmPageWorld(t)
	h := w.h
	issued := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	exp := issued.AddDate(3, 0, 0)
	d := &assessment.PublicDocument{Kind: seal.KindCertificate, Number: "5S-2026-000001", Holder: "Công ty TNHH Cơ khí Đông Á",
		TaxCode: "0312345678", ProvinceCode: "79", Scheme: fault.Text{Vi: "Thực hành tốt 5S", En: "5S good practice"}, SchemeCode: "5s",
		Level: fault.Text{Vi: "Tốt", En: "Good"}, LevelCode: "tot", ScorePct: 81.25, IssuedOn: issued, ExpiresOn: &exp,
		Issuer: "Bộ Công Thương", Status: assessment.CertValid}
	serve := func(pages *certPageCache, uri string) {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", uri, nil)
		h.authn.Sessions.LoadAndSave(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if err := h.renderVerify(rw, r, pages, "", d, nil); err != nil {
				b.Fatal(err)
			}
		})).ServeHTTP(rec, r)
	}
	b.Run("whole", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			serve(nil, "/verify/djF8abc"+strconv.Itoa(i))
		}
	})
	b.Run("shell", func(b *testing.B) {
		pages := &certPageCache{}
		for i := 0; b.Loop(); i++ {
			serve(pages, "/verify/djF8abc"+strconv.Itoa(i))
		}
	})
	b.Run("kept", func(b *testing.B) {
		pages := &certPageCache{}
		for b.Loop() {
			serve(pages, "/verify/djF8abc")
		}
	})
}
