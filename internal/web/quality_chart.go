package web

import (
	"strings"

	"nscl/internal/fault"
	"nscl/internal/quality"
	"nscl/internal/spc"
)

// The ECharts options of the quality pages' charts (served as JSON and
// drawn by app.js).

// Chart colours (app.css's palette).
const (
	colNavy   = "#12355b"
	colRed    = "#b3261e"
	colGold   = "#e0b43a"
	colGreen  = "#16692f"
	colMuted  = "#8a96a3"
	colSoftBl = "#9fc1e6"
)

type obj = map[string]any

// controlChartOption is the ECharts option of a control chart: the
// statistic with violated points in red and annotated points marked, the
// limits and center line, and the R/S/MR chart below when there is one.
func controlChartOption(ch *quality.Chart, lang string) obj {
	in := func(vi, en string) string { return fault.Text{Vi: vi, En: en}.In(lang) }
	labels := make([]string, len(ch.Points))
	for i, p := range ch.Points {
		labels[i] = p.Label
	}
	res := ch.Result
	if res == nil {
		msg := in("Chưa đủ dữ liệu để vẽ biểu đồ.", "Not enough data for a chart yet.")
		if ch.Problem != nil {
			msg = fault.Text{Vi: ch.Problem.Vi, En: ch.Problem.En}.In(lang)
		}
		return obj{"title": obj{"text": msg, "left": "center", "top": "middle", "textStyle": obj{"fontSize": 14, "color": colMuted}}}
	}
	stat := res.Statistics
	name := in("Thống kê", "Statistic")
	switch res.Chart {
	case spc.ChartEWMA:
		stat, name = res.EWMA, "EWMA"
	case spc.ChartCUSUM:
		stat, name = res.CusumUpper, "C⁺"
	case spc.ChartXbarR, spc.ChartXbarS:
		name = "X̄"
	case spc.ChartIMR:
		name = "X"
	default:
		name = res.Chart
	}
	data := make([]any, len(stat))
	var marks []any
	for i, v := range stat {
		p := ch.Points[i]
		d := obj{"value": v}
		if len(p.Violations) > 0 {
			d["itemStyle"] = obj{"color": colRed}
			d["symbolSize"] = 9
		}
		data[i] = d
		if len(p.Annotations) > 0 {
			marks = append(marks, obj{"coord": []any{i, v}, "value": "✎", "itemStyle": obj{"color": colGold},
				"name": p.Annotations[0].Cause})
		}
	}
	center := make([]float64, len(stat))
	for i := range center {
		center[i] = res.Center
	}
	lineStyle := func(c string, dashed bool) obj {
		s := obj{"color": c, "width": 1.5}
		if dashed {
			s["type"] = "dashed"
		}
		return s
	}
	series := []any{
		obj{"name": name, "type": "line", "data": data, "symbol": "circle", "symbolSize": 5, "itemStyle": obj{"color": colNavy},
			"lineStyle": obj{"color": colNavy, "width": 1.5}, "markPoint": obj{"symbol": "pin", "symbolSize": 36, "data": marks}, "z": 3},
		obj{"name": "UCL", "type": "line", "data": res.UCL, "symbol": "none", "step": "middle", "lineStyle": lineStyle(colRed, true)},
		obj{"name": "CL", "type": "line", "data": center, "symbol": "none", "lineStyle": lineStyle(colGreen, false)},
		obj{"name": "LCL", "type": "line", "data": res.LCL, "symbol": "none", "step": "middle", "lineStyle": lineStyle(colRed, true)},
	}
	if res.Chart == spc.ChartCUSUM {
		lower := make([]float64, len(res.CusumLower))
		for i, v := range res.CusumLower {
			lower[i] = -v
		}
		series = append(series, obj{"name": "−C⁻", "type": "line", "data": lower, "symbol": "circle", "symbolSize": 4,
			"lineStyle": obj{"color": colSoftBl}})
	}
	legend := []string{name, "UCL", "CL", "LCL"}
	grids := []any{obj{"left": 56, "right": 20, "top": 36, "bottom": 56}}
	xAxes := []any{obj{"type": "category", "data": labels, "boundaryGap": false, "axisLabel": obj{"hideOverlap": true}}}
	yAxes := []any{obj{"type": "value", "scale": true, "name": ch.Characteristic.Unit}}
	if s := res.Secondary; s != nil {
		grids = []any{obj{"left": 56, "right": 20, "top": 36, "height": "50%"}, obj{"left": 56, "right": 20, "top": "72%", "bottom": 48}}
		xAxes = append(xAxes, obj{"type": "category", "data": labels, "boundaryGap": false, "gridIndex": 1, "axisLabel": obj{"show": false}})
		yAxes = append(yAxes, obj{"type": "value", "scale": true, "gridIndex": 1, "name": strings.ToUpper(s.Chart)})
		pad := s.Start - 1
		sec := make([]any, len(stat))
		ucl := make([]any, len(stat))
		cl := make([]any, len(stat))
		beyond := map[int]bool{}
		for _, b := range s.BeyondLimits {
			beyond[b] = true
		}
		for i := range stat {
			j := i - pad
			if j < 0 || j >= len(s.Statistics) {
				sec[i], ucl[i], cl[i] = "-", "-", "-"
				continue
			}
			d := obj{"value": s.Statistics[j]}
			if beyond[i+1] {
				d["itemStyle"] = obj{"color": colRed}
			}
			sec[i], ucl[i], cl[i] = d, s.UCL[j], s.Center[j]
		}
		sname := strings.ToUpper(s.Chart)
		series = append(series,
			obj{"name": sname, "type": "line", "data": sec, "xAxisIndex": 1, "yAxisIndex": 1, "symbol": "circle", "symbolSize": 4,
				"itemStyle": obj{"color": colNavy}, "lineStyle": obj{"color": colSoftBl}},
			obj{"name": "UCL " + sname, "type": "line", "data": ucl, "xAxisIndex": 1, "yAxisIndex": 1, "symbol": "none", "step": "middle",
				"lineStyle": lineStyle(colRed, true)},
			obj{"name": "CL " + sname, "type": "line", "data": cl, "xAxisIndex": 1, "yAxisIndex": 1, "symbol": "none",
				"lineStyle": lineStyle(colGreen, false)})
		legend = append(legend, sname)
	}
	zoomAxes := []int{0}
	if len(xAxes) > 1 {
		zoomAxes = []int{0, 1}
	}
	return obj{
		"animation": false,
		"legend":    obj{"top": 0, "data": legend},
		"tooltip":   obj{"trigger": "axis"},
		"grid":      grids,
		"xAxis":     xAxes,
		"yAxis":     yAxes,
		"dataZoom":  []any{obj{"type": "inside", "xAxisIndex": zoomAxes}, obj{"type": "slider", "xAxisIndex": zoomAxes, "height": 18, "bottom": 8}},
		"series":    series,
	}
}

// histogramOption is the capability histogram: counts per bin, the fitted
// normal curve and the specification lines.
func histogramOption(rep *quality.Capability, lang string) obj {
	hst := rep.Histogram
	c := rep.Chart.Characteristic
	if hst == nil {
		msg := fault.Text{Vi: "Chưa đủ dữ liệu cho biểu đồ phân bố.", En: "Not enough data for a histogram yet."}.In(lang)
		return obj{"title": obj{"text": msg, "left": "center", "top": "middle", "textStyle": obj{"fontSize": 14, "color": colMuted}}}
	}
	var bars [][2]float64
	for i, n := range hst.Counts {
		bars = append(bars, [2]float64{hst.Edges[i], float64(n)})
	}
	bars = append(bars, [2]float64{hst.Edges[len(hst.Edges)-1], float64(hst.Counts[len(hst.Counts)-1])})
	curve := make([][2]float64, len(hst.CurveX))
	for i := range hst.CurveX {
		curve[i] = [2]float64{hst.CurveX[i], hst.CurveY[i]}
	}
	var lines []any
	for _, l := range []struct {
		name string
		v    *float64
		col  string
	}{{"LSL", c.LSL, colRed}, {"USL", c.USL, colRed}, {"T", c.Target, colGreen}} {
		if l.v != nil {
			lines = append(lines, obj{"xAxis": *l.v, "name": l.name, "lineStyle": obj{"color": l.col, "type": "dashed", "width": 2},
				"label": obj{"formatter": l.name + " " + num(*l.v)}})
		}
	}
	counts := fault.Text{Vi: "Tần số", En: "Count"}.In(lang)
	normal := fault.Text{Vi: "Phân phối chuẩn", En: "Normal fit"}.In(lang)
	return obj{
		"animation": false,
		"legend":    obj{"top": 0, "data": []string{counts, normal}},
		"tooltip":   obj{"trigger": "axis"},
		"grid":      obj{"left": 48, "right": 24, "top": 40, "bottom": 32},
		"xAxis":     obj{"type": "value", "scale": true, "name": c.Unit},
		"yAxis":     obj{"type": "value", "name": counts},
		"series": []any{
			obj{"name": counts, "type": "line", "step": "end", "data": bars, "symbol": "none",
				"lineStyle": obj{"color": colNavy}, "areaStyle": obj{"color": colSoftBl, "opacity": 0.7}},
			obj{"name": normal, "type": "line", "smooth": true, "data": curve, "symbol": "none", "lineStyle": obj{"color": colGold, "width": 2},
				"markLine": obj{"symbol": "none", "data": lines}},
		},
	}
}
