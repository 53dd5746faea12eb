package sheet_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/sheet"
)

// Run with: go test -run x -bench . -benchtime 1x ./internal/sheet/
// Each reports rows/s and the peak Go heap in use while reading
// (sampled every 5 ms), plus the process's peak RSS (VmHWM), which also
// counts generating the file.

func writeBigCSV(b *testing.B, rows int) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "BỘ CÔNG THƯƠNG,,,,,,")
	fmt.Fprintln(w, "DANH SÁCH DOANH NGHIỆP,,,,,,")
	fmt.Fprintln(w, "STT,Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố,Ngày thành lập,Số lao động,Doanh thu 2024")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(w, "%d,%010d,\"Công ty Cổ phần Sản xuất, Thương mại số %d\",Hà Nội,%02d/%02d/%d,%d,\"%d.%03d,5\"\n",
			i, 100000000+i, i, i%28+1, i%12+1, 1990+i%30, i%500, i%999+1, i%1000)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

func writeBigXLSX(b *testing.B, rows int) string {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	ds, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = sw.SetRow("A1", []any{"BỘ CÔNG THƯƠNG"})
	_ = sw.SetRow("A3", []any{"STT", "Mã số thuế", "Tên doanh nghiệp", "Tỉnh/Thành phố", "Ngày thành lập", "Số lao động", "Doanh thu 2024"})
	for i := 1; i <= rows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, []any{
			i, 100000000 + i, fmt.Sprintf("Công ty Cổ phần Sản xuất, Thương mại số %d", i), "Hà Nội",
			excelize.Cell{StyleID: ds, Value: 40000 + i%9000}, i % 500, float64(i) * 1.5,
		}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "big.xlsx")
	if err := f.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	return p
}

// peakHeap samples HeapInuse until stop is called.
func peakHeap() (stop func() uint64) {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

func vmHWM() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "?"
}

func benchRead(b *testing.B, path string, want int) {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		stop := peakHeap()
		start := time.Now()
		rd, err := sheet.Open(f, fi.Size(), filepath.Base(path), sheet.Options{Fields: registryFields, MaxBytes: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			r, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.Values["revenue_2024"].Number(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		el := time.Since(start)
		peak := stop()
		f.Close()
		if n != want {
			b.Fatalf("rows=%d, want %d", n, want)
		}
		b.ReportMetric(float64(n)/el.Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.Logf("%s (%.0f MB): %d rows in %v, %.0f rows/s, peak heap in use %.1f MB, process VmHWM %s",
			filepath.Base(path), float64(fi.Size())/(1<<20), n, el.Round(time.Millisecond), float64(n)/el.Seconds(), float64(peak)/(1<<20), vmHWM())
	}
}

func BenchmarkRead_CSV1M(b *testing.B) {
	benchRead(b, writeBigCSV(b, 1_000_000), 1_000_000)
}

func BenchmarkRead_XLSX200k(b *testing.B) {
	benchRead(b, writeBigXLSX(b, 200_000), 200_000)
}
