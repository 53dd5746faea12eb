package assessment

// A scheme version as an XLSX workbook: one sheet for the scheme's
// properties (field, value), one each for the sections, the items, the
// levels and the scale labels. Each column's header ends with its code in
// parentheses, "Mã phần (section)": the import finds columns by that code,
// so columns may be reordered and the Vietnamese headers reworded. Text
// cells are written as inline strings, never formulas.

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/fault"
)

// The sheets of the workbook.
const (
	sheetScheme   = "Bộ tiêu chí"
	sheetSections = "Phần"
	sheetItems    = "Tiêu chí"
	sheetLevels   = "Mức"
	sheetLabels   = "Thang điểm"
)

type xcol struct {
	code, vi string
	width    float64
}

var (
	colsScheme   = []xcol{{"field", "Trường", 22}, {"value", "Giá trị", 60}, {"about", "Ý nghĩa", 50}}
	colsSections = []xcol{{"section", "Mã phần", 12}, {"name_vi", "Tên tiếng Việt", 40}, {"name_en", "Tên tiếng Anh", 40}, {"weight", "Trọng số", 10}}
	colsItems    = []xcol{{"section", "Mã phần", 10}, {"key", "Mã tiêu chí", 10}, {"text_vi", "Nội dung", 50}, {"text_en", "Nội dung tiếng Anh", 50},
		{"guidance_vi", "Hướng dẫn chấm", 50}, {"guidance_en", "Hướng dẫn tiếng Anh", 50}, {"evidence_vi", "Bằng chứng", 40},
		{"evidence_en", "Bằng chứng tiếng Anh", 40}, {"weight", "Trọng số", 10}, {"allow_na", "Cho phép N/A", 10},
		{"scale_min", "Thang riêng: thấp nhất", 10}, {"scale_max", "Thang riêng: cao nhất", 10}}
	colsLevels = []xcol{{"code", "Mã mức", 12}, {"name_vi", "Tên tiếng Việt", 40}, {"name_en", "Tên tiếng Anh", 40}, {"min_pct", "Ngưỡng %", 10}}
	colsLabels = []xcol{{"item", "Mã tiêu chí (trống: thang chung)", 16}, {"value", "Giá trị", 8}, {"label_vi", "Mô tả", 50}, {"label_en", "Mô tả tiếng Anh", 50}}
)

// The fields of the scheme sheet, in order.
var schemeFields = []struct{ code, about string }{
	{"format", "Định dạng tệp (format)"},
	{"format_version", "Phiên bản định dạng"},
	{"code", "Mã bộ tiêu chí, duy nhất (code)"},
	{"name_vi", "Tên tiếng Việt"},
	{"name_en", "Tên tiếng Anh"},
	{"kind", "Loại: 5s, tools, excellence"},
	{"tools", "Mã công cụ, cách nhau bởi dấu phẩy"},
	{"validity_months", "Thời hạn giấy chứng nhận (tháng; 0 = không hết hạn)"},
	{"version", "Số phiên bản đã xuất"},
	{"status", "Trạng thái phiên bản đã xuất"},
	{"note", "Ghi chú thay đổi"},
	{"published_at", "Ngày ban hành (yyyy-mm-dd)"},
	{"scale_min", "Thang điểm chung: giá trị thấp nhất"},
	{"scale_max", "Thang điểm chung: giá trị cao nhất"},
	{"max_points", "Tổng điểm tối đa (0: chỉ tính %)"},
}

// EncodeXLSX writes f as an XLSX workbook.
func EncodeXLSX(w io.Writer, f *SchemeFile) error {
	x := excelize.NewFile()
	defer x.Close()
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	b := &f.Body
	pub := ""
	if f.Version.PublishedAt != nil {
		pub = f.Version.PublishedAt.Format("2006-01-02")
	}
	vals := map[string]any{"format": f.Format, "format_version": f.FormatVersion, "code": f.Scheme.Code, "name_vi": f.Scheme.Name.Vi,
		"name_en": f.Scheme.Name.En, "kind": string(f.Scheme.Kind), "tools": strings.Join(f.Scheme.Tools, ","),
		"validity_months": f.Scheme.ValidityMonths, "version": f.Version.No, "status": string(f.Version.Status), "note": f.Version.Note,
		"published_at": pub, "scale_min": b.Scale.Min, "scale_max": b.Scale.Max, "max_points": b.MaxPoints}
	var rows [][]any
	for _, fd := range schemeFields {
		rows = append(rows, []any{fd.code, vals[fd.code], fd.about})
	}
	sheets := []struct {
		name string
		cols []xcol
		rows [][]any
	}{{sheetScheme, colsScheme, rows}}

	rows = nil
	for _, s := range b.Sections {
		rows = append(rows, []any{s.Key, s.Name.Vi, s.Name.En, s.Weight})
	}
	sheets = append(sheets, struct {
		name string
		cols []xcol
		rows [][]any
	}{sheetSections, colsSections, rows})

	rows = nil
	var labels [][]any
	for _, l := range b.Scale.Labels {
		labels = append(labels, []any{"", l.Value, l.Label.Vi, l.Label.En})
	}
	for _, s := range b.Sections {
		for _, it := range s.Items {
			na := "không"
			if it.AllowNA {
				na = "có"
			}
			var smin, smax any
			if it.Scale != nil {
				smin, smax = it.Scale.Min, it.Scale.Max
				for _, l := range it.Scale.Labels {
					labels = append(labels, []any{it.Key, l.Value, l.Label.Vi, l.Label.En})
				}
			}
			rows = append(rows, []any{s.Key, it.Key, it.Text.Vi, it.Text.En, it.Guidance.Vi, it.Guidance.En, it.Evidence.Vi, it.Evidence.En,
				it.Weight, na, smin, smax})
		}
	}
	sheets = append(sheets, struct {
		name string
		cols []xcol
		rows [][]any
	}{sheetItems, colsItems, rows})

	rows = nil
	for _, l := range b.Levels {
		rows = append(rows, []any{l.Code, l.Name.Vi, l.Name.En, l.MinPct})
	}
	sheets = append(sheets, struct {
		name string
		cols []xcol
		rows [][]any
	}{sheetLevels, colsLevels, rows}, struct {
		name string
		cols []xcol
		rows [][]any
	}{sheetLabels, colsLabels, labels})

	for i, sh := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(sh.name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(sh.name)
		if err != nil {
			return err
		}
		for c, col := range sh.cols {
			if err := sw.SetColWidth(c+1, c+1, col.width); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hdr := make([]any, len(sh.cols))
		for c, col := range sh.cols {
			hdr[c] = excelize.Cell{StyleID: head, Value: inline(col.vi + " (" + col.code + ")")}
		}
		if err := sw.SetRow("A1", hdr, excelize.RowOpts{StyleID: head}); err != nil {
			return err
		}
		for r, cells := range sh.rows {
			row := make([]any, len(cells))
			for c, v := range cells {
				switch v := v.(type) {
				case string:
					if v != "" {
						row[c] = inline(v)
					}
				default:
					row[c] = v
				}
			}
			if err := sw.SetRow("A"+strconv.Itoa(r+2), row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	x.SetActiveSheet(0)
	return x.Write(w)
}

// inline is a text cell written inline: Excel shows it as typed, so a text
// starting with "=" stays text.
func inline(s string) []excelize.RichTextRun { return []excelize.RichTextRun{{Text: s}} }

// xsheet is a sheet read by its header codes.
type xsheet struct {
	name string
	cols map[string]int
	rows [][]string
	at   []int // the row number of each of rows in the sheet
}

func (s *xsheet) get(row []string, code string) string {
	c, ok := s.cols[code]
	if !ok || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}

// The bounds of reading a sheet: the rows a scheme may have (with the
// header) and the row elements read, blank ones included.
const (
	maxSheetRows     = MaxItems + 1
	maxSheetRowsSeen = 20 * MaxItems
)

// decodeXLSX reads a workbook written by EncodeXLSX (or edited from one),
// adding its problems to e; nil when it is not a workbook. Each sheet is
// streamed row by row (never whole: a cell in the last column, XFD, makes a
// row of 16,384 cells) and stops at its first problem of shape: a cell
// right of the sheet's columns, too many rows.
func decodeXLSX(e *BodyErrors, data []byte) *SchemeFile {
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: 32 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		e.add("file", "Không đọc được tệp XLSX.", "The XLSX file cannot be read.")
		return nil
	}
	defer x.Close()
	errs := e // the problems of the cells, by cell
	read := func(name string, all, need []xcol) *xsheet {
		sh := &xsheet{name: name, cols: map[string]int{}}
		if !readSheet(errs, x, sh, len(all)) {
			return nil
		}
		for _, col := range need {
			if _, ok := sh.cols[col.code]; !ok {
				errs.add("sheet."+name+"."+col.code, fmt.Sprintf("Trang “%s”: thiếu cột (%s).", name, col.code),
					fmt.Sprintf("Sheet “%s”: the column (%s) is missing.", name, col.code))
			}
		}
		return sh
	}
	cell := func(sh *xsheet, r int, code string) string {
		return fmt.Sprintf("%s!%s%d", sh.name, colName(sh.cols[code]), sh.at[r])
	}
	num := func(sh *xsheet, r int, row []string, code string, dst *float64) {
		v := sh.get(row, code)
		if v == "" {
			return
		}
		f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			errs.add(cell(sh, r, code), fmt.Sprintf("Ô %s: cần một số, có “%s”.", cell(sh, r, code), clip(v)),
				fmt.Sprintf("Cell %s: a number is expected, not “%s”.", cell(sh, r, code), clip(v)))
			return
		}
		*dst = f
	}
	whole := func(sh *xsheet, r int, row []string, code string, dst *int) bool {
		var f float64
		v := sh.get(row, code)
		if v == "" {
			return false
		}
		num(sh, r, row, code, &f)
		if f != math.Trunc(f) || math.Abs(f) > 1e6 {
			errs.add(cell(sh, r, code), fmt.Sprintf("Ô %s: cần một số nguyên.", cell(sh, r, code)), fmt.Sprintf("Cell %s: a whole number is expected.", cell(sh, r, code)))
			return false
		}
		*dst = int(f)
		return true
	}

	f := &SchemeFile{}
	if sh := read(sheetScheme, colsScheme, colsScheme[:2]); sh != nil {
		for r, row := range sh.rows {
			field, v := sh.get(row, "field"), sh.get(row, "value")
			switch field {
			case "format":
				f.Format = v
			case "format_version":
				whole(sh, r, row, "value", &f.FormatVersion)
			case "code":
				f.Scheme.Code = v
			case "name_vi":
				f.Scheme.Name.Vi = v
			case "name_en":
				f.Scheme.Name.En = v
			case "kind":
				f.Scheme.Kind = Kind(v)
			case "tools":
				for t := range strings.SplitSeq(v, ",") {
					if t = strings.TrimSpace(t); t != "" {
						f.Scheme.Tools = append(f.Scheme.Tools, t)
					}
				}
			case "validity_months":
				whole(sh, r, row, "value", &f.Scheme.ValidityMonths)
			case "version":
				whole(sh, r, row, "value", &f.Version.No)
			case "status":
				f.Version.Status = VersionStatus(v)
			case "note":
				f.Version.Note = v
			case "published_at":
				if t, err := time.Parse("2006-01-02", v); err == nil {
					f.Version.PublishedAt = &t
				}
			case "scale_min":
				whole(sh, r, row, "value", &f.Body.Scale.Min)
			case "scale_max":
				whole(sh, r, row, "value", &f.Body.Scale.Max)
			case "max_points":
				num(sh, r, row, "value", &f.Body.MaxPoints)
			}
		}
	}
	secIdx := map[string]int{}
	if sh := read(sheetSections, colsSections, colsSections); sh != nil {
		for r, row := range sh.rows {
			s := Section{Key: sh.get(row, "section"), Name: fault.Text{Vi: sh.get(row, "name_vi"), En: sh.get(row, "name_en")}, Items: []Item{}}
			num(sh, r, row, "weight", &s.Weight)
			if _, dup := secIdx[s.Key]; !dup {
				secIdx[s.Key] = len(f.Body.Sections)
			}
			f.Body.Sections = append(f.Body.Sections, s)
		}
	}
	itemAt := map[string]*Item{}
	if sh := read(sheetItems, colsItems, colsItems[:3]); sh != nil {
		type placed struct {
			si int
			it Item
		}
		var items []placed
		for r, row := range sh.rows {
			it := Item{Key: sh.get(row, "key"), Text: fault.Text{Vi: sh.get(row, "text_vi"), En: sh.get(row, "text_en")},
				Guidance: fault.Text{Vi: sh.get(row, "guidance_vi"), En: sh.get(row, "guidance_en")},
				Evidence: fault.Text{Vi: sh.get(row, "evidence_vi"), En: sh.get(row, "evidence_en")}}
			num(sh, r, row, "weight", &it.Weight)
			switch strings.ToLower(sh.get(row, "allow_na")) {
			case "", "không", "khong", "no", "false", "0":
			case "có", "co", "yes", "true", "1", "x":
				it.AllowNA = true
			default:
				errs.add(cell(sh, r, "allow_na"), fmt.Sprintf("Ô %s: ghi “có” hoặc “không”.", cell(sh, r, "allow_na")),
					fmt.Sprintf("Cell %s: write “có” (yes) or “không” (no).", cell(sh, r, "allow_na")))
			}
			var sc Scale
			hasMin, hasMax := whole(sh, r, row, "scale_min", &sc.Min), whole(sh, r, row, "scale_max", &sc.Max)
			if hasMin || hasMax {
				it.Scale = &sc
			}
			sk := sh.get(row, "section")
			si, ok := secIdx[sk]
			if !ok {
				errs.add(cell(sh, r, "section"), fmt.Sprintf("Ô %s: không có phần mã “%s” trong trang “%s”.", cell(sh, r, "section"), clip(sk), sheetSections),
					fmt.Sprintf("Cell %s: there is no section “%s” on the sheet “%s”.", cell(sh, r, "section"), clip(sk), sheetSections))
				continue
			}
			items = append(items, placed{si, it})
		}
		for _, p := range items {
			f.Body.Sections[p.si].Items = append(f.Body.Sections[p.si].Items, p.it)
		}
		for si := range f.Body.Sections {
			for ii := range f.Body.Sections[si].Items {
				it := &f.Body.Sections[si].Items[ii]
				if _, dup := itemAt[it.Key]; !dup {
					itemAt[it.Key] = it
				}
			}
		}
	}
	if sh := read(sheetLevels, colsLevels, colsLevels); sh != nil {
		for r, row := range sh.rows {
			l := Level{Code: sh.get(row, "code"), Name: fault.Text{Vi: sh.get(row, "name_vi"), En: sh.get(row, "name_en")}}
			num(sh, r, row, "min_pct", &l.MinPct)
			f.Body.Levels = append(f.Body.Levels, l)
		}
	}
	if sh := read(sheetLabels, colsLabels, colsLabels); sh != nil {
		for r, row := range sh.rows {
			var l ScaleLabel
			if !whole(sh, r, row, "value", &l.Value) {
				if sh.get(row, "value") == "" {
					errs.add(cell(sh, r, "value"), fmt.Sprintf("Ô %s: thiếu giá trị.", cell(sh, r, "value")), fmt.Sprintf("Cell %s: the value is missing.", cell(sh, r, "value")))
				}
				continue
			}
			l.Label = fault.Text{Vi: sh.get(row, "label_vi"), En: sh.get(row, "label_en")}
			key := sh.get(row, "item")
			if key == "" {
				f.Body.Scale.Labels = append(f.Body.Scale.Labels, l)
				continue
			}
			it, ok := itemAt[key]
			if !ok || it.Scale == nil {
				errs.add(cell(sh, r, "item"), fmt.Sprintf("Ô %s: tiêu chí “%s” không có thang điểm riêng.", cell(sh, r, "item"), clip(key)),
					fmt.Sprintf("Cell %s: item “%s” has no scale of its own.", cell(sh, r, "item"), clip(key)))
				continue
			}
			it.Scale.Labels = append(it.Scale.Labels, l)
		}
	}
	return f
}

// readSheet streams sheet sh.name of x into sh: the header's column codes
// and the rows that are not blank, with their numbers. A sheet has width
// columns (in any order); a cell right of them, or more
// rows than a scheme may have, is a problem that stops the reading (such a
// sheet is not one that was exported, and reading on would cost memory for
// nothing). Rows are numbered as the sheet's row elements come (an
// exported sheet has no gaps). It reports whether the sheet exists.
func readSheet(e *BodyErrors, x *excelize.File, sh *xsheet, width int) bool {
	name := sh.name
	rows, err := x.Rows(name)
	if err != nil {
		e.add("sheet."+name, "Thiếu trang tính “"+name+"”.", "The sheet “"+name+"” is missing.")
		return false
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		seen++
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			e.add("sheet."+name, fmt.Sprintf("Trang “%s”: không đọc được dòng %d.", name, seen),
				fmt.Sprintf("Sheet “%s”: row %d cannot be read.", name, seen))
			return true
		}
		last := len(row)
		for last > 0 && strings.TrimSpace(row[last-1]) == "" {
			last--
		}
		if last > width {
			at := colName(last-1) + strconv.Itoa(seen)
			e.add("sheet."+name, fmt.Sprintf("Trang “%s”: ô %s nằm ngoài các cột của mẫu (tối đa đến cột %s); xóa các cột thừa rồi nhập lại.", name, at, colName(width-1)),
				fmt.Sprintf("Sheet “%s”: cell %s is beyond the template's columns (up to column %s); delete the extra columns and import again.", name, at, colName(width-1)))
			return true
		}
		row = row[:last]
		if seen == 1 && len(sh.cols) == 0 && sh.rows == nil {
			for c, h := range row {
				h = strings.TrimSpace(h)
				if i := strings.LastIndexByte(h, '('); i >= 0 && strings.HasSuffix(h, ")") {
					sh.cols[strings.TrimSpace(h[i+1:len(h)-1])] = c
				}
			}
			continue
		}
		if seen > maxSheetRowsSeen {
			e.add("sheet."+name, fmt.Sprintf("Trang “%s”: quá nhiều dòng.", name), fmt.Sprintf("Sheet “%s”: too many rows.", name))
			return true
		}
		if last == 0 {
			continue
		}
		if len(sh.rows) == maxSheetRows {
			e.add("sheet."+name, fmt.Sprintf("Trang “%s”: quá nhiều dòng (tối đa %d).", name, maxSheetRows), fmt.Sprintf("Sheet “%s”: too many rows (at most %d).", name, maxSheetRows))
			return true
		}
		sh.rows = append(sh.rows, row)
		sh.at = append(sh.at, seen)
	}
	return true
}

// colName is the letters of a 0-based column.
func colName(c int) string {
	n, err := excelize.ColumnNumberToName(c + 1)
	if err != nil {
		return "?"
	}
	return n
}

// clip shortens a cell's text for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
