package matching

import (
	"context"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
)

// Store keeps needs, interests and engagements, and reads the directory's
// experts. Finders return fault.NotFound for a missing object; CreateInterest
// returns fault.Conflict for a second interest of an expert in a need and
// CreateEngagement for a second engagement on a need.
type Store interface {
	// Tx runs fn with a Store bound to one transaction.
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error

	// ProfilesVersion returns the store's version of what LoadProfiles
	// reads: a counter kept by the database, not a clock, so that several
	// servers agree.
	ProfilesVersion(ctx context.Context) (Version, error)
	// LoadProfiles returns every expert who may be matched: status active,
	// consent to matching.
	LoadProfiles(ctx context.Context) ([]*Profile, error)
	// LoadCounters returns the track-record counters of the experts who
	// may be matched, by id.
	LoadCounters(ctx context.Context) (map[ExpertID]TrackDelta, error)
	// FindConflicts returns the organisations that are the enterprise and
	// the experts who declared a relation with it.
	FindConflicts(ctx context.Context, enterpriseID int64) (Conflicts, error)
	// ExpertCards returns the names of experts, by id (missing ids are left
	// out), with title, province and organisation blank unless the expert
	// made them public.
	ExpertCards(ctx context.Context, ids []ExpertID) (map[ExpertID]ExpertCard, error)
	// OrganisationCards returns the names of organisations, by id.
	OrganisationCards(ctx context.Context, ids []OrganisationID) (map[OrganisationID]OrganisationCard, error)
	// FindExpertByUser returns the expert whose account is user, or NotFound.
	FindExpertByUser(ctx context.Context, user auth.UserID) (*Expert, error)

	CreateNeed(ctx context.Context, n *Need) error
	FindNeedByID(ctx context.Context, id NeedID) (*Need, error)
	// FindNeeds returns the needs of f, newest first, and the total.
	FindNeeds(ctx context.Context, f NeedFilter) ([]*Need, int, error)
	SetNeedStatus(ctx context.Context, id NeedID, s NeedStatus, at time.Time) error

	CreateInterest(ctx context.Context, i *Interest) error
	FindInterestByID(ctx context.Context, id InterestID) (*Interest, error)
	// FindInterests returns the interests in a need, oldest first.
	FindInterests(ctx context.Context, need NeedID) ([]*Interest, error)
	// SetInterestStatus decides a pending interest; an interest no longer
	// pending is a Conflict.
	SetInterestStatus(ctx context.Context, id InterestID, s InterestStatus, at time.Time) error

	CreateEngagement(ctx context.Context, e *Engagement) error
	FindEngagementByID(ctx context.Context, id EngagementID) (*Engagement, error)
	FindEngagementByNeed(ctx context.Context, need NeedID) (*Engagement, error)
	// FindEngagements returns the engagements of f, newest first, and the total.
	FindEngagements(ctx context.Context, f EngagementFilter) ([]*Engagement, int, error)
	// UpdateEngagement writes the status, completion and rating of after
	// if the stored engagement still has the status and rating of before;
	// otherwise (a concurrent change, a double click) it is a Conflict.
	UpdateEngagement(ctx context.Context, before, after *Engagement) error
	// AddTrackRecord adds to an expert's counters (and touches the row).
	AddTrackRecord(ctx context.Context, id ExpertID, d TrackDelta, at time.Time) error
}

// Version is the store's version of the profiles: Profiles grows with
// every write the index reads except the track-record counters, Counters
// with every write of those (which only refreshes the counters).
type Version struct {
	Profiles, Counters int64
}

// covers reports whether an index built at v is at least as new as w.
func (v Version) covers(w Version) bool { return v.Profiles >= w.Profiles && v.Counters >= w.Counters }

// TrackDelta is a change of an expert's track-record counters (or, from
// LoadCounters, the counters themselves).
type TrackDelta struct {
	Active, Completed, RatingSum, RatingCount int
}

// ExpertCard is what a ranking shows of an expert besides the score.
type ExpertCard struct {
	Name         string
	Title        string
	ProvinceCode string
	Organisation OrganisationID
	Completed    int
	RatingSum    int
	RatingCount  int
}

// OrganisationCard is what a ranking shows of an organisation.
type OrganisationCard struct {
	Name         string
	Kind         string
	ProvinceCode string
}
