package web

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// dashTable is a table of the dashboard, as the page shows it and as its
// XLSX download writes it (numbers as numbers).
type dashTable struct {
	Key   string
	Title string
	Cols  []dashCol
	Rows  [][]dashCell
	Href  string // the XLSX download, with the filter
	Note  string
}

type dashCol struct {
	Label string
	Num   bool
}

// dashCell is a cell: its text for the page and, when numeric, its value.
type dashCell struct {
	Text  string
	Num   float64
	IsNum bool
	Href  string
}

func cText(s string) dashCell { return dashCell{Text: s} }
func cInt(n int) dashCell     { return dashCell{Text: vn.Int(int64(n)), Num: float64(n), IsNum: true} }
func cMoney(n int64) dashCell { return dashCell{Text: vn.Money(n), Num: float64(n), IsNum: true} }
func cPct(x float64) dashCell { return dashCell{Text: vnDecimal(x) + " %", Num: x, IsNum: true} }
func cOptPct(x *float64) dashCell {
	if x == nil {
		return cText("—")
	}
	return cPct(*x)
}
func cOptNum(x *float64) dashCell {
	if x == nil {
		return cText("—")
	}
	return dashCell{Text: vn.Int(int64(*x)), Num: *x, IsNum: true}
}

// cSuppressed is a public cell resting on fewer than 5 enterprises.
func cSuppressed() dashCell { return cText(fmt.Sprintf("< %d", programme.PublicMinEnterprises)) }

// hideCells replaces every numeric cell of a suppressed row by "< 5".
func hideCells(hidden bool, cells []dashCell) []dashCell {
	if !hidden {
		return cells
	}
	for i := range cells {
		if cells[i].IsNum {
			cells[i] = cSuppressed()
		}
	}
	return cells
}

// vnDecimal writes x with one decimal and a decimal comma.
func vnDecimal(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1)
}

// The dashboard's tables, by key (the XLSX file name).
var dashTableKeys = []string{"progress", "budget", "status", "type", "track", "industry", "size", "provinces", "kpis", "spread"}

// dashboardTables builds every table of d in lang.
func (h *Handler) dashboardTables(d *programme.Dashboard, lang string) []*dashTable {
	cols := func(labels ...fault.Text) []dashCol {
		out := make([]dashCol, len(labels))
		for i, l := range labels {
			out[i] = dashCol{Label: l.In(lang), Num: i > 0}
		}
		return out
	}
	base := "/programme/dashboard/"
	if d.Public {
		base = "/figures/"
	}
	q := filterQuery(d.Filter)
	var out []*dashTable
	add := func(t *dashTable) { t.Href = base + t.Key + ".xlsx" + q; out = append(out, t) }

	prog := &dashTable{Key: "progress", Title: text("dash.t_progress").In(lang), Note: text("dash.lp_method").In(lang),
		Cols: cols(text("dash.year"), text("dash.ent_target"), text("dash.ent_actual"), text("dash.pilot_target"), text("dash.pilot_actual"),
			text("dash.expert_target"), text("dash.expert_actual"), text("dash.lp_target"), text("dash.lp_actual"))}
	for _, p := range d.Progress {
		ents := cInt(p.Enterprises)
		if p.Hidden {
			ents = cSuppressed()
		}
		prog.Rows = append(prog.Rows, []dashCell{cText(strconv.Itoa(p.Year)), cOptNum(p.EnterprisesTarget), ents,
			cOptNum(p.PilotsTarget), cInt(p.Pilots), cOptNum(p.ExpertsTarget), cInt(p.Experts), cOptPct(p.LPTarget), cOptPct(p.LPGrowth)})
	}
	add(prog)

	bud := &dashTable{Key: "budget", Title: text("dash.t_budget").In(lang), Cols: cols(text("dash.year"), text("dash.planned_state"), text("dash.planned_counter"),
		text("dash.committed_state"), text("dash.committed_counter"), text("dash.disbursed"))}
	for _, b := range d.Budget {
		bud.Rows = append(bud.Rows, hideCells(b.Hidden, []dashCell{cText(strconv.Itoa(b.Year)), cMoney(b.PlannedState), cMoney(b.PlannedCounterpart),
			cMoney(b.CommittedState), cMoney(b.CommittedCounter), cMoney(b.Disbursed)}))
	}
	add(bud)

	breakdown := func(key string, title, first fault.Text, bs []programme.Breakdown) {
		t := &dashTable{Key: key, Title: title.In(lang), Cols: cols(first, text("dash.activities"), text("dash.supported"), text("dash.state"),
			text("dash.counterpart"), text("dash.approved"), text("dash.disbursed"))}
		for _, b := range bs {
			t.Rows = append(t.Rows, hideCells(b.Hidden, []dashCell{cText(b.Label.In(lang)), cInt(b.Activities), cInt(b.Supported), cMoney(b.State),
				cMoney(b.Counterpart), cMoney(b.Approved), cMoney(b.Disbursed)}))
		}
		add(t)
	}
	breakdown("status", text("dash.t_status"), text("dash.status"), d.ByStatus)
	breakdown("type", text("dash.t_type"), text("dash.type"), d.ByType)
	breakdown("track", text("dash.t_track"), text("dash.track"), d.ByTrack)
	breakdown("industry", text("dash.t_industry"), text("dash.industry"), d.ByIndustry)
	breakdown("size", text("dash.t_size"), text("dash.size"), d.BySize)

	prov := &dashTable{Key: "provinces", Title: text("dash.t_provinces").In(lang), Cols: cols(text("dash.province"), text("dash.activities"), text("dash.supported"),
		text("dash.enterprises"), text("dash.approved"), text("dash.disbursed"), text("dash.replications"))}
	if d.Public {
		prov.Note = text("fig.suppressed_note").In(lang)
	}
	by := map[string]programme.ProvinceRow{}
	for _, p := range d.Provinces {
		by[p.Code] = p
	}
	for _, gp := range h.geo.Provinces {
		p, ok := by[gp.Code]
		if !ok && d.Filter.Province != "" {
			continue
		}
		name := cText(gp.Short)
		if !d.Public && d.Filter.Province == "" {
			name.Href = "/programme/dashboard" + filterQuery(programme.FactsFilter{Year: d.Filter.Year, Province: gp.Code})
		}
		prov.Rows = append(prov.Rows, hideCells(p.Hidden, []dashCell{name, cInt(p.Activities), cInt(p.Supported), cInt(p.Enterprises),
			cMoney(p.Approved), cMoney(p.Disbursed), cInt(p.Replications)}))
	}
	add(prov)

	kp := &dashTable{Key: "kpis", Title: text("dash.t_kpis").In(lang), Note: text("dash.kpi_note").In(lang), Cols: cols(text("dash.kpi"), text("dash.n"), text("dash.min"), text("dash.q1"),
		text("dash.median"), text("dash.q3"), text("dash.max"))}
	for _, k := range d.KPIs {
		kp.Rows = append(kp.Rows, hideCells(k.Hidden, []dashCell{cText(k.Name.In(lang)), cInt(k.N), cPct(k.Min), cPct(k.Q1), cPct(k.Median),
			cPct(k.Q3), cPct(k.Max)}))
	}
	add(kp)

	s := d.Spread
	sp := &dashTable{Key: "spread", Title: text("dash.t_spread").In(lang), Cols: []dashCol{{Label: text("dash.measure").In(lang)}, {Label: text("dash.value").In(lang), Num: true}}}
	sp.Rows = [][]dashCell{
		{cText(text("dash.s_pilots").In(lang)), cInt(s.Pilots)},
		{cText(text("dash.s_replicated").In(lang)), cInt(s.Replicated)},
		{cText(text("dash.s_replications").In(lang)), cInt(s.Replications)},
		{cText(text("dash.s_enterprises").In(lang)), cInt(s.Enterprises)},
		{cText(text("dash.s_provinces").In(lang)), cInt(s.Provinces)},
	}
	for i, n := range s.ByDepth {
		sp.Rows = append(sp.Rows, []dashCell{cText(strings.ReplaceAll(text("dash.s_depth").In(lang), "{n}", strconv.Itoa(i+1))), cInt(n)})
	}
	for i := range sp.Rows {
		sp.Rows[i] = hideCells(s.Hidden, sp.Rows[i])
	}
	add(sp)
	return out
}

// handleDashboardTable downloads a dashboard table as XLSX.
func (h *Handler) handleDashboardTable(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	d, err := h.programme.Dashboard(r.Context(), dashboardFilter(r))
	if err != nil {
		return err
	}
	return h.writeDashTable(w, r, d)
}

// handleFiguresTable downloads a public table as XLSX.
func (h *Handler) handleFiguresTable(w http.ResponseWriter, r *http.Request) error {
	d, err := h.programme.Figures(r.Context(), dashboardFilter(r).Year)
	if err != nil {
		return err
	}
	return h.writeDashTable(w, r, d)
}

var errNoTable = fault.New(fault.NotFound, "Không có bảng này.", "No such table.")

func (h *Handler) writeDashTable(w http.ResponseWriter, r *http.Request, d *programme.Dashboard) error {
	key, ok := strings.CutSuffix(r.PathValue("file"), ".xlsx")
	if !ok {
		return errNoTable
	}
	lang := h.lang(r)
	for _, t := range h.dashboardTables(d, lang) {
		if t.Key != key {
			continue
		}
		x := excelize.NewFile()
		defer x.Close()
		sheet := sheetName(t.Title)
		if err := x.SetSheetName("Sheet1", sheet); err != nil {
			return fault.Internalf("web: sheet: %w", err)
		}
		head, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		sw, err := x.NewStreamWriter(sheet)
		if err != nil {
			return fault.Internalf("web: stream: %w", err)
		}
		_ = sw.SetColWidth(1, 1, 32)
		_ = sw.SetColWidth(2, len(t.Cols), 18)
		row := make([]any, len(t.Cols))
		for i, c := range t.Cols {
			row[i] = c.Label
		}
		if err := sw.SetRow("A1", row, excelize.RowOpts{StyleID: head}); err != nil {
			return fault.Internalf("web: xlsx: %w", err)
		}
		for i, cells := range t.Rows {
			row := make([]any, len(cells))
			for j, c := range cells {
				if c.IsNum {
					row[j] = c.Num
				} else {
					row[j] = c.Text
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				return fault.Internalf("web: xlsx: %w", err)
			}
		}
		if err := sw.Flush(); err != nil {
			return fault.Internalf("web: xlsx: %w", err)
		}
		writeXLSXHeaders(w, t.Key+".xlsx")
		_ = streamXLSX(w, x) // the headers are gone on an error: the client sees a cut download
		return nil
	}
	return errNoTable
}

// sheetName cuts a title to Excel's 31 characters without []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, s)
	if rs := []rune(s); len(rs) > 31 {
		s = string(rs[:31])
	}
	return s
}

func writeXLSXHeaders(w http.ResponseWriter, name string) {
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", attachment(name))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
}

// handleActivitiesExport streams the activities under the dashboard's
// filter as XLSX: rows go through excelize's stream writer (which spills
// to a temporary file), so memory stays flat for 200,000 activities.
func (h *Handler) handleActivitiesExport(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := dashboardFilter(r)
	if err := h.checkProvince(r); err != nil {
		return err
	}
	if _, err := programme.DashboardScope(ctx, f); err != nil {
		return err
	}
	lang := h.lang(r)
	x := excelize.NewFile()
	defer x.Close()
	sheet := sheetName(text("dash.export_sheet").In(lang))
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fault.Internalf("web: sheet: %w", err)
	}
	head, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fault.Internalf("web: stream: %w", err)
	}
	keys := []fault.Text{text("dash.x_id"), text("dash.year"), text("dash.type"), text("dash.track"), text("dash.status"), text("dash.x_title"), text("dash.x_proposer"),
		text("dash.province"), text("dash.industry"), text("dash.size"), text("dash.state"), text("dash.counterpart"), text("dash.approved"), text("dash.disbursed"),
		text("dash.x_decision_no"), text("dash.x_decision_date"), text("dash.x_contract_no"), text("dash.x_contract_date")}
	row := make([]any, len(keys))
	for i, k := range keys {
		row[i] = k.In(lang)
	}
	_ = sw.SetColWidth(6, 7, 40)
	if err := sw.SetRow("A1", row, excelize.RowOpts{StyleID: head}); err != nil {
		return fault.Internalf("web: xlsx: %w", err)
	}
	labels := map[string]string{}
	label := func(kind, k string, t func() fault.Text) string {
		key := kind + k
		if s, ok := labels[key]; ok {
			return s
		}
		s := t().In(lang)
		labels[key] = s
		return s
	}
	n := 1
	cellName := make([]byte, 0, 16)
	err = h.programme.ExportActivities(ctx, f, func(a *programme.ExportRow) error {
		n++
		row[0], row[1] = int64(a.ID), a.Year
		row[2] = label("t", string(a.Type), a.Type.Label)
		row[3] = label("k", string(a.Track), a.Track.Label)
		row[4] = label("s", string(a.Status), a.Status.Label)
		row[5], row[6] = a.Title, a.Proposer
		row[7] = label("p", a.Province, func() fault.Text { n := h.geo.Name(a.Province); return fault.Text{Vi: n, En: n} })
		row[8] = label("i", a.Industry, func() fault.Text { return programme.IndustryLabel(a.Industry) })
		row[9] = label("z", a.SizeClass, func() fault.Text { return programme.SizeLabel(a.SizeClass) })
		row[10], row[11], row[12], row[13] = a.StateBudget, a.Counterpart, a.Approved, a.Disbursed
		row[14], row[15], row[16], row[17] = a.DecisionNo, isoToVN(a.DecisionDate), a.ContractNo, isoToVN(a.ContractDate)
		cellName = append(cellName[:0], 'A')
		cellName = strconv.AppendInt(cellName, int64(n), 10)
		return sw.SetRow(string(cellName), row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fault.Internalf("web: xlsx: %w", err)
	}
	name := "nhiem-vu"
	if f.Year != 0 {
		name += "-" + strconv.Itoa(f.Year)
	}
	if a := auth.ActorFrom(ctx); a.Role == auth.RoleProvince {
		name += "-" + a.ProvinceCode
	} else if f.Province != "" {
		name += "-" + f.Province
	}
	writeXLSXHeaders(w, name+"-"+time.Now().Format("20060102")+".xlsx")
	_ = streamXLSX(w, x) // the headers are gone on an error: the client sees a cut download
	return nil
}

// streamXLSX writes the workbook x to w as it zips it. excelize's Write
// builds the whole zip in a bytes.Buffer first (WriteToBuffer); its zip
// writer is replaceable (SetZipWriter), so the zip is made to write
// straight to w and the buffer excelize passes stays empty: memory is the
// stream writer's rows (spilled to a temporary file) plus 64 kB.
func streamXLSX(w io.Writer, x *excelize.File) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	x.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(bw) })
	buf, err := x.WriteToBuffer()
	if err != nil {
		return err
	}
	if buf.Len() > 0 { // nothing should land there; if it does, it follows
		if _, err := buf.WriteTo(bw); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// handleAnnualReport serves /programme/report/{year}.pdf (?province= for
// the ministry; a province officer always gets their province's).
func (h *Handler) handleAnnualReport(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ys, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	year, err := strconv.Atoi(ys)
	if !ok || err != nil {
		return fault.New(fault.NotFound, "Không có báo cáo này.", "No such report.")
	}
	if err := h.checkProvince(r); err != nil {
		return err
	}
	var buf bytes.Buffer
	err = h.programme.AnnualReport(r.Context(), programme.ReportOptions{Year: year, Province: strings.TrimSpace(r.URL.Query().Get("province")),
		ProvinceName: func(code string) string {
			if p, ok := h.geo.Province(code); ok {
				return p.Name
			}
			return code
		}}, &buf)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", "inline; filename=\"bao-cao-chuong-trinh-"+strconv.Itoa(year)+".pdf\"")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
	return nil
}
