package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// KindSessionCleanup is the kind of the hourly system job that deletes
// expired sessions.
const KindSessionCleanup = "session_cleanup"

type sessionCleanupArgs struct{}

func (sessionCleanupArgs) Kind() string { return KindSessionCleanup }

// sessionCleanupPeriodic runs the cleanup every hour, and when a process
// becomes River's leader (so a restart does not postpone it an hour).
// Several processes do not clean twice: only the leader schedules.
func sessionCleanupPeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) {
			return sessionCleanupArgs{}, &river.InsertOpts{MaxAttempts: 3}
		},
		&river.PeriodicJobOpts{ID: KindSessionCleanup, RunOnStart: true})
}

type sessionCleanupWorker struct {
	river.WorkerDefaults[sessionCleanupArgs]
	s *Service
}

func (w *sessionCleanupWorker) Work(ctx context.Context, _ *river.Job[sessionCleanupArgs]) error {
	n, err := w.s.sessions.DeleteExpired(ctx)
	if err != nil {
		return fmt.Errorf("jobs: delete expired sessions: %w", err)
	}
	if n > 0 {
		w.s.log.InfoContext(ctx, "jobs: deleted expired sessions", "count", n)
	}
	return nil
}
