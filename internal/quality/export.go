package quality

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"nscl/internal/spc"
)

// ExportXLSX writes a workbook of a characteristic the actor may read:
// sheet "Đo lường" with the measurements of the window's points, "Biểu đồ"
// with each point's statistic, limits and violations, and "Năng lực" with
// the specification and the capability indices. It returns the file name.
func (s *Service) ExportXLSX(ctx context.Context, id CharacteristicID, window int, w io.Writer) (string, error) {
	rep, err := s.FindCapability(ctx, id, window)
	if err != nil {
		return "", err
	}
	ch := rep.Chart
	c := ch.Characteristic
	var ms []Measurement
	if len(ch.Points) > 0 {
		from := ch.Points[0].Seq
		if ms, err = s.store.LastMeasurements(ctx, c.ID, c.LastSeq, int(c.LastSeq-from+1)); err != nil {
			return "", err
		}
	}
	x := excelize.NewFile()
	defer x.Close()
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return "", err
	}
	write := func(sheet string, rows [][]any) error {
		sw, err := x.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			var opts []excelize.RowOpts
			if i == 0 {
				opts = append(opts, excelize.RowOpts{StyleID: head})
			}
			if err := sw.SetRow(cell, r, opts...); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	const mSheet, cSheet, kSheet = "Đo lường", "Biểu đồ", "Năng lực"
	if err := x.SetSheetName("Sheet1", mSheet); err != nil {
		return "", err
	}
	for _, n := range []string{cSheet, kSheet} {
		if _, err := x.NewSheet(n); err != nil {
			return "", err
		}
	}
	rows := [][]any{{"STT (seq)", "Nhóm con (subgroup)", "Thời điểm (taken at, UTC)", "Giá trị / số đếm (value / count)", "Cỡ mẫu (size)"}}
	for _, m := range ms {
		r := []any{m.Seq, m.Subgroup, m.TakenAt.UTC().Format("2006-01-02 15:04:05"), m.Value, nil}
		if m.Size != 0 {
			r[4] = m.Size
		}
		rows = append(rows, r)
	}
	if err := write(mSheet, rows); err != nil {
		return "", err
	}
	rows = [][]any{{"Điểm (point)", "Nhóm con (subgroup)", "Thống kê (statistic)", "LCL", "CL", "UCL", "Vi phạm (violations)", "Ghi chú (annotations)"}}
	for i, p := range ch.Points {
		r := []any{p.Number, p.Label, p.Value, nil, nil, nil, strings.Join(p.Violations, ", "), nil}
		if res := ch.Result; res != nil {
			r[3], r[4], r[5] = res.LCL[i], res.Center, res.UCL[i]
		}
		var notes []string
		for _, an := range p.Annotations {
			notes = append(notes, an.Cause+" → "+an.Action)
		}
		r[7] = strings.Join(notes, "; ")
		rows = append(rows, r)
	}
	if err := write(cSheet, rows); err != nil {
		return "", err
	}
	opt := func(v *float64) any {
		if v == nil {
			return ""
		}
		return *v
	}
	rows = [][]any{{"Mục (item)", "Giá trị (value)", "Cận dưới (lower)", "Cận trên (upper)"},
		{"Đặc tính (characteristic)", c.Name}, {"Đơn vị (unit)", c.Unit}, {"Biểu đồ (chart)", c.Chart},
		{"LSL", opt(c.LSL)}, {"USL", opt(c.USL)}, {"Mục tiêu (target)", opt(c.Target)},
		{"Số điểm (points)", len(ch.Points)}}
	if res := ch.Result; res != nil {
		rows = append(rows, []any{"Đường tâm (center)", res.Center}, []any{"Sigma (" + res.SigmaMethod + ")", res.Sigma})
	}
	if k := rep.Capability; k != nil {
		rows = append(rows, []any{"n", k.N}, []any{"Trung bình (mean)", k.Mean},
			[]any{"Sigma trong nhóm (within)", k.SigmaWithin}, []any{"Sigma tổng (overall)", k.SigmaOverall},
			[]any{"Độ tin cậy (confidence)", k.Confidence})
		for _, iv := range []struct {
			name string
			v    *spc.Interval
		}{{"Cp", k.Cp}, {"Cpk", k.Cpk}, {"Cpl", k.Cpl}, {"Cpu", k.Cpu}, {"Cpm", k.Cpm}, {"Pp", k.Pp}, {"Ppk", k.Ppk}} {
			if iv.v != nil {
				rows = append(rows, []any{iv.name, iv.v.Value, iv.v.Lower, iv.v.Upper})
			}
		}
		if nm := k.Normality; nm != nil {
			rows = append(rows, []any{"Anderson–Darling A²", nm.AD}, []any{"A*²", nm.ADAdjusted}, []any{"p-value", nm.PValue})
		}
	}
	if err := write(kSheet, rows); err != nil {
		return "", err
	}
	if err := x.Write(w); err != nil {
		return "", fmt.Errorf("quality: write workbook: %w", err)
	}
	return fmt.Sprintf("spc-%d.xlsx", c.ID), nil
}
