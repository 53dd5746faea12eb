package photo_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"runtime"
	"testing"

	"nscl/internal/photo"
)

// scene is a w×h picture whose corners tell where they went: the top-left
// quadrant green, the rest of the left half red, the right half blue.
func scene(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 255, 255}
			switch {
			case x < w/2 && y < h/2:
				c = color.RGBA{0, 200, 0, 255}
			case x < w/2:
				c = color.RGBA{220, 0, 0, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func jpegOf(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gpsMarker is a string the test EXIF block carries in its GPS IFD and
// camera fields; no byte of it may survive processing.
const gpsMarker = "NSCL-GPS-21.0285N-105.8542E"

// withExif inserts an APP1 Exif segment right after the JPEG's SOI: IFD0
// with the orientation, the camera's make and a pointer to a GPS IFD
// (latitude and longitude of Hà Nội, and gpsMarker as the processing
// method), big-endian like many phones write it.
func withExif(jpg []byte, orientation uint16, gps bool) []byte {
	be := binary.BigEndian
	var t bytes.Buffer
	t.WriteString("MM")
	binary.Write(&t, be, uint16(42))
	binary.Write(&t, be, uint32(8))
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&t, be, tag)
		binary.Write(&t, be, typ)
		binary.Write(&t, be, count)
		binary.Write(&t, be, value)
	}
	n := uint16(2)
	if gps {
		n = 3
	}
	// IFD0 at 8: n entries, then the next-IFD offset, then the data.
	ifd0End := uint32(8 + 2 + 12*int(n) + 4)
	makeStr := "NSCL-CAM " + gpsMarker + "\x00"
	binary.Write(&t, be, n)
	entry(0x010F, 2, uint32(len(makeStr)), ifd0End) // Make, ASCII, out of line
	binary.Write(&t, be, uint16(0x0112))            // Orientation, SHORT, inline
	binary.Write(&t, be, uint16(3))
	binary.Write(&t, be, uint32(1))
	binary.Write(&t, be, orientation)
	binary.Write(&t, be, uint16(0))
	gpsIFD := ifd0End + uint32(len(makeStr))
	if gps {
		entry(0x8825, 4, 1, gpsIFD) // GPSInfo IFD pointer
	}
	binary.Write(&t, be, uint32(0))
	t.WriteString(makeStr)
	if gps {
		method := "ASCII\x00\x00\x00" + gpsMarker
		dataAt := gpsIFD + 2 + 12*5 + 4
		binary.Write(&t, be, uint16(5))
		entry(0x0001, 2, 2, 'N'<<24)                     // GPSLatitudeRef "N"
		entry(0x0002, 5, 3, dataAt)                      // GPSLatitude, 3 RATIONAL
		entry(0x0003, 2, 2, 'E'<<24)                     // GPSLongitudeRef "E"
		entry(0x0004, 5, 3, dataAt+24)                   // GPSLongitude
		entry(0x001B, 7, uint32(len(method)), dataAt+48) // GPSProcessingMethod
		binary.Write(&t, be, uint32(0))
		for _, v := range []uint32{21, 1, 1, 1, 7026, 100, 105, 1, 51, 1, 1512, 100} {
			binary.Write(&t, be, v)
		}
		t.WriteString(method)
	}
	seg := append([]byte("Exif\x00\x00"), t.Bytes()...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0}
	be.PutUint16(out[4:], uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// segments lists the markers of a JPEG's segments before its image data.
func segments(t *testing.T, jpg []byte) []byte {
	t.Helper()
	var ms []byte
	for i := 2; i+4 <= len(jpg); {
		if jpg[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := jpg[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(jpg[i+2:]))
	}
	return ms
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { v := int(x>>8) - int(y); return v > -48 && v < 48 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the output is not a JPEG: %v", err)
	}
	return m
}

func wantCode(t *testing.T, err error, code photo.Code) {
	t.Helper()
	if got := photo.CodeOf(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	if !errors.Is(err, &photo.Error{Code: code}) {
		t.Fatalf("errors.Is(%v, code %s) is false", err, code)
	}
}

func TestProcess_JPEG(t *testing.T) {
	src := jpegOf(t, scene(3000, 2000))
	p, err := photo.Process(bytes.NewReader(src), photo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 2048 || p.Height != 1365 {
		t.Errorf("size %d×%d, want 2048×1365", p.Width, p.Height)
	}
	if p.ThumbWidth != 320 || p.ThumbHeight != 213 {
		t.Errorf("thumbnail %d×%d, want 320×213", p.ThumbWidth, p.ThumbHeight)
	}
	if p.ContentType != "image/jpeg" || p.Source.Format != "jpeg" || p.Source.Width != 3000 || p.Source.Size != int64(len(src)) {
		t.Errorf("photo %+v", p.Source)
	}
	if len(p.SHA256) != 64 || p.Size() != len(p.Content) {
		t.Errorf("sha %q size %d", p.SHA256, p.Size())
	}
	m := decode(t, p.Content)
	if b := m.Bounds(); b.Dx() != p.Width || b.Dy() != p.Height {
		t.Errorf("decoded %v", b)
	}
	if !near(m.At(10, 10), color.RGBA{0, 200, 0, 255}) || !near(m.At(2000, 1300), color.RGBA{0, 0, 255, 255}) {
		t.Errorf("colours moved: %v %v", m.At(10, 10), m.At(2000, 1300))
	}
	th := decode(t, p.Thumb)
	if th.Bounds().Dx() != 320 {
		t.Errorf("thumbnail decodes to %v", th.Bounds())
	}
	// A small photo keeps its size.
	small, err := photo.ProcessBytes(jpegOf(t, scene(640, 480)), photo.Options{})
	if err != nil || small.Width != 640 || small.Height != 480 {
		t.Fatalf("small photo %+v, %v", small, err)
	}
}

// TestProcess_StripsExifGPS: a phone's JPEG with an EXIF block holding the
// GPS location comes out with no EXIF (no APPn segment at all) and no byte
// of the location or the camera fields.
func TestProcess_StripsExifGPS(t *testing.T) {
	src := withExif(jpegOf(t, scene(800, 600)), 1, true)
	if !bytes.Contains(src, []byte(gpsMarker)) || photo.Orientation(src) != 1 {
		t.Fatal("the test JPEG has no GPS block")
	}
	if _, err := jpeg.Decode(bytes.NewReader(src)); err != nil {
		t.Fatalf("the test JPEG does not decode: %v", err)
	}
	p, err := photo.ProcessBytes(src, photo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"photo": p.Content, "thumbnail": p.Thumb} {
		for _, bad := range []string{"Exif\x00\x00", gpsMarker, "NSCL-CAM"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("the %s still contains %q", name, bad)
			}
		}
		for _, m := range segments(t, b) {
			if m >= 0xE0 && m <= 0xEF || m == 0xFE {
				t.Errorf("the %s has a metadata segment FF%02X", name, m)
			}
		}
	}
}

// TestProcess_Orientation6: a photo taken with the phone held upright is
// stored sideways with orientation 6; it comes out upright (turned 90°
// clockwise): the stored top-left corner is now the top-right one.
func TestProcess_Orientation6(t *testing.T) {
	src := withExif(jpegOf(t, scene(400, 200)), 6, false)
	if o := photo.Orientation(src); o != 6 {
		t.Fatalf("orientation read %d", o)
	}
	p, err := photo.ProcessBytes(src, photo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 200 || p.Height != 400 || p.Source.Orientation != 6 {
		t.Fatalf("size %d×%d (orientation %d), want 200×400", p.Width, p.Height, p.Source.Orientation)
	}
	m := decode(t, p.Content)
	for _, c := range []struct {
		x, y int
		want color.RGBA
	}{
		{190, 10, color.RGBA{0, 200, 0, 255}}, // the stored top-left
		{10, 10, color.RGBA{220, 0, 0, 255}},  // the stored bottom-left
		{100, 390, color.RGBA{0, 0, 255, 255}},
	} {
		if got := m.At(c.x, c.y); !near(got, c.want) {
			t.Errorf("pixel (%d,%d) = %v, want about %v", c.x, c.y, got, c.want)
		}
	}
	th := decode(t, p.Thumb)
	if th.Bounds().Dx() != 160 || th.Bounds().Dy() != 320 {
		t.Errorf("thumbnail %v, want upright 160×320", th.Bounds())
	}
}

// TestProcess_PNGTransparency: a PNG with transparent parts becomes a JPEG
// with those parts white (not black).
func TestProcess_PNGTransparency(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := 32; x < 64; x++ {
			m.SetNRGBA(x, y, color.NRGBA{200, 0, 0, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	p, err := photo.ProcessBytes(buf.Bytes(), photo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Source.Format != "png" || p.ContentType != "image/jpeg" || p.Width != 64 {
		t.Fatalf("photo %+v", p.Source)
	}
	out := decode(t, p.Content)
	if !near(out.At(5, 5), color.RGBA{255, 255, 255, 255}) {
		t.Errorf("transparent pixel = %v, want white", out.At(5, 5))
	}
	if !near(out.At(60, 40), color.RGBA{200, 0, 0, 255}) {
		t.Errorf("opaque pixel = %v, want red", out.At(60, 40))
	}
}

func TestProcess_WebP(t *testing.T) {
	b, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	p, err := photo.ProcessBytes(b, photo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Source.Format != "webp" || p.Width == 0 || p.ContentType != "image/jpeg" {
		t.Fatalf("photo %+v", p)
	}
	decode(t, p.Content)
}

// TestProcess_NotAnImage: a text file named .jpg, an empty file and images
// of formats not taken are refused by their content.
func TestProcess_NotAnImage(t *testing.T) {
	_, err := photo.ProcessBytes([]byte("Biên bản đánh giá 5S — đây là tệp văn bản đổi tên thành .jpg\n"), photo.Options{})
	wantCode(t, err, photo.CodeNotImage)
	_, err = photo.Process(bytes.NewReader(nil), photo.Options{})
	wantCode(t, err, photo.CodeEmpty)
	var g bytes.Buffer
	if err := gif.Encode(&g, scene(16, 16), nil); err != nil {
		t.Fatal(err)
	}
	_, err = photo.ProcessBytes(g.Bytes(), photo.Options{})
	wantCode(t, err, photo.CodeUnsupported)
	_, err = photo.ProcessBytes([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), photo.Options{})
	wantCode(t, err, photo.CodeUnsupported)
	// A JPEG cut short after its header does not decode.
	full := jpegOf(t, scene(300, 200))
	_, err = photo.ProcessBytes(full[:len(full)/3], photo.Options{})
	wantCode(t, err, photo.CodeCorrupt)
	// A JPEG's signature followed by rubbish.
	_, err = photo.ProcessBytes(append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("x"), 200)...), photo.Options{})
	wantCode(t, err, photo.CodeCorrupt)
}

// endless is a reader of zeros that counts what was read from it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

// TestProcess_TooLarge: a 50 MB upload is refused by its declared size
// without reading a byte, and, undeclared, after reading one byte past the
// 10 MB limit, not 50 MB.
func TestProcess_TooLarge(t *testing.T) {
	r := &endless{}
	_, err := photo.Process(r, photo.Options{DeclaredSize: 50 << 20})
	wantCode(t, err, photo.CodeTooLarge)
	if r.n != 0 {
		t.Errorf("read %d bytes of a declared 50 MB upload", r.n)
	}
	r = &endless{}
	_, err = photo.Process(io.LimitReader(r, 50<<20), photo.Options{})
	wantCode(t, err, photo.CodeTooLarge)
	if r.n > photo.DefaultMaxBytes+64<<10 {
		t.Errorf("read %d bytes of a 50 MB upload, limit %d", r.n, photo.DefaultMaxBytes)
	}
	var e *photo.Error
	if !errors.As(err, &e) || e.Limit != photo.DefaultMaxBytes {
		t.Errorf("error %+v", e)
	}
	_, err = photo.ProcessBytes(make([]byte, 2<<20), photo.Options{MaxBytes: 1 << 20})
	wantCode(t, err, photo.CodeTooLarge)
	// A read error is passed through, not taken for a bad photo.
	boom := errors.New("connection reset")
	_, err = photo.Process(io.MultiReader(bytes.NewReader([]byte{0xFF, 0xD8}), errReader{boom}), photo.Options{})
	if !errors.Is(err, boom) || photo.CodeOf(err) != "" {
		t.Errorf("read error = %v", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// bombPNG is a PNG of a few dozen bytes whose header declares w×h RGBA
// pixels (w×h×4 bytes once decoded).
func bombPNG(w, h uint32) []byte { return bombPNGDepth(w, h, 8) }

// bombPNGDepth is bombPNG with depth bits per channel.
func bombPNGDepth(w, h uint32, depth byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, 6 // RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// TestProcess_DecompressionBomb: a tiny PNG declaring 100000×100000 pixels
// (40 GB decoded) is refused from its header, allocating almost nothing;
// so are a side over 12,000 px, 49 megapixels and 240 MB of decoded pixels.
func TestProcess_DecompressionBomb(t *testing.T) {
	bomb := bombPNG(100000, 100000)
	if len(bomb) > 100 {
		t.Fatalf("bomb of %d bytes", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := photo.ProcessBytes(bomb, photo.Options{})
	runtime.ReadMemStats(&after)
	wantCode(t, err, photo.CodeTooManyPixels)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", got)
	}
	var e *photo.Error
	if errors.As(err, &e); e.Width != 100000 || e.Height != 100000 {
		t.Errorf("error %+v", e)
	}
	// A side over 12,000 px; 49 megapixels; 30 megapixels of 16-bit RGBA
	// (240 MB decoded).
	for _, c := range []struct {
		w, h  uint32
		depth byte
	}{{20000, 10, 8}, {7000, 7000, 8}, {6000, 5000, 16}} {
		_, err := photo.ProcessBytes(bombPNGDepth(c.w, c.h, c.depth), photo.Options{})
		wantCode(t, err, photo.CodeTooManyPixels)
	}
	// Within every limit, the same tiny file is simply broken.
	_, err = photo.ProcessBytes(bombPNG(100, 100), photo.Options{})
	wantCode(t, err, photo.CodeCorrupt)
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]string{
		"\xFF\xD8\xFF\xE0":             "jpeg",
		"\x89PNG\r\n\x1a\nxxxx":        "png",
		"RIFF\x00\x00\x00\x00WEBPVP8 ": "webp",
		"GIF89a":                       "gif",
		"%PDF-1.7":                     "",
		"<svg xmlns=":                  "",
		"":                             "",
	} {
		if got := photo.Sniff([]byte(in)); got != want {
			t.Errorf("Sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOrientation(t *testing.T) {
	base := jpegOf(t, scene(8, 8))
	for o := uint16(1); o <= 8; o++ {
		if got := photo.Orientation(withExif(base, o, o%2 == 0)); got != int(o) {
			t.Errorf("orientation %d read as %d", o, got)
		}
	}
	for name, b := range map[string][]byte{
		"no exif":       base,
		"out of range":  withExif(base, 9, false),
		"empty":         nil,
		"truncated":     withExif(base, 6, true)[:30],
		"bad tiff":      append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10}, []byte("Exif\x00\x00XX*\x00\x00\x00\x00\x08")...),
		"huge length":   []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'},
		"huge ifd":      append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x16}, []byte("Exif\x00\x00MM\x00\x2A\x7F\xFF\xFF\xF0\x00\x01\x01\x12\x00\x03")...),
		"count too big": append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x14}, []byte("Exif\x00\x00II\x2A\x00\x08\x00\x00\x00\xFF\xFF")...),
	} {
		if got := photo.Orientation(b); got != 1 {
			t.Errorf("%s: orientation %d, want 1", name, got)
		}
	}
}

// FuzzOrientation: whatever the bytes, reading the orientation neither
// panics nor answers outside 1–8.
func FuzzOrientation(f *testing.F) {
	base := jpegOf(f, scene(8, 8))
	for o := uint16(1); o <= 8; o++ {
		f.Add(withExif(base, o, true)[:200])
	}
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := photo.Orientation(b); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

// FuzzProcess: whatever the bytes, Process answers a photo or an *Error,
// never panics.
func FuzzProcess(f *testing.F) {
	f.Add(withExif(jpegOf(f, scene(16, 16)), 6, true))
	f.Add(bombPNG(40, 40))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := photo.ProcessBytes(b, photo.Options{MaxPixels: 1 << 20})
		if err == nil && (p.Width == 0 || len(p.Content) == 0) {
			t.Fatal("a photo without pixels")
		}
		if err != nil && photo.CodeOf(err) == "" {
			t.Fatalf("untyped error %v", err)
		}
	})
}

// phone12MP is a 12-megapixel phone photo (4000×3000, JPEG quality 90,
// EXIF with orientation 6 and a GPS block).
func phone12MP(b *testing.B) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			m.SetRGBA(x, y, color.RGBA{uint8(x / 16), uint8(y / 12), uint8((x*y)>>9 ^ x), 255})
		}
	}
	return withExif(jpegOf(b, m), 6, true)
}

// BenchmarkProcess12MP processes a 12-megapixel phone photo: decode, turn
// upright, scale to 2048 px, re-encode, thumbnail, hash.
func BenchmarkProcess12MP(b *testing.B) {
	src := phone12MP(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := photo.ProcessBytes(src, photo.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecode12MP is the reference of BenchmarkProcess12MP: decoding
// the same file with image/jpeg and nothing else.
func BenchmarkDecode12MP(b *testing.B) {
	src := phone12MP(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jpeg.Decode(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}
