package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/fault"
	"nscl/internal/quality"
	"nscl/internal/spc"
)

const tagQuality = "Giám sát chất lượng (Quality monitoring)"

// maxMeasurementBody allows a full batch of MaxBatch measurements with
// long labels and times.
const maxMeasurementBody = 4 << 20

type processList struct {
	Body struct {
		Items []*quality.Process `json:"items"`
	}
}

type processCreateInput struct {
	Body struct {
		Name        string `json:"name" maxLength:"200" doc:"Tên quá trình (process name)"`
		Description string `json:"description,omitempty" maxLength:"2000"`
		Line        string `json:"line,omitempty" maxLength:"200" doc:"Dây chuyền hoặc khu vực (line or area)"`
	}
}

type processOutput struct {
	Body *quality.Process
}

type characteristicListInput struct {
	Process int64 `query:"process" minimum:"0" doc:"Chỉ các đặc tính của quá trình này (only this process's)"`
}

type characteristicList struct {
	Body struct {
		Items []*quality.Characteristic `json:"items"`
	}
}

type characteristicCreateInput struct {
	Body struct {
		ProcessID    int64    `json:"process_id" minimum:"1"`
		Name         string   `json:"name" maxLength:"200"`
		Unit         string   `json:"unit,omitempty" maxLength:"30" example:"mm"`
		LSL          *float64 `json:"lsl,omitempty"`
		USL          *float64 `json:"usl,omitempty"`
		Target       *float64 `json:"target,omitempty"`
		SubgroupSize int      `json:"subgroup_size" minimum:"1" doc:"Cỡ nhóm con; p/np: cỡ mẫu (subgroup size; p/np: sample size)"`
		Chart        string   `json:"chart" enum:"xbar-r,xbar-s,imr,p,np,c,u,ewma,cusum"`
		Rules        string   `json:"rules,omitempty" enum:"we,nelson,none" default:"we"`
		SamplingPlan string   `json:"sampling_plan,omitempty" maxLength:"2000"`
	}
}

type characteristicOutput struct {
	Body *quality.Characteristic
}

type characteristicIDInput struct {
	ID     int64 `path:"id" minimum:"1" doc:"Mã đặc tính (characteristic id)"`
	Window int   `query:"window" minimum:"0" maximum:"1000" doc:"Số điểm gần nhất, mặc định 100 (latest points, default 100)"`
}

type chartPoint struct {
	Number      int                   `json:"number"`
	Seq         int64                 `json:"seq" doc:"Số thứ tự phép đo đầu tiên của điểm (seq of its first measurement)"`
	Subgroup    string                `json:"subgroup"`
	TakenAt     time.Time             `json:"taken_at"`
	Value       float64               `json:"value"`
	Violations  []string              `json:"violations"`
	Annotations []*quality.Annotation `json:"annotations"`
}

type chartOutput struct {
	Body struct {
		Characteristic *quality.Characteristic `json:"characteristic"`
		Points         []chartPoint            `json:"points"`
		Result         *spc.Result             `json:"result,omitempty" doc:"Kết quả của spc.Analyze (the spc.Analyze result; see internal/spc/schema.md)"`
		Problem        *spc.Error              `json:"problem,omitempty" doc:"Vì sao chưa có biểu đồ (why there is no chart yet)"`
	}
}

type measurementIn struct {
	TakenAt  time.Time `json:"taken_at,omitempty" doc:"RFC 3339; mặc định lúc nhận (default: time of arrival)"`
	Subgroup string    `json:"subgroup,omitempty" maxLength:"100" doc:"Nhãn nhóm con; bỏ trống thì đánh số (label; numbered when empty)"`
	Value    *float64  `json:"value,omitempty" doc:"Giá trị đo; biểu đồ thuộc tính: số đếm (measured value; attribute charts: the count)"`
	Count    *float64  `json:"count,omitempty" doc:"Số đếm (p, np, c, u), thay cho value (the count, instead of value)"`
	Size     float64   `json:"size,omitempty" doc:"Cỡ mẫu (p, np, u) (sample size)"`
}

type measurementsInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Measurements []measurementIn `json:"measurements" doc:"1–10 000 phép đo (measurements)"`
	}
}

type measurementsOutput struct {
	Body *quality.Ingested
}

type alertListInput struct {
	Characteristic int64 `query:"characteristic" minimum:"0"`
	Unread         bool  `query:"unread"`
	Offset         int   `query:"offset" minimum:"0" default:"0"`
	Limit          int   `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

type alertList struct {
	Body struct {
		Items []*quality.Alert `json:"items"`
		Total int              `json:"total"`
	}
}

func (a *API) registerQuality() {
	if a.quality == nil {
		return
	}
	tags := []string{tagQuality}
	register(a, huma.Operation{OperationID: "list-quality-processes", Method: http.MethodGet, Path: Prefix + "/quality/processes", Tags: tags,
		Summary: "Các quá trình của doanh nghiệp (the enterprise's processes)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, _ *struct{}) (*processList, error) {
			ps, err := a.quality.FindProcesses(ctx, 0)
			if err != nil {
				return nil, err
			}
			out := &processList{}
			out.Body.Items = ps
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-quality-process", Method: http.MethodPost, Path: Prefix + "/quality/processes", Tags: tags,
		Summary: "Tạo quá trình (create a process)", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *processCreateInput) (*processOutput, error) {
			p := &quality.Process{Name: in.Body.Name, Description: in.Body.Description, Line: in.Body.Line}
			if err := a.quality.CreateProcess(ctx, p); err != nil {
				return nil, err
			}
			return &processOutput{Body: p}, nil
		})
	register(a, huma.Operation{OperationID: "list-quality-characteristics", Method: http.MethodGet, Path: Prefix + "/quality/characteristics", Tags: tags,
		Summary: "Các đặc tính chất lượng (quality characteristics)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *characteristicListInput) (*characteristicList, error) {
			cs, err := a.quality.FindCharacteristics(ctx, 0, quality.ProcessID(in.Process))
			if err != nil {
				return nil, err
			}
			out := &characteristicList{}
			out.Body.Items = cs
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-quality-characteristic", Method: http.MethodPost, Path: Prefix + "/quality/characteristics", Tags: tags,
		Summary: "Tạo đặc tính chất lượng (create a characteristic)", DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *characteristicCreateInput) (*characteristicOutput, error) {
			b := in.Body
			c := &quality.Characteristic{ProcessID: quality.ProcessID(b.ProcessID), Name: b.Name, Unit: b.Unit, LSL: b.LSL, USL: b.USL,
				Target: b.Target, SubgroupSize: b.SubgroupSize, Chart: b.Chart, Rules: b.Rules, SamplingPlan: b.SamplingPlan}
			if err := a.quality.CreateCharacteristic(ctx, c); err != nil {
				return nil, err
			}
			return &characteristicOutput{Body: c}, nil
		})
	register(a, huma.Operation{OperationID: "get-quality-chart", Method: http.MethodGet, Path: Prefix + "/quality/characteristics/{id}/chart", Tags: tags,
		Summary:     "Biểu đồ kiểm soát của đặc tính (the characteristic's control chart)",
		Description: "Phân tích spc.Analyze trên các điểm gần nhất, kèm ghi chú theo điểm (spc.Analyze over the latest points, with annotations by point).",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *characteristicIDInput) (*chartOutput, error) {
			ch, err := a.quality.FindChart(ctx, quality.CharacteristicID(in.ID), in.Window)
			if err != nil {
				return nil, err
			}
			out := &chartOutput{}
			out.Body.Characteristic, out.Body.Result, out.Body.Problem = ch.Characteristic, ch.Result, ch.Problem
			out.Body.Points = make([]chartPoint, len(ch.Points))
			for i, p := range ch.Points {
				out.Body.Points[i] = chartPoint{Number: p.Number, Seq: p.Seq, Subgroup: p.Label, TakenAt: p.TakenAt, Value: p.Value,
					Violations: append([]string{}, p.Violations...), Annotations: append([]*quality.Annotation{}, p.Annotations...)}
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "add-quality-measurements", Method: http.MethodPost,
		Path: Prefix + "/quality/characteristics/{id}/measurements", Tags: tags,
		Summary: "Gửi một lô phép đo (push a batch of measurements)",
		Description: "Máy đo gửi tối đa 10 000 phép đo mỗi lô bằng mã truy cập cá nhân của người dùng doanh nghiệp. " +
			"Cả lô được kiểm tra trước; có lỗi thì không lưu phép đo nào. Điểm mới vi phạm quy tắc tạo cảnh báo. " +
			"(Up to 10,000 measurements per batch with the enterprise user's personal token; the whole batch is checked first " +
			"and nothing is stored on any error; new points breaking a rule raise alerts.)",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: maxMeasurementBody, SkipValidateBody: true,
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		a.handleQualityMeasurements)
	a.registerQualityEdit(tags)
	register(a, huma.Operation{OperationID: "list-quality-alerts", Method: http.MethodGet, Path: Prefix + "/quality/alerts", Tags: tags,
		Summary: "Cảnh báo vi phạm quy tắc (rule alerts)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *alertListInput) (*alertList, error) {
			as, n, err := a.quality.FindAlerts(ctx, quality.AlertFilter{CharacteristicID: quality.CharacteristicID(in.Characteristic),
				Unread: in.Unread, Offset: in.Offset, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			out := &alertList{}
			out.Body.Items, out.Body.Total = as, n
			return out, nil
		})
}

func (a *API) handleQualityMeasurements(ctx context.Context, in *measurementsInput) (*measurementsOutput, error) {
	ms := make([]quality.MeasurementInput, len(in.Body.Measurements))
	f := fault.Fields{}
	for i, m := range in.Body.Measurements {
		v := m.Value
		if m.Count != nil {
			v = m.Count
		}
		if v == nil {
			if len(f) < 10 {
				f.Add("measurements", "Phép đo thiếu value (hoặc count).", "A measurement lacks value (or count).")
			}
			continue
		}
		ms[i] = quality.MeasurementInput{TakenAt: m.TakenAt, Subgroup: m.Subgroup, Value: *v, Size: m.Size}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	res, err := a.quality.AddBatch(ctx, quality.CharacteristicID(in.ID), ms)
	if err != nil {
		return nil, err
	}
	return &measurementsOutput{Body: res}, nil
}
