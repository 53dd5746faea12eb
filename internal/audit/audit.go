// Package audit describes the audit log: every write on the platform records
// who did it, when, what action on which object, and the object before and
// after, as JSON.
//
// The HTTP layer puts a Meta (the actor, the client address and the request
// id) into the context once per request; services build entries from it with
// New, and write them in the same transaction as the change through their
// store's AddAudit, so that a change and its audit entry commit together.
package audit

import (
	"context"
	"encoding/json"
	"time"
)

// Entry is one line of the audit log.
type Entry struct {
	ID         int64
	At         time.Time
	ActorID    int64  // 0 for the system or an anonymous visitor
	ActorEmail string // kept as written, so the log reads even if the user changes
	Action     string // e.g. "user.create", "auth.login"
	ObjectType string // e.g. "user"
	ObjectID   string
	Before     string // JSON, "" when not applicable
	After      string // JSON, "" when not applicable
	IP         string
	RequestID  string
}

// Meta is what the request knows about who is acting.
type Meta struct {
	ActorID    int64
	ActorEmail string
	IP         string
	RequestID  string
}

type metaKey struct{}

// WithMeta returns ctx carrying m.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFrom returns the Meta in ctx, or the zero Meta (the system).
func MetaFrom(ctx context.Context) Meta {
	m, _ := ctx.Value(metaKey{}).(Meta)
	return m
}

// New builds an entry from ctx's Meta. before and after are marshalled to
// JSON; pass nil where there is nothing to show. Callers hide secrets (they
// pass views of objects without password hashes or token secrets).
func New(ctx context.Context, at time.Time, action, objectType, objectID string, before, after any) Entry {
	m := MetaFrom(ctx)
	return Entry{
		At: at.UTC(), ActorID: m.ActorID, ActorEmail: m.ActorEmail,
		Action: action, ObjectType: objectType, ObjectID: objectID,
		Before: toJSON(before), After: toJSON(after), IP: m.IP, RequestID: m.RequestID,
	}
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unmarshalable"}`
	}
	return string(b)
}

// Filter selects audit entries. Empty fields do not filter.
type Filter struct {
	ActorID    int64
	Action     string // exact action, or a prefix ending in "." such as "user."
	ObjectType string
	ObjectID   string
	From, To   time.Time // inclusive from, exclusive to; zero = open
	Offset     int
	Limit      int // 0 = 50; capped at 1000
}

// Store reads the audit log. Writes go through each domain store's AddAudit.
type Store interface {
	// FindEntries returns entries matching f, newest first, and the total.
	FindEntries(ctx context.Context, f Filter) ([]*Entry, int, error)
}
