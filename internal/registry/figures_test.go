package registry_test

import (
	"math"
	"testing"

	"nscl/internal/registry"
)

func i64(v int64) *int64 { return &v }

const bn = 1_000_000_000

func TestClassify(t *testing.T) {
	t.Parallel()
	ag, ind, tr := registry.SectorAgriculture, registry.SectorIndustry, registry.SectorTrade
	for _, tc := range []struct {
		name         string
		g            registry.SectorGroup
		emp, rev, cp *int64
		want         registry.SizeClass
	}{
		{"IndMicroAtLimits", ind, i64(10), i64(3 * bn), i64(3 * bn), registry.SizeMicro},
		{"IndMicroRevenueOnly", ind, i64(10), i64(3 * bn), i64(90 * bn), registry.SizeMicro},
		{"IndMicroCapitalOnly", ind, i64(10), i64(40 * bn), i64(3 * bn), registry.SizeMicro},
		{"IndEleven", ind, i64(11), i64(1 * bn), i64(1 * bn), registry.SizeSmall},
		{"IndRevenueJustOver", ind, i64(10), i64(3*bn + 1), i64(3*bn + 1), registry.SizeSmall},
		{"IndSmallAtLimits", ind, i64(100), i64(50 * bn), i64(20 * bn), registry.SizeSmall},
		{"IndSmallCapitalOnly", ind, i64(100), i64(150 * bn), i64(20 * bn), registry.SizeSmall},
		{"IndMediumAt101", ind, i64(101), i64(1 * bn), nil, registry.SizeMedium},
		{"IndMediumAtLimits", ind, i64(200), i64(200 * bn), i64(100 * bn), registry.SizeMedium},
		{"IndLargeByEmployees", ind, i64(201), i64(1 * bn), i64(1 * bn), registry.SizeLarge},
		{"IndLargeByMoney", ind, i64(150), i64(200*bn + 1), i64(100*bn + 1), registry.SizeLarge},
		{"AgriSameAsIndustry", ag, i64(10), i64(3 * bn), nil, registry.SizeMicro},
		{"AgriSmall", ag, i64(100), nil, i64(20 * bn), registry.SizeSmall},
		{"TradeMicroRevenue10bn", tr, i64(10), i64(10 * bn), nil, registry.SizeMicro},
		{"TradeMicroCapital3bn", tr, i64(10), i64(11 * bn), i64(3 * bn), registry.SizeMicro},
		{"TradeSmallAt50", tr, i64(50), i64(100 * bn), i64(50 * bn), registry.SizeSmall},
		{"TradeMediumAt51", tr, i64(51), i64(1 * bn), nil, registry.SizeMedium},
		{"TradeMediumAt100", tr, i64(100), i64(300 * bn), i64(100 * bn), registry.SizeMedium},
		{"TradeLargeAt101", tr, i64(101), i64(1 * bn), nil, registry.SizeLarge},
		{"TradeLargeByMoney", tr, i64(100), i64(300*bn + 1), i64(100*bn + 1), registry.SizeLarge},
		{"UnknownNoEmployees", ind, nil, i64(1), i64(1), registry.SizeUnknown},
		{"UnknownNoMoney", ind, i64(5), nil, nil, registry.SizeUnknown},
		{"UnknownSector", "", i64(5), i64(1), nil, registry.SizeUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := registry.Decree80.Classify(tc.g, registry.Figures{Employees: tc.emp, Revenue: tc.rev, Capital: tc.cp})
			if got != tc.want {
				t.Errorf("Classify = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	figs := []registry.Figures{
		{Year: 2024, Employees: i64(50), Revenue: i64(60 * bn), ValueAdded: i64(15 * bn)},  // 300 M/employee
		{Year: 2023, Employees: i64(50), Revenue: i64(55 * bn), ValueAdded: i64(12_500e6)}, // 250 M/employee
		{Year: 2021, Employees: i64(40), Revenue: i64(40 * bn)},                            // revenue-based, 1 bn
		{Year: 2022, Employees: i64(40), Revenue: i64(44 * bn)},                            // revenue-based, 1.1 bn
		{Year: 2025, Employees: i64(0), Revenue: i64(1 * bn), ValueAdded: i64(1 * bn)},     // no employees
	}
	ms := registry.Metrics(registry.Decree80, registry.SectorIndustry, figs)
	years := []int{2021, 2022, 2023, 2024, 2025}
	for i, m := range ms {
		if m.Year != years[i] {
			t.Fatalf("order: %d at %d", m.Year, i)
		}
	}
	eq := func(p *float64, want float64) bool {
		return p != nil && math.Abs(*p-want) < 1e-6*math.Max(1, math.Abs(want))
	}
	if !eq(ms[0].Productivity, 1e9) || !ms[0].ByRevenue || ms[0].Growth != nil {
		t.Errorf("2021: %+v", ms[0])
	}
	if !eq(ms[1].Growth, 0.1) || !ms[1].ByRevenue {
		t.Errorf("2022 growth: %+v", ms[1])
	}
	if !eq(ms[2].Productivity, 250e6) || ms[2].ByRevenue || ms[2].Growth != nil { // measured differently from 2022
		t.Errorf("2023: %+v", ms[2])
	}
	if !eq(ms[3].Growth, 0.2) || ms[3].SizeClass != registry.SizeMedium { // 60 bn revenue > 50, capital unknown
		t.Errorf("2024: %+v growth %v", ms[3], ms[3].Growth)
	}
	if ms[4].Productivity != nil || ms[4].Growth != nil {
		t.Errorf("2025 without employees: %+v", ms[4])
	}
	if y, c, e := registry.LatestOf(registry.SectorIndustry, figs); y != 2025 || c != registry.SizeMicro || e != 0 {
		t.Errorf("LatestOf = %d %s %d", y, c, e)
	}
}

func TestFiguresValidate(t *testing.T) {
	t.Parallel()
	f := registry.Figures{Year: 1980, Employees: i64(-1), Revenue: i64(-1), Capital: i64(-2), EnergyKWh: i64(-3)}
	got := map[string]registry.Code{}
	for _, p := range f.Validate(2026) {
		got[p.Field] = p.Code
	}
	want := map[string]registry.Code{"year": registry.CodeYearInvalid, "employees": registry.CodeEmployeesNegative,
		"revenue": registry.CodeRevenueNotANumber, "capital": registry.CodeCapitalNotANumber, "energy_kwh": registry.CodeAmountNegative}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if ps := (&registry.Figures{Year: 2025, Employees: i64(0)}).Validate(2026); len(ps) != 0 {
		t.Errorf("valid figures: %v", ps)
	}
}
