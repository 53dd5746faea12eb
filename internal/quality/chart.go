package quality

import (
	"context"
	"errors"
	"math"
	"sort"
	"strconv"
	"time"

	"nscl/internal/fault"
	"nscl/internal/spc"
)

// point is one plotted point built from stored measurements.
type point struct {
	seq, lastSeq int64 // first and last measurement
	label        string
	takenAt      time.Time
	values       []float64 // variables charts
	count, size  float64   // attribute charts
}

// grouped reports whether c's points are subgroups of several values.
func (c *Characteristic) grouped() bool {
	return IsXbar(c.Chart) || ((c.Chart == spc.ChartEWMA || c.Chart == spc.ChartCUSUM) && c.SubgroupSize > 1)
}

// rowsFor is how many stored rows to read for n points.
func (c *Characteristic) rowsFor(n int) int {
	if c.grouped() {
		return n*c.SubgroupSize*2 + c.SubgroupSize
	}
	return n
}

// groupPoints turns measurements (in seq order) into points. truncated
// says the first rows may be the tail of an earlier subgroup, which is
// then dropped. X̄ subgroups of one value (still being filled) are left out
// and counted in incomplete. Only the last n points are kept (n ≤ 0: all).
func groupPoints(c *Characteristic, ms []Measurement, truncated bool, n int) (pts []point, incomplete int) {
	if !c.grouped() {
		pts = make([]point, len(ms))
		for i, m := range ms {
			p := point{seq: m.Seq, lastSeq: m.Seq, label: m.Subgroup, takenAt: m.TakenAt}
			if c.IsAttribute() {
				p.count, p.size = m.Value, m.Size
			} else {
				p.values = []float64{m.Value}
			}
			pts[i] = p
		}
	} else {
		idx := map[string]int{}
		for _, m := range ms {
			i, ok := idx[m.Subgroup]
			if !ok {
				i = len(pts)
				idx[m.Subgroup] = i
				pts = append(pts, point{seq: m.Seq, label: m.Subgroup, takenAt: m.TakenAt})
			}
			pts[i].values = append(pts[i].values, m.Value)
			pts[i].lastSeq = m.Seq
		}
		if truncated && len(pts) > 0 {
			pts = pts[1:]
		}
		if IsXbar(c.Chart) {
			kept := pts[:0]
			for _, p := range pts {
				if len(p.values) < 2 {
					incomplete++
					continue
				}
				kept = append(kept, p)
			}
			pts = kept
		}
	}
	if n > 0 && len(pts) > n {
		pts = pts[len(pts)-n:]
	}
	return pts, incomplete
}

// request builds the spc request of c over pts.
func request(c *Characteristic, pts []point) spc.Request {
	req := spc.Request{Chart: c.Chart, Rules: c.Rules, LSL: c.LSL, USL: c.USL, Target: c.Target}
	switch {
	case c.IsAttribute():
		req.Counts = make([]float64, len(pts))
		if c.NeedsSize() {
			req.Sizes = make([]float64, len(pts))
		}
		for i, p := range pts {
			req.Counts[i] = p.count
			if req.Sizes != nil {
				req.Sizes[i] = p.size
			}
		}
	case c.grouped():
		for i, p := range pts {
			label := strconv.Itoa(i + 1)
			for _, v := range p.values {
				req.Values = append(req.Values, v)
				req.Subgroups = append(req.Subgroups, label)
			}
		}
	default:
		req.Values = make([]float64, len(pts))
		for i, p := range pts {
			req.Values[i] = p.values[0]
		}
	}
	return req
}

// Point is one plotted point of a chart.
type Point struct {
	Number      int       // 1-based within the chart
	Seq         int64     // of its first measurement: its stable identity
	Label       string    // subgroup label
	TakenAt     time.Time // of its first measurement
	Value       float64   // the plotted statistic
	Violations  []string  // rule names it completes (incl. "limits" / we1 / nelson1)
	Annotations []*Annotation
}

// Chart is a characteristic's control chart over its latest points.
type Chart struct {
	Characteristic *Characteristic
	Window         int // points asked for
	Points         []Point
	// Result is spc's analysis of the points; nil when there are too few
	// or degenerate data, and then Problem says why.
	Result      *spc.Result
	Problem     *spc.Error
	Annotations []*Annotation
	Values      []float64 // the individual values of the points (variables charts)
	Incomplete  int       // X̄ subgroups still being filled, not plotted
}

// Violated returns the points that break a rule.
func (ch *Chart) Violated() []Point {
	var out []Point
	for _, p := range ch.Points {
		if len(p.Violations) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// windowSize clamps a requested window.
func windowSize(n int) int {
	switch {
	case n <= 0:
		return DefaultWindow
	case n < 5:
		return 5
	case n > MaxWindow:
		return MaxWindow
	}
	return n
}

// loadPoints reads the latest n points of c with seq ≤ upTo.
func loadPoints(ctx context.Context, st Store, c *Characteristic, upTo int64, n int) ([]point, int, error) {
	if upTo <= 0 {
		return nil, 0, nil
	}
	limit := c.rowsFor(n)
	ms, err := st.LastMeasurements(ctx, c.ID, upTo, limit)
	if err != nil {
		return nil, 0, err
	}
	pts, inc := groupPoints(c, ms, len(ms) == limit && c.grouped(), n)
	return pts, inc, nil
}

// analyze runs spc over pts; a data problem (too few points, zero sigma)
// is returned as the *spc.Error, not as an error.
func analyze(c *Characteristic, pts []point) (*spc.Result, *spc.Error, error) {
	if len(pts) == 0 {
		return nil, &spc.Error{Code: spc.CodeEmptyInput, Vi: "Chưa có dữ liệu đo.", En: "No measurements yet."}, nil
	}
	res, err := spc.Analyze(request(c, pts))
	if err != nil {
		var se *spc.Error
		if errors.As(err, &se) && se.Code != spc.CodeInternal {
			return nil, se, nil
		}
		return nil, nil, fault.Internalf("quality: analyze characteristic %d: %w", c.ID, err)
	}
	return res, nil, nil
}

// violations maps each point index (0-based) to the rules it completes.
func violations(res *spc.Result) map[int][]string {
	out := map[int][]string{}
	if res == nil {
		return out
	}
	if len(res.Rules) == 0 {
		for _, p := range res.BeyondLimits {
			out[p-1] = append(out[p-1], "limits")
		}
	}
	names := make([]string, 0, len(res.Rules))
	for name := range res.Rules {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, p := range res.Rules[name] {
			out[p-1] = append(out[p-1], name)
		}
	}
	if res.Secondary != nil {
		for _, p := range res.Secondary.BeyondLimits {
			out[p-1] = append(out[p-1], "secondary")
		}
	}
	return out
}

// FindChart analyses the latest window points (0: DefaultWindow) of a
// characteristic the actor may read.
func (s *Service) FindChart(ctx context.Context, id CharacteristicID, window int) (*Chart, error) {
	c, err := s.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	window = windowSize(window)
	pts, inc, err := loadPoints(ctx, s.store, c, c.LastSeq, window)
	if err != nil {
		return nil, err
	}
	ch := &Chart{Characteristic: c, Window: window, Incomplete: inc}
	if ch.Result, ch.Problem, err = analyze(c, pts); err != nil {
		return nil, err
	}
	if len(pts) > 0 {
		if ch.Annotations, err = s.store.FindAnnotations(ctx, c.ID, pts[0].seq); err != nil {
			return nil, err
		}
	}
	viol := violations(ch.Result)
	bySeq := map[int64]int{}
	ch.Points = make([]Point, len(pts))
	for i, p := range pts {
		v := 0.0
		switch {
		case ch.Result != nil:
			v = ch.Result.Statistics[i]
		case c.IsAttribute():
			v = p.count
		default:
			v = mean(p.values)
		}
		ch.Points[i] = Point{Number: i + 1, Seq: p.seq, Label: p.label, TakenAt: p.takenAt, Value: v, Violations: viol[i]}
		bySeq[p.seq] = i
		ch.Values = append(ch.Values, p.values...)
	}
	for _, an := range ch.Annotations {
		if i, ok := bySeq[an.PointSeq]; ok {
			ch.Points[i].Annotations = append(ch.Points[i].Annotations, an)
		}
	}
	return ch, nil
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Histogram is the distribution of a window's values with the fitted
// normal curve (expected count per bin width at each X).
type Histogram struct {
	Edges     []float64 // bin edges, len(Counts)+1
	Counts    []int
	CurveX    []float64
	CurveY    []float64 // expected counts: n·w·φ((x−mean)/sd)/sd
	Mean, SD  float64
	BinWidth  float64
	Total     int
	OutOfSpec int // values below LSL or above USL
}

// Capability is a characteristic's capability report.
type Capability struct {
	Chart      *Chart
	Capability *spc.Capability // nil without a specification or enough data
	Histogram  *Histogram      // nil without values
}

// FindCapability returns the capability report over the latest window of a
// characteristic the actor may read.
func (s *Service) FindCapability(ctx context.Context, id CharacteristicID, window int) (*Capability, error) {
	ch, err := s.FindChart(ctx, id, window)
	if err != nil {
		return nil, err
	}
	r := &Capability{Chart: ch}
	if ch.Result != nil {
		r.Capability = ch.Result.Capability
	}
	r.Histogram = NewHistogram(ch.Values, ch.Characteristic.LSL, ch.Characteristic.USL)
	return r, nil
}

// NewHistogram bins xs (Sturges' rule, at least 5 and at most 30 bins) over
// a range that includes the specification limits, and fits the normal
// curve with the sample mean and standard deviation. Nil for fewer than 2
// values.
func NewHistogram(xs []float64, lsl, usl *float64) *Histogram {
	n := len(xs)
	if n < 2 {
		return nil
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	m := mean(xs)
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	sd := math.Sqrt(ss / float64(n-1))
	h := &Histogram{Mean: m, SD: sd, Total: n}
	for _, x := range xs {
		if (lsl != nil && x < *lsl) || (usl != nil && x > *usl) {
			h.OutOfSpec++
		}
	}
	bins := int(math.Ceil(math.Log2(float64(n)))) + 1
	bins = max(5, min(bins, 30))
	if hi == lo {
		lo, hi = lo-0.5, hi+0.5
	}
	w := (hi - lo) / float64(bins)
	h.BinWidth = w
	h.Edges = make([]float64, bins+1)
	for i := range h.Edges {
		h.Edges[i] = lo + float64(i)*w
	}
	h.Counts = make([]int, bins)
	for _, x := range xs {
		i := int((x - lo) / w)
		if i >= bins {
			i = bins - 1
		}
		if i < 0 {
			i = 0
		}
		h.Counts[i]++
	}
	if sd > 0 {
		from, to := math.Min(lo, m-4*sd), math.Max(hi, m+4*sd)
		if lsl != nil {
			from = math.Min(from, *lsl)
		}
		if usl != nil {
			to = math.Max(to, *usl)
		}
		const steps = 80
		for i := 0; i <= steps; i++ {
			x := from + (to-from)*float64(i)/steps
			z := (x - m) / sd
			h.CurveX = append(h.CurveX, x)
			h.CurveY = append(h.CurveY, float64(n)*w*math.Exp(-z*z/2)/(sd*math.Sqrt(2*math.Pi)))
		}
	}
	return h
}
