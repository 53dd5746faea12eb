package programme

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// DisbursementInput is a disbursement as typed.
type DisbursementInput struct {
	MilestoneID MilestoneID `json:"milestone_id"`
	Amount      int64       `json:"amount" doc:"đồng"`
	PaidOn      string      `json:"paid_on" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	Reference   string      `json:"reference" doc:"Số ủy nhiệm chi (payment order no.)"`
}

// Disburse records a payment of state budget against an accepted
// milestone: the milestone's disbursements stay within its planned
// amount and the activity's within its approved budget (refused with the
// amount remaining). The store's conditional update keeps two concurrent
// payments from passing the budget.
func (s *Service) Disburse(ctx context.Context, id ActivityID, version int, in DisbursementInput) (*Disbursement, error) {
	f := fault.Fields{}
	ref := vn.NFC(in.Reference)
	if in.MilestoneID <= 0 {
		f.Add("milestone", "Vui lòng chọn mốc.", "Please choose the milestone.")
	}
	if in.Amount <= 0 || in.Amount > MaxAmount {
		f.Add("amount", "Số tiền phải lớn hơn 0.", "The amount must be more than 0.")
	}
	paid, err := vn.ParseDate(in.PaidOn)
	if err != nil {
		f.Add("paid_on", "Ngày chi không hợp lệ (dd/mm/yyyy).", "The payment date is not valid (dd/mm/yyyy).")
	} else if paid.Format(time.DateOnly) > s.now().In(vn.Zone).Format(time.DateOnly) {
		// A payment is recorded once made: a future date is a typing error.
		f.Add("paid_on", "Ngày chi không được sau hôm nay.", "The payment date cannot be in the future.")
	}
	if ref == "" {
		f.Add("reference", "Vui lòng nhập số chứng từ (ủy nhiệm chi).", "Please enter the payment reference.")
	} else if utf8.RuneCountInString(ref) > MaxRefLen {
		f.Add("reference", "Số chứng từ quá dài.", "The reference is too long.")
	}
	var out *Disbursement
	err = s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được giải ngân.", "Only the activity's officer may disburse.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if a.Status != StatusInProgress && a.Status != StatusEvaluating {
			return fault.New(fault.Conflict, "Chỉ giải ngân khi nhiệm vụ đang thực hiện hoặc nghiệm thu.", "Disbursements are made while the activity runs or is evaluated.")
		}
		m, err := execMilestone(ctx, tx, id, in.MilestoneID)
		if err != nil {
			return fault.Fields{"milestone": text("Không tìm thấy mốc.", "Milestone not found.")}.Err()
		}
		if m.Status != MilestoneAccepted {
			return fault.Fields{"milestone": text("Chỉ giải ngân cho mốc đã được nghiệm thu.", "Only an accepted milestone can be paid.")}.Err()
		}
		if paid.Format(time.DateOnly) < a.ContractDate {
			return fault.Fields{"paid_on": text("Ngày chi phải từ ngày ký hợp đồng.", "The payment date cannot be before the contract.")}.Err()
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		d := &Disbursement{ActivityID: a.ID, MilestoneID: m.ID, Amount: in.Amount, PaidOn: paid.Format(time.DateOnly), Reference: ref,
			CreatedBy: actor.UserID, CreatedAt: now}
		if _, err := tx.AddDisbursement(ctx, d, version); err != nil {
			return s.explainOver(ctx, tx, err, a, m)
		}
		out = d
		return s.execAudit(ctx, tx, now, "activity.disburse", a.ID, nil, d)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// explainOver turns the store's refusal into a message with the amount
// still available.
func (s *Service) explainOver(ctx context.Context, tx Store, err error, a *Activity, m *Milestone) error {
	switch err {
	case ErrOverBudget:
		fresh, ferr := tx.FindActivityByID(ctx, a.ID)
		if ferr != nil {
			return ferr
		}
		left := max(fresh.ApprovedBudget-fresh.Disbursed, 0)
		return fault.Fields{"amount": text("Vượt ngân sách được duyệt; còn lại có thể giải ngân: "+vn.Money(left)+".",
			"Beyond the approved budget; still available: "+vn.Money(left)+".")}.Err()
	case ErrOverMilestone:
		ds, ferr := tx.FindDisbursements(ctx, a.ID)
		if ferr != nil {
			return ferr
		}
		var paid int64
		for _, d := range ds {
			if d.MilestoneID == m.ID {
				paid += d.Amount
			}
		}
		left := max(m.StateAmount-paid, 0)
		return fault.Fields{"amount": text(fmt.Sprintf("Vượt mức giải ngân của mốc %d; còn lại: %s.", m.Seq, vn.Money(left)),
			fmt.Sprintf("Beyond milestone %d's planned amount; still available: %s.", m.Seq, vn.Money(left)))}.Err()
	}
	return err
}
