package assessment

import (
	"context"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// This file is the area of assessors accredited per scheme, with renewal:
// an account of role assessor is accredited on a scheme (a number, the day
// granted, the expiry, 3 years by default), renewed by moving the expiry
// later, suspended and reinstated, or withdrawn, each with a reason kept
// in the accreditation's history (and the audit log). The assessing area
// reads an accreditation with FindAccreditationFor and Accreditation.ActiveOn
// when it assigns an assessor.

// AccreditationStore is what this area keeps (sqldb/assessment_accreditation.go).
type AccreditationStore interface {
	// CreateAccreditation inserts x (ID, Version 1, times set); a second
	// accreditation of the same assessor on the scheme (with a message on
	// the field "user_id"), or a number in use (on "number"), is
	// fault.Conflict, which leaves the transaction usable.
	CreateAccreditation(ctx context.Context, x *Accreditation, by auth.UserID) error
	// RegrantAccreditation writes x's number, dates, status and note (a
	// withdrawn or expired accreditation granted again) if x.Version is
	// still the stored one (fault.Conflict otherwise); x.Version becomes
	// the new one.
	RegrantAccreditation(ctx context.Context, x *Accreditation) error
	// AccreditationNumberUsed reports whether an accreditation has number.
	AccreditationNumberUsed(ctx context.Context, number string) (bool, error)
	// UpdateAccreditation writes x's expiry, status and note if x.Version
	// is still the stored one (fault.Conflict otherwise); x.Version
	// becomes the new one.
	UpdateAccreditation(ctx context.Context, x *Accreditation) error
	// FindAccreditation returns an accreditation with its joined names.
	FindAccreditation(ctx context.Context, id AccreditationID) (*Accreditation, error)
	// FindAccreditations returns the accreditations matching f, by
	// assessor name then scheme, and their total.
	FindAccreditations(ctx context.Context, f AccreditationFilter) ([]*Accreditation, int, error)
	// AddAccreditationEvent writes one entry of an accreditation's history.
	AddAccreditationEvent(ctx context.Context, e *AccreditationEvent) error
	// FindAccreditationEvents returns an accreditation's history, oldest first.
	FindAccreditationEvents(ctx context.Context, id AccreditationID) ([]*AccreditationEvent, error)
	// FindAccounts returns the active accounts matching f, by name.
	FindAccounts(ctx context.Context, f AccountFilter) ([]Account, error)
	// FindAccount returns one account (NotFound when none).
	FindAccount(ctx context.Context, id auth.UserID) (*Account, error)
	// NextAccreditationNumber returns the next number of a series (1, 2, …),
	// each caller its own.
	NextAccreditationNumber(ctx context.Context, series string) (int, error)
}

// AccreditationFilter selects accreditations. Zero fields do not filter.
type AccreditationFilter struct {
	SchemeID SchemeID
	UserID   auth.UserID
	Statuses []AccreditationStatus
	// ExpiresFrom and ExpiresBefore bound the expiry day (inclusive,
	// exclusive).
	ExpiresFrom   time.Time
	ExpiresBefore time.Time
	Limit         int
	Offset        int
}

// AccountFilter selects accounts: of a role, whose name or email
// contains Query (folded), at most Limit of them.
type AccountFilter struct {
	Role   auth.Role
	Query  string
	Limit  int
	Offset int
}

// Account is a user account as the accreditations name it.
type Account struct {
	ID     auth.UserID `json:"id"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Role   auth.Role   `json:"role"`
	Active bool        `json:"active"`
}

// AccreditationEvent is one entry of an accreditation's history.
type AccreditationEvent struct {
	ID              int64           `json:"id"`
	AccreditationID AccreditationID `json:"accreditation_id"`
	Action          string          `json:"action"` // grant, renew, suspend, reinstate, withdraw, regrant
	ExpiresBefore   *time.Time      `json:"expires_before,omitempty"`
	ExpiresAfter    *time.Time      `json:"expires_after,omitempty"`
	Reason          string          `json:"reason,omitempty"`
	// NumberBefore and NumberAfter are the decision numbers a grant or a
	// re-grant replaced and gave.
	NumberBefore string      `json:"number_before,omitempty"`
	NumberAfter  string      `json:"number_after,omitempty"`
	ActorID      auth.UserID `json:"actor_id,omitempty"`
	ActorName    string      `json:"actor_name,omitempty"` // joined
	At           time.Time   `json:"at"`
}

// AccreditationEventLabel names an action of the history.
func AccreditationEventLabel(action string) fault.Text {
	switch action {
	case "grant":
		return fault.Text{Vi: "Cấp công nhận", En: "Granted"}
	case "renew":
		return fault.Text{Vi: "Gia hạn", En: "Renewed"}
	case "suspend":
		return fault.Text{Vi: "Tạm đình chỉ", En: "Suspended"}
	case "reinstate":
		return fault.Text{Vi: "Khôi phục", En: "Reinstated"}
	case "withdraw":
		return fault.Text{Vi: "Thu hồi", En: "Withdrawn"}
	case "regrant":
		return fault.Text{Vi: "Cấp lại công nhận", En: "Granted again"}
	}
	return fault.Text{Vi: action, En: action}
}

// Label names an accreditation status.
func (s AccreditationStatus) Label() fault.Text {
	switch s {
	case AccreditationActive:
		return fault.Text{Vi: "Còn hiệu lực", En: "Active"}
	case AccreditationSuspended:
		return fault.Text{Vi: "Tạm đình chỉ", En: "Suspended"}
	case AccreditationWithdrawn:
		return fault.Text{Vi: "Đã thu hồi", En: "Withdrawn"}
	case AccreditationExpired:
		return fault.Text{Vi: "Hết hạn", En: "Expired"}
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// AccreditationExpired is how an active accreditation past its expiry
// reads (StandingOn); it is never stored.
const AccreditationExpired AccreditationStatus = "expired"

// StandingOn is the accreditation's status on day now: an active one past
// its expiry day reads as expired.
func (a *Accreditation) StandingOn(now time.Time) AccreditationStatus {
	if a.Status == AccreditationActive && !now.Before(a.ExpiresOn.AddDate(0, 0, 1)) {
		return AccreditationExpired
	}
	return a.Status
}
