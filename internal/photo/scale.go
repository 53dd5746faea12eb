package photo

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// shrink returns src on a new opaque RGBA image whose long side is at most
// long; what is transparent in src is white (JPEG has no transparency and
// would show it black).
//
// A large reduction is made in two steps: a box filter by the whole factor
// k (each output pixel the mean of a k×k block: no aliasing, one pass over
// the source), then a bilinear step for the remaining factor, which is
// below 2. x/image/draw's kernel scalers would do it in one step, but
// they keep an intermediate of float64s the width of the output by the
// height of the source: 200 MB for a 12-megapixel photo.
func shrink(src image.Image, long int) *image.RGBA {
	sb := src.Bounds()
	w, h := fit(sb.Dx(), sb.Dy(), long)
	if k := min(sb.Dx()/w, sb.Dy()/h); k >= 2 {
		src = boxShrink(src, k)
		sb = src.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	op := draw.Src
	if !opaque(src) {
		for i := range dst.Pix {
			dst.Pix[i] = 0xFF
		}
		op = draw.Over
	}
	if w == sb.Dx() && h == sb.Dy() {
		draw.Draw(dst, dst.Rect, src, sb.Min, op)
	} else {
		draw.ApproxBiLinear.Scale(dst, dst.Rect, src, sb, op, nil)
	}
	return dst
}

func opaque(m image.Image) bool {
	o, ok := m.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

// boxShrink returns src reduced k times on each side (the remainder of
// fewer than k pixels at the right and bottom edges is left out) as an
// opaque RGBA image, each pixel the mean of a k×k block composited over
// white.
func boxShrink(src image.Image, k int) *image.RGBA {
	sb := src.Bounds()
	ow, oh := sb.Dx()/k, sb.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	n := uint32(k * k)
	switch m := src.(type) {
	case *image.YCbCr:
		// The mean luma of the block with the chroma at its centre (the
		// chroma planes are already subsampled).
		for oy := range oh {
			y0 := sb.Min.Y + oy*k
			d := dst.Pix[oy*dst.Stride:]
			for ox := range ow {
				x0 := sb.Min.X + ox*k
				var sum uint32
				for yy := y0; yy < y0+k; yy++ {
					i := m.YOffset(x0, yy)
					for _, v := range m.Y[i : i+k] {
						sum += uint32(v)
					}
				}
				c := m.COffset(x0+k/2, y0+k/2)
				r, g, b := color.YCbCrToRGB(uint8(sum/n), m.Cb[c], m.Cr[c])
				d[4*ox], d[4*ox+1], d[4*ox+2], d[4*ox+3] = r, g, b, 0xFF
			}
		}
	case *image.RGBA, *image.NRGBA:
		// Both are 4 bytes a pixel; NRGBA's colours are multiplied by
		// their alpha first.
		pix, stride, pre := pixOf(m)
		for oy := range oh {
			d := dst.Pix[oy*dst.Stride:]
			for ox := range ow {
				var r, g, b, a uint32
				for yy := oy * k; yy < oy*k+k; yy++ {
					row := pix[yy*stride+4*ox*k : yy*stride+4*(ox*k+k)]
					for i := 0; i < len(row); i += 4 {
						pa := uint32(row[i+3])
						if pre {
							r += uint32(row[i]) * pa / 0xFF
							g += uint32(row[i+1]) * pa / 0xFF
							b += uint32(row[i+2]) * pa / 0xFF
						} else {
							r, g, b = r+uint32(row[i]), g+uint32(row[i+1]), b+uint32(row[i+2])
						}
						a += pa
					}
				}
				white := (0xFF*n - a) // over white: add what the alpha leaves
				d[4*ox], d[4*ox+1], d[4*ox+2], d[4*ox+3] = uint8((r+white)/n), uint8((g+white)/n), uint8((b+white)/n), 0xFF
			}
		}
	default:
		// Any other model (grey, CMYK, palette, 16 bits), through At.
		for oy := range oh {
			d := dst.Pix[oy*dst.Stride:]
			for ox := range ow {
				var r, g, b, a uint64
				for yy := sb.Min.Y + oy*k; yy < sb.Min.Y+oy*k+k; yy++ {
					for xx := sb.Min.X + ox*k; xx < sb.Min.X+ox*k+k; xx++ {
						cr, cg, cb, ca := m.At(xx, yy).RGBA()
						r, g, b, a = r+uint64(cr), g+uint64(cg), b+uint64(cb), a+uint64(ca)
					}
				}
				white := 0xFFFF*uint64(n) - a
				nn := uint64(n) * 0x101
				d[4*ox], d[4*ox+1], d[4*ox+2], d[4*ox+3] = uint8((r+white)/nn), uint8((g+white)/nn), uint8((b+white)/nn), 0xFF
			}
		}
	}
	return dst
}

// pixOf returns the pixels of an RGBA or NRGBA image from its bounds'
// origin, its stride, and whether the colours still need multiplying by
// alpha (NRGBA).
func pixOf(m image.Image) ([]byte, int, bool) {
	switch m := m.(type) {
	case *image.RGBA:
		return m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, false
	case *image.NRGBA:
		return m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, true
	}
	return nil, 0, false
}
