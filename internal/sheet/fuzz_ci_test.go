package sheet_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// TestFuzzTargets runs the fuzz targets of the import parsers (tax code,
// numbers, dates, text, contacts, header detection through Open) for
// NSCL_FUZZ_SECONDS seconds each, as `go test -fuzz` would; .ci/run sets it
// so that CI fuzzes on every run while `go test ./...` stays one command.
// Unset, the targets still run their seed corpus as ordinary tests.
func TestFuzzTargets(t *testing.T) {
	secs, _ := strconv.Atoi(os.Getenv("NSCL_FUZZ_SECONDS"))
	if secs <= 0 {
		t.Skip("NSCL_FUZZ_SECONDS not set: the fuzz targets run on their seed corpus only")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	for _, tc := range []struct{ pkg, target string }{
		{"../registry", "FuzzParseTaxCode"},
		{".", "FuzzParseNumber"},
		{".", "FuzzParseMoney"},
		{".", "FuzzParseInt"},
		{".", "FuzzParseDate"},
		{".", "FuzzCleanText"},
		{".", "FuzzParseEmail"},
		{".", "FuzzParsePhone"},
		{".", "FuzzOpen"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			cmd := exec.Command(goBin, "test", "-run", "^$", "-fuzz", "^"+tc.target+"$",
				"-fuzztime", strconv.Itoa(secs)+"s", "-parallel", "2", tc.pkg)
			cmd.Env = append(os.Environ(), "NSCL_FUZZ_SECONDS=")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", tc.target, err, out)
			}
		})
	}
}
