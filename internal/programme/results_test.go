package programme_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"nscl/internal/programme"
)

func fp(v float64) *float64 { return &v }

// TestImprovement_Aggregation: the direction decides the sign, a zero
// baseline gives no percentage (and is skipped by the median), the
// activity's overall improvement is the median of its KPIs'.
func TestImprovement_Aggregation(t *testing.T) {
	cases := []struct {
		d                programme.Direction
		baseline, actual float64
		want             float64
		ok               bool
	}{
		{programme.Up, 50, 60, 20, true},
		{programme.Up, 50, 40, -20, true}, // worse: negative, still a result
		{programme.Down, 10000, 5000, 50, true},
		{programme.Down, 10, 12, -20, true},
		{programme.Up, 0, 5, 0, false},
		{programme.Up, -20, -10, 50, true}, // a negative baseline (e.g. a loss) improves upward
	}
	for _, c := range cases {
		got, ok := programme.Improvement(c.d, c.baseline, c.actual)
		if ok != c.ok || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Improvement(%s, %v, %v) = %v, %v; want %v, %v", c.d, c.baseline, c.actual, got, ok, c.want, c.ok)
		}
	}
	if o := programme.Overall([]*float64{fp(20), nil, fp(50), fp(-10)}); o == nil || *o != 20 {
		t.Errorf("overall = %v, want 20", o)
	}
	if o := programme.Overall([]*float64{fp(20), fp(50)}); o == nil || *o != 35 {
		t.Errorf("overall of two = %v, want 35", o)
	}
	if o := programme.Overall([]*float64{nil}); o != nil {
		t.Errorf("overall of none = %v", *o)
	}
	if m, ok := programme.Median(nil); ok {
		t.Errorf("median of nothing = %v", m)
	}
}

// TestQuantile: linear interpolation between closest ranks.
func TestQuantile(t *testing.T) {
	xs := []float64{-10, 25}
	for _, c := range []struct{ p, want float64 }{{0.25, -1.25}, {0.5, 7.5}, {0.75, 16.25}, {0, -10}, {1, 25}} {
		if got := programme.Quantile(xs, c.p); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Quantile(%v, %v) = %v, want %v", xs, c.p, got, c.want)
		}
	}
	if q := programme.Quantile([]float64{1, 2, 3, 4}, 0.25); q != 1.75 {
		t.Errorf("q1 of 1..4 = %v", q)
	}
	if q := programme.Quantile([]float64{7}, 0.75); q != 7 {
		t.Errorf("q3 of one value = %v", q)
	}
	if q := programme.Quantile(nil, 0.5); !math.IsNaN(q) {
		t.Errorf("median of nothing = %v", q)
	}
}

// TestBuildTree: replications hang under the one they learnt from; an
// unknown source hangs under the pilot.
func TestBuildTree(t *testing.T) {
	rep := func(id, src programme.ReplicationID) programme.ReplicationRecord {
		return programme.ReplicationRecord{Replication: programme.Replication{ID: id, SourceID: src}}
	}
	reps := []programme.ReplicationRecord{rep(4, 2), rep(1, 0), rep(2, 1), rep(3, 0), rep(5, 99)}
	root := programme.BuildTree(&programme.TreeNode{Name: "pilot"}, reps, func(r *programme.ReplicationRecord) (string, bool) { return "r", true }, "vi")
	if root.Size() != 5 || root.Depth() != 3 || len(root.Children) != 3 {
		t.Fatalf("tree: size %d depth %d children %d", root.Size(), root.Depth(), len(root.Children))
	}
	if root.Children[0].ID != 1 || root.Children[0].Children[0].ID != 2 || root.Children[0].Children[0].Children[0].ID != 4 {
		t.Errorf("chain 1→2→4 not kept: %+v", root.Children[0])
	}
}

// TestBuildTree_Folds: replications that may not be named are folded, per
// parent, into one node that carries nothing but their number; a named
// child of a hidden one hangs under the folded node.
func TestBuildTree_Folds(t *testing.T) {
	rep := func(id, src programme.ReplicationID, shown bool) programme.ReplicationRecord {
		st := programme.ReplicationReported
		if shown {
			st = programme.ReplicationConfirmed
		}
		return programme.ReplicationRecord{Replication: programme.Replication{ID: id, SourceID: src, Status: st,
			ProvinceCode: "01", AppliedOn: "2026-04-15", EnterpriseName: fmt.Sprintf("firm %d", id)}}
	}
	// 1 (shown) and 2, 3 (hidden) under the pilot; 4 (shown) under 2; 5
	// (hidden) under 3.
	reps := []programme.ReplicationRecord{rep(1, 0, true), rep(2, 0, false), rep(3, 0, false), rep(4, 2, true), rep(5, 3, false)}
	root := programme.BuildTree(&programme.TreeNode{Name: "pilot"}, reps, func(r *programme.ReplicationRecord) (string, bool) {
		return r.EnterpriseName, r.Status == programme.ReplicationConfirmed
	}, "vi")
	if len(root.Children) != 2 || root.Children[0].Name != "firm 1" {
		t.Fatalf("children = %+v", root.Children)
	}
	o := root.Children[1]
	if o.Others != 2 || o.ID != 0 || o.Province != "" || o.Status != "" || o.AppliedOn != "" || o.Name != "2 doanh nghiệp khác" {
		t.Errorf("folded node = %+v", o)
	}
	if len(o.Children) != 2 || o.Children[0].Name != "firm 4" || o.Children[1].Others != 1 || o.Children[1].Name != "1 doanh nghiệp khác" {
		t.Errorf("under the folded node = %+v / %+v", o.Children[0], o.Children[1])
	}
	if root.Size() != 5 || root.Depth() != 2 {
		t.Errorf("size %d depth %d", root.Size(), root.Depth())
	}
	own := *o
	own.Children = nil
	b, err := json.Marshal(own)
	if err != nil || strings.Contains(string(b), `"id"`) || strings.Contains(string(b), "2026") || strings.Contains(string(b), `"01"`) {
		t.Errorf("folded node JSON = %s %v", b, err)
	}
}

// TestAggregates_Finite: huge values never give ±Inf or NaN in a median or
// quantile (JSON cannot carry them).
func TestAggregates_Finite(t *testing.T) {
	if q := programme.Quantile([]float64{-math.MaxFloat64, math.MaxFloat64}, 0.25); math.IsInf(q, 0) || math.IsNaN(q) {
		t.Errorf("quantile of extremes = %v", q)
	}
	if o := programme.Overall([]*float64{fp(math.Inf(1)), fp(math.NaN()), fp(10)}); o == nil || *o != 10 {
		t.Errorf("overall skipping non-finite = %v", o)
	}
	if _, ok := programme.Improvement(programme.Up, 5e-324, 1e308); ok {
		t.Error("an infinite improvement was given")
	}
}
