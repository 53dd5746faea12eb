package assessment

import (
	"context"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// This file is the area of photo evidence and findings with corrective
// actions (audit_photos.go has the photos, audit_findings_service.go the
// findings' use cases).
//
// A finding is something an assessment found wanting, with the corrective
// action the enterprise takes, who owns it and by when; it is tracked to
// closure:
//
//	open → done (the enterprise reports the action done, with a note)
//	done → closed (verified: the assessment's assessor or an officer of its
//	       scope; the enterprise itself for its own self-assessment)
//	done | closed → open (reopened by the verifier, with a reason)
//
// A finding whose due date has passed and that is not closed is overdue.

// FindingStore is what this area keeps (sqldb/assessment_findings.go).
type FindingStore interface {
	// HoldEvidence holds assessment id's row until the transaction ends
	// (NotFound when there is none), so that two uploads never both pass
	// the photo limits.
	HoldEvidence(ctx context.Context, id AssessmentID) error
	// CreatePhoto inserts p with its content and thumbnail (ID set).
	CreatePhoto(ctx context.Context, p *Photo, content, thumb []byte) error
	// FindPhoto returns a photo without its bytes.
	FindPhoto(ctx context.Context, id PhotoID) (*Photo, error)
	// FindPhotos returns an assessment's photos (of one item unless item
	// is ""), by item and upload order, without their bytes.
	FindPhotos(ctx context.Context, id AssessmentID, item string) ([]*Photo, error)
	// CountPhotos returns how many photos an assessment has, and of them
	// how many item has.
	CountPhotos(ctx context.Context, id AssessmentID, item string) (total, ofItem int, err error)
	// FindPhotoBytes returns a photo's content, or its thumbnail.
	FindPhotoBytes(ctx context.Context, id PhotoID, thumb bool) ([]byte, error)
	// DeletePhoto removes a photo (NotFound when it is not there).
	DeletePhoto(ctx context.Context, id PhotoID) error

	// CreateFinding inserts f (ID, Version 1 set).
	CreateFinding(ctx context.Context, f *Finding) error
	// UpdateFinding writes f's texts, due date, status and its trail if
	// f.Version is still the stored one (fault.Conflict otherwise);
	// f.Version becomes the new one.
	UpdateFinding(ctx context.Context, f *Finding) error
	// FindFinding returns a finding with its joined names.
	FindFinding(ctx context.Context, id FindingID) (*Finding, error)
	// FindFindings returns a page of the findings matching f and the
	// total: those not closed first, by due date (none last; the overdue
	// ones come first), then the newest first.
	FindFindings(ctx context.Context, f FindingFilter) ([]*Finding, int, error)
}

// Photo is a photo taken as evidence of one item of an assessment: the
// uploaded picture turned upright, reduced and re-encoded as a JPEG
// (package photo), without any of the original's metadata.
type Photo struct {
	ID           PhotoID      `json:"id"`
	AssessmentID AssessmentID `json:"assessment_id"`
	ItemKey      string       `json:"item"`
	ContentType  string       `json:"content_type"`
	Width        int          `json:"width"`
	Height       int          `json:"height"`
	Size         int64        `json:"size" doc:"Số byte của ảnh đã xử lý (bytes of the processed photo)"`
	ThumbSize    int64        `json:"thumb_size"`
	SHA256       string       `json:"sha256"`
	UploadedBy   auth.UserID  `json:"uploaded_by,omitempty"`
	UploaderName string       `json:"uploader_name,omitempty"` // joined
	UploadedAt   time.Time    `json:"uploaded_at"`
}

// FindingStatus is where a finding is on its way to closure.
type FindingStatus string

// The statuses of a finding.
const (
	FindingOpen   FindingStatus = "open"   // the corrective action is to be taken
	FindingDone   FindingStatus = "done"   // the enterprise reports it taken
	FindingClosed FindingStatus = "closed" // verified and closed
)

// FindingStatuses lists the statuses in their order.
var FindingStatuses = []FindingStatus{FindingOpen, FindingDone, FindingClosed}

// Valid reports whether st is a known status.
func (st FindingStatus) Valid() bool {
	return st == FindingOpen || st == FindingDone || st == FindingClosed
}

// Label names the status.
func (st FindingStatus) Label() fault.Text {
	switch st {
	case FindingOpen:
		return fault.Text{Vi: "Chưa khắc phục", En: "Open"}
	case FindingDone:
		return fault.Text{Vi: "Đã khắc phục, chờ xác nhận", En: "Done, to be verified"}
	case FindingClosed:
		return fault.Text{Vi: "Đã đóng", En: "Closed"}
	}
	return fault.Text{Vi: string(st), En: string(st)}
}

// Finding is a finding of an assessment with its corrective action.
type Finding struct {
	ID             FindingID             `json:"id"`
	AssessmentID   AssessmentID          `json:"assessment_id"`
	EnterpriseID   registry.EnterpriseID `json:"enterprise_id"`
	EnterpriseName string                `json:"enterprise_name"` // joined
	ProvinceCode   string                `json:"province_code"`   // joined: the assessment's
	SchemeCode     string                `json:"scheme_code"`     // joined
	SchemeName     fault.Text            `json:"scheme_name"`     // joined
	Mode           Mode                  `json:"mode"`            // joined: the assessment's
	AssessorID     auth.UserID           `json:"-"`               // joined: the assessment's (authorization)
	// ItemKey is the item of the scheme the finding is about ("" for the
	// assessment as a whole).
	ItemKey          string        `json:"item,omitempty"`
	Description      string        `json:"description"`
	CorrectiveAction string        `json:"corrective_action"`
	OwnerName        string        `json:"owner"`
	DueDate          *time.Time    `json:"due_date,omitempty" doc:"Hạn khắc phục, một ngày (due date, a calendar day)"`
	Status           FindingStatus `json:"status"`
	DoneNote         string        `json:"done_note,omitempty"`
	DoneAt           *time.Time    `json:"done_at,omitempty"`
	DoneBy           auth.UserID   `json:"done_by,omitempty"`
	ClosureNote      string        `json:"closure_note,omitempty"`
	ClosedAt         *time.Time    `json:"closed_at,omitempty"`
	ClosedBy         auth.UserID   `json:"closed_by,omitempty"`
	ReopenReason     string        `json:"reopen_reason,omitempty"`
	ReopenedAt       *time.Time    `json:"reopened_at,omitempty"`
	ReopenedBy       auth.UserID   `json:"reopened_by,omitempty"`
	CreatedBy        auth.UserID   `json:"created_by,omitempty"`
	CreatedByName    string        `json:"created_by_name,omitempty"` // joined
	CreatedAt        time.Time     `json:"created_at"`
	UpdatedAt        time.Time     `json:"updated_at"`
	Version          int           `json:"version"` // optimistic lock
}

// OverdueOn reports whether the finding is overdue on day now: its due day
// has passed and it is not closed.
func (f *Finding) OverdueOn(now time.Time) bool {
	return f.Status != FindingClosed && f.DueDate != nil && day(now).After(day(*f.DueDate))
}

// FindingFilter selects findings. Zero fields do not filter.
type FindingFilter struct {
	AssessmentID AssessmentID
	EnterpriseID registry.EnterpriseID
	AssessorID   auth.UserID // findings of the assessments assigned to them
	// Provinces limits to the assessments of these provinces (nil: every
	// province; empty but not nil: none).
	Provinces []string
	Statuses  []FindingStatus
	// DueBefore keeps the findings due before this day (the overdue ones
	// with Statuses open and done); the zero time does not filter.
	DueBefore time.Time
	Offset    int
	Limit     int // 0: every one
}
