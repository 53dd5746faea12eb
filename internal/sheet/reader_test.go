package sheet_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/fault"
	"nscl/internal/sheet"
)

// registryFields is what an enterprise importer would declare.
var registryFields = []sheet.Field{
	{Key: "tax_code", Aliases: []string{"Mã số thuế", "MST", "Mã số doanh nghiệp", "Tax code", "Tax ID"}, Required: true},
	{Key: "name", Aliases: []string{"Tên doanh nghiệp", "Tên đơn vị", "Tên công ty", "Company name", "Enterprise name"}, Required: true},
	{Key: "province", Aliases: []string{"Tỉnh/Thành phố", "Tỉnh, thành phố", "Province"}},
	{Key: "address", Aliases: []string{"Địa chỉ", "Địa chỉ trụ sở", "Address"}},
	{Key: "founded", Aliases: []string{"Ngày thành lập", "Ngày cấp phép", "Founded", "Date of establishment"}},
	{Key: "employees", Aliases: []string{"Số lao động", "Lao động", "Employees"}},
	{Key: "revenue_2023", Aliases: []string{"Doanh thu 2023", "Revenue 2023"}},
	{Key: "revenue_2024", Aliases: []string{"Doanh thu 2024", "Revenue 2024"}},
	{Key: "phone", Aliases: []string{"Điện thoại", "Số điện thoại", "Phone"}},
	{Key: "email", Aliases: []string{"Email", "Thư điện tử"}},
}

// MustOpenFile opens a testdata file through its io.ReaderAt.
func MustOpenFile(t *testing.T, name string, o sheet.Options) *sheet.Reader {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := sheet.Open(f, st.Size(), name, o)
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { rd.Close() })
	return rd
}

// MustOpenBytes opens b as a plain io.Reader of unknown size (no ReaderAt).
func MustOpenBytes(t *testing.T, b []byte, o sheet.Options) *sheet.Reader {
	t.Helper()
	rd, err := sheet.Open(io.MultiReader(bytes.NewReader(b)), -1, "upload", o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { rd.Close() })
	return rd
}

// MustReadAll reads every row, failing on errors.
func MustReadAll(t *testing.T, rd *sheet.Reader) []sheet.Row {
	t.Helper()
	var rows []sheet.Row
	for {
		r, err := rd.Next()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		rows = append(rows, r)
	}
}

// texts returns the cleaned texts of the given fields of each row.
func texts(rows []sheet.Row, keys ...string) [][]string {
	var out [][]string
	for _, r := range rows {
		var row []string
		for _, k := range keys {
			row = append(row, r.Values[k].Text())
		}
		out = append(out, row)
	}
	return out
}

func mapped(m sheet.Mapping) map[string]string {
	out := map[string]string{}
	for _, c := range m.Columns {
		if c.Field != "" {
			out[c.Field] = c.Letter
		}
	}
	return out
}

func codeOf(err error) sheet.Code {
	var e *sheet.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestOpen_CSVVietnameseBOM(t *testing.T) {
	t.Parallel()
	rd := MustOpenFile(t, "vn_utf8_bom.csv", sheet.Options{Fields: registryFields})
	m := rd.Header()
	if got, want := m.HeaderRow, 7; got != want {
		t.Fatalf("HeaderRow=%d, want %d", got, want)
	}
	want := map[string]string{"name": "B", "tax_code": "C", "province": "D", "address": "E", "founded": "F", "employees": "G", "revenue_2024": "H", "phone": "I"}
	if diff := cmp.Diff(want, mapped(m)); diff != "" {
		t.Fatalf("mapping (-want +got):\n%s", diff)
	}
	var unmapped []string
	for _, c := range m.Unmapped() {
		unmapped = append(unmapped, c.Header)
	}
	if diff := cmp.Diff([]string{"STT", "Ghi chú"}, unmapped); diff != "" {
		t.Fatalf("Unmapped (-want +got):\n%s", diff)
	}
	if c, _ := m.Column("name"); c.Header != "Tên doanh nghiệp" {
		t.Fatalf("wrapped header=%q", c.Header)
	}
	rows := MustReadAll(t, rd)
	if diff := cmp.Diff([][]string{
		{"0100233488", "Công ty Cổ phần Hòa Phát", "Số 66 Nguyễn Du, phường Cửa Nam"},
		{"0314409058-002", `Công ty TNHH "Ánh Dương"`, "Lô A, KCN Tân Bình, quận Tân Phú"},
		{"4200123456", "Công ty CP Thủy sản Khánh Hòa", "Nha Trang"},
	}, texts(rows, "tax_code", "name", "address")); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}
	if got, want := []int{rows[0].Line, rows[1].Line, rows[2].Line}, []int{11, 12, 15}; !cmp.Equal(got, want) {
		t.Fatalf("Lines=%v, want %v", got, want)
	}
	// Values parse by the package's rules.
	if n, err := rows[0].Values["employees"].Int(); err != nil || n != 1250 {
		t.Fatalf("employees=%d, %v", n, err)
	}
	if f, err := rows[0].Values["revenue_2024"].Number(); err != nil || f != 12345.5 {
		t.Fatalf("revenue=%v, %v", f, err)
	}
	for i, r := range rows[:2] {
		if d, err := r.Values["founded"].Date(); err != nil || !d.Equal(time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("row %d founded=%v, %v", i, d, err)
		}
	}
	if _, err := rows[2].Values["employees"].Int(); !errors.Is(err, sheet.ErrMissing) {
		t.Fatalf("employees '-': %v, want ErrMissing", err)
	}
	if _, err := rows[2].Values["revenue_2024"].Number(); !errors.Is(err, sheet.ErrInvalidNumber) {
		t.Fatalf("revenue 'không có': %v, want ErrInvalidNumber", err)
	}
	if p, err := sheet.ParsePhone(rows[1].Values["phone"].Raw); err != nil || p != "0912345678" {
		t.Fatalf("phone=%q, %v", p, err)
	}
	skips, n := rd.Skipped()
	var reasons []sheet.SkipReason
	for _, s := range skips {
		reasons = append(reasons, s.Reason)
	}
	if diff := cmp.Diff([]sheet.SkipReason{sheet.SkipNumbering, sheet.SkipGroup, sheet.SkipGroup, sheet.SkipTotal, sheet.SkipFooter}, reasons); diff != "" || n != 5 {
		t.Fatalf("skips %d (-want +got):\n%s\n%+v", n, diff, skips)
	}
}

func TestOpen_CSVSemicolonNoDiacritics(t *testing.T) {
	t.Parallel()
	rd := MustOpenFile(t, "vn_nodiacritics_semicolon.csv", sheet.Options{Fields: registryFields})
	if diff := cmp.Diff(map[string]string{"tax_code": "B", "name": "C", "revenue_2024": "D", "employees": "E"}, mapped(rd.Header())); diff != "" {
		t.Fatalf("mapping (-want +got):\n%s", diff)
	}
	rows := MustReadAll(t, rd)
	var got []float64
	for _, r := range rows {
		f, err := r.Values["revenue_2024"].Number()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f)
	}
	if diff := cmp.Diff([]float64{1234567.89, 12.5, 1234567}, got); diff != "" {
		t.Fatalf("revenue (-want +got):\n%s", diff)
	}
}

func TestOpen_CSVEnglishTab(t *testing.T) {
	t.Parallel()
	rd := MustOpenFile(t, "en_tab.tsv", sheet.Options{Fields: registryFields})
	if diff := cmp.Diff(map[string]string{"tax_code": "A", "name": "B", "province": "C", "employees": "D", "revenue_2024": "E"}, mapped(rd.Header())); diff != "" {
		t.Fatalf("mapping (-want +got):\n%s", diff)
	}
	rows := MustReadAll(t, rd)
	if diff := cmp.Diff([][]string{{"Hoa Phat Group JSC", "1,250"}, {"Anh Duong Co., Ltd Tan Binh", "85"}}, texts(rows, "name", "employees")); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}
}

func TestOpen_CSVWindows1258(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/win1258.csv")
	if err != nil {
		t.Fatal(err)
	}
	// win1258.csv is win1258.utf8.csv saved by Vietnamese Windows: hats
	// precomposed, tones as combining marks.
	source := MustReadAll(t, MustOpenFile(t, "win1258.utf8.csv", sheet.Options{Fields: registryFields}))
	for name, rd := range map[string]*sheet.Reader{
		"ReaderAt": MustOpenFile(t, "win1258.csv", sheet.Options{Fields: registryFields}),
		"Stream":   MustOpenBytes(t, raw, sheet.Options{Fields: registryFields}),
	} {
		t.Run(name, func(t *testing.T) {
			rows := MustReadAll(t, rd)
			if diff := cmp.Diff([][]string{
				{"Công ty Cổ phần Hòa Phát", "Hà Nội"},
				{"Công ty CP Thủy sản Khánh Hòa", "Khánh Hòa"},
			}, texts(rows, "name", "province")); diff != "" {
				t.Fatalf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(texts(source, "tax_code", "name", "province"), texts(rows, "tax_code", "name", "province")); diff != "" {
				t.Fatalf("differs from the UTF-8 source (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOpen_CSVUTF16(t *testing.T) {
	t.Parallel()
	text := "Mã số thuế\tTên doanh nghiệp\r\n0100233488\tCông ty Hòa Phát\r\n"
	b := []byte{0xFF, 0xFE}
	for _, r := range text {
		b = append(b, byte(r), byte(r>>8))
	}
	rows := MustReadAll(t, MustOpenBytes(t, b, sheet.Options{Fields: registryFields}))
	if diff := cmp.Diff([][]string{{"0100233488", "Công ty Hòa Phát"}}, texts(rows, "tax_code", "name")); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}
}

func TestOpen_ErrNoHeader(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/no_header.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = sheet.Open(f, -1, "ds.csv", sheet.Options{Fields: registryFields})
	if got, want := codeOf(err), sheet.CodeNoHeader; got != want {
		t.Fatalf("code=%q, want %q (%v)", got, want, err)
	}
	msg := fault.MessageOf(err)
	for _, s := range []string{"ds.csv", `"Mã số thuế (*)"`, `"Tên doanh nghiệp (*)"`, `"Tỉnh/Thành phố"`} {
		if !strings.Contains(msg.Vi, s) || !strings.Contains(msg.En, s) {
			t.Fatalf("message %q / %q lacks %s", msg.Vi, msg.En, s)
		}
	}
	if got, want := fault.KindOf(err), fault.Invalid; got != want {
		t.Fatalf("KindOf=%v, want %v", got, want)
	}
}

func TestOpen_ErrNotSpreadsheet(t *testing.T) {
	t.Parallel()
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i/3)
	}
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(n)
		_, _ = w.Write([]byte("<x/>"))
	}
	_ = zw.Close()
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"PDF", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")},
		{"PNG", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), random[:100]...)},
		{"XLS", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), random[:500]...)},
		{"Random", random},
		{"HTMLTable", []byte("<html><body><table><tr><td>Mã số thuế</td></tr></table></body></html>")},
		{"DOCX", docx.Bytes()},
		{"BadZip", []byte("PK\x03\x04garbage")},
		{"Empty", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, size := range []int64{int64(len(tc.b)), -1} {
				_, err := sheet.Open(bytes.NewReader(tc.b), size, "x", sheet.Options{Fields: registryFields})
				if got, want := codeOf(err), sheet.CodeNotSpreadsheet; got != want {
					t.Fatalf("size %d: code=%q, want %q (%v)", size, got, want, err)
				}
				if msg := fault.MessageOf(err); !strings.Contains(msg.Vi, "Tệp không phải CSV hoặc XLSX") || !strings.Contains(msg.En, "The file is not CSV or XLSX") {
					t.Fatalf("message=%+v", msg)
				}
			}
		})
	}
}

// endless yields CSV rows forever, with no size known in advance.
type endless struct {
	n       int
	pending []byte
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.pending) == 0 {
			if e.n == 0 {
				e.pending = []byte("Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố\n")
			} else {
				e.pending = []byte("0100233488,Công ty Cổ phần Hòa Phát,Hà Nội\n")
			}
			e.n++
		}
		c := copy(p[n:], e.pending)
		e.pending = e.pending[c:]
		n += c
	}
	return n, nil
}

func TestOpen_ErrTooLarge(t *testing.T) {
	t.Parallel()
	t.Run("DeclaredSize", func(t *testing.T) {
		t.Parallel()
		// A 200 MB upload is refused from its size, before any byte is read.
		_, err := sheet.Open(failingReader{}, 200<<20, "big.xlsx", sheet.Options{Fields: registryFields})
		if got, want := codeOf(err), sheet.CodeTooLarge; got != want {
			t.Fatalf("code=%q, want %q (%v)", got, want, err)
		}
	})
	t.Run("StreamCSV", func(t *testing.T) {
		t.Parallel()
		rd, err := sheet.Open(&endless{}, -1, "big.csv", sheet.Options{Fields: registryFields, MaxBytes: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for ; ; n++ {
			_, err = rd.Next()
			if err != nil {
				break
			}
		}
		if got, want := codeOf(err), sheet.CodeTooLarge; got != want {
			t.Fatalf("code=%q, want %q (%v)", got, want, err)
		}
		if n < 10000 || n > 30000 {
			t.Fatalf("read %d rows before the limit", n)
		}
	})
	t.Run("StreamXLSX", func(t *testing.T) {
		t.Parallel()
		b := buildRegistryXLSX(t)
		_, err := sheet.Open(io.MultiReader(bytes.NewReader(b)), -1, "x.xlsx", sheet.Options{Fields: registryFields, MaxBytes: int64(len(b) / 2)})
		if got, want := codeOf(err), sheet.CodeTooLarge; got != want {
			t.Fatalf("code=%q, want %q (%v)", got, want, err)
		}
	})
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("must not be read") }

func TestNext_ErrTooManyRows(t *testing.T) {
	t.Parallel()
	rd, err := sheet.Open(&endless{}, -1, "big.csv", sheet.Options{Fields: registryFields, MaxRows: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for ; ; n++ {
		if _, err = rd.Next(); err != nil {
			break
		}
	}
	if got, want := codeOf(err), sheet.CodeTooManyRows; got != want || n != 99 {
		t.Fatalf("code=%q after %d rows, want %q after 99 (%v)", got, n, want, err)
	}
}

// TestNext_NotSkipped: rows that look a little like headings or totals
// but are enterprises.
func TestNext_NotSkipped(t *testing.T) {
	t.Parallel()
	csv := "Mã số thuế,Tên doanh nghiệp,Địa chỉ\n" +
		"0100100079,Tổng công ty Thép Việt Nam,Hà Nội\n" +
		"0100233488,A Chau Co.,\n" +
		",Total Việt Nam,TP. Hồ Chí Minh\n" +
		",Công ty Cộng Đồng,\n" +
		"0100112437,,\n"
	rd := MustOpenBytes(t, []byte(csv), sheet.Options{Fields: registryFields})
	rows := MustReadAll(t, rd)
	if diff := cmp.Diff([][]string{{"Tổng công ty Thép Việt Nam"}, {"A Chau Co."}, {"Total Việt Nam"}, {"Công ty Cộng Đồng"}, {""}}, texts(rows, "name")); diff != "" {
		skips, _ := rd.Skipped()
		t.Fatalf("rows (-want +got):\n%s\nskipped %+v", diff, skips)
	}
}

func TestNext_LongCell(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Rất dài ", 1300) // ~10 KB
	csv := "Mã số thuế,Tên doanh nghiệp\n0100233488,\"" + long + "\"\n0314409058,Ngắn\n"
	rows := MustReadAll(t, MustOpenBytes(t, []byte(csv), sheet.Options{Fields: registryFields}))
	if got, want := len(rows), 2; got != want {
		t.Fatalf("rows=%d, want %d", got, want)
	}
	if c := rows[0].Values["name"]; !c.Long || c.Raw != long {
		t.Fatalf("long cell: Long=%v len=%d", c.Long, len(c.Raw))
	}
	if rows[1].Values["name"].Long {
		t.Fatal("short cell marked Long")
	}
}

func TestSetMapping(t *testing.T) {
	t.Parallel()
	csv := "Số ĐKKD,Đơn vị,Ghi chú\n0100233488,Công ty A,x\n"
	fields := []sheet.Field{
		{Key: "tax_code", Aliases: []string{"Mã số thuế"}, Required: true},
		{Key: "name", Aliases: []string{"Tên doanh nghiệp", "Đơn vị"}, Required: true},
	}
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		_, err := sheet.Open(strings.NewReader(csv), -1, "", sheet.Options{Fields: fields})
		if codeOf(err) != sheet.CodeNoHeader {
			t.Fatalf("want no header with one match of two, got %v", err)
		}
		fields1 := []sheet.Field{fields[0], fields[1], {Key: "note", Aliases: []string{"Ghi chú"}}}
		rd, err := sheet.Open(strings.NewReader(csv), -1, "", sheet.Options{Fields: fields1})
		if err != nil {
			t.Fatal(err)
		}
		m := rd.Header()
		if diff := cmp.Diff([]string{"tax_code"}, m.Missing); diff != "" {
			t.Fatalf("Missing (-want +got):\n%s", diff)
		}
		if _, err := rd.Next(); codeOf(err) != sheet.CodeMissingColumns {
			t.Fatalf("Next before the fix: %v", err)
		}
		rd, _ = sheet.Open(strings.NewReader(csv), -1, "", sheet.Options{Fields: fields1})
		m = rd.Header()
		m.Columns[0].Field = "tax_code"
		if err := rd.SetMapping(m); err != nil {
			t.Fatal(err)
		}
		if len(rd.Header().Missing) != 0 {
			t.Fatalf("Missing=%v", rd.Header().Missing)
		}
		rows := MustReadAll(t, rd)
		if diff := cmp.Diff([][]string{{"0100233488", "Công ty A"}}, texts(rows, "tax_code", "name")); diff != "" {
			t.Fatalf("rows (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrBadMapping", func(t *testing.T) {
		t.Parallel()
		rd, err := sheet.Open(strings.NewReader(csv), -1, "", sheet.Options{Fields: []sheet.Field{fields[0], fields[1], {Key: "note", Aliases: []string{"Ghi chú"}}}})
		if err != nil {
			t.Fatal(err)
		}
		for name, m := range map[string]sheet.Mapping{
			"UnknownField": {HeaderRow: 1, Columns: []sheet.Column{{Index: 0, Field: "nope"}}},
			"TwoColumns":   {HeaderRow: 1, Columns: []sheet.Column{{Index: 0, Field: "name"}, {Index: 1, Field: "name"}}},
			"HeaderRow":    {HeaderRow: 99, Columns: []sheet.Column{{Index: 0, Field: "name"}}},
		} {
			if err := rd.SetMapping(m); codeOf(err) != sheet.CodeBadMapping {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}

func TestPreview(t *testing.T) {
	t.Parallel()
	rd := MustOpenFile(t, "vn_utf8_bom.csv", sheet.Options{Fields: registryFields})
	p := rd.Preview(3)
	if got, want := len(p), 3; got != want {
		t.Fatalf("len=%d, want %d", got, want)
	}
	if got, want := p[0][0], "BỘ CÔNG THƯƠNG"; got != want {
		t.Fatalf("Preview[0][0]=%q, want %q", got, want)
	}
	if diff := cmp.Diff([]int{1, 2, 4}, rd.PreviewLines(3)); diff != "" {
		t.Fatalf("PreviewLines (-want +got):\n%s", diff)
	}
}

// FuzzOpen: no panic on any bytes, and every row read has a positive line.
func FuzzOpen(f *testing.F) {
	f.Add(buildRegistryXLSX(f))
	for _, name := range []string{"vn_utf8_bom.csv", "vn_nodiacritics_semicolon.csv", "en_tab.tsv", "win1258.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rd, err := sheet.Open(bytes.NewReader(b), int64(len(b)), "f", sheet.Options{Fields: registryFields, MaxRows: 1000})
		if err != nil {
			if codeOf(err) == "" {
				t.Fatalf("error %v is not *sheet.Error", err)
			}
			return
		}
		defer rd.Close()
		for {
			r, err := rd.Next()
			if err != nil {
				return
			}
			if r.Line < 1 {
				t.Fatalf("Line=%d", r.Line)
			}
		}
	})
}
