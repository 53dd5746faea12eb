package api

// The operations of contests (cycles, categories, rubric, timeline) and entries.

import (
	"net/http"
	"time"

	"nscl/internal/contest"
	"nscl/internal/vn"
)

// ContestCategoryOut is a contest's category.
type ContestCategoryOut struct {
	ID     int64              `json:"id"`
	Code   string             `json:"code"`
	Name   string             `json:"name"`
	Basis  string             `json:"basis" enum:"sector,size,tool,open"`
	Value  string             `json:"value"`
	Awards []ContestAwardTier `json:"awards"`
}

// ContestCriterionOut is a line of a contest's rubric.
type ContestCriterionOut struct {
	ID        int64   `json:"id"`
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Guidance  string  `json:"guidance"`
	MaxPoints float64 `json:"max_points"`
	TieBreak  int     `json:"tie_break" doc:"Thứ tự xét hòa điểm, 0 = không (tie-break order, 0 none)"`
}

// ContestOut is a contest cycle.
type ContestOut struct {
	ID           int64                 `json:"id"`
	Code         string                `json:"code"`
	Title        string                `json:"title"`
	Year         int                   `json:"year"`
	Kind         string                `json:"kind"`
	ProvinceCode string                `json:"province_code" doc:"Đơn vị tổ chức: rỗng = Bộ (the organiser: empty = the ministry)"`
	EntryKind    string                `json:"entry_kind"`
	RulesMD      string                `json:"rules_md"`
	Status       string                `json:"status"`
	EntriesOpen  string                `json:"entries_open" doc:"yyyy-mm-dd"`
	EntriesClose string                `json:"entries_close" doc:"yyyy-mm-dd"`
	JudgingEnd   string                `json:"judging_end" doc:"yyyy-mm-dd"`
	PublishOn    string                `json:"publish_on" doc:"yyyy-mm-dd"`
	MinJudges    int                   `json:"min_judges"`
	Blind        bool                  `json:"blind"`
	Eligibility  ContestEligibility    `json:"eligibility"`
	Categories   []ContestCategoryOut  `json:"categories,omitempty"`
	Criteria     []ContestCriterionOut `json:"criteria,omitempty"`
	MaxPoints    float64               `json:"max_points,omitempty"`
	AcceptsNow   bool                  `json:"accepts_entries_now"`
	Version      int                   `json:"version"`
}

// The API's names of contest value types (huma names a schema after its
// Go type, and other packages have an Eligibility).
type (
	ContestEligibility contest.Eligibility
	ContestAwardTier   contest.AwardTier
	ContestKPI         contest.EntryKPI
	ContestProblem     contest.Problem
)

func convert[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func ymd(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vn.Zone).Format("2006-01-02")
}

func (a *API) contestOut(c *contest.Contest) ContestOut {
	out := ContestOut{ID: int64(c.ID), Code: c.Code, Title: c.Title, Year: c.Year, Kind: string(c.Kind), ProvinceCode: c.ProvinceCode,
		EntryKind: string(c.EntryKind), RulesMD: c.RulesMD, Status: string(c.Status), EntriesOpen: ymd(c.EntriesOpen),
		EntriesClose: ymd(c.EntriesClose), JudgingEnd: ymd(c.JudgingEnd), PublishOn: ymd(c.PublishOn), MinJudges: c.MinJudges,
		Blind: c.Blind, Eligibility: ContestEligibility(c.Eligibility), MaxPoints: c.MaxPoints, AcceptsNow: c.AcceptsEntries(a.contest.Today()), Version: c.Version}
	for _, k := range c.Categories {
		out.Categories = append(out.Categories, ContestCategoryOut{ID: int64(k.ID), Code: k.Code, Name: k.Name, Basis: string(k.Basis),
			Value: k.Value, Awards: convert(k.Awards, func(a contest.AwardTier) ContestAwardTier { return ContestAwardTier(a) })})
	}
	for _, k := range c.Criteria {
		out.Criteria = append(out.Criteria, ContestCriterionOut{ID: int64(k.ID), Code: k.Code, Name: k.Name, Guidance: k.Guidance,
			MaxPoints: k.MaxPoints, TieBreak: k.TieBreak})
	}
	return out
}

// ContestSetupIn is a contest as an organiser sends it.
type ContestSetupIn struct {
	Code         string               `json:"code" example:"NSCL-2027"`
	Title        string               `json:"title"`
	Year         int                  `json:"year"`
	Kind         string               `json:"kind" enum:"yearly,adhoc"`
	ProvinceCode string               `json:"province_code" required:"false" doc:"Rỗng = của Bộ; cán bộ tỉnh: tỉnh mình (empty = the ministry's)"`
	EntryKind    string               `json:"entry_kind" enum:"enterprise,solution"`
	RulesMD      string               `json:"rules_md" required:"false"`
	EntriesOpen  string               `json:"entries_open" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	EntriesClose string               `json:"entries_close"`
	JudgingEnd   string               `json:"judging_end"`
	PublishOn    string               `json:"publish_on"`
	MinJudges    int                  `json:"min_judges"`
	Blind        bool                 `json:"blind" required:"false"`
	Eligibility  ContestEligibility   `json:"eligibility" required:"false"`
	Preset       string               `json:"preset" required:"false" enum:"gtclqg,solution," doc:"Lấy hạng mục và tiêu chí từ mẫu khi không gửi (take categories and criteria from a preset when none are sent)"`
	Categories   []ContestCategoryIn  `json:"categories" required:"false"`
	Criteria     []ContestCriterionIn `json:"criteria" required:"false"`
}

// ContestCategoryIn is a category as sent.
type ContestCategoryIn struct {
	Code   string             `json:"code"`
	Name   string             `json:"name"`
	Basis  string             `json:"basis" enum:"sector,size,tool,open"`
	Value  string             `json:"value" required:"false"`
	Awards []ContestAwardTier `json:"awards" required:"false"`
}

// ContestCriterionIn is a rubric line as sent.
type ContestCriterionIn struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Guidance  string  `json:"guidance" required:"false"`
	MaxPoints float64 `json:"max_points"`
	TieBreak  int     `json:"tie_break" required:"false"`
}

func (in *ContestSetupIn) input() contest.ContestInput {
	out := contest.ContestInput{Code: in.Code, Title: in.Title, Year: in.Year, Kind: contest.Kind(in.Kind), ProvinceCode: in.ProvinceCode,
		EntryKind: contest.EntryKind(in.EntryKind), RulesMD: in.RulesMD, EntriesOpen: in.EntriesOpen, EntriesClose: in.EntriesClose,
		JudgingEnd: in.JudgingEnd, PublishOn: in.PublishOn, MinJudges: in.MinJudges, Blind: in.Blind, Eligibility: contest.Eligibility(in.Eligibility)}
	for _, k := range in.Categories {
		out.Categories = append(out.Categories, contest.Category{Code: k.Code, Name: k.Name, Basis: contest.CategoryBasis(k.Basis), Value: k.Value,
			Awards: convert(k.Awards, func(a ContestAwardTier) contest.AwardTier { return contest.AwardTier(a) })})
	}
	for _, k := range in.Criteria {
		out.Criteria = append(out.Criteria, contest.Criterion{Code: k.Code, Name: k.Name, Guidance: k.Guidance, MaxPoints: k.MaxPoints, TieBreak: k.TieBreak})
	}
	if p, ok := contest.PresetByCode(in.Preset); ok {
		if len(out.Categories) == 0 {
			out.Categories = p.Categories
		}
		if len(out.Criteria) == 0 {
			out.Criteria = p.Criteria
		}
	}
	return out
}

// ContestEntryOut is an entry.
type ContestEntryOut struct {
	ID           int64             `json:"id"`
	ContestID    int64             `json:"contest_id"`
	CategoryID   int64             `json:"category_id"`
	EnterpriseID int64             `json:"enterprise_id"`
	Enterprise   string            `json:"enterprise"`
	Code         string            `json:"code"`
	Title        string            `json:"title"`
	SummaryMD    string            `json:"summary_md"`
	Form         map[string]string `json:"form" doc:"Câu trả lời theo mã tiêu chí (answers by criterion code)"`
	KPIs         []ContestKPI      `json:"kpis"`
	ActivityIDs  []int64           `json:"activity_ids"`
	Status       string            `json:"status"`
	StatusNote   string            `json:"status_note"`
	SubmittedAt  *time.Time        `json:"submitted_at,omitempty"`
	Problems     []ContestProblem  `json:"problems,omitempty" doc:"Điều còn thiếu (what the entry still lacks)"`
	Version      int               `json:"version"`
}

func contestEntryOut(e *contest.Entry, ps []contest.Problem) ContestEntryOut {
	return ContestEntryOut{ID: int64(e.ID), ContestID: int64(e.ContestID), CategoryID: int64(e.CategoryID), EnterpriseID: int64(e.EnterpriseID),
		Enterprise: e.EnterpriseName, Code: e.Code, Title: e.Title, SummaryMD: e.SummaryMD, Form: e.Form, ActivityIDs: e.ActivityIDs,
		KPIs:   convert(e.KPIs, func(k contest.EntryKPI) ContestKPI { return ContestKPI(k) }),
		Status: string(e.Status), StatusNote: e.StatusNote, SubmittedAt: e.SubmittedAt, Version: e.Version,
		Problems: convert(ps, func(p contest.Problem) ContestProblem { return ContestProblem(p) })}
}

// ContestEntryIn is an entry as the enterprise sends it.
type ContestEntryIn struct {
	CategoryID  int64             `json:"category_id"`
	Title       string            `json:"title"`
	SummaryMD   string            `json:"summary_md" required:"false"`
	Form        map[string]string `json:"form" required:"false"`
	KPIs        []ContestKPI      `json:"kpis" required:"false" doc:"Chỉ số của doanh nghiệp; chỉ số đã xác minh lấy từ nhiệm vụ (own KPIs; verified ones come from the activities)"`
	ActivityIDs []int64           `json:"activity_ids" required:"false"`
}

func (in *ContestEntryIn) input() contest.EntryInput {
	return contest.EntryInput{CategoryID: contest.CategoryID(in.CategoryID), Title: in.Title, SummaryMD: in.SummaryMD, Form: in.Form,
		KPIs: convert(in.KPIs, func(k ContestKPI) contest.EntryKPI { return contest.EntryKPI(k) }), ActivityIDs: in.ActivityIDs}
}

type contestIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type contestListIn struct {
	Year   int    `query:"year" minimum:"0" maximum:"2100"`
	Status string `query:"status" enum:"draft,announced,judging,consensus,decided,cancelled,"`
}

type contestListOut struct {
	Body struct {
		Items []ContestOut `json:"items"`
	}
}

type contestOneOut struct{ Body ContestOut }

type contestCreateIn struct{ Body ContestSetupIn }

type contestPutIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
		ContestSetupIn
	}
}

type contestStatusIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" minimum:"1"`
		Status  string `json:"status" enum:"announced,cancelled" doc:"Công bố hoặc hủy; các bước chấm ở /phase (announce or cancel; judging steps are at /phase)"`
		Reason  string `json:"reason" required:"false" doc:"Lý do hủy (required to cancel)"`
	}
}

type contestEntriesIn struct {
	ID       int64  `path:"id" minimum:"1"`
	Category int64  `query:"category" minimum:"0"`
	Status   string `query:"status" enum:"draft,submitted,incomplete,accepted,rejected,withdrawn,"`
}

type contestEntriesOut struct {
	Body struct {
		Items []ContestEntryOut `json:"items"`
	}
}

type contestEntryCreateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body ContestEntryIn
}

type contestEntryOneOut struct{ Body ContestEntryOut }

type contestEntryPutIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
		ContestEntryIn
	}
}

type contestEntryVersionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
	}
}

type contestEntryCheckIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" minimum:"1"`
		Status  string `json:"status" enum:"accepted,incomplete,rejected"`
		Note    string `json:"note" required:"false" doc:"Bắt buộc khi cần bổ sung hoặc không hợp lệ (required unless accepted)"`
	}
}

var errs4 = []int{http.StatusNotFound, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}
