package enterprisefile

import (
	"testing"

	"nscl/internal/sheet"
)

// FuzzCleanText checks that the shortcut of cleanText never differs from
// sheet.CleanText.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "Công ty Cổ phần Hòa Phát", "Công ty Cổ phần Hoà Phát", "Thuỷ sản Khánh Hoà", " a  b ",
		"Lô A, KCN Tân Bình,\nquận Tân Phú", "a\u00a0b", "x\u200by", "Cong ty\tA", "hoàng ngoài khuya quý", "HOÀ BÌNH", "ỦY BAN", "\xff\xfe",
		"Công ty Co\u0302\u0309 phần", "Ánh Dương", "=HYPERLINK(1)", "'+84 912"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cleanText(s), sheet.CleanText(s); got != want {
			t.Fatalf("cleanText(%q) = %q, sheet.CleanText = %q", s, got, want)
		}
	})
}

func TestTaxKey(t *testing.T) {
	seen := map[uint64]string{}
	for _, c := range []string{"0100233488", "0100233488-001", "0100233488-002", "0314409058", "0100233480", "0010023348-800"} {
		k := taxKey(c)
		if other, ok := seen[k]; ok {
			t.Errorf("%s and %s share key %d", c, other, k)
		}
		seen[k] = c
	}
}

func TestColumnUnit(t *testing.T) {
	for _, tc := range []struct {
		header string
		mult   int64
		year   int
	}{
		{"Doanh thu 2024 (triệu đồng)", 1e6, 2024},
		{"Doanh thu (tỷ đồng)", 1e9, 0},
		{"Tổng nguồn vốn (nghìn đồng)", 1e3, 0},
		{"Doanh thu (1.000 đồng)", 1e3, 0},
		{"Revenue (VND million) 2023", 1e6, 2023},
		{"Doanh thu (đồng)", 1, 0},
	} {
		if m, y := columnUnit(tc.header); m != tc.mult || y != tc.year {
			t.Errorf("columnUnit(%q) = %d, %d; want %d, %d", tc.header, m, y, tc.mult, tc.year)
		}
	}
}

// FuzzCellDate checks that the dd/mm/yyyy shortcut agrees with Cell.Date.
func FuzzCellDate(f *testing.F) {
	for _, s := range []string{"05/03/2019", "31/02/2019", "29/02/2024", "29/02/2023", "00/01/2020", "01/13/2020", "01/01/1899",
		"31/12/2100", "1/1/2020", "05-03-2019", "ab/cd/efgh", "05/03/20199"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := sheet.Cell{Raw: s, Kind: sheet.Text}
		got, gerr := cellDate(c)
		want, werr := c.Date()
		if (gerr == nil) != (werr == nil) || !got.Equal(want) {
			t.Fatalf("cellDate(%q) = %v, %v; Cell.Date = %v, %v", s, got, gerr, want, werr)
		}
	})
}

func TestPlainEmail(t *testing.T) {
	for s, want := range map[string]bool{"a@b.vn": true, "Info@HoaPhat.com.vn": true, "a@b": true, "Tên <a@b.vn>": false,
		"a@b.vn; c@d.vn": false, "mailto:a@b.vn": false, "a b@c.vn": false, "ab.vn": false, "a@@b.vn": false} {
		if got := plainEmail(s); got != want {
			t.Errorf("plainEmail(%q) = %v", s, got)
		}
	}
}
