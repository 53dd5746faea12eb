package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/jobs"
)

// JobStore keeps the tracking rows of background jobs. River's own tables
// are River's business; this store never touches them.
type JobStore struct {
	conn
}

var _ jobs.Store = (*JobStore)(nil)

// Jobs returns the job tracking store.
func (db *DB) Jobs() *JobStore { return &JobStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *JobStore) Tx(ctx context.Context, fn func(jobs.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&JobStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *JobStore) AddAudit(ctx context.Context, e audit.Entry) error { return s.addAudit(ctx, e) }

// jobColumns leave out result_data, which can be megabytes: lists and
// progress polls read only whether it is there.
const jobColumns = `id, river_id, kind, owner_id, title, status, done, total, message, params_json,
	result_name, result_mime, result_data IS NOT NULL, error, created_at, updated_at, finished_at`

func scanJob(s interface{ Scan(...any) error }, extra ...any) (*jobs.Job, error) {
	var j jobs.Job
	var riverID, owner sql.NullInt64
	var created, updated, finished sql.NullTime
	dest := append([]any{&j.ID, &riverID, &j.Kind, &owner, &j.Title, &j.Status, &j.Done, &j.Total, &j.Message,
		&j.Params, &j.ResultName, &j.ResultMime, &j.HasResult, &j.Error, &created, &updated, &finished}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	j.RiverID, j.OwnerID = riverID.Int64, auth.UserID(owner.Int64)
	j.CreatedAt, j.UpdatedAt, j.FinishedAt = timeOf(created), timeOf(updated), timePtr(finished)
	return &j, nil
}

const jobInsert = `INSERT INTO jobs (river_id, kind, owner_id, title, status, done, total, message, params_json,
	created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING id`

// CreateJob inserts j and fills its ID. A missing owner is Invalid.
func (s *JobStore) CreateJob(ctx context.Context, j *jobs.Job) error {
	params := j.Params
	if params == "" {
		params = "{}"
	}
	err := s.w.QueryRowContext(ctx, jobInsert, nullInt64(j.RiverID), j.Kind, nullInt64(int64(j.OwnerID)), j.Title,
		string(j.Status), j.Done, j.Total, j.Message, params, utc(j.CreatedAt), utc(j.UpdatedAt)).Scan(&j.ID)
	return translate(err, "create job "+j.Kind)
}

// FindJobByID returns the job with id, without its result bytes, or NotFound.
func (s *JobStore) FindJobByID(ctx context.Context, id jobs.JobID) (*jobs.Job, error) {
	j, err := scanJob(s.r.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find job %d", id))
	}
	return j, nil
}

// FindJobs returns the jobs matching f, newest first, without result bytes,
// and the total. Limit defaults to 50.
func (s *JobStore) FindJobs(ctx context.Context, f jobs.JobFilter) ([]*jobs.Job, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	var w where
	if f.OwnerID != 0 {
		w.add("owner_id = ?", int64(f.OwnerID))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	n := len(w.args)
	q := `SELECT ` + jobColumns + `, COUNT(*) OVER() FROM jobs` + w.sql() +
		fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT $%d OFFSET $%d`, n+1, n+2)
	rows, err := s.r.QueryContext(ctx, q, append(w.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, translate(err, "find jobs")
	}
	defer rows.Close()
	list := []*jobs.Job{}
	total := 0
	for rows.Next() {
		j, err := scanJob(rows, &total)
		if err != nil {
			return nil, 0, translate(err, "scan job")
		}
		list = append(list, j)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find jobs")
	}
	if len(list) == 0 && f.Offset > 0 {
		// Past the last page COUNT(*) OVER() has no row to ride on.
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count jobs")
		}
	}
	return list, total, nil
}

// exec runs an UPDATE of one job and returns NotFound if there is none.
func (s *JobStore) exec(ctx context.Context, op string, id jobs.JobID, q string, args ...any) error {
	op = fmt.Sprintf("%s %d", op, id)
	res, err := s.w.ExecContext(ctx, q, append([]any{int64(id)}, args...)...)
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// SetRiverID records River's id for the job.
func (s *JobStore) SetRiverID(ctx context.Context, id jobs.JobID, riverID int64) error {
	return s.exec(ctx, "set river id of job", id, `UPDATE jobs SET river_id = $2 WHERE id = $1`, riverID)
}

// MarkRunning sets the job running and clears its message and error.
func (s *JobStore) MarkRunning(ctx context.Context, id jobs.JobID, at time.Time) error {
	return s.exec(ctx, "mark job running", id,
		`UPDATE jobs SET status = $2, message = '', error = '', updated_at = $3 WHERE id = $1`,
		string(jobs.StatusRunning), utc(at))
}

// Requeue sets the job queued with a message (River will retry it).
func (s *JobStore) Requeue(ctx context.Context, id jobs.JobID, message string, at time.Time) error {
	return s.exec(ctx, "requeue job", id, `UPDATE jobs SET status = $2, message = $3, updated_at = $4 WHERE id = $1`,
		string(jobs.StatusQueued), message, utc(at))
}

// UpdateProgress records how far the job is.
func (s *JobStore) UpdateProgress(ctx context.Context, id jobs.JobID, done, total int64, message string, at time.Time) error {
	return s.exec(ctx, "update progress of job", id,
		`UPDATE jobs SET done = $2, total = $3, message = $4, updated_at = $5 WHERE id = $1`,
		done, total, message, utc(at))
}

// Finish records the job's outcome. A nil o.ResultData clears the result.
func (s *JobStore) Finish(ctx context.Context, id jobs.JobID, o jobs.Outcome) error {
	var data any
	if o.ResultData != nil {
		data = o.ResultData
	}
	return s.exec(ctx, "finish job", id, `UPDATE jobs SET status = $2, error = $3, result_name = $4, result_mime = $5,
	result_data = $6, updated_at = $7, finished_at = $7 WHERE id = $1`,
		string(o.Status), o.Error, o.ResultName, o.ResultMime, data, utc(o.At))
}

// FindResult returns the job's result file, or NotFound when the job does
// not exist or has no result.
func (s *JobStore) FindResult(ctx context.Context, id jobs.JobID) (name, mime string, data []byte, err error) {
	err = s.r.QueryRowContext(ctx,
		`SELECT result_name, result_mime, result_data FROM jobs WHERE id = $1 AND result_data IS NOT NULL`,
		int64(id)).Scan(&name, &mime, &data)
	if err != nil {
		return "", "", nil, translate(err, fmt.Sprintf("find result of job %d", id))
	}
	return name, mime, data, nil
}
