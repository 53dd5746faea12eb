package vn_test

import (
	"testing"
	"time"

	"nscl/internal/vn"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Đồng Nai", "dong nai"},
		{"  THÀNH PHỐ   Hồ Chí Minh ", "thanh pho ho chi minh"},
		{"Công ty TNHH Nhựa Đại Đồng", "cong ty tnhh nhua dai dong"},
		{"Nghệ An", "nghe an"},
		{"", ""},
	} {
		if got := vn.Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q)=%q, want %q", tc.in, got, tc.want)
		}
	}
	// NFD input (decomposed) folds the same as NFC.
	if vn.Fold("Ha\u0300 No\u0323\u0302i") != "ha noi" {
		t.Errorf("NFD input not folded: %q", vn.Fold("Ha\u0300 No\u0323\u0302i"))
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{vn.Money(1234567), "1.234.567 ₫"},
		{vn.Money(0), "0 ₫"},
		{vn.Money(-1000), "-1.000 ₫"},
		{vn.Int(999), "999"},
		{vn.Int(1000), "1.000"},
		{vn.Decimal(1234.5, 2), "1.234,50"},
		{vn.Decimal(-0.25, 1), "-0,2"},
		{vn.Decimal(1e20, 0), "100.000.000.000.000.000.000"},
		{vn.Decimal(-12345678.5, 1), "-12.345.678,5"},
		{vn.Date(time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC)), "27/11/2026"},
		{vn.DateTime(time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)), "02/01/2026 10:04"},
		{vn.Date(time.Time{}), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"27/11/2026", "2026-11-27"} {
		d, err := vn.ParseDate(s)
		if err != nil || vn.Date(d) != "27/11/2026" {
			t.Errorf("ParseDate(%q)=%v,%v", s, d, err)
		}
	}
	if _, err := vn.ParseDate("31/02/2026"); err == nil {
		t.Error("ParseDate(31/02/2026) accepted")
	}
}

// TestFold_FastPathAgreesWithGeneral checks the table path of Fold against
// the general one on Vietnamese text in NFC and NFD, every rune of the
// table's range, and text outside it.
func TestFold_FastPathAgreesWithGeneral(t *testing.T) {
	cases := []string{
		"Công ty TNHH Nhựa Đồng Nai", "  ĐẠI   HỌC\tBÁCH KHOA ", "Thép Hòa Phát — Chi nhánh Hưng Yên",
		norm.NFD.String("Cơ khí chính xác Cửu Long ặ ữ ỹ"), "ABCxyz 0123 ,.;", "Ελληνικά ÅÆŒ ǅ ﬁ", "Tiếng Việt 漢字",
		"", "   ", "e\u0301\u0323", "Ǆ", "İstanbul",
	}
	for r := rune(0x00C0); r < 0x1F00; r++ {
		cases = append(cases, "a"+string(r)+"B")
	}
	for _, c := range cases {
		if got, want := vn.Fold(c), vn.FoldSlow(c); got != want {
			t.Errorf("Fold(%q) = %q, general path gives %q", c, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	name := "Công ty Cổ phần Cơ khí Chính xác Đồng Nai"
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			vn.Fold(name)
		}
	})
	b.Run("general", func(b *testing.B) {
		for b.Loop() {
			vn.FoldSlow(name)
		}
	})
}
