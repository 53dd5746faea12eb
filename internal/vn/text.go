package vn

import (
	"unicode"
	"unicode/utf8"
)

// IsText reports whether s may be kept as typed text: valid UTF-8 without
// control characters other than tab, line feed and carriage return.
// PostgreSQL refuses a NUL or invalid bytes outright (SQLSTATE 22021), and
// the other control characters are never typed: they would travel into
// pages, mails, PDFs and exports.
func IsText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return false
		}
	}
	return true
}
