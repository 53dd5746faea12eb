package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/fault"
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
	xPct                   // a percentage as a number, 0.0
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
	for k, code := range map[xlsxKind]*string{xInt: &thousands, xMoney: &thousands, xPct: &pct, xDate: &day} {
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
		// A civil date: midnight of that day, whatever zone it came in.
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
