package programme

import (
	"context"

	"nscl/internal/auth"
)

// ActivityStore keeps proposals from draft to decision: edits, submission
// and screening, reviews, decisions (sqldb/programme_activity.go).
type ActivityStore interface {
	// FindActivities returns the activities f selects, newest first, and
	// how many there are in all.
	FindActivities(ctx context.Context, f ActivityFilter) ([]*Activity, int, error)
	// UpdateProposal writes a proposal's own fields (type, title, summary,
	// details, tools, totals, proposer's facts), replaces its budget lines
	// and KPIs, if a.Version is still the stored one (fault.Conflict
	// otherwise); a.Version becomes the new one.
	UpdateProposal(ctx context.Context, a *Activity) error
	// UpdateActivityState writes the life-cycle fields (status, screening,
	// submission and decision, proposer's facts, approved budget) if
	// a.Version is still the stored one (fault.Conflict otherwise);
	// a.Version becomes the new one.
	UpdateActivityState(ctx context.Context, a *Activity) error
	// LockActivity takes the activity's row lock for the rest of the
	// transaction (PostgreSQL: a no-op UPDATE locks the row until commit, so
	// a second writer waits and then reads what the first wrote; SQLite's
	// writer is already serialised by _txlock=immediate); NotFound when there
	// is no such activity. Every write that checks the activity's status or
	// its reviews, files or count takes it first, then reads.
	LockActivity(ctx context.Context, id ActivityID) error
	// SetTitleFolded stores the folded title the list's search reads.
	SetTitleFolded(ctx context.Context, id ActivityID, folded string) error
	// SetReviewScore stores the mean of the submitted reviews (derived:
	// the version is not bumped, so an officer's open form stays valid).
	SetReviewScore(ctx context.Context, id ActivityID, score *float64) error

	// AddActivityEvent appends e to the activity's history (ID set).
	AddActivityEvent(ctx context.Context, e *Event) error
	// FindActivityEvents returns the history, oldest first.
	FindActivityEvents(ctx context.Context, id ActivityID) ([]Event, error)

	// CreateReview inserts r (ID set); a reviewer twice is fault.Conflict.
	CreateReview(ctx context.Context, r *Review) error
	// FindReviews returns the activity's reviews in assignment order, with
	// the reviewers' names.
	FindReviews(ctx context.Context, id ActivityID) ([]*Review, error)
	// UpdateReview writes r's declaration, scores and status if its stored
	// status is still from (fault.Conflict otherwise).
	UpdateReview(ctx context.Context, r *Review, from ReviewStatus) error

	// CreateActivityFile inserts f with its data (ID set).
	CreateActivityFile(ctx context.Context, f *File) error
	// FindActivityFiles returns the proposal's attachments (no milestone),
	// without their data.
	FindActivityFiles(ctx context.Context, id ActivityID) ([]*File, error)
	// FindActivityFile returns one file with its data.
	FindActivityFile(ctx context.Context, id FileID) (*File, error)
	DeleteActivityFile(ctx context.Context, id FileID) error

	// FindReviewerCandidates returns the active accounts of role expert or
	// assessor, by name, with their directory profile's links.
	FindReviewerCandidates(ctx context.Context) ([]ReviewerCandidate, error)
	// FindExpertLinks returns the directory profile of an account: its
	// organisation and the enterprises it declared a relation with (zero
	// when the account has no profile).
	FindExpertLinks(ctx context.Context, user auth.UserID) (ExpertLinks, error)
	// FindOrganisationBrief returns an organisation's name and province.
	FindOrganisationBrief(ctx context.Context, id int64) (name, province string, err error)
	// FindToolCodes returns the codes of the improvement-tool catalogue.
	FindToolCodes(ctx context.Context) ([]string, error)
	// FindUserContact returns an account's email and name.
	FindUserContact(ctx context.Context, id auth.UserID) (email, name string, err error)
}

// ActivityFilter selects activities. The visibility fields are OR-ed (an
// activity any of them reaches is in); the filters are AND-ed.
type ActivityFilter struct {
	All            bool        // every activity (the ministry, the administrator)
	Province       string      // a provincial officer: the activity's or its call's province
	EnterpriseID   int64       // the proposing enterprise
	OrganisationID int64       // the proposing organisation
	UserID         auth.UserID // assigned to review or verify

	Status     Status
	Type       ActivityType
	Track      Track
	Year       int
	InProvince string // the activity's province
	CallID     CallID
	Query      string // folded words of the title
	Offset     int
	Limit      int
}

// ReviewerCandidate is an account that may be assigned to review.
type ReviewerCandidate struct {
	UserID auth.UserID `json:"user_id"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Role   auth.Role   `json:"role"`
	ExpertLinks
	// Conflict, when set, is why the candidate may not review the
	// activity at hand (filled by the service).
	Conflict string `json:"conflict,omitempty"`
}

// ExpertLinks are what the directory knows of an account's ties.
type ExpertLinks struct {
	ExpertID       int64   `json:"expert_id,omitempty"`
	OrganisationID int64   `json:"organisation_id,omitempty"`
	Related        []int64 `json:"related_enterprises,omitempty" doc:"Doanh nghiệp chuyên gia đã khai có quan hệ"`
}
