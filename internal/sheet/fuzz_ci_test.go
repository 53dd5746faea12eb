package sheet_test

import (
	"testing"

	"nscl/internal/fuzzci"
)

// TestFuzzTargets runs the fuzz targets of the import parsers (tax code,
// numbers, dates, text, contacts, header detection through Open) for
// NSCL_FUZZ_SECONDS seconds each, as `go test -fuzz` would; .ci/run sets it
// so that CI fuzzes on every run while `go test ./...` stays one command.
// Unset, the targets still run their seed corpus as ordinary tests.
func TestFuzzTargets(t *testing.T) {
	var ts []fuzzci.Target
	ts = append(ts, fuzzci.Target{Pkg: "../registry", Name: "FuzzParseTaxCode"})
	for _, n := range []string{"FuzzParseNumber", "FuzzParseMoney", "FuzzParseInt", "FuzzParseDate", "FuzzCleanText",
		"FuzzParseEmail", "FuzzParsePhone", "FuzzOpen"} {
		ts = append(ts, fuzzci.Target{Pkg: ".", Name: n})
	}
	fuzzci.Run(t, ts...)
}
