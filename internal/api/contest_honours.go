package api

// The operations of the honour roll.

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/contest"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// HonourOut is one honour of the roll.
type HonourOut struct {
	ID             int64              `json:"id"`
	Year           int                `json:"year"`
	Kind           string             `json:"kind" enum:"enterprise,solution"`
	EnterpriseID   int64              `json:"enterprise_id"`
	EnterpriseName string             `json:"enterprise_name"`
	ProvinceCode   string             `json:"province_code"`
	Title          string             `json:"title"`
	Award          string             `json:"award"`
	ContestID      int64              `json:"contest_id,omitempty"`
	ContestTitle   string             `json:"contest_title,omitempty"`
	Rank           int                `json:"rank,omitempty"`
	Score          float64            `json:"score,omitempty"`
	SummaryMD      string             `json:"summary_md" doc:"Markdown"`
	StoryMD        string             `json:"story_md" doc:"Markdown"`
	KPIs           []contest.EntryKPI `json:"kpis"`
	URL            string             `json:"url" doc:"Trang công khai (the public page)"`
	PhotoURL       string             `json:"photo_url,omitempty"`
	PublishedOn    string             `json:"published_on" format:"date"`
	Hidden         bool               `json:"hidden"`
	HiddenReason   string             `json:"hidden_reason,omitempty"`
	Version        int                `json:"version"`
}

func honourOut(r *contest.HonourRecord) HonourOut {
	o := HonourOut{ID: int64(r.ID), Year: r.Year, Kind: string(r.Kind), EnterpriseID: int64(r.EnterpriseID), EnterpriseName: r.EnterpriseName,
		ProvinceCode: r.ProvinceCode, Title: r.Title, Award: r.Award, ContestID: int64(r.ContestID), ContestTitle: r.ContestTitle,
		Rank: r.Rank, Score: r.Score, SummaryMD: r.SummaryMD, StoryMD: r.StoryMD, KPIs: r.KPIs,
		URL: "/vinh-danh/" + strconv.Itoa(r.Year) + "/" + r.Slug, PublishedOn: r.PublishedOn.In(vn.Zone).Format("2006-01-02"),
		Hidden: r.Hidden, HiddenReason: r.HiddenReason, Version: r.Version}
	if o.KPIs == nil {
		o.KPIs = []contest.EntryKPI{}
	}
	if r.Photo != nil {
		o.PhotoURL = "/honour-photos/" + strconv.FormatInt(int64(r.ID), 10)
	}
	return o
}

type honourListInput struct {
	Year int    `query:"year" minimum:"0" maximum:"2100" doc:"Năm vinh danh; 0 = mọi năm (the year; 0 = every year)"`
	Q    string `query:"q" maxLength:"200" doc:"Tìm theo tên, giải thưởng, tỉnh, loại; không cần dấu (search, diacritics optional)"`
}

type honourListOutput struct {
	Body struct {
		Items []HonourOut `json:"items"`
	}
}

type honourIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type honourOutput struct {
	Body HonourOut
}

// HonourRecordIn is a national honour the ministry records.
type HonourRecordIn struct {
	EnterpriseID int64              `json:"enterprise_id" minimum:"1"`
	Year         int                `json:"year"`
	Kind         string             `json:"kind" enum:"enterprise,solution"`
	Title        string             `json:"title" maxLength:"300"`
	Award        string             `json:"award" maxLength:"200"`
	SummaryMD    string             `json:"summary_md,omitempty" maxLength:"4000"`
	StoryMD      string             `json:"story_md,omitempty" maxLength:"80000"`
	KPIs         []contest.EntryKPI `json:"kpis,omitempty" maxItems:"20"`
}

type honourRecordInput struct {
	Body HonourRecordIn
}

// HonourEditIn is an edit of an honour (an organiser's writes the summary
// and story only).
type HonourEditIn struct {
	Version   int                `json:"version" minimum:"1"`
	Title     string             `json:"title" maxLength:"300"`
	Award     string             `json:"award" maxLength:"200"`
	SummaryMD string             `json:"summary_md,omitempty" maxLength:"4000"`
	StoryMD   string             `json:"story_md,omitempty" maxLength:"80000"`
	KPIs      []contest.EntryKPI `json:"kpis,omitempty" maxItems:"20"`
}

type honourEditInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body HonourEditIn
}

// HonourHideIn takes an honour off the roll, or puts it back.
type HonourHideIn struct {
	Version int    `json:"version" minimum:"1"`
	Hidden  bool   `json:"hidden"`
	Reason  string `json:"reason,omitempty" maxLength:"2000" doc:"Bắt buộc khi gỡ (required when hiding)"`
}

type honourHideInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body HonourHideIn
}

// registerHonours registers this area's operations.
func (a *API) registerHonours() {
	tags := []string{tagContest}
	register(a, huma.Operation{OperationID: "list-honours", Method: http.MethodGet, Path: Prefix + "/honours", Tags: tags,
		Security: public, Summary: "Bảng vinh danh (the honour roll)", Description: "Công khai: các vinh danh đã công bố, chưa gỡ. (Public: published honours not taken down.)"},
		func(ctx context.Context, in *honourListInput) (*honourListOutput, error) {
			rs, err := a.contest.PublicHonours(ctx, in.Year, in.Q)
			if err != nil {
				return nil, err
			}
			out := &honourListOutput{}
			out.Body.Items = make([]HonourOut, 0, len(rs))
			for _, r := range rs {
				out.Body.Items = append(out.Body.Items, honourOut(r))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-honour", Method: http.MethodGet, Path: Prefix + "/honours/{id}", Tags: tags,
		Security: public, Summary: "Một vinh danh (one honour)",
		Description: "Công khai khi đã công bố; người quản lý xem cả khi chưa. (Public once published; its managers see it before.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *honourIDInput) (*honourOutput, error) {
			r, err := a.contest.HonourByID(ctx, contest.HonourID(in.ID))
			if err != nil {
				return nil, err
			}
			return &honourOutput{Body: honourOut(r)}, nil
		})
	register(a, huma.Operation{OperationID: "create-honour", Method: http.MethodPost, Path: Prefix + "/honours", Tags: tags,
		Summary: "Ghi nhận vinh danh quốc gia (record a national honour)", Description: "Bộ Công Thương. (The ministry.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *honourRecordInput) (*honourOutput, error) {
			b := in.Body
			r, err := a.contest.RecordHonour(ctx, contest.HonourInput{EnterpriseID: registry.EnterpriseID(b.EnterpriseID), Year: b.Year,
				Kind: contest.EntryKind(b.Kind), Title: b.Title, Award: b.Award, SummaryMD: b.SummaryMD, StoryMD: b.StoryMD, KPIs: b.KPIs})
			if err != nil {
				return nil, err
			}
			return &honourOutput{Body: honourOut(r)}, nil
		})
	register(a, huma.Operation{OperationID: "put-honour", Method: http.MethodPut, Path: Prefix + "/honours/{id}", Tags: tags,
		Summary:     "Sửa vinh danh (edit an honour)",
		Description: "Bộ Công Thương: mọi trường; đơn vị tổ chức cuộc thi cấp tỉnh: tóm tắt và câu chuyện. Phiên bản cũ → 409. (The ministry: every field; a provincial contest's organiser: the summary and story. A stale version is 409.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *honourEditInput) (*honourOutput, error) {
			b := in.Body
			r, err := a.contest.EditHonour(ctx, contest.HonourID(in.ID), b.Version, contest.HonourEdit{Title: b.Title, Award: b.Award,
				SummaryMD: b.SummaryMD, StoryMD: b.StoryMD, KPIs: b.KPIs})
			if err != nil {
				return nil, err
			}
			return &honourOutput{Body: honourOut(r)}, nil
		})
	register(a, huma.Operation{OperationID: "hide-honour", Method: http.MethodPost, Path: Prefix + "/honours/{id}/hide", Tags: tags,
		Summary: "Gỡ hoặc hiển thị lại vinh danh (take an honour off the roll, or back)", Description: "Bộ Công Thương; gỡ cần lý do. (The ministry; hiding needs a reason.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *honourHideInput) (*honourOutput, error) {
			r, err := a.contest.HideHonour(ctx, contest.HonourID(in.ID), in.Body.Version, in.Body.Hidden, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return &honourOutput{Body: honourOut(r)}, nil
		})
}
