package news_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/news"
)

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImages: an editor's upload becomes the article's image (a JPEG and
// a thumbnail); not an image is refused with a field message; a draft's
// image is hidden from the public.
func TestImages(t *testing.T) {
	f := newFixture(t, news.Options{})
	a, err := f.svc.CreateArticle(f.ministry, news.ArticleInput{Title: "Bài có ảnh", Category: news.CatStory})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetImage(f.ent, a.ID, bytes.NewReader(testPNG(t, 40, 30)), 0); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("expert uploads: %v", err)
	}
	if _, err := f.svc.SetImage(f.ministry, a.ID, strings.NewReader("<svg onload=alert(1)>"), 0); fault.FieldsOf(err)["image"].Vi == "" {
		t.Fatalf("not an image: %v", err)
	}
	x, err := f.svc.SetImage(f.ministry, a.ID, bytes.NewReader(testPNG(t, 400, 300)), 0)
	if err != nil || !strings.HasPrefix(x.ImageURL, "/news/images/") {
		t.Fatalf("upload = %+v, %v", x, err)
	}
	if _, err := f.svc.Image(f.anon, a.ID, false); !fault.Is(err, fault.NotFound) {
		t.Fatalf("a draft's image is public: %v", err)
	}
	b, err := f.svc.Image(f.ministry, a.ID, true)
	if err != nil || len(b) < 3 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatalf("thumbnail: %v", err)
	}
	p := f.clock.now().Add(-time.Minute)
	if _, err := f.svc.UpdateArticle(f.ministry, a.ID, news.ArticleInput{Title: x.Title, Category: x.Category, ImageURL: x.ImageURL, Publish: true,
		PublishAt: &p, Version: x.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Image(f.anon, a.ID, false); err != nil {
		t.Fatalf("a published article's image: %v", err)
	}
}
