package enterprisefile

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"nscl/internal/fault"
)

// WriteReportJSON writes the script report of r (see Report).
func WriteReportJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.Report())
}

// Summary says what an import did, in Vietnamese and English.
func (r *Result) Summary() fault.Text {
	n := func(v int) string { return strconv.Itoa(v) }
	if r.DryRun {
		return fault.Text{
			Vi: "Chạy thử (không ghi): sẽ thêm mới " + n(r.Imported) + ", cập nhật " + n(r.Updated) + ", từ chối " + n(len(r.Rejected)) + " dòng.",
			En: "Dry run (nothing written): would import " + n(r.Imported) + ", update " + n(r.Updated) + ", reject " + n(len(r.Rejected)) + " rows.",
		}
	}
	return fault.Text{
		Vi: "Đã thêm mới " + n(r.Imported) + ", cập nhật " + n(r.Updated) + ", từ chối " + n(len(r.Rejected)) + " dòng.",
		En: "Imported " + n(r.Imported) + ", updated " + n(r.Updated) + ", rejected " + n(len(r.Rejected)) + " rows.",
	}
}

// ReportFileName is the name of the XLSX report of an import of file.
func ReportFileName(file string) string {
	base := file
	for i := len(base) - 1; i >= 0; i-- {
		if base[i] == '.' {
			base = base[:i]
			break
		}
	}
	if base == "" {
		base = "nhap-doanh-nghiep"
	}
	return base + "-bao-cao.xlsx"
}

// WriteReportXLSX writes the report of an import: a sheet of the rejected
// rows — line, code, reasons in Vietnamese and English, then the row's
// original values under the file's own headers, so that the rows can be
// corrected and imported again — and a summary sheet.
func WriteReportXLSX(w io.Writer, r *Result, file string) error {
	x := excelize.NewFile()
	defer x.Close()
	const rejSheet, sumSheet = "Dòng bị từ chối", "Tóm tắt"
	if err := x.SetSheetName("Sheet1", rejSheet); err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	if _, err := x.NewSheet(sumSheet); err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FDE9E7"}}})
	if err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	textStyle, err := x.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	// The mapped columns of the file, in its order.
	type col struct{ key, header string }
	var cols []col
	for _, c := range r.Mapping.Columns {
		if c.Field != "" {
			h := c.Header
			if h == "" {
				h = FieldLabel(c.Field).Vi
			}
			cols = append(cols, col{c.Field, h})
		}
	}
	sw, err := x.NewStreamWriter(rejSheet)
	if err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	_ = sw.SetColWidth(1, 2, 12)
	_ = sw.SetColWidth(3, 4, 48)
	if len(cols) > 0 {
		_ = sw.SetColWidth(5, 4+len(cols), 20)
	}
	head := []any{excelize.Cell{StyleID: bold, Value: "Dòng / Line"}, excelize.Cell{StyleID: bold, Value: "Mã lỗi / Code"},
		excelize.Cell{StyleID: bold, Value: "Lý do"}, excelize.Cell{StyleID: bold, Value: "Reason"}}
	for _, c := range cols {
		head = append(head, excelize.Cell{StyleID: bold, Value: c.header})
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	for i, rej := range r.Rejected {
		row := []any{rej.Line, string(rej.Reason), rej.Message.Vi, rej.Message.En}
		for _, c := range cols {
			row = append(row, excelize.Cell{StyleID: textStyle, Value: Neutralize(rej.Values[c.key])})
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, row); err != nil {
			return fault.Internalf("enterprisefile: report: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fault.Internalf("enterprisefile: report: %w", err)
	}
	sum := r.Summary()
	rows := [][]any{
		{"Tệp / File", file},
		{"Thêm mới / Imported", r.Imported},
		{"Cập nhật / Updated", r.Updated},
		{"Từ chối / Rejected", len(r.Rejected)},
		{"Năm số liệu / Year of figures", r.Year},
		{"Dòng bỏ qua (tiêu đề, tổng cộng…) / Rows skipped (titles, totals…)", r.Skipped},
		{"Kết quả", sum.Vi},
		{"Result", sum.En},
	}
	if r.DryRun {
		rows = append(rows, []any{"Chạy thử / Dry run", "Không ghi dữ liệu / nothing written"})
	}
	if r.ResumedAfter > 0 {
		rows = append(rows, []any{"Tiếp tục sau dòng / Resumed after line", r.ResumedAfter})
	}
	_ = x.SetColWidth(sumSheet, "A", "A", 52)
	_ = x.SetColWidth(sumSheet, "B", "B", 60)
	for i, row := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sumSheet, ref, &row); err != nil {
			return fault.Internalf("enterprisefile: report: %w", err)
		}
	}
	if _, err := x.WriteTo(w); err != nil {
		return err
	}
	return nil
}

// ReportXLSX returns WriteReportXLSX's bytes.
func ReportXLSX(r *Result, file string) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteReportXLSX(&b, r, file); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
