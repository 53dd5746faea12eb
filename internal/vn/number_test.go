package vn_test

import (
	"errors"
	"testing"

	"nscl/internal/vn"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		err  error
	}{
		{"1500000", 1_500_000, nil}, {"1.500.000", 1_500_000, nil}, {"1 500 000", 1_500_000, nil},
		{" 1.500.000 ₫", 1_500_000, nil}, {"250.000đ", 250_000, nil}, {"-12.000", -12_000, nil}, {"0", 0, nil},
		{"1.500.000,00", 0, vn.ErrNumber}, {"1,5", 0, vn.ErrNumber}, {"1.50.000", 0, vn.ErrNumber},
		{"1.500 000", 0, vn.ErrNumber}, {"NaN", 0, vn.ErrNumber}, {"1e6", 0, vn.ErrNumber}, {"", 0, vn.ErrNumber},
		{".500", 0, vn.ErrNumber}, {"1234.567", 0, vn.ErrNumber}, {"99999999999999999999", 0, vn.ErrNumber},
	} {
		got, err := vn.ParseAmount(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want float64
		err  error
	}{
		{"12,5", 12.5, nil}, {"1.234,5", 1234.5, nil}, {"1500", 1500, nil}, {"12.5", 12.5, nil}, {"0.75", 0.75, nil},
		{"1.234.567", 1234567, nil}, {"-3,25", -3.25, nil}, {"1 500,5", 1500.5, nil}, {"1234.5678", 1234.5678, nil},
		{"12.500", 0, vn.ErrAmbiguous}, {"1.500", 0, vn.ErrAmbiguous},
		{"NaN", 0, vn.ErrNumber}, {"Inf", 0, vn.ErrNumber}, {"1e3", 0, vn.ErrNumber}, {"0x10", 0, vn.ErrNumber},
		{"12,", 0, vn.ErrNumber}, {"1,2,3", 0, vn.ErrNumber}, {"", 0, vn.ErrNumber}, {"12,5a", 0, vn.ErrNumber},
	} {
		got, err := vn.ParseDecimal(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}
