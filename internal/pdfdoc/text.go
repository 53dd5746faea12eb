package pdfdoc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes a typed text safe to draw with the embedded fonts: bytes
// that are not UTF-8, control characters (a line break or tab becomes a
// space) and characters beyond the Basic Multilingual Plane, which the
// fonts do not have and fpdf refuses (an emoji in a name), go; runs of
// space become one.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r > 0xFFFF || r == '\u2028' || r == '\u2029':
			return -1
		}
		return r
	}, s)), " ")
}
