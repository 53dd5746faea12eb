package pdfdoc_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"nscl/internal/pdfdoc"
	"nscl/internal/vn"
)

func TestDateLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, place string
		date        time.Time
		want        string
	}{
		{"LeadingZeroDayAndFebruary", "Hà Nội", time.Date(2026, 2, 5, 10, 0, 0, 0, vn.Zone), "Hà Nội, ngày 05 tháng 02 năm 2026"},
		{"NoZeroForMarch", "Bắc Ninh", time.Date(2026, 3, 15, 10, 0, 0, 0, vn.Zone), "Bắc Ninh, ngày 15 tháng 3 năm 2026"},
		{"December", "Huế", time.Date(2026, 12, 31, 10, 0, 0, 0, vn.Zone), "Huế, ngày 31 tháng 12 năm 2026"},
		// 20:00 UTC on 31 December is already 1 January in Vietnam.
		{"VietnamZone", "Hà Nội", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), "Hà Nội, ngày 01 tháng 01 năm 2026"},
		{"NoPlace", "", time.Date(2026, 11, 9, 8, 0, 0, 0, vn.Zone), "Ngày 09 tháng 11 năm 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := pdfdoc.DateLine(tc.place, tc.date); got != tc.want {
				t.Errorf("DateLine=%q, want %q", got, tc.want)
			}
		})
	}
}

func TestPlaceName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Thành phố Hà Nội": "Hà Nội", "Tỉnh Ninh Bình": "Ninh Bình", "Đồng Nai": "Đồng Nai"} {
		if got := pdfdoc.PlaceName(in); got != want {
			t.Errorf("PlaceName(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestDocument_Layout(t *testing.T) {
	t.Parallel()
	d := pdfdoc.New(pdfdoc.Options{Issuer: "Công ty CP Đông Á", Place: "Hà Nội",
		Date: time.Date(2026, 3, 5, 9, 0, 0, 0, vn.Zone), Title: "Báo cáo", Summary: "Kết quả kiểm soát quá trình",
		Number: "12/BC-SPC", Uncompressed: true})
	d.Heading("I. THÔNG TIN CHUNG")
	d.Paragraph("Độ dày thành sản phẩm được đo mỗi giờ; dữ liệu được kiểm tra theo quy tắc Nelson. Tiếng Việt có đủ dấu: ặ ữ ỹ đ Ơ Ư.")
	d.Pairs([]pdfdoc.Pair{{Key: "Quá trình", Value: "Ép phun vỏ hộp"}, {Key: "Đơn vị", Value: "mm"}})
	rows := make([][]string, 120)
	for i := range rows {
		rows[i] = []string{strings.Repeat("x", i%7+1), "Điểm nằm ngoài giới hạn kiểm soát", "1,234"}
	}
	d.Table([]pdfdoc.Column{{Header: "Nhóm", Width: 40}, {Header: "Quy tắc", Width: 95}, {Header: "Giá trị", Width: 30, Align: "R"}}, rows)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b)
	}
	if n := pdfdoc.Pages(b); n < 3 {
		t.Errorf("%d pages, want at least 3 (the table runs over)", n)
	}
	for _, s := range []string{pdfdoc.NationalName, pdfdoc.Motto, "CÔNG TY CP ĐÔNG Á", "Hà Nội, ngày 05 tháng 3 năm 2026",
		"BÁO CÁO", "Số: 12/BC-SPC", "ặ", "ữ", "ỹ", "đ", "Quy tắc", "2"} {
		if !bytes.Contains(b, pdfdoc.StreamText(s)) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
	if !bytes.Contains(b, []byte("/FontFile2")) || !bytes.Contains(b, []byte("/BaseFont /utf8liberationserif")) {
		t.Error("the font is not embedded")
	}
}

func TestDocument_SameInputSameBytes(t *testing.T) {
	t.Parallel()
	out := func() []byte {
		d := pdfdoc.New(pdfdoc.Options{Issuer: "Doanh nghiệp A", Place: "Huế", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Title: "Báo cáo"})
		d.Paragraph("Nội dung.")
		var buf bytes.Buffer
		if err := d.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(out(), out()) {
		t.Error("two renderings of the same document differ")
	}
}

// BenchmarkDocument measures the fixed cost of a document: parsing the
// three embedded fonts, the letterhead, subsetting and writing.
func BenchmarkDocument(b *testing.B) {
	for b.Loop() {
		d := pdfdoc.New(pdfdoc.Options{Issuer: "Công ty CP Đông Á", Place: "Hà Nội", Date: time.Date(2026, 3, 5, 9, 0, 0, 0, vn.Zone), Title: "Báo cáo"})
		d.Paragraph("Nội dung báo cáo.")
		if err := d.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// TestQR draws a QR code: the document still renders and embeds an image.
func TestQR(t *testing.T) {
	d := pdfdoc.New(pdfdoc.Options{Issuer: "BỘ CÔNG THƯƠNG", Title: "Giấy chứng nhận", Uncompressed: true})
	d.QR("https://nscl.example/verify/abc.def", 150, 230, 35)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("/Subtype /Image")) {
		t.Error("no image in the PDF")
	}
	if _, err := pdfdoc.QRPNG(strings.Repeat("x", 5000), 256); err == nil {
		t.Error("a QR code of 5000 bytes was made")
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Công ty\tCổ phần\r\nDệt 😀 May": "Công ty Cổ phần Dệt May",
		"a\x00b\u2028c": "abc",
		"\xffHà Nội":    "Hà Nội",
	} {
		if got := pdfdoc.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
