package assessment

import (
	"context"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// This file is the area of assessments, answers and results: the life
// cycle of a self-assessment (start → answers → submit) and of an
// independent one (request → assign an accredited assessor without a
// conflict of interest → start → answers → submit), cancellation, the
// answers' validation against the assessment's own scheme version, the
// frozen score, and the comparisons of the results page
// (audit_service.go, audit_report.go). Photos and findings are
// audit_photos.go and audit_findings.go.

// AuditStore is what this area keeps (sqldb/assessment_audit.go).
type AuditStore interface {
	// CreateAssessment inserts x (ID, CreatedAt, UpdatedAt, Version 1
	// set) with the note of an independent request (may be "").
	CreateAssessment(ctx context.Context, x *Assessment, note string) error
	// UpdateAssessment writes x's status, site, assessor, dates, result
	// and cancel reason if x.Version is still the stored one
	// (fault.Conflict otherwise); x.Version becomes the new one.
	UpdateAssessment(ctx context.Context, x *Assessment) error
	// FindAssessments returns a page of the assessments matching f (newest
	// first, or with f.ToDoFirst the open ones first) and the total.
	FindAssessments(ctx context.Context, f AssessmentFilter) ([]*Assessment, int, error)
	// FindAssessmentNote returns the note the enterprise wrote when it
	// asked for an independent assessment ("" when none).
	FindAssessmentNote(ctx context.Context, id AssessmentID) (string, error)
	// HoldAnswers marks the assessment as being answered at at, if its
	// status is in progress (fault.Conflict otherwise). In a transaction
	// it holds the assessment's row until the end, so that answers never
	// land after a submission.
	HoldAnswers(ctx context.Context, id AssessmentID, at time.Time) error
	// UpsertAnswer writes an answer unless the stored one of the item was
	// given later (a queued answer arriving after a newer one): it
	// reports whether it wrote.
	UpsertAnswer(ctx context.Context, id AssessmentID, a Answer) (bool, error)
	// FindAuditCandidates returns the enabled assessor accounts that hold
	// an accreditation (whatever its status and dates) for a scheme, by
	// name.
	FindAuditCandidates(ctx context.Context, scheme SchemeID, today time.Time, limit int) ([]Candidate, error)
	// FindAuditUser returns an account's name, email, role and state
	// (NotFound when none).
	FindAuditUser(ctx context.Context, id auth.UserID) (*AuditUser, error)
	// FindAuditEnterpriseUsers returns the enabled accounts of an
	// enterprise (its representatives), for notices.
	FindAuditEnterpriseUsers(ctx context.Context, enterprise registry.EnterpriseID) ([]AuditUser, error)
	// EnsureAssessorAccreditation inserts a (ID set) unless the assessor
	// has an accreditation for the scheme, which it then returns in a
	// unchanged (the demo and tests accredit through it).
	EnsureAssessorAccreditation(ctx context.Context, a *Accreditation) error
}

// AssessmentFilter selects assessments. Zero fields do not filter.
type AssessmentFilter struct {
	EnterpriseID registry.EnterpriseID
	AssessorID   auth.UserID
	// Provinces limits the list to these provinces (nil: every province;
	// empty but not nil: none).
	Provinces  []string
	Statuses   []Status
	Mode       Mode
	SchemeID   SchemeID
	SchemeCode string
	// Query is words that the enterprise's folded name (or its tax code)
	// contains.
	Query     string
	Exclude   AssessmentID
	ToDoFirst bool // the open assessments first (an assessor's list)
	Offset    int
	Limit     int // 0: every one
}

// AuditUser is an account as this area needs it: to notify and to assign.
type AuditUser struct {
	ID           auth.UserID           `json:"id"`
	Name         string                `json:"name"`
	Email        string                `json:"email"`
	Role         auth.Role             `json:"role"`
	EnterpriseID registry.EnterpriseID `json:"enterprise_id,omitempty"`
	Lang         string                `json:"lang"`
	Disabled     bool                  `json:"disabled"`
}

// Candidate is an assessor who may be assigned to an independent
// assessment, with why not when they may not.
type Candidate struct {
	UserID        auth.UserID    `json:"user_id"`
	Name          string         `json:"name"`
	Email         string         `json:"email"`
	Accreditation *Accreditation `json:"accreditation,omitempty"`
	// Ties are the assessor's consulting ties with the enterprise within
	// ConflictWindow years (or a declared relation): a conflict of
	// interest.
	Ties     []Tie      `json:"ties,omitempty"`
	Eligible bool       `json:"eligible"`
	Reason   fault.Text `json:"reason,omitzero"` // why not eligible
}

// StartInput starts a self-assessment.
type StartInput struct {
	SchemeID SchemeID `json:"scheme_id" doc:"Bộ tiêu chí (scheme id)"`
	Site     string   `json:"site" maxLength:"200" doc:"Khu vực, xưởng, dây chuyền được đánh giá (the site or area assessed)"`
}

// RequestInput asks for an independent assessment.
type RequestInput struct {
	SchemeID SchemeID     `json:"scheme_id" doc:"Bộ tiêu chí (scheme id)"`
	BasedOn  AssessmentID `json:"based_on,omitempty" required:"false" doc:"Bản tự đánh giá đã hoàn thành làm căn cứ (a submitted self-assessment, optional)"`
	Site     string       `json:"site" maxLength:"200" doc:"Khu vực được đánh giá (the site or area assessed)"`
	Note     string       `json:"note,omitempty" required:"false" maxLength:"2000" doc:"Ghi chú cho cơ quan quản lý (a note to the officers)"`
}

// AnswerInput is one answer as given: the item, its value on the item's
// scale (or N/A where the item allows it), a note, and the moment it was
// given on the client (a queued answer carries it, so that an older one
// never overwrites a newer one).
type AnswerInput struct {
	Item  string    `json:"item" doc:"Mã mục (item key), ví dụ s1.3"`
	Value *int      `json:"value,omitempty" required:"false" doc:"Điểm trên thang của mục (the value on the item's scale)"`
	NA    bool      `json:"na,omitempty" required:"false" doc:"Không áp dụng (not applicable), chỉ khi mục cho phép"`
	Note  string    `json:"note,omitempty" required:"false" maxLength:"2000" doc:"Ghi nhận, điểm không phù hợp (observation)"`
	At    time.Time `json:"at,omitzero" required:"false" doc:"Thời điểm trả lời trên thiết bị (when it was given, RFC 3339); mặc định: lúc nhận"`
}

// SaveResult tells what a save did.
type SaveResult struct {
	Applied  int `json:"applied" doc:"Số câu trả lời đã ghi (answers written)"`
	Ignored  int `json:"ignored" doc:"Số câu trả lời cũ hơn câu đã lưu, bỏ qua (older than the stored one, ignored)"`
	Answered int `json:"answered" doc:"Số mục đã trả lời (items answered)"`
	Items    int `json:"items" doc:"Số mục của bộ tiêu chí (items of the scheme version)"`
}

// Limits of the texts of this area.
const (
	auditMaxSite   = 200
	auditMaxNote   = 2000
	auditMaxReason = 1000
)

// The errors of this area.
var (
	errAuditConflict = fault.New(fault.Conflict,
		"Cuộc đánh giá vừa được người khác thay đổi. Vui lòng tải lại trang rồi thực hiện lại.",
		"Someone else changed this assessment meanwhile. Please reload the page and try again.")
	errAuditClosed = fault.New(fault.Conflict,
		"Cuộc đánh giá không còn nhận câu trả lời (đã hoàn thành, đã hủy hoặc chưa bắt đầu).",
		"The assessment no longer takes answers (it was submitted or cancelled, or has not started).")
	errAuditNotFound = fault.New(fault.NotFound, "Không tìm thấy cuộc đánh giá.", "Assessment not found.")
)

// auditBadText is the message of a text with control characters or bytes
// that are not UTF-8.
var auditBadText = fault.Text{
	Vi: "Nội dung có ký tự điều khiển hoặc ký tự không hợp lệ (không phải UTF-8). Hãy xóa đoạn đó và gõ lại.",
	En: "The text contains control characters or bytes that are not valid UTF-8. Delete that part and type it again."}

// auditTextOK reports whether s may be kept as text: valid UTF-8 without
// control characters other than tab, line feed and carriage return
// (PostgreSQL refuses a NUL outright; the others are never typed, and
// would travel into the pages, mails and exports).
func auditTextOK(s string) bool { return vn.IsText(s) }

// auditCheckText adds the error of field to bad unless s is text
// (auditTextOK), and reports whether it is.
func auditCheckText(field, s string, bad fault.Fields) bool {
	if auditTextOK(s) {
		return true
	}
	bad.Add(field, auditBadText.Vi, auditBadText.En)
	return false
}
