package programme

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// ExecutionStore keeps contracted activities: milestones, progress reports,
// evidence, disbursements, final evaluation, closure, reminders
// (sqldb/programme_execution.go). Every write that changes an activity
// carries the version read: a stale one is fault.Conflict.
type ExecutionStore interface {
	// UpdateExecution writes a's status, contract number and date,
	// verifier and closed_at, bumping the version from version (Conflict
	// when stale); a.Version and a.UpdatedAt are set.
	UpdateExecution(ctx context.Context, a *Activity, version int) error
	// TouchActivity bumps the version of activity id from version
	// (Conflict when stale): the lock of writes to its milestones.
	TouchActivity(ctx context.Context, id ActivityID, version int, at time.Time) (int, error)
	// AddExecutionEvent appends a transition to the activity's history.
	AddExecutionEvent(ctx context.Context, e *Event) error

	// CreateMilestones inserts the milestones of a contract (IDs set).
	CreateMilestones(ctx context.Context, ms []Milestone) error
	// FindMilestones lists an activity's milestones by seq.
	FindMilestones(ctx context.Context, id ActivityID) ([]Milestone, error)
	// UpdateMilestone writes m's report and decision fields, provided its
	// status is still from (Conflict otherwise).
	UpdateMilestone(ctx context.Context, m *Milestone, from MilestoneStatus) error
	// AddEvidence inserts a file of a progress report (ID set).
	AddEvidence(ctx context.Context, f *File) error
	// FindEvidence lists the evidence files of an activity, without data.
	FindEvidence(ctx context.Context, id ActivityID) ([]File, error)
	// FindEvidenceFile reads one evidence file with its data.
	FindEvidenceFile(ctx context.Context, activity ActivityID, id FileID) (*File, error)

	// AddDisbursement records d and adds it to activities.disbursed, in
	// one conditional update from version: a stale version is Conflict; a
	// sum beyond the approved budget or the milestone's planned amount is
	// ErrOverBudget / ErrOverMilestone, and nothing is written.
	AddDisbursement(ctx context.Context, d *Disbursement, version int) (int, error)
	// FindDisbursements lists an activity's disbursements, oldest first.
	FindDisbursements(ctx context.Context, id ActivityID) ([]Disbursement, error)

	// SetKPIResults writes the actual value, verifier and verification
	// time and note of the activity's KPIs.
	SetKPIResults(ctx context.Context, id ActivityID, ks []KPIResult) error
	// FindKPINotes returns the verifiers' notes by KPI code.
	FindKPINotes(ctx context.Context, id ActivityID) (map[string]string, error)

	// FindPerson reads a user as execution needs to know them.
	FindPerson(ctx context.Context, id auth.UserID) (*Person, error)
	// FindVerifierCandidates lists the enabled assessor and expert users.
	FindVerifierCandidates(ctx context.Context) ([]Person, error)
	// ExpertRelated reports whether expert declared a relation with the
	// enterprise (expert_relations).
	ExpertRelated(ctx context.Context, expert, enterprise int64) (bool, error)

	// FindDueMilestones lists at most limit milestones not yet reported
	// (planned or sent back) of activities in progress, due on or before
	// until, that got no reminder of kind on day, with the proposer's
	// email; the earliest due first.
	FindDueMilestones(ctx context.Context, until, kind, day string, limit int) ([]DueMilestone, error)
	// FindClosingDrafts lists at most limit drafts whose call's deadline
	// is in [from, to] and that got no reminder of kind on day.
	FindClosingDrafts(ctx context.Context, from, to time.Time, kind, day string, limit int) ([]DueDraft, error)
	// MarkReminded records a reminder of kind for an object on day
	// (programme_reminders, which no trigger watches: a reminder does not
	// change what the dashboard shows); a second mark of the same day is
	// a no-op.
	MarkReminded(ctx context.Context, kind string, object int64, day string) error
}

// Errors of AddDisbursement, for the service to explain with the amounts.
var (
	ErrOverBudget    = fault.New(fault.Invalid, "Vượt ngân sách được duyệt.", "Beyond the approved budget.")
	ErrOverMilestone = fault.New(fault.Invalid, "Vượt mức giải ngân của mốc.", "Beyond the milestone's planned amount.")
)

// Limits of execution inputs.
const (
	MaxMilestones    = 12
	MaxEvidenceBytes = MaxAttachmentSize // the same files as a proposal's attachments
	MaxEvidenceFiles = MaxAttachments
	MaxReportLen     = 5000
	MaxNoteLen       = 2000
	MaxRefLen        = 100
)

// KPIResult is the final result of an activity's KPI.
type KPIResult struct {
	Code       string
	Actual     *float64
	VerifiedBy auth.UserID
	VerifiedAt *time.Time
	Note       string
}

// Person is a user as execution sees them: who they are and, for an
// expert, their directory profile and its organisation.
type Person struct {
	UserID          auth.UserID `json:"user_id"`
	Email           string      `json:"email"`
	Name            string      `json:"name"`
	Role            auth.Role   `json:"role"`
	EnterpriseID    int64       `json:"-"`
	ExpertID        int64       `json:"-"`
	OrganisationID  int64       `json:"-"`
	OrgEnterpriseID int64       `json:"-"` // the enterprise the expert's organisation belongs to, if any
}

// DueMilestone is a milestone a reminder is due for.
type DueMilestone struct {
	Milestone
	ActivityTitle string
	Email         string // the proposer's contact: the activity's creator
}

// DueDraft is a draft whose call closes soon.
type DueDraft struct {
	ActivityID ActivityID
	Title      string
	CallCode   string
	Deadline   time.Time
	Email      string
}

// MilestoneInput is one row of a contract's schedule as typed.
type MilestoneInput struct {
	Title  string `json:"title"`
	Due    string `json:"due" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	Amount int64  `json:"amount" doc:"Ngân sách nhà nước giải ngân tại mốc, đồng (state budget at this milestone)"`
}

// ContractInput is a contract as typed: its number, date and milestones.
type ContractInput struct {
	No         string           `json:"contract_no"`
	Date       string           `json:"contract_date" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	Milestones []MilestoneInput `json:"milestones"`
}

// CheckContract checks a contract against the approved budget: a number,
// a date on or after the approval decision (decided, yyyy-mm-dd; none
// when "") and not after today (yyyy-mm-dd, Vietnam's calendar), 1–12 milestones with a title, due dates after the contract date
// and increasing, positive amounts summing to the approved budget (else
// saying by how much they differ). It returns the contract date
// (yyyy-mm-dd) and the milestones numbered from 1. Field names: contract_no,
// contract_date, milestones, ms.N.title, ms.N.due, ms.N.amount.
func CheckContract(in ContractInput, approved int64, decided, today string) (string, []Milestone, error) {
	f := fault.Fields{}
	no := vn.NFC(in.No)
	if no == "" {
		f.Add("contract_no", "Vui lòng nhập số hợp đồng.", "Please enter the contract number.")
	} else if utf8.RuneCountInString(no) > MaxRefLen {
		f.Add("contract_no", "Số hợp đồng quá dài.", "The contract number is too long.")
	}
	var date string
	cd, err := vn.ParseDate(in.Date)
	if err != nil {
		f.Add("contract_date", "Ngày ký không hợp lệ (dd/mm/yyyy).", "The signing date is not valid (dd/mm/yyyy).")
	} else {
		date = cd.Format(time.DateOnly)
		switch {
		case decided != "" && date < decided:
			f.Add("contract_date", "Ngày ký không được trước ngày quyết định phê duyệt ("+isoVN(decided)+").",
				"The signing date cannot be before the approval decision ("+isoVN(decided)+").")
		case today != "" && date > today:
			f.Add("contract_date", "Ngày ký không được sau hôm nay.", "The signing date cannot be in the future.")
		}
	}
	if len(in.Milestones) == 0 {
		f.Add("milestones", "Hợp đồng cần ít nhất một mốc.", "The contract needs at least one milestone.")
	}
	if len(in.Milestones) > MaxMilestones {
		f.Add("milestones", "Tối đa 12 mốc.", "At most 12 milestones.")
	}
	var ms []Milestone
	var sum int64
	prev := date
	for i, row := range in.Milestones {
		n := strconv.Itoa(i + 1)
		m := Milestone{Seq: i + 1, Title: vn.NFC(row.Title), StateAmount: row.Amount, Status: MilestonePlanned}
		if m.Title == "" {
			f.Add("ms."+n+".title", "Mốc "+n+": cần nội dung.", "Milestone "+n+": the title is required.")
		} else if utf8.RuneCountInString(m.Title) > 300 {
			f.Add("ms."+n+".title", "Mốc "+n+": nội dung quá dài.", "Milestone "+n+": the title is too long.")
		}
		if d, err := vn.ParseDate(row.Due); err != nil {
			f.Add("ms."+n+".due", "Mốc "+n+": hạn không hợp lệ (dd/mm/yyyy).", "Milestone "+n+": the due date is not valid (dd/mm/yyyy).")
		} else {
			m.DueDate = d.Format(time.DateOnly)
			switch {
			case date != "" && m.DueDate <= date:
				f.Add("ms."+n+".due", "Mốc "+n+": hạn phải sau ngày ký hợp đồng.", "Milestone "+n+": the due date must be after the contract date.")
			case prev != "" && m.DueDate <= prev:
				f.Add("ms."+n+".due", "Mốc "+n+": hạn phải sau hạn của mốc trước.", "Milestone "+n+": the due date must be after the previous one.")
			}
			prev = m.DueDate
		}
		if m.StateAmount <= 0 || m.StateAmount > MaxAmount {
			f.Add("ms."+n+".amount", "Mốc "+n+": số tiền phải lớn hơn 0.", "Milestone "+n+": the amount must be more than 0.")
		} else {
			sum += m.StateAmount
		}
		ms = append(ms, m)
	}
	if len(in.Milestones) > 0 && len(f) == 0 && sum != approved {
		diff := sum - approved
		more := text("nhiều hơn", "more")
		if diff < 0 {
			diff, more = -diff, text("ít hơn", "less")
		}
		f.Add("milestones", "Tổng các mốc "+vn.Money(sum)+" "+more.Vi+" ngân sách được duyệt "+vn.Money(approved)+" là "+vn.Money(diff)+".",
			"The milestones add up to "+vn.Money(sum)+", "+vn.Money(diff)+" "+more.En+" than the approved budget of "+vn.Money(approved)+".")
	}
	if err := f.Err(); err != nil {
		return "", nil, err
	}
	return date, ms, nil
}

// isoVN writes a yyyy-mm-dd day as dd/mm/yyyy.
func isoVN(day string) string {
	if t, err := time.Parse(time.DateOnly, day); err == nil {
		return vn.Date(t)
	}
	return day
}

// Overdue reports whether m is not yet accepted after its due date on day
// (yyyy-mm-dd).
func (m *Milestone) Overdue(day string) bool {
	return m.Status != MilestoneAccepted && m.DueDate < day
}

// ExecRole is how the actor stands to an activity's execution.
type ExecRole struct {
	Officer  bool `json:"officer"`  // decides the activity (its call's scope)
	Viewer   bool `json:"viewer"`   // an officer who may only look
	Proposer bool `json:"proposer"` // the enterprise or organisation that proposed it
	Verifier bool `json:"verifier"` // the assigned verifier
}

// Execution is what the execution page shows of an activity.
type Execution struct {
	Activity      *Activity         `json:"activity"`
	Milestones    []Milestone       `json:"milestones"`
	Disbursements []Disbursement    `json:"disbursements"`
	Evidence      []File            `json:"evidence"`
	KPIDefs       []KPIDef          `json:"-"`
	KPINotes      map[string]string `json:"kpi_notes"`
	Events        []Event           `json:"events"`
	FinalSummary  string            `json:"final_summary"`
	Verifier      *Person           `json:"verifier,omitempty"`
	Role          ExecRole          `json:"role"`
}

// DisbursedFor returns the sum disbursed against milestone id.
func (x *Execution) DisbursedFor(id MilestoneID) int64 {
	var n int64
	for _, d := range x.Disbursements {
		if d.MilestoneID == id {
			n += d.Amount
		}
	}
	return n
}

// KPIDef returns the catalogue entry of code.
func (x *Execution) KPIDef(code string) (KPIDef, bool) {
	for _, k := range x.KPIDefs {
		if k.Code == code {
			return k, true
		}
	}
	return KPIDef{}, false
}

// AllAccepted reports whether the activity has milestones and all are
// accepted.
func (x *Execution) AllAccepted() bool {
	for _, m := range x.Milestones {
		if m.Status != MilestoneAccepted {
			return false
		}
	}
	return len(x.Milestones) > 0
}

// AllVerified reports whether every KPI of the activity has a verified
// actual value.
func (x *Execution) AllVerified() bool {
	for _, k := range x.Activity.KPIs {
		if k.Actual == nil || k.VerifiedAt == nil {
			return false
		}
	}
	return true
}
