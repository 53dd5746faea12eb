package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// KindReminders is the kind of the hourly system job that sends the
// programme's deadline reminders.
const KindReminders = "programme_reminders"

// reminderResume is how soon a run that left reminders for later runs
// again.
const reminderResume = time.Minute

// ReminderSender sends the programme's deadline reminders due at now and
// returns how many went out and whether some were left for another run
// (*programme.Service does: it stops well within jobTimeout). It must be
// idempotent: a reminder already sent that day is not sent again.
type ReminderSender interface {
	SendReminders(ctx context.Context, now time.Time) (int, bool, error)
}

type remindersArgs struct{}

func (remindersArgs) Kind() string { return KindReminders }

// reminderPeriodic registers the reminder worker and returns its schedule:
// every hour, and when a process becomes River's leader (a restart does
// not postpone the day's reminders). The sender remembers what it sent
// each day, so the hourly runs send each reminder once a day; only the
// leader schedules, so several processes do not run it twice at once.
func reminderPeriodic(workers *river.Workers, r ReminderSender, s *Service) ([]*river.PeriodicJob, error) {
	if err := river.AddWorkerSafely(workers, &remindersWorker{r: r, s: s}); err != nil {
		return nil, err
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) {
			return remindersArgs{}, &river.InsertOpts{MaxAttempts: 3}
		},
		&river.PeriodicJobOpts{ID: KindReminders, RunOnStart: true})}, nil
}

type remindersWorker struct {
	river.WorkerDefaults[remindersArgs]
	r ReminderSender
	s *Service
}

// Work sends one run's reminders; when the sender stopped at its time or
// batch limit the job is snoozed (not counted as an attempt) and runs
// again a minute later, until the day's reminders are out.
func (w *remindersWorker) Work(ctx context.Context, _ *river.Job[remindersArgs]) error {
	n, more, err := w.r.SendReminders(ctx, w.s.now())
	if n > 0 {
		w.s.log.InfoContext(ctx, "jobs: programme reminders sent", "count", n, "more", more)
	}
	if err != nil {
		return fmt.Errorf("jobs: programme reminders: %w", err)
	}
	if more {
		return river.JobSnooze(reminderResume)
	}
	return nil
}
