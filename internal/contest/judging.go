package contest

import (
	"context"
	"time"

	"nscl/internal/fault"
	"nscl/internal/registry"
)

// JudgingStore is what the area of the judging and the results (judges,
// assignments, conflicts, scores, consensus, awards) keeps
// (sqldb/contest_judging.go).
type JudgingStore interface {
	// FindJudgeUsers returns the enabled users of role judge, by name.
	FindJudgeUsers(ctx context.Context) ([]JudgeUser, error)
	// AddJudge stores j in its contest's pool (ID, AddedAt set); a judge
	// already in the pool is fault.Conflict.
	AddJudge(ctx context.Context, j *Judge) error
	// RemoveJudge takes a judge out of a contest's pool with their
	// assignments that have no score (fault.NotFound when not in it).
	RemoveJudge(ctx context.Context, c ContestID, user int64) error
	// FindJudges returns a contest's pool (user id 0: all) with the
	// users' names and emails and the linked expert's name, by name.
	FindJudges(ctx context.Context, c ContestID, user int64) ([]*Judge, error)
	// ConsultedEnterprises returns the enterprises a directory expert had
	// a consulting engagement with.
	ConsultedEnterprises(ctx context.Context, expert int64) ([]registry.EnterpriseID, error)

	// DeclareConflict stores x (ID set); a second one of the judge on the
	// entry is fault.Conflict.
	DeclareConflict(ctx context.Context, x *Conflict) error
	// FindConflicts returns the declared conflicts f selects.
	FindConflicts(ctx context.Context, f AssignmentFilter) ([]*Conflict, error)

	// CreateAssignment stores a (ID, Version 1, times set); a second one
	// of the judge on the entry is fault.Conflict.
	CreateAssignment(ctx context.Context, a *Assignment) error
	// UpdateAssignment writes a's scores, comment, status and submission
	// if a.Version is still the stored one; a.Version becomes the new one.
	UpdateAssignment(ctx context.Context, a *Assignment) error
	// DeleteAssignment removes an assignment that is not submitted.
	DeleteAssignment(ctx context.Context, id AssignmentID) error
	// FindAssignment returns the judge's assignment on the entry.
	FindAssignment(ctx context.Context, entry EntryID, user int64) (*Assignment, error)
	// FindAssignments returns the assignments f selects, by entry code
	// then judge name, with the entry's code, title and contest.
	FindAssignments(ctx context.Context, f AssignmentFilter) ([]*Assignment, error)

	// SaveConsensus stores x, replacing the entry's consensus if
	// x.Version is the stored one (0 for a first one).
	SaveConsensus(ctx context.Context, x *Consensus) error
	// FindConsensus returns a contest's consensus scores.
	FindConsensus(ctx context.Context, c ContestID) ([]*Consensus, error)

	// LockContest locks contest c's row for the rest of the transaction
	// if it is in status (without changing it), so that a phase change and
	// a write that depends on the phase (a score, a consensus score) do not
	// interleave; false when c is not in status.
	LockContest(ctx context.Context, c ContestID, status Status) (bool, error)
	// SetContestStatus moves a contest to status if version is still the
	// stored one; it returns the new version.
	SetContestStatus(ctx context.Context, c ContestID, version int, status Status) (int, error)
	// AddPhase records a phase change.
	AddPhase(ctx context.Context, p *PhaseChange) error
	// FindPhases returns a contest's phase changes, oldest first.
	FindPhases(ctx context.Context, c ContestID) ([]*PhaseChange, error)
	// SaveResults replaces a contest's frozen results.
	SaveResults(ctx context.Context, c ContestID, rs []Ranked) error
	// HonourSlugTaken reports whether an honour of year has slug.
	HonourSlugTaken(ctx context.Context, year int, slug string) (bool, error)
	// FindResults returns a contest's frozen results by category and rank
	// (none before the contest is decided).
	FindResults(ctx context.Context, c ContestID) ([]Ranked, error)
}

// Typed identifiers of judging.
type (
	JudgeID      int64
	AssignmentID int64
	ConflictID   int64
)

// JudgeUser is a user of role judge who may join a contest's pool.
type JudgeUser struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Judge is a judge in a contest's pool: a user of role judge with the
// organisation they come from (for the conflict-of-interest rules).
type Judge struct {
	ID           JudgeID   `json:"id"`
	ContestID    ContestID `json:"contest_id"`
	UserID       int64     `json:"user_id"`
	Organisation string    `json:"organisation"`
	// OrgProvince is the organisation's province; when ProvincialOrg (a
	// provincial body, e.g. a Department of Industry and Trade), the judge
	// may not judge the entrants of that province.
	OrgProvince   string    `json:"org_province"`
	ProvincialOrg bool      `json:"provincial_org"`
	ExpertID      int64     `json:"expert_id,omitempty"` // a directory expert: their consulting clients are excluded
	AddedAt       time.Time `json:"added_at"`

	// Read-only.
	Name       string `json:"name"`
	Email      string `json:"email"`
	ExpertName string `json:"expert_name,omitempty"`
}

// Conflict is a declared conflict of interest of a judge on an entry.
type Conflict struct {
	ID         ConflictID `json:"id"`
	ContestID  ContestID  `json:"contest_id"`
	EntryID    EntryID    `json:"entry_id"`
	UserID     int64      `json:"user_id"`
	Reason     string     `json:"reason"`
	DeclaredAt time.Time  `json:"declared_at"`
	EntryCode  string     `json:"entry_code"` // read-only
}

// AssignmentStatus is where a judge's scoring of an entry is.
type AssignmentStatus string

const (
	AssignPending   AssignmentStatus = "assigned"  // not scored yet
	AssignDraft     AssignmentStatus = "draft"     // scores saved, not submitted
	AssignSubmitted AssignmentStatus = "submitted" // submitted and locked
)

var assignLabels = map[AssignmentStatus]fault.Text{
	AssignPending:   {Vi: "Chưa chấm", En: "To score"},
	AssignDraft:     {Vi: "Đang chấm (nháp)", En: "Draft"},
	AssignSubmitted: {Vi: "Đã nộp điểm", En: "Submitted"},
}

// Label returns the status in Vietnamese and English.
func (s AssignmentStatus) Label() fault.Text { return assignLabels[s] }

// Mark is one criterion's score with the judge's comment.
type Mark struct {
	Points  float64 `json:"points"`
	Comment string  `json:"comment,omitempty"`
}

// Assignment is a judge's scoring of one entry.
type Assignment struct {
	ID          AssignmentID     `json:"id"`
	ContestID   ContestID        `json:"contest_id"`
	EntryID     EntryID          `json:"entry_id"`
	UserID      int64            `json:"user_id"`
	Status      AssignmentStatus `json:"status"`
	Marks       map[string]Mark  `json:"marks"` // by criterion code
	Comment     string           `json:"comment"`
	SubmittedAt *time.Time       `json:"submitted_at,omitempty"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
	Version     int              `json:"version"`

	// Read-only.
	EntryCode    string     `json:"entry_code"`
	EntryTitle   string     `json:"entry_title"`
	ContestTitle string     `json:"contest_title"`
	JudgeName    string     `json:"judge_name"`
	CategoryID   CategoryID `json:"category_id"`
}

// Total is the sum of the marks.
func (a *Assignment) Total() float64 {
	t := 0.0
	for _, m := range a.Marks {
		t += m.Points
	}
	return t
}

// AssignmentFilter selects assignments (or conflicts). Zero fields do not
// filter.
type AssignmentFilter struct {
	ContestID ContestID
	EntryID   EntryID
	UserID    int64
}

// Consensus is the organiser's consensus scores of an entry, per
// criterion code (criteria absent keep the normalised mean).
type Consensus struct {
	ContestID  ContestID          `json:"contest_id"`
	EntryID    EntryID            `json:"entry_id"`
	Scores     map[string]float64 `json:"scores"`
	Note       string             `json:"note"`
	RecordedBy int64              `json:"recorded_by"`
	RecordedAt time.Time          `json:"recorded_at"`
	Version    int                `json:"version"`
}

// PhaseChange is a contest's move from one status to the next.
type PhaseChange struct {
	ContestID ContestID `json:"contest_id"`
	From      Status    `json:"from"`
	To        Status    `json:"to"`
	Forced    bool      `json:"forced"`
	Note      string    `json:"note"`
	By        int64     `json:"by"`
	At        time.Time `json:"at"`
}
