package programme

import "nscl/internal/fault"

// Status is where an activity is in its life cycle.
type Status string

// The statuses, in the order of the life cycle.
const (
	StatusDraft      Status = "draft"       // the proposer is writing it
	StatusIneligible Status = "ineligible"  // the automatic screening failed (reasons kept); the proposer may revise before the deadline
	StatusSubmitted  Status = "submitted"   // passed screening, waiting for reviewers
	StatusInReview   Status = "in_review"   // reviewers assigned
	StatusApproved   Status = "approved"    // decision to support (decision number, date, signer)
	StatusRejected   Status = "rejected"    // decision not to support
	StatusInProgress Status = "in_progress" // contract signed, milestones running
	StatusEvaluating Status = "evaluating"  // final report in, KPIs being verified
	StatusClosed     Status = "closed"      // evaluated and closed
	StatusWithdrawn  Status = "withdrawn"   // withdrawn by the proposer before a decision
)

// Statuses lists the statuses in life-cycle order.
var Statuses = []Status{StatusDraft, StatusIneligible, StatusSubmitted, StatusInReview, StatusApproved, StatusRejected,
	StatusInProgress, StatusEvaluating, StatusClosed, StatusWithdrawn}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Label names the status.
func (s Status) Label() fault.Text {
	switch s {
	case StatusDraft:
		return text("Bản nháp", "Draft")
	case StatusIneligible:
		return text("Không đạt sàng lọc", "Did not pass screening")
	case StatusSubmitted:
		return text("Đã nộp, chờ thẩm định", "Submitted, awaiting review")
	case StatusInReview:
		return text("Đang thẩm định", "In review")
	case StatusApproved:
		return text("Được phê duyệt", "Approved")
	case StatusRejected:
		return text("Không được phê duyệt", "Rejected")
	case StatusInProgress:
		return text("Đang thực hiện", "In progress")
	case StatusEvaluating:
		return text("Đang nghiệm thu", "Final evaluation")
	case StatusClosed:
		return text("Đã kết thúc", "Closed")
	case StatusWithdrawn:
		return text("Đã rút", "Withdrawn")
	}
	return text(string(s), string(s))
}

// Supported reports whether the activity received support (contract signed
// or later): what the dashboard counts as supported.
func (s Status) Supported() bool {
	return s == StatusInProgress || s == StatusEvaluating || s == StatusClosed
}

// Committed reports whether the state budget of the activity is committed
// (approved or later).
func (s Status) Committed() bool { return s == StatusApproved || s.Supported() }

// Party is who may make a transition.
type Party string

// The parties.
const (
	PartyProposer Party = "proposer" // the enterprise or organisation that proposed it
	PartyOfficer  Party = "officer"  // an officer who runs the call (ministry, or the call's province)
	PartyVerifier Party = "verifier" // the assessor or expert assigned to verify the final KPIs
	PartySystem   Party = "system"   // the platform itself (screening)
)

// Transition is an allowed move of the life cycle and who may make it.
type Transition struct {
	From, To Status
	By       Party
	Name     fault.Text
}

// Transitions is the life cycle: every allowed move and who makes it. A
// move not listed here is refused.
var Transitions = []Transition{
	{StatusDraft, StatusSubmitted, PartySystem, text("Nộp, đạt sàng lọc", "Submit, screening passed")},
	{StatusDraft, StatusIneligible, PartySystem, text("Nộp, không đạt sàng lọc", "Submit, screening failed")},
	{StatusIneligible, StatusDraft, PartyProposer, text("Sửa lại hồ sơ", "Revise the proposal")},
	{StatusDraft, StatusWithdrawn, PartyProposer, text("Rút hồ sơ", "Withdraw")},
	{StatusSubmitted, StatusWithdrawn, PartyProposer, text("Rút hồ sơ", "Withdraw")},
	{StatusInReview, StatusWithdrawn, PartyProposer, text("Rút hồ sơ", "Withdraw")},
	{StatusSubmitted, StatusInReview, PartyOfficer, text("Phân công thẩm định", "Assign reviewers")},
	{StatusSubmitted, StatusRejected, PartyOfficer, text("Không phê duyệt", "Reject")},
	{StatusInReview, StatusApproved, PartyOfficer, text("Phê duyệt", "Approve")},
	{StatusInReview, StatusRejected, PartyOfficer, text("Không phê duyệt", "Reject")},
	{StatusApproved, StatusInProgress, PartyOfficer, text("Ký hợp đồng", "Sign the contract")},
	{StatusInProgress, StatusEvaluating, PartyProposer, text("Gửi báo cáo tổng kết", "Send the final report")},
	{StatusEvaluating, StatusInProgress, PartyOfficer, text("Trả lại báo cáo tổng kết", "Return the final report")},
	{StatusEvaluating, StatusClosed, PartyOfficer, text("Nghiệm thu, kết thúc", "Accept and close")},
}

// CanMove reports whether party by may move an activity from from to to.
func CanMove(from, to Status, by Party) bool {
	for _, t := range Transitions {
		if t.From == from && t.To == to && t.By == by {
			return true
		}
	}
	return false
}

// Editable reports whether the proposer may still edit the proposal.
func (s Status) Editable() bool { return s == StatusDraft }
