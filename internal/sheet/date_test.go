package sheet_test

import (
	"testing"
	"time"

	"nscl/internal/sheet"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name string
		in   string
		want time.Time
		code sheet.Code
	}{
		{"DMY", "05/03/2019", d(2019, 3, 5), ""},
		{"DMYShort", "5/3/2019", d(2019, 3, 5), ""},
		{"DMYDash", "05-03-2019", d(2019, 3, 5), ""},
		{"DMYDot", "05.03.2019", d(2019, 3, 5), ""},
		{"DMYTime", "05/03/2019 14:30", d(2019, 3, 5), ""},
		{"DMYSpaces", " 05 / 03 / 2019 ", d(2019, 3, 5), ""},
		{"ISO", "2019-03-05", d(2019, 3, 5), ""},
		{"ISOTime", "2019-03-05T00:00:00Z", d(2019, 3, 5), ""},
		{"ISOSpaceTime", "2019-03-05 08:15:00", d(2019, 3, 5), ""},
		{"Words", "ngày 05 tháng 3 năm 2019", d(2019, 3, 5), ""},
		{"WordsNoDiacritics", "ngay 5 thang 03 nam 2019", d(2019, 3, 5), ""},
		{"WordsNoNgay", "05 tháng 3 năm 2019", d(2019, 3, 5), ""},
		{"WordsCaps", "Ngày 31 Tháng 12 Năm 2020", d(2020, 12, 31), ""},
		{"LeapDay", "29/02/2020", d(2020, 2, 29), ""},
		{"ErrNotLeap", "29/02/2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrFeb31", "31/02/2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrMonth13", "01/13/2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrDay0", "00/01/2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrUSOrder", "12/31/2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrTwoDigitYear", "05/03/19", time.Time{}, sheet.CodeInvalidDate},
		{"ErrYearOnly", "2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrMonthYear", "03/2019", time.Time{}, sheet.CodeInvalidDate},
		{"ErrYear1899", "31/12/1899", time.Time{}, sheet.CodeDateOutOfRange},
		{"ErrYear2101", "2101-01-01", time.Time{}, sheet.CodeDateOutOfRange},
		{"ErrText", "không rõ", time.Time{}, sheet.CodeInvalidDate},
		{"ErrSignatureLine", "Hà Nội, ngày 05 tháng 3 năm 2019", time.Time{}, sheet.CodeInvalidDate},
		{"Missing", "", time.Time{}, sheet.CodeMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseDate(tc.in)
			checkCode(t, err, tc.code)
			if !got.Equal(tc.want) {
				t.Fatalf("ParseDate(%q)=%v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseSerialDate(t *testing.T) {
	t.Parallel()
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name   string
		serial float64
		d1904  bool
		want   time.Time
		code   sheet.Code
	}{
		{"First", 1, false, d(1900, 1, 1), ""},
		{"BeforeBug", 59, false, d(1900, 2, 28), ""},
		{"ErrLotusLeapDay", 60, false, time.Time{}, sheet.CodeInvalidDate},
		{"AfterBug", 61, false, d(1900, 3, 1), ""},
		{"Modern", 43529, false, d(2019, 3, 5), ""},
		{"WithTime", 43529.75, false, d(2019, 3, 5), ""},
		{"Date1904", 42067, true, d(2019, 3, 5), ""},
		{"ErrZero", 0, false, time.Time{}, sheet.CodeInvalidDate},
		{"ErrNegative", -5, false, time.Time{}, sheet.CodeInvalidDate},
		{"ErrFarFuture", 80000, false, time.Time{}, sheet.CodeDateOutOfRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseSerialDate(tc.serial, tc.d1904)
			checkCode(t, err, tc.code)
			if !got.Equal(tc.want) {
				t.Fatalf("ParseSerialDate(%v)=%v, want %v", tc.serial, got, tc.want)
			}
		})
	}
}

// FuzzParseDate: no panic; a parsed date is within 1900–2100, at midnight
// UTC, and reads back the same from dd/mm/yyyy and from ISO.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05/03/2019", "2019-03-05", "ngày 05 tháng 3 năm 2019", "31/02/2019", "1/1/1900", "2019-03-05T10:00:00+07:00", "29/02/2000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := sheet.ParseDate(s)
		if err != nil {
			return
		}
		if d.Year() < 1900 || d.Year() > 2100 || d.Location() != time.UTC || d.Hour() != 0 {
			t.Fatalf("ParseDate(%q)=%v", s, d)
		}
		for _, layout := range []string{"02/01/2006", "2006-01-02"} {
			back, err := sheet.ParseDate(d.Format(layout))
			if err != nil || !back.Equal(d) {
				t.Fatalf("ParseDate(%q)=%v; %s reads back as %v, %v", s, d, d.Format(layout), back, err)
			}
		}
	})
}
