package photo

import (
	"image"
	"image/color"
	"testing"
)

// TestOrient checks every EXIF orientation against its definition (TIFF
// 6.0, tag 274: where the stored row 0 and column 0 are to be shown),
// pixel for pixel, on a 3×2 image.
func TestOrient(t *testing.T) {
	const w, h = 3, 2
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			src.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), 0, 255})
		}
	}
	// Where stored pixel (x, y) is shown.
	shown := map[int]func(x, y int) (int, int){
		1: func(x, y int) (int, int) { return x, y },
		2: func(x, y int) (int, int) { return w - 1 - x, y },
		3: func(x, y int) (int, int) { return w - 1 - x, h - 1 - y },
		4: func(x, y int) (int, int) { return x, h - 1 - y },
		5: func(x, y int) (int, int) { return y, x },
		6: func(x, y int) (int, int) { return h - 1 - y, x },
		7: func(x, y int) (int, int) { return h - 1 - y, w - 1 - x },
		8: func(x, y int) (int, int) { return y, w - 1 - x },
	}
	for o := 1; o <= 8; o++ {
		dst := orient(src, o)
		dw, dh := w, h
		if o >= 5 {
			dw, dh = h, w
		}
		if dst.Rect.Dx() != dw || dst.Rect.Dy() != dh {
			t.Fatalf("orientation %d: %v", o, dst.Rect)
		}
		for y := range h {
			for x := range w {
				dx, dy := shown[o](x, y)
				if got := dst.RGBAAt(dx, dy); got.R != uint8(x) || got.G != uint8(y) {
					t.Errorf("orientation %d: pixel (%d,%d) shown at (%d,%d) holds (%d,%d)", o, x, y, dx, dy, got.R, got.G)
				}
			}
		}
	}
}

func TestFit(t *testing.T) {
	for _, c := range []struct{ w, h, long, ww, wh int }{
		{4000, 3000, 2048, 2048, 1536},
		{3000, 4000, 2048, 1536, 2048},
		{100, 50, 2048, 100, 50},
		{10000, 1, 320, 320, 1},
	} {
		if w, h := fit(c.w, c.h, c.long); w != c.ww || h != c.wh {
			t.Errorf("fit(%d, %d, %d) = %d×%d, want %d×%d", c.w, c.h, c.long, w, h, c.ww, c.wh)
		}
	}
}
