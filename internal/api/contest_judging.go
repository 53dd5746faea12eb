package api

// The operations of judging and results: the judges' pool, assignments,
// conflicts of interest, scoring, the consensus round, phases, results
// and feedback reports.

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/contest"
)

type judgingIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type judgingUserInput struct {
	ID   int64 `path:"id" minimum:"1"`
	User int64 `path:"user" minimum:"1"`
}

// JudgingEntrant is an entrant's identity, absent from a blind sheet.
type JudgingEntrant struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Name         string `json:"name"`
	TaxCode      string `json:"tax_code"`
	ProvinceCode string `json:"province_code"`
}

// JudgingEntry is an entry as a judge reads it.
type JudgingEntry struct {
	ID        int64              `json:"id"`
	ContestID int64              `json:"contest_id"`
	Code      string             `json:"code"`
	Title     string             `json:"title"`
	SummaryMD string             `json:"summary_md"`
	Form      map[string]string  `json:"form"`
	KPIs      []contest.EntryKPI `json:"kpis"`
	Entrant   *JudgingEntrant    `json:"entrant,omitempty" doc:"Vắng mặt khi chấm kín (absent in blind judging)"`
}

func judgingEntry(e *contest.Entry, blind bool) JudgingEntry {
	out := JudgingEntry{ID: int64(e.ID), ContestID: int64(e.ContestID), Code: e.Code, Title: e.Title, SummaryMD: e.SummaryMD, Form: e.Form, KPIs: e.KPIs}
	if !blind {
		out.Entrant = &JudgingEntrant{EnterpriseID: int64(e.EnterpriseID), Name: e.EnterpriseName, TaxCode: e.TaxCode, ProvinceCode: e.ProvinceCode}
	}
	return out
}

// JudgingSheet is one judge's sheet.
type JudgingSheet struct {
	EntryID     int64                   `json:"entry_id"`
	JudgeID     int64                   `json:"judge_id"`
	JudgeName   string                  `json:"judge_name"`
	Status      string                  `json:"status" enum:"assigned,draft,submitted"`
	Marks       map[string]contest.Mark `json:"marks"`
	Comment     string                  `json:"comment"`
	Total       float64                 `json:"total"`
	SubmittedAt *time.Time              `json:"submitted_at,omitempty"`
	Version     int                     `json:"version"`
}

func judgingSheet(a *contest.Assignment) JudgingSheet {
	return JudgingSheet{EntryID: int64(a.EntryID), JudgeID: a.UserID, JudgeName: a.JudgeName, Status: string(a.Status), Marks: a.Marks,
		Comment: a.Comment, Total: a.Total(), SubmittedAt: a.SubmittedAt, Version: a.Version}
}

type judgingSheetOutput struct {
	Body struct {
		Contest  string         `json:"contest"`
		Status   string         `json:"contest_status"`
		Blind    bool           `json:"blind"`
		Entry    JudgingEntry   `json:"entry"`
		Sheet    JudgingSheet   `json:"sheet"`
		Others   []JudgingSheet `json:"others" doc:"Phiếu của giám khảo khác, chỉ từ vòng đồng thuận (other judges' sheets, from the consensus round only)"`
		Editable bool           `json:"editable"`
	}
}

type judgingScoreInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body contest.ScoreInput
}

type judgingQueueOutput struct {
	Body struct {
		ToScore   []JudgingSheet      `json:"to_score"`
		Scored    []JudgingSheet      `json:"scored"`
		Conflicts []*contest.Conflict `json:"conflicts"`
	}
}

type judgingAddInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body contest.JudgeInput
}

type judgingJudgeOutput struct {
	Body *contest.Judge
}

type judgingBoardOutput struct {
	Body struct {
		Judges      []*contest.Judge   `json:"judges"`
		Assignments []JudgingSheet     `json:"assignments"`
		Exclusions  []JudgingExclusion `json:"exclusions"`
		Missing     int                `json:"missing" doc:"Phiếu chưa nộp (sheets not submitted)"`
	}
}

// JudgingExclusion is a judge who may not judge an entry, with why.
type JudgingExclusion struct {
	EntryID  int64  `json:"entry_id"`
	JudgeID  int64  `json:"judge_id"`
	ReasonVi string `json:"reason_vi"`
	ReasonEn string `json:"reason_en"`
}

type judgingAssignInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		UserID int64 `json:"user_id" minimum:"1" doc:"Giám khảo trong hội đồng (a judge of the pool)"`
	}
}

type judgingAutoOutput struct {
	Body *contest.AutoReport
}

type judgingConflictInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reason string `json:"reason" maxLength:"1000" doc:"Lý do (reason)"`
	}
}

type judgingPhaseInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body contest.PhaseInput
}

type judgingConsensusInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body contest.ConsensusInput
}

// JudgingConsensusRow is an entry in the consensus round.
type JudgingConsensusRow struct {
	Entry     JudgingEntry       `json:"entry"`
	Sheets    []JudgingSheet     `json:"sheets"`
	Min       []float64          `json:"min"`
	Max       []float64          `json:"max"`
	Mean      []float64          `json:"mean"`
	Spread    float64            `json:"spread"`
	Result    *contest.Ranked    `json:"result,omitempty"`
	Consensus *contest.Consensus `json:"consensus,omitempty"`
}

type judgingConsensusOutput struct {
	Body struct {
		Criteria []string              `json:"criteria" doc:"Mã tiêu chí theo thứ tự (criterion codes, in order)"`
		Rows     []JudgingConsensusRow `json:"rows"`
		Editable bool                  `json:"editable"`
	}
}

// JudgingResult is one line of a contest's results.
type JudgingResult struct {
	contest.Ranked
	Code           string `json:"code"`
	Title          string `json:"title"`
	EnterpriseName string `json:"enterprise_name"`
	Category       string `json:"category"`
}

type judgingResultsOutput struct {
	Body struct {
		Full      bool               `json:"full" doc:"Xem đầy đủ của ban tổ chức (the organiser's full view)"`
		Published bool               `json:"published"`
		Frozen    bool               `json:"frozen"`
		Mean      float64            `json:"mean,omitempty"`
		SD        float64            `json:"sd,omitempty"`
		Rows      []JudgingResult    `json:"rows"`
		Leniency  []contest.Leniency `json:"leniency,omitempty"`
	}
}

// JudgingFeedbackLine is one criterion of a feedback report.
type JudgingFeedbackLine struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Max      float64  `json:"max_points"`
	Mean     float64  `json:"mean"`
	Min      float64  `json:"min"`
	High     float64  `json:"max"`
	Final    float64  `json:"final"`
	Comments []string `json:"comments"`
}

type judgingFeedbackOutput struct {
	Body struct {
		EntryCode    string                `json:"entry_code"`
		Category     string                `json:"category"`
		Judges       int                   `json:"judges"`
		Rank         int                   `json:"rank"`
		Ranked       int                   `json:"ranked"`
		Award        string                `json:"award"`
		Final        float64               `json:"final"`
		Lines        []JudgingFeedbackLine `json:"lines"`
		Comments     []string              `json:"comments"`
		Distribution [10]int               `json:"distribution" doc:"Số bài theo khoảng 10 % điểm tối đa (entries per tenth of the maximum)"`
	}
}

type judgingEmptyOutput struct{}

// registerJudging registers this area's operations.
func (a *API) registerJudging() {
	tags := []string{tagContest}
	nf := []int{http.StatusNotFound}
	nfc := []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	none := func(err error) (*judgingEmptyOutput, error) {
		if err != nil {
			return nil, err
		}
		return &judgingEmptyOutput{}, nil
	}
	register(a, huma.Operation{OperationID: "get-judging-queue", Method: http.MethodGet, Path: Prefix + "/judging/queue", Tags: tags,
		Summary: "Hàng đợi chấm của giám khảo (the judge's queue)", Description: "Giám khảo: bài cần chấm, đã chấm, xung đột đã khai. (Judges: to score, scored, declared conflicts.)"},
		func(ctx context.Context, _ *struct{}) (*judgingQueueOutput, error) {
			q, err := a.contest.JudgeQueue(ctx)
			if err != nil {
				return nil, err
			}
			out := &judgingQueueOutput{}
			out.Body.ToScore, out.Body.Scored, out.Body.Conflicts = []JudgingSheet{}, []JudgingSheet{}, q.Conflicts
			for _, it := range q.ToScore {
				out.Body.ToScore = append(out.Body.ToScore, judgingSheet(it.Assignment))
			}
			for _, it := range q.Scored {
				out.Body.Scored = append(out.Body.Scored, judgingSheet(it.Assignment))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-contest-judging", Method: http.MethodGet, Path: Prefix + "/contests/{id}/judging", Tags: tags,
		Summary: "Hội đồng giám khảo, phân công và xung đột (judges, assignments, exclusions)", Description: "Ban tổ chức. (Organisers.)", Errors: nf},
		func(ctx context.Context, in *judgingIDInput) (*judgingBoardOutput, error) {
			b, err := a.contest.Board(ctx, contest.ContestID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &judgingBoardOutput{}
			out.Body.Judges, out.Body.Missing = b.Judges, b.Missing
			out.Body.Assignments, out.Body.Exclusions = []JudgingSheet{}, []JudgingExclusion{}
			for _, e := range b.Entries {
				for _, x := range b.Assignments[e.ID] {
					out.Body.Assignments = append(out.Body.Assignments, judgingSheet(x))
				}
				for _, j := range b.Judges {
					if t, ok := b.Conflicts[e.ID][j.UserID]; ok {
						out.Body.Exclusions = append(out.Body.Exclusions, JudgingExclusion{EntryID: int64(e.ID), JudgeID: j.UserID, ReasonVi: t.Vi, ReasonEn: t.En})
					}
				}
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "add-contest-judge", Method: http.MethodPost, Path: Prefix + "/contests/{id}/judges", Tags: tags,
		Summary: "Thêm giám khảo vào hội đồng (add a judge to the pool)", DefaultStatus: http.StatusCreated, Errors: nfc},
		func(ctx context.Context, in *judgingAddInput) (*judgingJudgeOutput, error) {
			j, err := a.contest.AddJudge(ctx, contest.ContestID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &judgingJudgeOutput{Body: j}, nil
		})
	register(a, huma.Operation{OperationID: "remove-contest-judge", Method: http.MethodDelete, Path: Prefix + "/contests/{id}/judges/{user}", Tags: tags,
		Summary: "Bỏ giám khảo khỏi hội đồng (remove a judge)", DefaultStatus: http.StatusNoContent, Errors: nf},
		func(ctx context.Context, in *judgingUserInput) (*judgingEmptyOutput, error) {
			return none(a.contest.RemoveJudge(ctx, contest.ContestID(in.ID), in.User))
		})
	register(a, huma.Operation{OperationID: "auto-assign-contest", Method: http.MethodPost, Path: Prefix + "/contests/{id}/assignments/auto", Tags: tags,
		Summary:     "Phân công tự động cân bằng (balanced automatic assignment)",
		Description: "Giữ phân công hiện có; báo các bài không đủ giám khảo. (Keeps existing assignments; reports entries left short.)", Errors: nfc},
		func(ctx context.Context, in *judgingIDInput) (*judgingAutoOutput, error) {
			rep, err := a.contest.AutoAssign(ctx, contest.ContestID(in.ID))
			if err != nil {
				return nil, err
			}
			if rep.Uncovered == nil {
				rep.Uncovered = []contest.Coverage{}
			}
			return &judgingAutoOutput{Body: rep}, nil
		})
	register(a, huma.Operation{OperationID: "assign-contest-entry", Method: http.MethodPost, Path: Prefix + "/contest-entries/{id}/assignments", Tags: tags,
		Summary: "Phân công một giám khảo (assign a judge)", Description: "Giám khảo có xung đột lợi ích → 409. (A conflicted judge is 409.)",
		DefaultStatus: http.StatusNoContent, Errors: nfc},
		func(ctx context.Context, in *judgingAssignInput) (*judgingEmptyOutput, error) {
			return none(a.contest.Assign(ctx, contest.EntryID(in.ID), in.Body.UserID))
		})
	register(a, huma.Operation{OperationID: "unassign-contest-entry", Method: http.MethodDelete, Path: Prefix + "/contest-entries/{id}/assignments/{user}", Tags: tags,
		Summary: "Gỡ phân công chưa nộp điểm (remove an assignment not submitted)", DefaultStatus: http.StatusNoContent, Errors: nfc},
		func(ctx context.Context, in *judgingUserInput) (*judgingEmptyOutput, error) {
			return none(a.contest.Unassign(ctx, contest.EntryID(in.ID), in.User))
		})
	register(a, huma.Operation{OperationID: "get-contest-score-sheet", Method: http.MethodGet, Path: Prefix + "/contest-entries/{id}/score", Tags: tags,
		Summary:     "Phiếu chấm của giám khảo (the judge's score sheet)",
		Description: "Giám khảo được phân công; chấm kín ẩn doanh nghiệp; điểm của người khác chỉ từ vòng đồng thuận. (The assigned judge; blind hides the entrant; others' scores from the consensus round only.)",
		Errors:      []int{http.StatusNotFound, http.StatusForbidden}},
		func(ctx context.Context, in *judgingIDInput) (*judgingSheetOutput, error) {
			sh, err := a.contest.Sheet(ctx, contest.EntryID(in.ID))
			if err != nil {
				return nil, err
			}
			return sheetOutput(sh), nil
		})
	register(a, huma.Operation{OperationID: "put-contest-score", Method: http.MethodPut, Path: Prefix + "/contest-entries/{id}/score", Tags: tags,
		Summary:     "Lưu nháp hoặc nộp điểm (save a draft or submit scores)",
		Description: "Điểm 0 đến điểm tối đa của tiêu chí; nộp thì khóa. (Scores 0 to the criterion's points; submitting locks.)",
		Errors:      []int{http.StatusNotFound, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *judgingScoreInput) (*judgingSheetOutput, error) {
			if _, err := a.contest.Score(ctx, contest.EntryID(in.ID), in.Body); err != nil {
				return nil, err
			}
			sh, err := a.contest.Sheet(ctx, contest.EntryID(in.ID))
			if err != nil {
				return nil, err
			}
			return sheetOutput(sh), nil
		})
	register(a, huma.Operation{OperationID: "declare-contest-conflict", Method: http.MethodPost, Path: Prefix + "/contest-entries/{id}/conflict", Tags: tags,
		Summary: "Khai báo xung đột lợi ích (declare a conflict of interest)", DefaultStatus: http.StatusNoContent, Errors: nfc},
		func(ctx context.Context, in *judgingConflictInput) (*judgingEmptyOutput, error) {
			return none(a.contest.DeclareConflict(ctx, contest.EntryID(in.ID), in.Body.Reason))
		})
	register(a, huma.Operation{OperationID: "change-contest-phase", Method: http.MethodPost, Path: Prefix + "/contests/{id}/phase", Tags: tags,
		Summary:       "Chuyển giai đoạn cuộc thi (move the contest to its next phase)",
		Description:   "announced→judging→consensus→decided; còn phiếu chưa nộp → 409 trừ khi buộc đóng kèm ghi chú. (Missing sheets are 409 unless forced with a note.)",
		DefaultStatus: http.StatusNoContent, Errors: nfc},
		func(ctx context.Context, in *judgingPhaseInput) (*judgingEmptyOutput, error) {
			return none(a.contest.ChangePhase(ctx, contest.ContestID(in.ID), in.Body))
		})
	register(a, huma.Operation{OperationID: "get-contest-consensus", Method: http.MethodGet, Path: Prefix + "/contests/{id}/consensus", Tags: tags,
		Summary: "Vòng đồng thuận: điểm các giám khảo cạnh nhau (the consensus round)", Errors: nfc},
		func(ctx context.Context, in *judgingIDInput) (*judgingConsensusOutput, error) {
			v, err := a.contest.ConsensusRound(ctx, contest.ContestID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &judgingConsensusOutput{}
			out.Body.Editable, out.Body.Criteria, out.Body.Rows = v.Editable, []string{}, []JudgingConsensusRow{}
			for _, c := range v.Contest.Criteria {
				out.Body.Criteria = append(out.Body.Criteria, c.Code)
			}
			for _, r := range v.Rows {
				row := JudgingConsensusRow{Entry: judgingEntry(r.Entry, r.Entry.EnterpriseID == 0), Sheets: []JudgingSheet{}, Min: r.Min, Max: r.Max,
					Mean: r.Mean, Spread: r.Spread, Result: r.Result, Consensus: r.Consensus}
				for _, x := range r.Sheets {
					row.Sheets = append(row.Sheets, judgingSheet(x))
				}
				out.Body.Rows = append(out.Body.Rows, row)
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "put-contest-consensus", Method: http.MethodPut, Path: Prefix + "/contest-entries/{id}/consensus", Tags: tags,
		Summary: "Ghi điểm đồng thuận (record consensus scores)", DefaultStatus: http.StatusNoContent, Errors: nfc},
		func(ctx context.Context, in *judgingConsensusInput) (*judgingEmptyOutput, error) {
			return none(a.contest.RecordConsensus(ctx, contest.EntryID(in.ID), in.Body))
		})
	register(a, huma.Operation{OperationID: "get-contest-results", Method: http.MethodGet, Path: Prefix + "/contests/{id}/results", Tags: tags,
		Security: public, Summary: "Kết quả cuộc thi (a contest's results)",
		Description: "Công khai từ ngày công bố: các bài đạt giải. Ban tổ chức: xếp hạng thô và chuẩn hóa, độ dễ dãi, từ khi bắt đầu chấm. (Public from publication: the awarded entries. Organisers: raw and normalised rankings and leniency from the start of judging.)",
		Errors:      nf},
		func(ctx context.Context, in *judgingIDInput) (*judgingResultsOutput, error) {
			v, err := a.contest.Results(ctx, contest.ContestID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &judgingResultsOutput{}
			out.Body.Full, out.Body.Published, out.Body.Frozen, out.Body.Rows = v.Full, v.Published, v.Frozen, []JudgingResult{}
			if v.Full {
				out.Body.Mean, out.Body.SD, out.Body.Leniency = v.Mean, v.SD, v.Judges
			}
			for _, r := range v.Rows {
				if r.Criteria == nil {
					r.Criteria = []float64{}
				}
				out.Body.Rows = append(out.Body.Rows, JudgingResult{Ranked: r.Ranked, Code: r.Code, Title: r.Title, EnterpriseName: r.EnterpriseName, Category: r.Category})
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-contest-feedback", Method: http.MethodGet, Path: Prefix + "/contest-entries/{id}/feedback", Tags: tags,
		Summary:     "Báo cáo phản hồi cho doanh nghiệp dự thi (the entrant's feedback report)",
		Description: "Doanh nghiệp dự thi từ ngày công bố; ban tổ chức khi đã có kết quả; giám khảo ẩn danh. (The entrant from publication; organisers once decided; judges anonymous.)",
		Errors:      []int{http.StatusNotFound, http.StatusForbidden}},
		func(ctx context.Context, in *judgingIDInput) (*judgingFeedbackOutput, error) {
			f, err := a.contest.Feedback(ctx, contest.EntryID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &judgingFeedbackOutput{}
			b := &out.Body
			b.EntryCode, b.Category, b.Judges, b.Ranked, b.Distribution = f.Entry.Code, f.Category, f.Judges, f.Ranked, f.Distribution
			b.Comments, b.Lines = append([]string{}, f.Comments...), []JudgingFeedbackLine{}
			if f.Result != nil {
				b.Rank, b.Award, b.Final = f.Result.Rank, f.Result.Award, f.Result.Final
			}
			for _, l := range f.Lines {
				b.Lines = append(b.Lines, JudgingFeedbackLine{Code: l.Criterion.Code, Name: l.Criterion.Name, Max: l.Criterion.MaxPoints, Mean: l.Mean,
					Min: l.Min, High: l.Max, Final: l.Final, Comments: append([]string{}, l.Comments...)})
			}
			return out, nil
		})
}

func sheetOutput(sh *contest.ScoreSheet) *judgingSheetOutput {
	out := &judgingSheetOutput{}
	b := &out.Body
	b.Contest, b.Status, b.Blind, b.Editable = sh.Contest.Title, string(sh.Contest.Status), sh.Blind, sh.Editable
	b.Entry, b.Sheet, b.Others = judgingEntry(sh.Entry, sh.Blind), judgingSheet(sh.Assignment), []JudgingSheet{}
	for _, o := range sh.Others {
		b.Others = append(b.Others, judgingSheet(o))
	}
	return out
}
