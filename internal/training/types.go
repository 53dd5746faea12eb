package training

import (
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// Typed identifiers.
type (
	CourseID     int64
	SessionID    int64
	EnrolmentID  int64
	CredentialID int64
)

// Level is a course's (and its credential's) level: 1 basic, 2
// practitioner, 3 expert.
type Level int

// The levels.
const (
	LevelBasic        Level = 1 // cơ bản
	LevelPractitioner Level = 2 // thực hành
	LevelExpert       Level = 3 // chuyên gia
)

// Levels lists the levels in order.
var Levels = []Level{LevelBasic, LevelPractitioner, LevelExpert}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l >= LevelBasic && l <= LevelExpert }

// Code is the level's code in a credential's seal: "1", "2" or "3".
func (l Level) Code() string { return strconv.Itoa(int(l)) }

// Label names the level.
func (l Level) Label() fault.Text {
	switch l {
	case LevelBasic:
		return fault.Text{Vi: "Cấp 1 – Cơ bản", En: "Level 1 – Basic"}
	case LevelPractitioner:
		return fault.Text{Vi: "Cấp 2 – Thực hành", En: "Level 2 – Practitioner"}
	case LevelExpert:
		return fault.Text{Vi: "Cấp 3 – Chuyên gia", En: "Level 3 – Expert"}
	}
	return fault.Text{Vi: "Cấp " + l.Code(), En: "Level " + l.Code()}
}

// AssessKind is how a course assesses its participants.
type AssessKind string

// The kinds of assessment.
const (
	AssessExam      AssessKind = "exam"      // a written exam scored 0–100 with a pass mark
	AssessPractical AssessKind = "practical" // a practical assessment, passed or not, with a note
)

// Valid reports whether k is a known kind.
func (k AssessKind) Valid() bool { return k == AssessExam || k == AssessPractical }

// Label names the kind.
func (k AssessKind) Label() fault.Text {
	switch k {
	case AssessExam:
		return fault.Text{Vi: "Bài kiểm tra viết", En: "Written exam"}
	case AssessPractical:
		return fault.Text{Vi: "Đánh giá thực hành", En: "Practical assessment"}
	}
	return fault.Text{Vi: string(k), En: string(k)}
}

// Module is one part of a course's curriculum.
type Module struct {
	Title string `json:"title"`
	Hours int    `json:"hours" minimum:"1" maximum:"200"`
}

// Course is a course of an improvement tool at a level: its curriculum,
// how participants are assessed, and the credential completion gives.
type Course struct {
	ID       CourseID   `json:"id"`
	ToolCode string     `json:"tool"`      // a catalogue tool code, e.g. "kaizen"
	ToolName fault.Text `json:"tool_name"` // joined from the catalogue
	Level    Level      `json:"level"`
	Title    string     `json:"title"`
	Summary  string     `json:"summary,omitempty"`
	Modules  []Module   `json:"modules"`
	// TotalHours is the sum of the modules' hours.
	TotalHours int        `json:"total_hours"`
	Assessment AssessKind `json:"assessment"`
	PassMark   int        `json:"pass_mark,omitempty"` // of 100, for an exam
	// MinAttendancePct is the share of the hours a participant must attend.
	MinAttendancePct int `json:"min_attendance_pct"`
	// ValidityMonths is how long the credential is valid (0: no expiry).
	ValidityMonths int `json:"validity_months"`
	// ProvinceCode is the owner: "" the ministry, else a province whose
	// officers run the course.
	ProvinceCode string      `json:"province_code,omitempty"`
	Archived     bool        `json:"archived"`
	Sessions     int         `json:"sessions"` // joined: sessions not cancelled
	CreatedBy    auth.UserID `json:"created_by,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
	Version      int         `json:"version"`
}

// SessionStatus is where a session is.
//
//	planned → open → in_progress → completed
//	(any but completed) → cancelled
type SessionStatus string

// The session statuses.
const (
	SessionPlanned    SessionStatus = "planned"
	SessionOpen       SessionStatus = "open" // open for enrolment
	SessionInProgress SessionStatus = "in_progress"
	SessionCompleted  SessionStatus = "completed"
	SessionCancelled  SessionStatus = "cancelled"
)

// SessionStatuses lists the statuses in order.
var SessionStatuses = []SessionStatus{SessionPlanned, SessionOpen, SessionInProgress, SessionCompleted, SessionCancelled}

// Valid reports whether s is a known status.
func (s SessionStatus) Valid() bool {
	for _, x := range SessionStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Label names the status.
func (s SessionStatus) Label() fault.Text {
	switch s {
	case SessionPlanned:
		return fault.Text{Vi: "Dự kiến", En: "Planned"}
	case SessionOpen:
		return fault.Text{Vi: "Đang nhận đăng ký", En: "Open for enrolment"}
	case SessionInProgress:
		return fault.Text{Vi: "Đang học", En: "In progress"}
	case SessionCompleted:
		return fault.Text{Vi: "Đã kết thúc", En: "Completed"}
	case SessionCancelled:
		return fault.Text{Vi: "Đã hủy", En: "Cancelled"}
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// Session is one run of a course: dates, place, trainer, capacity.
type Session struct {
	ID       SessionID `json:"id"`
	CourseID CourseID  `json:"course_id"`
	// The course's facts, joined.
	CourseTitle      string     `json:"course_title"`
	ToolCode         string     `json:"tool"`
	ToolName         fault.Text `json:"tool_name"`
	Level            Level      `json:"level"`
	Assessment       AssessKind `json:"assessment"`
	PassMark         int        `json:"pass_mark,omitempty"`
	MinAttendancePct int        `json:"min_attendance_pct"`
	TotalHours       int        `json:"total_hours"`
	CourseProvince   string     `json:"course_province,omitempty"`

	StartsOn     time.Time `json:"starts_on"` // a calendar day
	EndsOn       time.Time `json:"ends_on"`   // a calendar day
	Place        string    `json:"place"`
	ProvinceCode string    `json:"province_code"`
	// OwnerProvince is the unit that runs the session: "" the ministry,
	// else the province whose officer created it. Only its officers
	// edit, open, start, record, complete and cancel it.
	OwnerProvince   string        `json:"owner_province"`
	TrainerName     string        `json:"trainer_name"`
	TrainerExpertID int64         `json:"trainer_expert_id,omitempty"` // a directory expert, 0 when none
	Capacity        int           `json:"capacity"`
	Enrolled        int           `json:"enrolled"` // enrolments not cancelled
	Status          SessionStatus `json:"status"`
	Note            string        `json:"note,omitempty"`
	CancelReason    string        `json:"cancel_reason,omitempty"`
	CompletedAt     *time.Time    `json:"completed_at,omitempty"`
	CreatedBy       auth.UserID   `json:"created_by,omitempty"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
	Version         int           `json:"version"`
}

// Seats returns the places left.
func (s *Session) Seats() int { return max(s.Capacity-s.Enrolled, 0) }

// EnrolmentStatus is where a participant is.
type EnrolmentStatus string

// The enrolment statuses.
const (
	EnrolEnrolled  EnrolmentStatus = "enrolled"
	EnrolCancelled EnrolmentStatus = "cancelled"
	EnrolPassed    EnrolmentStatus = "passed"     // completed: a credential was issued
	EnrolNotPassed EnrolmentStatus = "not_passed" // completed without: attendance or result short
)

// Label names the status.
func (s EnrolmentStatus) Label() fault.Text {
	switch s {
	case EnrolEnrolled:
		return fault.Text{Vi: "Đã ghi danh", En: "Enrolled"}
	case EnrolCancelled:
		return fault.Text{Vi: "Đã hủy", En: "Cancelled"}
	case EnrolPassed:
		return fault.Text{Vi: "Đạt, đã cấp chứng chỉ", En: "Passed, credential issued"}
	case EnrolNotPassed:
		return fault.Text{Vi: "Không đạt", En: "Not passed"}
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// Enrolment is one participant of a session, with attendance and result.
type Enrolment struct {
	ID             EnrolmentID           `json:"id"`
	SessionID      SessionID             `json:"session_id"`
	FullName       string                `json:"full_name"`
	Email          string                `json:"email"`
	JobTitle       string                `json:"job_title,omitempty"`
	Phone          string                `json:"phone,omitempty"`
	EnterpriseID   registry.EnterpriseID `json:"enterprise_id,omitempty"`
	EnterpriseName string                `json:"enterprise_name,omitempty"` // joined
	UserID         auth.UserID           `json:"user_id,omitempty"`         // the participant's account, when self-enrolled
	Status         EnrolmentStatus       `json:"status"`
	// AttendedHours, Score and Passed are nil until recorded. Score is the
	// exam's (0–100); Passed the practical assessment's.
	AttendedHours *int         `json:"attended_hours,omitempty"`
	Score         *int         `json:"score,omitempty"`
	Passed        *bool        `json:"passed,omitempty"`
	ResultNote    string       `json:"result_note,omitempty"`
	CredentialID  CredentialID `json:"credential_id,omitempty"` // joined
	EnrolledBy    auth.UserID  `json:"enrolled_by,omitempty"`
	CreatedAt     time.Time    `json:"created_at"`
	UpdatedAt     time.Time    `json:"updated_at"`
	Version       int          `json:"version"`
}

// CredentialStatus is a credential's standing.
type CredentialStatus string

// The credential statuses. A valid credential past its expiry reads as
// expired (StatusOn).
const (
	CredValid   CredentialStatus = "valid"
	CredExpired CredentialStatus = "expired"
	CredRevoked CredentialStatus = "revoked"
)

// Label names the status.
func (s CredentialStatus) Label() fault.Text {
	switch s {
	case CredValid:
		return fault.Text{Vi: "Còn hiệu lực", En: "Valid"}
	case CredExpired:
		return fault.Text{Vi: "Hết hiệu lực", En: "Expired"}
	case CredRevoked:
		return fault.Text{Vi: "Đã thu hồi", En: "Revoked"}
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// Credential is a practitioner's credential: the tool and level a
// participant completed, sealed like a certificate.
type Credential struct {
	ID             CredentialID          `json:"id"`
	Number         string                `json:"number"` // unique, e.g. "TH-KAIZEN-2026-000045"
	Code           string                `json:"-"`      // the signed verification code (seal)
	EnrolmentID    EnrolmentID           `json:"enrolment_id"`
	SessionID      SessionID             `json:"session_id"`
	CourseID       CourseID              `json:"course_id"`
	HolderName     string                `json:"holder_name"`
	HolderEmail    string                `json:"-"`
	UserID         auth.UserID           `json:"user_id,omitempty"`
	EnterpriseID   registry.EnterpriseID `json:"enterprise_id,omitempty"`
	EnterpriseName string                `json:"enterprise_name,omitempty"` // as at issue
	// EnterpriseProvince is the enterprise's province at issue: its
	// officers see the credential as well as the session's.
	EnterpriseProvince string     `json:"enterprise_province,omitempty"`
	ProvinceCode       string     `json:"province_code"` // the session's
	ToolCode           string     `json:"tool"`
	ToolName           fault.Text `json:"tool_name"`
	Level              Level      `json:"level"`
	CourseTitle        string     `json:"course"`
	IssuedOn           time.Time  `json:"issued_on"`  // a calendar day
	ExpiresOn          *time.Time `json:"expires_on"` // a calendar day; nil: no expiry
	Issuer             string     `json:"issuer"`
	// IssuerProvince is the issuing unit: "" the ministry, else the
	// province that ran the session. Its officers (and the ministry's)
	// revoke the credential.
	IssuerProvince string           `json:"issuer_province"`
	IssuedBy       auth.UserID      `json:"issued_by,omitempty"`
	Status         CredentialStatus `json:"status"`
	RevokedAt      *time.Time       `json:"revoked_at,omitempty"`
	RevokedBy      auth.UserID      `json:"revoked_by,omitempty"`
	RevokedReason  string           `json:"revoked_reason,omitempty"`
	CreatedAt      time.Time        `json:"created_at"`
	Version        int              `json:"version"`
}

// StatusOn is the credential's status on day now: a valid credential
// whose expiry day has passed is expired.
func (c *Credential) StatusOn(now time.Time) CredentialStatus {
	if c.Status == CredValid && c.ExpiresOn != nil && !now.Before(c.ExpiresOn.AddDate(0, 0, 1)) {
		return CredExpired
	}
	return c.Status
}
