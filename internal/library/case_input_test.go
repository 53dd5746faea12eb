package library_test

import (
	"math"
	"testing"

	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/sqldb/sqldbtest"
)

// TestCaseInput_RefusesUnboundedKPIs: a before/after value that is not a
// finite number of at most 10^15, or a tiny non-zero baseline whose change
// in % is not a finite figure, is refused on the indicator's row (a case
// holding one could not be shown nor marshalled in the API).
func TestCaseInput_RefusesUnboundedKPIs(t *testing.T) {
	f := newFixture(t, sqldbtest.MustOpenSQLite(t))
	for name, k := range map[string]library.CaseKPIInput{
		"nan before":         {Before: math.NaN(), After: 1},
		"inf after":          {Before: 1, After: math.Inf(1)},
		"-inf before":        {Before: math.Inf(-1), After: 1},
		"after past 1e15":    {Before: 1, After: 1e20},
		"before past -1e15":  {Before: -2e15, After: 1},
		"tiny before, huge":  {Before: 1e-300, After: 1e300},
		"tiny before, bound": {Before: 1e-300, After: 1e15},
		"denormal before":    {Before: 5e-324, After: 1},
	} {
		in := f.input(f.entA)
		k.Name, k.Unit = "Năng suất", "sp"
		in.KPIs = []library.CaseKPIInput{k}
		_, err := f.svc.CreateCase(f.ministry, in)
		if !fault.Is(err, fault.Invalid) || fault.FieldsOf(err)["kpis.0"].Vi == "" {
			t.Errorf("%s: %v (fields %v)", name, err, fault.FieldsOf(err))
		}
	}
	in := f.input(f.entA)
	in.KPIs = []library.CaseKPIInput{{Name: "Sản lượng", Unit: "tấn", Before: -1e15, After: 1e15}, {Name: "Lỗi", Before: 0, After: 3}}
	c, err := f.svc.CreateCase(f.ministry, in)
	if err != nil {
		t.Fatalf("bounded values: %v", err)
	}
	v, err := f.svc.Case(f.ministry, c.ID, "vi")
	if err != nil || len(v.KPIs) != 2 || v.KPIs[0].Improvement == nil || *v.KPIs[0].Improvement != 200 || v.KPIs[1].Improvement != nil {
		t.Fatalf("view %+v, %v", v, err)
	}
}

// TestImprovement_NotFinite: a change that is not a finite figure is no
// change at all.
func TestImprovement_NotFinite(t *testing.T) {
	for _, c := range [][2]float64{{1e-300, 1e300}, {5e-324, 1}, {1, math.Inf(1)}, {math.Inf(-1), 1}, {0, 1}, {math.NaN(), 1}} {
		if p, ok := library.Improvement(c[0], c[1], false); ok {
			t.Errorf("Improvement(%g, %g) = %g, true", c[0], c[1], p)
		}
	}
	if p, ok := library.Improvement(5, 2, true); !ok || p != 60 {
		t.Errorf("Improvement(5, 2, lower) = %g, %v", p, ok)
	}
}
