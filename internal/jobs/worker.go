package jobs

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// progressEvery is how often at most Progress.Set writes to the database.
const progressEvery = 250 * time.Millisecond

// runFunc does the work of a tracked job. It must be idempotent: after an
// error or an interruption it runs again from the start.
type runFunc func(ctx context.Context, j *Job, p *Progress) error

// kindDef is a kind of tracked job: who may queue it, its River args and
// its worker.
type kindDef struct {
	name     string
	may      func(a *auth.Actor) bool // nil: any signed-in actor
	newArgs  func(id JobID) river.JobArgs
	register func(w *river.Workers, s *Service) error
}

// trackedArgs are the River args of a tracked job: the id of its row.
// Each kind embeds it in its own type, which names the kind.
type trackedArgs struct {
	JobID JobID `json:"job_id"`
}

func (a trackedArgs) trackingID() JobID { return a.JobID }

type tracked interface {
	river.JobArgs
	trackingID() JobID
}

// trackedKind defines a kind from its args type T.
func trackedKind[T tracked](newArgs func(JobID) T, may func(*auth.Actor) bool, run runFunc) *kindDef {
	var zero T
	return &kindDef{
		name:    zero.Kind(),
		may:     may,
		newArgs: func(id JobID) river.JobArgs { return newArgs(id) },
		register: func(w *river.Workers, s *Service) error {
			return river.AddWorkerSafely[T](w, &trackedWorker[T]{s: s, run: run})
		},
	}
}

type trackedWorker[T tracked] struct {
	river.WorkerDefaults[T]
	s   *Service
	run runFunc
}

func (w *trackedWorker[T]) Work(ctx context.Context, rj *river.Job[T]) error {
	return w.s.work(ctx, rj.JobRow, rj.Args.trackingID(), w.run)
}

// work runs one attempt of a tracked job and keeps its row in step: running
// at the start; done with the result; queued while River will retry; failed
// after River's last attempt.
func (s *Service) work(ctx context.Context, row *rivertype.JobRow, id JobID, run runFunc) error {
	// Writes about the outcome must happen even when ctx was cancelled.
	bg := context.WithoutCancel(ctx)
	j, err := s.store.FindJobByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		s.log.WarnContext(ctx, "jobs: tracking row gone; dropping job", "job_id", id, "river_id", row.ID)
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if j.Status.IsFinished() {
		// Finished by an earlier attempt whose completion River did not
		// record (the process died in between).
		return nil
	}
	if err := s.store.MarkRunning(ctx, id, s.now()); err != nil {
		return err
	}
	j.Status = StatusRunning
	p := &Progress{s: s, ctx: bg, id: id}
	err = run(context.WithValue(ctx, progressKey{}, p), j, p)
	p.close()
	if err == nil {
		out := Outcome{Status: StatusDone, ResultName: p.resName, ResultMime: p.resMime, ResultData: p.resData, At: s.now()}
		// If this fails River retries, and the job runs again.
		return s.store.Finish(bg, id, out)
	}

	var cancel *rivertype.JobCancelError
	var snooze *rivertype.JobSnoozeError
	switch {
	case errors.As(err, &snooze):
		// A long job goes on in its next step (River runs it again at
		// once without spending an attempt): it stays running.
		return err
	case s.stopping.Load() && ctx.Err() != nil:
		s.log.InfoContext(ctx, "jobs: job interrupted by stop", "job_id", id, "kind", row.Kind)
		s.requeue(bg, id, msgInterrupted)
	case errors.As(err, &cancel) || row.Attempt >= row.MaxAttempts:
		s.log.ErrorContext(ctx, "jobs: job failed", "job_id", id, "kind", row.Kind, "attempt", row.Attempt, "error", err)
		out := Outcome{Status: StatusFailed, Error: both(userError(err)), At: s.now()}
		if ferr := s.store.Finish(bg, id, out); ferr != nil {
			s.log.ErrorContext(ctx, "jobs: record failure", "job_id", id, "error", ferr)
		}
	default:
		s.log.WarnContext(ctx, "jobs: job attempt failed; retrying", "job_id", id, "kind", row.Kind,
			"attempt", row.Attempt, "max_attempts", row.MaxAttempts, "error", err)
		s.requeue(bg, id, msgRetrying)
	}
	return err
}

func (s *Service) requeue(ctx context.Context, id JobID, msg fault.Text) {
	if err := s.store.Requeue(ctx, id, both(msg), s.now()); err != nil {
		s.log.ErrorContext(ctx, "jobs: requeue", "job_id", id, "error", err)
	}
}

// userError returns what the owner may read of err: its fault message, or a
// generic text for internal errors, whose detail stays in the logs.
func userError(err error) fault.Text {
	if errors.Is(err, context.DeadlineExceeded) {
		return msgTimeout
	}
	return fault.MessageOf(err)
}

type progressKey struct{}

// ProgressFrom returns the Progress of the job running in ctx, or nil
// (whose methods do nothing).
func ProgressFrom(ctx context.Context) *Progress {
	p, _ := ctx.Value(progressKey{}).(*Progress)
	return p
}

// Progress reports a running job's progress and keeps its result. Set
// writes to the database at most every 250 ms; a later value is written
// when that time has passed, and the last one before the job finishes is
// always written. Its methods are safe for concurrent use, and do nothing on
// a nil *Progress.
type Progress struct {
	s   *Service
	ctx context.Context
	id  JobID

	mu          sync.Mutex
	closed      bool
	pending     bool // a value not yet written
	last        time.Time
	timer       *time.Timer
	done, total int64
	msg         string

	resName, resMime string
	resData          []byte
}

// Set records that done of total units are done, with a short message
// (shown under the bar). total 0 means not yet known.
func (p *Progress) Set(done, total int64, message string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.done, p.total, p.msg, p.pending = done, total, message, true
	if wait := progressEvery - time.Since(p.last); wait > 0 {
		if p.timer == nil {
			p.timer = time.AfterFunc(wait, p.flush)
		}
		return
	}
	p.write()
}

// Result keeps the job's result file, stored when the job finishes well.
func (p *Progress) Result(name, mime string, data []byte) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.resName, p.resMime, p.resData = name, mime, data
}

func (p *Progress) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer = nil
	if !p.closed && p.pending {
		p.write()
	}
}

// close writes a pending value and ends the Progress.
func (p *Progress) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if p.pending {
		p.write()
	}
	p.closed = true
}

func (p *Progress) write() {
	p.pending, p.last = false, time.Now()
	if err := p.s.store.UpdateProgress(p.ctx, p.id, p.done, p.total, p.msg, p.s.now()); err != nil {
		p.s.log.WarnContext(p.ctx, "jobs: record progress", "job_id", p.id, "error", err)
	}
}
