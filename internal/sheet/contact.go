package sheet

import (
	"net/mail"
	"strings"
)

// DigitsOnly returns the digits of a code written with spaces, dots, dashes,
// slashes or underscores between them ("0314 409 058-002" →
// "0314409058002"), or "" when s holds anything else (letters, "E+08"
// scientific notation that lost digits) or no digit at all. Leading zeros
// are kept. For an XLSX number cell use Cell.Digits, which reads the
// stored number instead of the text.
func DigitsOnly(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || r == '-' || r == '–' || r == '/' || r == '_' || isSpace(r) || isInvisible(r):
		default:
			return ""
		}
	}
	return b.String()
}

// ParseEmail checks an e-mail address and returns it trimmed with its
// domain in lower case. "Name <a@b.vn>" and "mailto:a@b.vn" give "a@b.vn".
// When the cell lists several addresses (separated by ";", "," or spaces),
// the first one is returned. Errors: ErrMissing, CodeInvalidEmail (no
// "@", no dot in the domain, spaces, anything net/mail rejects).
func ParseEmail(s string) (string, error) {
	c := CleanText(s)
	if c == "" {
		return "", ErrMissing
	}
	first := c
	if !strings.Contains(c, "<") {
		parts := strings.FieldsFunc(c, func(r rune) bool { return r == ';' || r == ',' || r == ' ' })
		if len(parts) == 0 {
			return "", errorf(CodeInvalidEmail, "%q không phải là địa chỉ email", "%q is not an e-mail address", truncate(s, 64))
		}
		first = parts[0]
	}
	first = strings.TrimPrefix(strings.TrimPrefix(first, "mailto:"), "MAILTO:")
	a, err := mail.ParseAddress(first)
	if err != nil {
		return "", errorf(CodeInvalidEmail, "%q không phải là địa chỉ email", "%q is not an e-mail address", truncate(s, 64))
	}
	local, domain, ok := strings.Cut(a.Address, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.ContainsAny(a.Address, " \"[]") {
		return "", errorf(CodeInvalidEmail, "%q không phải là địa chỉ email", "%q is not an e-mail address", truncate(s, 64))
	}
	return local + "@" + strings.ToLower(domain), nil
}

// phoneMarks are dropped from a phone number as written ("(028) 3822 …", "+84 …").
var phoneMarks = strings.NewReplacer("(", "", ")", "", "+", "")

// ParsePhone reads a Vietnamese phone number and returns it in national
// form, digits only, starting with 0: "+84 912 345 678", "(84) 912.345.678"
// and "0912-345-678" all give "0912345678". Accepted: mobile numbers
// (10 digits, 03/05/07/08/09), landlines (11 digits, 02x since the 2017
// renumbering) and 1800/1900 service numbers (8 or 10 digits). A number
// that lost its leading zero in Excel (912345678) gets it back. When the
// cell lists several numbers (separated by "/", ";", "," or " - "), the
// first is returned. Errors: ErrMissing, CodeInvalidPhone.
func ParsePhone(s string) (string, error) {
	c := CleanText(s)
	if c == "" {
		return "", ErrMissing
	}
	for _, sep := range []string{" - ", " – ", "/", ";", ",", " hoặc ", " or "} {
		if i := strings.Index(c, sep); i > 0 {
			c = c[:i]
		}
	}
	c = phoneMarks.Replace(c)
	d := DigitsOnly(c)
	invalid := errorf(CodeInvalidPhone, "%q không phải là số điện thoại Việt Nam", "%q is not a Vietnamese phone number", truncate(s, 64))
	switch {
	case strings.HasPrefix(d, "84") && (len(d) == 11 || len(d) == 12):
		d = "0" + d[2:]
	case strings.HasPrefix(d, "1800") || strings.HasPrefix(d, "1900"):
		if len(d) == 8 || len(d) == 10 {
			return d, nil
		}
		return "", invalid
	case len(d) == 9 && strings.ContainsRune("35789", rune(d[0])), len(d) == 10 && d[0] == '2':
		d = "0" + d
	}
	switch {
	case len(d) == 10 && d[0] == '0' && strings.ContainsRune("35789", rune(d[1])):
	case len(d) == 11 && strings.HasPrefix(d, "02"):
	default:
		return "", invalid
	}
	return d, nil
}
