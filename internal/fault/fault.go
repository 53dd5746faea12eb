// Package fault defines the kinds of error the platform distinguishes and the
// Error type that carries them from the domain to the edges.
//
// A domain returns a *fault.Error with a Kind and, where the user can act on
// it, a Message in Vietnamese and English and per-field messages. The HTTP
// layer maps Kind to a status from one table (httpx), logs errors of kind
// Internal once, and shows Message to the user. Anything that is not a
// *fault.Error is Internal: an unknown error is a 500, never a 400.
package fault

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds of error. The zero value is Internal so that a forgotten kind
// never reads as the user's fault.
const (
	Internal        Kind = iota // a bug or an outage; details only in logs
	Invalid                     // the input breaks a rule; Fields say which
	NotFound                    // the object does not exist or is not visible
	Conflict                    // the object exists or changed meanwhile
	Forbidden                   // the actor may not do this
	Unauthenticated             // no actor, or credentials are wrong
	Unavailable                 // a dependency is down; try again later
	TooMany                     // rate limited; try again later
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "forbidden", "unauthenticated", "unavailable", "too_many"}

// String returns the snake_case name of the kind, as used in JSON errors.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "internal"
}

// Text is a message in the two languages of the platform.
type Text struct {
	Vi string `json:"vi"`
	En string `json:"en"`
}

// In returns the text in lang ("en" for English, anything else Vietnamese).
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	if t.Vi == "" {
		return t.En
	}
	return t.Vi
}

// Error is an error with a kind, a message safe to show to users, optional
// per-field messages, and the wrapped cause.
type Error struct {
	Kind    Kind
	Op      string          // where it happened, e.g. "auth.Service.Login"
	Message Text            // safe for users; empty for Internal
	Fields  map[string]Text // per form field, for inline messages
	Err     error           // the cause, for logs
}

// Error returns the English message, the op and the cause, for logs.
func (e *Error) Error() string {
	msg := e.Message.En
	if msg == "" {
		msg = e.Kind.String()
	}
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a message in Vietnamese and English.
func New(k Kind, vi, en string) *Error {
	return &Error{Kind: k, Message: Text{Vi: vi, En: en}}
}

// Wrap returns an error of kind k around err, with a user-safe message.
func Wrap(k Kind, err error, vi, en string) *Error {
	return &Error{Kind: k, Message: Text{Vi: vi, En: en}, Err: err}
}

// Internalf returns an Internal error wrapping a formatted cause. Its text is
// for logs only.
func Internalf(format string, args ...any) *Error {
	return &Error{Kind: Internal, Err: fmt.Errorf(format, args...)}
}

// Field adds a message for one form field and returns e.
func (e *Error) Field(name, vi, en string) *Error {
	if e.Fields == nil {
		e.Fields = map[string]Text{}
	}
	e.Fields[name] = Text{Vi: vi, En: en}
	return e
}

// Fields collects field messages; Err returns nil when none were added.
type Fields map[string]Text

// Add records a message for a field.
func (f Fields) Add(name, vi, en string) { f[name] = Text{Vi: vi, En: en} }

// Err returns an Invalid error with the collected fields, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: Text{
		Vi: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.",
		En: "Some fields are not valid; please check the marked fields.",
	}, Fields: map[string]Text(f)}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err has kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// MessageOf returns the user-safe message of err. Internal errors get a
// generic message so that no detail leaks.
func MessageOf(err error) Text {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal && (e.Message.Vi != "" || e.Message.En != "") {
		return e.Message
	}
	switch KindOf(err) {
	case NotFound:
		return Text{Vi: "Không tìm thấy.", En: "Not found."}
	case Forbidden:
		return Text{Vi: "Bạn không có quyền thực hiện thao tác này.", En: "You are not allowed to do this."}
	case Unauthenticated:
		return Text{Vi: "Vui lòng đăng nhập.", En: "Please sign in."}
	case Conflict:
		return Text{Vi: "Dữ liệu đã tồn tại hoặc vừa bị thay đổi.", En: "The data already exists or has just changed."}
	case Invalid:
		return Text{Vi: "Dữ liệu không hợp lệ.", En: "Invalid input."}
	case Unavailable:
		return Text{Vi: "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại sau.", En: "The service is temporarily unavailable; please try again later."}
	case TooMany:
		return Text{Vi: "Quá nhiều yêu cầu, vui lòng thử lại sau.", En: "Too many requests; please try again later."}
	}
	return Text{Vi: "Đã xảy ra lỗi hệ thống.", En: "An internal error occurred."}
}

// FieldsOf returns the per-field messages of err, if any.
func FieldsOf(err error) map[string]Text {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
