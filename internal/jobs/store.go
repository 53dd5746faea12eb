package jobs

import (
	"context"
	"time"

	"nscl/internal/audit"
)

// Store keeps the tracking rows of jobs. Methods return fault.NotFound for a
// missing job.
type Store interface {
	// Tx runs fn with a Store bound to one transaction.
	Tx(ctx context.Context, fn func(Store) error) error

	// CreateJob inserts j and fills its ID.
	CreateJob(ctx context.Context, j *Job) error
	// FindJobByID returns the job without its result bytes.
	FindJobByID(ctx context.Context, id JobID) (*Job, error)
	// FindJobs returns matching jobs newest first, without result bytes, and
	// the total.
	FindJobs(ctx context.Context, f JobFilter) ([]*Job, int, error)
	// SetRiverID records River's id for the job.
	SetRiverID(ctx context.Context, id JobID, riverID int64) error
	// MarkRunning sets the status running and clears message and error.
	MarkRunning(ctx context.Context, id JobID, at time.Time) error
	// Requeue sets the status queued with a message (a retry is pending).
	Requeue(ctx context.Context, id JobID, message string, at time.Time) error
	// UpdateProgress records progress.
	UpdateProgress(ctx context.Context, id JobID, done, total int64, message string, at time.Time) error
	// Finish records the outcome: status, error, result and finished_at.
	Finish(ctx context.Context, id JobID, o Outcome) error
	// FindResult returns the result file; NotFound if the job has none.
	FindResult(ctx context.Context, id JobID) (name, mime string, data []byte, err error)

	// AddAudit writes an audit entry (in the current transaction, if any).
	AddAudit(ctx context.Context, e audit.Entry) error
}

// AuditSource reads the audit log for exports; sqldb's AuditStore has it.
type AuditSource interface {
	// FindEntries returns entries matching f, newest first, and the total.
	FindEntries(ctx context.Context, f audit.Filter) ([]*audit.Entry, int, error)
	// EachEntry calls fn for every entry matching f, oldest first, ignoring
	// f.Offset and f.Limit.
	EachEntry(ctx context.Context, f audit.Filter, fn func(*audit.Entry) error) error
}

// SessionCleaner deletes expired sessions; sqldb's SessionStore has it.
type SessionCleaner interface {
	DeleteExpired(ctx context.Context) (int64, error)
}
