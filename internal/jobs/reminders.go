package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// ReminderSender sends the programme's deadline reminders due at now and
// returns how many went out (*programme.Service does). It must be
// idempotent: a reminder already sent that day is not sent again.
type ReminderSender interface {
	SendReminders(ctx context.Context, now time.Time) (int, error)
}

// reminderPeriodic registers the reminder worker and returns its schedule.
func reminderPeriodic(workers *river.Workers, r ReminderSender, s *Service) ([]*river.PeriodicJob, error) {
	return nil, nil
}
