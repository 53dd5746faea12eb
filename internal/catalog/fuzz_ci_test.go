package catalog_test

import (
	"testing"

	"nscl/internal/fuzzci"
)

// TestFuzzTargets runs the catalogue's fuzz targets for NSCL_FUZZ_SECONDS
// seconds each (as internal/sheet does for the import parsers); unset, the
// targets run their seed corpus as ordinary tests.
func TestFuzzTargets(t *testing.T) {
	fuzzci.Run(t, fuzzci.Target{Pkg: ".", Name: "FuzzParseNotation"})
}
