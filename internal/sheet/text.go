package sheet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanText returns s as it should be stored: NFC; non-breaking, thin and
// zero-width spaces, tabs and line breaks turned into plain spaces; other
// control and invisible format characters (BOM, zero-width joiners) removed;
// runs of spaces collapsed; trimmed; and the tone mark of the open
// syllables oa, oe, uy put on the first vowel (hoà → hòa, thuỷ → thủy,
// khoẻ → khỏe), the placement used in the names of official documents
// (Khánh Hòa, Thanh Hóa, Ủy ban). Syllables with a final consonant or a third
// vowel (hoàng, thuyết, ngoài, khuya) and qu- syllables (quý, quỳnh) keep
// their marks, because both conventions agree on them.
//
// Invalid UTF-8 bytes are replaced by U+FFFD. CleanText is idempotent.
func CleanText(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		switch {
		case isSpace(r):
			space = true
			continue
		case isInvisible(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return norm.NFC.String(moveTones(b.String()))
}

// isSpace reports the runes CleanText turns into a space. Zero-width space
// counts: it marks a word break where it is used.
func isSpace(r rune) bool {
	switch r {
	case '\u200B', '\u00A0', '\u202F', '\u2007', '\u3000', '\u0085':
		return true
	}
	return unicode.IsSpace(r)
}

// isInvisible reports runes dropped by CleanText: controls and format
// characters (ZWJ, ZWNJ, word joiner, BOM, soft hyphen, bidi marks).
func isInvisible(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// Tone marks as combining characters (NFD).
const (
	toneGrave = '\u0300' // huyền
	toneAcute = '\u0301' // sắc
	toneTilde = '\u0303' // ngã
	toneHook  = '\u0309' // hỏi
	toneDot   = '\u0323' // nặng
)

func isTone(r rune) bool {
	switch r {
	case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
		return true
	}
	return false
}

func isVowel(r rune) bool {
	switch unicode.ToLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// moveTones rewrites, in NFD text, each word that ends in the open
// diphthong oa, oe or uy with the tone on the second vowel so that the tone
// sits on the first one.
func moveTones(s string) string {
	if !strings.ContainsFunc(s, isTone) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexFunc(s, func(r rune) bool { return !isWordRune(r) })
		if i < 0 {
			i = len(s)
		}
		if i == 0 {
			_, n := utf8.DecodeRuneInString(s)
			b.WriteString(s[:n])
			s = s[n:]
			continue
		}
		b.WriteString(moveTone(s[:i]))
		s = s[i:]
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

// moveTone handles one NFD word. The word must end in exactly two vowels
// o+a, o+e or u+y (bare, the second carrying one tone mark and nothing
// else) preceded by a consonant or nothing, and uy must not follow q.
func moveTone(w string) string {
	type unit struct {
		base  rune
		marks []rune
	}
	var us []unit
	for _, r := range w {
		if unicode.Is(unicode.Mn, r) {
			if len(us) == 0 {
				return w
			}
			us[len(us)-1].marks = append(us[len(us)-1].marks, r)
			continue
		}
		us = append(us, unit{base: r})
	}
	n := len(us)
	if n < 2 {
		return w
	}
	v1, v2 := us[n-2], us[n-1]
	pair := string([]rune{unicode.ToLower(v1.base), unicode.ToLower(v2.base)})
	if pair != "oa" && pair != "oe" && pair != "uy" {
		return w
	}
	if len(v1.marks) != 0 || len(v2.marks) != 1 || !isTone(v2.marks[0]) {
		return w
	}
	if n >= 3 {
		prev := unicode.ToLower(us[n-3].base)
		if isVowel(prev) || (pair == "uy" && prev == 'q') {
			return w
		}
	}
	var b strings.Builder
	for _, u := range us[:n-2] {
		b.WriteRune(u.base)
		for _, m := range u.marks {
			b.WriteRune(m)
		}
	}
	b.WriteRune(v1.base)
	b.WriteRune(v2.marks[0])
	b.WriteRune(v2.base)
	return b.String()
}

// Fold returns the form used to compare header texts: NFD with the marks
// removed, đ → d, lower case, and every run of spaces and punctuation made
// one space, trimmed. "Mã số thuế (MST)" and "MA SO THUE - MST" both fold
// to "ma so thue mst".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}
