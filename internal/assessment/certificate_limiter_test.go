package assessment

import (
	"fmt"
	"testing"
	"time"
)

// TestVerifyLimiter_Bounded pins that the verification's limiter blocks an
// address after VerifyLimit failures within the window, forgets it after
// the window, and never holds more than verifyClients addresses however
// many guess at once.
func TestVerifyLimiter_Bounded(t *testing.T) {
	var l verifyLimiter
	now := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for i := range VerifyLimit {
		if l.blocked("a", now) {
			t.Fatalf("blocked after %d failures", i)
		}
		l.fail("a", now.Add(time.Duration(i)*time.Second))
	}
	if !l.blocked("a", now.Add(time.Minute)) {
		t.Fatal("not blocked after the limit")
	}
	if l.blocked("b", now) {
		t.Fatal("another address is blocked")
	}
	if l.blocked("a", now.Add(VerifyWindow)) {
		t.Fatal("still blocked after the window")
	}
	for i := range 3 * verifyClients {
		l.fail(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), now.Add(time.Minute))
		if n := l.size(); n > verifyClients {
			t.Fatalf("%d addresses held after %d, want at most %d", n, i, verifyClients)
		}
	}
}

// TestBoundedCache pins that the verification's caches never hold more
// than verifyCached entries, and keep what was put last.
func TestBoundedCache(t *testing.T) {
	var c boundedCache[int]
	for i := range 3 * verifyCached {
		k := fmt.Sprint(i)
		c.put(k, i)
		if v, ok := c.get(k); !ok || v != i {
			t.Fatalf("%s: %d, %v", k, v, ok)
		}
		if n := c.size(); n > verifyCached {
			t.Fatalf("%d entries after %d puts", n, i+1)
		}
	}
	c.drop("0")
	if _, ok := c.get(fmt.Sprint(3*verifyCached - 1)); !ok {
		t.Error("the last entry is gone")
	}
}
