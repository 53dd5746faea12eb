package training

import (
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// badText reports whether s is not valid UTF-8 or holds a control
// character other than tab, newline and carriage return (a NUL among
// them: PostgreSQL refuses it in text, SQLSTATE 22021).
func badText(s string) bool { return !vn.IsText(s) }

// badTextMessage is the refusal of a text with a control character or
// invalid bytes, next to its field.
var badTextMessage = fault.Text{
	Vi: "Văn bản có ký tự điều khiển hoặc ký tự không hợp lệ (không phải UTF-8); vui lòng nhập lại.",
	En: "The text has a control character or an invalid (non UTF-8) character; please type it again.",
}

// checkTexts adds the refusal of every field whose text is bad; fields
// is field, text, field, text, ….
func checkTexts(bad fault.Fields, fields ...string) {
	for i := 0; i+1 < len(fields); i += 2 {
		if badText(fields[i+1]) {
			bad.Add(fields[i], badTextMessage.Vi, badTextMessage.En)
		}
	}
}

// textError is the refusal of one bad text in field.
func textError(field string) error {
	return fault.New(fault.Invalid, badTextMessage.Vi, badTextMessage.En).Field(field, badTextMessage.Vi, badTextMessage.En)
}
