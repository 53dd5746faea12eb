// Package vn holds the Vietnamese conventions of the platform: NFC text,
// diacritics-insensitive folding for search (đ → d), and the display of
// dates (dd/mm/yyyy, Asia/Ho_Chi_Minh), numbers (1.234.567) and money
// (1.234.567 ₫).
package vn

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Zone is Vietnam's time zone (UTC+7, no daylight saving).
var Zone = loadZone()

func loadZone() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// NFC returns s in Unicode normalisation form C, trimmed.
func NFC(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// Fold returns s lower-cased without diacritics, for search: "Đồng Nai" and
// "dong nai" fold to the same string. Runs of spaces become one.
//
// Text in ASCII and the Latin letters of Vietnamese (U+00C0–U+1EFF, in NFC
// or NFD) takes a fast path through a table; anything else takes the
// general path (NFD, marks removed, NFC, lower case), which gives the same
// result more slowly. A test checks that the two agree.
func Fold(s string) string {
	table := foldTable()
	b := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		case r >= foldFirst && r < foldFirst+rune(len(table)) && table[r-foldFirst] > 0:
			r = table[r-foldFirst]
		case r >= 0x0300 && r <= 0x036F: // combining marks of NFD text
			continue
		default:
			return foldSlow(s)
		}
		b = append(b, r)
	}
	return collapseSpaces(b)
}

// collapseSpaces returns rs as a string with each run of white space made
// one space, and none at either end.
func collapseSpaces(rs []rune) string {
	var b strings.Builder
	b.Grow(len(rs))
	space := false
	for _, r := range rs {
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}

// foldFirst is the first rune of foldTable.
const foldFirst = 0x00C0

// foldTable maps each rune from foldFirst to U+1EFF to its folded letter,
// or 0 where the fast path does not apply. It is built on first use (about
// 30 ms), not at every process start.
var foldTable = sync.OnceValue(newFoldTable)

func newFoldTable() []rune {
	t := make([]rune, 0x1F00-foldFirst)
	for r := rune(foldFirst); r < 0x1F00; r++ {
		f := []rune(foldSlow(string(r)))
		if len(f) == 1 && f[0] < utf8.RuneSelf && !unicode.IsSpace(f[0]) {
			t[r-foldFirst] = f[0]
		}
	}
	return t
}

// foldSlow is Fold for any text.
func foldSlow(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	rs := []rune(strings.ToLower(out))
	for i, r := range rs {
		if r == 'đ' {
			rs[i] = 'd'
		}
	}
	return collapseSpaces(rs)
}

// Date formats t as dd/mm/yyyy in Vietnam's zone; the zero time is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006")
}

// DateTime formats t as dd/mm/yyyy HH:MM in Vietnam's zone.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006 15:04")
}

// ParseDate reads dd/mm/yyyy (or yyyy-mm-dd, as browsers send) as a date in
// Vietnam's zone.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("02/01/2006", s, Zone); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02", s, Zone)
}

// Int formats n with dots between thousands: 1234567 → "1.234.567".
func Int(n int64) string { return group(strconv.FormatInt(n, 10)) }

// group puts a dot between each group of three digits of s, an integer in
// decimal digits with an optional minus sign.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Money formats an amount of đồng: 1234567 → "1.234.567 ₫".
func Money(dong int64) string { return Int(dong) + " ₫" }

// Decimal formats f with a decimal comma and the given decimals:
// 1234.5 → "1.234,50" for 2 decimals.
func Decimal(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	// Grouped from the digits, not through an int64, so that a figure past
	// 9.2 × 10^18 is shown as it is rather than capped.
	out := group(intPart)
	if frac != "" {
		out += "," + frac
	}
	return out
}
