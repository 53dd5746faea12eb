package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// The defaults of Options.
const (
	DefaultMaxBytes        = 10 << 20   // 10 MiB: a phone's 12–50 MP JPEG is 2–8 MB
	DefaultMaxPixels       = 40_000_000 // 40 megapixels
	DefaultMaxSide         = 12_000     // pixels, either side
	DefaultMaxDecodedBytes = 200 << 20  // what decoding may allocate, from the header's size and colour model
	DefaultLongSide        = 2048       // the kept image's long side
	DefaultThumbSide       = 320        // the thumbnail's long side
	DefaultQuality         = 85
	DefaultThumbQuality    = 75
)

// ContentType is the media type of every processed photo and thumbnail.
const ContentType = "image/jpeg"

// Options bound what Process accepts and what it makes. A zero field takes
// its default.
type Options struct {
	// MaxBytes is the largest file accepted. Process reads at most one
	// byte more than this.
	MaxBytes int64
	// DeclaredSize is the size the sender announced (a Content-Length), 0
	// when unknown: over MaxBytes, the photo is refused without reading.
	DeclaredSize int64
	// MaxPixels and MaxSide bound the image's declared dimensions;
	// MaxDecodedBytes bounds the memory decoding it would take (its
	// pixels, and what the decoder keeps besides: see costOf). All three
	// are checked on the header, before any pixel is decoded.
	MaxPixels       int64
	MaxSide         int
	MaxDecodedBytes int64
	LongSide        int // the long side of the kept image, at most
	ThumbSide       int // the long side of the thumbnail, at most
	Quality         int // JPEG quality of the kept image, 1–100
	ThumbQuality    int // JPEG quality of the thumbnail
}

func (o Options) withDefaults() Options {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defi := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxBytes, DefaultMaxBytes)
	def(&o.MaxPixels, DefaultMaxPixels)
	def(&o.MaxDecodedBytes, DefaultMaxDecodedBytes)
	defi(&o.MaxSide, DefaultMaxSide)
	defi(&o.LongSide, DefaultLongSide)
	defi(&o.ThumbSide, DefaultThumbSide)
	defi(&o.Quality, DefaultQuality)
	defi(&o.ThumbQuality, DefaultThumbQuality)
	o.Quality, o.ThumbQuality = min(o.Quality, 100), min(o.ThumbQuality, 100)
	return o
}

// Photo is a processed photo: an upright JPEG without metadata, its
// thumbnail, and what the original was.
type Photo struct {
	Content     []byte // the JPEG kept
	Thumb       []byte // its thumbnail, a JPEG
	ContentType string // ContentType, for both
	Width       int    // of Content
	Height      int
	ThumbWidth  int
	ThumbHeight int
	SHA256      string // hex SHA-256 of Content
	Source      Source
}

// Size is the size of the kept JPEG in bytes.
func (p *Photo) Size() int { return len(p.Content) }

// Source describes the uploaded original.
type Source struct {
	Format      string // "jpeg", "png" or "webp"
	Width       int    // as stored, before the orientation is applied
	Height      int
	Size        int64 // bytes
	Orientation int   // the EXIF orientation applied (1: none)
}

// Process reads one uploaded photo from r and returns it upright, at most
// o.LongSide pixels on its long side, re-encoded as a JPEG without any
// metadata, with a thumbnail. It refuses (with an *Error) a file over
// o.MaxBytes, one that is not a JPEG, PNG or WebP image, an image whose
// declared size, or the memory decoding it would take, is over the limits
// (checked on the header, before decoding), and one that does not decode.
// A read error of r is returned wrapped, as it is.
func Process(r io.Reader, o Options) (*Photo, error) {
	return ProcessContext(context.Background(), r, o)
}

// ProcessContext is Process for a request: the decodes running at once in
// the process share a budget of memory (DefaultDecodeBudget), and one
// that does not fit waits for its turn while ctx lasts (ctx's error,
// wrapped, when it ends first).
func ProcessContext(ctx context.Context, r io.Reader, o Options) (*Photo, error) {
	o = o.withDefaults()
	if o.DeclaredSize > o.MaxBytes {
		return nil, &Error{Code: CodeTooLarge, Size: o.DeclaredSize, Limit: o.MaxBytes}
	}
	data, err := readAtMost(r, o.MaxBytes, o.DeclaredSize)
	if err != nil {
		return nil, err
	}
	return process(ctx, data, o)
}

// readAtMost reads r to its end, refusing it once it passes max bytes.
func readAtMost(r io.Reader, max, declared int64) ([]byte, error) {
	size := int64(512 << 10)
	if declared > 0 {
		size = declared + 1
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(size, max+1)))
	n, err := buf.ReadFrom(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("photo: read: %w", err)
	}
	if n > max {
		return nil, &Error{Code: CodeTooLarge, Size: n, Limit: max}
	}
	if n == 0 {
		return nil, &Error{Code: CodeEmpty}
	}
	return buf.Bytes(), nil
}

// ProcessBytes is Process for a photo already in memory (the demo's
// generated pictures, tests).
func ProcessBytes(data []byte, o Options) (*Photo, error) {
	o = o.withDefaults()
	if int64(len(data)) > o.MaxBytes {
		return nil, &Error{Code: CodeTooLarge, Size: int64(len(data)), Limit: o.MaxBytes}
	}
	if len(data) == 0 {
		return nil, &Error{Code: CodeEmpty}
	}
	return process(context.Background(), data, o)
}

func jpegConfig(data []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(data)) }
func pngConfig(data []byte) (image.Config, error)  { return png.DecodeConfig(bytes.NewReader(data)) }
func webpConfig(data []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(data)) }

func process(ctx context.Context, data []byte, o Options) (*Photo, error) {
	format := Sniff(data)
	var decode func(io.Reader) (image.Image, error)
	switch format {
	case "jpeg":
		decode = jpeg.Decode
	case "png":
		decode = png.Decode
	case "webp":
		decode = webp.Decode
	case "":
		return nil, &Error{Code: CodeNotImage}
	default:
		return nil, &Error{Code: CodeUnsupported, Format: format}
	}
	cfg, err := configOf(data, format)
	if err != nil {
		return nil, &Error{Code: CodeCorrupt, Format: format, Err: err}
	}
	if err := checkSize(cfg, format, o); err != nil {
		return nil, err
	}
	cost, err := costOf(data, format, cfg)
	if err != nil {
		return nil, &Error{Code: CodeCorrupt, Format: format, Err: err}
	}
	if cost > o.MaxDecodedBytes {
		return nil, &Error{Code: CodeTooManyPixels, Format: format, Width: cfg.Width, Height: cfg.Height, Limit: o.MaxDecodedBytes, Decoded: cost}
	}
	// Wait for room in the process's budget, then hold it until the
	// photo is made.
	weight := cost + pipelineCost(cfg.Width, cfg.Height, o)
	if err := decodes.acquire(ctx, weight); err != nil {
		return nil, fmt.Errorf("photo: waiting to decode: %w", err)
	}
	defer decodes.release(weight)
	src := Source{Format: format, Width: cfg.Width, Height: cfg.Height, Size: int64(len(data)), Orientation: 1}
	if format == "jpeg" {
		src.Orientation = Orientation(data)
	}
	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Code: CodeCorrupt, Format: format, Err: err}
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, &Error{Code: CodeCorrupt, Format: format, Err: errors.New("decoded size differs from the header's")}
	}

	main := orient(shrink(img, o.LongSide), src.Orientation)
	thumb := shrink(main, o.ThumbSide)
	p := &Photo{ContentType: ContentType, Source: src,
		Width: main.Rect.Dx(), Height: main.Rect.Dy(), ThumbWidth: thumb.Rect.Dx(), ThumbHeight: thumb.Rect.Dy()}
	if p.Content, err = encode(main, o.Quality); err != nil {
		return nil, err
	}
	if p.Thumb, err = encode(thumb, o.ThumbQuality); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(p.Content)
	p.SHA256 = hex.EncodeToString(sum[:])
	return p, nil
}

// checkSize refuses an image whose header declares more than the limits:
// the decompression bomb (a small file that would decode to gigabytes) is
// stopped here, before decoding.
func checkSize(cfg image.Config, format string, o Options) error {
	w, h := int64(cfg.Width), int64(cfg.Height)
	e := &Error{Code: CodeTooManyPixels, Format: format, Width: cfg.Width, Height: cfg.Height}
	switch {
	case w <= 0 || h <= 0:
		return &Error{Code: CodeCorrupt, Format: format, Err: errors.New("empty image")}
	case w > int64(o.MaxSide) || h > int64(o.MaxSide):
		e.Limit = int64(o.MaxSide)
		return e
	case w*h > o.MaxPixels:
		e.Limit = o.MaxPixels
		return e
	case w*h*bytesPerPixel(cfg.ColorModel) > o.MaxDecodedBytes:
		e.Limit, e.Decoded = o.MaxDecodedBytes, w*h*bytesPerPixel(cfg.ColorModel)
		return e
	}
	return nil
}

// bytesPerPixel is how much memory one pixel of a colour model takes once
// decoded (a 4:2:0 JPEG takes 1.5; counted as 2 to stay on the safe side).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model, color.YCbCrModel:
		return 2
	case color.NYCbCrAModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// Sniff names the image format of data by its first bytes: "jpeg", "png"
// and "webp" are processed; "gif", "heif" (HEIC, AVIF), "tiff" and "bmp"
// are images of other formats; "" is not an image.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return "heif"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff"
	case bytes.HasPrefix(data, []byte("BM")) && len(data) >= 26:
		return "bmp"
	}
	return ""
}

// fit returns w×h scaled so that its long side is at most long.
func fit(w, h, long int) (int, int) {
	if w <= long && h <= long {
		return w, h
	}
	if w >= h {
		return long, max(1, (h*long+w/2)/w)
	}
	return max(1, (w*long+h/2)/h), long
}

// orient returns src turned upright by EXIF orientation o (1–8; others
// leave it as is).
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	s := dst.Stride
	// The byte offset in dst of source pixel (x, y) is start + x*ax + y*ay.
	var start, ax, ay int
	switch o {
	case 2: // mirrored left–right
		start, ax, ay = 4*(w-1), -4, s
	case 3: // upside down
		start, ax, ay = (h-1)*s+4*(w-1), -4, -s
	case 4: // mirrored top–bottom
		start, ax, ay = (h-1)*s, 4, -s
	case 5: // transposed
		start, ax, ay = 0, s, 4
	case 6: // turned 90° counter-clockwise: turn it clockwise
		start, ax, ay = 4*(h-1), s, -4
	case 7: // transversed
		start, ax, ay = (w-1)*s+4*(h-1), -s, -4
	case 8: // turned 90° clockwise: turn it counter-clockwise
		start, ax, ay = (w-1)*s, -s, 4
	}
	for y := range h {
		row := src.Pix[y*src.Stride : y*src.Stride+4*w]
		d := start + y*ay
		for x := 0; x < 4*w; x += 4 {
			copy(dst.Pix[d:d+4], row[x:x+4])
			d += ax
		}
	}
	return dst
}

func encode(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("photo: encode: %w", err)
	}
	return buf.Bytes(), nil
}
