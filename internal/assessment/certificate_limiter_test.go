package assessment

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestVerifyLimiter_Bounded pins that the verification's limiter blocks a
// client after VerifyLimit failures within the window, forgets it after
// the window, and never holds more than verifyClients clients however many
// guess at once.
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

// TestVerifyLimiter_Atomic pins that the check and the count are one step:
// of many guesses at once from one client, exactly VerifyLimit pass, and
// of many number look-ups at once exactly VerifyNumberLimit.
func TestVerifyLimiter_Atomic(t *testing.T) {
	var l verifyLimiter
	now := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	var guesses, numbers atomic.Int64
	var wg sync.WaitGroup
	for range 400 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if l.guess("g", now) {
				guesses.Add(1)
			}
		}()
		go func() {
			defer wg.Done()
			if l.number("n", now) == nil {
				numbers.Add(1)
			}
		}()
	}
	wg.Wait()
	if guesses.Load() != VerifyLimit || numbers.Load() != VerifyNumberLimit {
		t.Errorf("%d guesses and %d numbers passed at once, want %d and %d", guesses.Load(), numbers.Load(), VerifyLimit, VerifyNumberLimit)
	}
}

// TestVerifyLimiter_ClientKey pins how addresses are counted: an IPv4
// address alone, an IPv6 address by its /64 (a host usually holds the
// whole /64), an IPv4-mapped IPv6 address as IPv4.
func TestVerifyLimiter_ClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":             "203.0.113.7",
		"2001:db8:1:2:aaaa::1":    "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:1:2:3": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":         "2001:db8:1:3::/64",
		"::ffff:198.51.100.4":     "198.51.100.4",
		"fe80::1%eth0":            "fe80::/64",
		"not an address":          "not an address",
	} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
	var l verifyLimiter
	now := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for i := range VerifyLimit {
		l.fail(clientKey(fmt.Sprintf("2001:db8:1:2::%x", i+1)), now)
	}
	if !l.blocked(clientKey("2001:db8:1:2:dead:beef:0:1"), now) {
		t.Error("one /64 rotating its addresses is not limited")
	}
	if l.blocked(clientKey("2001:db8:1:3::1"), now) {
		t.Error("the next /64 is limited too")
	}
}

// TestBoundedCache pins that the verification's caches never hold more
// than their bound, and keep what was put last.
func TestBoundedCache(t *testing.T) {
	var c boundedCache[int, rowsBound]
	for i := range 3 * verifyRowsMax {
		k := fmt.Sprint(i)
		c.put(k, i)
		if v, ok := c.get(k); !ok || v != i {
			t.Fatalf("%s: %d, %v", k, v, ok)
		}
		if n := c.size(); n > verifyRowsMax {
			t.Fatalf("%d entries after %d puts", n, i+1)
		}
	}
	c.drop("0")
	if _, ok := c.get(fmt.Sprint(3*verifyRowsMax - 1)); !ok {
		t.Error("the last entry is gone")
	}
	var sealed boundedCache[struct{}, sealedBound]
	for i := range verifySealedMax + 10 {
		sealed.put(fmt.Sprint(i), struct{}{})
	}
	if n := sealed.size(); n > verifySealedMax || n < verifySealedMax*7/8 {
		t.Errorf("the codes' cache holds %d, bound %d", n, verifySealedMax)
	}
}
