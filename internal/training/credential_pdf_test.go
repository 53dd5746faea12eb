package training_test

import (
	"bytes"
	"testing"
	"time"

	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/training"
	"nscl/internal/vn"
)

func demoCredential() *training.Credential {
	issued := time.Date(2026, 3, 13, 0, 0, 0, 0, vn.Zone)
	exp := issued.AddDate(3, 0, -1)
	return &training.Credential{Number: "TH-KAIZEN-2026-000045", Code: "eyJ2MSJ9.c2ln", HolderName: "Nguyễn Thị Hồng Nhung",
		EnterpriseName: "Công ty TNHH Cơ khí chính xác Cửu Long", ToolCode: "kaizen", ToolName: fault.Text{Vi: "Kaizen (cải tiến liên tục)", En: "Kaizen"},
		Level: training.LevelPractitioner, CourseTitle: "Dẫn dắt nhóm Kaizen tại xưởng", IssuedOn: issued, ExpiresOn: &exp,
		Issuer: "Sở Công Thương Thành phố Hà Nội", ProvinceCode: "01", Status: training.CredValid}
}

// TestRenderCredential pins the credential's PDF: one A4 page in the
// Decree 30 layout (the national header, the issuer's parent body), the
// holder, the course, the tool and level, the validity and the number.
func TestRenderCredential(t *testing.T) {
	s := training.NewService(training.Options{BaseURL: "https://nscl.example.vn"})
	b, err := s.RenderCredential(demoCredential(), true)
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfdoc.Pages(b); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN", "SỞ CÔNG THƯƠNG", "CHỨNG CHỈ", "NGUYỄN THỊ HỒNG NHUNG",
		"Dẫn dắt nhóm Kaizen tại xưởng", "Cấp 2 – Thực hành", "đến ngày 12/03/2029", "TH-KAIZEN-2026-000045", "Hà Nội, ngày 13 tháng 3 năm 2026"} {
		if !bytes.Contains(b, pdfdoc.StreamText(want)) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
}

// BenchmarkRenderCredential measures a credential's PDF (the issue's
// reference for a certificate's PDF: 200 ms).
func BenchmarkRenderCredential(b *testing.B) {
	s := training.NewService(training.Options{BaseURL: "https://nscl.example.vn"})
	c := demoCredential()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.RenderCredential(c, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderCredential_TypedText: a holder's name or a course title typed
// with an emoji (beyond the fonts' plane) still gives the PDF, without it.
func TestRenderCredential_TypedText(t *testing.T) {
	s := training.NewService(training.Options{BaseURL: "https://nscl.example.vn"})
	c := demoCredential()
	c.HolderName, c.CourseTitle = "Nguyễn Thị 😀 Nhung", "Kaizen 🚀 tại xưởng"
	b, err := s.RenderCredential(c, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, pdfdoc.StreamText("NGUYỄN THỊ NHUNG")) {
		t.Error("the PDF does not name the holder")
	}
}
