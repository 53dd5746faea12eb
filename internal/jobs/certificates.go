package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// KindCertificates is the kind of the hourly system job that marks
// expired certificates and sends their expiry reminders.
const KindCertificates = "certificate_keeping"

// certificateResume is how soon a run that left work for later runs again.
const certificateResume = time.Minute

// CertificateKeeper marks the certificates whose expiry day has passed as
// expired and sends the expiry reminders due at now, and returns how many
// it handled and whether some were left for another run
// (*assessment.Service does: it stops well within jobTimeout). It must be
// idempotent: a certificate is marked once, each reminder sent once.
type CertificateKeeper interface {
	KeepCertificates(ctx context.Context, now time.Time) (int, bool, error)
}

type certificatesArgs struct{}

func (certificatesArgs) Kind() string { return KindCertificates }

// certificatePeriodic registers the certificates' worker and returns its
// schedule: every hour, and when a process becomes River's leader (so
// that a restart does not postpone a day's expiries). Only the leader
// schedules, and the job is unique while one is pending or running
// (certificateInsertOpts), so several processes do not run it twice at
// once.
func certificatePeriodic(workers *river.Workers, k CertificateKeeper, s *Service) ([]*river.PeriodicJob, error) {
	if err := river.AddWorkerSafely(workers, &certificatesWorker{k: k, s: s}); err != nil {
		return nil, err
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return certificatesArgs{}, certificateInsertOpts() },
		&river.PeriodicJobOpts{ID: KindCertificates, RunOnStart: true})}, nil
}

// certificateInsertOpts are the options of the certificates' job: unique
// while one waits, runs, waits for a retry or is snoozed (a leader change
// or a restart inserting it again meanwhile adds none), so that two runs
// do not overlap; a completed one does not block the next hour's. The
// keeping is safe to run twice at once anyway (each expiry and reminder
// is claimed by one run).
func certificateInsertOpts() *river.InsertOpts {
	return &river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
}

type certificatesWorker struct {
	river.WorkerDefaults[certificatesArgs]
	k CertificateKeeper
	s *Service
}

// Work runs one keeping; when the keeper stopped at its time or batch
// limit the job is snoozed (not counted as an attempt) and runs again a
// minute later, until the day's work is done.
func (w *certificatesWorker) Work(ctx context.Context, _ *river.Job[certificatesArgs]) error {
	n, more, err := w.k.KeepCertificates(ctx, w.s.now())
	if n > 0 {
		w.s.log.InfoContext(ctx, "jobs: certificates kept", "count", n, "more", more)
	}
	if err != nil {
		return fmt.Errorf("jobs: certificates: %w", err)
	}
	if more {
		return river.JobSnooze(certificateResume)
	}
	return nil
}
