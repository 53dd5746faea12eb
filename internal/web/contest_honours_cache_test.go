package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHonourShow_CacheKeepsOnlyCanonicalPages: unknown honour addresses
// (404s) keep no cache slot, a non-canonical year (/vinh-danh/02025/…)
// redirects to the canonical address instead of taking a slot of its
// own, so after many such requests the real page is still cached.
func TestHonourShow_CacheKeepsOnlyCanonicalPages(t *testing.T) {
	h, cs, _, _ := newHonourWebWorld(t)
	get := func(year, slug string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/vinh-danh/"+year+"/"+slug, nil)
		r.SetPathValue("year", year)
		r.SetPathValue("slug", slug)
		rec := httptest.NewRecorder()
		if err := h.handleHonourShow(rec, r); err != nil {
			rec.Code = statusFor(err)
		}
		return rec
	}
	for i := range 300 {
		if c := get("2025", fmt.Sprintf("khong-co-%d", i)).Code; c != http.StatusNotFound {
			t.Fatalf("unknown honour: %d", c)
		}
	}
	if n := h.portal.Pages().Len(); n != 0 {
		t.Fatalf("404s keep %d cache slots", n)
	}
	for i := range 300 {
		year := fmt.Sprintf("%0*d", 5+i, 2025)
		rec := get(year, "co-khi-thu")
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/vinh-danh/2025/co-khi-thu" {
			t.Fatalf("year %q: %d → %q", year, rec.Code, rec.Header().Get("Location"))
		}
	}
	if rec := get("+2025", "co-khi-thu"); rec.Code != http.StatusMovedPermanently {
		t.Fatalf("year +2025: %d", rec.Code)
	}
	if c := get("2025", "co-khi-thu").Code; c != 200 {
		t.Fatalf("real page %d", c)
	}
	if n := h.portal.Pages().Len(); n != 1 {
		t.Fatalf("%d cache slots, want the real page's only", n)
	}
	built := 0
	if _, err := h.portal.Pages().Get("vi\x00honour_show\x00/vinh-danh/2025/co-khi-thu", cs.HonourGeneration(),
		func() ([]byte, error) { built++; return []byte("x"), nil }); err != nil || built != 0 {
		t.Fatalf("the real honour page is not cached (%d builds, %v)", built, err)
	}
	// The roll's year likewise.
	r := httptest.NewRequest("GET", "/vinh-danh/02025", nil)
	r.SetPathValue("year", "02025")
	rec := httptest.NewRecorder()
	if err := h.handleHonourRoll(rec, r); err != nil || rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/vinh-danh/2025" {
		t.Fatalf("roll 02025: %d → %q, %v", rec.Code, rec.Header().Get("Location"), err)
	}
}
