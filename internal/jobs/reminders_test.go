package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// fakeReminders records the times it was asked to send at.
type fakeReminders struct {
	mu    sync.Mutex
	calls []time.Time
}

func (r *fakeReminders) SendReminders(_ context.Context, now time.Time) (int, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, now)
	return 1, false, nil
}

func (r *fakeReminders) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// TestJobService_Reminders: the hourly reminder job runs when the service
// starts (RunOnStart), with the service's clock.
func TestJobService_Reminders(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		var r fakeReminders
		o := options(t, db)
		at := time.Date(2026, 6, 25, 1, 0, 0, 0, time.UTC)
		o.Clock = func() time.Time { return at }
		o.Reminders = &r
		mustStart(t, o)
		deadline := time.Now().Add(waitFor)
		for r.count() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the reminders did not run on start")
			}
			time.Sleep(20 * time.Millisecond)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if !r.calls[0].Equal(at) {
			t.Fatalf("sent at %v, want the service's clock %v", r.calls[0], at)
		}
	})
}
