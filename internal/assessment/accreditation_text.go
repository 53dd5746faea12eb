package assessment

import (
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// accreditationBadText reports whether s is not valid UTF-8 or holds a
// control character other than tab, newline and carriage return (a NUL
// among them: PostgreSQL refuses it in text, SQLSTATE 22021).
func accreditationBadText(s string) bool { return !vn.IsText(s) }

// accreditationTextMessage refuses a text with a control character or
// invalid bytes, next to its field.
var accreditationTextMessage = fault.Text{
	Vi: "Văn bản có ký tự điều khiển hoặc ký tự không hợp lệ (không phải UTF-8); vui lòng nhập lại.",
	En: "The text has a control character or an invalid (non UTF-8) character; please type it again.",
}

// accreditationTextError is the refusal of one bad text in field.
func accreditationTextError(field string) error {
	m := accreditationTextMessage
	return fault.New(fault.Invalid, m.Vi, m.En).Field(field, m.Vi, m.En)
}
