package vn

import (
	"errors"
	"strconv"
	"strings"
)

// Errors of the number parsers; callers turn them into field messages.
var (
	// ErrNumber: not a number as Vietnamese forms write them.
	ErrNumber = errors.New("vn: not a number")
	// ErrAmbiguous: "12.500" could be twelve thousand five hundred or
	// twelve and a half; the writer must use a comma for decimals.
	ErrAmbiguous = errors.New("vn: ambiguous decimal point")
)

// ParseAmount reads a whole amount (đồng, counts) as Vietnamese forms write
// it: digits with dots or spaces between thousands ("1.500.000",
// "1 500 000", "1500000"), an optional leading minus, an optional trailing
// "₫" or "đ". Anything else — a decimal comma, letters, "NaN", a misplaced
// separator like "1.50.000" — is ErrNumber; so is an amount beyond int64.
func ParseAmount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "₫"), "đ"))
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	digits, ok := groupedDigits(s)
	if !ok {
		return 0, ErrNumber
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, ErrNumber
	}
	if neg {
		n = -n
	}
	return n, nil
}

// groupedDigits returns s without its thousands separators if s is digits
// either ungrouped or grouped by three with one kind of separator ('.' or
// ' ') throughout.
func groupedDigits(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	sep := byte(0)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '.' || c == ' ' {
			if sep != 0 && c != sep {
				return "", false
			}
			sep = c
		} else if c < '0' || c > '9' {
			return "", false
		}
	}
	if sep == 0 {
		return s, true
	}
	groups := strings.Split(s, string(sep))
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// ParseDecimal reads a decimal number as Vietnamese forms write it: a comma
// before the decimals and dots (or spaces) between thousands
// ("1.234,5", "12,5", "1500"). A dot is also taken as the decimal point
// when it cannot be a thousands separator ("12.5", "0.75"); "12.500" or
// "1.500" without a comma is ErrAmbiguous. Only digits are read: "NaN",
// "Inf", exponents and hex are ErrNumber.
func ParseDecimal(s string) (float64, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasComma := strings.Cut(s, ",")
	if !hasComma && strings.Count(s, ".") == 1 {
		i := strings.IndexByte(s, '.')
		if len(s)-i-1 == 3 && i >= 1 && i <= 3 && !strings.Contains(s, " ") {
			return 0, ErrAmbiguous
		}
		intPart, frac, hasComma = s[:i], s[i+1:], true
	}
	digits, ok := groupedDigits(intPart)
	if !ok {
		return 0, ErrNumber
	}
	if hasComma {
		if frac == "" {
			return 0, ErrNumber
		}
		for i := 0; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return 0, ErrNumber
			}
		}
		digits += "." + frac
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, ErrNumber
	}
	if neg {
		f = -f
	}
	return f, nil
}
