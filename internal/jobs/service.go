package jobs

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
)

// River settings. A job whose process died stays "running" in River until
// the rescuer, which runs on the leader every 30 s, finds it older than
// rescueStuckJobsAfter and schedules a retry; that is the longest a crash
// delays a job (about 2.5 minutes). River requires rescueStuckJobsAfter to
// exceed jobTimeout, or a slow but live job would be rescued and run twice;
// the 30 s between them covers River's stuck-job margin (10 s) and the time
// to record the outcome. Jobs longer than jobTimeout must resume in steps
// (or raise both values together). maxAttempts with River's backoff
// (attempt⁴ s: 1 s, 16 s, 81 s, 256 s) gives a job about six minutes to
// get past a passing outage before it is marked failed.
const (
	jobTimeout           = 90 * time.Second
	rescueStuckJobsAfter = 2 * time.Minute
	maxAttempts          = 5
	stopAndCancelTimeout = 10 * time.Second // how long Stop waits for cancelled jobs to return
)

// Options configures a Service.
type Options struct {
	Store Store
	Queue *Queue
	// Audit is read by the audit export.
	Audit AuditSource
	// Sessions, if set, is cleaned of expired sessions every hour (and on
	// start) by a system job.
	Sessions SessionCleaner
	// EnterpriseFiles, if set, runs enterprise imports (KindEnterpriseImport).
	EnterpriseFiles *enterprisefile.Service
	// Reminders, if set, sends the programme's deadline reminders on a
	// schedule (reminders.go).
	Reminders ReminderSender
	// Certificates, if set, marks expired certificates and sends their
	// expiry reminders on a schedule (certificates.go).
	Certificates CertificateKeeper
	// Newsletters, if set, sends newsletters (KindNewsletterSend).
	Newsletters NewsletterSender
	Clock       func() time.Time
	Logger      *slog.Logger
	// Workers is how many jobs this process runs at once (default 4).
	Workers int
	// FetchPollInterval is how often River looks for new jobs when it is
	// not told of them (always, on SQLite). Default 1 s; tests use less.
	FetchPollInterval time.Duration

	// For tests (export_test.go).
	extraKinds  []*kindDef
	maxAttempts int
	importStep  time.Duration
}

// Service queues jobs, runs them on River and shows them to their owners.
type Service struct {
	store    Store
	client   riverClient
	audit    AuditSource
	sessions SessionCleaner
	files    *enterprisefile.Service
	// importStep is how long an import attempt runs (see importStep).
	importStep time.Duration
	now        func() time.Time
	log        *slog.Logger
	kinds      map[string]*kindDef
	// stopping is set before Stop cancels running jobs, so that a worker
	// whose context ends tells an interruption from a failure.
	stopping atomic.Bool
}

// NewService returns a Service with River configured on o.Queue. It does not
// start working jobs (Start does) but can already enqueue them.
func NewService(o Options) (*Service, error) {
	if o.Store == nil || o.Queue == nil || o.Audit == nil {
		return nil, errors.New("jobs: Options.Store, Queue and Audit are required")
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.FetchPollInterval <= 0 {
		o.FetchPollInterval = river.FetchPollIntervalDefault
	}
	s := &Service{store: o.Store, audit: o.Audit, sessions: o.Sessions, files: o.EnterpriseFiles, now: o.Clock, log: o.Logger,
		kinds: map[string]*kindDef{}, importStep: cmp.Or(o.importStep, importStep)}

	kinds := []*kindDef{auditExportKind(s)}
	if o.EnterpriseFiles != nil {
		kinds = append(kinds, enterpriseImportKind(s))
	}
	if o.Newsletters != nil {
		kinds = append(kinds, newsletterKind(s, o.Newsletters))
	}
	kinds = append(kinds, o.extraKinds...)
	workers := river.NewWorkers()
	for _, k := range kinds {
		if err := k.register(workers, s); err != nil {
			return nil, fmt.Errorf("jobs: register %s: %w", k.name, err)
		}
		s.kinds[k.name] = k
	}
	var periodic []*river.PeriodicJob
	if o.Sessions != nil {
		if err := river.AddWorkerSafely(workers, &sessionCleanupWorker{s: s}); err != nil {
			return nil, fmt.Errorf("jobs: register session cleanup: %w", err)
		}
		periodic = append(periodic, sessionCleanupPeriodic())
	}
	if o.Reminders != nil {
		p, err := reminderPeriodic(workers, o.Reminders, s)
		if err != nil {
			return nil, fmt.Errorf("jobs: register reminders: %w", err)
		}
		periodic = append(periodic, p...)
	}
	if o.Certificates != nil {
		p, err := certificatePeriodic(workers, o.Certificates, s)
		if err != nil {
			return nil, fmt.Errorf("jobs: register certificates: %w", err)
		}
		periodic = append(periodic, p...)
	}

	client, err := o.Queue.b.newClient(&river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: o.Workers}},
		Workers:              workers,
		PeriodicJobs:         periodic,
		JobTimeout:           jobTimeout,
		RescueStuckJobsAfter: rescueStuckJobsAfter,
		MaxAttempts:          cmpOr(o.maxAttempts, maxAttempts),
		FetchPollInterval:    o.FetchPollInterval,
		FetchCooldown:        min(o.FetchPollInterval, river.FetchCooldownDefault),
		Logger:               quietLogger(o.Logger),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: river client: %w", err)
	}
	s.client = client
	return s, nil
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Start starts working jobs, this process's share of them. Only Stop stops
// it: ctx's cancellation is ignored, so that shutdown goes through Stop's
// grace period.
func (s *Service) Start(ctx context.Context) error {
	s.stopping.Store(false)
	if err := s.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for running jobs to finish until ctx
// is done. Jobs still running then are cancelled; River puts them back in
// the queue without spending an attempt, so the next start (of this or
// another process) runs them again.
func (s *Service) Stop(ctx context.Context) error {
	err := s.client.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return err
	}
	s.stopping.Store(true)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopAndCancelTimeout)
	defer cancel()
	if err := s.client.StopAndCancel(cctx); err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}

func unauthenticated() error {
	return fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
}

func forbidden() error {
	return fault.New(fault.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
}

func notFound() error {
	return fault.New(fault.NotFound, "Không tìm thấy công việc.", "Job not found.")
}

func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, unauthenticated()
	}
	return a, nil
}

// canSee reports whether a may see j: its owner, and those allowed to read
// every job.
func canSee(a *auth.Actor, j *Job) bool {
	return (j.OwnerID != 0 && j.OwnerID == a.UserID) || auth.Can(a, auth.ActJobsReadAll)
}

// Enqueue queues a job of a registered kind for the actor in ctx, who owns
// it (the system owns nothing: OwnerID 0). params are stored as JSON and
// read by the worker. The tracking row and its audit entry ("job.enqueue")
// are written first, then the River job; if River refuses it, the row is
// marked failed and Unavailable is returned. Errors: Unauthenticated,
// Forbidden (the kind is not for this actor), Invalid (unknown kind).
func (s *Service) Enqueue(ctx context.Context, kind, title string, params any) (*Job, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	k, ok := s.kinds[kind]
	if !ok {
		return nil, fault.New(fault.Invalid, "Loại công việc không tồn tại.", "Unknown job kind.")
	}
	if k.may != nil && !k.may(a) {
		return nil, forbidden()
	}
	p := []byte("{}")
	if params != nil {
		if p, err = json.Marshal(params); err != nil {
			return nil, fault.Internalf("jobs: marshal %s params: %w", kind, err)
		}
	}
	now := s.now().UTC()
	j := &Job{Kind: kind, Title: title, Status: StatusQueued, Params: string(p), CreatedAt: now, UpdatedAt: now}
	if !a.System {
		j.OwnerID = a.UserID
	}
	err = s.store.Tx(ctx, func(st Store) error {
		if err := st.CreateJob(ctx, j); err != nil {
			return err
		}
		return st.AddAudit(ctx, enqueueEntry(ctx, a, now, j))
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	res, err := s.client.Insert(ctx, k.newArgs(j.ID), nil)
	if err != nil {
		s.log.ErrorContext(ctx, "jobs: river insert failed", "job_id", j.ID, "kind", kind, "error", err)
		out := Outcome{Status: StatusFailed, Error: both(msgNotQueued), At: s.now()}
		if ferr := s.store.Finish(context.WithoutCancel(ctx), j.ID, out); ferr != nil {
			s.log.ErrorContext(ctx, "jobs: mark unqueued job failed", "job_id", j.ID, "error", ferr)
		}
		return nil, fault.Wrap(fault.Unavailable, err, msgNotQueued.Vi, msgNotQueued.En)
	}
	j.RiverID = res.Job.ID
	if err := s.store.SetRiverID(ctx, j.ID, j.RiverID); err != nil {
		// The job runs anyway: workers find their row by its own id.
		s.log.WarnContext(ctx, "jobs: record river id", "job_id", j.ID, "river_id", j.RiverID, "error", err)
	}
	return j, nil
}

// enqueueEntry is the audit entry of a new job. The actor comes from the
// request's audit.Meta when the HTTP layer set one, else from the actor.
func enqueueEntry(ctx context.Context, a *auth.Actor, at time.Time, j *Job) audit.Entry {
	after := struct {
		ID     JobID           `json:"id"`
		Kind   string          `json:"kind"`
		Title  string          `json:"title"`
		Params json.RawMessage `json:"params"`
	}{j.ID, j.Kind, j.Title, json.RawMessage(j.Params)}
	e := audit.New(ctx, at, "job.enqueue", "job", strconv.FormatInt(int64(j.ID), 10), nil, after)
	if e.ActorID == 0 && e.ActorEmail == "" {
		if !a.System {
			e.ActorID = int64(a.UserID)
		}
		e.ActorEmail = a.Email
	}
	return e
}

// FindJobByID returns a job its owner, or someone allowed to read every job,
// may see. Errors: Unauthenticated; NotFound, also for someone else's job,
// so that ids do not tell which jobs exist.
func (s *Service) FindJobByID(ctx context.Context, id JobID) (*Job, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	j, err := s.store.FindJobByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, notFound()
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: find job %d: %w", id, err)
	}
	if !canSee(a, j) {
		return nil, notFound()
	}
	return j, nil
}

// FindJobs returns the jobs matching f, newest first, and the total. Those
// not allowed to read every job see only their own, whatever f.OwnerID says.
// Limit defaults to 50 and is capped at 200. Errors: Unauthenticated.
func (s *Service) FindJobs(ctx context.Context, f JobFilter) ([]*Job, int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !auth.Can(a, auth.ActJobsReadAll) {
		f.OwnerID = a.UserID
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 200)
	f.Offset = max(f.Offset, 0)
	jobs, total, err := s.store.FindJobs(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: find jobs: %w", err)
	}
	return jobs, total, nil
}

// Result returns the result file of a job, under FindJobByID's access rule.
// Errors: Unauthenticated; NotFound for an invisible job or one without a
// result (yet).
func (s *Service) Result(ctx context.Context, id JobID) (name, mime string, data []byte, err error) {
	if _, err := s.FindJobByID(ctx, id); err != nil {
		return "", "", nil, err
	}
	name, mime, data, err = s.store.FindResult(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return "", "", nil, fault.New(fault.NotFound, "Công việc chưa có kết quả.", "The job has no result.")
	}
	if err != nil {
		return "", "", nil, fmt.Errorf("jobs: find result of job %d: %w", id, err)
	}
	return name, mime, data, nil
}

// Texts stored in tracking rows. The jobs table holds one string, so system
// texts are written in both languages.
var (
	msgNotQueued = fault.Text{Vi: "Không thể đưa công việc vào hàng đợi, vui lòng thử lại.",
		En: "Could not queue the job; please try again."}
	msgRetrying    = fault.Text{Vi: "Đang thử lại", En: "retrying"}
	msgInterrupted = fault.Text{Vi: "Bị gián đoạn do máy chủ khởi động lại, sẽ chạy lại",
		En: "interrupted by a server restart; will run again"}
	msgTimeout = fault.Text{Vi: "Công việc chạy quá thời gian cho phép.", En: "The job took too long."}
)

// both writes t as "vi / en".
func both(t fault.Text) string {
	if t.En == "" {
		return t.Vi
	}
	return t.Vi + " / " + t.En
}

// quietLogger passes on River's warnings and errors only; River logs every
// job at info level.
func quietLogger(l *slog.Logger) *slog.Logger {
	if l == nil {
		l = slog.Default()
	}
	return slog.New(minLevel{Handler: l.Handler(), min: slog.LevelWarn})
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(as), min: h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(name), min: h.min}
}
