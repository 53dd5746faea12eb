package photo

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// progressiveJPEG builds a progressive JPEG (SOF2) of w×h with n
// components 4:4:4 (n = 4: CMYK with its Adobe segment), one DC scan
// whose every difference is 0: a file of a few hundred kilobytes that
// Go's decoder would decode into 256 bytes of coefficients per 8×8 block
// and component, on top of the pixels.
func progressiveJPEG(w, h, n int) []byte {
	var b bytes.Buffer
	seg := func(m byte, body []byte) {
		b.Write([]byte{0xFF, m})
		binary.Write(&b, binary.BigEndian, uint16(len(body)+2))
		b.Write(body)
	}
	b.Write([]byte{0xFF, 0xD8})
	if n == 4 {
		seg(0xEE, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0})
	}
	seg(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...))
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(n)}
	for i := range n {
		sof = append(sof, byte(i+1), 0x11, 0)
	}
	seg(0xC2, sof)
	dht := append([]byte{0x00, 1}, make([]byte, 15)...)
	seg(0xC4, append(dht, 0))
	sos := []byte{byte(n)}
	for i := range n {
		sos = append(sos, byte(i+1), 0x00)
	}
	seg(0xDA, append(sos, 0, 0, 0))
	blocks := ((w + 7) / 8) * ((h + 7) / 8) * n
	b.Write(make([]byte, (blocks+7)/8+2))
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// interlacedPNG builds an Adam7-interlaced RGBA PNG of w×h at depth bits
// per channel, all zeros (a small file: it compresses to nothing).
func interlacedPNG(w, h int, depth byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := append([]byte(typ), data...)
		b.Write(c)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ih := make([]byte, 13)
	binary.BigEndian.PutUint32(ih, uint32(w))
	binary.BigEndian.PutUint32(ih[4:], uint32(h))
	ih[8], ih[9], ih[12] = depth, 6, 1
	chunk("IHDR", ih)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, 9)
	passes := [][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	bpp := 4 * int(depth) / 8
	for _, p := range passes {
		pw := (w - p[0] + p[2] - 1) / p[2]
		ph := (h - p[1] + p[3] - 1) / p[3]
		if pw <= 0 || ph <= 0 {
			continue
		}
		row := make([]byte, 1+bpp*pw)
		for range ph {
			zw.Write(row)
		}
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// heapPeak runs f and returns the highest heap in use above the start,
// sampled every 2 ms.
func heapPeak(f func()) uint64 {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var top atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > top.Load() {
				top.Store(m.HeapAlloc)
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	if top.Load() < base.HeapAlloc {
		return 0
	}
	return top.Load() - base.HeapAlloc
}

// TestProcess_CostlyDecodes: files under 320 KB that Go's decoders would
// blow up to 0.6–1.1 GB (a progressive JPEG keeps 256 bytes of
// coefficients per 8×8 block and component; a CMYK one another RGBA
// copy; an interlaced PNG its passes besides the image, 8 bytes a pixel
// at 16 bits) are refused from their headers, and refusing them takes
// almost no memory.
func TestProcess_CostlyDecodes(t *testing.T) {
	for name, data := range map[string][]byte{
		"progressive YCbCr 6320²": progressiveJPEG(6320, 6320, 3),
		"progressive CMYK 6320²":  progressiveJPEG(6320, 6320, 4),
		"interlaced PNG 6320²":    interlacedPNG(6320, 6320, 8),
		"interlaced PNG 16 5000²": interlacedPNG(5000, 5000, 16),
		"progressive YCbCr 4500²": progressiveJPEG(4500, 4500, 3),
		"progressive CMYK 3500²":  progressiveJPEG(3500, 3500, 4),
	} {
		if len(data) > 320<<10 {
			t.Fatalf("%s: %d bytes", name, len(data))
		}
		var err error
		used := heapPeak(func() { _, err = ProcessBytes(data, Options{}) })
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeTooManyPixels || e.Decoded <= DefaultMaxDecodedBytes {
			t.Errorf("%s: %v (%+v)", name, err, e)
		}
		if used > 64<<20 {
			t.Errorf("%s: refusing it took %d MB", name, used>>20)
		}
	}
	// What a phone sends still passes: 12 MP, baseline 4:2:0; and a
	// small progressive picture decodes.
	if c := decodeCost(t, progressiveJPEG(1600, 1200, 3)); c < 1600*1200*15 || c > 1600*1200*17 {
		t.Errorf("progressive 4:4:4 1600×1200 costs %d", c)
	}
	if _, err := ProcessBytes(progressiveJPEG(1600, 1200, 3), Options{}); err != nil {
		t.Errorf("a small progressive JPEG: %v", err)
	}
	var phone bytes.Buffer
	if err := jpeg.Encode(&phone, image.NewYCbCr(image.Rect(0, 0, 4032, 3024), image.YCbCrSubsampleRatio420), nil); err != nil {
		t.Fatal(err)
	}
	if c := decodeCost(t, phone.Bytes()); c > 4032*3024*2 {
		t.Errorf("a 12 MP phone photo costs %d", c)
	}
	if _, err := ProcessBytes(phone.Bytes(), Options{}); err != nil {
		t.Errorf("a 12 MP phone photo: %v", err)
	}
}

func decodeCost(t *testing.T, data []byte) int64 {
	t.Helper()
	format := Sniff(data)
	cfg, err := configOf(data, format)
	if err != nil {
		t.Fatal(err)
	}
	c, err := costOf(data, format, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDecodeBudget: the decodes running at once take at most the
// budget's bytes; one that does not fit waits (first come, first
// served), and gives up with its request's context.
func TestDecodeBudget(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	if err := b.acquire(ctx, 60); err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() { got <- b.acquire(ctx, 60) }()
	select {
	case err := <-got:
		t.Fatalf("a second decode over the budget did not wait: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := b.acquire(short, 10); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting behind the queue past the deadline: %v", err)
	}
	b.release(60)
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	// More than the whole budget runs alone.
	b.release(60)
	if err := b.acquire(ctx, 500); err != nil {
		t.Fatal(err)
	}
	b.release(500)
	if b.used != 0 {
		t.Errorf("%d bytes still held", b.used)
	}

	// Process itself: eight 12 MP photos at once under a budget of two.
	old := decodes
	decodes = newBudget(2 * (4032*3024*2 + 3*4*2048*2048))
	defer func() { decodes = old }()
	var phone bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, 4032, 3024))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	if err := jpeg.Encode(&phone, m, nil); err != nil {
		t.Fatal(err)
	}
	var peak, now atomic.Int64
	watch := make(chan struct{})
	go func() {
		for {
			select {
			case <-watch:
				return
			default:
			}
			decodes.mu.Lock()
			n := decodes.used
			decodes.mu.Unlock()
			now.Store(n)
			if n > peak.Load() {
				peak.Store(n)
			}
			runtime.Gosched()
		}
	}()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := ProcessContext(ctx, bytes.NewReader(phone.Bytes()), Options{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	close(watch)
	if peak.Load() > decodes.size || peak.Load() == 0 {
		t.Errorf("peak %d bytes held at once, budget %d", peak.Load(), decodes.size)
	}
	cancelled, stop := context.WithCancel(ctx)
	stop()
	decodes = newBudget(1)
	decodes.used = 1
	if _, err := ProcessContext(cancelled, bytes.NewReader(phone.Bytes()), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled request waiting to decode: %v", err)
	}
	_ = color.RGBA{}
}
