package main

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestIdleWatch: memory is handed back once per busy-then-idle change, never
// while requests keep coming, and not at all by a server never used.
func TestIdleWatch(t *testing.T) {
	w := idleWatch{}
	var n uint64
	for i, c := range []struct {
		period      string
		newRequests uint64
		want        bool
	}{
		{"never used", 0, false},
		{"never used", 0, false},
		{"busy", 7, false},
		{"busy", 3, false},
		{"busy", 1, false},
		{"first idle period", 0, true},
		{"still idle", 0, false},
		{"still idle", 0, false},
		{"busy again", 1, false},
		{"second idle period", 0, true},
		{"still idle", 0, false},
	} {
		n += c.newRequests
		if got := w.period(n); got != c.want {
			t.Errorf("period %d (%s): went idle %v, want %v", i, c.period, got, c.want)
		}
	}
}

// TestReleaseWhenIdle: the loop releases when its watch says so, and stops.
func TestReleaseWhenIdle(t *testing.T) {
	var requests atomic.Uint64
	requests.Store(5)
	ticks := make(chan time.Time)
	stop := make(chan struct{})
	done := make(chan struct{})
	released := make(chan struct{}, 1)
	go func() {
		releaseWhenIdle(&requests, ticks, stop, func() { released <- struct{}{} })
		close(done)
	}()
	ticks <- time.Now() // the loop has read 5 before taking this tick
	requests.Add(1)
	// Whether the loop counted the new request at the tick before or at
	// the next, one of the next two goes idle.
	ticks <- time.Now()
	ticks <- time.Now()
	select {
	case <-released:
	case <-time.After(5 * time.Second):
		t.Fatal("no release after going idle")
	}
	close(stop)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop did not stop")
	}
}
