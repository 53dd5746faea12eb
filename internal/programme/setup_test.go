package programme_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/programme"
)

var setupProg = &programme.Programme{StartYear: 2021, EndYear: 2030}

// setupFields returns the fields err names, with their Vietnamese messages.
func setupFields(err error) map[string]string {
	out := map[string]string{}
	for k, v := range fault.FieldsOf(err) {
		out[k] = v.Vi
	}
	return out
}

func TestTargetInput_Check(t *testing.T) {
	for _, c := range []struct {
		name string
		in   programme.TargetInput
		bad  string // the field in error, "" = valid
	}{
		{"yearly", programme.TargetInput{Metric: programme.MetricEnterprisesSupported, Year: 2026, Value: 1800}, ""},
		{"whole period", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 0, Value: 100}, ""},
		{"percent 100", programme.TargetInput{Metric: programme.MetricLPGrowth, Year: 2030, Value: 100}, ""},
		{"unknown metric", programme.TargetInput{Metric: "revenue", Year: 2026, Value: 1}, "metric"},
		{"year before", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2020, Value: 1}, "year"},
		{"year after", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2031, Value: 1}, "year"},
		{"negative", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2026, Value: -1}, "value"},
		{"percent over 100", programme.TargetInput{Metric: programme.MetricLPGrowth, Year: 2026, Value: 120}, "value"},
		{"count over 100 is fine", programme.TargetInput{Metric: programme.MetricExpertsCertified, Year: 2026, Value: 1200}, ""},
		// NaN compares false with every bound; Inf is beyond any; neither
		// may reach the database (SQLite refuses NaN as NULL, PostgreSQL
		// stores it over a real target).
		{"NaN count", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2026, Value: math.NaN()}, "value"},
		{"NaN percent", programme.TargetInput{Metric: programme.MetricLPGrowth, Year: 2026, Value: math.NaN()}, "value"},
		{"+Inf", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2026, Value: math.Inf(1)}, "value"},
		{"-Inf percent", programme.TargetInput{Metric: programme.MetricLPGrowth, Year: 2026, Value: math.Inf(-1)}, "value"},
		{"fractional count", programme.TargetInput{Metric: programme.MetricEnterprisesSupported, Year: 2026, Value: 1200.5}, "value"},
		{"fractional percent is fine", programme.TargetInput{Metric: programme.MetricLPGrowth, Year: 2026, Value: 7.5}, ""},
		{"huge count", programme.TargetInput{Metric: programme.MetricExpertsCertified, Year: 2026, Value: 1e300}, "value"},
		{"negative version", programme.TargetInput{Metric: programme.MetricPilotModels, Year: 2026, Value: 1, Version: -1}, "version"},
	} {
		err := c.in.Check(setupProg)
		got := setupFields(err)
		if c.bad == "" && err != nil || c.bad != "" && got[c.bad] == "" {
			t.Errorf("%s: err = %v (fields %v), want field %q", c.name, err, got, c.bad)
		}
		if c.bad != "" && !fault.Is(err, fault.Invalid) {
			t.Errorf("%s: kind %v", c.name, fault.KindOf(err))
		}
	}
}

func TestPlanInput_Check(t *testing.T) {
	line := func(tr programme.Track, ty programme.ActivityType, n int, st, cp int64) programme.PlanLine {
		return programme.PlanLine{Track: tr, Type: ty, PlannedCount: n, StateBudget: st, Counterpart: cp}
	}
	ok := programme.PlanInput{Year: 2026, Title: "  Kế hoạch 2026 ", Lines: []programme.PlanLine{
		line(programme.TrackBreadth, programme.TypePilotModel, 20, 12_000_000_000, 8_000_000_000),
		line(programme.TrackDepth, programme.TypeDepthProject, 0, 0, 0), // empty: dropped
		line(programme.TrackCapacity, programme.TypeStandard, 10, 4_000_000_000, 0),
	}}
	if err := ok.Check(setupProg); err != nil || ok.Title != "Kế hoạch 2026" || len(ok.Lines) != 2 {
		t.Fatalf("valid plan: %v, %+v", err, ok)
	}
	for _, c := range []struct {
		name  string
		in    programme.PlanInput
		field string
	}{
		{"no title", programme.PlanInput{Year: 2026}, "title"},
		{"year out", programme.PlanInput{Year: 2035, Title: "x"}, "year"},
		{"type not of track", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackCapacity, programme.TypePilotModel, 1, 1, 0)}}, "lines.0"},
		{"unknown track", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line("x", programme.TypePilotModel, 1, 1, 0)}}, "lines.0"},
		{"negative", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackBreadth, programme.TypeTraining, 1, -5, 0)}}, "lines.0"},
		{"repeat", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackBreadth, programme.TypeTraining, 1, 5, 0), line(programme.TrackBreadth, programme.TypeTraining, 2, 5, 0)}}, "lines.1"},
		// Above the caps: a count beyond PostgreSQL's integer, amounts whose
		// sums would overflow int64 in Totals.
		{"count above 2^31", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackBreadth, programme.TypePilotModel, 1<<31, 5, 0)}}, "lines.0"},
		{"count above the cap", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackBreadth, programme.TypePilotModel, programme.MaxPlanCount+1, 5, 0)}}, "lines.0"},
		{"state amount above MaxAmount", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackBreadth, programme.TypePilotModel, 1, math.MaxInt64, 0)}}, "lines.0"},
		{"counterpart above MaxAmount", programme.PlanInput{Year: 2026, Title: "x", Lines: []programme.PlanLine{
			line(programme.TrackBreadth, programme.TypePilotModel, 1, 0, programme.MaxAmount+1)}}, "lines.0"},
	} {
		if got := setupFields(c.in.Check(setupProg)); got[c.field] == "" {
			t.Errorf("%s: fields %v, want %q", c.name, got, c.field)
		}
	}
}

// TestPlan_TotalsAtTheCaps: a plan of MaxPlanLines lines at every cap adds
// up without overflow.
func TestPlan_TotalsAtTheCaps(t *testing.T) {
	in := programme.PlanInput{Year: 2026, Title: "x"}
	for _, tr := range programme.Tracks {
		for _, ty := range programme.TrackTypes(tr) {
			in.Lines = append(in.Lines, programme.PlanLine{Track: tr, Type: ty, PlannedCount: programme.MaxPlanCount,
				StateBudget: programme.MaxAmount, Counterpart: programme.MaxAmount})
		}
	}
	if err := in.Check(setupProg); err != nil {
		t.Fatalf("a plan at the caps: %v", err)
	}
	p := &programme.Plan{Lines: in.Lines}
	_, all := p.Totals()
	n := int64(len(in.Lines))
	if all.StateBudget != n*programme.MaxAmount || all.Total() != 2*n*programme.MaxAmount || all.Total() <= 0 ||
		all.PlannedCount != int(n)*programme.MaxPlanCount {
		t.Errorf("totals at the caps = %+v (total %d)", all, all.Total())
	}
}

func TestApproveInput_Check(t *testing.T) {
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	in := programme.ApproveInput{DecisionNo: " 1234/QĐ-BCT ", DecisionDate: "25/11/2026"}
	if d, err := in.Check(now); err != nil || d != "2026-11-25" || in.DecisionNo != "1234/QĐ-BCT" {
		t.Fatalf("valid decision: %q, %v", d, err)
	}
	for _, c := range []struct {
		in    programme.ApproveInput
		field string
	}{
		{programme.ApproveInput{DecisionDate: "25/11/2026"}, "decision_no"},
		{programme.ApproveInput{DecisionNo: "1/QĐ", DecisionDate: "31/02/2026"}, "decision_date"},
		{programme.ApproveInput{DecisionNo: "1/QĐ", DecisionDate: ""}, "decision_date"},
		{programme.ApproveInput{DecisionNo: "1/QĐ", DecisionDate: "01/12/2026"}, "decision_date"}, // future
	} {
		if _, err := c.in.Check(now); setupFields(err)[c.field] == "" {
			t.Errorf("%+v: %v, want %q", c.in, err, c.field)
		}
	}
}

func TestCallInput_Check(t *testing.T) {
	provs := func(c string) bool { return c == "01" || c == "79" }
	inds := func(c string) bool { return c == "textiles" || c == "steel" }
	opens := time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)
	base := func() programme.CallInput {
		return programme.CallInput{Code: " bct-2026-01 ", Title: "Mô hình điểm", Track: programme.TrackBreadth,
			Types: []programme.ActivityType{programme.TypePilotModel, programme.TypePilotModel}, OpensAt: opens, Deadline: opens.AddDate(0, 2, 0)}
	}
	in := base()
	if err := in.Check(inds, provs); err != nil || in.Code != "BCT-2026-01" || len(in.Types) != 1 {
		t.Fatalf("valid call: %v %+v", err, in)
	}
	prov := base()
	prov.ProvinceCode = "79"
	if err := prov.Check(inds, provs); err != nil || strings.Join(prov.Provinces, ",") != "79" {
		t.Fatalf("a province's call is open to it: %v %+v", err, prov.Provinces)
	}
	for _, c := range []struct {
		name  string
		edit  func(*programme.CallInput)
		field string
	}{
		{"code pattern", func(c *programme.CallInput) { c.Code = "2026/01" }, "code"},
		{"no title", func(c *programme.CallInput) { c.Title = " " }, "title"},
		{"no track", func(c *programme.CallInput) { c.Track = "" }, "track"},
		{"type of another track", func(c *programme.CallInput) { c.Types = []programme.ActivityType{programme.TypeStandard} }, "types"},
		{"capacity with pilot", func(c *programme.CallInput) {
			c.Track, c.Types = programme.TrackCapacity, []programme.ActivityType{programme.TypeLabUpgrade, programme.TypePilotModel}
		}, "types"},
		{"no types", func(c *programme.CallInput) { c.Types = nil }, "types"},
		{"unknown industry", func(c *programme.CallInput) { c.Industries = []string{"banking"} }, "industries"},
		{"unknown province", func(c *programme.CallInput) { c.Provinces = []string{"99"} }, "provinces"},
		{"province call open to another", func(c *programme.CallInput) { c.ProvinceCode, c.Provinces = "79", []string{"79", "01"} }, "provinces"},
		{"negative cap", func(c *programme.CallInput) { c.MaxStateBudget = -1 }, "max_state_budget"},
		{"cap above MaxAmount", func(c *programme.CallInput) { c.MaxStateBudget = programme.MaxAmount + 1 }, "max_state_budget"},
		{"deadline before opening", func(c *programme.CallInput) { c.Deadline = c.OpensAt.Add(-time.Hour) }, "deadline"},
		{"no opening", func(c *programme.CallInput) { c.OpensAt = time.Time{} }, "opens_at"},
	} {
		in := base()
		c.edit(&in)
		if got := setupFields(in.Check(inds, provs)); got[c.field] == "" {
			t.Errorf("%s: fields %v, want %q", c.name, got, c.field)
		}
	}
}

func TestCall_DaysLeft(t *testing.T) {
	c := &programme.Call{Deadline: time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)}
	for _, x := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), 13},
		{time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC), 0},
		{time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC), -1},
	} {
		if got := c.DaysLeft(x.now); got != x.want {
			t.Errorf("DaysLeft(%v) = %d, want %d", x.now, got, x.want)
		}
	}
}
