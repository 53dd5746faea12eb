package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/contest"
)

// registerContestSetup registers this area's operations.
func (a *API) registerContestSetup() {
	tags := []string{tagContest}
	register(a, huma.Operation{OperationID: "list-contests", Method: http.MethodGet, Path: Prefix + "/contests", Tags: tags, Security: public,
		Summary: "Các cuộc thi (contests)", Description: "Công khai: cuộc thi đã công bố; đơn vị tổ chức thấy cả bản nháp của mình. (Public: announced contests; organisers also their drafts.)"},
		func(ctx context.Context, in *contestListIn) (*contestListOut, error) {
			cs, err := a.contest.Contests(ctx, contest.ContestQuery{Year: in.Year, Status: contest.Status(in.Status)})
			if err != nil {
				return nil, err
			}
			out := &contestListOut{}
			out.Body.Items = []ContestOut{}
			for _, c := range cs {
				out.Body.Items = append(out.Body.Items, a.contestOut(c))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-contest", Method: http.MethodGet, Path: Prefix + "/contests/{id}", Tags: tags, Security: public,
		Summary: "Một cuộc thi: thể lệ, lịch, hạng mục, tiêu chí (one contest)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *contestIDIn) (*contestOneOut, error) {
			v, err := a.contest.Contest(ctx, contest.ContestID(in.ID))
			if err != nil {
				return nil, err
			}
			return &contestOneOut{Body: a.contestOut(v.Contest)}, nil
		})
	register(a, huma.Operation{OperationID: "create-contest", Method: http.MethodPost, Path: Prefix + "/contests", Tags: tags,
		Summary:       "Tạo cuộc thi (bản nháp) (create a draft contest)",
		Description:   "Cán bộ Bộ; cán bộ tỉnh tạo cuộc thi của tỉnh mình. (Ministry officers; a provincial officer one of their province.)",
		DefaultStatus: http.StatusCreated, Errors: errs4},
		func(ctx context.Context, in *contestCreateIn) (*contestOneOut, error) {
			c, err := a.contest.CreateContest(ctx, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &contestOneOut{Body: a.contestOut(c)}, nil
		})
	register(a, huma.Operation{OperationID: "put-contest", Method: http.MethodPut, Path: Prefix + "/contests/{id}", Tags: tags,
		Summary:     "Sửa cuộc thi (edit a contest)",
		Description: "Bản nháp sửa toàn bộ; đã công bố chỉ sửa tên, thể lệ, lịch. Phiên bản cũ → 409. (A draft changes whole; announced, only title, rules, timeline.)",
		Errors:      errs4},
		func(ctx context.Context, in *contestPutIn) (*contestOneOut, error) {
			c, err := a.contest.UpdateContest(ctx, contest.ContestID(in.ID), in.Body.Version, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &contestOneOut{Body: a.contestOut(c)}, nil
		})
	register(a, huma.Operation{OperationID: "set-contest-status", Method: http.MethodPost, Path: Prefix + "/contests/{id}/status", Tags: tags,
		Summary: "Công bố hoặc hủy cuộc thi (announce or cancel a contest)", Errors: errs4},
		func(ctx context.Context, in *contestStatusIn) (*contestOneOut, error) {
			var c *contest.Contest
			var err error
			switch in.Body.Status {
			case string(contest.StatusAnnounced):
				c, err = a.contest.Announce(ctx, contest.ContestID(in.ID), in.Body.Version)
			default:
				c, err = a.contest.Cancel(ctx, contest.ContestID(in.ID), in.Body.Version, in.Body.Reason)
			}
			if err != nil {
				return nil, err
			}
			return &contestOneOut{Body: a.contestOut(c)}, nil
		})
	register(a, huma.Operation{OperationID: "list-contest-entries", Method: http.MethodGet, Path: Prefix + "/contests/{id}/entries", Tags: tags,
		Summary:     "Hồ sơ dự thi của cuộc thi, kèm phần còn thiếu (a contest's entries with what they lack)",
		Description: "Đơn vị tổ chức. (The organisers.)", Errors: errs4},
		func(ctx context.Context, in *contestEntriesIn) (*contestEntriesOut, error) {
			_, rows, err := a.contest.Entries(ctx, contest.ContestID(in.ID), contest.EntryQuery{CategoryID: contest.CategoryID(in.Category),
				Status: contest.EntryStatus(in.Status)})
			if err != nil {
				return nil, err
			}
			out := &contestEntriesOut{}
			out.Body.Items = []ContestEntryOut{}
			for _, r := range rows {
				out.Body.Items = append(out.Body.Items, contestEntryOut(r.Entry, r.Problems))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "create-contest-entry", Method: http.MethodPost, Path: Prefix + "/contests/{id}/entries", Tags: tags,
		Summary:       "Đăng ký dự thi (bản nháp) (start an entry)",
		Description:   "Tài khoản doanh nghiệp, trong thời gian nhận hồ sơ. (Enterprise accounts, within the entry period.)",
		DefaultStatus: http.StatusCreated, Errors: errs4},
		func(ctx context.Context, in *contestEntryCreateIn) (*contestEntryOneOut, error) {
			e, err := a.contest.CreateEntry(ctx, contest.ContestID(in.ID), in.Body.input())
			if err != nil {
				return nil, err
			}
			return &contestEntryOneOut{Body: contestEntryOut(e, nil)}, nil
		})
	register(a, huma.Operation{OperationID: "get-contest-entry", Method: http.MethodGet, Path: Prefix + "/contest-entries/{id}", Tags: tags,
		Summary: "Một hồ sơ dự thi (one entry)", Description: "Doanh nghiệp dự thi và đơn vị tổ chức. (The entrant and the organisers.)", Errors: errs4},
		func(ctx context.Context, in *contestIDIn) (*contestEntryOneOut, error) {
			v, err := a.contest.Entry(ctx, contest.EntryID(in.ID))
			if err != nil {
				return nil, err
			}
			return &contestEntryOneOut{Body: contestEntryOut(v.Entry, v.Problems)}, nil
		})
	register(a, huma.Operation{OperationID: "put-contest-entry", Method: http.MethodPut, Path: Prefix + "/contest-entries/{id}", Tags: tags,
		Summary: "Sửa hồ sơ dự thi (edit an entry)", Description: "Bản nháp hoặc cần bổ sung, trước hạn. (A draft or incomplete entry, before the deadline.)", Errors: errs4},
		func(ctx context.Context, in *contestEntryPutIn) (*contestEntryOneOut, error) {
			e, err := a.contest.UpdateEntry(ctx, contest.EntryID(in.ID), in.Body.Version, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &contestEntryOneOut{Body: contestEntryOut(e, nil)}, nil
		})
	register(a, huma.Operation{OperationID: "submit-contest-entry", Method: http.MethodPost, Path: Prefix + "/contest-entries/{id}/submit", Tags: tags,
		Summary:     "Nộp hồ sơ dự thi (submit an entry)",
		Description: "Kiểm tra điều kiện dự thi và tính đầy đủ; liệt kê mọi lỗi. (Runs the eligibility and completeness checks; lists every failure.)",
		Errors:      errs4},
		func(ctx context.Context, in *contestEntryVersionIn) (*contestEntryOneOut, error) {
			e, err := a.contest.SubmitEntry(ctx, contest.EntryID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &contestEntryOneOut{Body: contestEntryOut(e, nil)}, nil
		})
	register(a, huma.Operation{OperationID: "withdraw-contest-entry", Method: http.MethodPost, Path: Prefix + "/contest-entries/{id}/withdraw", Tags: tags,
		Summary: "Rút hồ sơ dự thi trước khi chấm (withdraw an entry before judging)", Errors: errs4},
		func(ctx context.Context, in *contestEntryVersionIn) (*contestEntryOneOut, error) {
			e, err := a.contest.WithdrawEntry(ctx, contest.EntryID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &contestEntryOneOut{Body: contestEntryOut(e, nil)}, nil
		})
	register(a, huma.Operation{OperationID: "check-contest-entry", Method: http.MethodPost, Path: Prefix + "/contest-entries/{id}/check", Tags: tags,
		Summary:     "Kiểm tra tính đầy đủ: hợp lệ, cần bổ sung, không hợp lệ (the organiser's completeness check)",
		Description: "Đơn vị tổ chức; doanh nghiệp nhận thư thông báo. (The organisers; the enterprise is mailed.)", Errors: errs4},
		func(ctx context.Context, in *contestEntryCheckIn) (*contestEntryOneOut, error) {
			e, err := a.contest.CheckEntry(ctx, contest.EntryID(in.ID), in.Body.Version, contest.CheckDecision{Status: contest.EntryStatus(in.Body.Status),
				Note: in.Body.Note})
			if err != nil {
				return nil, err
			}
			return &contestEntryOneOut{Body: contestEntryOut(e, nil)}, nil
		})
}
