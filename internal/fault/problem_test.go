package fault_test

import (
	"fmt"
	"testing"

	"nscl/internal/fault"
)

func TestProblems(t *testing.T) {
	var ps fault.Problems
	if ps.Err() != nil {
		t.Fatal("no problems is no error")
	}
	ps.Add("email", "EMAIL_INVALID", "Email sai.", "Bad email.")
	ps.Add("email", "TEXT_TOO_LONG", "Quá dài.", "Too long.")
	ps.Add("name", "NAME_EMPTY", "Thiếu tên.", "Name missing.")
	err := fmt.Errorf("wrapped: %w", ps.Err())
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("kind of %v", err)
	}
	if f := fault.FieldsOf(err); f["email"].En != "Bad email." || f["name"].Vi != "Thiếu tên." {
		t.Fatalf("fields %+v: want the first message per field", f)
	}
	got := fault.ProblemsOf(err)
	if len(got) != 3 || got[1].Code != "TEXT_TOO_LONG" {
		t.Fatalf("ProblemsOf = %+v", got)
	}
	if fault.ProblemsOf(fault.New(fault.Invalid, "x", "x")) != nil {
		t.Fatal("problems of a plain error")
	}
	if s := (&fault.ProblemError{Problems: got}).Error(); s != "problems: email=EMAIL_INVALID email=TEXT_TOO_LONG name=NAME_EMPTY" {
		t.Fatalf("Error() = %q", s)
	}
}
