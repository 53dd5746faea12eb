package vn_test

import (
	"testing"

	"nscl/internal/vn"
)

func TestIsText(t *testing.T) {
	for s, want := range map[string]bool{
		"":                      true,
		"Sàng lọc\tSắp xếp\r\n": true,
		"ghi\x00chú":            false,
		"\xff\xfe":              false,
		"chuông\x07":            false,
		"C1 \u0085":             false,
		"DEL\x7f":               false,
		"Đạt ✓ 😀":               true,
	} {
		if got := vn.IsText(s); got != want {
			t.Errorf("IsText(%q) = %v, want %v", s, got, want)
		}
	}
}
