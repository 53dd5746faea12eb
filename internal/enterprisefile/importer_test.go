package enterprisefile_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// now is the tests' clock: figures default to 2025.
var now = time.Date(2026, 3, 5, 3, 0, 0, 0, time.UTC)

func newService(t testing.TB, db *sqldb.DB, batch int) *enterprisefile.Service {
	t.Helper()
	return enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: geo.MustLoad(),
		Clock: func() time.Time { return now }, BatchSize: batch, TempDir: t.TempDir()})
}

func system() context.Context {
	ctx := auth.SystemContext(context.Background())
	return audit.WithMeta(ctx, audit.Meta{ActorEmail: "test"})
}

// validCodes returns n valid tax codes starting from sequence first.
func validCodes(first, n int) []string {
	var out []string
	for seq := first; len(out) < n; seq++ {
		p := fmt.Sprintf("01%07d", seq)
		if d, ok := registry.TaxCheckDigit(p); ok {
			out = append(out, p+string(d))
		}
	}
	return out
}

func mustImport(t *testing.T, s *enterprisefile.Service, ctx context.Context, data []byte, o enterprisefile.ImportOptions) *enterprisefile.Result {
	t.Helper()
	res, err := s.Import(ctx, bytes.NewReader(data), int64(len(data)), o)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

func reportOf(t *testing.T, res *enterprisefile.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := enterprisefile.WriteReportJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestImport_BadInput(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 3)
	c := validCodes(1, 8)
	bad := c[1][:9] + string('0'+(c[1][9]-'0'+1)%10) // wrong check digit
	long := strings.Repeat("Công ty rất dài ", 700)  // > 10 KB
	csv := "Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố,Email,Ngày thành lập,Mã ngành,Số lao động,Doanh thu,Tổng nguồn vốn\n" +
		c[0] + ",Công ty A,Hà Nội,a@a.vn,05/03/2019,2220,10,1.000.000,\n" + // 2 ok
		bad + ",Công ty B,Hà Nội,,,,,,\n" + // 3
		"012345678,Công ty C,Hà Nội,,,,,,\n" + // 4
		c[2] + ",Công ty D,Xứ Sở Thần Tiên,,,,,,\n" + // 5
		c[3] + ",Công ty E,Hà Nội,,,,-5,,\n" + // 6
		c[4] + ",Công ty F,Hà Nội,,,,5,nhiều lắm,\n" + // 7
		c[5] + ",Công ty G,Hà Nội,khong-phai-email,,,,,\n" + // 8
		c[6] + ",,Hà Nội,,,,,,\n" + // 9
		c[7] + ",\"" + long + "\",Hà Nội,,,,,,\n" + // 10
		c[0] + ",Công ty A lần hai,Hà Nội,,,,,,\n" + // 11
		validCodes(100, 1)[0] + ",Công ty H,Hà Nội,,31/02/2019,,,,\n" + // 12
		validCodes(200, 1)[0] + ",Công ty I,Hà Nội,,,0400,,,\n" + // 13
		validCodes(300, 1)[0] + ",Công ty J,Hà Nội,,,,5,,không rõ\n" + // 14
		validCodes(400, 1)[0] + ",Công ty K,Hà Nội,,,,5,-100,\n" // 15
	res := mustImport(t, s, system(), []byte(csv), enterprisefile.ImportOptions{FileName: "bad.csv"})
	got := map[int]registry.Code{}
	for _, r := range res.Rejected {
		got[r.Line] = r.Reason
		if r.Message.Vi == "" || r.Message.En == "" {
			t.Errorf("line %d: message %+v, want both languages", r.Line, r.Message)
		}
	}
	want := map[int]registry.Code{
		3: registry.CodeTaxCodeChecksum, 4: registry.CodeTaxCodeLength, 5: registry.CodeProvinceUnknown,
		6: registry.CodeEmployeesNegative, 7: registry.CodeRevenueNotANumber, 8: registry.CodeEmailInvalid,
		9: registry.CodeNameEmpty, 10: registry.CodeNameTooLong, 11: registry.CodeDuplicateTaxCode,
		12: registry.CodeDateInvalid, 13: registry.CodeVSICUnknown, 14: registry.CodeCapitalNotANumber,
		15: registry.CodeRevenueNotANumber,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejected lines (-want +got):\n%s", diff)
	}
	if res.Imported != 1 || res.Updated != 0 {
		t.Errorf("imported %d updated %d, want 1 0", res.Imported, res.Updated)
	}
	// The report is exactly the script contract.
	var rep map[string]json.RawMessage
	if err := json.Unmarshal([]byte(reportOf(t, res)), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep) != 3 || rep["imported"] == nil || rep["updated"] == nil || rep["rejected"] == nil {
		t.Errorf("report keys %v", rep)
	}
	var items []map[string]any
	if err := json.Unmarshal(rep["rejected"], &items); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if len(it) != 3 || it["line"] == nil || it["reason"] == nil || it["message"] == nil {
			t.Errorf("rejected item %v: want exactly line, reason, message", it)
		}
	}
	// Nothing of a rejected row is written.
	n, err := db.Registry().CountEnterprises(context.Background())
	if err != nil || n != 1 {
		t.Errorf("CountEnterprises = %d, %v; want 1", n, err)
	}
	e, err := db.Registry().FindEnterpriseByTaxCode(context.Background(), c[0])
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "Công ty A" || e.FoundedOn != "2019-03-05" || e.ProvinceCode != "01" || e.LatestYear != 2025 || e.Employees != 10 {
		t.Errorf("imported %+v", e)
	}
}

func TestImport_NotASpreadsheet(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	for name, data := range map[string][]byte{
		"pdf":   []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n"),
		"png":   {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 0, 1},
		"xls":   {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0},
		"empty": {},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.Import(system(), bytes.NewReader(data), int64(len(data)), enterprisefile.ImportOptions{FileName: name})
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("err = %v, want Invalid", err)
			}
			if m := fault.MessageOf(err); m.Vi == "" || m.En == "" {
				t.Errorf("message %+v", m)
			}
		})
	}
	if n, _ := db.Registry().CountEnterprises(context.Background()); n != 0 {
		t.Errorf("%d enterprises written", n)
	}
}

// zipBomb is an XLSX-shaped zip whose sheet unpacks to 2 GiB of zeros.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
		"xl/workbook.xml":     `<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 2048 {
		w.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImport_ZipBomb(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	data := zipBomb(t)
	if len(data) > 5<<20 {
		t.Fatalf("bomb is %d bytes", len(data))
	}
	start := time.Now()
	_, err := s.Import(system(), bytes.NewReader(data), int64(len(data)), enterprisefile.ImportOptions{FileName: "bom.xlsx"})
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("err = %v, want Invalid", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("refusing the bomb took %s", time.Since(start))
	}
	_, _, err = s.Upload(system(), "bom.xlsx", int64(len(data)), bytes.NewReader(data))
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("Upload err = %v, want Invalid", err)
	}
}

// failingReader fails the test if anything reads it.
type failingReader struct{ t *testing.T }

func (r failingReader) Read([]byte) (int, error) {
	r.t.Error("the body was read")
	return 0, errors.New("read")
}

func TestUpload_TooLargeRefusedBeforeReading(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	_, _, err := s.Upload(system(), "lon.csv", 200<<20, failingReader{t})
	if !fault.Is(err, fault.Invalid) || !strings.Contains(fault.MessageOf(err).En, "too large") {
		t.Fatalf("err = %v, want Invalid too large", err)
	}
	// Size unknown: refused once the limit is passed, without reading it all.
	small := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: geo.MustLoad(), MaxBytes: 1 << 20, TempDir: t.TempDir()})
	r := &countingReader{}
	_, _, err = small.Upload(system(), "lon.csv", -1, r)
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("err = %v, want Invalid", err)
	}
	if r.n > 2<<20 {
		t.Errorf("read %d bytes of an endless body", r.n)
	}
}

// countingReader is an endless CSV body.
type countingReader struct{ n int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	r.n += int64(len(p))
	return len(p), nil
}

func TestImport_MessyCSV(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	for _, tc := range []struct {
		file     string
		imported int
		rejected map[int]registry.Code
	}{
		// Titles, a wrapped header, a numbering row, group headings, a
		// total and a signature block; the last firm's tax code fails its
		// check digit.
		{"vn_utf8_bom.csv", 2, map[int]registry.Code{15: registry.CodeTaxCodeChecksum}},
		// Windows-1258 (Excel's "CSV" on Vietnamese Windows); Hòa Phát is
		// updated.
		{"win1258.csv", 1, map[int]registry.Code{3: registry.CodeTaxCodeChecksum}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res := mustImport(t, s, system(), data, enterprisefile.ImportOptions{FileName: tc.file, Year: 2024})
			got := map[int]registry.Code{}
			for _, r := range res.Rejected {
				got[r.Line] = r.Reason
			}
			if diff := cmp.Diff(tc.rejected, got); diff != "" {
				t.Errorf("rejected (-want +got):\n%s", diff)
			}
			if res.Imported+res.Updated != tc.imported {
				t.Errorf("imported %d + updated %d, want %d", res.Imported, res.Updated, tc.imported)
			}
		})
	}
	ctx := context.Background()
	e, err := db.Registry().FindEnterpriseByTaxCode(ctx, "0100233488")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "Công ty Cổ phần Hòa Phát" || e.ProvinceCode != "01" {
		t.Errorf("Hòa Phát = %q in %s", e.Name, e.ProvinceCode)
	}
	figs, err := db.Registry().FindFigures(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// "12.345,5" in a "Doanh thu 2024 (triệu đồng)" column.
	if len(figs) != 1 || figs[0].Year != 2024 || figs[0].Revenue == nil || *figs[0].Revenue != 12_345_500_000 ||
		figs[0].Employees == nil || *figs[0].Employees != 1250 {
		t.Errorf("figures %+v", figs)
	}
	b, err := db.Registry().FindEnterpriseByTaxCode(ctx, "0314409058-002")
	if err != nil {
		t.Fatal(err)
	}
	if b.ProvinceCode != "79" || b.Address != "Lô A, KCN Tân Bình, quận Tân Phú" || b.FoundedOn != "2019-03-05" {
		t.Errorf("branch %+v", b)
	}
}

// buildMessyXLSX is a province's workbook: an instructions sheet, then the
// list with title rows, a two-row merged header, a numbering row, group
// headings, tax codes typed as numbers (leading zero lost), Excel dates,
// amounts in millions, a total and a signature block.
func buildMessyXLSX(t *testing.T) []byte {
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
	must(f.SetSheetRow("Hướng dẫn", "A1", &[]any{"Ghi đủ 10 chữ số mã số thuế"}))
	const s = "Danh sách"
	_, err := f.NewSheet(s)
	must(err)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	rows := map[int][]any{
		1:  {"SỞ CÔNG THƯƠNG TỈNH KHÁNH HÒA"},
		2:  {"DANH SÁCH DOANH NGHIỆP THAM GIA CHƯƠNG TRÌNH NĂNG SUẤT CHẤT LƯỢNG"},
		4:  {"STT", "Tên doanh nghiệp", "Mã số\nthuế", "Địa chỉ", "Ngày thành lập", "Doanh thu 2024\n(triệu đồng)", "Lao động\n(người)", "Email", "Ghi chú"},
		5:  {1, 2, 3, 4, 5, 6, 7, 8, 9},
		6:  {"I", "KHU VỰC THÀNH PHỐ"},
		7:  {1, "Công ty Cổ phần Hoà Phát", 100233488, "Nha Trang", 43529, 12345.5, 1250, "info@hoaphat.vn"},
		8:  {2, "Công ty TNHH Ánh Dương", "0314409058-002", "Cam Ranh", "05/03/2019", 1234, 85, "sai-email"},
		9:  {"II", "KHU VỰC NÔNG THÔN"},
		10: {3, "Công ty CP Thuỷ sản Khánh Hoà", 4200123456, "Ninh Hòa", 40000, 0.5, 7, nil, "Số liệu ước"},
		11: {"Tổng cộng", nil, nil, nil, nil, 13580, 1342},
		13: {nil, nil, nil, nil, "Khánh Hòa, ngày 05 tháng 3 năm 2025"},
		14: {nil, "Người lập biểu", nil, nil, "Giám đốc"},
	}
	for r, vals := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		must(f.SetSheetRow(s, cell, &vals))
	}
	must(f.MergeCell(s, "A2", "I2"))
	must(f.SetCellStyle(s, "E7", "E10", dateStyle))
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

func TestImport_MessyXLSX(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	data := buildMessyXLSX(t)
	// No province column: a provincial officer of Khánh Hòa (56) imports
	// into their province.
	ctx := auth.WithActor(context.Background(), &auth.Actor{UserID: 7, Email: "so@khanhhoa.gov.vn", Role: auth.RoleProvince, ProvinceCode: "56"})
	res := mustImport(t, s, ctx, data, enterprisefile.ImportOptions{FileName: "khanh-hoa.xlsx"})
	if res.Mapping.Sheet != "Danh sách" || res.Year != 2024 {
		t.Errorf("sheet %q year %d", res.Mapping.Sheet, res.Year)
	}
	got := map[int]registry.Code{}
	for _, r := range res.Rejected {
		got[r.Line] = r.Reason
	}
	want := map[int]registry.Code{8: registry.CodeEmailInvalid, 10: registry.CodeTaxCodeChecksum}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejected (-want +got):\n%s", diff)
	}
	if res.Imported != 1 {
		t.Errorf("imported %d, want 1", res.Imported)
	}
	e, err := db.Registry().FindEnterpriseByTaxCode(context.Background(), "0100233488")
	if err != nil {
		t.Fatal(err)
	}
	if e.ProvinceCode != "56" || e.FoundedOn != "2019-03-05" || e.Name != "Công ty Cổ phần Hòa Phát" {
		t.Errorf("%+v", e)
	}
	figs, _ := db.Registry().FindFigures(context.Background(), e.ID)
	if len(figs) != 1 || *figs[0].Revenue != 12_345_500_000 || *figs[0].Employees != 1250 {
		t.Errorf("figures %+v", figs)
	}
	// The report keeps the original values under the file's headers.
	var b bytes.Buffer
	if err := enterprisefile.WriteReportXLSX(&b, res, "khanh-hoa.xlsx"); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Dòng bị từ chối")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "8" || rows[1][1] != "EMAIL_INVALID" || !strings.Contains(strings.Join(rows[1], "|"), "sai-email") ||
		!strings.Contains(strings.Join(rows[0], "|"), "Mã số thuế") {
		t.Errorf("report rows %q", rows)
	}
}

func TestImport_ProvinceScope(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	c := validCodes(10, 3)
	mustImport(t, s, system(), []byte("Mã số thuế,Tên doanh nghiệp,Tỉnh\n"+c[2]+",Công ty Ở Huế,Huế\n"), enterprisefile.ImportOptions{})
	hn := auth.WithActor(context.Background(), &auth.Actor{UserID: 9, Email: "so@hanoi.gov.vn", Role: auth.RoleProvince, ProvinceCode: "01"})
	csv := "Mã số thuế,Tên doanh nghiệp,Tỉnh\n" + c[0] + ",Công ty Hà Nội,Hà Nội\n" + c[1] + ",Công ty Đà Nẵng,Đà Nẵng\n" + c[2] + ",Công ty Huế đổi tên,Hà Nội\n"
	res := mustImport(t, s, hn, []byte(csv), enterprisefile.ImportOptions{})
	got := map[int]registry.Code{}
	for _, r := range res.Rejected {
		got[r.Line] = r.Reason
	}
	want := map[int]registry.Code{3: registry.CodeProvinceOutOfScope, 4: registry.CodeProvinceOutOfScope}
	if diff := cmp.Diff(want, got); diff != "" || res.Imported != 1 {
		t.Errorf("imported %d; rejected (-want +got):\n%s", res.Imported, diff)
	}
	for _, a := range []*auth.Actor{{UserID: 3, Role: auth.RoleEnterprise, EnterpriseID: 1}, {UserID: 4, Role: auth.RoleExpert}} {
		_, err := s.Import(auth.WithActor(context.Background(), a), strings.NewReader(csv), int64(len(csv)), enterprisefile.ImportOptions{})
		if !fault.Is(err, fault.Forbidden) {
			t.Errorf("%s: err = %v, want Forbidden", a.Role, err)
		}
	}
	if _, err := s.Import(context.Background(), strings.NewReader(csv), int64(len(csv)), enterprisefile.ImportOptions{}); !fault.Is(err, fault.Unauthenticated) {
		t.Errorf("anonymous: err = %v", err)
	}
}

func TestImport_UpdateKeepsHistory(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newService(t, db, 0)
		ctx := context.Background()
		c := validCodes(20, 2)
		first := "Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố,Mã ngành VSIC,Năm,Số lao động,Doanh thu,Tổng nguồn vốn\n" +
			c[0] + ",Công ty Nhựa Bình Minh,TP. Hồ Chí Minh,2220,2024,120,60.000.000.000,30.000.000.000\n" +
			c[1] + ",Công ty Dệt Phong Phú,Đà Nẵng,1311,2024,8,2.000.000.000,\n"
		res := mustImport(t, s, system(), []byte(first), enterprisefile.ImportOptions{})
		if res.Imported != 2 {
			t.Fatalf("imported %d", res.Imported)
		}
		e, err := db.Registry().FindEnterpriseByTaxCode(ctx, c[0])
		if err != nil {
			t.Fatal(err)
		}
		if e.SizeClass != registry.SizeMedium || e.LatestYear != 2024 || e.Industry == "" {
			t.Errorf("after insert: size %q year %d industry %q", e.SizeClass, e.LatestYear, e.Industry)
		}
		// Same file again: nothing changes, no history.
		res = mustImport(t, s, system(), []byte(first), enterprisefile.ImportOptions{})
		if res.Updated != 2 || res.Imported != 0 {
			t.Fatalf("re-import: imported %d updated %d", res.Imported, res.Updated)
		}
		if _, n, _ := db.Registry().FindHistory(ctx, e.ID, 0, 10); n != 0 {
			t.Errorf("history after an unchanged re-import: %d entries", n)
		}
		// A new name and the 2025 employees; empty cells keep the stored values.
		second := "Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố,Năm,Số lao động,Email\n" +
			c[0] + ",Công ty CP Nhựa Bình Minh,TP. Hồ Chí Minh,2025,9,lienhe@binhminh.vn\n"
		res = mustImport(t, s, system(), []byte(second), enterprisefile.ImportOptions{})
		if res.Updated != 1 {
			t.Fatalf("updated %d", res.Updated)
		}
		e, err = db.Registry().FindEnterpriseByTaxCode(ctx, c[0])
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != "Công ty CP Nhựa Bình Minh" || e.VSIC != "2220" || e.Contact.Email != "lienhe@binhminh.vn" || e.LatestYear != 2025 || e.Employees != 9 {
			t.Errorf("after update %+v", e)
		}
		hs, n, err := db.Registry().FindHistory(ctx, e.ID, 0, 10)
		if err != nil || n != 2 {
			t.Fatalf("history: %d entries, %v", n, err)
		}
		actions := map[string]bool{}
		for _, h := range hs {
			actions[h.Action] = true
			if h.Before == "" || h.ActorEmail != "test" {
				if h.Action == "enterprise.update" {
					t.Errorf("history %+v", h)
				}
			}
		}
		if !actions["enterprise.update"] || !actions["enterprise.figures.put"] {
			t.Errorf("history actions %v", actions)
		}
		// Search finds the new name.
		es, _, err := db.Registry().FindEnterprises(ctx, registry.Filter{Query: "cp nhua binh", Limit: 5})
		if err != nil || len(es) != 1 {
			t.Errorf("search after update: %d, %v", len(es), err)
		}
	})
}

func TestImport_DryRunWritesNothing(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 2)
	c := validCodes(30, 5)
	var b strings.Builder
	b.WriteString("Mã số thuế,Tên doanh nghiệp,Tỉnh\n")
	for i, code := range c {
		fmt.Fprintf(&b, "%s,Công ty %d,Cần Thơ\n", code, i)
	}
	b.WriteString("123,Sai,Cần Thơ\n")
	res := mustImport(t, s, system(), []byte(b.String()), enterprisefile.ImportOptions{DryRun: true})
	if res.Imported != 5 || len(res.Rejected) != 1 || !res.DryRun {
		t.Errorf("dry run: %+v", res)
	}
	if n, _ := db.Registry().CountEnterprises(context.Background()); n != 0 {
		t.Errorf("dry run wrote %d enterprises", n)
	}
}

func TestImportUpload_ResumesAfterCrash(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newService(t, db, 3)
		c := validCodes(40, 10)
		var b strings.Builder
		b.WriteString("Mã số thuế,Tên doanh nghiệp,Tỉnh\n")
		for i, code := range c {
			if i == 4 {
				b.WriteString("999,Mã sai,Huế\n")
			}
			fmt.Fprintf(&b, "%s,Công ty Số %d,Huế\n", code, i)
		}
		data := []byte(b.String())
		owner := auth.WithActor(context.Background(), &auth.Actor{UserID: 5, Email: "bo@moit.gov.vn", Role: auth.RoleMinistry})
		u, pv, err := s.Upload(owner, "hue.csv", int64(len(data)), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if col, ok := pv.Mapping.Column(enterprisefile.FieldTaxCode); !ok || col.Index != 0 {
			t.Errorf("preview mapping %+v", pv.Mapping)
		}
		// Kill the import after its second batch.
		ctx, cancel := context.WithCancel(owner)
		batches := 0
		_, err = s.ImportUpload(ctx, u.ID, enterprisefile.ImportOptions{Progress: func(p enterprisefile.Progress) {
			if batches++; batches == 2 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted import: err = %v", err)
		}
		n, _ := db.Registry().CountEnterprises(context.Background())
		if n != 5 { // lines 2–7: five firms and the bad row
			t.Fatalf("after the crash %d enterprises, want 5 (two whole batches)", n)
		}
		// Another user cannot touch the upload.
		other := auth.WithActor(context.Background(), &auth.Actor{UserID: 6, Role: auth.RoleMinistry})
		if _, err := s.ImportUpload(other, u.ID, enterprisefile.ImportOptions{}); !fault.Is(err, fault.NotFound) {
			t.Errorf("other user: err = %v", err)
		}
		res, err := s.ImportUpload(owner, u.ID, enterprisefile.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.ResumedAfter != 7 || res.Imported != 10 || len(res.Rejected) != 1 || res.Rejected[0].Line != 6 {
			t.Errorf("resumed: after %d, imported %d, rejected %+v", res.ResumedAfter, res.Imported, res.Rejected)
		}
		if n, _ := db.Registry().CountEnterprises(context.Background()); n != 10 {
			t.Errorf("%d enterprises, want 10", n)
		}
		if err := s.DiscardUpload(owner, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindUpload(owner, u.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("discarded upload: %v", err)
		}
	})
}

func TestImport_YearColumnUnderATitle(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	c := validCodes(80, 2)
	csv := "DANH SÁCH DOANH NGHIỆP NĂM 2025;;;;\n;;;;\nMST;Tên doanh nghiệp;Tỉnh;Năm;Số lao động\n" +
		c[0] + ";Công ty Một;Huế;2023;15\n" + c[1] + ";Công ty Hai;Huế;;40\n"
	res := mustImport(t, s, system(), []byte(csv), enterprisefile.ImportOptions{})
	if res.Imported != 2 || len(res.Rejected) != 0 || res.Mapping.HeaderRow != 3 {
		t.Fatalf("%+v", res.Report())
	}
	if col, ok := res.Mapping.Column(enterprisefile.FieldYear); !ok || col.Index != 3 {
		t.Errorf("year column %+v", res.Mapping.Columns)
	}
	for code, year := range map[string]int{c[0]: 2023, c[1]: 2025} {
		e, err := db.Registry().FindEnterpriseByTaxCode(context.Background(), code)
		if err != nil || e.LatestYear != year {
			t.Errorf("%s: latest year %d, want %d (%v)", code, e.LatestYear, year, err)
		}
	}
}

// A large import into an empty registry is a bulk load: the indexes are
// dropped at its start, kept dropped across its paused steps, and built at
// its end, after which search finds the rows as after an ordinary import.
func TestImportUpload_BulkLoadIntoEmptyRegistry(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: geo.MustLoad(),
			Clock: func() time.Time { return now }, BatchSize: 3, TempDir: t.TempDir(), BulkFrom: 1})
		var b strings.Builder
		b.WriteString("Mã số thuế,Tên doanh nghiệp,Tỉnh\n")
		for i, code := range validCodes(70, 10) {
			fmt.Fprintf(&b, "%s,Công ty Nhựa Số %d,Huế\n", code, i)
		}
		data := []byte(b.String())
		owner := auth.WithActor(context.Background(), &auth.Actor{UserID: 5, Email: "bo@moit.gov.vn", Role: auth.RoleMinistry})
		u, _, err := s.Upload(owner, "hue.csv", int64(len(data)), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		// The first step pauses after one batch (its time is up).
		if _, err := s.ImportUpload(owner, u.ID, enterprisefile.ImportOptions{Until: now}); !errors.Is(err, enterprisefile.ErrPaused) {
			t.Fatalf("first step: err = %v, want paused", err)
		}
		if bulk, err := db.Registry().BulkLoading(ctx); err != nil || !bulk {
			t.Fatalf("between the steps: bulk loading = %v, %v; want true", bulk, err)
		}
		res, err := s.ImportUpload(owner, u.ID, enterprisefile.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 10 {
			t.Errorf("imported %d, want 10", res.Imported)
		}
		if bulk, err := db.Registry().BulkLoading(ctx); err != nil || bulk {
			t.Errorf("after the import: bulk loading = %v, %v; want false", bulk, err)
		}
		page, err := db.Registry().SearchEnterprises(ctx, registry.Filter{Query: "nhua so 7", ProvinceCode: "46", Limit: 5, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || len(page.Enterprises) != 1 || page.Enterprises[0].Name != "Công ty Nhựa Số 7" {
			t.Errorf("search after the bulk import: total %d, %+v", page.Total, page.Enterprises)
		}
		// A second large import into the now filled registry is ordinary.
		var b2 strings.Builder
		b2.WriteString("Mã số thuế,Tên doanh nghiệp,Tỉnh\n")
		for i, code := range validCodes(500, 2) {
			fmt.Fprintf(&b2, "%s,Công ty Thép Số %d,Huế\n", code, i)
		}
		mustImport(t, s, system(), []byte(b2.String()), enterprisefile.ImportOptions{FileName: "more.csv"})
		if bulk, _ := db.Registry().BulkLoading(ctx); bulk {
			t.Error("an import into a filled registry left the indexes dropped")
		}
		page, err = db.Registry().SearchEnterprises(ctx, registry.Filter{Query: "thep so 1", Limit: 5})
		if err != nil || page.Total != 1 {
			t.Errorf("search after the second import: %v, %+v", err, page)
		}
	})
}
