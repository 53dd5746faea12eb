package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/fault"
)

// TestXLSXBook reads a written table back: the header in the reader's
// language, bold, frozen; text that looks like a formula stays text (no
// formula cell, its value as typed); numbers and money are numbers with a
// thousands format; dates are real dates shown dd/mm/yyyy; nil is empty.
func TestXLSXBook(t *testing.T) {
	pct := 12.5
	tb := &xlsxTable{Sheet: fault.Text{Vi: "Nhiệm vụ", En: "Activities"}, File: "nhiem-vu", Cols: []xlsxCol{
		{Label: fault.Text{Vi: "Tên", En: "Title"}}, {Label: fault.Text{Vi: "Số", En: "Count"}, Kind: xInt},
		{Label: fault.Text{Vi: "Kinh phí", En: "Budget"}, Kind: xMoney}, {Label: fault.Text{Vi: "Cải thiện", En: "Improvement"}, Kind: xDec},
		{Label: fault.Text{Vi: "Ngày", En: "Date"}, Kind: xDate}}}
	tb.add("=HYPERLINK(\"http://x\",\"bấm\")", 1234, int64(1_500_000_000), &pct, time.Date(2026, 3, 9, 17, 30, 0, 0, time.UTC))
	tb.add("+SUM(A1:A2)", 0, int64(0), (*float64)(nil), "2025-12-31")
	for _, lang := range []string{"vi", "en"} {
		x, err := xlsxBook(tb, lang)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := streamXLSX(&buf, x); err != nil {
			t.Fatal(err)
		}
		x.Close()
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		if want := tb.Sheet.In(lang); sheet != want {
			t.Errorf("%s: sheet %q, want %q", lang, sheet, want)
		}
		get := func(cell string) string {
			v, err := f.GetCellValue(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if h := get("A1"); h != map[string]string{"vi": "Tên", "en": "Title"}[lang] {
			t.Errorf("%s: header %q", lang, h)
		}
		sid, _ := f.GetCellStyle(sheet, "B1")
		st, err := f.GetStyle(sid)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header not bold: %+v %v", lang, st, err)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v %v", lang, panes, err)
		}
		for _, c := range []string{"A2", "A3"} {
			if fm, _ := f.GetCellFormula(sheet, c); fm != "" {
				t.Errorf("%s: %s became a formula %q", lang, c, fm)
			}
			if ty, _ := f.GetCellType(sheet, c); ty != excelize.CellTypeInlineString {
				t.Errorf("%s: %s type %v, want an inline string", lang, c, ty)
			}
		}
		if v := get("A2"); v != `=HYPERLINK("http://x","bấm")` {
			t.Errorf("%s: A2 = %q", lang, v)
		}
		raw := func(cell string) string {
			v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		for cell, want := range map[string]string{"B2": "1234", "C2": "1500000000", "D2": "12.5", "B3": "0"} {
			if ty, _ := f.GetCellType(sheet, cell); ty != excelize.CellTypeNumber && ty != excelize.CellTypeUnset {
				t.Errorf("%s: %s type %v, want a number", lang, cell, ty)
			}
			if v := raw(cell); v != want {
				t.Errorf("%s: %s raw %q, want %q", lang, cell, v, want)
			}
		}
		if v := get("C2"); v != "1,500,000,000" {
			t.Errorf("%s: money shown %q, want #,##0", lang, v)
		}
		if v := get("B2"); v != "1,234" {
			t.Errorf("%s: count shown %q, want #,##0", lang, v)
		}
		// 17:30 UTC on 9 March is 10 March in Vietnam, as the pages show it.
		if v := get("E2"); v != "10/03/2026" {
			t.Errorf("%s: date shown %q", lang, v)
		}
		if v := raw("E2"); v != "46091" {
			t.Errorf("%s: date serial %q, want a real date", lang, v)
		}
		if v := get("E3"); v != "31/12/2025" {
			t.Errorf("%s: ISO date shown %q", lang, v)
		}
		if v := get("D3"); v != "" {
			t.Errorf("%s: a nil improvement shows %q", lang, v)
		}
		f.Close()
	}
}

// TestXLSXCap ends a table cut at xlsxMaxRows with a row saying so.
func TestXLSXCap(t *testing.T) {
	tb := &xlsxTable{Sheet: fault.Text{Vi: "A", En: "A"}, Cols: []xlsxCol{{Label: fault.Text{Vi: "Số", En: "N"}, Kind: xInt}}}
	n := 0
	for tb.add(n) {
		n++
	}
	if n != xlsxMaxRows || !tb.Cut {
		t.Fatalf("added %d rows, cut %v", n, tb.Cut)
	}
	x, err := xlsxBook(tb, "en")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("A")
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; len(last) != 1 || !strings.Contains(last[0], "first 20.000 rows") {
		t.Errorf("last row %q", last)
	}
}

// TestXLSXHref keeps the page's filters and drops its page number.
func TestXLSXHref(t *testing.T) {
	q := url.Values{"status": {"submitted"}, "page": {"3"}, "q": {"5S & Kaizen"}}
	if got, want := xlsxHref("/activities.xlsx", q), "/activities.xlsx?q=5S+%26+Kaizen&status=submitted"; got != want {
		t.Errorf("href %q, want %q", got, want)
	}
	if got := xlsxHref("/calls.xlsx", url.Values{"page": {"2"}}); got != "/calls.xlsx" {
		t.Errorf("href %q", got)
	}
}
