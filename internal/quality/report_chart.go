package quality

import (
	"math"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"nscl/internal/pdfdoc"
	"nscl/internal/spc"
)

// series is one control chart as the report draws it: values per point
// (NaN where a point has none), the center line and limits per point, and
// the points to mark as breaking a rule.
type series struct {
	title    string
	values   []float64
	alt      []float64 // a second plotted line (−C⁻ of CUSUM), or nil
	center   []float64
	lcl, ucl []float64
	marked   []bool
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// chartSeries builds the chart's main series and its R, S or MR chart.
func chartSeries(ch *Chart) (series, *series) {
	res := ch.Result
	n := len(ch.Points)
	s := series{values: res.Statistics, center: repeat(res.Center, n), lcl: res.LCL, ucl: res.UCL, marked: make([]bool, n)}
	switch res.Chart {
	case spc.ChartXbarR, spc.ChartXbarS:
		s.title = "Biểu đồ Xbar (trung bình nhóm con)"
	case spc.ChartIMR:
		s.title = "Biểu đồ I (giá trị đơn)"
	case spc.ChartEWMA:
		s.title, s.values = "Biểu đồ EWMA", res.EWMA
	case spc.ChartCUSUM:
		s.title, s.values, s.center = "Biểu đồ CUSUM (C⁺ và −C⁻)", res.CusumUpper, repeat(0, n)
		s.alt = make([]float64, len(res.CusumLower))
		for i, v := range res.CusumLower {
			s.alt[i] = -v
		}
	default:
		s.title = "Biểu đồ " + res.Chart
	}
	for i, p := range ch.Points {
		for _, v := range p.Violations {
			if v != "secondary" {
				s.marked[i] = true
			}
		}
	}
	sec := res.Secondary
	if sec == nil {
		return s, nil
	}
	nan := math.NaN()
	t := series{title: "Biểu đồ " + strings.ToUpper(sec.Chart) + " (độ phân tán)", values: repeat(nan, n), center: repeat(nan, n),
		lcl: repeat(nan, n), ucl: repeat(nan, n), marked: make([]bool, n)}
	for j, v := range sec.Statistics {
		i := sec.Start - 1 + j
		if i < 0 || i >= n {
			continue
		}
		t.values[i], t.center[i], t.lcl[i], t.ucl[i] = v, sec.Center[j], sec.LCL[j], sec.UCL[j]
	}
	for _, b := range sec.BeyondLimits {
		if b >= 1 && b <= n {
			t.marked[b-1] = true
		}
	}
	return s, &t
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || !finite(raw) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// Colours of the report's charts (the pages' palette).
var (
	colorLine   = [3]int{18, 53, 91}
	colorLimit  = [3]int{179, 38, 30}
	colorCenter = [3]int{22, 105, 47}
	colorAlt    = [3]int{90, 140, 200}
	colorGrid   = [3]int{215, 220, 226}
)

func draw(p *fpdf.Fpdf, c [3]int, width float64) {
	p.SetDrawColor(c[0], c[1], c[2])
	p.SetLineWidth(width)
}

// drawSeries draws s in the box (x, y, w, h) in millimetres: its title,
// the value axis with grid lines, the limits as dashed steps, the center
// line, the values joined by a line, the marked points in red, the last
// limits' values at the right and the point numbers below. It leaves the
// position under the box.
func drawSeries(p *fpdf.Fpdf, x, y, w, h float64, s series) {
	const leftW, rightW, titleH, axisH = 15.0, 25.0, 5.0, 6.0
	px, py, pw, ph := x+leftW, y+titleH, w-leftW-rightW, h-titleH-axisH
	n := len(s.values)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, vs := range [][]float64{s.values, s.alt, s.center, s.lcl, s.ucl} {
		for _, v := range vs {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if hi-lo < 1e-12*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-1, hi+1
	}
	pad := (hi - lo) * 0.08
	lo, hi = lo-pad, hi+pad
	xAt := func(i int) float64 { return px + (float64(i)+0.5)*pw/float64(max(n, 1)) }
	yAt := func(v float64) float64 { return py + ph - (v-lo)/(hi-lo)*ph }
	dx := pw / float64(max(n, 1))

	p.SetTextColor(0, 0, 0)
	p.SetFont(pdfdoc.Serif, "B", 10)
	p.SetXY(x, y)
	p.CellFormat(w, titleH, s.title, "", 0, "L", false, 0, "")

	// Value axis: grid lines and labels.
	step := niceStep((hi - lo) / 5)
	p.SetFont(pdfdoc.Serif, "", 8)
	draw(p, colorGrid, 0.1)
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		yy := yAt(v)
		p.Line(px, yy, px+pw, yy)
		tick := math.Round(v/step) * step
		if math.Abs(tick) < step*1e-9 {
			tick = 0 // not "-0"
		}
		label := numVN(tick)
		p.SetXY(x, yy-2)
		p.CellFormat(leftW-1, 4, label, "", 0, "R", false, 0, "")
	}
	draw(p, [3]int{0, 0, 0}, 0.2)
	p.Rect(px, py, pw, ph, "D")

	// Limits (dashed) and the center line, as steps where they vary.
	steps := func(vs []float64) {
		i := 0
		prevEnd, prevV := math.NaN(), math.NaN()
		for i < n {
			if i >= len(vs) || !finite(vs[i]) {
				i++
				prevV = math.NaN()
				continue
			}
			j := i
			for j+1 < n && j+1 < len(vs) && vs[j+1] == vs[i] {
				j++
			}
			x0, x1, yy := xAt(i)-dx/2, xAt(j)+dx/2, yAt(vs[i])
			if finite(prevV) && prevEnd == x0 {
				p.Line(x0, yAt(prevV), x0, yy)
			}
			p.Line(x0, yy, x1, yy)
			prevEnd, prevV = x1, vs[i]
			i = j + 1
		}
	}
	draw(p, colorLimit, 0.3)
	p.SetDashPattern([]float64{1.6, 1}, 0)
	steps(s.ucl)
	steps(s.lcl)
	p.SetDashPattern([]float64{}, 0)
	draw(p, colorCenter, 0.3)
	steps(s.center)

	// The values, then the markers over them.
	line := func(vs []float64, c [3]int) {
		draw(p, c, 0.25)
		open := false
		for i, v := range vs {
			if i >= n || !finite(v) {
				if open {
					p.DrawPath("D")
				}
				open = false
				continue
			}
			if open {
				p.LineTo(xAt(i), yAt(v))
			} else {
				p.MoveTo(xAt(i), yAt(v))
				open = true
			}
		}
		if open {
			p.DrawPath("D")
		}
	}
	if s.alt != nil {
		line(s.alt, colorAlt)
	}
	line(s.values, colorLine)
	if dx >= 1.2 {
		p.SetFillColor(colorLine[0], colorLine[1], colorLine[2])
		draw(p, colorLine, 0.1)
		for i, v := range s.values {
			if finite(v) && !s.marked[i] {
				p.Circle(xAt(i), yAt(v), 0.45, "F")
			}
		}
	}
	p.SetFillColor(colorLimit[0], colorLimit[1], colorLimit[2])
	draw(p, colorLimit, 0.1)
	for i, v := range s.values {
		if finite(v) && s.marked[i] {
			p.Circle(xAt(i), yAt(v), 0.85, "F")
		}
	}

	// The last limits' values, at the right, kept 3 mm apart.
	last := func(vs []float64) float64 {
		for i := min(n, len(vs)) - 1; i >= 0; i-- {
			if finite(vs[i]) {
				return vs[i]
			}
		}
		return math.NaN()
	}
	p.SetFont(pdfdoc.Serif, "", 7.5)
	prevY := math.Inf(-1)
	for _, l := range []struct {
		name string
		v    float64
		c    [3]int
	}{{"UCL", last(s.ucl), colorLimit}, {"CL", last(s.center), colorCenter}, {"LCL", last(s.lcl), colorLimit}} {
		if !finite(l.v) {
			continue
		}
		yy := math.Max(yAt(l.v), prevY+3)
		prevY = yy
		p.SetTextColor(l.c[0], l.c[1], l.c[2])
		p.SetXY(px+pw+0.5, yy-2)
		p.CellFormat(rightW-0.5, 4, l.name+" = "+numVN(l.v), "", 0, "L", false, 0, "")
	}
	p.SetTextColor(0, 0, 0)

	// Point numbers.
	every := int(niceStep(float64(n) / 10))
	p.SetFont(pdfdoc.Serif, "", 7)
	for i := 0; i < n; i++ {
		if i != 0 && (i+1)%every != 0 {
			continue
		}
		p.SetXY(xAt(i)-6, py+ph+0.5)
		p.CellFormat(12, 4, strconv.Itoa(i+1), "", 0, "C", false, 0, "")
	}
	p.SetXY(x, y+h)
}

// drawLegend explains the marks of the charts.
func drawLegend(p *fpdf.Fpdf) {
	x, y := p.GetX(), p.GetY()+1
	p.SetFont(pdfdoc.Serif, "", 9)
	item := func(label string, mark func(x, y float64)) {
		mark(x, y+2)
		p.SetXY(x+9, y)
		p.CellFormat(p.GetStringWidth(label)+2, 4, label, "", 0, "L", false, 0, "")
		x = p.GetX() + 4
	}
	item("Giá trị", func(x, y float64) { draw(p, colorLine, 0.3); p.Line(x, y, x+7, y) })
	item("Đường tâm (CL)", func(x, y float64) { draw(p, colorCenter, 0.3); p.Line(x, y, x+7, y) })
	item("Giới hạn kiểm soát (UCL, LCL)", func(x, y float64) {
		draw(p, colorLimit, 0.3)
		p.SetDashPattern([]float64{1.6, 1}, 0)
		p.Line(x, y, x+7, y)
		p.SetDashPattern([]float64{}, 0)
	})
	item("Điểm vi phạm quy tắc", func(x, y float64) {
		p.SetFillColor(colorLimit[0], colorLimit[1], colorLimit[2])
		p.Circle(x+3.5, y, 0.85, "F")
	})
	p.SetXY(p.GetX(), y)
	p.Ln(7)
}
