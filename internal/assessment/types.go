package assessment

import (
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// Typed identifiers.
type (
	SchemeID        int64
	VersionID       int64
	AssessmentID    int64
	PhotoID         int64
	FindingID       int64
	CertificateID   int64
	AccreditationID int64
)

// Kind is the family of a scheme.
type Kind string

// The kinds of scheme.
const (
	Kind5S         Kind = "5s"         // Thực hành tốt 5S
	KindTools      Kind = "tools"      // an improvement tool: Kaizen, Lean, TPM, …
	KindExcellence Kind = "excellence" // the 1000-point excellence framework (GTCLQG)
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Kind5S || k == KindTools || k == KindExcellence }

// Label names the kind.
func (k Kind) Label() fault.Text {
	switch k {
	case Kind5S:
		return fault.Text{Vi: "Thực hành tốt 5S", En: "5S good practice"}
	case KindTools:
		return fault.Text{Vi: "Công cụ cải tiến", En: "Improvement tools"}
	case KindExcellence:
		return fault.Text{Vi: "Mô hình tổ chức xuất sắc", En: "Excellence framework"}
	}
	return fault.Text{Vi: string(k), En: string(k)}
}

// Scheme is an assessment scheme: its identity and its versions' summary.
// What is assessed is in a Version's Body; an assessment keeps the version
// it started on, whatever is edited after.
type Scheme struct {
	ID      SchemeID   `json:"id"`
	Code    string     `json:"code"` // stable, e.g. "5s", "kaizen-lean-tpm", "gtclqg-1000"
	Name    fault.Text `json:"name"`
	Kind    Kind       `json:"kind"`
	Tools   []string   `json:"tools,omitempty"` // catalogue tool codes it assesses
	Shipped bool       `json:"shipped"`         // delivered with the platform
	// ValidityMonths is how long a certificate of this scheme is valid
	// (0: it does not expire).
	ValidityMonths int       `json:"validity_months"`
	Archived       bool      `json:"archived"`
	Published      VersionID `json:"published_version_id,omitempty"` // the version new assessments use; 0 when none
	PublishedNo    int       `json:"published_version,omitempty"`
	DraftID        VersionID `json:"draft_version_id,omitempty"` // the version being edited; 0 when none
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// VersionStatus is where a scheme version is: a draft is edited, a
// published version is frozen (assessments use it), a retired one was
// replaced by a newer publication.
type VersionStatus string

// The version statuses.
const (
	VersionDraft     VersionStatus = "draft"
	VersionPublished VersionStatus = "published"
	VersionRetired   VersionStatus = "retired"
)

// Version is one version of a scheme, with what it assesses.
type Version struct {
	ID          VersionID     `json:"id"`
	SchemeID    SchemeID      `json:"scheme_id"`
	No          int           `json:"version"` // 1, 2, …
	Status      VersionStatus `json:"status"`
	Body        Body          `json:"body"`
	Note        string        `json:"note,omitempty"` // what changed
	PublishedAt *time.Time    `json:"published_at,omitempty"`
	PublishedBy auth.UserID   `json:"published_by,omitempty"`
	CreatedBy   auth.UserID   `json:"created_by,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	Rev         int           `json:"rev"` // optimistic lock of a draft's edits
}

// Body is what a scheme version assesses: sections of items, each item on
// a scale, and the levels the total reaches. It is stored as JSON.
type Body struct {
	// Scale is the default scale of the items (e.g. 0–4 with a description
	// of each level); an item may have its own.
	Scale Scale `json:"scale"`
	// MaxPoints, when set (1000 for the excellence framework), turns
	// section weights into points: a section's points are its weight times
	// its percentage, and the total is shown in points as well.
	MaxPoints float64   `json:"max_points,omitempty"`
	Sections  []Section `json:"sections"`
	// Levels are reached by the total percentage, highest first when
	// sorted; the first level an assessment reaches names its result. An
	// assessment below every level has no level ("not yet").
	Levels []Level `json:"levels"`
}

// Scale is the range of an item's score and what each value means.
type Scale struct {
	Min    int          `json:"min"`
	Max    int          `json:"max"`
	Labels []ScaleLabel `json:"labels,omitempty"`
}

// ScaleLabel describes one value of a scale.
type ScaleLabel struct {
	Value int        `json:"value"`
	Label fault.Text `json:"label"`
}

// Section is a group of items (an S of 5S, a category of the excellence
// framework).
type Section struct {
	Key  string     `json:"key"` // unique in the body, e.g. "s1", "c7"
	Name fault.Text `json:"name"`
	// Weight is the section's share of the total (points when the body
	// has MaxPoints). 0 means: weigh it by its items' weights.
	Weight float64 `json:"weight"`
	Items  []Item  `json:"items"`
}

// Item is one thing assessed.
type Item struct {
	Key      string     `json:"key"` // unique in the body, e.g. "s1.3"
	Text     fault.Text `json:"text"`
	Guidance fault.Text `json:"guidance"` // how to judge it
	Evidence fault.Text `json:"evidence"` // what evidence to show
	Weight   float64    `json:"weight"`   // its share of the section; 0 counts as 1
	AllowNA  bool       `json:"allow_na"` // N/A allowed: an N/A item leaves the score
	Scale    *Scale     `json:"scale,omitempty"`
}

// Level is a result level reached at a total percentage.
type Level struct {
	Code   string     `json:"code"`
	Name   fault.Text `json:"name"`
	MinPct float64    `json:"min_pct"` // 0–100
}

// Mode is who assesses.
type Mode string

// The modes of assessment. State recognition is not a mode of its own
// record: an officer recognises an independent assessment (Recognition).
const (
	ModeSelf        Mode = "self"        // tự đánh giá, by the enterprise
	ModeIndependent Mode = "independent" // đánh giá độc lập, by an accredited assessor
)

// Label names the mode.
func (m Mode) Label() fault.Text {
	switch m {
	case ModeSelf:
		return fault.Text{Vi: "Tự đánh giá", En: "Self-assessment"}
	case ModeIndependent:
		return fault.Text{Vi: "Đánh giá độc lập", En: "Independent assessment"}
	}
	return fault.Text{Vi: string(m), En: string(m)}
}

// Status is where an assessment is.
//
//	self:        in_progress → submitted
//	independent: requested → assigned → in_progress → submitted → recognised | not_recognised
//	either:      (before submitted) → cancelled
type Status string

// The statuses of an assessment.
const (
	StatusRequested     Status = "requested"      // the enterprise asked for an independent assessment
	StatusAssigned      Status = "assigned"       // an officer assigned an accredited assessor
	StatusInProgress    Status = "in_progress"    // answers are being given
	StatusSubmitted     Status = "submitted"      // scored and frozen
	StatusRecognised    Status = "recognised"     // an officer recognised it (a certificate was issued)
	StatusNotRecognised Status = "not_recognised" // an officer declined recognition, with a reason
	StatusCancelled     Status = "cancelled"
)

// Label names the status.
func (s Status) Label() fault.Text {
	switch s {
	case StatusRequested:
		return fault.Text{Vi: "Đã đề nghị", En: "Requested"}
	case StatusAssigned:
		return fault.Text{Vi: "Đã phân công", En: "Assigned"}
	case StatusInProgress:
		return fault.Text{Vi: "Đang đánh giá", En: "In progress"}
	case StatusSubmitted:
		return fault.Text{Vi: "Đã hoàn thành", En: "Submitted"}
	case StatusRecognised:
		return fault.Text{Vi: "Đã công nhận", En: "Recognised"}
	case StatusNotRecognised:
		return fault.Text{Vi: "Không công nhận", En: "Not recognised"}
	case StatusCancelled:
		return fault.Text{Vi: "Đã hủy", En: "Cancelled"}
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// Open reports whether answers may still be given (or the assessor
// assigned).
func (s Status) Open() bool {
	return s == StatusRequested || s == StatusAssigned || s == StatusInProgress
}

// Assessment is one assessment of an enterprise on one scheme version.
type Assessment struct {
	ID             AssessmentID          `json:"id"`
	EnterpriseID   registry.EnterpriseID `json:"enterprise_id"`
	EnterpriseName string                `json:"enterprise_name"` // joined
	TaxCode        string                `json:"tax_code"`        // joined
	ProvinceCode   string                `json:"province_code"`   // joined: the enterprise's province
	SchemeID       SchemeID              `json:"scheme_id"`
	VersionID      VersionID             `json:"version_id"`
	VersionNo      int                   `json:"scheme_version"` // joined
	SchemeCode     string                `json:"scheme_code"`    // joined
	SchemeName     fault.Text            `json:"scheme_name"`    // joined
	Mode           Mode                  `json:"mode"`
	Status         Status                `json:"status"`
	Site           string                `json:"site"` // the workshop, line or area assessed
	AssessorID     auth.UserID           `json:"assessor_id,omitempty"`
	AssessorName   string                `json:"assessor_name,omitempty"` // joined
	// BasedOn is, for an independent assessment, the self-assessment the
	// enterprise asked it on (0 when none).
	BasedOn     AssessmentID `json:"based_on,omitempty"`
	StartedAt   *time.Time   `json:"started_at,omitempty"`
	SubmittedAt *time.Time   `json:"submitted_at,omitempty"`
	// The result, frozen at submission.
	ScorePct  float64 `json:"score_pct"`
	Points    float64 `json:"points,omitempty"`
	LevelCode string  `json:"level,omitempty"`
	// Recognition, by an officer, of a submitted independent assessment.
	RecognisedAt    *time.Time  `json:"recognised_at,omitempty"`
	RecognisedBy    auth.UserID `json:"recognised_by,omitempty"`
	DecisionNo      string      `json:"decision_no,omitempty"`
	DecisionDate    *time.Time  `json:"decision_date,omitempty"`
	RecognitionNote string      `json:"recognition_note,omitempty"`
	CancelReason    string      `json:"cancel_reason,omitempty"`
	CreatedBy       auth.UserID `json:"created_by"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
	Version         int         `json:"version"` // optimistic lock
}

// Answer is the score given to one item.
type Answer struct {
	ItemKey    string      `json:"item"`
	Value      int         `json:"value"` // on the item's scale; ignored when NA
	NA         bool        `json:"na"`
	Note       string      `json:"note,omitempty"` // observation, non-conformity
	AnsweredBy auth.UserID `json:"answered_by,omitempty"`
	AnsweredAt time.Time   `json:"answered_at"`
}

// CertificateStatus is a certificate's standing in the register.
type CertificateStatus string

// The certificate statuses. A valid certificate past its expiry date reads
// as expired (Certificate.StatusOn) before the expiry job marks it.
const (
	CertValid   CertificateStatus = "valid"
	CertExpired CertificateStatus = "expired"
	CertRevoked CertificateStatus = "revoked"
)

// Certificate is issued on recognition of an independent assessment.
type Certificate struct {
	ID             CertificateID         `json:"id"`
	Number         string                `json:"number"` // unique, e.g. "5S-2026-000123"
	Code           string                `json:"-"`      // the signed verification code (seal)
	EnterpriseID   registry.EnterpriseID `json:"enterprise_id"`
	EnterpriseName string                `json:"enterprise_name"` // as at issue
	TaxCode        string                `json:"tax_code"`
	ProvinceCode   string                `json:"province_code"`
	AssessmentID   AssessmentID          `json:"assessment_id"`
	SchemeID       SchemeID              `json:"scheme_id"`
	SchemeCode     string                `json:"scheme_code"`
	SchemeName     fault.Text            `json:"scheme_name"`
	VersionNo      int                   `json:"scheme_version"`
	LevelCode      string                `json:"level"`
	LevelName      fault.Text            `json:"level_name"`
	ScorePct       float64               `json:"score_pct"`
	IssuedOn       time.Time             `json:"issued_on"`  // a calendar day
	ExpiresOn      *time.Time            `json:"expires_on"` // a calendar day; nil: no expiry
	Issuer         string                `json:"issuer"`     // the issuing body, e.g. "Bộ Công Thương"
	Signer         string                `json:"signer"`     // who signed for it
	IssuedBy       auth.UserID           `json:"issued_by"`
	Status         CertificateStatus     `json:"status"`
	RevokedAt      *time.Time            `json:"revoked_at,omitempty"`
	RevokedBy      auth.UserID           `json:"revoked_by,omitempty"`
	RevokedReason  string                `json:"revoked_reason,omitempty"`
	RemindedAt     *time.Time            `json:"-"` // the expiry reminder was sent
	CreatedAt      time.Time             `json:"created_at"`
	Version        int                   `json:"version"`
}

// StatusOn is the certificate's status on day now: a valid certificate
// whose expiry day has passed is expired, whether or not the expiry job
// has marked it yet.
func (c *Certificate) StatusOn(now time.Time) CertificateStatus {
	if c.Status == CertValid && c.ExpiresOn != nil && !now.Before(c.ExpiresOn.AddDate(0, 0, 1)) {
		return CertExpired
	}
	return c.Status
}

// AccreditationStatus is an assessor's accreditation standing.
type AccreditationStatus string

// The accreditation statuses.
const (
	AccreditationActive    AccreditationStatus = "active"
	AccreditationSuspended AccreditationStatus = "suspended"
	AccreditationWithdrawn AccreditationStatus = "withdrawn"
)

// Accreditation says that an assessor may assess independently on a
// scheme, from GrantedOn to ExpiresOn (renewed by moving ExpiresOn).
type Accreditation struct {
	ID         AccreditationID     `json:"id"`
	UserID     auth.UserID         `json:"user_id"`
	UserName   string              `json:"user_name"` // joined
	SchemeID   SchemeID            `json:"scheme_id"`
	SchemeCode string              `json:"scheme_code"` // joined
	SchemeName fault.Text          `json:"scheme_name"` // joined
	Number     string              `json:"number"`
	GrantedOn  time.Time           `json:"granted_on"`
	ExpiresOn  time.Time           `json:"expires_on"`
	Status     AccreditationStatus `json:"status"`
	Note       string              `json:"note,omitempty"`
	CreatedAt  time.Time           `json:"created_at"`
	UpdatedAt  time.Time           `json:"updated_at"`
	Version    int                 `json:"version"`
}

// ActiveOn reports whether the accreditation allows assessing on day now.
func (a *Accreditation) ActiveOn(now time.Time) bool {
	return a.Status == AccreditationActive && !now.Before(a.GrantedOn) && now.Before(a.ExpiresOn.AddDate(0, 0, 1))
}
