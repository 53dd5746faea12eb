package spc

import "testing"

// TestGroupValues: labels keep first-appearance order even when a label
// comes back later; a fixed size splits consecutively without copying.
func TestGroupValues(t *testing.T) {
	g, err := groupValues(&Request{Values: []float64{1, 2, 3, 4, 5}, Subgroups: Labels{"b", "a", "b", "c", "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(g.labels, []string{"b", "a", "c"}) || !equalFloats(g.group(0), []float64{1, 3}) ||
		!equalFloats(g.group(1), []float64{2, 5}) || !equalFloats(g.group(2), []float64{4}) {
		t.Errorf("got %+v", g)
	}
	v := []float64{1, 2, 3, 4}
	g, err = groupValues(&Request{Values: v, Subgroup: 2})
	if err != nil || g.m() != 2 || &g.vals[0] != &v[0] {
		t.Errorf("fixed split: %+v %v", g, err)
	}
}
