package enterprisefile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// seedCSV is a file with every column, a branch, a formula-looking name and
// a phone with a plus sign.
func seedCSV(c []string) string {
	return "Mã số thuế,Tên doanh nghiệp,Tên tiếng Anh,Tên viết tắt,Tỉnh/Thành phố,Xã/Phường,Địa chỉ,Mã ngành VSIC,Loại hình sở hữu," +
		"Ngày thành lập,Email,Điện thoại,Website,Người liên hệ,Năm,Số lao động,Doanh thu,Tổng nguồn vốn,Giá trị gia tăng,Năng lượng tiêu thụ (kWh),Kim ngạch xuất khẩu\n" +
		c[0] + ",Công ty Cổ phần Nhựa An Phát,An Phat Plastic JSC,APH,Hải Dương,Phường Ái Quốc,\"Lô CN11, KCN An Đồng\",2220,Tư nhân," +
		"16/03/2007,info@anphat.vn,+84 220 3755 998,anphat.vn,Nguyễn Văn Anh,2024,3200,\"1.234.567.000.000\",800000000000,150000000000,42000000,90000000000\n" +
		c[0] + "-001,Chi nhánh Nhựa An Phát Hà Nội,,,Hà Nội,,,2220,Tư nhân,,,,,,2024,40,,,,,\n" +
		c[1] + ",\"=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\",,,Đà Nẵng,,\"@Cảng Tiên Sa\",1311,FDI,2015-01-02,,,,,2023,11,9000000000,2000000000,,,\n" +
		c[2] + ",Hợp tác xã Dệt Vạn Phúc,,,Hà Nội,,,,Hợp tác xã,,,,,,,,,,,,\n"
}

func exportOf(t *testing.T, s *enterprisefile.Service, ctx context.Context, f registry.Filter, format enterprisefile.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := s.Export(ctx, f, format, &b); err != nil {
		t.Fatalf("Export %s: %v", format, err)
	}
	return b.Bytes()
}

// recordsOf decodes a JSON export, without the fields a round trip may
// renumber.
func recordsOf(t *testing.T, data []byte) []enterprisefile.Record {
	t.Helper()
	var doc struct {
		Records []enterprisefile.Record `json:"records"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JSON export: %v\n%s", err, data)
	}
	return doc.Records
}

func TestExport_RoundTrip(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newService(t, db, 0)
		c := validCodes(50, 3)
		res := mustImport(t, s, system(), []byte(seedCSV(c)), enterprisefile.ImportOptions{FileName: "seed.csv"})
		if res.Imported != 4 || len(res.Rejected) != 0 {
			t.Fatalf("seed: %+v", res.Report())
		}
		want := recordsOf(t, exportOf(t, s, system(), registry.Filter{}, enterprisefile.FormatJSON))
		if len(want) != 4 {
			t.Fatalf("%d records", len(want))
		}
		var ap enterprisefile.Record
		for _, r := range want {
			if r.TaxCode == c[0] {
				ap = r
			}
		}
		if ap.ProvinceCode != "31" || ap.Founded == nil || *ap.Founded != "2007-03-16" || ap.RevenueVND == nil ||
			*ap.RevenueVND != 1_234_567_000_000 || ap.SizeClass == nil || *ap.SizeClass != "large" || ap.Phone == "" {
			t.Errorf("An Phát record %+v", ap)
		}
		for _, format := range []enterprisefile.Format{enterprisefile.FormatCSV, enterprisefile.FormatXLSX} {
			t.Run(string(format), func(t *testing.T) {
				data := exportOf(t, s, system(), registry.Filter{}, format)
				fresh := sqldbtest.MustOpenSQLite(t)
				s2 := newService(t, fresh, 0)
				res := mustImport(t, s2, system(), data, enterprisefile.ImportOptions{FileName: "export." + string(format)})
				if res.Imported != 4 || len(res.Rejected) != 0 {
					t.Fatalf("re-import: %+v", res.Report())
				}
				got := recordsOf(t, exportOf(t, s2, system(), registry.Filter{}, enterprisefile.FormatJSON))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("round trip (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestExport_NeutralisesFormulas(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	c := validCodes(60, 3)
	mustImport(t, s, system(), []byte(seedCSV(c)), enterprisefile.ImportOptions{})
	rd := csv.NewReader(bytes.NewReader(exportOf(t, s, system(), registry.Filter{}, enterprisefile.FormatCSV)))
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("CSV cell %q begins with a formula sign", cell)
			}
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(exportOf(t, s, system(), registry.Filter{}, enterprisefile.FormatXLSX)))
	if err != nil {
		t.Fatal(err)
	}
	xrows, err := x.GetRows("Doanh nghiệp")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range xrows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("XLSX cell %q begins with a formula sign", cell)
			}
			found = found || strings.HasPrefix(cell, "'=HYPERLINK")
		}
	}
	if !found {
		t.Error("the formula-looking name is not in the XLSX export")
	}
}

func TestExport_Scope(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	s := newService(t, db, 0)
	c := validCodes(70, 3)
	mustImport(t, s, system(), []byte(seedCSV(c)), enterprisefile.ImportOptions{})
	ctx := context.Background()
	hn := auth.WithActor(ctx, &auth.Actor{UserID: 2, Role: auth.RoleProvince, ProvinceCode: "01"})
	recs := recordsOf(t, exportOf(t, s, hn, registry.Filter{ProvinceCode: "48"}, enterprisefile.FormatJSON))
	if len(recs) != 2 {
		t.Errorf("provincial officer of Hà Nội sees %d records, want its 2", len(recs))
	}
	for _, r := range recs {
		if r.ProvinceCode != "01" {
			t.Errorf("record of %s", r.ProvinceCode)
		}
	}
	e, err := db.Registry().FindEnterpriseByTaxCode(ctx, c[1])
	if err != nil {
		t.Fatal(err)
	}
	own := auth.WithActor(ctx, &auth.Actor{UserID: 3, Role: auth.RoleEnterprise, EnterpriseID: int64(e.ID)})
	recs = recordsOf(t, exportOf(t, s, own, registry.Filter{}, enterprisefile.FormatJSON))
	if len(recs) != 1 || recs[0].TaxCode != c[1] {
		t.Errorf("enterprise user sees %+v", recs)
	}
	// Filters: size, ownership, query.
	large := registry.SizeLarge
	recs = recordsOf(t, exportOf(t, s, system(), registry.Filter{SizeClass: &large}, enterprisefile.FormatJSON))
	if len(recs) != 1 || recs[0].TaxCode != c[0] {
		t.Errorf("size filter: %+v", recs)
	}
	recs = recordsOf(t, exportOf(t, s, system(), registry.Filter{Query: "Dệt vạn"}, enterprisefile.FormatJSON))
	if len(recs) != 1 || recs[0].TaxCode != c[2] {
		t.Errorf("query filter: %+v", recs)
	}
	for _, a := range []*auth.Actor{nil, {UserID: 4, Role: auth.RoleExpert}, {UserID: 5, Role: auth.RoleJudge}} {
		actx := ctx
		if a != nil {
			actx = auth.WithActor(ctx, a)
		}
		if _, err := s.Export(actx, registry.Filter{}, enterprisefile.FormatCSV, &bytes.Buffer{}); err == nil ||
			(!fault.Is(err, fault.Forbidden) && !fault.Is(err, fault.Unauthenticated)) {
			t.Errorf("%v: err = %v", a, err)
		}
	}
	if _, err := enterprisefile.ParseFormat("pdf"); !fault.Is(err, fault.Invalid) {
		t.Errorf("ParseFormat(pdf) = %v", err)
	}
}
