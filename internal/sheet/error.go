package sheet

import (
	"fmt"

	"nscl/internal/fault"
)

// Code names what went wrong, for programs; Message says it to people.
type Code string

// Codes returned by Open, Next and the value parsers.
const (
	CodeNotSpreadsheet  Code = "not_spreadsheet"   // not CSV or XLSX (PDF, image, .xls, binary)
	CodeTooLarge        Code = "too_large"         // over Options.MaxBytes
	CodeUnsafeArchive   Code = "unsafe_archive"    // XLSX whose parts unpack to absurd sizes (zip bomb)
	CodeCorrupt         Code = "corrupt"           // a damaged XLSX or an unreadable CSV
	CodeSheetNotFound   Code = "sheet_not_found"   // Options.Sheet names no sheet
	CodeNoHeader        Code = "no_header"         // no row looks like the expected header
	CodeMissingColumns  Code = "missing_columns"   // required fields have no column
	CodeBadMapping      Code = "bad_mapping"       // SetMapping got an impossible mapping
	CodeTooManyRows     Code = "too_many_rows"     // over Options.MaxRows
	CodeMissing         Code = "missing"           // the cell is empty
	CodeInvalidNumber   Code = "invalid_number"    // not a number
	CodeForeignCurrency Code = "foreign_currency"  // an amount in USD, EUR …
	CodeFraction        Code = "fraction"          // a fraction where an integer is needed
	CodeInvalidDate     Code = "invalid_date"      // not a date, or an impossible one
	CodeDateOutOfRange  Code = "date_out_of_range" // a year outside 1900–2100
	CodeInvalidEmail    Code = "invalid_email"
	CodeInvalidPhone    Code = "invalid_phone"
)

// Error is what this package returns: a Code, a message in Vietnamese and
// English that can be shown to the uploader, and the line (CSV) or row
// (XLSX) it is about, 0 when it is about the whole file.
//
// errors.As(err, new(*fault.Error)) yields a fault.Invalid error with the
// same message, so the HTTP layer renders it as a 4xx without knowing this
// package. errors.Is(err, ErrMissing) and friends compare codes.
type Error struct {
	Code    Code
	Line    int
	Message fault.Text
	Err     error // the cause, for logs
}

// Sentinels for errors.Is: an error matches a sentinel of the same Code.
var (
	ErrMissing       = &Error{Code: CodeMissing}
	ErrInvalidNumber = &Error{Code: CodeInvalidNumber}
	ErrInvalidDate   = &Error{Code: CodeInvalidDate}
)

func newError(c Code, vi, en string) *Error {
	return &Error{Code: c, Message: fault.Text{Vi: vi, En: en}}
}

// errorf formats vi and en with the same args.
func errorf(c Code, vi, en string, args ...any) *Error {
	return &Error{Code: c, Message: fault.Text{Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)}}
}

// Error returns the English message, the line and the cause, for logs.
func (e *Error) Error() string {
	msg := "sheet: " + e.Message.En
	if e.Message.En == "" {
		msg = "sheet: " + string(e.Code)
	}
	if e.Line > 0 {
		msg = fmt.Sprintf("%s (line %d)", msg, e.Line)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// As lets errors.As see e as a *fault.Error of kind Invalid: everything this
// package reports is about the uploaded file, which the user can fix.
func (e *Error) As(target any) bool {
	t, ok := target.(**fault.Error)
	if !ok {
		return false
	}
	msg := e.Message
	if e.Line > 0 {
		msg = fault.Text{Vi: fmt.Sprintf("Dòng %d: %s", e.Line, msg.Vi), En: fmt.Sprintf("Line %d: %s", e.Line, msg.En)}
	}
	*t = &fault.Error{Kind: fault.Invalid, Op: "sheet", Message: msg, Err: e.Err}
	return true
}

func (e *Error) at(line int) *Error {
	c := *e
	c.Line = line
	return &c
}
