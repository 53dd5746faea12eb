package web

import "testing"

// TestExecParseAmount: money typed in the execution forms is read by
// vn.ParseAmount — dots between thousands — so "1.500" is fifteen hundred
// đồng, not 1.5, and a decimal comma is refused rather than guessed.
func TestExecParseAmount(t *testing.T) {
	for in, want := range map[string]int64{"1.500": 1500, "1.500.000": 1_500_000, "1500000": 1_500_000, "1 500 000 ₫": 1_500_000} {
		if got, ok := execParseAmount(in); !ok || got != want {
			t.Errorf("execParseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"12,5", "1.500,5", "1.50.000", "abc", ""} {
		if got, ok := execParseAmount(in); ok {
			t.Errorf("execParseAmount(%q) = %d, want refused", in, got)
		}
	}
}
