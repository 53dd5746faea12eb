package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The programme's tables as XLSX downloads: every list page of the
// programme (calls, plans, a plan's budget lines, targets, KPIs,
// replications, the spread tables, activities) offers its rows — all the
// rows its filters match, not one page of them — as a spreadsheet. The
// download handlers call the same service methods as the pages, so they
// see what the page shows and nothing more.

// xlsxMaxRows caps a download: beyond it the file ends with a row saying
// so (the page filters narrow the list).
const xlsxMaxRows = 20000

// xlsxKind is how a column's cells are written.
type xlsxKind int

const (
	xText  xlsxKind = iota // an inline string, never a formula
	xInt                   // a whole number, #,##0
	xMoney                 // whole đồng, #,##0
	xDec                   // a decimal number (a percentage), 0.0
	xDate                  // a real date, dd/mm/yyyy
)

// xlsxCol is a column: its header in both languages, its kind and width
// (0: by kind).
type xlsxCol struct {
	Label fault.Text
	Kind  xlsxKind
	Width float64
}

// xlsxTable is a table to download. A row's cells follow Cols: string for
// text; int, int64 or float64 for numbers; time.Time for dates; nil (or a
// *float64 that is nil) for an empty cell.
type xlsxTable struct {
	Sheet fault.Text // the sheet's name
	File  string     // the file name without date and extension, ASCII
	Cols  []xlsxCol
	Rows  [][]any
	Cut   bool // rows were left off at xlsxMaxRows
}

// add appends a row; false once the table is full (the caller stops).
func (t *xlsxTable) add(cells ...any) bool {
	if len(t.Rows) >= xlsxMaxRows {
		t.Cut = true
		return false
	}
	t.Rows = append(t.Rows, cells)
	return true
}

var xlsxCutNote = fault.Text{Vi: "Tệp chỉ gồm %d dòng đầu: hãy lọc danh sách để tải phần còn lại.",
	En: "The file holds the first %d rows only: filter the list to download the rest."}

// xlsxBook writes t in lang to a new workbook through excelize's stream
// writer. The caller closes it.
func xlsxBook(t *xlsxTable, lang string) (*excelize.File, error) {
	x := excelize.NewFile()
	fail := func(err error) (*excelize.File, error) {
		x.Close()
		return nil, fault.Internalf("web: xlsx: %w", err)
	}
	name := sheetName(t.Sheet.In(lang))
	if name == "" {
		name = "Sheet1"
	}
	if err := x.SetSheetName("Sheet1", name); err != nil {
		return fail(err)
	}
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fail(err)
	}
	thousands := "#,##0"
	pct := "0.0"
	day := "dd/mm/yyyy"
	styles := map[xlsxKind]int{}
	for k, code := range map[xlsxKind]*string{xInt: &thousands, xMoney: &thousands, xDec: &pct, xDate: &day} {
		if styles[k], err = x.NewStyle(&excelize.Style{CustomNumFmt: code}); err != nil {
			return fail(err)
		}
	}
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return fail(err)
	}
	// Widths and panes must come before the first row.
	for i, c := range t.Cols {
		w := c.Width
		if w == 0 {
			switch c.Kind {
			case xText:
				w = 28
			case xMoney:
				w = 18
			case xDate:
				w = 12
			default:
				w = 12
			}
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fail(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	row := make([]any, len(t.Cols))
	for i, c := range t.Cols {
		row[i] = excelize.Cell{StyleID: head, Value: inlineText(c.Label.In(lang))}
	}
	if err := sw.SetRow("A1", row, excelize.RowOpts{StyleID: head}); err != nil {
		return fail(err)
	}
	n := 1
	for _, cells := range t.Rows {
		n++
		for i := range row {
			row[i] = nil
			if i >= len(cells) {
				continue
			}
			row[i] = xlsxCell(t.Cols[i].Kind, cells[i], styles)
		}
		if err := sw.SetRow("A"+strconv.Itoa(n), row); err != nil {
			return fail(err)
		}
	}
	if t.Cut {
		n += 2
		note := []any{inlineText(strings.Replace(xlsxCutNote.In(lang), "%d", vn.Int(xlsxMaxRows), 1))}
		if err := sw.SetRow("A"+strconv.Itoa(n), note); err != nil {
			return fail(err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	return x, nil
}

// inlineText is a string cell written inline (t="inlineStr"): Excel shows
// it as typed, so a title starting with "=", "+" or "@" stays text.
func inlineText(s string) []excelize.RichTextRun {
	return []excelize.RichTextRun{{Text: s}}
}

// xlsxCell is the stream writer's value of one cell of kind k.
func xlsxCell(k xlsxKind, v any, styles map[xlsxKind]int) any {
	switch v := v.(type) {
	case nil:
		return nil
	case *float64:
		if v == nil {
			return nil
		}
		return excelize.Cell{StyleID: styles[k], Value: *v}
	case time.Time:
		if v.IsZero() {
			return nil
		}
		// The civil date in Vietnam, as the pages show it.
		v = v.In(vn.Zone)
		d := time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
		return excelize.Cell{StyleID: styles[xDate], Value: d}
	case string:
		if k == xDate {
			// "yyyy-mm-dd" from the store: a real date; anything else stays text.
			if d, err := time.Parse("2006-01-02", v); err == nil {
				return excelize.Cell{StyleID: styles[xDate], Value: d}
			}
		}
		if v == "" {
			return nil
		}
		return inlineText(v)
	case int, int64, float64:
		return excelize.Cell{StyleID: styles[k], Value: v}
	}
	return inlineText(fmt.Sprint(v))
}

// writeXLSX sends t as an attachment named t.File-yyyymmdd.xlsx. The
// workbook is complete before the first byte goes out, so a failure is an
// error page rather than half a download.
func (h *Handler) writeXLSX(w http.ResponseWriter, r *http.Request, t *xlsxTable) error {
	x, err := xlsxBook(t, h.lang(r))
	if err != nil {
		return err
	}
	defer x.Close()
	writeXLSXHeaders(w, t.File+"-"+time.Now().In(vn.Zone).Format("20060102")+".xlsx")
	_ = streamXLSX(w, x) // the headers are gone on an error: the client sees a cut download
	return nil
}

// xlsxHref is the download link of a page: path with the page's query
// minus its page number (the file holds every page).
func xlsxHref(path string, q url.Values) string {
	v := url.Values{}
	for k, vs := range q {
		if k == "page" {
			continue
		}
		v[k] = vs
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// xt is a column label written here (the pages' own labels are reused
// through text() where they exist).
func xt(vi, en string) fault.Text { return fault.Text{Vi: vi, En: en} }

// ---- setup: calls, plans, a plan's lines, targets ----

// handleCallsXLSX downloads /calls under its filters: what the page lists
// for this visitor (public: open and closed calls; officers also drafts),
// in the page's order — open, drafts, closed.
func (h *Handler) handleCallsXLSX(w http.ResponseWriter, r *http.Request) error {
	calls, err := h.programme.Calls(r.Context(), h.callQuery(r))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("setup.calls_title"), File: "dot-keu-goi", Cols: []xlsxCol{
		{Label: text("setup.code"), Width: 16}, {Label: xt("Tên đợt kêu gọi", "Call"), Width: 48}, {Label: text("setup.unit")},
		{Label: text("setup.track")}, {Label: text("setup.types"), Width: 40}, {Label: text("setup.status"), Width: 16},
		{Label: text("setup.opens"), Kind: xDate, Width: 14}, {Label: text("setup.deadline"), Kind: xDate, Width: 14}}}
	for _, st := range []programme.CallStatus{programme.CallOpen, programme.CallDraft, ""} {
		for _, c := range calls {
			if st == "" && (c.Status == programme.CallOpen || c.Status == programme.CallDraft) || st != "" && c.Status != st {
				continue
			}
			var types []string
			for _, ty := range c.Types {
				types = append(types, ty.Label().In(lang))
			}
			if !t.add(c.Code, c.Title, h.unitName(lang, c.ProvinceCode), c.Track.Label().In(lang), strings.Join(types, ", "),
				programme.CallStatusLabel(c.Status).In(lang), c.OpensAt, c.Deadline) {
				break
			}
		}
	}
	return h.writeXLSX(w, r, t)
}

// handlePlansXLSX downloads /programme/plans (officers; ?year=).
func (h *Handler) handlePlansXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := officer(r); err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	plans, err := h.programme.Plans(r.Context(), year)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("setup.plans_title"), File: "ke-hoach", Cols: []xlsxCol{
		{Label: text("setup.year"), Kind: xText, Width: 8}, {Label: text("setup.unit")}, {Label: text("setup.plan_name"), Width: 48},
		{Label: text("setup.status"), Width: 14}, {Label: text("setup.planned_count"), Kind: xInt, Width: 14},
		{Label: text("setup.state_budget"), Kind: xMoney}, {Label: text("setup.counterpart"), Kind: xMoney},
		{Label: xt("Số quyết định", "Decision no."), Width: 18}, {Label: xt("Ngày quyết định", "Decision date"), Kind: xDate, Width: 14}}}
	for i := len(plans) - 1; i >= 0; i-- { // newest first, as the page
		p := plans[i]
		_, all := p.Totals()
		var decDate any
		if p.Status == programme.PlanApproved {
			decDate = p.DecisionDate
		}
		if !t.add(strconv.Itoa(p.Year), h.unitName(lang, p.ProvinceCode), p.Title, programme.PlanStatusLabel(p.Status).In(lang),
			all.PlannedCount, all.StateBudget, all.Counterpart, p.DecisionNo, decDate) {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}

// handlePlanLinesXLSX downloads a plan's budget lines, then its totals
// by track and the grand total, as the plan's page shows them.
func (h *Handler) handlePlanLinesXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	pl, err := h.programme.Plan(r.Context(), programme.PlanID(id))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("setup.budget_lines"), File: "ke-hoach-" + strconv.Itoa(pl.Year) + "-" + strconv.FormatInt(id, 10),
		Cols: []xlsxCol{{Label: text("setup.track"), Width: 34}, {Label: text("setup.type"), Width: 34},
			{Label: text("setup.planned_count"), Kind: xInt, Width: 14}, {Label: text("setup.state_budget"), Kind: xMoney},
			{Label: text("setup.counterpart"), Kind: xMoney}, {Label: text("setup.total"), Kind: xMoney}}}
	byKey := map[string]programme.PlanLine{}
	for _, l := range pl.Lines {
		byKey[planLineKey(l)] = l
	}
	for _, g := range planGrid() { // the page's order
		l, ok := byKey[planLineKey(g)]
		if !ok || l.PlannedCount == 0 && l.StateBudget == 0 && l.Counterpart == 0 {
			continue
		}
		t.add(g.Track.Label().In(lang), g.Type.Label().In(lang), l.PlannedCount, l.StateBudget, l.Counterpart, l.StateBudget+l.Counterpart)
	}
	byTrack, all := pl.Totals()
	for _, tr := range byTrack {
		t.add(tr.Track.Label().In(lang), text("setup.total").In(lang), tr.PlannedCount, tr.StateBudget, tr.Counterpart, tr.Total())
	}
	t.add(text("setup.total_all").In(lang), nil, all.PlannedCount, all.StateBudget, all.Counterpart, all.Total())
	return h.writeXLSX(w, r, t)
}

// handleTargetsXLSX downloads /programme/targets: one row per target.
func (h *Handler) handleTargetsXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := officer(r); err != nil {
		return err
	}
	ts, err := h.programme.Targets(r.Context())
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("setup.targets_title"), File: "chi-tieu", Cols: []xlsxCol{
		{Label: text("setup.metric"), Width: 44}, {Label: xt("Cách tính", "Kind"), Width: 14}, {Label: text("setup.year"), Width: 14},
		{Label: text("setup.value"), Kind: xInt, Width: 14}, {Label: xt("Đơn vị tính", "Unit"), Width: 10}, {Label: text("setup.note"), Width: 48}}}
	for _, m := range programme.Metrics {
		kind := text("setup.yearly").In(lang)
		if m.Cumulative() {
			kind = text("setup.cumulative").In(lang)
		}
		unit := ""
		if m.Percent() {
			unit = "%"
		}
		for _, x := range ts {
			if x.Metric != m {
				continue
			}
			year := strconv.Itoa(x.Year)
			if x.Year == 0 {
				year = text("setup.whole_period").In(lang)
			}
			t.add(m.Label().In(lang), kind, year, x.Value, unit, x.Note)
		}
	}
	// A decimal target (a percentage) keeps its decimal: 0.0 then.
	for _, x := range ts {
		if x.Value != float64(int64(x.Value)) {
			t.Cols[3].Kind = xDec
			break
		}
	}
	return h.writeXLSX(w, r, t)
}

// ---- results: KPIs, replications, spread ----

// handleKPIsXLSX downloads the KPI catalogue (officers, as its page).
func (h *Handler) handleKPIsXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := kpiViewer(r); err != nil {
		return err
	}
	_, ks, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("res.kpis_title"), File: "kpi", Cols: []xlsxCol{
		{Label: text("res.code"), Width: 18}, {Label: text("res.name_vi"), Width: 40}, {Label: text("res.name_en"), Width: 40},
		{Label: text("res.unit"), Width: 12}, {Label: text("res.direction"), Width: 16}, {Label: text("res.kind"), Width: 12},
		{Label: text("res.hidden"), Width: 10}}}
	for _, k := range ks {
		unit := k.Unit.Label().In(lang)
		if unit == "" {
			unit = text("res.unit_count").In(lang)
		}
		kind, hidden := text("res.custom").In(lang), ""
		if k.Builtin {
			kind = text("res.builtin").In(lang)
		}
		if k.Hidden {
			hidden = "✓"
		}
		t.add(k.Code, k.Name.Vi, k.Name.En, unit, text("res.dir_"+string(k.Direction)).In(lang), kind, hidden)
	}
	return h.writeXLSX(w, r, t)
}

// handleReplicationsXLSX downloads /replications under its filters: every
// page of what the service lets the actor see.
func (h *Handler) handleReplicationsXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("res.reps_title"), File: "nhan-rong", Cols: []xlsxCol{
		{Label: text("res.enterprise"), Width: 40}, {Label: text("res.pilot"), Width: 40}, {Label: text("res.province"), Width: 20},
		{Label: text("res.applied_on"), Kind: xDate, Width: 14}, {Label: xt("Cải thiện chung (%)", "Overall improvement (%)"), Kind: xDec, Width: 16},
		{Label: text("res.improvement"), Width: 48}, {Label: text("res.status"), Width: 16}}}
	f := repFilter(r.URL.Query())
	const batch = 200 // the service's largest page
	f.Limit = batch
	for full := false; !full; f.Offset += batch {
		rows, total, err := h.programme.Replications(r.Context(), f)
		if err != nil {
			return err
		}
		for i := range rows {
			x := &rows[i]
			var kpis []string
			for _, k := range x.Results {
				name, _ := resKPIName(lang, defs, k.Code)
				kpis = append(kpis, name+": "+resPct(k.Improvement))
			}
			if !t.add(x.EnterpriseName, x.PilotTitle, h.provinceName(x.ProvinceCode), x.AppliedOn, x.Overall,
				strings.Join(kpis, "; "), resRepStatus(lang, x.Status)) {
				full = true
				break
			}
		}
		if len(rows) < batch || f.Offset+batch >= total {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}

// spreadTables are the downloads of /programme/spread, by file name.
var spreadTables = []string{"pilots", "sectors", "provinces", "sizes", "kpis-activities", "kpis-replications"}

// handleSpreadXLSX downloads one table of /programme/spread
// (/programme/spread/{table}.xlsx, ?province= as the page).
func (h *Handler) handleSpreadXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	key, ok := strings.CutSuffix(r.PathValue("file"), ".xlsx")
	if !ok || !slices.Contains(spreadTables, key) {
		return fault.New(fault.NotFound, "Không có bảng này.", "No such table.")
	}
	sp, err := h.spreadFigures(r)
	if err != nil {
		return err
	}
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	file := "lan-toa-" + key
	if sp.Province != "" {
		file += "-" + sp.Province
	}
	t := &xlsxTable{File: file}
	counts := func(title fault.Text, cs []programme.ReachCount, label func(string) string) {
		t.Sheet = title
		t.Cols = []xlsxCol{{Label: title, Width: 40}, {Label: text("res.count"), Kind: xInt, Width: 16}}
		for _, c := range cs {
			t.add(label(c.Key), c.N)
		}
	}
	quart := func(title fault.Text, qs []programme.KPIQuartiles) {
		t.Sheet = title
		t.Cols = []xlsxCol{{Label: text("res.kpi"), Width: 40}, {Label: text("res.n"), Kind: xInt, Width: 12},
			{Label: xt("Tứ phân vị 1 (%)", "First quartile (%)"), Kind: xDec, Width: 16}, {Label: xt("Trung vị (%)", "Median (%)"), Kind: xDec, Width: 16},
			{Label: xt("Tứ phân vị 3 (%)", "Third quartile (%)"), Kind: xDec, Width: 16}}
		for _, q := range qs {
			name, _ := resKPIName(lang, defs, q.Code)
			t.add(name, q.N, q.Q1, q.Median, q.Q3)
		}
	}
	switch key {
	case "pilots":
		t.Sheet = text("res.per_pilot")
		t.Cols = []xlsxCol{{Label: text("res.pilot"), Width: 48}, {Label: text("res.enterprise"), Width: 40}, {Label: text("res.province"), Width: 20},
			{Label: text("res.replications"), Kind: xInt, Width: 14}, {Label: text("res.confirmed"), Kind: xInt, Width: 14},
			{Label: text("res.depth"), Kind: xInt, Width: 14}}
		for _, x := range sp.PerPilot {
			t.add(x.Title, x.Enterprise, h.provinceName(x.Province), x.Replications, x.Confirmed, x.Depth)
		}
	case "sectors":
		counts(text("res.by_sector"), sp.BySector, func(k string) string { return resIndustry(lang, k) })
	case "provinces":
		counts(text("res.by_province"), sp.ByProvince, func(k string) string {
			if k == "" {
				return text("res.unknown").In(lang)
			}
			return h.provinceName(k)
		})
	case "sizes":
		counts(text("res.by_size"), sp.BySize, func(k string) string { return resSize(lang, k) })
	case "kpis-activities":
		quart(text("res.kpi_dist_act"), sp.ActivityKPIs)
	case "kpis-replications":
		quart(text("res.kpi_dist_rep"), sp.RepKPIs)
	}
	return h.writeXLSX(w, r, t)
}

// ---- activities ----

// handleActivitiesXLSX downloads /activities under its filters: every page
// of what the service lists for the actor (officers their scope, an
// enterprise its own proposals, experts and assessors theirs).
func (h *Handler) handleActivitiesXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	lang := h.lang(r)
	t := &xlsxTable{Sheet: text("act.list_title"), File: "nhiem-vu", Cols: []xlsxCol{
		{Label: xt("Mã", "ID"), Kind: xInt, Width: 8}, {Label: text("act.title"), Width: 48}, {Label: text("act.proposer"), Width: 36},
		{Label: text("act.type"), Width: 28}, {Label: text("act.track"), Width: 24}, {Label: text("act.year"), Width: 8},
		{Label: text("act.province"), Width: 20}, {Label: text("act.call"), Width: 16}, {Label: text("act.state_budget"), Kind: xMoney},
		{Label: text("act.counterpart"), Kind: xMoney}, {Label: text("act.status"), Width: 20}, {Label: text("act.created"), Kind: xDate, Width: 14}}}
	in := actQuery(r.URL.Query())
	const batch = 100 // the service's largest page
	in.Limit = batch
	for full := false; !full; in.Offset += batch {
		list, total, err := h.programme.Activities(r.Context(), in)
		if err != nil {
			return err
		}
		for _, x := range list {
			if !t.add(int64(x.ID), x.Title, x.ProposerName, x.Type.Label().In(lang), x.Track.Label().In(lang), strconv.Itoa(x.Year),
				h.provinceName(x.ProvinceCode), x.CallCode, x.StateBudget, x.Counterpart, x.Status.Label().In(lang), x.CreatedAt) {
				full = true
				break
			}
		}
		if len(list) < batch || in.Offset+batch >= total {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}
