package matching

import (
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// Typed identifiers.
type (
	NeedID         int64
	InterestID     int64
	EngagementID   int64
	ExpertID       int64
	OrganisationID int64
)

// NeedStatus is where a need is on the board.
type NeedStatus string

// The statuses of a need.
const (
	NeedOpen      NeedStatus = "open"      // on the board, taking interest
	NeedFilled    NeedStatus = "filled"    // the enterprise accepted an expert
	NeedWithdrawn NeedStatus = "withdrawn" // the enterprise took it off the board
)

// InterestStatus is the state of an expert's interest.
type InterestStatus string

// The statuses of an interest.
const (
	InterestPending   InterestStatus = "pending"
	InterestAccepted  InterestStatus = "accepted"
	InterestDeclined  InterestStatus = "declined"  // the enterprise declined it
	InterestFilled    InterestStatus = "filled"    // another expert was accepted
	InterestWithdrawn InterestStatus = "withdrawn" // the need was withdrawn
)

// EngagementStatus is the state of an engagement.
type EngagementStatus string

// The statuses of an engagement.
const (
	EngagementActive    EngagementStatus = "active"
	EngagementCompleted EngagementStatus = "completed"
)

// Level is the maturity (1–5) of one diagnosis dimension, as published.
type Level struct {
	Code  string     `json:"code"`
	Name  fault.Text `json:"name"`
	Level int        `json:"level"`
}

// Need is a need published on the board. EnterpriseID, ContactEmail and
// PublishedBy identify the enterprise: the service clears them (and never
// fills EnterpriseName) for anyone who may not see who published it.
type Need struct {
	ID           NeedID             `json:"id"`
	EnterpriseID int64              `json:"enterprise_id,omitempty"`
	DiagnosisID  int64              `json:"diagnosis_id,omitempty"`
	Status       NeedStatus         `json:"status"`
	Description  string             `json:"description"`
	Industry     string             `json:"industry" doc:"Ngành ưu tiên; rỗng = ngành khác (priority industry; empty = other)"`
	ProvinceCode string             `json:"province_code"`
	SizeClass    string             `json:"size_class"`
	Levels       []Level            `json:"levels"`
	Tools        []catalog.ToolCode `json:"tools" doc:"Theo thứ tự ưu tiên (in order of priority)"`
	PublishedBy  auth.UserID        `json:"published_by,omitempty"`
	ContactEmail string             `json:"-"`
	PublishedAt  time.Time          `json:"published_at"`
	UpdatedAt    time.Time          `json:"updated_at"`

	// Read-only, filled by finders.
	EnterpriseName string    `json:"enterprise_name,omitempty" doc:"Chỉ với doanh nghiệp, cán bộ và chuyên gia đã được chấp nhận (only for the enterprise, officers and the accepted expert)"`
	Interests      int       `json:"interests" doc:"Số chuyên gia quan tâm (number of interested experts)"`
	MyInterest     *Interest `json:"my_interest,omitempty" doc:"Quan tâm của chuyên gia đang đăng nhập (the signed-in expert's interest)"`
}

// Interest is an expert's interest in a need.
type Interest struct {
	ID         InterestID     `json:"id"`
	NeedID     NeedID         `json:"need_id"`
	ExpertID   ExpertID       `json:"expert_id"`
	Message    string         `json:"message"`
	Status     InterestStatus `json:"status"`
	CreatedAt  time.Time      `json:"created_at"`
	DecidedAt  *time.Time     `json:"decided_at,omitempty"`
	ExpertName string         `json:"expert_name"`
	// Fit is the expert's fit for the need (filled for the enterprise).
	Fit *Match `json:"fit,omitempty"`
	// ExpertEmail is where notices to the expert go (never sent out).
	ExpertEmail string `json:"-"`
}

// Engagement is the expert an enterprise accepted for a need.
type Engagement struct {
	ID             EngagementID       `json:"id"`
	NeedID         NeedID             `json:"need_id"`
	EnterpriseID   int64              `json:"enterprise_id"`
	ExpertID       ExpertID           `json:"expert_id"`
	InterestID     InterestID         `json:"interest_id"`
	Status         EngagementStatus   `json:"status"`
	AcceptedAt     time.Time          `json:"accepted_at"`
	CompletedAt    *time.Time         `json:"completed_at,omitempty"`
	Rating         int                `json:"rating,omitempty" doc:"1–5, 0 = chưa đánh giá (not rated yet)"`
	RatingComment  string             `json:"rating_comment,omitempty"`
	RatedAt        *time.Time         `json:"rated_at,omitempty"`
	EnterpriseName string             `json:"enterprise_name"`
	ExpertName     string             `json:"expert_name"`
	ProvinceCode   string             `json:"province_code"`
	Tools          []catalog.ToolCode `json:"tools"`
	ExpertEmail    string             `json:"-"`
	ContactEmail   string             `json:"-"`
}

// NeedFilter selects needs. Zero fields do not filter.
type NeedFilter struct {
	Status       NeedStatus
	EnterpriseID int64
	ProvinceCode string
	// ForExpert narrows the board to the needs that share a tool with the
	// expert and whose province and industry the expert serves.
	ForExpert ExpertID
	// Viewer is the expert looking at the board: finders fill MyInterest.
	Viewer ExpertID
	Offset int
	Limit  int
}

// EngagementFilter selects engagements. Zero fields do not filter.
type EngagementFilter struct {
	ExpertID     ExpertID
	EnterpriseID int64
	ProvinceCode string
	Status       EngagementStatus
	Offset       int
	Limit        int
}

// Expert is what the board and the pages show of the signed-in expert.
type Expert struct {
	ID        ExpertID
	Name      string
	Email     string
	Tools     []catalog.ToolCode
	Sectors   []string
	Provinces []string
}
