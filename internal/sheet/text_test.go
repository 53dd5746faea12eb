package sheet_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"nscl/internal/sheet"
)

func TestCleanText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want string
	}{
		{"Trim", "  Công ty  ", "Công ty"},
		{"Collapse", "Công   ty\t\tTNHH", "Công ty TNHH"},
		{"NBSP", "Công\u00a0ty", "Công ty"},
		{"ZeroWidthSpace", "Công\u200bty", "Công ty"},
		{"ZeroWidthJoinerDropped", "Cô\u200dng", "Công"},
		{"BOMDropped", "\ufeffMã số thuế", "Mã số thuế"},
		{"LineBreaks", "Mã số\r\nthuế\n(MST)", "Mã số thuế (MST)"},
		{"NFC", "Nguye\u0302\u0303n", "Nguyễn"},
		{"Empty", "", ""},
		{"InvalidUTF8", "a\xffb", "a\ufffdb"},
		// Tone placement: oa, oe, uy without a final consonant.
		{"Hoa", "hoà", "hòa"},
		{"HoaAcute", "hoá", "hóa"},
		{"Thuy", "thuỷ", "thủy"},
		{"Khoe", "khoẻ", "khỏe"},
		{"Toa", "toả", "tỏa"},
		{"Xoe", "xoè", "xòe"},
		{"Tuy", "tuỳ", "tùy"},
		{"UyBan", "Uỷ ban nhân dân", "Ủy ban nhân dân"},
		{"KhanhHoa", "Khánh Hoà", "Khánh Hòa"},
		{"ThanhHoa", "THANH HOÁ", "THANH HÓA"},
		{"ThuyDien", "Thuỵ Điển", "Thụy Điển"},
		{"Decomposed", "hoa\u0300", "hòa"},
		{"KeepNew", "hòa thủy khỏe", "hòa thủy khỏe"},
		{"KeepQuy", "quý", "quý"},
		{"KeepQuynh", "Quỳnh", "Quỳnh"},
		{"KeepHoang", "hoàng", "hoàng"},
		{"KeepThuyet", "thuyết", "thuyết"},
		{"KeepNgoai", "ngoài", "ngoài"},
		{"KeepKhuya", "khuya", "khuya"},
		{"KeepToan", "toàn", "toàn"},
		{"KeepHoach", "kế hoạch", "kế hoạch"},
		{"KeepThue", "thuế", "thuế"},
		{"KeepQua", "quà", "quà"},
		{"Sentence", "Công ty cổ phần Hoà Phát — Thanh Hoá", "Công ty cổ phần Hòa Phát — Thanh Hóa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sheet.CleanText(tc.in); got != tc.want {
				t.Fatalf("CleanText(%q)=%q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"Diacritics", "Mã số thuế", "ma so thue"},
		{"Punctuation", "MÃ SỐ THUẾ (MST)", "ma so thue mst"},
		{"D", "Địa chỉ", "dia chi"},
		{"LineBreak", "Tên doanh\nnghiệp", "ten doanh nghiep"},
		{"Slash", "Điện thoại/Fax", "dien thoai fax"},
		{"Empty", " - ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sheet.Fold(tc.in); got != tc.want {
				t.Fatalf("Fold(%q)=%q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzCleanText: no panic; the result is valid NFC UTF-8 without leading,
// trailing or double spaces, and cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"hoà", "thuỷ  khoẻ", "quý", "\u00a0a\u200bb\r\n", "Nguye\u0302\u0303n", "\xff", "oà", "Uỷ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := sheet.CleanText(s)
		if !utf8.ValidString(c) || !norm.NFC.IsNormalString(c) {
			t.Fatalf("CleanText(%q)=%q is not valid NFC", s, c)
		}
		if strings.HasPrefix(c, " ") || strings.HasSuffix(c, " ") || strings.Contains(c, "  ") {
			t.Fatalf("CleanText(%q)=%q has stray spaces", s, c)
		}
		if c2 := sheet.CleanText(c); c2 != c {
			t.Fatalf("CleanText not idempotent: %q → %q → %q", s, c, c2)
		}
		if f := sheet.Fold(c); f != sheet.Fold(f) {
			t.Fatalf("Fold not idempotent on %q", c)
		}
	})
}
