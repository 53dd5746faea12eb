package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/audit"
	"nscl/internal/fault"
)

// auditEntryView is one line of the audit log.
type auditEntryView struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at" doc:"Thời điểm, UTC (when)"`
	ActorID    int64           `json:"actor_id" doc:"Người thực hiện; 0 = hệ thống hoặc khách (0 for the system or an anonymous visitor)"`
	ActorEmail string          `json:"actor_email"`
	Action     string          `json:"action" example:"user.create"`
	ObjectType string          `json:"object_type" example:"user"`
	ObjectID   string          `json:"object_id" example:"42"`
	Before     json.RawMessage `json:"before,omitempty" doc:"Đối tượng trước thay đổi, JSON (the object before)"`
	After      json.RawMessage `json:"after,omitempty" doc:"Đối tượng sau thay đổi, JSON (the object after)"`
	IP         string          `json:"ip"`
	RequestID  string          `json:"request_id"`
}

func viewAuditEntry(e *audit.Entry) auditEntryView {
	return auditEntryView{ID: e.ID, At: e.At.UTC(), ActorID: e.ActorID, ActorEmail: e.ActorEmail, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Before: rawJSON(e.Before), After: rawJSON(e.After),
		IP: e.IP, RequestID: e.RequestID}
}

// rawJSON passes stored JSON through; anything that is not JSON is sent as a
// JSON string rather than breaking the response.
func rawJSON(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

type auditList struct {
	Items  []auditEntryView `json:"items"`
	Total  int              `json:"total"`
	Offset int              `json:"offset"`
	Limit  int              `json:"limit"`
}

// auditQuery are the filters of the audit log, shared by the list and the
// export (huma reads parameters only from exported or named fields, so the
// inputs repeat them and convert).
type auditQuery struct {
	Action     string `query:"action" example:"user." doc:"Hành động, hoặc tiền tố kết thúc bằng dấu chấm như user. (an action, or a prefix ending in a dot)"`
	ObjectType string `query:"object_type" example:"user" doc:"Loại đối tượng (object type)"`
	ObjectID   string `query:"object_id" doc:"Mã đối tượng (object id)"`
	ActorID    int64  `query:"actor_id" minimum:"0" doc:"Người thực hiện (actor's user id)"`
	From       string `query:"from" example:"2025-07-01" doc:"Từ thời điểm (tính cả): RFC 3339, hoặc yyyy-mm-dd = đầu ngày giờ Việt Nam (from, inclusive: RFC 3339, or a date = start of that day in Vietnam time)"`
	To         string `query:"to" example:"2025-07-31" doc:"Đến thời điểm (không tính): RFC 3339, hoặc yyyy-mm-dd = hết ngày đó giờ Việt Nam (to, exclusive: RFC 3339, or a date = through the end of that day in Vietnam time)"`
}

// filter parses the query into an audit.Filter; a bad time is Invalid with
// the parameter's name.
func (q auditQuery) filter() (audit.Filter, error) {
	f := audit.Filter{Action: q.Action, ObjectType: q.ObjectType, ObjectID: q.ObjectID, ActorID: q.ActorID}
	bad := fault.Fields{}
	var ok bool
	if f.From, ok = parseTime(q.From, false); !ok {
		bad.Add("from", "Thời điểm không hợp lệ; dùng RFC 3339 hoặc yyyy-mm-dd.", "Invalid time; use RFC 3339 or yyyy-mm-dd.")
	}
	if f.To, ok = parseTime(q.To, true); !ok {
		bad.Add("to", "Thời điểm không hợp lệ; dùng RFC 3339 hoặc yyyy-mm-dd.", "Invalid time; use RFC 3339 or yyyy-mm-dd.")
	}
	if err := bad.Err(); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, fault.New(fault.Invalid, "Thời điểm bắt đầu phải trước thời điểm kết thúc.", "The start must be before the end.").
			Field("to", "Phải sau thời điểm bắt đầu.", "Must be after the start.")
	}
	return f, nil
}

// vnTime is the time zone dates are read in (Asia/Ho_Chi_Minh, UTC+7, no
// daylight saving time).
var vnTime = time.FixedZone("ICT", 7*3600)

// parseTime reads RFC 3339 or a yyyy-mm-dd date (a day in Vietnam time; as
// an upper bound it means the start of the next day, so the day is
// included). An empty string is the zero time.
func parseTime(s string, end bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	d, err := time.ParseInLocation(time.DateOnly, s, vnTime)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d.UTC(), true
}

type auditListInput struct {
	Action     string `query:"action" example:"user." doc:"Hành động, hoặc tiền tố kết thúc bằng dấu chấm như user. (an action, or a prefix ending in a dot)"`
	ObjectType string `query:"object_type" example:"user" doc:"Loại đối tượng (object type)"`
	ObjectID   string `query:"object_id" doc:"Mã đối tượng (object id)"`
	ActorID    int64  `query:"actor_id" minimum:"0" doc:"Người thực hiện (actor's user id)"`
	From       string `query:"from" example:"2025-07-01" doc:"Từ thời điểm (tính cả): RFC 3339, hoặc yyyy-mm-dd = đầu ngày giờ Việt Nam (from, inclusive: RFC 3339, or a date = start of that day in Vietnam time)"`
	To         string `query:"to" example:"2025-07-31" doc:"Đến thời điểm (không tính): RFC 3339, hoặc yyyy-mm-dd = hết ngày đó giờ Việt Nam (to, exclusive: RFC 3339, or a date = through the end of that day in Vietnam time)"`
	Offset     int    `query:"offset" minimum:"0" default:"0"`
	Limit      int    `query:"limit" minimum:"1" maximum:"1000" default:"50" doc:"1–1000"`
}

type auditListOutput struct{ Body auditList }

func (a *API) registerAudit() {
	register(a, huma.Operation{
		OperationID: "list-audit", Method: http.MethodGet, Path: Prefix + "/audit", Tags: []string{tagAudit},
		Summary: "Nhật ký thao tác (audit log)",
		Description: "Các thao tác ghi dữ liệu, mới nhất trước: ai, khi nào, làm gì, trên đối tượng nào, trước và sau. Chỉ quản trị hệ thống. " +
			"(Every write, newest first: who, when, what, on which object, before and after. Administrators only.)",
		Errors: []int{http.StatusUnprocessableEntity},
	}, a.handleAuditList)
}

func (a *API) handleAuditList(ctx context.Context, in *auditListInput) (*auditListOutput, error) {
	q := auditQuery{Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID, ActorID: in.ActorID, From: in.From, To: in.To}
	f, err := q.filter()
	if err != nil {
		return nil, err
	}
	f.Offset, f.Limit = in.Offset, in.Limit
	es, total, err := a.auditLog.FindEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &auditListOutput{Body: auditList{Items: make([]auditEntryView, 0, len(es)), Total: total, Offset: in.Offset, Limit: in.Limit}}
	for _, e := range es {
		out.Body.Items = append(out.Body.Items, viewAuditEntry(e))
	}
	return out, nil
}
