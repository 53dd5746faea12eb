package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// resRegistry is the registry as the results service reads it: the
// enterprises of the test, with their industry and size class.
type resRegistry map[registry.EnterpriseID]*registry.Enterprise

func (r resRegistry) FindEnterpriseByID(_ context.Context, id registry.EnterpriseID) (*registry.Enterprise, error) {
	if e, ok := r[id]; ok {
		return e, nil
	}
	return nil, fault.New(fault.NotFound, "Không tìm thấy.", "Not found.")
}

func (resRegistry) Eligibility(context.Context, registry.EnterpriseID, registry.Track, float64, time.Time) (*registry.Eligibility, error) {
	return nil, fault.New(fault.Internal, "x", "x")
}

// resFixture is a small known dataset: five enterprises (e[0], e[3] in
// 79; e[1], e[2], e[4] in 01), a running pilot of e[0] with a verified
// KPI, a draft pilot, a closed depth project of e[1], and users for an
// enterprise account of each firm and the officers.
type resFixture struct {
	db      *sqldb.DB
	svc     *programme.Service
	ents    []*registry.Enterprise
	pilot   *programme.Activity
	draft   *programme.Activity
	users   map[string]*auth.Actor
	entUser []*auth.Actor
	reg     resRegistry
}

func newResFixture(t *testing.T, db *sqldb.DB) *resFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	es := makeEnterprises(1_500_000_000, 5, now)
	provs := []string{"79", "01", "01", "79", "01"}
	inds := []registry.Industry{"textiles", "plastics", "plastics", "textiles", ""}
	sizes := []registry.SizeClass{"small", "medium", "small", "micro", "small"}
	for i, e := range es {
		e.ProvinceCode = provs[i]
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	reg := resRegistry{}
	for i, e := range es {
		c := *e
		c.Industry, c.SizeClass = inds[i], sizes[i]
		reg[e.ID] = &c
	}
	f := &resFixture{db: db, ents: es, users: map[string]*auth.Actor{}, reg: reg}
	mk := func(role auth.Role, prov string, ent int64, tag string) *auth.Actor {
		u := &auth.User{Email: fmt.Sprintf("res-%s@example.vn", tag), Name: tag, Role: role, ProvinceCode: prov, EnterpriseID: ent,
			Lang: "vi", PasswordHash: "x", CreatedAt: now, UpdatedAt: now, PasswordChangedAt: now}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return &auth.Actor{UserID: u.ID, Email: u.Email, Role: role, ProvinceCode: prov, EnterpriseID: ent}
	}
	f.users["ministry"] = mk(auth.RoleMinistry, "", 0, "ministry")
	f.users["p01"] = mk(auth.RoleProvince, "01", 0, "p01")
	f.users["p79"] = mk(auth.RoleProvince, "79", 0, "p79")
	for i, e := range es {
		f.entUser = append(f.entUser, mk(auth.RoleEnterprise, "", int64(e.ID), fmt.Sprintf("ent%d", i)))
	}
	f.svc = programme.NewService(programme.Options{Store: db.Programme(), Registry: reg, Clock: func() time.Time { return now }})

	st := db.Programme()
	verified := now.Add(-24 * time.Hour)
	act := func(v float64) *float64 { return &v }
	f.pilot = &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackDepth, Year: 2026, Title: "Mô hình Lean xưởng may", CreatedAt: now.AddDate(0, -6, 0),
		EnterpriseID: int64(es[0].ID), ProvinceCode: "79", Industry: "textiles", SizeClass: "small", Tools: []string{"5s", "kaizen"},
		Status: programme.StatusInProgress, ContractDate: "2026-02-01",
		KPIs: []programme.ActivityKPI{
			{Code: "oee", Baseline: 50, Target: 60, Actual: act(60), VerifiedBy: f.users["ministry"].UserID, VerifiedAt: &verified},
			{Code: "defect_ppm", Baseline: 10000, Target: 6000, Actual: act(5000)}, // not verified: not public, not in the spread
			{Code: "lead_time", Baseline: 0, Target: 0, Actual: act(3)}}}
	f.draft = &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackDepth, Year: 2026, Title: "Bản nháp",
		EnterpriseID: int64(es[3].ID), ProvinceCode: "79", Status: programme.StatusDraft}
	depth := &programme.Activity{Type: programme.TypeDepthProject, Track: programme.TrackDepth, Year: 2025, Title: "Dự án chiều sâu",
		EnterpriseID: int64(es[1].ID), ProvinceCode: "01", Industry: "plastics", SizeClass: "medium", Status: programme.StatusClosed}
	for _, a := range []*programme.Activity{f.pilot, f.draft, depth} {
		if err := st.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func resAs(a *auth.Actor) context.Context { return auth.WithActor(context.Background(), a) }

func repIn(pilot programme.ActivityID, src programme.ReplicationID, baseline, actual float64) programme.ReplicationInput {
	return programme.ReplicationInput{PilotID: pilot, SourceID: src, AppliedOn: "15/04/2026", Tools: []string{"5s"},
		Description: "Áp dụng 5S", KPIs: []programme.ReplicationKPI{{Code: "oee", Baseline: baseline, Actual: actual}}}
}

// TestProgrammeResults_Catalogue: custom KPIs are added (bad code, taken
// code refused), renamed, hidden; used or builtin ones are not deleted.
func TestProgrammeResults_Catalogue(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		officer := resAs(f.users["ministry"])
		if _, err := f.svc.AddKPI(officer, programme.KPIInput{Code: "9bad", NameVi: "x", NameEn: "x", Unit: programme.UnitPercent, Direction: programme.Up}); fault.FieldsOf(err)["code"].Vi == "" {
			t.Fatalf("bad code: %v", err)
		}
		if _, err := f.svc.AddKPI(resAs(f.users["p79"]), programme.KPIInput{Code: "scrap_rate", NameVi: "Tỷ lệ phế phẩm", NameEn: "Scrap rate",
			Unit: programme.UnitPercent, Direction: programme.Down}); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("provincial officer added a KPI: %v", err)
		}
		in := programme.KPIInput{Code: "scrap_rate", NameVi: "Tỷ lệ phế phẩm", NameEn: "Scrap rate", Unit: programme.UnitPercent, Direction: programme.Down}
		if _, err := f.svc.AddKPI(officer, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddKPI(officer, in); !fault.Is(err, fault.Conflict) || fault.FieldsOf(err)["code"].Vi == "" {
			t.Fatalf("taken code: %v", err)
		}
		if k, err := f.svc.RenameKPI(officer, "scrap_rate", "Tỷ lệ phế liệu", "Scrap ratio"); err != nil || k.Name.En != "Scrap ratio" {
			t.Fatalf("rename: %+v %v", k, err)
		}
		if k, err := f.svc.HideKPI(officer, "oee", true); err != nil || !k.Hidden {
			t.Fatalf("hide builtin: %+v %v", k, err)
		}
		if err := f.svc.DeleteKPI(officer, "oee"); !fault.Is(err, fault.Invalid) {
			t.Fatalf("builtin deleted: %v", err)
		}
		if n, err := db.Programme().KPIUses(context.Background(), "oee"); err != nil || n != 1 {
			t.Fatalf("uses = %d, %v", n, err)
		}
		if err := f.svc.DeleteKPI(officer, "scrap_rate"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteKPI(officer, "scrap_rate"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("deleted twice: %v", err)
		}
	})
}

// TestProgrammeResults_Replications: record, the unique pair, the tree's
// parent, own pilot, draft pilot, values outside the unit, who sees what,
// stale edits and confirmation.
func TestProgrammeResults_Replications(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		e1, e2, e3 := resAs(f.entUser[1]), resAs(f.entUser[2]), resAs(f.entUser[3])
		r1, err := f.svc.RecordReplication(e1, repIn(f.pilot.ID, 0, 40, 36)) // worse: a result, not an error
		if err != nil {
			t.Fatal(err)
		}
		if r1.ProvinceCode != "01" || r1.Industry != "plastics" || r1.SizeClass != "medium" || r1.Version != 1 {
			t.Errorf("copied from the enterprise: %+v", r1)
		}
		if _, err := f.svc.RecordReplication(e1, repIn(f.pilot.ID, 0, 40, 50)); !fault.Is(err, fault.Conflict) || fault.FieldsOf(err)["pilot"].Vi == "" {
			t.Fatalf("second replication of the same pilot: %v", err)
		}
		if _, err := f.svc.RecordReplication(resAs(f.entUser[0]), repIn(f.pilot.ID, 0, 40, 50)); fault.FieldsOf(err)["pilot"].Vi == "" {
			t.Fatalf("own pilot: %v", err)
		}
		if _, err := f.svc.RecordReplication(e3, repIn(f.draft.ID, 0, 40, 50)); fault.FieldsOf(err)["pilot"].Vi == "" {
			t.Fatalf("draft pilot: %v", err)
		}
		in := repIn(f.pilot.ID, 0, 40, 50)
		in.EnterpriseID = int64(f.ents[4].ID)
		if _, err := f.svc.RecordReplication(e2, in); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("recorded for another enterprise: %v", err)
		}
		bad := repIn(f.pilot.ID, 0, 40, 120) // OEE is a percentage
		bad.AppliedOn = "01/01/2027"         // the future
		bad.KPIs = append(bad.KPIs, programme.ReplicationKPI{Code: "lead_time", Baseline: -2, Actual: 1})
		_, err = f.svc.RecordReplication(e2, bad)
		fs := fault.FieldsOf(err)
		if fs["kpi.0.actual"].Vi == "" || fs["applied_on"].Vi == "" || fs["kpi.1.baseline"].Vi == "" {
			t.Fatalf("bad values: %v %v", err, fs)
		}
		early := repIn(f.pilot.ID, 0, 40, 50)
		early.AppliedOn = "2026-01-15" // before the pilot's contract
		if _, err := f.svc.RecordReplication(e2, early); fault.FieldsOf(err)["applied_on"].Vi == "" {
			t.Fatalf("before the pilot: %v", err)
		}

		// The parent must be a replication of the same pilot.
		other := &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackDepth, Year: 2026, Title: "Mô hình khác",
			EnterpriseID: int64(f.ents[4].ID), ProvinceCode: "01", Tools: []string{"5s"}, Status: programme.StatusClosed,
			CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		if err := db.Programme().CreateActivity(context.Background(), other); err != nil {
			t.Fatal(err)
		}
		rOther, err := f.svc.RecordReplication(e3, repIn(other.ID, 0, 40, 50))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.RecordReplication(e2, repIn(f.pilot.ID, rOther.ID, 40, 50))
		otherMsg := fault.FieldsOf(err)["source"]
		if otherMsg.Vi == "" {
			t.Fatalf("parent of another pilot: %v", err)
		}
		// A missing record reads the same: the answer tells no id exists.
		_, err = f.svc.RecordReplication(e2, repIn(f.pilot.ID, rOther.ID+1000, 40, 50))
		if fault.FieldsOf(err)["source"] != otherMsg {
			t.Errorf("missing source %v, other pilot's %v: the messages differ", fault.FieldsOf(err)["source"], otherMsg)
		}
		r2, err := f.svc.RecordReplication(e2, repIn(f.pilot.ID, r1.ID, 40, 50))
		if err != nil {
			t.Fatal(err)
		}

		// Who sees what.
		if _, err := f.svc.Replication(e2, r1.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("an enterprise saw another's replication: %v", err)
		}
		if _, err := f.svc.Replication(resAs(f.users["p79"]), r1.ID); err != nil {
			t.Errorf("the pilot's province officer: %v", err)
		}
		if _, err := f.svc.Replication(resAs(f.users["p79"]), rOther.ID); err != nil {
			t.Errorf("79 officer, a 79 firm's replication of a 01 pilot: %v", err)
		}
		list, total, err := f.svc.Replications(e2, programme.ReplicationFilter{})
		if err != nil || total != 1 || list[0].ID != r2.ID {
			t.Errorf("enterprise list = %d %v", total, err)
		}
		if _, total, _ := f.svc.Replications(resAs(f.users["p01"]), programme.ReplicationFilter{Province: "79"}); total != 2 {
			t.Errorf("01 officer list (held to 01) = %d", total)
		}

		// Edit: only the owner, only with the version read.
		if _, err := f.svc.UpdateReplication(e1, r1.ID, 1, repIn(f.pilot.ID, 0, 40, 45)); err != nil {
			t.Fatal(err, fault.FieldsOf(err))
		}
		if _, err := f.svc.UpdateReplication(e1, r1.ID, 1, repIn(f.pilot.ID, 0, 40, 47)); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale edit: %v", err)
		}
		if _, err := f.svc.UpdateReplication(e1, r1.ID, 2, repIn(f.pilot.ID, r2.ID, 40, 47)); fault.FieldsOf(err)["source"].Vi == "" {
			t.Fatalf("a cycle through a later record: %v", err)
		}

		// Confirm: the firm's province (01) or the ministry; not 79.
		if _, err := f.svc.ConfirmReplication(resAs(f.users["p79"]), r1.ID, 2); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("79 confirmed a 01 firm's replication: %v", err)
		}
		if _, err := f.svc.ConfirmReplication(resAs(f.users["p01"]), r1.ID, 1); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale confirm: %v", err)
		}
		if c, err := f.svc.ConfirmReplication(resAs(f.users["p01"]), r1.ID, 2); err != nil || c.Status != programme.ReplicationConfirmed {
			t.Fatalf("confirm: %+v %v", c, err)
		}
		if _, err := f.svc.UpdateReplication(e1, r1.ID, 3, repIn(f.pilot.ID, 0, 40, 45)); !fault.Is(err, fault.Invalid) {
			t.Fatalf("edit after confirmation: %v", err)
		}

		// The public pilot: verified KPIs only; unconfirmed firms unnamed.
		v, err := f.svc.Pilot(context.Background(), f.pilot.ID, "vi")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.KPIs) != 1 || v.KPIs[0].Code != "oee" || *v.KPIs[0].Improvement != 20 || v.Pilot.Replications != 2 {
			t.Errorf("public pilot = %+v", v)
		}
		if len(v.Tree.Children) != 1 || v.Tree.Children[0].Name != f.ents[1].Name || v.Tree.Children[0].Children[0].Name != "1 doanh nghiệp khác" || v.Tree.Depth() != 2 {
			t.Errorf("tree = %+v", v.Tree)
		}
		// The unconfirmed node (r2, e2 in 01) carries nothing but being
		// counted: no id, province, status or date in the public JSON.
		if b, err := json.Marshal(v.Tree.Children[0].Children[0]); err != nil || string(b) != `{"name":"1 doanh nghiệp khác","others":1}` {
			t.Errorf("public unconfirmed node = %s %v", b, err)
		}
		if b, _ := json.Marshal(v); strings.Contains(string(b), f.ents[2].Name) || strings.Contains(string(b), fmt.Sprintf(`"id":%d`, r2.ID)) {
			t.Errorf("public JSON names or numbers the unconfirmed firm: %s", b)
		}
		// The replication form of another firm: confirmed sources named,
		// the unconfirmed one neither named nor placed nor dated.
		_, srcs, err := f.svc.ReplicablePilot(e3, f.pilot.ID, "vi")
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range srcs {
			switch n.ID {
			case r1.ID:
				if n.Name != f.ents[1].Name || n.AppliedOn == "" {
					t.Errorf("confirmed source = %+v", n)
				}
			case r2.ID:
				if n.Name != programme.OtherFirm.Vi || n.AppliedOn != "" || n.Province != "" {
					t.Errorf("unconfirmed source = %+v", n)
				}
			}
		}
		if _, err := f.svc.Pilot(context.Background(), f.draft.ID, "vi"); !fault.Is(err, fault.NotFound) {
			t.Errorf("draft pilot public: %v", err)
		}
		ps, n, err := f.svc.Pilots(context.Background(), programme.PilotFilter{Tool: "kaizen"})
		if err != nil || n != 1 || ps[0].ID != f.pilot.ID {
			t.Errorf("pilots by tool = %d %v", n, err)
		}
		// The tool is one item of the list, matched exactly: _ and % are
		// not wildcards, a part of a code is not the code.
		for _, tool := range []string{"5_", "%", "_s", "kai", "5s,kaizen"} {
			if _, n, err := f.svc.Pilots(context.Background(), programme.PilotFilter{Tool: tool}); err != nil || n != 0 {
				t.Errorf("pilots by tool %q = %d %v", tool, n, err)
			}
		}
		if _, n, _ := f.svc.Pilots(context.Background(), programme.PilotFilter{Tool: "5s"}); n != 2 { // and "other"
			t.Errorf("pilots by tool 5s = %d", n)
		}
		if _, n, _ := f.svc.Pilots(context.Background(), programme.PilotFilter{Province: "01"}); n != 1 {
			t.Errorf("pilots in 01 = %d", n)
		}

		// Results tab: officers of the scope, the proposer; not others.
		res, err := f.svc.Results(resAs(f.users["p79"]), f.pilot.ID, "vi")
		if err != nil {
			t.Fatal(err)
		}
		if res.Overall == nil || *res.Overall != 35 || len(res.Replications) != 2 || res.Others != 0 { // median of 20 (oee), 50 (defects)
			t.Errorf("results = overall %v, %d replications, %d others", res.Overall, len(res.Replications), res.Others)
		}
		if res.Tree.Size() != 2 || res.Tree.Children[0].Children[0].Name != f.ents[2].Name {
			t.Errorf("officer's tree = %+v", res.Tree)
		}
		if _, err := f.svc.Results(resAs(f.users["p01"]), f.pilot.ID, "vi"); !fault.Is(err, fault.NotFound) {
			t.Errorf("01 officer saw a 79 activity's results: %v", err)
		}
		if _, err := f.svc.Results(e1, f.pilot.ID, "vi"); !fault.Is(err, fault.NotFound) {
			t.Errorf("another enterprise saw the results: %v", err)
		}
		// The pilot's own enterprise sees the confirmed replication (r1) in
		// full, the unconfirmed one (r2) only counted, as the public does:
		// Replication(r2) is 404 for it, so Results must not tell more.
		own, err := f.svc.Results(resAs(f.entUser[0]), f.pilot.ID, "vi")
		if err != nil {
			t.Fatalf("the proposer: %v", err)
		}
		if len(own.Replications) != 1 || own.Replications[0].ID != r1.ID || own.Others != 1 {
			t.Errorf("proposer's replications = %d (others %d)", len(own.Replications), own.Others)
		}
		if _, err := f.svc.Replication(resAs(f.entUser[0]), r2.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("the proposer opened an unconfirmed replication: %v", err)
		}
		b, err := json.Marshal(own)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{f.ents[2].Name, fmt.Sprintf(`"id":%d`, r2.ID), fmt.Sprintf(`"enterprise_id":%d`, f.ents[2].ID)} {
			if strings.Contains(string(b), leak) {
				t.Errorf("the proposer's results show %s: %s", leak, b)
			}
		}
		if n := own.Tree.Children[0].Children[0]; n.Others != 1 || n.ID != 0 || n.Province != "" || n.AppliedOn != "" {
			t.Errorf("proposer's tree node = %+v", n)
		}
	})
}

// TestProgrammeResults_Spread counts on a known dataset: pilots,
// replication rate, per-pilot depth, distinct enterprises reached and the
// KPI quartiles, nationally and for a province.
func TestProgrammeResults_Spread(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		r1, err := f.svc.RecordReplication(resAs(f.entUser[1]), repIn(f.pilot.ID, 0, 40, 50)) // +25 %
		if err != nil {
			t.Fatal(err)
		}
		r2, err := f.svc.RecordReplication(resAs(f.entUser[2]), repIn(f.pilot.ID, r1.ID, 50, 45)) // −10 %
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordReplication(resAs(f.entUser[4]), repIn(f.pilot.ID, r2.ID, 40, 60)); err != nil { // +50 %, unconfirmed
			t.Fatal(err)
		}
		officer := resAs(f.users["ministry"])
		for _, r := range []*programme.ReplicationRecord{r1, r2} {
			if _, err := f.svc.ConfirmReplication(officer, r.ID, 1); err != nil {
				t.Fatal(err)
			}
		}
		sp, err := f.svc.SpreadFigures(officer, "")
		if err != nil {
			t.Fatal(err)
		}
		if sp.Pilots != 1 || sp.Replicated != 1 || sp.Rate != 100 || sp.Replications != 3 || sp.Confirmed != 2 {
			t.Errorf("totals = %+v", sp)
		}
		if len(sp.PerPilot) != 1 || sp.PerPilot[0].Replications != 3 || sp.PerPilot[0].Depth != 3 || sp.PerPilot[0].Enterprise != f.ents[0].Name {
			t.Errorf("per pilot = %+v", sp.PerPilot)
		}
		// e0 (pilot), e1 (depth project and a replication: once), e2, e4.
		if sp.Reached != 4 {
			t.Errorf("reached = %d, want 4", sp.Reached)
		}
		want := map[string]int{"01": 3, "79": 1}
		for _, c := range sp.ByProvince {
			if want[c.Key] != c.N {
				t.Errorf("by province %q = %d", c.Key, c.N)
			}
		}
		if len(sp.ByProvince) != 2 || len(sp.BySize) != 2 { // small (e0, e2, e4), medium (e1)
			t.Errorf("breakdowns = %+v / %+v", sp.ByProvince, sp.BySize)
		}
		if len(sp.ActivityKPIs) != 1 || sp.ActivityKPIs[0].Median != 20 || sp.ActivityKPIs[0].N != 1 {
			t.Errorf("activity quartiles = %+v", sp.ActivityKPIs)
		}
		// Confirmed replications: +25 and −10 → median 7.5, q1 −1.25, q3 16.25.
		if q := sp.RepKPIs; len(q) != 1 || q[0].N != 2 || math.Abs(q[0].Median-7.5) > 1e-9 || math.Abs(q[0].Q1+1.25) > 1e-9 || math.Abs(q[0].Q3-16.25) > 1e-9 {
			t.Errorf("replication quartiles = %+v", q)
		}

		// Province 79: its pilot, no replicating firm of its own, e0 reached.
		sp79, err := f.svc.SpreadFigures(resAs(f.users["p79"]), "01") // held to 79
		if err != nil {
			t.Fatal(err)
		}
		if sp79.Province != "79" || sp79.Pilots != 1 || sp79.Reached != 1 || sp79.Replications != 3 || len(sp79.RepKPIs) != 0 {
			t.Errorf("79 = %+v", sp79)
		}
		sp01, err := f.svc.SpreadFigures(resAs(f.users["p01"]), "")
		if err != nil {
			t.Fatal(err)
		}
		if sp01.Pilots != 0 || sp01.Reached != 3 || sp01.Replications != 3 || sp01.Rate != 0 {
			t.Errorf("01 = %+v", sp01)
		}
		if _, err := f.svc.SpreadFigures(resAs(f.entUser[1]), ""); !fault.Is(err, fault.Forbidden) {
			t.Errorf("enterprise saw the spread: %v", err)
		}
	})
}

// TestProgrammeResults_HugeValues: a value beyond the unit's range is
// refused with a field error; values already stored that give no finite
// improvement (a tiny baseline) never break the JSON of the results,
// replications, public pilot or spread.
func TestProgrammeResults_HugeValues(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		e1 := resAs(f.entUser[1])
		in := repIn(f.pilot.ID, 0, 40, 50)
		in.KPIs = append(in.KPIs, programme.ReplicationKPI{Code: "lead_time", Baseline: 10, Actual: 1e307},
			programme.ReplicationKPI{Code: "cost_saved", Baseline: math.Inf(1), Actual: 5})
		_, err := f.svc.RecordReplication(e1, in)
		if fs := fault.FieldsOf(err); !fault.Is(err, fault.Invalid) || fs["kpi.1.actual"].Vi == "" || fs["kpi.2.baseline"].En == "" {
			t.Fatalf("huge values: %v %v", err, fs)
		}
		// As if written before the ranges existed: the store does not check.
		ctx := context.Background()
		r := &programme.ReplicationRecord{Replication: programme.Replication{PilotID: f.pilot.ID, EnterpriseID: int64(f.ents[1].ID),
			AppliedOn: "2026-04-15", Tools: []string{"5s"}, ProvinceCode: "01", Status: programme.ReplicationReported,
			KPIs: []programme.ReplicationKPI{{Code: "cost_saved", Baseline: 5e-324, Actual: 1e300}, {Code: "oee", Baseline: 40, Actual: 50}}}}
		if err := db.Programme().CreateReplication(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := db.Programme().ConfirmReplication(ctx, r.ID, 1, time.Now()); err != nil {
			t.Fatal(err)
		}
		officer := resAs(f.users["ministry"])
		res, err := f.svc.Results(officer, f.pilot.ID, "vi")
		if err != nil {
			t.Fatal(err)
		}
		if o := res.Replications[0].Overall; o == nil || *o != 25 {
			t.Errorf("overall skipping the infinite improvement = %v", o)
		}
		reps, _, err := f.svc.Replications(officer, programme.ReplicationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		sp, err := f.svc.SpreadFigures(officer, "")
		if err != nil {
			t.Fatalf("spread: %v", err)
		}
		if len(sp.RepKPIs) != 1 || sp.RepKPIs[0].Code != "oee" {
			t.Errorf("spread quartiles = %+v", sp.RepKPIs)
		}
		pv, err := f.svc.Pilot(ctx, f.pilot.ID, "vi")
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string]any{"results": res, "replications": reps, "spread": sp, "pilot": pv} {
			if _, err := json.Marshal(v); err != nil {
				t.Errorf("JSON of %s: %v", name, err)
			}
		}
	})
}

// TestProgrammeResults_AppliedToday: "not in the future" is the Vietnam
// date: at 23:30 in Vietnam (16:30 UTC) today is accepted and tomorrow
// refused; at 00:30 in Vietnam (17:30 UTC, still yesterday in UTC) the new
// Vietnam day is accepted.
func TestProgrammeResults_AppliedToday(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		check := func(clock time.Time, day string, future bool) {
			t.Helper()
			svc := programme.NewService(programme.Options{Store: db.Programme(), Registry: f.reg, Clock: func() time.Time { return clock }})
			in := repIn(f.pilot.ID, 0, 40, 50)
			in.AppliedOn, in.KPIs = day, nil // no KPI: refused anyway, nothing written
			_, err := svc.RecordReplication(resAs(f.entUser[1]), in)
			if fs := fault.FieldsOf(err); fs["kpis"].Vi == "" || (fs["applied_on"].Vi != "") != future {
				t.Errorf("at %s, applied %s: future %v, got %v", clock, day, future, fs)
			}
		}
		late := time.Date(2026, 6, 1, 16, 30, 0, 0, time.UTC) // 23:30 on 01/06 in Vietnam
		check(late, "01/06/2026", false)
		check(late, "02/06/2026", true)
		early := time.Date(2026, 6, 1, 17, 30, 0, 0, time.UTC) // 00:30 on 02/06 in Vietnam
		check(early, "02/06/2026", false)
		check(early, "03/06/2026", true)
	})
}

// TestProgrammeResults_SpreadNames: the cached spread shows an enterprise's
// new name after a rename (which does not bump programme_version).
func TestProgrammeResults_SpreadNames(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		if _, err := f.svc.RecordReplication(resAs(f.entUser[1]), repIn(f.pilot.ID, 0, 40, 50)); err != nil {
			t.Fatal(err)
		}
		officer := resAs(f.users["ministry"])
		sp, err := f.svc.SpreadFigures(officer, "")
		if err != nil || len(sp.PerPilot) != 1 || sp.PerPilot[0].Enterprise != f.ents[0].Name {
			t.Fatalf("spread = %+v %v", sp, err)
		}
		ctx := context.Background()
		v0, _ := db.Programme().Version(ctx)
		e, err := db.Registry().FindEnterpriseByID(ctx, f.ents[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		e.Name = "Công ty Đổi Tên Mới"
		if err := db.Registry().UpdateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		if v1, _ := db.Programme().Version(ctx); v1 != v0 {
			t.Logf("programme_version moved on a rename (%d → %d): the test still checks the name", v0, v1)
		}
		sp, err = f.svc.SpreadFigures(officer, "")
		if err != nil || sp.PerPilot[0].Enterprise != "Công ty Đổi Tên Mới" {
			t.Errorf("after the rename = %+v %v", sp.PerPilot, err)
		}
	})
}

// countingStore counts and slows FindSpread, to see concurrent misses merge.
type countingStore struct {
	programme.Store
	n atomic.Int32
}

func (c *countingStore) FindSpread(ctx context.Context, province string) (*programme.SpreadFigures, error) {
	c.n.Add(1)
	time.Sleep(50 * time.Millisecond)
	return c.Store.FindSpread(ctx, province)
}

// TestProgrammeResults_SpreadOnce: concurrent misses for one version and
// province compute once; a province code that is not one is refused.
func TestProgrammeResults_SpreadOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newResFixture(t, db)
		st := &countingStore{Store: db.Programme()}
		svc := programme.NewService(programme.Options{Store: st, Registry: f.reg, Clock: time.Now})
		officer := resAs(f.users["ministry"])
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := svc.SpreadFigures(officer, "79"); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := st.n.Load(); n != 1 {
			t.Errorf("8 concurrent misses computed %d times", n)
		}
		for _, bad := range []string{"7", "zz", "079", "79' OR 1=1"} {
			if _, err := svc.SpreadFigures(officer, bad); !fault.Is(err, fault.Invalid) || fault.FieldsOf(err)["province"].Vi == "" {
				t.Errorf("province %q: %v", bad, err)
			}
		}
	})
}
