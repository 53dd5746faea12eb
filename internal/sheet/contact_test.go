package sheet_test

import (
	"testing"

	"nscl/internal/sheet"
)

func TestDigitsOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"Plain", "0100233488", "0100233488"},
		{"Branch", "0314409058-002", "0314409058002"},
		{"Dots", "01.00.112.437", "0100112437"},
		{"Spaces", "0312 68 78 78 - 001", "0312687878001"},
		{"NBSP", "0100\u00a0233\u00a0488", "0100233488"},
		{"Letters", "MST0100233488", ""},
		{"Scientific", "1.00233E+08", ""},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sheet.DigitsOnly(tc.in); got != tc.want {
				t.Fatalf("DigitsOnly(%q)=%q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseEmail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want string
		code           sheet.Code
	}{
		{"OK", "info@hoaphat.com.vn", "info@hoaphat.com.vn", ""},
		{"DomainLower", " KeToan@HoaPhat.COM.VN ", "KeToan@hoaphat.com.vn", ""},
		{"DisplayName", "Phòng kế toán <ketoan@abc.vn>", "ketoan@abc.vn", ""},
		{"Mailto", "mailto:a@b.vn", "a@b.vn", ""},
		{"Several", "a@b.vn; c@d.vn", "a@b.vn", ""},
		{"ErrNoAt", "hoaphat.com.vn", "", sheet.CodeInvalidEmail},
		{"ErrNoDot", "a@localhost", "", sheet.CodeInvalidEmail},
		{"ErrText", "không có", "", sheet.CodeInvalidEmail},
		{"Missing", "  ", "", sheet.CodeMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseEmail(tc.in)
			checkCode(t, err, tc.code)
			if got != tc.want {
				t.Fatalf("ParseEmail(%q)=%q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParsePhone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want string
		code           sheet.Code
	}{
		{"Mobile", "0912345678", "0912345678", ""},
		{"MobileSpaced", "0912 345 678", "0912345678", ""},
		{"MobileDots", "0912.345.678", "0912345678", ""},
		{"Plus84", "+84 912 345 678", "0912345678", ""},
		{"Paren84", "(+84) 912-345-678", "0912345678", ""},
		{"Landline", "024 3825 8888", "02438258888", ""},
		{"Landline84", "+84 24 3825 8888", "02438258888", ""},
		{"LostZero", "912345678", "0912345678", ""},
		{"LandlineLostZero", "2438258888", "02438258888", ""},
		{"Hotline", "1900 1234", "19001234", ""},
		{"Several", "0912345678 - 0987654321", "0912345678", ""},
		{"SeveralSlash", "024.3825.8888/0912345678", "02438258888", ""},
		{"ErrShort", "12345", "", sheet.CodeInvalidPhone},
		{"ErrOldMobile", "01234567890", "", sheet.CodeInvalidPhone},
		{"ErrText", "không có", "", sheet.CodeInvalidPhone},
		{"Missing", "", "", sheet.CodeMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParsePhone(tc.in)
			checkCode(t, err, tc.code)
			if got != tc.want {
				t.Fatalf("ParsePhone(%q)=%q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzParsePhone: no panic; a result is all digits and parses to itself.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"+84 912 345 678", "024 3825 8888", "1900 1234", "912345678", "0912345678 - 0987654321"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := sheet.ParsePhone(s)
		if err != nil {
			return
		}
		if sheet.DigitsOnly(p) != p {
			t.Fatalf("ParsePhone(%q)=%q has non-digits", s, p)
		}
		if again, err := sheet.ParsePhone(p); err != nil || again != p {
			t.Fatalf("ParsePhone(%q)=%q, again %q, %v", s, p, again, err)
		}
	})
}

// FuzzParseEmail: no panic; a result parses to itself.
func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"a@b.vn", "Tên <a@b.vn>", "mailto:x@y.com", "a@b.vn; c@d.vn", "@", "a@.vn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := sheet.ParseEmail(s)
		if err != nil {
			return
		}
		if again, err := sheet.ParseEmail(e); err != nil || again != e {
			t.Fatalf("ParseEmail(%q)=%q, again %q, %v", s, e, again, err)
		}
	})
}

// FuzzDigitsOnly: the result is digits only and stable.
func FuzzDigitsOnly(f *testing.F) {
	for _, s := range []string{"0314409058-002", "01.00.112.437", "x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := sheet.DigitsOnly(s)
		for _, r := range d {
			if r < '0' || r > '9' {
				t.Fatalf("DigitsOnly(%q)=%q", s, d)
			}
		}
		if sheet.DigitsOnly(d) != d {
			t.Fatalf("DigitsOnly not idempotent on %q", s)
		}
	})
}
