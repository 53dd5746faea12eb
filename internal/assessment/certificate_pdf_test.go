package assessment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/vn"
)

// TestCertificateLayout_OnePage pins that a certificate's content ends
// within the page (above the bottom margin's middle) whatever its texts:
// the longest the inputs accept, and longer ones from the registry or
// older rows, for the ministry and for a province's department.
func TestCertificateLayout_OnePage(t *testing.T) {
	s := NewService(Options{BaseURL: "https://nscl.moit.gov.vn"})
	issued := time.Date(2026, 3, 10, 0, 0, 0, 0, vn.Zone)
	exp := issued.AddDate(3, 0, 0)
	decided := issued.AddDate(0, 0, -1)
	base := func() *CertificateDetail {
		return &CertificateDetail{Certificate: &Certificate{Number: "XS-2026-000123", Code: strings.Repeat("A", 200) + "." + strings.Repeat("B", 86),
			EnterpriseName: "Công ty TNHH Cơ khí Đông Á", TaxCode: "0312345678", ProvinceCode: "79",
			SchemeName: fault.Text{Vi: "Khung đánh giá Giải thưởng Chất lượng Quốc gia (1000 điểm)"}, VersionNo: 3,
			LevelName: fault.Text{Vi: "Giải Vàng"}, ScorePct: 87.5, IssuedOn: issued, ExpiresOn: &exp, Issuer: "Bộ Công Thương",
			Signer: "Nguyễn Văn An"}, SignerTitle: "KT. BỘ TRƯỞNG – THỨ TRƯỞNG", DecisionNo: "125/QĐ-BCT", DecisionDate: &decided}
	}
	wide := func(n int) string { return strings.Repeat("Ữ", n) }
	words := func(w string, n int) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }
	cases := map[string]func(*CertificateDetail){
		"ordinary": func(*CertificateDetail) {},
		"the longest accepted": func(c *CertificateDetail) {
			c.SignerTitle = wide(MaxSignerTitleLine) + " – " + wide(MaxSignerTitleLine-4) + " – " + wide(MaxSignerTitle-2*MaxSignerTitleLine-2)
			c.Signer = words("ƯỚNG", MaxSignerName/5)
			c.DecisionNo = wide(MaxDecisionNo)
		},
		"a province's, all long": func(c *CertificateDetail) {
			c.Issuer, c.ProvinceCode = "Sở Công Thương Bà Rịa - Vũng Tàu", "77"
			c.EnterpriseName = words("CÔNG TY TNHH MỘT THÀNH VIÊN ĐẦU TƯ XÂY DỰNG", 20)
			c.SchemeName.Vi = words("Bộ tiêu chí thực hành tốt", 30)
			c.LevelName.Vi = words("Xuất sắc", 40)
			c.SignerTitle = strings.Repeat("KT – ", 40)
			c.Signer = wide(400)
			c.DecisionNo = wide(300)
		},
		"no spaces at all": func(c *CertificateDetail) {
			c.EnterpriseName, c.SchemeName.Vi, c.LevelName.Vi, c.SignerTitle, c.Signer = wide(500), wide(500), wide(500), wide(500), wide(500)
		},
		"controls and astral characters": func(c *CertificateDetail) {
			c.EnterpriseName = "Công ty\n\n\n\nĐông Á\t😀\x00\x1b[2J" + "\xff"
			c.SignerTitle = "KT.\nBỘ\nTRƯỞNG\n\n\n\n\n\n"
		},
	}
	for name, change := range cases {
		c := base()
		change(c)
		doc, bottom := s.drawCertificate(c, true)
		t.Logf("%s: the content ends at %.1f mm", name, bottom)
		if limit := pdfdoc.PageHeight - pdfdoc.MarginBottom/2; bottom > limit {
			t.Errorf("%s: the content ends at %.1f mm, below %.1f mm", name, bottom, limit)
		}
		var buf strings.Builder
		if err := doc.Output(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if dir := os.Getenv("NSCL_CERT_PDF_DIR"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".pdf"), []byte(buf.String()), 0o644)
		}
		if n := pdfdoc.Pages([]byte(buf.String())); n != 1 {
			t.Errorf("%s: %d pages", name, n)
		}
	}
}
