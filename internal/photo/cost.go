package photo

import (
	"container/list"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"sync"
)

// What decoding takes. Go's decoders allocate, beyond the pixels that a
// colour model suggests: a progressive JPEG (SOF2) keeps every
// coefficient of every 8×8 block of every component until its last scan,
// 256 bytes a block; a CMYK (or YCbCrK) JPEG and an RGB one decode into
// their planes and then into an RGBA copy; the planes are whole MCUs; an
// interlaced PNG makes an image per pass before the final one; a
// lossless WebP makes its pixels twice. costOf reads what it needs of the
// header (the SOF marker's type and components; the PNG's interlace flag)
// and charges all of it; checkSize refuses what is over
// Options.MaxDecodedBytes before a pixel is decoded.

// DefaultDecodeBudget bounds the memory the decodes running at once in
// this process may take, together (see budget).
const DefaultDecodeBudget = 256 << 20

// decodes is the process-wide budget of the decodes running at once.
var decodes = newBudget(DefaultDecodeBudget)

// jpegHeader is what costOf needs of a JPEG's markers before its first
// scan.
type jpegHeader struct {
	progressive bool
	comps       []jpegComp
	jfif        bool
	adobe       bool
	transform   byte
}

type jpegComp struct {
	id   byte
	h, v int
}

var errNoSOF = errors.New("no SOF marker")

// readJPEGHeader walks the markers of data up to the first scan.
func readJPEGHeader(data []byte) (*jpegHeader, error) {
	var hd jpegHeader
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return nil, fmt.Errorf("jpeg: marker expected at %d", i)
		}
		m := data[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0x01 || m >= 0xD0 && m <= 0xD8: // no length
			i += 2
			continue
		case m == 0xD9 || m == 0xDA: // end, or the first scan
			if hd.comps == nil {
				return nil, errNoSOF
			}
			return &hd, nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil, fmt.Errorf("jpeg: segment %X of %d bytes past the end", m, n)
		}
		seg := data[i+4 : i+2+n]
		switch {
		case m == 0xE0 && len(seg) >= 5 && string(seg[:5]) == "JFIF\x00":
			hd.jfif = true
		case m == 0xEE && len(seg) >= 12 && string(seg[:5]) == "Adobe":
			hd.adobe, hd.transform = true, seg[11]
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if hd.comps != nil {
				return nil, errors.New("jpeg: two SOF markers")
			}
			if len(seg) < 6 {
				return nil, errors.New("jpeg: short SOF")
			}
			nc := int(seg[5])
			if nc == 0 || len(seg) < 6+3*nc {
				return nil, errors.New("jpeg: short SOF")
			}
			hd.progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE
			for k := range nc {
				c := seg[6+3*k:]
				hd.comps = append(hd.comps, jpegComp{id: c[0], h: max(1, int(c[1]>>4)), v: max(1, int(c[1]&0x0F))})
			}
		}
		i += 2 + n
	}
	if hd.comps == nil {
		return nil, errNoSOF
	}
	return &hd, nil
}

// jpegCost is what Go's decoder allocates for a w×h JPEG of header hd.
func jpegCost(hd *jpegHeader, w, h int64) int64 {
	comps := hd.comps
	if len(comps) == 1 {
		// A single component is not interleaved: its blocks are laid
		// out as if sampled 1×1 (image/jpeg does so too).
		comps = []jpegComp{{id: comps[0].id, h: 1, v: 1}}
	}
	hmax, vmax := 1, 1
	for _, c := range comps {
		hmax, vmax = max(hmax, c.h), max(vmax, c.v)
	}
	mxx := (w + 8*int64(hmax) - 1) / (8 * int64(hmax))
	myy := (h + 8*int64(vmax) - 1) / (8 * int64(vmax))
	var blocks int64
	for _, c := range comps {
		blocks += mxx * myy * int64(c.h) * int64(c.v)
	}
	cost := blocks * 64 // the planes, by whole MCUs
	if hd.progressive {
		cost += blocks * 256 // [64]int32 of coefficients a block
	}
	rgb := len(comps) == 3 && !hd.jfif && (hd.adobe && hd.transform == 0 ||
		comps[0].id == 'R' && comps[1].id == 'G' && comps[2].id == 'B')
	if len(comps) == 4 || rgb {
		cost += 4 * w * h // the RGBA (or CMYK) copy
	}
	return cost
}

// configOf reads the header of data, of format "jpeg", "png" or "webp".
func configOf(data []byte, format string) (image.Config, error) {
	switch format {
	case "jpeg":
		return jpegConfig(data)
	case "png":
		return pngConfig(data)
	case "webp":
		return webpConfig(data)
	}
	return image.Config{}, fmt.Errorf("photo: format %q", format)
}

// costOf is what decoding data (of format, whose header says cfg) takes
// in memory, in bytes.
func costOf(data []byte, format string, cfg image.Config) (int64, error) {
	w, h := int64(cfg.Width), int64(cfg.Height)
	switch format {
	case "jpeg":
		hd, err := readJPEGHeader(data)
		if err != nil {
			return 0, err
		}
		return jpegCost(hd, w, h), nil
	case "png":
		img := w * h * bytesPerPixel(cfg.ColorModel)
		// IHDR's interlace method: Adam7 decodes each of its seven passes
		// into an image of its own, then into the final one.
		if len(data) > 28 && data[28] == 1 {
			return 2 * img, nil
		}
		return img, nil
	case "webp":
		img := w * h * bytesPerPixel(cfg.ColorModel)
		if cfg.ColorModel == color.NRGBAModel {
			return 2 * img, nil // lossless: its pixels, then transformed
		}
		return img, nil
	}
	return w * h * 4, nil
}

// pipelineCost is what making the kept photo and its thumbnail from the
// decoded w×h image takes: the box-reduced copy, the kept image and its
// turned copy, the thumbnail.
func pipelineCost(w, h int, o Options) int64 {
	mw, mh := fit(w, h, o.LongSide)
	cost := 2*4*int64(mw)*int64(mh) + 4*int64(o.ThumbSide)*int64(o.ThumbSide)
	if k := min(w/mw, h/mh); k >= 2 {
		cost += 4 * int64(w/k) * int64(h/k)
	}
	return cost
}

// budget is a weighted semaphore of bytes: the decodes running at once
// hold what each takes, at most size together; one that does not fit
// waits its turn (first come, first served) or gives up with its
// request's context. One that takes more than size runs alone.
type budget struct {
	mu      sync.Mutex
	size    int64
	used    int64
	waiters list.List // of *budgetWaiter
}

type budgetWaiter struct {
	n     int64
	ready chan struct{}
}

func newBudget(size int64) *budget { return &budget{size: size} }

// acquire takes n bytes of the budget, waiting until they are free.
func (b *budget) acquire(ctx context.Context, n int64) error {
	n = min(n, b.size)
	b.mu.Lock()
	if b.size-b.used >= n && b.waiters.Len() == 0 {
		b.used += n
		b.mu.Unlock()
		return nil
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	elem := b.waiters.PushBack(w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		select {
		case <-w.ready:
			// Granted meanwhile: give it back.
			b.used -= n
			b.notify()
		default:
			front := b.waiters.Front() == elem
			b.waiters.Remove(elem)
			if front {
				b.notify()
			}
		}
		b.mu.Unlock()
		return ctx.Err()
	}
}

// release gives n bytes back.
func (b *budget) release(n int64) {
	n = min(n, b.size)
	b.mu.Lock()
	b.used -= n
	if b.used < 0 {
		b.mu.Unlock()
		panic("photo: budget released more than held")
	}
	b.notify()
	b.mu.Unlock()
}

// notify wakes the waiters at the front that now fit (b.mu held).
func (b *budget) notify() {
	for {
		e := b.waiters.Front()
		if e == nil {
			return
		}
		w := e.Value.(*budgetWaiter)
		if b.size-b.used < w.n {
			return
		}
		b.used += w.n
		b.waiters.Remove(e)
		close(w.ready)
	}
}
