package programme

import (
	"testing"
)

// TestQuantiles pins the box-plot figures: linear interpolation between
// the sorted values, one value alone, unsorted input.
func TestQuantiles(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want [5]float64
	}{
		{[]float64{7}, [5]float64{7, 7, 7, 7, 7}},
		{[]float64{20, 10}, [5]float64{10, 12.5, 15, 17.5, 20}},
		{[]float64{5, 1, 4, 2, 3}, [5]float64{1, 2, 3, 4, 5}},
	} {
		if got := quantiles(append([]float64(nil), c.in...)); got != c.want {
			t.Errorf("quantiles(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestDict pins the interning of the facts' categorical values: "" is 0,
// values keep their index, a clone is independent.
func TestDict(t *testing.T) {
	d := newDict()
	a, b := d.id("79"), d.id("01")
	if d.id("") != 0 || a != 1 || b != 2 || d.id("79") != 1 || d.str(2) != "01" {
		t.Fatalf("dict = %+v", d)
	}
	c := d.clone()
	c.id("48")
	if _, ok := d.find("48"); ok {
		t.Error("a clone's value leaked into the original")
	}
}
