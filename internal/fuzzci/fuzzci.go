// Package fuzzci runs a package's fuzz targets from an ordinary test, for
// NSCL_FUZZ_SECONDS seconds each, as `go test -fuzz` would: .ci/run sets
// the variable so that CI fuzzes on every run while `go test ./...` stays
// one command. It is imported by tests only.
package fuzzci

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Target is a fuzz target and the package (directory) it is in.
type Target struct{ Pkg, Name string }

// Run fuzzes each target for NSCL_FUZZ_SECONDS seconds in a subtest, or
// skips when the variable is unset (the targets then run their seed corpus
// as ordinary tests).
//
// Go's fuzzing coordinator sometimes ends a run with "context deadline
// exceeded" when a worker does not answer in time on a loaded machine,
// although no input failed; such a run, without a failing input, is tried
// again (twice at most). A real failure names the input it wrote under
// testdata/fuzz and fails at once.
func Run(t *testing.T, targets ...Target) {
	t.Helper()
	secs, _ := strconv.Atoi(os.Getenv("NSCL_FUZZ_SECONDS"))
	if secs <= 0 {
		t.Skip("NSCL_FUZZ_SECONDS not set: the fuzz targets run on their seed corpus only")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	for _, tc := range targets {
		t.Run(tc.Name, func(t *testing.T) {
			for attempt := 1; ; attempt++ {
				cmd := exec.Command(goBin, "test", "-run", "^$", "-fuzz", "^"+tc.Name+"$",
					"-fuzztime", strconv.Itoa(secs)+"s", "-parallel", "2", tc.Pkg)
				cmd.Env = append(os.Environ(), "NSCL_FUZZ_SECONDS=")
				out, err := cmd.CombinedOutput()
				if err == nil {
					return
				}
				if attempt < 3 && Flaky(string(out)) {
					t.Logf("%s: the fuzzing coordinator timed out without a failing input; trying again", tc.Name)
					continue
				}
				t.Fatalf("%s: %v\n%s", tc.Name, err, out)
			}
		})
	}
}

// Flaky reports whether a failed fuzz run's output is the coordinator's
// timeout and not a failing input.
func Flaky(out string) bool {
	return strings.Contains(out, "context deadline exceeded") && !strings.Contains(out, "Failing input written") &&
		!strings.Contains(out, "testdata/fuzz/")
}
