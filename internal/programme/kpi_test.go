package programme

import (
	"math"
	"testing"

	"nscl/internal/fault"
)

// TestKPI_ValuesAndImprovement pins the unit ranges (a value far beyond
// any firm is refused, so no aggregate overflows) and that an improvement
// is never infinite.
func TestKPI_ValuesAndImprovement(t *testing.T) {
	t.Parallel()
	lead := KPIDef{Code: "lead_time", Name: fault.Text{Vi: "Thời gian", En: "Lead time"}, Unit: UnitDays, Direction: Down}
	cost := KPIDef{Code: "cost_saved", Name: fault.Text{Vi: "Chi phí", En: "Cost"}, Unit: UnitMVNDPerYear, Direction: Up}
	oee := KPIDef{Code: "oee", Name: fault.Text{Vi: "OEE", En: "OEE"}, Unit: UnitPercent, Direction: Up}
	for _, tc := range []struct {
		k  KPIDef
		v  float64
		ok bool
	}{
		{lead, 12, true}, {lead, 1e307, false}, {lead, -1, false}, {lead, 3651, false},
		{cost, 2500, true}, {cost, 1e13, false}, {cost, math.Inf(1), false}, {cost, math.NaN(), false},
		{oee, 100, true}, {oee, 100.5, false},
	} {
		f := fault.Fields{}
		if got := tc.k.CheckValue(f, "v", tc.v); got != tc.ok || (len(f) == 0) != tc.ok {
			t.Errorf("%s CheckValue(%v) = %v (%v), want %v", tc.k.Code, tc.v, got, f, tc.ok)
		}
	}
	if p, ok := Improvement(Down, 1e-300, 1e300); ok {
		t.Errorf("an infinite improvement was given: %v", p)
	}
	if p, ok := Improvement(Down, 10, 8); !ok || p != 20 {
		t.Errorf("lead time 10 → 8 = %v, %v; want 20%%", p, ok)
	}
	if p, ok := Improvement(Up, -4, -2); !ok || p != 50 {
		t.Errorf("up from -4 to -2 = %v, %v; want 50%%", p, ok)
	}
	if _, ok := Improvement(Up, 0, 5); ok {
		t.Error("an improvement from a zero baseline was given")
	}
}
