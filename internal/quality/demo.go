package quality

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"nscl/internal/spc"
)

// SeedDemo creates a demonstration workspace for enterprise enterpriseID:
// a plastics injection-moulding line with two processes and three
// characteristics (part weight in g on an X̄–R chart, wall thickness in mm
// on an I–MR chart, defective parts on a p chart), each with about 200
// subgroups of realistic data over the last weeks, and a shift of the mean
// (a worn mould cavity, then a resin lot) near the end so that rules fire
// and alerts exist. ctx must carry an actor that may manage the enterprise
// (auth.SystemContext does). It returns the characteristics created.
func SeedDemo(ctx context.Context, svc *Service, enterpriseID int64) ([]*Characteristic, error) {
	rng := rand.New(rand.NewPCG(uint64(enterpriseID), 1322))
	f := func(v float64) *float64 { return &v }
	moulding := &Process{EnterpriseID: enterpriseID, Name: "Ép phun vỏ hộp PP 500 ml", Line: "Xưởng ép phun — máy số 3",
		Description: "Máy ép 180 tấn, khuôn 4 lòng, nhựa PP copolymer; lấy mẫu mỗi giờ."}
	inspection := &Process{EnterpriseID: enterpriseID, Name: "Kiểm tra ngoại quan cuối chuyền", Line: "Khu đóng gói",
		Description: "Kiểm tra 100 sản phẩm mỗi ca: bavia, thiếu liệu, vết đen, cong vênh."}
	for _, p := range []*Process{moulding, inspection} {
		if err := svc.CreateProcess(ctx, p); err != nil {
			return nil, fmt.Errorf("quality: demo process: %w", err)
		}
	}
	weight := &Characteristic{ProcessID: moulding.ID, Name: "Khối lượng sản phẩm", Unit: "g", LSL: f(23.4), USL: f(24.6), Target: f(24.0),
		SubgroupSize: 5, Chart: spc.ChartXbarR, Rules: spc.RulesWesternElectric,
		SamplingPlan: "5 sản phẩm liên tiếp mỗi giờ, cân điện tử 0,01 g."}
	wall := &Characteristic{ProcessID: moulding.ID, Name: "Độ dày thành", Unit: "mm", LSL: f(0.80), USL: f(1.00), Target: f(0.90),
		SubgroupSize: 1, Chart: spc.ChartIMR, Rules: spc.RulesNelson,
		SamplingPlan: "1 sản phẩm mỗi giờ, đo tại 4 điểm bằng thước cặp, lấy trung bình."}
	defects := &Characteristic{ProcessID: inspection.ID, Name: "Tỷ lệ sản phẩm lỗi ngoại quan", Unit: "sp",
		SubgroupSize: 100, Chart: spc.ChartP, Rules: spc.RulesWesternElectric,
		SamplingPlan: "100 sản phẩm ngẫu nhiên mỗi ca."}
	for _, c := range []*Characteristic{weight, wall, defects} {
		if err := svc.CreateCharacteristic(ctx, c); err != nil {
			return nil, fmt.Errorf("quality: demo characteristic: %w", err)
		}
	}
	const n = 200
	start := svc.now().UTC().Add(-n * time.Hour).Truncate(time.Hour)
	var w, t, d []MeasurementInput
	for i := range n {
		at := start.Add(time.Duration(i) * time.Hour)
		label := at.Add(7 * time.Hour).Format("02/01 15:04")
		shift := 0.0
		if i >= 170 {
			shift = 0.09 // a worn cavity: heavier parts
		}
		for range 5 {
			w = append(w, MeasurementInput{TakenAt: at, Subgroup: label, Value: round(24.0+shift+rng.NormFloat64()*0.1, 2)})
		}
		drift := 0.0
		if i >= 185 {
			drift = 0.025
		}
		t = append(t, MeasurementInput{TakenAt: at, Subgroup: label, Value: round(0.9+drift+rng.NormFloat64()*0.015, 3)})
		if i%8 == 0 {
			p := 0.03
			if i >= 176 {
				p = 0.07 // a new resin lot
			}
			cnt := 0
			for range 100 {
				if rng.Float64() < p {
					cnt++
				}
			}
			d = append(d, MeasurementInput{TakenAt: at, Subgroup: at.Add(7*time.Hour).Format("02/01") + " ca " + fmt.Sprint(i/8%3+1),
				Value: float64(cnt), Size: 100})
		}
	}
	for _, b := range []struct {
		c  *Characteristic
		ms []MeasurementInput
	}{{weight, w}, {wall, t}, {defects, d}} {
		// Several batches, as a line sends them, so the alerts are those of
		// points that were new when they arrived.
		for from := 0; from < len(b.ms); {
			to := min(len(b.ms), from+max(len(b.ms)/8, 1))
			if b.c.PointSize() > 1 {
				to -= (to - from) % b.c.PointSize()
				if to == from {
					to = len(b.ms)
				}
			}
			if err := b.c.checkAll(b.ms[from:to]); err != nil {
				return nil, err
			}
			if _, err := svc.ingest(ctx, b.c, SourceAPI, b.ms[from:to]); err != nil {
				return nil, fmt.Errorf("quality: demo measurements: %w", err)
			}
			from = to
		}
	}
	return []*Characteristic{weight, wall, defects}, nil
}

func (c *Characteristic) checkAll(ms []MeasurementInput) error {
	for i := range ms {
		if vi, en := checkRow(c, &ms[i]); vi != "" {
			return fmt.Errorf("quality: demo row %d: %s", i+1, en)
		}
	}
	return nil
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
