package api

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/httpx"
	"nscl/internal/registry"
)

// Problem is the body of every error response (RFC 9457 problem details,
// content type application/problem+json), for example:
//
//	{"status":422,"title":"Unprocessable Entity","code":"invalid",
//	 "detail":"Dữ liệu chưa hợp lệ, …",
//	 "message":{"vi":"Dữ liệu chưa hợp lệ, …","en":"Some fields are not valid; …"},
//	 "errors":[{"location":"body.email","message":"Địa chỉ email không hợp lệ.",
//	            "text":{"vi":"Địa chỉ email không hợp lệ.","en":"The email address is not valid."}}],
//	 "request_id":"9f2c…"}
//
// Detail is Message in the caller's language: ?lang=vi|en, else the actor's
// saved language, else an Accept-Language starting with "en", else
// Vietnamese. A 500 carries a generic message and the request id only.
type Problem struct {
	Status    int          `json:"status" example:"422" doc:"HTTP status code"`
	Title     string       `json:"title" example:"Unprocessable Entity" doc:"HTTP status text"`
	Code      string       `json:"code" example:"invalid" doc:"Kind of error: invalid, unauthenticated, forbidden, not_found, conflict, too_many, unavailable, internal, …"`
	Detail    string       `json:"detail" doc:"The message in the caller's language"`
	Message   fault.Text   `json:"message" doc:"The message in Vietnamese and English"`
	Errors    []FieldError `json:"errors,omitempty" doc:"Per-field messages"`
	RequestID string       `json:"request_id,omitempty" doc:"Quote it when reporting a problem"`
}

// FieldError is the message about one input field.
type FieldError struct {
	Location string     `json:"location" example:"body.email" doc:"Where: body.<field>, query.<name>, path.<name> or body"`
	Message  string     `json:"message" doc:"The message in the caller's language"`
	Text     fault.Text `json:"text" doc:"The message in Vietnamese and English"`
	// Code is the stable name of the broken rule where the domain gives
	// one (the registry's TAX_CODE_CHECKSUM, PROVINCE_UNKNOWN, …).
	Code string `json:"code,omitempty" example:"TAX_CODE_CHECKSUM" doc:"Stable name of the broken rule, for scripts (registry inputs)"`
}

// Error returns the English message (for logs).
func (p *Problem) Error() string { return p.Message.En }

// GetStatus makes a Problem a huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send problems as application/problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// failure is what the handlers hand to huma when a service call fails: it
// carries the service's error to the transformer, which renders it as a
// Problem with the caller's language and the operation's parameter names.
type failure struct{ err error }

func (f *failure) Error() string                { return f.err.Error() }
func (f *failure) Unwrap() error                { return f.err }
func (f *failure) GetStatus() int               { return httpx.Status(fault.KindOf(f.err)) }
func (f *failure) ContentType(ct string) string { return "application/problem+json" }

// fail logs an internal error once (with the request id and operation) and
// wraps err for huma.
func (a *API) fail(ctx context.Context, opID string, err error) error {
	if fault.KindOf(err) == fault.Internal && ctx.Err() != context.Canceled {
		a.log.ErrorContext(ctx, "api request failed", "err", err, "operation", opID, "request_id", httpx.RequestID(ctx))
	}
	return &failure{err: err}
}

// transform is the huma Transformer that turns every error body (a failed
// service call, or huma's own ErrorModel for malformed or invalid input) into
// a Problem. Other bodies pass unchanged. Going through a per-API
// Transformer keeps huma's package-level NewError hooks untouched.
func (a *API) transform(ctx huma.Context, _ string, v any) (any, error) {
	var p *Problem
	switch e := v.(type) {
	case *failure:
		p = problemFromError(ctx.Context(), langOf(ctx), ctx.Operation(), e.err)
	case *huma.ErrorModel:
		p = problemFromHuma(ctx.Context(), langOf(ctx), e)
	default:
		return v, nil
	}
	if p.Status == http.StatusUnauthorized {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="NSCL API"`)
	}
	ctx.SetHeader("Cache-Control", "no-store")
	return p, nil
}

// langOf picks the language of the response: ?lang=, the actor's saved
// language, Accept-Language, Vietnamese.
func langOf(ctx huma.Context) string {
	return pickLang(ctx.Query("lang"), auth.ActorFrom(ctx.Context()), ctx.Header("Accept-Language"))
}

func pickLang(query string, a *auth.Actor, acceptLanguage string) string {
	switch query {
	case "en", "vi":
		return query
	}
	if a != nil && (a.Lang == "en" || a.Lang == "vi") {
		return a.Lang
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(acceptLanguage)), "en") {
		return "en"
	}
	return "vi"
}

// problemFromError renders a service error. Field names of fault.Fields are
// located by the operation: a query or path parameter of that name, else the
// body (with the few form names that differ from the JSON names mapped).
func problemFromError(ctx context.Context, lang string, op *huma.Operation, err error) *Problem {
	kind := fault.KindOf(err)
	status := httpx.Status(kind)
	msg := fault.MessageOf(err)
	p := &Problem{Status: status, Title: http.StatusText(status), Code: kind.String(),
		Detail: msg.In(lang), Message: msg, RequestID: httpx.RequestID(ctx)}
	if kind == fault.Internal {
		return p
	}
	fields := fault.FieldsOf(err)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	codes := map[string]string{}
	for _, pr := range registry.ProblemsOf(err) {
		if _, ok := codes[pr.Field]; !ok {
			codes[pr.Field] = string(pr.Code)
		}
	}
	for _, name := range names {
		t := fields[name]
		p.Errors = append(p.Errors, FieldError{Location: locate(op, name), Message: t.In(lang), Text: t, Code: codes[name]})
	}
	return p
}

// bodyNames maps the field names services use (shared with the HTML forms)
// to the JSON names of the API where they differ.
var bodyNames = map[string]string{"expires": "expires_at"}

func locate(op *huma.Operation, field string) string {
	if op != nil {
		for _, p := range op.Parameters {
			if p.Name == field {
				return p.In + "." + field
			}
		}
	}
	if n, ok := bodyNames[field]; ok {
		field = n
	}
	return "body." + field
}

// problemFromHuma renders huma's own errors (unreadable or invalid input,
// a body too large, content negotiation) with a Vietnamese lead sentence
// before huma's English text. 5xx errors say nothing but the request id.
func problemFromHuma(ctx context.Context, lang string, e *huma.ErrorModel) *Problem {
	status := e.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	p := &Problem{Status: status, Title: http.StatusText(status), Code: codeOf(status), RequestID: httpx.RequestID(ctx)}
	if status >= 500 {
		p.Message = fault.MessageOf(fault.Internalf("huma: %s", e.Detail))
		p.Detail = p.Message.In(lang)
		return p
	}
	var parts []string
	for _, d := range e.Errors {
		if d == nil {
			continue
		}
		loc := d.Location
		if loc == "" {
			loc = "body"
		}
		// huma places a missing property at its parent; point at the property.
		var missing string
		if _, err := fmt.Sscanf(d.Message, "expected required property %s to be present", &missing); err == nil && missing != "" {
			loc += "." + missing
		}
		parts = append(parts, loc+": "+d.Message)
		// The offending value is not echoed: it may be a password.
		p.Errors = append(p.Errors, FieldError{Location: loc, Message: "", Text: translateHuma(d.Message)})
	}
	for i := range p.Errors {
		p.Errors[i].Message = p.Errors[i].Text.In(lang)
	}
	text := e.Detail
	if len(parts) > 0 {
		text += ": " + strings.Join(parts, "; ")
	}
	lead := humaLead(status)
	p.Message = fault.Text{Vi: lead.Vi + " Chi tiết: " + text, En: lead.En + " Details: " + text}
	p.Detail = p.Message.In(lang)
	return p
}

func humaLead(status int) fault.Text {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return fault.Text{Vi: "Nội dung gửi lên quá lớn.", En: "The request body is too large."}
	case http.StatusUnsupportedMediaType:
		return fault.Text{Vi: "Kiểu nội dung không được hỗ trợ; hãy gửi application/json.", En: "Unsupported content type; send application/json."}
	case http.StatusNotAcceptable:
		return fault.Text{Vi: "Không thể trả lời theo định dạng yêu cầu; hãy chấp nhận application/json.", En: "Cannot answer in the requested format; accept application/json."}
	case http.StatusRequestTimeout:
		return fault.Text{Vi: "Gửi dữ liệu quá chậm, yêu cầu đã hết thời gian.", En: "The request body arrived too slowly."}
	}
	return fault.Text{Vi: "Dữ liệu gửi lên không hợp lệ.", En: "The request data is not valid."}
}

func codeOf(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return fault.Invalid.String()
	case http.StatusUnauthorized:
		return fault.Unauthenticated.String()
	case http.StatusForbidden:
		return fault.Forbidden.String()
	case http.StatusNotFound:
		return fault.NotFound.String()
	case http.StatusConflict:
		return fault.Conflict.String()
	case http.StatusTooManyRequests:
		return fault.TooMany.String()
	case http.StatusServiceUnavailable:
		return fault.Unavailable.String()
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusNotAcceptable:
		return "not_acceptable"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestTimeout:
		return "timeout"
	}
	if status >= 500 {
		return fault.Internal.String()
	}
	return fault.Invalid.String()
}

// humaPhrases translates the openings of huma's validation messages
// (huma/v2/validation) that callers meet most; the English text follows in
// parentheses so nothing is lost.
var humaPhrases = []struct{ prefix, vi string }{
	{"expected required property", "Thiếu trường bắt buộc."},
	{"required ", "Thiếu tham số bắt buộc."},
	{"unexpected property", "Trường này không được hỗ trợ."},
	{"expected string to be RFC 3339 date-time", "Cần thời điểm theo RFC 3339, ví dụ 2025-07-01T08:00:00Z."},
	{"expected string to be RFC 3339 date", "Cần ngày dạng yyyy-mm-dd."},
	{"expected string", "Cần một chuỗi ký tự."},
	{"expected integer", "Cần một số nguyên."},
	{"expected number >", "Giá trị nhỏ hơn mức cho phép."},
	{"expected number <", "Giá trị lớn hơn mức cho phép."},
	{"expected number", "Cần một số."},
	{"expected boolean", "Cần true hoặc false."},
	{"expected object", "Cần một đối tượng JSON."},
	{"expected array", "Cần một mảng JSON."},
	{"expected value to be one of", "Giá trị không thuộc danh sách cho phép."},
	{"expected length >=", "Giá trị quá ngắn."},
	{"expected length <=", "Giá trị quá dài."},
	{"invalid character", "JSON không đúng cú pháp."},
	{"unexpected end of JSON", "JSON bị cắt cụt."},
	{"unexpected EOF", "JSON bị cắt cụt."},
	{"invalid integer", "Cần một số nguyên."},
	{"invalid bool", "Cần true hoặc false."},
	{"request body is too large", "Nội dung gửi lên quá lớn."},
	{"request body is required", "Thiếu nội dung JSON."},
}

func translateHuma(msg string) fault.Text {
	for _, p := range humaPhrases {
		if strings.HasPrefix(msg, p.prefix) {
			return fault.Text{Vi: fmt.Sprintf("%s (%s)", p.vi, msg), En: msg}
		}
	}
	return fault.Text{Vi: fmt.Sprintf("Giá trị không hợp lệ (%s)", msg), En: msg}
}
