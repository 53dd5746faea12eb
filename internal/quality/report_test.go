package quality_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/quality"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func letterhead(context.Context, int64) (string, string) {
	return "Công ty TNHH Nhựa Hà Nội", "Hà Nội"
}

func TestService_ReportPDF(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		svc := f.svc
		cs, err := quality.SeedDemo(auth.SystemContext(context.Background()), svc, f.entA)
		if err != nil {
			t.Fatal(err)
		}
		weight := cs[0] // X̄–R with a shift near the end: rule violations
		ch, err := svc.FindChart(f.userA, weight.ID, 0)
		if err != nil || len(ch.Violated()) == 0 {
			t.Fatalf("the demo chart has no violations: %v", err)
		}
		if err := svc.AddAnnotation(f.userA, &quality.Annotation{CharacteristicID: weight.ID, PointSeq: ch.Violated()[0].Seq,
			Cause: "Mòn khuôn", Action: "Thay"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			t.Run(c.Chart, func(t *testing.T) {
				var buf bytes.Buffer
				name, err := svc.ReportPDF(f.userA, c.ID, quality.ReportOptions{Window: 200, Letterhead: letterhead, Uncompressed: true}, &buf)
				if err != nil {
					t.Fatal(err)
				}
				b := buf.Bytes()
				if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
					t.Fatalf("not a PDF: %.20q … %q", b, b[max(0, len(b)-10):])
				}
				if name == "" || pdfdoc.Pages(b) < 1 {
					t.Fatalf("name %q, %d pages", name, pdfdoc.Pages(b))
				}
				want := []string{pdfdoc.NationalName, pdfdoc.Motto, "CÔNG TY TNHH NHỰA HÀ NỘI", "BÁO CÁO", c.Name,
					"I. THÔNG TIN ĐẶC TÍNH CHẤT LƯỢNG", "II. BIỂU ĐỒ KIỂM SOÁT", "IV. CÁC ĐIỂM VI PHẠM QUY TẮC KIỂM SOÁT", "UCL = "}
				if !c.IsAttribute() {
					want = append(want, "Cpk", "Ppk", "Trung bình", "Sigma trong nhóm")
				}
				for _, s := range want {
					if !bytes.Contains(b, pdfdoc.StreamText(s)) {
						t.Errorf("the report lacks %q", s)
					}
				}
			})
		}
		t.Run("ViolationsListed", func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := svc.ReportPDF(f.userA, weight.ID, quality.ReportOptions{Letterhead: letterhead, Uncompressed: true}, &buf); err != nil {
				t.Fatal(err)
			}
			// Table cells wrap: short texts only.
			for _, s := range []string{"Quy tắc vi phạm", "Mòn khuôn", ch.Violated()[0].Label} {
				if !bytes.Contains(buf.Bytes(), pdfdoc.StreamText(s)) {
					t.Errorf("the report lacks %q", s)
				}
			}
		})
		t.Run("NoData", func(t *testing.T) {
			c := mustCharacteristic(t, f.userA, svc, quality.Characteristic{Name: "Đường kính ren"})
			var buf bytes.Buffer
			if _, err := svc.ReportPDF(f.userA, c.ID, quality.ReportOptions{Uncompressed: true}, &buf); err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(buf.Bytes(), pdfdoc.StreamText("Chưa có dữ liệu đo.")) {
				t.Error("the empty report does not say there are no data")
			}
		})
		t.Run("ErrOtherEnterpriseNotFound", func(t *testing.T) {
			called := false
			lh := func(context.Context, int64) (string, string) { called = true; return "", "" }
			for name, ctx := range map[string]context.Context{"userB": f.userB, "ministry": f.ministry, "province01": f.province01} {
				if _, err := svc.ReportPDF(ctx, weight.ID, quality.ReportOptions{Letterhead: lh}, io.Discard); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s: err = %v, want NotFound", name, err)
				}
			}
			if _, err := svc.ReportPDF(f.anon, weight.ID, quality.ReportOptions{Letterhead: lh}, io.Discard); !fault.Is(err, fault.Unauthenticated) {
				t.Errorf("anonymous: err = %v, want Unauthenticated", err)
			}
			if called {
				t.Error("the letterhead was looked up for someone who may not read the report")
			}
		})
		t.Run("SharedReadable", func(t *testing.T) {
			if err := svc.SetSharing(f.userA, true); err != nil {
				t.Fatal(err)
			}
			defer svc.SetSharing(f.userA, false)
			if _, err := svc.ReportPDF(f.province01, weight.ID, quality.ReportOptions{}, io.Discard); err != nil {
				t.Errorf("a provincial officer reads the shared report: %v", err)
			}
		})
	})
}

// BenchmarkReportPDF measures the PDF of a 1,000-point I–MR chart with
// Nelson rules (the largest window), compressed as served.
func BenchmarkReportPDF(b *testing.B) {
	db := sqldbtest.MustOpenSQLite(b)
	f := newFixture(b, db)
	c := mustCharacteristic(b, f.userA, f.svc, quality.Characteristic{Rules: "nelson"})
	rng := rand.New(rand.NewPCG(1, 2))
	ms := make([]quality.MeasurementInput, quality.MaxWindow)
	for i := range ms {
		ms[i] = quality.MeasurementInput{Value: 10 + rng.NormFloat64()*0.2}
	}
	if _, err := f.svc.AddBatch(f.userA, c.ID, ms); err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := f.svc.ReportPDF(f.userA, c.ID, quality.ReportOptions{Window: quality.MaxWindow, Letterhead: letterhead}, &buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}
