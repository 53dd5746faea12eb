package contest

import (
	"context"
	"time"
)

// SetupStore is what the area of the contests' setup (cycles, categories,
// rubric, timeline, eligibility) keeps (sqldb/contest_setup.go).
type SetupStore interface {
	// UpdateContest writes c's fields and status if c.Version is still the
	// stored one (fault.Conflict otherwise); with parts set it replaces
	// the categories and criteria too (a draft's). c.Version becomes the
	// new one.
	UpdateContest(ctx context.Context, c *Contest, parts bool) error
	// FindContests returns the contests f selects (without their parts),
	// the newest year first, then by code.
	FindContests(ctx context.Context, f ContestFilter) ([]*Contest, error)
	// CountEntriesByStatus counts a contest's entries per status.
	CountEntriesByStatus(ctx context.Context, id ContestID) (map[EntryStatus]int, error)
	// CreateCancellation records why a contest was cancelled.
	CreateCancellation(ctx context.Context, x *Cancellation) error
	// FindCancellation returns a contest's cancellation (NotFound if none).
	FindCancellation(ctx context.Context, id ContestID) (*Cancellation, error)
}

// ContestFilter selects contests. Zero fields do not filter, except
// drafts: they are left out unless DraftsAll, or DraftsOf points to the
// organiser whose drafts are included ("" the ministry's).
type ContestFilter struct {
	Year         int
	Status       Status
	ProvinceCode *string // the organiser, when set
	DraftsAll    bool
	DraftsOf     *string
}

// Cancellation is why and when a contest was cancelled.
type Cancellation struct {
	ContestID   ContestID
	Reason      string
	CancelledBy int64
	CancelledAt time.Time
}
