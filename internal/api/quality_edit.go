package api

import (
	"bytes"
	"context"
	"mime"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/auth"
	"nscl/internal/pdfdoc"
	"nscl/internal/quality"
	"nscl/internal/registry"
)

// Editing processes and characteristics, and the PDF report.

type processUpdateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã quá trình (process id)"`
	Body struct {
		Name        string `json:"name" maxLength:"200" doc:"Tên quá trình (process name)"`
		Description string `json:"description,omitempty" maxLength:"2000"`
		Line        string `json:"line,omitempty" maxLength:"200" doc:"Dây chuyền hoặc khu vực (line or area)"`
		Active      *bool  `json:"active,omitempty" doc:"false: ngừng theo dõi quá trình và mọi đặc tính của nó; true: theo dõi lại; bỏ trống: giữ nguyên (false stops monitoring the process and all its characteristics; true resumes; omitted: unchanged)"`
	}
}

type characteristicUpdateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã đặc tính (characteristic id)"`
	Body struct {
		Name         string   `json:"name" maxLength:"200"`
		Unit         string   `json:"unit,omitempty" maxLength:"30" example:"mm"`
		LSL          *float64 `json:"lsl,omitempty" doc:"Bỏ trống để xóa (omit to remove)"`
		USL          *float64 `json:"usl,omitempty" doc:"Bỏ trống để xóa (omit to remove)"`
		Target       *float64 `json:"target,omitempty" doc:"Bỏ trống để xóa (omit to remove)"`
		SubgroupSize int      `json:"subgroup_size" minimum:"1" doc:"Chỉ đổi được khi chưa có phép đo (changes only while there are no measurements)"`
		Chart        string   `json:"chart" enum:"xbar-r,xbar-s,imr,p,np,c,u,ewma,cusum" doc:"Khi đã có phép đo, chỉ đổi giữa các biểu đồ biến số phù hợp cỡ nhóm con (with measurements, only among the variables charts that fit the subgroup size)"`
		Rules        string   `json:"rules,omitempty" enum:"we,nelson,none" default:"we"`
		SamplingPlan string   `json:"sampling_plan,omitempty" maxLength:"2000"`
		Active       *bool    `json:"active,omitempty" doc:"false: ngừng theo dõi; true: theo dõi lại (cần quá trình đang được theo dõi); bỏ trống: giữ nguyên (false stops monitoring; true resumes, which needs an active process; omitted: unchanged)"`
	}
}

type reportInput struct {
	ID     int64 `path:"id" minimum:"1" doc:"Mã đặc tính (characteristic id)"`
	Window int   `query:"window" minimum:"0" maximum:"1000" doc:"Số điểm gần nhất, mặc định 100 (latest points, default 100)"`
}

type reportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

// letterhead returns an enterprise's name and the place name of its
// province for the report's letterhead (empty when unknown).
func (a *API) letterhead(ctx context.Context, ent int64) (issuer, place string) {
	if a.registry == nil || ent == 0 {
		return "", ""
	}
	e, err := a.registry.FindEnterpriseByID(auth.SystemContext(ctx), registry.EnterpriseID(ent))
	if err != nil {
		return "", ""
	}
	if a.geo != nil {
		place = pdfdoc.PlaceName(a.geo.Name(e.ProvinceCode))
	}
	return e.Name, place
}

func (a *API) registerQualityEdit(tags []string) {
	register(a, huma.Operation{OperationID: "update-quality-process", Method: http.MethodPut, Path: Prefix + "/quality/processes/{id}", Tags: tags,
		Summary:     "Sửa hoặc ngừng theo dõi quá trình (edit a process, or stop monitoring it)",
		Description: "Thay tên, mô tả, dây chuyền; active đổi trạng thái theo dõi. Mọi thay đổi được ghi nhật ký. (Replaces the name, description and line; active changes the monitoring state. Every change is audited.)",
		Errors:      []int{http.StatusNotFound, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *processUpdateInput) (*processOutput, error) {
			b := in.Body
			p, err := a.quality.UpdateProcess(ctx, quality.ProcessID(in.ID),
				quality.ProcessUpdate{Name: b.Name, Description: b.Description, Line: b.Line, Active: b.Active})
			if err != nil {
				return nil, err
			}
			return &processOutput{Body: p}, nil
		})
	register(a, huma.Operation{OperationID: "update-quality-characteristic", Method: http.MethodPut, Path: Prefix + "/quality/characteristics/{id}", Tags: tags,
		Summary: "Sửa hoặc ngừng theo dõi đặc tính (edit a characteristic, or stop monitoring it)",
		Description: "Thay mọi thiết lập (giới hạn bỏ trống thì bị xóa). Khi đã có phép đo, cỡ nhóm con cố định và chỉ đổi được sang biểu đồ đọc được dữ liệu đã có; Cpk gần nhất được tính lại. " +
			"(Replaces every setting; omitted limits are removed. Once there are measurements the subgroup size is fixed and the chart changes only to one that reads the stored data; the latest Cpk is recomputed.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *characteristicUpdateInput) (*characteristicOutput, error) {
			b := in.Body
			c, err := a.quality.UpdateCharacteristic(ctx, quality.CharacteristicID(in.ID), quality.CharacteristicUpdate{Name: b.Name, Unit: b.Unit,
				LSL: b.LSL, USL: b.USL, Target: b.Target, SubgroupSize: b.SubgroupSize, Chart: b.Chart, Rules: b.Rules, SamplingPlan: b.SamplingPlan,
				Active: b.Active})
			if err != nil {
				return nil, err
			}
			return &characteristicOutput{Body: c}, nil
		})
	register(a, huma.Operation{OperationID: "get-quality-report-pdf", Method: http.MethodGet, Path: Prefix + "/quality/characteristics/{id}/report.pdf", Tags: tags,
		Summary: "Báo cáo PDF: biểu đồ kiểm soát và năng lực quá trình (PDF report: control chart and capability)",
		Description: "Báo cáo khổ A4 theo thể thức Nghị định 30/2020/NĐ-CP: quốc hiệu, tiêu ngữ, tên doanh nghiệp, ngày tháng, biểu đồ kiểm soát, bảng chỉ số năng lực và các điểm vi phạm quy tắc. " +
			"(An A4 report in the Decree 30/2020 layout: national header and motto, the enterprise, the date line, the control chart, the capability table and the points breaking a rule.)",
		Errors: []int{http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {
			Description: "Tệp PDF (the PDF file)",
			Headers: map[string]*huma.Param{
				"Content-Disposition": {Description: `attachment; filename="bao-cao-spc-….pdf"`, Schema: &huma.Schema{Type: huma.TypeString}},
			},
			Content: map[string]*huma.MediaType{"application/pdf": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}},
		}}},
		func(ctx context.Context, in *reportInput) (*reportOutput, error) {
			var buf bytes.Buffer
			name, err := a.quality.ReportPDF(ctx, quality.CharacteristicID(in.ID), quality.ReportOptions{Window: in.Window, Letterhead: a.letterhead}, &buf)
			if err != nil {
				return nil, err
			}
			return &reportOutput{ContentType: "application/pdf", ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": name}),
				CacheControl: "private, no-store", Body: buf.Bytes()}, nil
		})
}
