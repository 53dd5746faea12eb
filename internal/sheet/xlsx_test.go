package sheet_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"nscl/internal/sheet"
)

// buildRegistryXLSX writes a workbook as a department of industry and
// trade would send it: an instructions sheet first, then the list with
// title rows, a two-row header with merged cells and wrapped text, a row of
// column numbers, group headings, a total and a signature block.
func buildRegistryXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Hướng dẫn"))
	must(f.SetSheetRow("Hướng dẫn", "A1", &[]any{"Hướng dẫn điền biểu mẫu"}))
	must(f.SetSheetRow("Hướng dẫn", "A2", &[]any{"Cột Mã số thuế: ghi đủ 10 hoặc 13 chữ số"}))
	const s = "DS doanh nghiệp"
	_, err := f.NewSheet(s)
	must(err)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	vnDate := "[$-42A]dd/mm/yyyy"
	vnDateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &vnDate})
	must(err)
	taxFmt := "0000000000"
	taxStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &taxFmt})
	must(err)
	moneyFmt := `#,##0.0 "tr.đ"`
	moneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	must(err)
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true}})
	must(err)
	rows := map[int][]any{
		1:  {"BỘ CÔNG THƯƠNG"},
		2:  {"DANH SÁCH DOANH NGHIỆP ĐĂNG KÝ THAM GIA CHƯƠNG TRÌNH NĂNG SUẤT"},
		3:  {"(Tính đến ngày 05/3/2024)"},
		5:  {"STT", "Tên doanh nghiệp", "Mã số\nthuế", "Ngày thành lập", "Doanh thu\n(triệu đồng)", nil, "Lao động\n(người)", "Ghi chú"},
		6:  {nil, nil, nil, nil, 2023, 2024},
		7:  {1, 2, 3, 4, 5, 6, 7, 8},
		8:  {"I", "KHU VỰC MIỀN BẮC"},
		9:  {1, "Công ty Cổ phần Hoà Phát", 100233488, 43529, 12345.5, 15000, 1250},
		10: {2, "Công ty TNHH Ánh Dương", "0314409058-002", "05/03/2019", 1234, 2345, 85, "Chi nhánh"},
		11: {"II", "KHU VỰC MIỀN NAM"},
		12: {3, "Công ty CP Thuỷ sản Khánh Hoà", 4200123456, 40000, 0.5, 1, 7},
		13: {"Tổng cộng", nil, nil, nil, 13580, 17346, 1342},
		15: {nil, nil, nil, nil, nil, "Hà Nội, ngày 05 tháng 3 năm 2024"},
		16: {nil, "Người lập biểu", nil, nil, nil, "Thủ trưởng đơn vị"},
		17: {nil, "(Ký, họ tên)", nil, nil, nil, "(Ký, họ tên, đóng dấu)"},
		18: {nil, "Nguyễn Văn A", nil, nil, nil, "Trần Thị B"},
	}
	for r, vals := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		must(f.SetSheetRow(s, cell, &vals))
	}
	for _, m := range [][2]string{{"A2", "H2"}, {"A5", "A6"}, {"B5", "B6"}, {"C5", "C6"}, {"D5", "D6"}, {"E5", "F5"}, {"G5", "G6"}, {"H5", "H6"}, {"B8", "H8"}, {"B11", "H11"}, {"A13", "D13"}} {
		must(f.MergeCell(s, m[0], m[1]))
	}
	must(f.SetCellStyle(s, "A5", "H6", wrap))
	must(f.SetCellStyle(s, "C9", "C12", taxStyle))
	must(f.SetCellStyle(s, "D9", "D9", dateStyle))
	must(f.SetCellStyle(s, "D12", "D12", vnDateStyle))
	must(f.SetCellStyle(s, "E9", "F13", moneyStyle))
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

func TestOpen_XLSXRegistry(t *testing.T) {
	t.Parallel()
	b := buildRegistryXLSX(t)
	for name, open := range map[string]func() (*sheet.Reader, error){
		"ReaderAt": func() (*sheet.Reader, error) {
			return sheet.Open(bytes.NewReader(b), int64(len(b)), "ds.xlsx", sheet.Options{Fields: registryFields})
		},
		"Stream": func() (*sheet.Reader, error) {
			return sheet.Open(io.MultiReader(bytes.NewReader(b)), -1, "ds.xlsx", sheet.Options{Fields: registryFields})
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rd, err := open()
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			m := rd.Header()
			if m.Sheet != "DS doanh nghiệp" || m.HeaderRow != 6 || m.Rows != 2 {
				t.Fatalf("Sheet=%q HeaderRow=%d Rows=%d, want the list, 6, 2", m.Sheet, m.HeaderRow, m.Rows)
			}
			want := map[string]string{"name": "B", "tax_code": "C", "founded": "D", "revenue_2023": "E", "revenue_2024": "F", "employees": "G"}
			if diff := cmp.Diff(want, mapped(m)); diff != "" {
				t.Fatalf("mapping (-want +got):\n%s", diff)
			}
			if c, _ := m.Column("revenue_2023"); c.Header != "Doanh thu (triệu đồng) 2023" {
				t.Fatalf("combined header=%q", c.Header)
			}
			rows := MustReadAll(t, rd)
			if diff := cmp.Diff([][]string{
				{"Công ty Cổ phần Hòa Phát", "100233488"},
				{"Công ty TNHH Ánh Dương", "0314409058002"},
				{"Công ty CP Thủy sản Khánh Hòa", "4200123456"},
			}, digitRows(rows)); diff != "" {
				t.Fatalf("rows (-want +got):\n%s", diff)
			}
			if got, want := []int{rows[0].Line, rows[1].Line, rows[2].Line}, []int{9, 10, 12}; !cmp.Equal(got, want) {
				t.Fatalf("Lines=%v, want %v", got, want)
			}
			tax := rows[0].Values["tax_code"]
			if tax.Kind != sheet.Number || tax.Raw != "100233488" {
				t.Fatalf("numeric tax code: %+v", tax)
			}
			wantDates := []time.Time{
				time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC),
				time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC),
				time.Date(2009, 7, 6, 0, 0, 0, 0, time.UTC),
			}
			for i, r := range rows {
				d, err := r.Values["founded"].Date()
				if err != nil || !d.Equal(wantDates[i]) {
					t.Fatalf("row %d founded=%v, %v (cell %+v)", i, d, err, r.Values["founded"])
				}
			}
			if k := rows[0].Values["founded"].Kind; k != sheet.Date {
				t.Fatalf("Kind=%v, want Date", k)
			}
			if k := rows[2].Values["founded"].Kind; k != sheet.Date {
				t.Fatalf("custom [$-42A]dd/mm/yyyy: Kind=%v, want Date", k)
			}
			if c := rows[0].Values["revenue_2023"]; c.Kind != sheet.Number || c.Raw != "12345.5" {
				t.Fatalf(`#,##0.0 "tr.đ" cell: %+v, want Number 12345.5`, c)
			}
			if n, err := rows[0].Values["employees"].Int(); err != nil || n != 1250 {
				t.Fatalf("employees=%d, %v", n, err)
			}
			skips, _ := rd.Skipped()
			var reasons []sheet.SkipReason
			for _, s := range skips {
				reasons = append(reasons, s.Reason)
			}
			if diff := cmp.Diff([]sheet.SkipReason{sheet.SkipNumbering, sheet.SkipGroup, sheet.SkipGroup, sheet.SkipTotal, sheet.SkipFooter}, reasons); diff != "" {
				t.Fatalf("skips (-want +got):\n%s\n%+v", diff, skips)
			}
		})
	}
}

func digitRows(rows []sheet.Row) [][]string {
	var out [][]string
	for _, r := range rows {
		out = append(out, []string{r.Values["name"].Text(), r.Values["tax_code"].Digits()})
	}
	return out
}

func TestOpen_XLSXNamedSheet(t *testing.T) {
	t.Parallel()
	b := buildRegistryXLSX(t)
	_, err := sheet.Open(bytes.NewReader(b), int64(len(b)), "", sheet.Options{Fields: registryFields, Sheet: "Hướng dẫn"})
	if got, want := codeOf(err), sheet.CodeNoHeader; got != want {
		t.Fatalf("instructions sheet: code=%q, want %q", got, want)
	}
	_, err = sheet.Open(bytes.NewReader(b), int64(len(b)), "", sheet.Options{Fields: registryFields, Sheet: "Trang 3"})
	if got, want := codeOf(err), sheet.CodeSheetNotFound; got != want || !strings.Contains(err.Error(), `"DS doanh nghiệp"`) {
		t.Fatalf("code=%q, want %q (%v)", got, want, err)
	}
	rd, err := sheet.Open(bytes.NewReader(b), int64(len(b)), "", sheet.Options{Fields: registryFields, Sheet: "ds doanh nghiep"})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if got := len(MustReadAll(t, rd)); got != 3 {
		t.Fatalf("rows=%d, want 3", got)
	}
}

// TestOpen_XLSXEnglish: header in row 1 with line breaks, a 1904 workbook,
// inline-free shared strings, booleans and formula errors in extra columns.
func TestOpen_XLSXEnglish(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	ds, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Tax\ncode", "Company\nname", "Founded", "Employees", "Active?", "Check"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"0100233488", "Hoa Phat Group", 42067, 1250, true})
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"0314409058", "Anh Duong Co.", 42068, 85, false})
	_ = f.SetCellFormula("Sheet1", "F2", "1/0")
	_ = f.SetCellStyle("Sheet1", "C2", "C3", ds)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	rd := MustOpenBytes(t, buf.Bytes(), sheet.Options{Fields: registryFields})
	if m := rd.Header(); m.HeaderRow != 1 || len(m.Unmapped()) != 2 {
		t.Fatalf("HeaderRow=%d Unmapped=%v", m.HeaderRow, m.Unmapped())
	}
	rows := MustReadAll(t, rd)
	if d, err := rows[0].Values["founded"].Date(); err != nil || !d.Equal(time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("1904 date=%v, %v", d, err)
	}
	if got := rows[1].Values["tax_code"].Raw; got != "0314409058" {
		t.Fatalf("text tax code=%q", got)
	}
}

func TestOpen_XLSXUnsafe(t *testing.T) {
	t.Parallel()
	t.Run("ZipBomb", func(t *testing.T) {
		t.Parallel()
		// 200 MiB of zeros in one worksheet part: ~200 KB packed, ratio ~1000.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, p := range []struct{ name, body string }{
			{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
			{"xl/workbook.xml", `<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		} {
			w, _ := zw.Create(p.name)
			_, _ = io.WriteString(w, p.body)
		}
		w, err := zw.Create("xl/worksheets/sheet1.xml")
		if err != nil {
			t.Fatal(err)
		}
		zeros := make([]byte, 1<<20)
		for range 200 {
			if _, err := w.Write(zeros); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if buf.Len() > 1<<20 {
			t.Fatalf("bomb is %d bytes", buf.Len())
		}
		_, err = sheet.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "bomb.xlsx", sheet.Options{Fields: registryFields})
		if got, want := codeOf(err), sheet.CodeUnsafeArchive; got != want {
			t.Fatalf("code=%q, want %q (%v)", got, want, err)
		}
	})
	t.Run("TotalSize", func(t *testing.T) {
		t.Parallel()
		b := buildRegistryXLSX(t)
		_, err := sheet.Open(bytes.NewReader(b), int64(len(b)), "", sheet.Options{Fields: registryFields, MaxUnzipBytes: 4 << 10})
		if got, want := codeOf(err), sheet.CodeUnsafeArchive; got != want {
			t.Fatalf("code=%q, want %q (%v)", got, want, err)
		}
	})
}
