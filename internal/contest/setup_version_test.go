package contest_test

import (
	"testing"
	"time"

	"nscl/internal/contest"
	"nscl/internal/fault"
)

// TestSetup_VersionRequired: a form or an API call that does not say which
// version it read (version 0) is refused (422 on the version field)
// instead of skipping the optimistic lock, for the contest's and the
// entry's changes; nothing is changed.
func TestSetup_VersionRequired(t *testing.T) {
	f := newFixture(t)
	missing := func(what string, err error) {
		t.Helper()
		wantKind(t, what+" without a version", err, fault.Invalid)
		if fault.FieldsOf(err)["version"].Vi == "" {
			t.Errorf("%s without a version: no error on the version field: %v", what, err)
		}
	}
	c, err := f.svc.CreateContest(f.ministry, input("NSCL-V"))
	if err != nil {
		t.Fatal(err)
	}
	in := input("NSCL-V")
	in.Title = "Đổi tên không khóa"
	_, err = f.svc.UpdateContest(f.ministry, c.ID, 0, in)
	missing("update contest", err)
	_, err = f.svc.Announce(f.ministry, c.ID, 0)
	missing("announce", err)
	_, err = f.svc.Cancel(f.ministry, c.ID, 0, "Hủy thử")
	missing("cancel", err)
	if v, err := f.svc.Contest(f.ministry, c.ID); err != nil || v.Contest.Status != contest.StatusDraft || v.Contest.Title == in.Title || v.Contest.Version != c.Version {
		t.Fatalf("the contest changed: %+v %v", v, err)
	}

	c = f.announced(t, "NSCL-W")
	f.now = time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)
	e, err := f.svc.CreateEntry(f.ent1, c.ID, fullEntry(c, "Lean chuyền may"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.UpdateEntry(f.ent1, e.ID, 0, fullEntry(c, "Lean 2"))
	missing("update entry", err)
	_, err = f.svc.SubmitEntry(f.ent1, e.ID, 0)
	missing("submit entry", err)
	_, err = f.svc.WithdrawEntry(f.ent1, e.ID, 0)
	missing("withdraw entry", err)
	if e, err = f.svc.SubmitEntry(f.ent1, e.ID, e.Version); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.CheckEntry(f.ministry, e.ID, 0, contest.CheckDecision{Status: contest.EntryAccepted})
	missing("check entry", err)
	if _, err = f.svc.CheckEntry(f.ministry, e.ID, e.Version, contest.CheckDecision{Status: contest.EntryAccepted}); err != nil {
		t.Fatalf("check with the version: %v", err)
	}
}
