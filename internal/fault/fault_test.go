package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"nscl/internal/fault"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want fault.Kind
	}{
		{"plain", errors.New("x"), fault.Internal},
		{"direct", fault.New(fault.NotFound, "a", "b"), fault.NotFound},
		{"wrapped", fmt.Errorf("ctx: %w", fault.New(fault.Conflict, "a", "b")), fault.Conflict},
		{"fields", func() error { f := fault.Fields{}; f.Add("email", "x", "y"); return f.Err() }(), fault.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fault.KindOf(tc.err); got != tc.want {
				t.Fatalf("KindOf=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestMessageOf_InternalHidesDetail(t *testing.T) {
	err := fault.Internalf("db password is %s", "secret")
	msg := fault.MessageOf(err)
	if msg.En != "An internal error occurred." {
		t.Fatalf("MessageOf=%q", msg.En)
	}
	if got := fault.MessageOf(fault.New(fault.Invalid, "Sai", "Wrong")).In("en"); got != "Wrong" {
		t.Fatalf("In(en)=%q", got)
	}
	if got := fault.MessageOf(fault.New(fault.Invalid, "Sai", "Wrong")).In("vi"); got != "Sai" {
		t.Fatalf("In(vi)=%q", got)
	}
}

func TestFields_EmptyIsNil(t *testing.T) {
	if err := (fault.Fields{}).Err(); err != nil {
		t.Fatalf("Err=%v, want nil", err)
	}
}
