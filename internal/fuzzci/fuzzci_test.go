package fuzzci_test

import (
	"testing"

	"nscl/internal/fuzzci"
)

func TestFlaky(t *testing.T) {
	t.Parallel()
	timeout := "fuzz: elapsed: 4s, execs: 51042 (0/sec)\n--- FAIL: FuzzParseMoney (4.02s)\n    context deadline exceeded\nFAIL\n"
	crash := "--- FAIL: FuzzX (0.10s)\n    panic: boom\n    Failing input written to testdata/fuzz/FuzzX/abc\n    context deadline exceeded\n"
	if !fuzzci.Flaky(timeout) {
		t.Error("the coordinator's timeout is not taken as flaky")
	}
	if fuzzci.Flaky(crash) {
		t.Error("a failing input is taken as flaky")
	}
	if fuzzci.Flaky("--- FAIL: FuzzX\n    got 1, want 2\n") {
		t.Error("an ordinary failure is taken as flaky")
	}
}
