package quality

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"nscl/internal/pdfdoc"
	"nscl/internal/spc"
	"nscl/internal/vn"
)

// ReportOptions configure the PDF report of a characteristic.
type ReportOptions struct {
	// Window is the number of latest points (0: DefaultWindow).
	Window int
	// Letterhead returns the issuer of the report (the enterprise's name)
	// and the place name of its date line, for enterprise ent. It is
	// called only after the actor's access was checked; nil or empty
	// answers leave the issuer out and the date line without a place.
	Letterhead func(ctx context.Context, ent int64) (issuer, place string)
	// Uncompressed leaves the page streams readable (tests search them).
	Uncompressed bool
}

// ReportPDF writes the control chart and capability report of a
// characteristic the actor may read (NotFound otherwise) as an A4 PDF in
// the Decree 30/2020 layout: the enterprise and the national header, the
// date line, the characteristic and its specification, the control chart
// drawn in vector lines (center line, limits, points, the points breaking
// a rule in red) with its R, S or MR chart, the capability indices, and
// the list of points breaking a rule with their cause notes. It returns
// the file name.
func (s *Service) ReportPDF(ctx context.Context, id CharacteristicID, o ReportOptions, w io.Writer) (string, error) {
	rep, err := s.FindCapability(ctx, id, o.Window)
	if err != nil {
		return "", err
	}
	c := rep.Chart.Characteristic
	proc, err := s.store.FindProcessByID(ctx, c.ProcessID)
	if err != nil {
		return "", err
	}
	var issuer, place string
	if o.Letterhead != nil {
		issuer, place = o.Letterhead(ctx, c.EnterpriseID)
	}
	d := writeReport(reportInput{rep: rep, process: proc, issuer: issuer, place: place, now: s.now(), uncompressed: o.Uncompressed})
	if err := d.Output(w); err != nil {
		return "", fmt.Errorf("quality: report of characteristic %d: %w", c.ID, err)
	}
	return fmt.Sprintf("bao-cao-spc-%d.pdf", c.ID), nil
}

type reportInput struct {
	rep           *Capability
	process       *Process
	issuer, place string
	now           time.Time
	uncompressed  bool
}

// numVN formats a number with up to 6 significant digits and a decimal
// comma, as Vietnamese documents write them.
func numVN(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'g', 6, 64), ".", ",", 1)
}

func optVN(v *float64) string {
	if v == nil {
		return "—"
	}
	return numVN(*v)
}

// chartName is the name of a chart type on the report.
func chartName(chart string) string {
	switch chart {
	case spc.ChartXbarR:
		return "Xbar–R (trung bình và khoảng biến thiên)"
	case spc.ChartXbarS:
		return "Xbar–S (trung bình và độ lệch chuẩn)"
	case spc.ChartIMR:
		return "I–MR (giá trị đơn và khoảng biến thiên di động)"
	case spc.ChartP:
		return "p (tỷ lệ sản phẩm lỗi)"
	case spc.ChartNP:
		return "np (số sản phẩm lỗi)"
	case spc.ChartC:
		return "c (số khuyết tật)"
	case spc.ChartU:
		return "u (số khuyết tật trên một đơn vị)"
	case spc.ChartEWMA:
		return "EWMA (trung bình trượt có trọng số mũ)"
	case spc.ChartCUSUM:
		return "CUSUM (tổng tích lũy)"
	}
	return chart
}

func ruleSetName(rules string) string {
	switch rules {
	case spc.RulesWesternElectric:
		return "Western Electric (4 quy tắc)"
	case spc.RulesNelson:
		return "Nelson (8 quy tắc)"
	}
	return "Chỉ xét điểm ngoài giới hạn kiểm soát"
}

func writeReport(in reportInput) *pdfdoc.Document {
	rep := in.rep
	ch := rep.Chart
	c := ch.Characteristic
	d := pdfdoc.New(pdfdoc.Options{Issuer: in.issuer, Place: in.place, Date: in.now,
		Title: "Báo cáo", Summary: "Kiểm soát quá trình bằng thống kê và năng lực quá trình\n" + c.Name,
		Subject: "SPC — " + c.Name, Author: in.issuer, Uncompressed: in.uncompressed})
	p := d.PDF()

	d.Heading("I. THÔNG TIN ĐẶC TÍNH CHẤT LƯỢNG")
	unit := c.Unit
	if unit == "" {
		unit = "—"
	}
	pairs := []pdfdoc.Pair{
		{Key: "Quá trình", Value: in.process.Name + lineSuffix(in.process.Line)},
		{Key: "Đặc tính", Value: c.Name},
		{Key: "Đơn vị đo", Value: unit},
		{Key: "Loại biểu đồ", Value: chartName(c.Chart)},
		{Key: "Bộ quy tắc", Value: ruleSetName(c.Rules)},
		{Key: "Cỡ nhóm con", Value: strconv.Itoa(c.SubgroupSize)},
	}
	if !c.IsAttribute() {
		pairs = append(pairs, pdfdoc.Pair{Key: "Yêu cầu kỹ thuật",
			Value: "LSL " + optVN(c.LSL) + "; mục tiêu " + optVN(c.Target) + "; USL " + optVN(c.USL)})
	}
	if c.SamplingPlan != "" {
		pairs = append(pairs, pdfdoc.Pair{Key: "Kế hoạch lấy mẫu", Value: c.SamplingPlan})
	}
	period := strconv.Itoa(len(ch.Points)) + " điểm gần nhất"
	if n := len(ch.Points); n > 0 {
		period += " (từ " + vn.Date(ch.Points[0].TakenAt) + " đến " + vn.Date(ch.Points[n-1].TakenAt) + ")"
	}
	pairs = append(pairs, pdfdoc.Pair{Key: "Dữ liệu phân tích", Value: period})
	if !c.Active {
		pairs = append(pairs, pdfdoc.Pair{Key: "Trạng thái", Value: "Đã ngừng theo dõi"})
	}
	d.Pairs(pairs)

	d.Heading("II. BIỂU ĐỒ KIỂM SOÁT")
	res := ch.Result
	if res == nil {
		msg := "Chưa đủ dữ liệu để vẽ biểu đồ kiểm soát."
		if ch.Problem != nil {
			msg = ch.Problem.Vi
		}
		d.Paragraph(msg)
	} else {
		primary, secondary := chartSeries(ch)
		h := 78.0
		if secondary != nil {
			h = 66
		}
		total := h + 14
		if secondary != nil {
			total += 40 + 12
		}
		d.Ensure(total)
		drawSeries(p, pdfdoc.MarginLeft, p.GetY(), pdfdoc.ContentWidth, h, primary)
		if secondary != nil {
			drawSeries(p, pdfdoc.MarginLeft, p.GetY()+2, pdfdoc.ContentWidth, 40, *secondary)
		}
		drawLegend(p)
		d.Paragraph(fmt.Sprintf("Số điểm: %d. Đường tâm: %s. Sigma: %s (ước lượng %s). Số điểm vi phạm quy tắc: %d.",
			len(ch.Points), numVN(res.Center), numVN(res.Sigma), res.SigmaMethod, len(ch.Violated())))
	}
	if ch.Incomplete > 0 {
		d.Note(fmt.Sprintf("%d nhóm con chưa đủ giá trị chưa được vẽ.", ch.Incomplete))
	}

	d.Heading("III. NĂNG LỰC QUÁ TRÌNH")
	if k := rep.Capability; k == nil {
		d.Paragraph("Chưa tính được năng lực quá trình: cần giới hạn kỹ thuật (LSL/USL), biểu đồ biến số và đủ dữ liệu.")
	} else {
		var rows [][]string
		for _, iv := range []struct {
			name string
			v    *spc.Interval
		}{{"Cp", k.Cp}, {"Cpk", k.Cpk}, {"Cpl", k.Cpl}, {"Cpu", k.Cpu}, {"Cpm", k.Cpm}, {"Pp", k.Pp}, {"Ppk", k.Ppk}} {
			if iv.v == nil {
				continue
			}
			rows = append(rows, []string{iv.name, numVN(iv.v.Value), numVN(iv.v.Lower) + " – " + numVN(iv.v.Upper), capabilityBand(iv.v.Value)})
		}
		conf := strconv.Itoa(int(math.Round(k.Confidence * 100)))
		d.Table([]pdfdoc.Column{{Header: "Chỉ số", Width: 30}, {Header: "Giá trị", Width: 30, Align: "R"},
			{Header: "Khoảng tin cậy " + conf + "%", Width: 50, Align: "C"}, {Header: "Đánh giá", Width: 55}}, rows)
		stats := []pdfdoc.Pair{
			{Key: "Số giá trị (n)", Value: strconv.Itoa(k.N)},
			{Key: "Trung bình", Value: numVN(k.Mean)},
			{Key: "Sigma trong nhóm", Value: numVN(k.SigmaWithin)},
			{Key: "Sigma tổng thể", Value: numVN(k.SigmaOverall)},
			{Key: "LSL · mục tiêu · USL", Value: optVN(c.LSL) + " · " + optVN(c.Target) + " · " + optVN(c.USL)},
		}
		if h := rep.Histogram; h != nil {
			stats = append(stats, pdfdoc.Pair{Key: "Ngoài yêu cầu kỹ thuật", Value: fmt.Sprintf("%d / %d giá trị", h.OutOfSpec, h.Total)})
		}
		if nm := k.Normality; nm != nil {
			verdict := "phù hợp phân phối chuẩn"
			if nm.PValue < 0.05 {
				verdict = "không phù hợp phân phối chuẩn (các chỉ số cần được diễn giải thận trọng)"
			}
			stats = append(stats, pdfdoc.Pair{Key: "Kiểm định Anderson–Darling",
				Value: "A² = " + numVN(nm.AD) + ", p = " + numVN(nm.PValue) + ": " + verdict})
		}
		d.Pairs(stats)
	}

	d.Heading("IV. CÁC ĐIỂM VI PHẠM QUY TẮC KIỂM SOÁT")
	violated := ch.Violated()
	if len(violated) == 0 {
		d.Paragraph("Không có điểm nào vi phạm quy tắc kiểm soát trong dữ liệu phân tích.")
	} else {
		rows := make([][]string, 0, len(violated))
		for _, pt := range violated {
			seen := map[string]bool{}
			var rules []string
			for _, r := range pt.Violations {
				t := RuleText(r).Vi
				if !seen[t] {
					seen[t] = true
					rules = append(rules, t)
				}
			}
			var notes []string
			for _, an := range pt.Annotations {
				n := an.Cause
				if an.Action != "" {
					n += " → " + an.Action
				}
				notes = append(notes, n)
			}
			rows = append(rows, []string{strconv.Itoa(pt.Number), pt.Label, vn.DateTime(pt.TakenAt), numVN(pt.Value),
				strings.Join(rules, "; "), strings.Join(notes, "; ")})
		}
		d.Table([]pdfdoc.Column{{Header: "Điểm", Width: 13, Align: "R"}, {Header: "Nhóm con", Width: 27},
			{Header: "Thời điểm", Width: 30}, {Header: "Giá trị", Width: 18, Align: "R"},
			{Header: "Quy tắc vi phạm", Width: 44}, {Header: "Nguyên nhân → hành động", Width: 33}}, rows)
	}
	d.Note("Báo cáo được lập tự động từ dữ liệu đo lưu trên hệ thống NSCL lúc " + vn.DateTime(in.now) +
		" (giờ Việt Nam). Giới hạn kiểm soát tính theo " + ruleBasis(res) + ".")
	return d
}

func lineSuffix(line string) string {
	if line == "" {
		return ""
	}
	return " (" + line + ")"
}

func ruleBasis(res *spc.Result) string {
	if res == nil || res.Phase != "II" {
		return "dữ liệu của chính các điểm (giai đoạn I)"
	}
	return "giá trị chuẩn đã cho (giai đoạn II)"
}

func capabilityBand(v float64) string {
	switch {
	case v < 1:
		return "Không đạt (< 1)"
	case v < 1.33:
		return "Cần cải tiến (1 – 1,33)"
	}
	return "Đạt (≥ 1,33)"
}
