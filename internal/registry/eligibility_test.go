package registry_test

import (
	"strings"
	"testing"

	"nscl/internal/registry"
)

var (
	breadth = registry.TrackRules{RequireSME: true, MinCounterpartPct: 30, MaxCounterpartPct: 50}
	depth   = registry.TrackRules{MinCounterpartPct: 50, MaxCounterpartPct: 70, MinImprovementYears: 3,
		RequireSectorSpecific: true, RequireReplicable: true}
)

func bp(b bool) *bool { return &b }

func TestEvaluate(t *testing.T) {
	t.Parallel()
	yes := registry.OfficerJudgement{SectorSpecific: bp(true), Replicable: bp(true)}
	for _, tc := range []struct {
		name    string
		rules   registry.TrackRules
		in      registry.EligibilityInput
		want    bool
		summary string // the Vietnamese summary, exactly
		has     string // a reason that must be present
	}{
		{"BreadthSmallPlastics", breadth, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: 40,
			SizeClass: registry.SizeSmall, SizeYear: 2024, Industry: registry.IndustryPlastics, Active: true}, true,
			"Đủ điều kiện chiều rộng: doanh nghiệp nhỏ ngành nhựa; vốn đối ứng 40% trong khoảng 30–50%", ""},
		{"BreadthShareAtBounds", breadth, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: 30,
			SizeClass: registry.SizeMicro, SizeYear: 2024, Active: true}, true, "", "vốn đối ứng 30% trong khoảng 30–50%"},
		{"BreadthShareAbove", breadth, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: 50.5,
			SizeClass: registry.SizeMedium, SizeYear: 2024, Active: true}, false,
			"Chưa đủ điều kiện chiều rộng: vốn đối ứng 50,5% ngoài khoảng 30–50%", ""},
		{"BreadthLarge", breadth, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: 40,
			SizeClass: registry.SizeLarge, SizeYear: 2024, Active: true}, false, "", "không phải doanh nghiệp nhỏ và vừa"},
		{"BreadthNoFigures", breadth, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: 40, Active: true},
			false, "", "chưa đủ số liệu năm"},
		{"BreadthDissolved", breadth, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: 40,
			SizeClass: registry.SizeSmall, SizeYear: 2024}, false, "", "không còn hoạt động"},
		{"DepthAll", depth, registry.EligibilityInput{Track: registry.TrackDepth, CounterpartPct: 70, SizeClass: registry.SizeLarge,
			ImprovementYears: 3, Judgement: yes, Active: true}, true, "", "3 năm có hoạt động cải tiến"},
		{"DepthTwoYears", depth, registry.EligibilityInput{Track: registry.TrackDepth, CounterpartPct: 60,
			ImprovementYears: 2, Judgement: yes, Active: true}, false, "", "chỉ 2 năm có hoạt động cải tiến được ghi nhận, cần tối thiểu 3"},
		{"DepthNotJudged", depth, registry.EligibilityInput{Track: registry.TrackDepth, CounterpartPct: 60,
			ImprovementYears: 5, Active: true}, false, "", "chưa được cán bộ đánh giá tính đặc thù ngành"},
		{"DepthJudgedNotReplicable", depth, registry.EligibilityInput{Track: registry.TrackDepth, CounterpartPct: 60,
			ImprovementYears: 5, Judgement: registry.OfficerJudgement{SectorSpecific: bp(true), Replicable: bp(false)}, Active: true},
			false, "", "cán bộ đánh giá không có khả năng nhân rộng"},
		{"DepthShareBelow", depth, registry.EligibilityInput{Track: registry.TrackDepth, CounterpartPct: 49.9,
			ImprovementYears: 5, Judgement: yes, Active: true}, false, "", "vốn đối ứng 49,9% ngoài khoảng 50–70%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := registry.Evaluate(tc.rules, tc.in)
			if got.Eligible != tc.want {
				t.Errorf("eligible=%v, want %v: %+v", got.Eligible, tc.want, got.Reasons)
			}
			if tc.summary != "" && got.Reasons[0].Vi != tc.summary {
				t.Errorf("summary\n got %q\nwant %q", got.Reasons[0].Vi, tc.summary)
			}
			found := tc.has == ""
			for _, r := range got.Reasons {
				if r.Vi == "" || r.En == "" {
					t.Errorf("reason without both languages: %+v", r)
				}
				found = found || strings.Contains(r.Vi, tc.has)
			}
			if !found {
				t.Errorf("no reason contains %q: %+v", tc.has, got.Reasons)
			}
		})
	}
}

func TestSettingInForce(t *testing.T) {
	t.Parallel()
	vals := []*registry.Setting{
		{ID: 1, EffectiveFrom: "2021-01-01", Value: []byte(`1`)},
		{ID: 2, EffectiveFrom: "2026-07-01", Value: []byte(`2`)},
		{ID: 3, EffectiveFrom: "2026-07-01", Value: []byte(`3`)}, // set later the same day: wins
	}
	for date, want := range map[string]int64{"2020-12-31": 0, "2021-01-01": 1, "2026-06-30": 1, "2026-07-01": 3, "2030-01-01": 3} {
		s, ok := registry.SettingInForce(vals, date)
		if (want == 0) == ok || (ok && s.ID != want) {
			t.Errorf("%s: %v %v, want id %d", date, s, ok, want)
		}
	}
	if _, err := registry.ParseTrackRules([]byte(`{"min_counterpart_pct":60,"max_counterpart_pct":50}`)); err == nil {
		t.Error("min > max accepted")
	}
	if _, err := registry.ParseTrackRules([]byte(`{"min_share":1}`)); err == nil {
		t.Error("unknown field accepted")
	}
}
