package jobs

import (
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// JobID identifies a tracked job (a row of the jobs table, not River's id).
type JobID int64

// Status is where a tracked job is in its life.
type Status string

// The statuses of a job. A job goes queued → running → done or failed; while
// River retries it after an error, or after a restart interrupted it, it is
// queued again.
const (
	StatusQueued    Status = "queued"
	StatusRunning   Status = "running"
	StatusDone      Status = "done"
	StatusFailed    Status = "failed"
	StatusCancelled Status = "cancelled"
)

// Statuses lists the statuses in display order, for filters.
var Statuses = []Status{StatusQueued, StatusRunning, StatusDone, StatusFailed, StatusCancelled}

var statusLabels = map[Status]fault.Text{
	StatusQueued:    {Vi: "Đang chờ", En: "Queued"},
	StatusRunning:   {Vi: "Đang chạy", En: "Running"},
	StatusDone:      {Vi: "Hoàn thành", En: "Done"},
	StatusFailed:    {Vi: "Thất bại", En: "Failed"},
	StatusCancelled: {Vi: "Đã huỷ", En: "Cancelled"},
}

// Label returns the status in Vietnamese and English.
func (s Status) Label() fault.Text { return statusLabels[s] }

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	_, ok := statusLabels[s]
	return ok
}

// IsFinished reports whether s is final (done, failed or cancelled): the job
// page stops polling then.
func (s Status) IsFinished() bool {
	return s == StatusDone || s == StatusFailed || s == StatusCancelled
}

// Job is the tracking row of a user-facing background job.
type Job struct {
	ID      JobID
	RiverID int64 // River's job id; 0 until the job is inserted into River
	Kind    string
	Title   string      // what the owner sees, e.g. "Xuất nhật ký kiểm tra ra Excel"
	OwnerID auth.UserID // 0 for the system
	Status  Status
	Done    int64 // units of work done, of Total
	Total   int64 // 0 while unknown
	Message string
	Params  string // JSON of the job's parameters
	// ResultName and ResultMime describe the result file; HasResult says
	// whether there is one. The bytes come from Service.Result only, so
	// listing jobs stays cheap.
	ResultName string
	ResultMime string
	HasResult  bool
	Error      string // safe to show to the owner; set when Status is failed
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt *time.Time
}

// Percent returns the progress from 0 to 100: 100 once done, 0 while the
// total is unknown.
func (j *Job) Percent() int {
	switch {
	case j.Status == StatusDone:
		return 100
	case j.Total <= 0 || j.Done <= 0:
		return 0
	case j.Done >= j.Total:
		return 100
	}
	return int(j.Done * 100 / j.Total)
}

// JobFilter selects jobs. Empty fields do not filter.
type JobFilter struct {
	OwnerID auth.UserID // 0 = every owner (only for those allowed auth.ActJobsReadAll)
	Status  Status
	Kind    string
	Offset  int
	Limit   int // 0 = 50; capped at 200
}

// Outcome is how a job ended, for Store.Finish.
type Outcome struct {
	Status     Status // done, failed or cancelled
	Error      string // user-safe text, for failed
	ResultName string
	ResultMime string
	ResultData []byte // nil: no result
	At         time.Time
}
