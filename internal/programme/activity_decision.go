package programme

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// DecisionInput is the officer's decision on a proposal.
type DecisionInput struct {
	Approve        bool   `json:"approve,omitempty"`
	DecisionNo     string `json:"decision_no,omitempty" doc:"Số quyết định, ví dụ 125/QĐ-BCT"`
	DecisionDate   string `json:"decision_date,omitempty" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	Signer         string `json:"signer,omitempty" doc:"Người ký"`
	ApprovedBudget int64  `json:"approved_budget,omitempty" doc:"Ngân sách nhà nước được duyệt, đồng"`
	Note           string `json:"note,omitempty" doc:"Lý do (bắt buộc khi không phê duyệt)"`
	Version        int    `json:"version,omitempty"`
}

// Decide approves (after at least one submitted review and none still
// pending; with the decision's number, date, signer and the state budget
// approved, within the request and the call's cap) or rejects (with a
// reason) a proposal.
func (s *Service) Decide(ctx context.Context, id ActivityID, in DecisionInput) (*Activity, error) {
	in.DecisionNo, in.Signer, in.Note = vn.NFC(in.DecisionNo), vn.NFC(in.Signer), vn.NFC(in.Note)
	now := s.now()
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		_, a, rs, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.decider {
			return actForbidden("Chỉ cán bộ quản lý đợt được quyết định hồ sơ.", "Only the call's officers may decide on the proposal.")
		}
		if err := actNeedVersion(in.Version); err != nil {
			return err
		}
		if in.Version != a.Version {
			return errActStale
		}
		bad := fault.Fields{}
		var date string
		if in.Approve || in.DecisionNo != "" || in.DecisionDate != "" {
			date = actCheckDecision(in.DecisionNo, in.DecisionDate, now, bad)
		}
		if utf8.RuneCountInString(in.Note) > MaxComment {
			bad.Add("note", "Tối đa 4.000 ký tự.", "At most 4,000 characters.")
		}
		to := StatusRejected
		if in.Approve {
			to = StatusApproved
			if a.Status != StatusInReview {
				return fault.New(fault.Conflict, "Chỉ phê duyệt hồ sơ đã được thẩm định.", "Only a reviewed proposal may be approved.")
			}
			submitted, pending := 0, 0
			for _, r := range rs {
				switch r.Status {
				case ReviewSubmitted:
					submitted++
				case ReviewAssigned:
					pending++
				}
			}
			if submitted == 0 || pending > 0 {
				return fault.New(fault.Conflict, "Cần ít nhất một phiếu thẩm định đã nộp và không còn phiếu đang chờ trước khi phê duyệt.",
					"Approval needs at least one submitted review and no review still pending.")
			}
			switch n := utf8.RuneCountInString(in.Signer); {
			case n == 0:
				bad.Add("signer", "Vui lòng nhập người ký quyết định.", "Please enter who signed the decision.")
			case n > MaxSigner:
				bad.Add("signer", fmt.Sprintf("Tối đa %d ký tự.", MaxSigner), fmt.Sprintf("At most %d characters.", MaxSigner))
			}
			var cap int64
			if a.CallID != 0 {
				c, err := tx.FindCallByID(ctx, a.CallID)
				if err != nil {
					return err
				}
				cap = c.MaxStateBudget
			}
			switch {
			case in.ApprovedBudget <= 0:
				bad.Add("approved_budget", "Ngân sách được duyệt phải lớn hơn 0.", "The approved budget must be above zero.")
			case in.ApprovedBudget > a.StateBudget:
				bad.Add("approved_budget", "Ngân sách được duyệt không vượt ngân sách đề nghị "+vn.Money(a.StateBudget)+".",
					"The approved budget may not exceed the requested "+vn.Money(a.StateBudget)+".")
			case cap > 0 && in.ApprovedBudget > cap:
				bad.Add("approved_budget", "Ngân sách được duyệt không vượt mức tối đa của đợt "+vn.Money(cap)+".",
					"The approved budget may not exceed the call's cap of "+vn.Money(cap)+".")
			}
		} else if in.Note == "" {
			bad.Add("note", "Vui lòng nêu lý do không phê duyệt.", "Please give the reason for rejecting.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		a.DecisionNo, a.DecisionDate, a.DecisionSigner, a.DecisionNote, a.DecidedAt = in.DecisionNo, date, in.Signer, in.Note, &now
		if in.Approve {
			a.ApprovedBudget = in.ApprovedBudget
		}
		if err := s.actMove(ctx, tx, a, to, PartyOfficer, in.Note, now); err != nil {
			return err
		}
		out = actRedact(x, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Status == StatusApproved {
		s.actNotify(ctx, out.CreatedBy, "Hồ sơ "+out.Title+" được phê duyệt",
			"Hồ sơ “"+out.Title+"” được phê duyệt theo quyết định số "+out.DecisionNo+", ngân sách nhà nước "+vn.Money(out.ApprovedBudget)+".", out.ID)
	} else {
		s.actNotify(ctx, out.CreatedBy, "Hồ sơ "+out.Title+" không được phê duyệt",
			"Hồ sơ “"+out.Title+"” không được phê duyệt. Lý do: "+out.DecisionNote, out.ID)
	}
	return out, nil
}

// actCheckDecision checks a decision's number and date (dd/mm/yyyy, not in the
// future) and returns the date as yyyy-mm-dd.
func actCheckDecision(no, date string, now time.Time, bad fault.Fields) string {
	switch n := utf8.RuneCountInString(no); {
	case n == 0:
		bad.Add("decision_no", "Vui lòng nhập số quyết định, ví dụ 125/QĐ-BCT.", "Please enter the decision's number, e.g. 125/QĐ-BCT.")
	case n > MaxActivityNo:
		bad.Add("decision_no", fmt.Sprintf("Tối đa %d ký tự.", MaxActivityNo), fmt.Sprintf("At most %d characters.", MaxActivityNo))
	}
	d, err := vn.ParseDate(date)
	switch {
	case strings.TrimSpace(date) == "":
		bad.Add("decision_date", "Vui lòng nhập ngày quyết định (dd/mm/yyyy).", "Please enter the decision's date (dd/mm/yyyy).")
	case err != nil:
		bad.Add("decision_date", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	case d.After(now):
		bad.Add("decision_date", "Ngày quyết định không được ở tương lai.", "The decision's date may not be in the future.")
	default:
		return d.Format("2006-01-02")
	}
	return ""
}
