package web

import (
	"math"
	"testing"
)

// TestActParseMoney: whole đồng, thousands grouped by '.' or spaces only; a
// comma or a decimal part is refused, never read as a number 100 times
// bigger ("1.500.000,00" used to become 150,000,000).
func TestActParseMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true},
		{"1500000", 1_500_000, true},
		{"1.500.000", 1_500_000, true},
		{"1 500 000", 1_500_000, true},
		{"1\u00a0500\u00a0000 ₫", 1_500_000, true},
		{"150.000.000đ", 150_000_000, true},
		{"1.500.000,00", -1, false},
		{"1,5", -1, false},
		{"1,500,000", -1, false},
		{"1.5", -1, false},
		{"12.00", -1, false},
		{"1..500", -1, false},
		{"1500.000", -1, false},
		{"-5", -1, false},
		{"mười triệu", -1, false},
		{"99999999999999999999", -1, false},
	} {
		got, ok := actParseMoney(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("actParseMoney(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestActParseNumber: a comma is the decimal separator (and '.' then groups
// thousands); without a comma, "12.000" is ambiguous and refused, "12.5"
// is a decimal.
func TestActParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		why  string
	}{
		{"12", 12, ""},
		{"12,5", 12.5, ""},
		{"1.200,5", 1200.5, ""},
		{"12.5", 12.5, ""},
		{"0.25", 0.25, ""},
		{"1.200.000", 1_200_000, ""},
		{"-3,5", -3.5, ""},
		{"12 000", 12_000, ""},
		{"12.000", math.NaN(), "act.kpi_ambiguous"},
		{"0.125", math.NaN(), "act.kpi_ambiguous"},
		{"12,", math.NaN(), "act.kpi_not_number"},
		{"1,2,3", math.NaN(), "act.kpi_not_number"},
		{"12.00.0", math.NaN(), "act.kpi_not_number"},
		{"12,5.0", math.NaN(), "act.kpi_not_number"},
		{"abc", math.NaN(), "act.kpi_not_number"},
		{"", math.NaN(), "act.kpi_not_number"},
		{"1e9", math.NaN(), "act.kpi_not_number"},
	} {
		got, why := actParseNumber(c.in)
		if why != c.why || (c.why == "" && got != c.want) || (c.why != "" && !math.IsNaN(got)) {
			t.Errorf("actParseNumber(%q) = %v, %q; want %v, %q", c.in, got, why, c.want, c.why)
		}
		if why != "" {
			if m := actNumberText(why); m.Vi == "" || m.En == "" || m.Vi == why || m != text(why) {
				t.Errorf("%s has no text", why)
			}
		}
	}
	if m := text("act.kpi_ambiguous"); m.Vi[:len("Dùng dấu phẩy cho phần thập phân, ví dụ 12,5")] != "Dùng dấu phẩy cho phần thập phân, ví dụ 12,5" {
		t.Errorf("ambiguous message = %q", m.Vi)
	}
}
