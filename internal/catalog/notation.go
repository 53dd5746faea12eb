package catalog

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"nscl/internal/fault"
)

// StandardKind is TCVN (national standard, voluntary unless a regulation
// cites it) or QCVN (national technical regulation, mandatory).
type StandardKind string

// The standard kinds.
const (
	KindTCVN StandardKind = "TCVN"
	KindQCVN StandardKind = "QCVN"
)

// StandardKinds lists the kinds.
var StandardKinds = []StandardKind{KindTCVN, KindQCVN}

// Label names the kind.
func (k StandardKind) Label() fault.Text {
	switch k {
	case KindTCVN:
		return fault.Text{Vi: "Tiêu chuẩn quốc gia (TCVN)", En: "National standard (TCVN)"}
	case KindQCVN:
		return fault.Text{Vi: "Quy chuẩn kỹ thuật quốc gia (QCVN)", En: "National technical regulation (QCVN)"}
	}
	return fault.Text{Vi: string(k), En: string(k)}
}

// Notation is a parsed standard designation (facts.md item 11):
//
//	TCVN 4980:2006
//	TCVN ISO 9001:2015, TCVN ISO/IEC 17025:2017 (identical adoptions of
//	management-system standards)
//	TCVN 7447-7-712:2019 (multi-part)
//	TCVN 111:2006 (ISO 15:1998) (with the adopted international standard)
//	QCVN 01:2020/BCT (regulation number, year, issuing ministry)
type Notation struct {
	Kind   StandardKind
	Series string // "ISO" or "ISO/IEC" in "TCVN ISO 9001:2015"; "" otherwise
	Number string // "4980", "7447-7-712", "01"
	Year   int
	Body   string // QCVN only: the issuing ministry's abbreviation, "BCT"
	// Adopted is the international standard in parentheses after a TCVN,
	// normalised: "ISO 15:1998".
	Adopted string
}

// Code returns the canonical designation without the adopted standard:
// "TCVN ISO 9001:2015", "QCVN 01:2020/BCT".
func (n Notation) Code() string {
	var b strings.Builder
	b.WriteString(string(n.Kind))
	b.WriteByte(' ')
	if n.Series != "" {
		b.WriteString(n.Series)
		b.WriteByte(' ')
	}
	b.WriteString(n.Number)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(n.Year))
	if n.Body != "" {
		b.WriteByte('/')
		b.WriteString(n.Body)
	}
	return b.String()
}

// String is Code with the adopted standard, as written on the standard's
// cover: "TCVN 111:2006 (ISO 15:1998)".
func (n Notation) String() string {
	if n.Adopted == "" {
		return n.Code()
	}
	return n.Code() + " (" + n.Adopted + ")"
}

// Year bounds of a designation: TCVN were first issued in the 1960s.
const (
	minYear = 1960
	maxYear = 2100
)

// errNotation is the error of a designation that does not parse.
func errNotation(field, s string) error {
	return (&fault.Error{Kind: fault.Invalid,
		Message: fault.Text{Vi: "Số hiệu tiêu chuẩn không đúng quy cách.", En: "The standard designation is not valid."}}).
		Field(field,
			"Số hiệu \""+s+"\" không đúng quy cách: dùng dạng TCVN 4980:2006, TCVN ISO 9001:2015, TCVN 7447-7-712:2019, có thể thêm tiêu chuẩn quốc tế tương đương \"(ISO 15:1998)\", hoặc QCVN 01:2020/BCT.",
			"\""+s+"\" is not a valid designation: write TCVN 4980:2006, TCVN ISO 9001:2015, TCVN 7447-7-712:2019, optionally followed by the adopted international standard \"(ISO 15:1998)\", or QCVN 01:2020/BCT.")
}

// normalizeNotation puts s in NFC upper case with single spaces, without
// spaces around ':', '/', '-' and inside parentheses, and with fullwidth
// forms and the various dashes made ASCII.
func normalizeNotation(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014' || r == '\u2212':
			r = '-'
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space {
			if b.Len() > 0 && !strings.ContainsRune(":/-(", lastRune(b.String())) && !strings.ContainsRune(":/-)", r) {
				b.WriteByte(' ')
			}
			space = false
		}
		b.WriteString(strings.ToUpper(string(r)))
	}
	return b.String()
}

func lastRune(s string) rune {
	if s == "" {
		return 0
	}
	r := []rune(s)
	return r[len(r)-1]
}

// ParseNotation reads a TCVN or QCVN designation in any spacing and case
// ("tcvn iso 9001 : 2015", "QCVN 01:2020/bct"). field names the input for
// the error, an Invalid fault.Error with a message in both languages.
func ParseNotation(field, s string) (Notation, error) {
	raw := strings.TrimSpace(s)
	if len(raw) > 200 {
		raw = raw[:200]
	}
	n, ok := parseNotation(normalizeNotation(s))
	if !ok {
		return Notation{}, errNotation(field, raw)
	}
	return n, nil
}

func parseNotation(s string) (Notation, bool) {
	var n Notation
	switch {
	case strings.HasPrefix(s, "TCVN "):
		n.Kind, s = KindTCVN, s[5:]
	case strings.HasPrefix(s, "QCVN "):
		n.Kind, s = KindQCVN, s[5:]
	default:
		return n, false
	}
	if n.Kind == KindTCVN {
		if i := strings.IndexByte(s, '('); i >= 0 {
			if !strings.HasSuffix(s, ")") {
				return n, false
			}
			adopted := strings.TrimSpace(s[i+1 : len(s)-1])
			if !validAdopted(adopted) {
				return n, false
			}
			n.Adopted, s = adopted, strings.TrimSpace(s[:i])
		}
		for _, series := range []string{"ISO/IEC ", "ISO "} {
			if strings.HasPrefix(s, series) {
				n.Series, s = strings.TrimSpace(series), s[len(series):]
				break
			}
		}
	} else {
		slash := strings.LastIndexByte(s, '/')
		if slash < 0 {
			return n, false
		}
		n.Body, s = s[slash+1:], s[:slash]
		if !validBody(n.Body) {
			return n, false
		}
	}
	num, year, ok := strings.Cut(s, ":")
	if !ok || !validNumber(num) || len(year) != 4 || !allDigits(year) {
		return n, false
	}
	n.Number = num
	n.Year, _ = strconv.Atoi(year)
	if n.Year < minYear || n.Year > maxYear {
		return n, false
	}
	if n.Kind == KindQCVN && len(strings.SplitN(num, "-", 2)[0]) > 3 {
		return n, false
	}
	return n, true
}

// validNumber: digit groups joined by single hyphens, the first of 1–6
// digits, the others of 1–4.
func validNumber(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) > 6 {
		return false
	}
	for i, p := range parts {
		if p == "" || !allDigits(p) || len(p) > 6 || (i > 0 && len(p) > 4) {
			return false
		}
	}
	return true
}

// validBody: the upper-case letters of a ministry's abbreviation (BCT,
// BKHCN, BTNMT, BLĐTBXH), 2–10 of them.
func validBody(s string) bool {
	n := 0
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z') && r != 'Đ' {
			return false
		}
		n++
	}
	return n >= 2 && n <= 10
}

// validAdopted accepts an international designation such as "ISO 15:1998",
// "IEC 60335-1:2006", "ISO/IEC 17025:2017", "ISO/TS 22002-1:2009" or
// "CAC/RCP 1-1969": an organisation (letters, with '/' between parts), a
// space, a number with parts, and an optional ":year".
func validAdopted(s string) bool {
	org, rest, ok := strings.Cut(s, " ")
	if !ok || org == "" || len(s) > 60 {
		return false
	}
	for _, part := range strings.Split(org, "/") {
		if part == "" || len(part) > 6 {
			return false
		}
		for _, r := range part {
			if r < 'A' || r > 'Z' {
				return false
			}
		}
	}
	num, year, hasYear := strings.Cut(rest, ":")
	if !validNumber(num) {
		return false
	}
	if hasYear {
		y, err := strconv.Atoi(year)
		if len(year) != 4 || err != nil || y < 1900 || y > maxYear {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// SortKey orders designations by kind, series, number (numerically, part by
// part) and year, so that TCVN 2 comes before TCVN 10.
func (n Notation) SortKey() string {
	var b strings.Builder
	b.WriteString(string(n.Kind))
	b.WriteByte('|')
	b.WriteString(n.Series)
	b.WriteByte('|')
	for i, p := range strings.Split(n.Number, "-") {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(strings.Repeat("0", max(0, 6-len(p))))
		b.WriteString(p)
	}
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(n.Year))
	b.WriteByte('|')
	b.WriteString(n.Body)
	return b.String()
}
