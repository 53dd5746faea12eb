package sqldb_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/sqldb/sqldbtest"
)

// benchCSV returns n clean rows of an officer's import file.
func benchCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố,Địa chỉ,Mã ngành VSIC,Loại hình sở hữu,Ngày thành lập,Email,Điện thoại,Năm,Số lao động,Doanh thu,Tổng nguồn vốn\n")
	provinces := []string{"Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Bình Dương", "Hải Dương", "Cần Thơ"}
	seq := 0
	for i := 1; i <= n; {
		seq++
		first9 := fmt.Sprintf("%02d%07d", 1+seq/9_999_999, seq%9_999_999+1)
		d, ok := registry.TaxCheckDigit(first9)
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "%s%c,Công ty TNHH Nhựa An Phát %d,%s,\"Số %d đường Lê Lợi, phường Bến Thành\",2220,Ngoài nhà nước,%02d/%02d/%d,lienhe%d@congty%d.vn,09%08d,2024,%d,%d,%d\n",
			first9, d, i, provinces[i%len(provinces)], i%500, i%28+1, i%12+1, 1995+i%30, i, i, i, 5+i%400, int64(1+i%250)*1e9, int64(1+i%90)*1e9)
		i++
	}
	return b.Bytes()
}

// BenchmarkEnterpriseFiles_Import imports 20,000 clean rows into a fresh
// SQLite database per iteration.
func BenchmarkEnterpriseFiles_Import(b *testing.B) {
	data := benchCSV(20_000)
	want := 20_000
	if f := os.Getenv("NSCL_BENCH_IMPORT_FILE"); f != "" {
		// A file of bench/import/gen, to profile the real thing.
		var err error
		if data, err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
		want = bytes.Count(data, []byte("\n")) - 1
	}
	ctx := auth.SystemContext(context.Background())
	for b.Loop() {
		b.StopTimer()
		db := sqldbtest.MustOpenSQLite(b)
		svc := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: geo.MustLoad()})
		b.StartTimer()
		res, err := svc.Import(ctx, bytes.NewReader(data), int64(len(data)), enterprisefile.ImportOptions{})
		if err != nil || res.Imported != want {
			b.Fatalf("import: %v %+v", err, res)
		}
	}
	b.ReportMetric(float64(want*b.N)/b.Elapsed().Seconds(), "rows/s")
}
