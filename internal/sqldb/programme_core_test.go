package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestProgrammeStore_Core pins the programme's seeded data and the round
// trip of a call and an activity (budget lines, KPIs, details, screening,
// the proposer's name, the call's code and province) on both databases,
// and that every write moves the dashboard's version.
func TestProgrammeStore_Core(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Programme()
		p, err := st.FindProgramme(ctx, programme.TheProgramme)
		if err != nil || p.StartYear != 2021 || p.EndYear != 2030 {
			t.Fatalf("programme = %+v, %v", p, err)
		}
		kpis, err := st.FindKPIs(ctx)
		if err != nil || len(kpis) != 10 || !kpis[0].Builtin {
			t.Fatalf("kpis = %d, %v", len(kpis), err)
		}
		for _, k := range kpis {
			if !k.Unit.Valid() || (k.Direction != programme.Up && k.Direction != programme.Down) {
				t.Errorf("kpi %s: unit %q direction %q", k.Code, k.Unit, k.Direction)
			}
		}
		if _, err := st.FindCallByID(ctx, 999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing call: %v", err)
		}
		v0, err := st.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}

		es := makeEnterprises(1_400_000_000, 1, time.Now())
		es[0].Name, es[0].ProvinceCode = "Công ty Cổ phần Dệt Mẫu", "79"
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		opens := time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)
		c := &programme.Call{ProvinceCode: "79", Code: "HCM-2026-01", Title: "Mô hình điểm 2026", Track: programme.TrackBreadth,
			Types: []programme.ActivityType{programme.TypePilotModel}, Industries: []string{"textiles"},
			MaxStateBudget: 500_000_000, OpensAt: opens, Deadline: opens.AddDate(0, 2, 0), Status: programme.CallOpen}
		if err := st.CreateCall(ctx, c); err != nil {
			t.Fatal(err)
		}
		gotCall, err := st.FindCallByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, gotCall, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
			t.Errorf("call round trip (-want +got):\n%s", diff)
		}
		if err := st.CreateCall(ctx, &programme.Call{Code: "HCM-2026-01", Title: "x", Track: programme.TrackBreadth,
			OpensAt: opens, Deadline: opens, Status: programme.CallDraft}); !fault.Is(err, fault.Conflict) {
			t.Errorf("duplicate call code: %v", err)
		}

		actual := 12.5
		sub := opens.Add(48 * time.Hour)
		a := &programme.Activity{CallID: c.ID, Type: programme.TypePilotModel, Track: programme.TrackBreadth, Year: 2026,
			Title: "Mô hình 5S – Kaizen tại xưởng may", Summary: "Áp dụng 5S và Kaizen", EnterpriseID: int64(es[0].ID),
			ProvinceCode: "79", Industry: "textiles", SizeClass: "small",
			Details: map[string]string{"scope": "Xưởng may 2", "replication_plan": "Hội thảo"}, Tools: []string{"5s", "kaizen"},
			Status: programme.StatusSubmitted, StateBudget: 300_000_000, Counterpart: 200_000_000,
			Screening:   &programme.Screening{Passed: true, At: sub, Reasons: []programme.Reason{{Rule: "deadline", OK: true, Text: fault.Text{Vi: "Đúng hạn", En: "On time"}}}},
			SubmittedAt: &sub,
			Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 200_000_000, Counterpart: 50_000_000},
				{Item: "Đào tạo", State: 100_000_000, Counterpart: 150_000_000}},
			KPIs: []programme.ActivityKPI{{Code: "oee", Baseline: 55, Target: 70, Actual: &actual},
				{Code: "defect_ppm", Baseline: 12000, Target: 6000}}}
		if err := st.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindActivityByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *a
		want.Budget = []programme.BudgetLine{{Line: 1, Item: "Chuyên gia", State: 200_000_000, Counterpart: 50_000_000},
			{Line: 2, Item: "Đào tạo", State: 100_000_000, Counterpart: 150_000_000}}
		want.ProposerName, want.CallCode, want.CallProvince = "Công ty Cổ phần Dệt Mẫu", "HCM-2026-01", "79"
		want.KPIs = []programme.ActivityKPI{{Code: "defect_ppm", Baseline: 12000, Target: 6000}, {Code: "oee", Baseline: 55, Target: 70, Actual: &actual}}
		if diff := cmp.Diff(&want, got, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
			t.Errorf("activity round trip (-want +got):\n%s", diff)
		}
		if got.CounterpartPct() != 40 {
			t.Errorf("counterpart share = %v", got.CounterpartPct())
		}
		if v1, _ := st.Version(ctx); v1 <= v0 {
			t.Errorf("version did not move: %d → %d", v0, v1)
		}
		if err := st.CreateActivity(ctx, &programme.Activity{Type: programme.TypeTraining, Track: programme.TrackCapacity, Year: 2026,
			Title: "x", Status: programme.StatusDraft, KPIs: []programme.ActivityKPI{{Code: "khong_co", Baseline: 1, Target: 2}}}); err == nil {
			t.Error("a KPI outside the catalogue was stored")
		}
	})
}
