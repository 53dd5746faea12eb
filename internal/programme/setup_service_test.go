package programme_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// setupFixture is a programme service over a database with officers of
// the ministry, Hồ Chí Minh City (79) and Hà Nội (01), an enterprise user
// and an anonymous visitor.
type setupFixture struct {
	svc                                 *programme.Service
	db                                  *sqldb.DB
	now                                 time.Time
	ministry, prov79, prov01, ent, anon context.Context
}

func newSetupFixture(t *testing.T, db *sqldb.DB) *setupFixture {
	t.Helper()
	ctx := context.Background()
	f := &setupFixture{db: db, now: time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC), anon: ctx}
	f.svc = programme.NewService(programme.Options{Store: db.Programme(), Registry: registry.NewService(db.Registry()),
		Clock: func() time.Time { return f.now }})
	user := func(email string, role auth.Role, prov string) context.Context {
		u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, ProvinceCode: prov, Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Role: role, ProvinceCode: prov})
	}
	f.ministry = user("bo@example.vn", auth.RoleMinistry, "")
	f.prov79 = user("hcm@example.vn", auth.RoleProvince, "79")
	f.prov01 = user("hn@example.vn", auth.RoleProvince, "01")
	f.ent = user("dn@example.vn", auth.RoleEnterprise, "")
	return f
}

func (f *setupFixture) callInput(code, prov string) programme.CallInput {
	return programme.CallInput{ProvinceCode: prov, Code: code, Title: "Mô hình điểm " + code, Description: "Quy định",
		Track: programme.TrackBreadth, Types: []programme.ActivityType{programme.TypePilotModel},
		OpensAt: f.now.AddDate(0, 0, -1), Deadline: f.now.AddDate(0, 1, 0)}
}

func wantKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

// TestService_SetupCalls pins who may create, see, edit, open and close
// calls: the ministry's calls only ministry officers, a province's only
// its officers; drafts hidden (404) from everyone else; an open call
// changes only its description and a later deadline; a stale version is a
// conflict; every write is audited.
func TestService_SetupCalls(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSetupFixture(t, db)
		s := f.svc
		nat, err := s.CreateCall(f.ministry, f.callInput("BCT-2026-01", ""))
		if err != nil {
			t.Fatal(err)
		}
		// A provincial officer's call is of their province, whatever they send.
		in := f.callInput("HCM-2026-01", "")
		hcm, err := s.CreateCall(f.prov79, in)
		if err != nil || hcm.ProvinceCode != "79" || len(hcm.Provinces) != 1 || hcm.Provinces[0] != "79" {
			t.Fatalf("provincial call = %+v, %v", hcm, err)
		}
		bad := f.callInput("HCM-2026-02", "")
		bad.Provinces = []string{"79", "01"}
		wantKind(t, "provincial call open to another province", func() error { _, err := s.CreateCall(f.prov79, bad); return err }(), fault.Invalid)
		wantKind(t, "duplicate code", func() error { _, err := s.CreateCall(f.ministry, f.callInput("BCT-2026-01", "")); return err }(), fault.Invalid)
		wantKind(t, "enterprise creates", func() error { _, err := s.CreateCall(f.ent, f.callInput("BCT-2026-05", "")); return err }(), fault.Forbidden)
		wantKind(t, "anonymous creates", func() error { _, err := s.CreateCall(f.anon, f.callInput("BCT-2026-06", "")); return err }(), fault.Unauthenticated)

		// Drafts: the ministry's seen by the ministry only; 79's by 79 and the ministry.
		for _, c := range []struct {
			ctx  context.Context
			call *programme.Call
			ok   bool
			name string
		}{
			{f.ministry, nat, true, "ministry/national"}, {f.ministry, hcm, true, "ministry/79"},
			{f.prov79, nat, false, "79/national draft"}, {f.prov79, hcm, true, "79/79"},
			{f.prov01, hcm, false, "01/79 draft"}, {f.ent, nat, false, "enterprise/draft"}, {f.anon, hcm, false, "anonymous/draft"},
		} {
			_, err := s.Call(c.ctx, c.call.ID)
			if c.ok && err != nil || !c.ok && !fault.Is(err, fault.NotFound) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		cs, err := s.Calls(f.ent, programme.CallQuery{})
		if err != nil || len(cs) != 0 {
			t.Errorf("the enterprise sees drafts: %d, %v", len(cs), err)
		}
		cs, _ = s.Calls(f.prov79, programme.CallQuery{})
		if len(cs) != 1 || cs[0].ID != hcm.ID {
			t.Errorf("79 sees %d calls, want its own draft", len(cs))
		}
		if cs, _ := s.Calls(f.ent, programme.CallQuery{Status: programme.CallDraft}); len(cs) != 0 {
			t.Errorf("the enterprise asks for drafts and gets %d", len(cs))
		}

		// A province officer cannot edit or open the ministry's call (it is
		// a draft: not found) nor another province's.
		wantKind(t, "79 edits national", func() error { _, err := s.UpdateCall(f.prov79, nat.ID, 1, f.callInput("BCT-2026-01", "")); return err }(), fault.NotFound)
		wantKind(t, "01 opens 79's", func() error { _, err := s.OpenCall(f.prov01, hcm.ID, 1); return err }(), fault.NotFound)

		// Open both; now they are public, and still not the province's to run.
		nat, err = s.OpenCall(f.ministry, nat.ID, nat.Version)
		if err != nil || nat.Status != programme.CallOpen || nat.Version != 2 {
			t.Fatalf("open = %+v, %v", nat, err)
		}
		if _, err := s.OpenCall(f.prov79, hcm.ID, hcm.Version); err != nil {
			t.Fatal(err)
		}
		if c, err := s.Call(f.anon, nat.ID); err != nil || c.ID != nat.ID {
			t.Errorf("anonymous sees the open call: %v", err)
		}
		wantKind(t, "79 closes national", func() error { _, err := s.CloseCall(f.prov79, nat.ID, nat.Version); return err }(), fault.Forbidden)
		wantKind(t, "01 edits 79's open call", func() error { _, err := s.UpdateCall(f.prov01, hcm.ID, 2, f.callInput("HCM-2026-01", "")); return err }(), fault.Forbidden)
		open, err := s.OpenCalls(f.anon, f.now)
		if err != nil || len(open) != 2 {
			t.Errorf("open calls = %d, %v", len(open), err)
		}

		// Open: description and a later deadline only.
		ch := f.callInput("BCT-2026-01", "")
		ch.Title, ch.Description, ch.Deadline = "Tên khác", "Quy định sửa đổi", nat.Deadline.AddDate(0, 0, 10)
		got, err := s.UpdateCall(f.ministry, nat.ID, nat.Version, ch)
		if err != nil || got.Title != nat.Title || got.Description != "Quy định sửa đổi" || !got.Deadline.Equal(ch.Deadline) {
			t.Fatalf("open edit = %+v, %v", got, err)
		}
		ch.Deadline = nat.Deadline.AddDate(0, 0, -1)
		wantKind(t, "deadline brought forward", func() error { _, err := s.UpdateCall(f.ministry, nat.ID, got.Version, ch); return err }(), fault.Invalid)
		wantKind(t, "stale version", func() error { _, err := s.UpdateCall(f.ministry, nat.ID, nat.Version, ch); return err }(), fault.Conflict)
		closed, err := s.CloseCall(f.ministry, nat.ID, got.Version)
		if err != nil || closed.Status != programme.CallClosed {
			t.Fatalf("close = %+v, %v", closed, err)
		}
		wantKind(t, "edit closed", func() error { _, err := s.UpdateCall(f.ministry, nat.ID, closed.Version, ch); return err }(), fault.Conflict)
		wantKind(t, "reopen", func() error { _, err := s.OpenCall(f.ministry, nat.ID, closed.Version); return err }(), fault.Conflict)

		es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "programme_call"})
		if err != nil || len(es) != 6 {
			t.Errorf("audit entries = %d, %v (want 6: 2 creates, 2 opens, 1 edit, 1 close)", len(es), err)
		}
	})
}

// TestService_SetupPlansTargets pins plans (scope, duplicates, locking,
// approval freezing) and targets (manage only, audited before/after).
func TestService_SetupPlansTargets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSetupFixture(t, db)
		s := f.svc
		lines := []programme.PlanLine{{Track: programme.TrackBreadth, Type: programme.TypePilotModel, PlannedCount: 20, StateBudget: 12_000_000_000, Counterpart: 8_000_000_000}}
		m, err := s.CreatePlan(f.ministry, programme.PlanInput{Year: 2027, Title: "Kế hoạch 2027", Lines: lines})
		if err != nil {
			t.Fatal(err)
		}
		p79, err := s.CreatePlan(f.prov79, programme.PlanInput{Year: 2027, ProvinceCode: "", Title: "Kế hoạch HCM 2027", Lines: lines})
		if err != nil || p79.ProvinceCode != "79" {
			t.Fatalf("provincial plan = %+v, %v", p79, err)
		}
		_, err = s.CreatePlan(f.ministry, programme.PlanInput{Year: 2027, Title: "Trùng"})
		if fe := fault.FieldsOf(err); fe["year"].Vi == "" {
			t.Errorf("duplicate plan: %v", err)
		}
		wantKind(t, "enterprise plan", func() error {
			_, err := s.CreatePlan(f.ent, programme.PlanInput{Year: 2027, ProvinceCode: "01", Title: "x"})
			return err
		}(), fault.Forbidden)
		// 01 sees the ministry's plan, not 79's; may not edit the ministry's.
		ps, err := s.Plans(f.prov01, 0)
		if err != nil || len(ps) != 1 || ps[0].ID != m.ID {
			t.Errorf("01 sees %d plans, %v", len(ps), err)
		}
		wantKind(t, "01 reads 79's", func() error { _, err := s.Plan(f.prov01, p79.ID); return err }(), fault.NotFound)
		wantKind(t, "01 edits ministry's", func() error {
			_, err := s.UpdatePlan(f.prov01, m.ID, 1, programme.PlanInput{Title: "x"})
			return err
		}(), fault.Forbidden)
		wantKind(t, "enterprise reads", func() error { _, err := s.Plans(f.ent, 0); return err }(), fault.Forbidden)

		up, err := s.UpdatePlan(f.ministry, m.ID, 1, programme.PlanInput{Title: "Kế hoạch 2027 (sửa)", Lines: append(lines,
			programme.PlanLine{Track: programme.TrackCapacity, Type: programme.TypeStandard, PlannedCount: 5, StateBudget: 2_000_000_000})})
		if err != nil || up.Version != 2 || len(up.Lines) != 2 {
			t.Fatalf("update = %+v, %v", up, err)
		}
		wantKind(t, "stale plan", func() error { _, err := s.UpdatePlan(f.ministry, m.ID, 1, programme.PlanInput{Title: "x"}); return err }(), fault.Conflict)
		_, err = s.ApprovePlan(f.ministry, m.ID, 2, programme.ApproveInput{DecisionNo: "", DecisionDate: "32/01/2026"})
		if fe := fault.FieldsOf(err); fe["decision_no"].Vi == "" || fe["decision_date"].Vi == "" {
			t.Errorf("approve without a decision: %v", err)
		}
		ap, err := s.ApprovePlan(f.ministry, m.ID, 2, programme.ApproveInput{DecisionNo: "1234/QĐ-BCT", DecisionDate: "20/11/2026"})
		if err != nil || ap.Status != programme.PlanApproved || ap.DecisionDate != "2026-11-20" || len(ap.Lines) != 2 {
			t.Fatalf("approve = %+v, %v", ap, err)
		}
		wantKind(t, "edit approved", func() error {
			_, err := s.UpdatePlan(f.ministry, m.ID, ap.Version, programme.PlanInput{Title: "x"})
			return err
		}(), fault.Conflict)

		// Targets.
		wantKind(t, "79 sets a target", func() error {
			_, err := s.SaveTarget(f.prov79, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2026, Value: 50})
			return err
		}(), fault.Forbidden)
		if _, err := s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricLPGrowth, Year: 2026, Value: 130}); setupFields(err)["value"] == "" {
			t.Errorf("percentage over 100: %v", err)
		}
		tg, err := s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 0, Value: 120, Note: "Điều chỉnh", Version: 1})
		if err != nil || tg.Value != 120 || tg.Version != 2 {
			t.Fatalf("save target = %+v, %v", tg, err)
		}
		ts, err := s.Targets(f.prov01)
		if err != nil || ts[0].Metric != programme.MetricEnterprisesSupported {
			t.Fatalf("targets: %v", err)
		}
		es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "programme_target"})
		if err != nil || len(es) != 1 || es[0].Before == "" || es[0].After == "" {
			t.Errorf("target audit = %+v, %v", es, err)
		}
	})
}

// TestService_SetupTargetVersions pins the optimistic lock of targets: a
// change carries the version read; a second officer's change at the same
// version is refused and nothing is overwritten; a "new" target for a
// (metric, year) that has one is refused with a field message; a version
// for a target that is not there is refused; the audit's "before" is the
// value the change replaced.
func TestService_SetupTargetVersions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSetupFixture(t, db)
		s := f.svc
		find := func(m programme.Metric, year int) programme.Target {
			t.Helper()
			ts, err := s.Targets(f.ministry)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ts {
				if x.Metric == m && x.Year == year {
					return x
				}
			}
			t.Fatalf("no target %s/%d", m, year)
			return programme.Target{}
		}
		seeded := find(programme.MetricPilotModels, 0)
		if seeded.Version != 1 || seeded.Value != 100 {
			t.Fatalf("seeded target = %+v", seeded)
		}
		// Two officers read version 1; the first saves, the second is told.
		first, err := s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 0, Value: 110, Version: seeded.Version})
		if err != nil || first.Version != 2 || first.ID != seeded.ID {
			t.Fatalf("first writer = %+v, %v", first, err)
		}
		_, err = s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 0, Value: 130, Version: seeded.Version})
		wantKind(t, "second writer at the stale version", err, fault.Conflict)
		if msg := fault.MessageOf(err); !strings.Contains(msg.Vi, "người khác") || !strings.Contains(msg.En, "Someone else") {
			t.Errorf("stale message = %+v", msg)
		}
		if got := find(programme.MetricPilotModels, 0); got.Value != 110 || got.Version != 2 {
			t.Errorf("after the refused change = %+v, want 110 at version 2", got)
		}
		// A "new" target over an existing one: refused next to the year.
		_, err = s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 0, Value: 1})
		wantKind(t, "new over existing", err, fault.Conflict)
		if setupFields(err)["year"] == "" {
			t.Errorf("new over existing: no year message: %v", err)
		}
		// A new target starts at version 1; adding it again is refused.
		nt, err := s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2027, Value: 40})
		if err != nil || nt.Version != 1 {
			t.Fatalf("new target = %+v, %v", nt, err)
		}
		_, err = s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2027, Value: 45})
		wantKind(t, "duplicate new target", err, fault.Conflict)
		// A version of a target that is not there.
		_, err = s.SaveTarget(f.ministry, programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2028, Value: 45, Version: 3})
		wantKind(t, "version of a missing target", err, fault.Conflict)
		// The audit of the first change: before = what the officer read.
		es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{ObjectType: "programme_target"})
		if err != nil || len(es) != 2 {
			t.Fatalf("target audit = %d entries, %v", len(es), err)
		}
		seen := false
		for _, e := range es {
			if e.ObjectID == fmt.Sprint(int64(seeded.ID)) {
				seen = true
				if !strings.Contains(e.Before, `"value":100`) || !strings.Contains(e.After, `"value":110`) {
					t.Errorf("audit before/after = %s / %s", e.Before, e.After)
				}
			}
		}
		if !seen {
			t.Errorf("no audit entry of target %d: %+v", seeded.ID, es)
		}
	})
}

// TestService_SetupCallRules reads the track's rules in force on a call's
// opening date, for an anonymous visitor too.
func TestService_SetupCallRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSetupFixture(t, db)
		c := &programme.Call{Track: programme.TrackBreadth, OpensAt: f.now}
		r, set, err := f.svc.CallRules(f.anon, c)
		if err != nil || r == nil || set == nil || r.MaxCounterpartPct <= r.MinCounterpartPct && r.MaxCounterpartPct == 0 {
			t.Fatalf("breadth rules = %+v, %+v, %v", r, set, err)
		}
		c.Track = programme.TrackCapacity
		if r, _, err := f.svc.CallRules(f.anon, c); r != nil || err != nil {
			t.Errorf("capacity rules = %+v, %v", r, err)
		}
	})
}
