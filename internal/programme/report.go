package programme

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/vn"
)

// ReportOptions are what the annual report needs besides the facts.
type ReportOptions struct {
	Year     int
	Province string // "" for the national report; a province officer always gets their own
	// ProvinceName names a province code (the geo table's official name).
	ProvinceName func(code string) string
	// Uncompressed leaves the page streams readable (tests).
	Uncompressed bool
}

// AnnualReport writes the programme's annual report for o.Year as a PDF in
// the Decree 30/2020 layout (pdfdoc): targets against results, budget,
// activities by type, track and status, provinces, KPI improvements and
// spread, with bar charts. A province officer gets their province's.
func (s *Service) AnnualReport(ctx context.Context, o ReportOptions, w io.Writer) error {
	f, err := DashboardScope(ctx, FactsFilter{Year: o.Year, Province: o.Province})
	if err != nil {
		return err
	}
	if f.Year < 2000 || f.Year > 2100 {
		return errBadReportYear
	}
	facts, err := s.currentFacts(ctx)
	if err != nil {
		return err
	}
	d := facts.Dashboard(f, false)
	name := o.ProvinceName
	if name == nil {
		name = func(c string) string { return c }
	}
	return writeAnnualReport(d, o, name, s.now()).Output(w)
}

var errBadReportYear = fault.New(fault.NotFound, "Không có báo cáo cho năm này.", "There is no report for this year.")

func writeAnnualReport(d *Dashboard, o ReportOptions, name func(string) string, now time.Time) *pdfdoc.Document {
	parent, issuer, place := "BỘ CÔNG THƯƠNG", "BAN CHỈ ĐẠO CHƯƠNG TRÌNH", "Hà Nội"
	scope := "toàn quốc"
	if p := d.Filter.Province; p != "" {
		full := name(p)
		parent, issuer, place = "ỦY BAN NHÂN DÂN "+strings.ToUpper(full), "SỞ CÔNG THƯƠNG", pdfdoc.PlaceName(full)
		scope = full
	}
	year := d.Filter.Year
	doc := pdfdoc.New(pdfdoc.Options{Parent: parent, Issuer: issuer, Place: place, Date: now,
		Title: "Báo cáo", Summary: fmt.Sprintf("KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH NÂNG CAO NĂNG SUẤT VÀ CHẤT LƯỢNG SẢN PHẨM, HÀNG HÓA NGÀNH CÔNG THƯƠNG NĂM %d", year),
		Subject: fmt.Sprintf("Báo cáo kết quả thực hiện Chương trình năm %d", year), Author: issuer, Uncompressed: o.Uncompressed})

	t := d.Totals
	doc.Paragraph(fmt.Sprintf("Phạm vi: %s. Số liệu của nền tảng NSCL tại thời điểm lập báo cáo. Năm %d có %s nhiệm vụ; %s nhiệm vụ đã ký hợp đồng, hỗ trợ %s doanh nghiệp (không trùng), trong đó %s mô hình điểm. Ngân sách nhà nước được duyệt %s, vốn đối ứng %s, đã giải ngân %s.",
		scope, year, vn.Int(int64(t.Activities)), vn.Int(int64(t.Supported)), vn.Int(int64(t.Enterprises)), vn.Int(int64(t.Pilots)),
		vn.Money(t.Committed), vn.Money(t.Counterpart), vn.Money(t.Disbursed)))

	doc.Heading("I. KẾT QUẢ SO VỚI MỤC TIÊU")
	var rows [][]string
	var labels []string
	var vals, targets []float64
	for _, p := range d.Progress {
		rows = append(rows, []string{strconv.Itoa(p.Year), optNum(p.EnterprisesTarget), vn.Int(int64(p.Enterprises)), vn.Int(int64(p.Pilots)),
			optNum(p.ExpertsTarget), vn.Int(int64(p.Experts)), optPct(p.LPTarget), optPct(p.LPGrowth)})
		labels = append(labels, strconv.Itoa(p.Year))
		vals = append(vals, float64(p.Enterprises))
		if p.EnterprisesTarget != nil {
			targets = append(targets, *p.EnterprisesTarget)
		} else {
			targets = append(targets, 0)
		}
	}
	doc.Table([]pdfdoc.Column{{Header: "Năm", Width: 16, Align: "C"}, {Header: "DN hỗ trợ: mục tiêu", Width: 23, Align: "R"},
		{Header: "DN hỗ trợ: thực hiện", Width: 23, Align: "R"}, {Header: "Mô hình điểm (lũy kế)", Width: 22, Align: "R"},
		{Header: "Chuyên gia: mục tiêu", Width: 22, Align: "R"}, {Header: "Chuyên gia (lũy kế)", Width: 21, Align: "R"},
		{Header: "Tăng NSLĐ: mục tiêu", Width: 19, Align: "R"}, {Header: "Tăng NSLĐ: trung vị", Width: 19, Align: "R"}}, rows)
	doc.Note("Doanh nghiệp được hỗ trợ: số doanh nghiệp (không trùng) có nhiệm vụ ký hợp đồng trong năm. Tăng năng suất lao động: trung vị, trên các doanh nghiệp đã được hỗ trợ, của mức tăng giá trị gia tăng (hoặc doanh thu khi thiếu) trên một lao động so với năm trước, theo số liệu sổ doanh nghiệp. Mục tiêu là của toàn quốc.")
	barChart(doc, "Doanh nghiệp được hỗ trợ theo năm (cột: thực hiện; vạch: mục tiêu)", labels, vals, targets)

	doc.Heading("II. NGÂN SÁCH")
	rows = nil
	labels, vals, targets = nil, nil, nil
	for _, b := range d.Budget {
		rows = append(rows, []string{strconv.Itoa(b.Year), vn.Money(b.PlannedState), vn.Money(b.PlannedCounterpart), vn.Money(b.CommittedState),
			vn.Money(b.CommittedCounter), vn.Money(b.Disbursed)})
		labels = append(labels, strconv.Itoa(b.Year))
		vals = append(vals, float64(b.Disbursed)/1e9)
		targets = append(targets, float64(b.CommittedState)/1e9)
	}
	doc.Table([]pdfdoc.Column{{Header: "Năm", Width: 15, Align: "C"}, {Header: "NSNN kế hoạch", Width: 30, Align: "R"},
		{Header: "Đối ứng kế hoạch", Width: 30, Align: "R"}, {Header: "NSNN được duyệt", Width: 30, Align: "R"},
		{Header: "Đối ứng", Width: 30, Align: "R"}, {Header: "Đã giải ngân", Width: 30, Align: "R"}}, rows)
	barChart(doc, "Giải ngân theo năm, tỷ đồng (cột: đã giải ngân; vạch: NSNN được duyệt)", labels, vals, targets)

	doc.Heading("III. NHIỆM VỤ THEO LOẠI, HƯỚNG HỖ TRỢ VÀ TRẠNG THÁI")
	breakdown := func(title string, bs []Breakdown) {
		rows := make([][]string, 0, len(bs))
		for _, b := range bs {
			rows = append(rows, []string{b.Label.Vi, vn.Int(int64(b.Activities)), vn.Int(int64(b.Supported)), vn.Money(b.Approved), vn.Money(b.Disbursed)})
		}
		doc.Table([]pdfdoc.Column{{Header: title, Width: 55, Align: "L"}, {Header: "Số nhiệm vụ", Width: 22, Align: "R"},
			{Header: "Đã ký hợp đồng", Width: 24, Align: "R"}, {Header: "NSNN được duyệt", Width: 32, Align: "R"},
			{Header: "Đã giải ngân", Width: 32, Align: "R"}}, rows)
		doc.PDF().Ln(3)
	}
	breakdown("Loại nhiệm vụ", d.ByType)
	labels, vals = nil, nil
	for _, b := range d.ByType {
		labels = append(labels, shortLabel(b.Label.Vi))
		vals = append(vals, float64(b.Activities))
	}
	barChart(doc, "Số nhiệm vụ theo loại", labels, vals, nil)
	breakdown("Hướng hỗ trợ", d.ByTrack)
	breakdown("Trạng thái", d.ByStatus)

	doc.Heading("IV. KẾT QUẢ THEO TỈNH, THÀNH PHỐ")
	rows = nil
	for _, p := range d.Provinces {
		rows = append(rows, []string{name(p.Code), vn.Int(int64(p.Activities)), vn.Int(int64(p.Supported)), vn.Int(int64(p.Enterprises)),
			vn.Money(p.Approved), vn.Int(int64(p.Replications))})
	}
	if len(rows) == 0 {
		doc.Paragraph("Chưa có nhiệm vụ trong năm.")
	} else {
		doc.Table([]pdfdoc.Column{{Header: "Tỉnh, thành phố", Width: 45, Align: "L"}, {Header: "Nhiệm vụ", Width: 22, Align: "R"},
			{Header: "Đã ký hợp đồng", Width: 24, Align: "R"}, {Header: "Doanh nghiệp", Width: 24, Align: "R"},
			{Header: "NSNN được duyệt", Width: 30, Align: "R"}, {Header: "Nhân rộng", Width: 20, Align: "R"}}, rows)
	}

	doc.Heading("V. MỨC CẢI THIỆN CÁC CHỈ SỐ (KPI)")
	rows = nil
	for _, k := range d.KPIs {
		rows = append(rows, []string{k.Name.Vi, vn.Int(int64(k.N)), pct(k.Q1), pct(k.Median), pct(k.Q3)})
	}
	if len(rows) == 0 {
		doc.Paragraph("Chưa có nhiệm vụ báo cáo giá trị thực tế của KPI trong năm.")
	} else {
		doc.Table([]pdfdoc.Column{{Header: "Chỉ số", Width: 65, Align: "L"}, {Header: "Số nhiệm vụ", Width: 25, Align: "R"},
			{Header: "Tứ phân vị 1", Width: 25, Align: "R"}, {Header: "Trung vị", Width: 25, Align: "R"}, {Header: "Tứ phân vị 3", Width: 25, Align: "R"}}, rows)
		doc.Note("Mức cải thiện: thay đổi từ số liệu nền đến giá trị thực tế, % số liệu nền, dương là tốt hơn theo chiều của chỉ số.")
	}

	doc.Heading("VI. LAN TỎA, NHÂN RỘNG MÔ HÌNH")
	sp := d.Spread
	doc.Pairs([]pdfdoc.Pair{
		{Key: "Mô hình điểm đã ký hợp đồng", Value: vn.Int(int64(sp.Pilots))},
		{Key: "Mô hình có đơn vị nhân rộng", Value: vn.Int(int64(sp.Replicated))},
		{Key: "Lượt nhân rộng", Value: vn.Int(int64(sp.Replications))},
		{Key: "Doanh nghiệp nhân rộng", Value: vn.Int(int64(sp.Enterprises))},
		{Key: "Tỉnh, thành phố có nhân rộng", Value: vn.Int(int64(sp.Provinces))},
	})
	labels, vals = nil, nil
	for i, n := range sp.ByDepth {
		labels = append(labels, "Tầng "+strconv.Itoa(i+1))
		vals = append(vals, float64(n))
	}
	if len(vals) > 0 {
		barChart(doc, "Lượt nhân rộng theo tầng của cây lan tỏa", labels, vals, nil)
	}
	return doc
}

// barChart draws a bar chart with fpdf primitives: one bar per label,
// and a short horizontal mark per target (when targets is not nil).
func barChart(doc *pdfdoc.Document, title string, labels []string, vals, targets []float64) {
	if len(vals) == 0 {
		return
	}
	const h, labelH = 50.0, 10.0
	doc.Ensure(h + labelH + 14)
	p := doc.PDF()
	p.Ln(2)
	p.SetFont(pdfdoc.Serif, "I", pdfdoc.SizeSmall)
	p.SetX(pdfdoc.MarginLeft)
	p.MultiCell(pdfdoc.ContentWidth, 5, title, "", "C", false)
	top := p.GetY() + 2
	maxV := 0.0
	for i, v := range vals {
		maxV = max(maxV, v)
		if targets != nil && i < len(targets) {
			maxV = max(maxV, targets[i])
		}
	}
	if maxV <= 0 {
		maxV = 1
	}
	left, width := pdfdoc.MarginLeft+14, pdfdoc.ContentWidth-14
	slot := width / float64(len(vals))
	bw := slot * 0.6
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.2)
	p.Line(left, top+h, left+width, top+h)
	p.Line(left, top, left, top+h)
	p.SetFont(pdfdoc.Serif, "", 8)
	p.SetXY(pdfdoc.MarginLeft, top-1)
	p.CellFormat(13, 3, shortNum(maxV), "", 0, "R", false, 0, "")
	for i, v := range vals {
		x := left + float64(i)*slot + (slot-bw)/2
		bh := v / maxV * h
		p.SetFillColor(11, 79, 138)
		if bh > 0 {
			p.Rect(x, top+h-bh, bw, bh, "F")
		}
		p.SetXY(x-2, top+h-bh-3.5)
		p.CellFormat(bw+4, 3, shortNum(v), "", 0, "C", false, 0, "")
		if targets != nil && i < len(targets) && targets[i] > 0 {
			th := targets[i] / maxV * h
			p.SetDrawColor(212, 160, 23)
			p.SetLineWidth(0.8)
			p.Line(x-1.5, top+h-th, x+bw+1.5, top+h-th)
			p.SetDrawColor(0, 0, 0)
			p.SetLineWidth(0.2)
		}
		p.SetXY(left+float64(i)*slot, top+h+1)
		p.MultiCell(slot, 3.2, labels[i], "", "C", false)
	}
	p.SetY(top + h + labelH + 2)
	p.SetFont(pdfdoc.Serif, "", pdfdoc.SizeBody)
}

func shortLabel(s string) string {
	if rs := []rune(s); len(rs) > 22 {
		return string(rs[:21]) + "…"
	}
	return s
}

func shortNum(v float64) string {
	if v == float64(int64(v)) {
		return vn.Int(int64(v))
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
}

func optNum(x *float64) string {
	if x == nil {
		return "—"
	}
	return vn.Int(int64(*x))
}

func optPct(x *float64) string {
	if x == nil {
		return "—"
	}
	return pct(*x)
}

func pct(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1) + "%"
}
