package audit_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/audit"
)

func TestNew_FromMeta(t *testing.T) {
	ctx := audit.WithMeta(context.Background(), audit.Meta{ActorID: 7, ActorEmail: "a@b.vn", IP: "127.0.0.1", RequestID: "r1"})
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("ICT", 7*3600))
	e := audit.New(ctx, at, "user.update", "user", "9", map[string]string{"name": "A"}, map[string]string{"name": "B"})
	if e.ActorID != 7 || e.ActorEmail != "a@b.vn" || e.IP != "127.0.0.1" || e.RequestID != "r1" {
		t.Fatalf("meta not copied: %+v", e)
	}
	if e.Before != `{"name":"A"}` || e.After != `{"name":"B"}` {
		t.Fatalf("before/after = %q %q", e.Before, e.After)
	}
	if e.At.Location() != time.UTC || !e.At.Equal(at) {
		t.Fatalf("At=%v", e.At)
	}
	if e2 := audit.New(context.Background(), at, "x", "y", "", nil, nil); e2.Before != "" || e2.ActorID != 0 {
		t.Fatalf("nil before should be empty: %+v", e2)
	}
}
