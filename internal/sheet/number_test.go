package sheet_test

import (
	"errors"
	"math"
	"strconv"
	"testing"

	"nscl/internal/sheet"
	"nscl/internal/vn"
)

func TestParseNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want float64
		code sheet.Code // "" when no error
	}{
		{"Plain", "1234567", 1234567, ""},
		{"VNThousands", "1.234.567", 1234567, ""},
		{"VNDecimal", "1.234.567,89", 1234567.89, ""},
		{"ENDecimal", "1,234,567.89", 1234567.89, ""},
		{"ENThousands", "1,234,567", 1234567, ""},
		{"Spaces", "1 234 567", 1234567, ""},
		{"NBSP", "1\u00a0234\u00a0567", 1234567, ""},
		{"ThinSpaceDecimal", "1\u202f234,5", 1234.5, ""},
		{"AmbiguousDotIsThousands", "1.234", 1234, ""},
		{"DotTwoDigitsIsDecimal", "12.5", 12.5, ""},
		{"DotFourDigitsIsDecimal", "1.2345", 1.2345, ""},
		{"LeadingZeroDotIsDecimal", "0.125", 0.125, ""},
		{"FourIntDigitsDotIsDecimal", "1234.567", 1234.567, ""},
		{"CommaDecimal", "12,5", 12.5, ""},
		{"CommaThreeDigitsIsDecimal", "1,234", 1.234, ""},
		{"Dong", "1.234.567 đ", 1234567, ""},
		{"DongSign", "₫1.234", 1234, ""},
		{"DongSuffixNoSpace", "1.000đ", 1000, ""},
		{"VND", "1.234.567 VND", 1234567, ""},
		{"VNDDiacritic", "1.234.567 VNĐ", 1234567, ""},
		{"DongWord", "500.000 đồng", 500000, ""},
		{"Negative", "-1.234", -1234, ""},
		{"MinusSign", "−12,5", -12.5, ""},
		{"Parentheses", "(1.234)", -1234, ""},
		{"ParenthesesCurrency", "(1.234 đ)", -1234, ""},
		{"Plus", "+5", 5, ""},
		{"LeadingDecimal", ",5", 0.5, ""},
		{"Zero", "0", 0, ""},
		{"NegativeZero", "-0", 0, ""},
		{"Padded", "  42  ", 42, ""},
		{"Empty", "", 0, sheet.CodeMissing},
		{"Blank", "   ", 0, sheet.CodeMissing},
		{"Dash", "-", 0, sheet.CodeMissing},
		{"NA", "N/A", 0, sheet.CodeInvalidNumber},
		{"Text", "không có", 0, sheet.CodeInvalidNumber},
		{"USD", "1,000 USD", 0, sheet.CodeForeignCurrency},
		{"Dollar", "$1,000", 0, sheet.CodeForeignCurrency},
		{"Euro", "1.000 €", 0, sheet.CodeForeignCurrency},
		{"BadGroups", "1.23.456", 0, sheet.CodeInvalidNumber},
		{"MixedGroups", "1.234 567", 0, sheet.CodeInvalidNumber},
		{"TwoDecimals", "1,2,3.4", 0, sheet.CodeInvalidNumber},
		{"Scientific", "1.00233E+08", 0, sheet.CodeInvalidNumber},
		{"UnitNotForNumbers", "12 triệu", 0, sheet.CodeInvalidNumber},
		{"Percent", "12%", 0, sheet.CodeInvalidNumber},
		{"TrailingSeparator", "12.", 0, sheet.CodeInvalidNumber},
		{"TooBig", "99999999999999999999", 0, sheet.CodeInvalidNumber},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseNumber(tc.in)
			checkCode(t, err, tc.code)
			if tc.code == "" && got != tc.want {
				t.Fatalf("ParseNumber(%q)=%v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want int64
		code sheet.Code
	}{
		{"OK", "1.250", 1250, ""},
		{"ZeroFraction", "12,0", 12, ""},
		{"ZeroFractionEN", "1,250.00", 1250, ""},
		{"ErrFraction", "12,5", 0, sheet.CodeFraction},
		{"ErrMissing", "", 0, sheet.CodeMissing},
		{"ErrText", "năm mươi", 0, sheet.CodeInvalidNumber},
		{"Negative", "(3)", -3, ""},
		{"Max", "9.223.372.036.854.775.807", math.MaxInt64, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseInt(tc.in)
			checkCode(t, err, tc.code)
			if got != tc.want {
				t.Fatalf("ParseInt(%q)=%d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseMoney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want int64
		code sheet.Code
	}{
		{"Plain", "1.234.567", 1234567, ""},
		{"Ty", "12,5 tỷ", 12_500_000_000, ""},
		{"TyNoDiacritics", "12,5 ty", 12_500_000_000, ""},
		{"TrieuNoDiacritics", "15 trieu dong", 15_000_000, ""},
		{"Ti", "3 tỉ", 3_000_000_000, ""},
		{"TyDong", "12,5 tỷ đồng", 12_500_000_000, ""},
		{"Trieu", "1.234 triệu", 1_234_000_000, ""},
		{"TrieuDong", "1.234 triệu đồng", 1_234_000_000, ""},
		{"TrieuDecimal", "0,75 triệu", 750_000, ""},
		{"Tr", "15tr", 15_000_000, ""},
		{"Nghin", "500 nghìn", 500_000, ""},
		{"VND", "VND 1,234,567", 1234567, ""},
		{"DongFraction", "1.234,50 đ", 0, sheet.CodeFraction},
		{"DongZeroFraction", "1.234,00 đ", 1234, ""},
		{"Negative", "(2 tỷ)", -2_000_000_000, ""},
		{"USD", "12 USD", 0, sheet.CodeForeignCurrency},
		{"Overflow", "99999999999 tỷ", 0, sheet.CodeInvalidNumber},
		{"Missing", "", 0, sheet.CodeMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseMoney(tc.in)
			checkCode(t, err, tc.code)
			if got != tc.want {
				t.Fatalf("ParseMoney(%q)=%d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func checkCode(t *testing.T, err error, want sheet.Code) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("err=%v, want nil", err)
		}
		return
	}
	var e *sheet.Error
	if !errors.As(err, &e) {
		t.Fatalf("err=%v, want code %s", err, want)
	}
	if got := e.Code; got != want {
		t.Fatalf("Code=%s, want %s (%v)", got, want, err)
	}
	if e.Message.Vi == "" && want != sheet.CodeMissing {
		t.Fatalf("no Vietnamese message for %s", want)
	}
}

func TestErrMissing_Is(t *testing.T) {
	t.Parallel()
	_, err := sheet.ParseNumber("")
	if !errors.Is(err, sheet.ErrMissing) {
		t.Fatalf("errors.Is(%v, ErrMissing)=false", err)
	}
	_, err = sheet.ParseNumber("abc")
	if errors.Is(err, sheet.ErrMissing) || !errors.Is(err, sheet.ErrInvalidNumber) {
		t.Fatalf("invalid text: %v", err)
	}
}

// FuzzParseNumber: no panic; a parsed value printed the Vietnamese way
// (vn.Decimal) parses back to the same value, and within int64 range the
// ParseInt result agrees.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.234.567", "1.234.567,89", "1,234,567.89", "(1.234)", "12,5", "1 234", "₫1.000", "-0", ",5", "1.00233E+08", "USD 5", "\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := sheet.ParseNumber(s)
		if err != nil {
			var e *sheet.Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseNumber(%q) error %v is not *sheet.Error", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseNumber(%q)=%v", s, v)
		}
		if math.Abs(v) < 1e15 {
			// Round-trip through the platform's own display format.
			out := vn.Decimal(v, 6)
			back, err := sheet.ParseNumber(out)
			if err != nil || math.Abs(back-v) > 1e-6*math.Max(1, math.Abs(v)) {
				t.Fatalf("ParseNumber(%q)=%v; printed %q reads back as %v, %v", s, v, out, back, err)
			}
		}
		if n, err := sheet.ParseInt(s); err == nil && float64(n) != v && math.Abs(v) < 1<<52 {
			t.Fatalf("ParseInt(%q)=%d but ParseNumber=%v", s, n, v)
		}
	})
}

// FuzzParseMoney: no panic; a result printed with dots reads back the same.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12,5 tỷ", "1.234 triệu đồng", "500 nghìn", "(2 tỷ)", "1.234,00 đ", "15tr", "99999999999 tỷ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := sheet.ParseMoney(s)
		if err != nil {
			return
		}
		out := vn.Int(v) + " đ"
		if v == math.MinInt64 {
			return
		}
		back, err := sheet.ParseMoney(out)
		if err != nil || back != v {
			t.Fatalf("ParseMoney(%q)=%d; %q reads back as %d, %v", s, v, out, back, err)
		}
		if n, err := sheet.ParseInt(strconv.FormatInt(v, 10)); err != nil || n != v {
			t.Fatalf("ParseInt(%d)=%d, %v", v, n, err)
		}
	})
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"1.250", "12,0", "(3)", "9.223.372.036.854.775.807", "-9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := sheet.ParseInt(s)
		if err != nil {
			return
		}
		back, err := sheet.ParseInt(strconv.FormatInt(n, 10))
		if err != nil || back != n {
			t.Fatalf("ParseInt(%q)=%d; reads back as %d, %v", s, n, back, err)
		}
	})
}
