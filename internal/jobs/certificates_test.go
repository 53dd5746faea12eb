package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"nscl/internal/jobs"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// fakeKeeper records the times it was asked to keep at.
type fakeKeeper struct {
	mu    sync.Mutex
	calls []time.Time
}

func (k *fakeKeeper) KeepCertificates(_ context.Context, now time.Time) (int, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls = append(k.calls, now)
	return 1, false, nil
}

func (k *fakeKeeper) count() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.calls)
}

// TestJobService_Certificates: the hourly certificates job runs when the
// service starts (RunOnStart), with the service's clock, next to the
// programme's reminders.
func TestJobService_Certificates(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		var k fakeKeeper
		var r fakeReminders
		o := options(t, db)
		at := time.Date(2026, 6, 25, 1, 0, 0, 0, time.UTC)
		o.Clock = func() time.Time { return at }
		o.Certificates, o.Reminders = &k, &r
		mustStart(t, o)
		deadline := time.Now().Add(waitFor)
		for k.count() == 0 || r.count() == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("on start: %d certificate runs, %d reminder runs", k.count(), r.count())
			}
			time.Sleep(20 * time.Millisecond)
		}
		k.mu.Lock()
		defer k.mu.Unlock()
		if !k.calls[0].Equal(at) {
			t.Fatalf("kept at %v, want the service's clock %v", k.calls[0], at)
		}
	})
}

// TestJobService_CertificatesUnique: while a certificates job waits (or
// runs, or is snoozed), queueing it again — as a new leader's schedule or
// a restart does — adds none, so two keepings do not overlap.
func TestJobService_CertificatesUnique(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		o := options(t, db)
		o.Certificates = &fakeKeeper{}
		s, err := jobs.NewService(o) // not started: the job stays queued
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if skipped, err := jobs.InsertCertificateJob(ctx, s); err != nil || skipped {
			t.Fatalf("first insert: skipped %v, %v", skipped, err)
		}
		if skipped, err := jobs.InsertCertificateJob(ctx, s); err != nil || !skipped {
			t.Errorf("second insert while the first waits: skipped %v, %v", skipped, err)
		}
	})
}
