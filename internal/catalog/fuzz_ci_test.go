package catalog_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// TestFuzzTargets runs the catalogue's fuzz targets for NSCL_FUZZ_SECONDS
// seconds each (as internal/sheet does for the import parsers); unset, the
// targets run their seed corpus as ordinary tests.
func TestFuzzTargets(t *testing.T) {
	secs, _ := strconv.Atoi(os.Getenv("NSCL_FUZZ_SECONDS"))
	if secs <= 0 {
		t.Skip("NSCL_FUZZ_SECONDS not set: the fuzz targets run on their seed corpus only")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	for _, target := range []string{"FuzzParseNotation"} {
		t.Run(target, func(t *testing.T) {
			cmd := exec.Command(goBin, "test", "-run", "^$", "-fuzz", "^"+target+"$", "-fuzztime", strconv.Itoa(secs)+"s", "-parallel", "2", ".")
			cmd.Env = append(os.Environ(), "NSCL_FUZZ_SECONDS=")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", target, err, out)
			}
		})
	}
}
