package sheet

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Dates are calendar dates: ParseDate and Cell.Date return 00:00 UTC of the
// day, with the time of day, if any, dropped.
//
// Accepted text, always day before month (never the US month/day order):
//
//	05/03/2019  5/3/2019  05-03-2019  05.03.2019   (d/m/yyyy, optional time after)
//	2019-03-05  2019/03/05                          (ISO, optional time after: 2019-03-05T00:00:00Z)
//	ngày 05 tháng 3 năm 2019  05 tháng 03 năm 2019  (with or without diacritics)
//
// Two-digit years, a month or a year alone are CodeInvalidDate: the century
// or the day would be a guess. An impossible day (31/02/2019) is
// CodeInvalidDate; a year outside 1900–2100 is CodeDateOutOfRange.
const (
	minYear = 1900
	maxYear = 2100
)

var (
	reDMY   = regexp.MustCompile(`^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?)?$`)
	reISO   = regexp.MustCompile(`^(\d{4})[\-/](\d{1,2})[\-/](\d{1,2})(?:[ t]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+\-]\d{2}:?\d{2})?)?$`)
	reWords = regexp.MustCompile(`^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|,|/)\s*(\d{4})$`)
)

// ParseDate reads a date written as text; see the formats above. Errors:
// ErrMissing for empty text, CodeInvalidDate, CodeDateOutOfRange.
func ParseDate(s string) (time.Time, error) {
	c := CleanText(s)
	if c == "" || c == "-" {
		return time.Time{}, ErrMissing
	}
	l := strings.ToLower(c)
	var y, m, d string
	if g := reDMY.FindStringSubmatch(l); g != nil {
		d, m, y = g[1], g[2], g[3]
	} else if g := reISO.FindStringSubmatch(l); g != nil {
		y, m, d = g[1], g[2], g[3]
	} else if g := reWords.FindStringSubmatch(Fold(c)); g != nil {
		d, m, y = g[1], g[2], g[3]
	} else {
		return time.Time{}, errorf(CodeInvalidDate, "%q không phải là ngày (dd/mm/yyyy)", "%q is not a date (dd/mm/yyyy)", truncate(s, 64))
	}
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	return civilDate(yi, mi, di, s)
}

func civilDate(y, m, d int, orig string) (time.Time, error) {
	if y < minYear || y > maxYear {
		return time.Time{}, errorf(CodeDateOutOfRange, "%q: năm phải từ %d đến %d", "%q: the year must be between %d and %d", truncate(orig, 64), minYear, maxYear)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, errorf(CodeInvalidDate, "%q không phải là ngày có thật", "%q is not a real date", truncate(orig, 64))
	}
	return t, nil
}

// ParseSerialDate converts an Excel serial date (days since 1899-12-30 in
// the 1900 date system, or since 1904-01-01 in the 1904 system) to a date.
// Serial 60 is the 29 February 1900 that Lotus and Excel wrongly count; it
// is CodeInvalidDate. The time of day is dropped.
func ParseSerialDate(serial float64, date1904 bool) (time.Time, error) {
	orig := strconv.FormatFloat(serial, 'f', -1, 64)
	if math.IsNaN(serial) || serial < 1 || serial > 2958465 || (!date1904 && math.Floor(serial) == 60) {
		return time.Time{}, errorf(CodeInvalidDate, "%s không phải là ngày hợp lệ trong Excel", "%s is not a valid Excel date", orig)
	}
	t, err := excelize.ExcelDateToTime(math.Floor(serial), date1904)
	if err != nil {
		return time.Time{}, errorf(CodeInvalidDate, "%s không phải là ngày hợp lệ trong Excel", "%s is not a valid Excel date", orig)
	}
	return civilDate(t.Year(), int(t.Month()), t.Day(), orig)
}
