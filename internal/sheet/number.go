package sheet

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rules shared by ParseNumber, ParseInt and ParseMoney, in order:
//
//   - Empty text (after CleanText) and a lone dash ("-", "–", "—"), which
//     reports use for "nothing", are ErrMissing, distinct from invalid text.
//   - A currency word or sign before or after the number is dropped when it
//     is the đồng (đ, ₫, đồng, VND, VNĐ, dong); a foreign one ($, USD, €, EUR,
//     ¥, JPY, CNY, £, GBP) is CodeForeignCurrency: converting needs a rate.
//   - A leading "-", "−" or "+", or parentheses around the number "(1.234)",
//     give the sign.
//   - Spaces (plain, non-breaking, thin) may only separate thousands:
//     "1 234 567".
//   - With both "." and ",", the last one is the decimal separator and the
//     other separates thousands: "1.234.567,89" and "1,234,567.89".
//   - With only one kind, repeated, it separates thousands: "1.234.567",
//     "1,234,567".
//   - A single "," is a decimal comma, as in Vietnamese: "12,5" = 12.5 and
//     "1,234" = 1.234.
//   - A single "." is a thousands separator when it is followed by exactly
//     three digits and preceded by one to three digits not starting with 0:
//     "1.234" = 1234, "12.500" = 12500. Otherwise it is a decimal point, as
//     in exports from English software: "12.5", "0.125", "1234.567".
//   - Thousand groups must have exactly three digits: "1.23.456" is invalid.
//
// XLSX cells that are stored as numbers do not go through these rules:
// Cell.Number reads them exactly.

// decimal is mant × 10^-scale.
type decimal struct {
	neg   bool
	mant  uint64
	scale int
}

const maxMant = 1<<63 - 1

func (d decimal) float() float64 {
	f := float64(d.mant)
	if d.scale > 0 {
		// Through strconv for correct rounding: 0.1 must be 0.1.
		s := strconv.FormatUint(d.mant, 10)
		for len(s) <= d.scale {
			s = "0" + s
		}
		s = s[:len(s)-d.scale] + "." + s[len(s)-d.scale:]
		f, _ = strconv.ParseFloat(s, 64)
	}
	if d.neg {
		f = -f
	}
	return f
}

var (
	vndWords     = []string{"vnđ", "vnd", "đồng", "dong", "đ", "₫"}
	foreignWords = []string{"usd", "us$", "eur", "jpy", "cny", "rmb", "gbp", "krw", "$", "€", "¥", "£", "₩"}
	unitWords    = []struct {
		word string
		mult uint64
	}{
		{"nghìn", 1e3}, {"ngàn", 1e3}, {"nghin", 1e3}, {"ngan", 1e3},
		{"triệu", 1e6}, {"trieu", 1e6}, {"tr", 1e6}, {"tỷ", 1e9}, {"tỉ", 1e9}, {"ty", 1e9},
	}
)

// ParseNumber reads a number written by a person or by Vietnamese or English
// software; see the rules above. Errors: ErrMissing for empty text,
// CodeForeignCurrency, and CodeInvalidNumber for anything else ("N/A",
// "không có", "12 triệu" — unit words are for ParseMoney).
func ParseNumber(s string) (float64, error) {
	d, _, err := parseDecimal(s, false)
	if err != nil {
		return 0, err
	}
	return d.float(), nil
}

// ParseInt is ParseNumber for whole numbers (counts of employees, years).
// A fractional part other than zeros is CodeFraction: "12,5" is an error,
// "12,0" is 12.
func ParseInt(s string) (int64, error) {
	d, _, err := parseDecimal(s, false)
	if err != nil {
		return 0, err
	}
	return d.integer(1, s)
}

// ParseMoney reads an amount of đồng as a whole number, accepting the unit
// words nghìn/ngàn (10³), triệu/tr (10⁶) and tỷ/tỉ (10⁹), with or without
// diacritics, after the number:
// "12,5 tỷ" = 12 500 000 000, "1.234 triệu đồng" = 1 234 000 000. Fractions
// of a đồng are CodeFraction. Amounts beyond ±9.2 × 10¹⁸ are invalid.
func ParseMoney(s string) (int64, error) {
	d, mult, err := parseDecimal(s, true)
	if err != nil {
		return 0, err
	}
	return d.integer(mult, s)
}

func (d decimal) integer(mult uint64, s string) (int64, error) {
	m, scale := d.mant, d.scale
	for ; scale > 0 && mult%10 == 0 && mult > 1; scale-- {
		mult /= 10
	}
	for ; scale > 0 && m%10 == 0; scale-- {
		m /= 10
	}
	if scale > 0 {
		return 0, errorf(CodeFraction, "%q có phần lẻ, cần số nguyên", "%q has a fraction; a whole number is needed", s)
	}
	if m != 0 && mult > maxMant/m {
		return 0, errorf(CodeInvalidNumber, "%q quá lớn", "%q is too large", s)
	}
	n := int64(m * mult)
	if d.neg {
		n = -n
	}
	return n, nil
}

func invalidNumber(s string) *Error {
	return errorf(CodeInvalidNumber, "%q không phải là số", "%q is not a number", s)
}

// parseDecimal applies the rules; with units it also reads a unit word and
// returns its multiplier (1 when there is none).
func parseDecimal(orig string, units bool) (decimal, uint64, error) {
	s := strings.ToLower(CleanText(orig))
	if s == "" || s == "-" || s == "–" || s == "—" {
		return decimal{}, 0, ErrMissing
	}
	if len(s) > 64 {
		return decimal{}, 0, invalidNumber(truncate(orig, 64))
	}
	var d decimal
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		d.neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	for _, p := range []string{"-", "−", "+"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			d.neg = d.neg != (p != "+")
			s = strings.TrimSpace(rest)
			break
		}
	}
	// Currency on either side, then (for money) the unit word before it:
	// "12,5 tỷ đồng", "₫ 1.234".
	cur := false
	s, cur = cutWord(s, vndWords)
	if w, ok := hasWord(s, foreignWords); ok {
		return decimal{}, 0, errorf(CodeForeignCurrency, "%q là ngoại tệ (%s), cần số tiền bằng đồng", "%q is in a foreign currency (%s); an amount in đồng is needed", orig, strings.ToUpper(w))
	}
	mult := uint64(1)
	if units {
		for _, u := range unitWords {
			if rest, ok := strings.CutSuffix(s, u.word); ok && rest != "" && !isLetterEnd(rest) {
				mult, s = u.mult, strings.TrimSpace(rest)
				break
			}
		}
		if !cur {
			s, _ = cutWord(s, vndWords)
		}
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && !d.neg {
		d.neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if rest, ok := strings.CutPrefix(s, "-"); ok && !d.neg {
		d.neg, s = true, rest
	}
	var err error
	if d.mant, d.scale, err = parseDigits(s); err != nil {
		return decimal{}, 0, invalidNumber(orig)
	}
	if d.mant == 0 {
		d.neg = false
	}
	return d, mult, nil
}

func isLetterEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r >= 'a' && r <= 'z' || r > utf8.RuneSelf
}

// cutWord removes one of words from either end of s, when it stands apart
// from the digits or is a sign (₫, $): "1.000đ" and "1.000 đồng" both work.
func cutWord(s string, words []string) (string, bool) {
	for _, w := range words {
		if rest, ok := strings.CutSuffix(s, w); ok && rest != "" && !isLetterEnd(rest) {
			return strings.TrimSpace(rest), true
		}
		if rest, ok := strings.CutPrefix(s, w); ok && rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); !(r >= 'a' && r <= 'z') {
				return strings.TrimSpace(rest), true
			}
		}
	}
	return s, false
}

func hasWord(s string, words []string) (string, bool) {
	for _, w := range words {
		if strings.HasSuffix(s, w) || strings.HasPrefix(s, w) {
			return w, true
		}
	}
	return "", false
}

// parseDigits reads digits with the separators described above.
func parseDigits(s string) (uint64, int, error) {
	if s == "" {
		return 0, 0, strconv.ErrSyntax
	}
	// Which separator is the decimal one?
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	dec := byte(0)
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma {
			dec = '.'
		} else {
			dec = ','
		}
	case commas == 1:
		dec = ','
	case dots == 1:
		intPart, frac := s[:lastDot], s[lastDot+1:]
		intPart = strings.TrimSpace(intPart)
		if !(len(frac) == 3 && allDigits(frac) && len(intPart) >= 1 && len(intPart) <= 3 && allDigits(intPart) && intPart[0] != '0') {
			dec = '.'
		}
	}
	intPart, frac := s, ""
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || !allDigits(frac) {
			return 0, 0, strconv.ErrSyntax
		}
	}
	digits, err := groupedDigits(intPart, dec)
	if err != nil {
		return 0, 0, err
	}
	digits += frac
	digits = strings.TrimLeft(digits, "0")
	// Trailing fraction zeros carry no value; dropping them keeps big
	// amounts with ",00" within range.
	scale := len(frac)
	for scale > 0 && strings.HasSuffix(digits, "0") {
		digits, scale = digits[:len(digits)-1], scale-1
	}
	if digits == "" {
		return 0, 0, nil
	}
	m, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || m > maxMant {
		return 0, 0, strconv.ErrRange
	}
	return m, scale, nil
}

// groupedDigits checks the integer part: digits, optionally in groups of
// three separated by one kind of thousands separator (the one that is not
// dec) or by spaces.
func groupedDigits(s string, dec byte) (string, error) {
	if s == "" {
		if dec != 0 {
			return "", nil // ",5" and ".5"
		}
		return "", strconv.ErrSyntax
	}
	var groups []string
	var sep byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if c != '.' && c != ',' && c != ' ' || c == dec {
			return "", strconv.ErrSyntax
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return "", strconv.ErrSyntax
		}
		groups = append(groups, s[start:i])
		start = i + 1
	}
	groups = append(groups, s[start:])
	if len(groups) == 1 {
		return groups[0], nil
	}
	if n := len(groups[0]); n < 1 || n > 3 {
		return "", strconv.ErrSyntax
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", strconv.ErrSyntax
		}
	}
	return strings.Join(groups, ""), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// numberCell reads an XLSX number as stored ("1234.5", "1E-3").
func numberCell(raw string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, invalidNumber(raw)
	}
	return f, nil
}
