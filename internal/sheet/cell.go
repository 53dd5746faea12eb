package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind says how a cell was stored. CSV cells are always Text.
type Kind uint8

// Cell kinds.
const (
	Text   Kind = iota // text, or anything from a CSV file
	Number             // an XLSX number; Raw is the number as stored ("100233488", "1234.5")
	Date               // an XLSX number with a date or time format; Raw is the serial ("43529")
	Bool               // an XLSX boolean; Raw is "0" or "1"
	Failed             // an XLSX formula error; Raw is its code ("#N/A", "#REF!")
)

// Cell is one value as found in the file.
type Cell struct {
	// Raw is the text of a CSV field, unchanged, or the stored value of an
	// XLSX cell: the shared or inline string, or the number exactly as
	// stored, not as displayed (a tax code typed as a number is "100233488"
	// even if its format shows "0100233488"; a date is its serial number).
	Raw  string
	Kind Kind
	// Long is set when Raw is longer than Options.MaxCellBytes. The value is
	// kept whole; the caller decides whether to refuse or truncate it.
	Long bool

	date1904 bool
}

// IsEmpty reports whether the cell holds nothing but spaces.
func (c Cell) IsEmpty() bool { return strings.TrimSpace(c.Raw) == "" }

// Text returns CleanText of Raw.
func (c Cell) Text() string { return CleanText(c.Raw) }

// IsNumeric reports whether the cell was stored as a number (including dates).
func (c Cell) IsNumeric() bool { return c.Kind == Number || c.Kind == Date }

// Number returns the cell's number: exact for an XLSX number, by
// ParseNumber's rules for text.
func (c Cell) Number() (float64, error) {
	if c.IsNumeric() {
		return numberCell(c.Raw)
	}
	return ParseNumber(c.Raw)
}

// Int returns the cell as a whole number; see ParseInt.
func (c Cell) Int() (int64, error) {
	if !c.IsNumeric() {
		return ParseInt(c.Raw)
	}
	return wholeNumber(c.Raw)
}

// Money returns the cell as whole đồng; see ParseMoney.
func (c Cell) Money() (int64, error) {
	if !c.IsNumeric() {
		return ParseMoney(c.Raw)
	}
	return wholeNumber(c.Raw)
}

func wholeNumber(raw string) (int64, error) {
	f, err := numberCell(raw)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) {
		return 0, errorf(CodeFraction, "%s có phần lẻ, cần số nguyên", "%s has a fraction; a whole number is needed", raw)
	}
	if math.Abs(f) >= 1<<63 {
		return 0, errorf(CodeInvalidNumber, "%s quá lớn", "%s is too large", raw)
	}
	return int64(f), nil
}

// Date returns the cell as a date. A date-formatted XLSX cell is read as
// an Excel serial date (ParseSerialDate, honouring the workbook's 1904
// setting). A number without a date format is read as a serial too, since
// spreadsheets often lose the format, except 1900–2100, which are more
// likely a year alone and are CodeInvalidDate. Text goes to ParseDate.
func (c Cell) Date() (time.Time, error) {
	if !c.IsNumeric() {
		return ParseDate(c.Raw)
	}
	f, err := numberCell(c.Raw)
	if err != nil {
		return time.Time{}, ErrInvalidDate
	}
	if c.Kind == Number && f == math.Trunc(f) && f >= minYear && f <= maxYear {
		return time.Time{}, errorf(CodeInvalidDate, "%s là một năm, không phải một ngày", "%s is a year, not a date", c.Raw)
	}
	return ParseSerialDate(f, c.date1904)
}

// Digits returns the digits of a code (tax code, phone). For an XLSX number
// it formats the stored integer ("100233488", so the caller can restore a
// leading zero Excel dropped); for text it is DigitsOnly. It returns "" for
// a fraction, a number too large to be exact, or text with other signs.
func (c Cell) Digits() string {
	if !c.IsNumeric() {
		return DigitsOnly(c.Raw)
	}
	if allDigits(c.Raw) {
		return c.Raw
	}
	f, err := numberCell(c.Raw)
	if err != nil || f < 0 || f != math.Trunc(f) || f >= 1e15 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', 0, 64)
}
