package photo

import "encoding/binary"

// Orientation returns the EXIF orientation of a JPEG file (1–8, see the
// TIFF 6.0 tag 274), or 1 when it has none or it cannot be read. It walks
// the JPEG's segments up to the image data, reads the first APP1 "Exif"
// segment's TIFF header and its first IFD; every offset is checked, so a
// malformed or hostile EXIF block only ever reads as "no orientation".
func Orientation(jpg []byte) int {
	if len(jpg) < 4 || jpg[0] != 0xFF || jpg[1] != 0xD8 {
		return 1
	}
	i := 2
	for seg := 0; seg < 256 && i+4 <= len(jpg); seg++ {
		if jpg[i] != 0xFF {
			return 1
		}
		m := jpg[i+1]
		switch {
		case m == 0xFF: // fill byte before a marker
			i++
			continue
		case m == 0x01 || m == 0xD8 || m >= 0xD0 && m <= 0xD7: // markers without a length
			i += 2
			continue
		case m == 0xDA || m == 0xD9: // start of scan, end of image: no EXIF after
			return 1
		}
		n := int(binary.BigEndian.Uint16(jpg[i+2:]))
		if n < 2 || i+2+n > len(jpg) {
			return 1
		}
		body := jpg[i+4 : i+2+n]
		if m == 0xE1 && len(body) >= 6 && string(body[:6]) == "Exif\x00\x00" {
			return tiffOrientation(body[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads the orientation tag of a TIFF structure's first
// IFD.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	count := int64(bo.Uint16(t[off:]))
	for k := int64(0); k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		var v uint32
		switch typ, n := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:]); {
		case n < 1:
			return 1
		case typ == 3: // SHORT, in the first two bytes of the value field
			v = uint32(bo.Uint16(t[e+8:]))
		case typ == 4: // LONG
			v = bo.Uint32(t[e+8:])
		default:
			return 1
		}
		if v >= 1 && v <= 8 {
			return int(v)
		}
		return 1
	}
	return 1
}
