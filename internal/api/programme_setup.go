package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/programme"
	"nscl/internal/registry"
)

type targetsOutput struct {
	Body struct {
		Programme *programme.Programme `json:"programme"`
		Items     []programme.Target   `json:"items"`
	}
}

type targetPutInput struct {
	Body programme.TargetInput
}

type targetOutput struct {
	Body *programme.Target
}

type planListInput struct {
	Year int `query:"year" minimum:"0" doc:"Lọc theo năm, 0 = mọi năm (filter by year)"`
}

type planListOutput struct {
	Body struct {
		Items []*programme.Plan `json:"items"`
	}
}

type planCreateInput struct {
	Body programme.PlanInput
}

type planIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã kế hoạch (plan id)"`
}

type planPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int                  `json:"version" minimum:"1" doc:"Phiên bản đã đọc (the version read: optimistic lock)"`
		Title   string               `json:"title"`
		Notes   string               `json:"notes" required:"false"`
		Lines   []programme.PlanLine `json:"lines" required:"false"`
	}
}

type planApproveInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version      int    `json:"version" minimum:"1"`
		DecisionNo   string `json:"decision_no" doc:"Ví dụ 1234/QĐ-BCT"`
		DecisionDate string `json:"decision_date" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	}
}

// planView is a plan with its totals.
type planView struct {
	*programme.Plan
	Totals []programme.PlanTotals `json:"totals" doc:"Tổng theo hướng hỗ trợ (totals by track)"`
	Total  programme.PlanTotals   `json:"total"`
}

type planOutput struct {
	Body planView
}

func planOut(p *programme.Plan) *planOutput {
	byTrack, all := p.Totals()
	if p.Lines == nil {
		p.Lines = []programme.PlanLine{}
	}
	return &planOutput{Body: planView{Plan: p, Totals: append([]programme.PlanTotals{}, byTrack...), Total: all}}
}

type callListInput struct {
	Track    string `query:"track" enum:"breadth,depth,capacity"`
	Type     string `query:"type" enum:"pilot_model,depth_project,training_course,communication,contest,research,standard_drafting,lab_upgrade"`
	Province string `query:"province" example:"79" doc:"Đợt của tỉnh hoặc dành cho tỉnh (calls of or open to the province)"`
	Status   string `query:"status" enum:"open,closed,draft" doc:"draft: chỉ cán bộ (officers only)"`
}

// callItem is a call with, for an open one, the whole days left.
type callItem struct {
	*programme.Call
	DaysLeft  *int `json:"days_left,omitempty" doc:"Số ngày còn lại đến hạn nộp (đợt đang mở)"`
	Accepting bool `json:"accepting" doc:"Đang nhận đề xuất lúc này (accepts proposals now)"`
}

type callListOutput struct {
	Body struct {
		Items []callItem `json:"items"`
	}
}

type callIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã đợt (call id)"`
}

type callShowOutput struct {
	Body struct {
		callItem
		Rules      *registry.TrackRules `json:"rules,omitempty" doc:"Điều kiện của hướng hỗ trợ có hiệu lực tại ngày mở đợt (the track's rules in force at the opening)"`
		RulesSince string               `json:"rules_since,omitempty" doc:"yyyy-mm-dd"`
	}
}

type callCreateInput struct {
	Body programme.CallInput
}

type callPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
		programme.CallInput
	}
}

type callMoveInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
	}
}

type callOutput struct {
	Body *programme.Call
}

func callItemOf(c *programme.Call, now time.Time) callItem {
	it := callItem{Call: c, Accepting: c.AcceptsAt(now)}
	if c.Status == programme.CallOpen {
		d := c.DaysLeft(now)
		it.DaysLeft = &d
	}
	return it
}

// registerProgrammeSetup registers the operations of the programme's
// structure: targets, annual plans, calls for proposals. The service
// authorizes: officers for targets and plans, everyone for open and closed
// calls.
func (a *API) registerProgrammeSetup() {
	tags := []string{tagProgramme}
	register(a, huma.Operation{OperationID: "get-programme-targets", Method: http.MethodGet, Path: Prefix + "/programme/targets", Tags: tags,
		Summary: "Chương trình và chỉ tiêu (the programme and its targets)", Description: "Cán bộ quản lý chương trình. (Programme officers.)"},
		func(ctx context.Context, _ *struct{}) (*targetsOutput, error) {
			p, err := a.programme.Programme(ctx)
			if err != nil {
				return nil, err
			}
			ts, err := a.programme.Targets(ctx)
			if err != nil {
				return nil, err
			}
			out := &targetsOutput{}
			out.Body.Programme, out.Body.Items = p, append([]programme.Target{}, ts...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "put-programme-target", Method: http.MethodPut, Path: Prefix + "/programme/targets", Tags: tags,
		Summary: "Đặt chỉ tiêu (set a target)",
		Description: "Cán bộ Bộ, quản trị viên. Năm trong giai đoạn hoặc 0 = cả giai đoạn; giá trị ≥ 0, tỷ lệ % ≤ 100, chỉ tiêu đếm là số nguyên. " +
			"Sửa chỉ tiêu có sẵn: gửi version đã đọc (bắt buộc); chỉ tiêu mới: version 0. Phiên bản cũ, hoặc chỉ tiêu mới trùng năm → 409. " +
			"(Ministry officers; a year of the period or 0; value ≥ 0, percentages ≤ 100, counts whole. Changing an existing target requires the version read; " +
			"a new one has version 0. A stale version, or a new target for a year that has one, is 409.)",
		Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *targetPutInput) (*targetOutput, error) {
			t, err := a.programme.SaveTarget(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &targetOutput{Body: t}, nil
		})
	register(a, huma.Operation{OperationID: "list-programme-plans", Method: http.MethodGet, Path: Prefix + "/programme/plans", Tags: tags,
		Summary: "Kế hoạch năm (annual plans)", Description: "Cán bộ: kế hoạch của Bộ và của tỉnh mình (cán bộ Bộ: mọi kế hoạch). (Officers: the ministry's and their province's.)"},
		func(ctx context.Context, in *planListInput) (*planListOutput, error) {
			ps, err := a.programme.Plans(ctx, in.Year)
			if err != nil {
				return nil, err
			}
			out := &planListOutput{}
			out.Body.Items = append([]*programme.Plan{}, ps...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-programme-plan", Method: http.MethodPost, Path: Prefix + "/programme/plans", Tags: tags,
		Summary:       "Lập kế hoạch năm (create an annual plan)",
		Description:   "Kế hoạch của Bộ (province_code rỗng): cán bộ Bộ; kế hoạch của tỉnh: cán bộ tỉnh đó. Một kế hoạch cho mỗi năm và đơn vị. (One plan per year and unit.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *planCreateInput) (*planOutput, error) {
			p, err := a.programme.CreatePlan(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return planOut(p), nil
		})
	register(a, huma.Operation{OperationID: "get-programme-plan", Method: http.MethodGet, Path: Prefix + "/programme/plans/{id}", Tags: tags,
		Summary: "Một kế hoạch với dự toán và tổng (one plan with its lines and totals)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *planIDInput) (*planOutput, error) {
			p, err := a.programme.Plan(ctx, programme.PlanID(in.ID))
			if err != nil {
				return nil, err
			}
			return planOut(p), nil
		})
	register(a, huma.Operation{OperationID: "put-programme-plan", Method: http.MethodPut, Path: Prefix + "/programme/plans/{id}", Tags: tags,
		Summary:     "Sửa kế hoạch nháp (edit a draft plan)",
		Description: "Thay tên, ghi chú và toàn bộ dòng dự toán. Phiên bản cũ → 409. (Replaces title, notes and lines; a stale version is 409.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *planPutInput) (*planOutput, error) {
			p, err := a.programme.UpdatePlan(ctx, programme.PlanID(in.ID), in.Body.Version,
				programme.PlanInput{Title: in.Body.Title, Notes: in.Body.Notes, Lines: in.Body.Lines})
			if err != nil {
				return nil, err
			}
			return planOut(p), nil
		})
	register(a, huma.Operation{OperationID: "approve-programme-plan", Method: http.MethodPost, Path: Prefix + "/programme/plans/{id}/approve", Tags: tags,
		Summary:     "Phê duyệt kế hoạch (approve a plan)",
		Description: "Ghi số, ngày quyết định; dự toán không sửa được nữa. (Records the decision; the lines are frozen.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *planApproveInput) (*planOutput, error) {
			p, err := a.programme.ApprovePlan(ctx, programme.PlanID(in.ID), in.Body.Version,
				programme.ApproveInput{DecisionNo: in.Body.DecisionNo, DecisionDate: in.Body.DecisionDate})
			if err != nil {
				return nil, err
			}
			return planOut(p), nil
		})
	register(a, huma.Operation{OperationID: "list-calls", Method: http.MethodGet, Path: Prefix + "/calls", Tags: tags, Security: public,
		Summary:     "Đợt kêu gọi đề xuất (calls for proposals)",
		Description: "Công khai: đợt đang mở (hạn gần nhất trước), rồi đợt đã đóng; cán bộ thấy thêm bản nháp trong phạm vi. (Public: open calls, nearest deadline first, then closed ones; officers also their scope's drafts.)"},
		func(ctx context.Context, in *callListInput) (*callListOutput, error) {
			cs, err := a.programme.Calls(ctx, programme.CallQuery{Track: programme.Track(in.Track), Type: programme.ActivityType(in.Type),
				Province: in.Province, Status: programme.CallStatus(in.Status)})
			if err != nil {
				return nil, err
			}
			now := a.programme.CallNow()
			out := &callListOutput{}
			out.Body.Items = []callItem{}
			for _, c := range cs {
				out.Body.Items = append(out.Body.Items, callItemOf(c, now))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-call", Method: http.MethodGet, Path: Prefix + "/calls/{id}", Tags: tags, Security: public,
		Summary:     "Một đợt kêu gọi (one call)",
		Description: "Công khai khi đang mở hoặc đã đóng; bản nháp chỉ cán bộ trong phạm vi. Kèm điều kiện của hướng hỗ trợ có hiệu lực tại ngày mở đợt. (With the track's rules in force at the opening.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *callIDInput) (*callShowOutput, error) {
			c, err := a.programme.Call(ctx, programme.CallID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &callShowOutput{}
			out.Body.callItem = callItemOf(c, a.programme.CallNow())
			rules, set, err := a.programme.CallRules(ctx, c)
			if err == nil && rules != nil {
				out.Body.Rules, out.Body.RulesSince = rules, set.EffectiveFrom
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-call", Method: http.MethodPost, Path: Prefix + "/calls", Tags: tags,
		Summary:       "Tạo đợt kêu gọi (create a draft call)",
		Description:   "Đợt của Bộ: cán bộ Bộ; đợt của tỉnh: cán bộ tỉnh đó, chỉ cho tỉnh mình. Mã dạng BCT-2026-01, duy nhất. (Code like BCT-2026-01, unique.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *callCreateInput) (*callOutput, error) {
			c, err := a.programme.CreateCall(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &callOutput{Body: c}, nil
		})
	register(a, huma.Operation{OperationID: "put-call", Method: http.MethodPut, Path: Prefix + "/calls/{id}", Tags: tags,
		Summary:     "Sửa đợt kêu gọi (edit a call)",
		Description: "Bản nháp: mọi trường. Đang mở: chỉ quy định (description) và gia hạn (deadline). Đã đóng: không sửa. Phiên bản cũ → 409. (Open: description and a later deadline only; a stale version is 409.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *callPutInput) (*callOutput, error) {
			c, err := a.programme.UpdateCall(ctx, programme.CallID(in.ID), in.Body.Version, in.Body.CallInput)
			if err != nil {
				return nil, err
			}
			return &callOutput{Body: c}, nil
		})
	register(a, huma.Operation{OperationID: "open-call", Method: http.MethodPost, Path: Prefix + "/calls/{id}/open", Tags: tags,
		Summary: "Mở đợt (publish a draft call)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *callMoveInput) (*callOutput, error) {
			c, err := a.programme.OpenCall(ctx, programme.CallID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &callOutput{Body: c}, nil
		})
	register(a, huma.Operation{OperationID: "close-call", Method: http.MethodPost, Path: Prefix + "/calls/{id}/close", Tags: tags,
		Summary: "Đóng đợt (close a call)", Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *callMoveInput) (*callOutput, error) {
			c, err := a.programme.CloseCall(ctx, programme.CallID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &callOutput{Body: c}, nil
		})
}
