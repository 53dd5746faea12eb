package spc

import "fmt"

// Error codes carried by *Error. They are stable and meant for programs
// (the API maps them to HTTP 422; the CLI prints the message).
const (
	CodeEmptyInput       = "empty_input"        // no data points at all
	CodeNonFinite        = "non_finite"         // a NaN or ±Inf value in the data or a parameter
	CodeZeroSigma        = "zero_sigma"         // the estimated (or given) sigma is zero: constant data
	CodeSubgroupTooSmall = "subgroup_too_small" // a subgroup of size 1 on an X̄–R or X̄–S chart
	CodeCountExceedsSize = "count_exceeds_size" // defectives above the sample size
	CodeBadSize          = "bad_size"           // a non-positive or missing sample size
	CodeBadCount         = "bad_count"          // a negative count
	CodeBadLambda        = "bad_lambda"         // EWMA λ outside (0, 1]
	CodeBadParameter     = "bad_parameter"      // L, k, h, head start, span, subgroup, confidence, estimator, rules, constants
	CodeBadSpecLimits    = "bad_spec_limits"    // LSL ≥ USL, or limits on an attribute chart
	CodeBadChart         = "bad_chart"          // unknown chart name
	CodeBadInput         = "bad_input"          // CSV or JSON that cannot be read
	CodeBadExclude       = "bad_exclude"        // an excluded point number outside 1..m, or all points excluded
	CodeBadStandard      = "bad_standard"       // a phase II standard out of range (sigma ≤ 0, p ∉ (0,1), c ≤ 0, u ≤ 0)
	CodeTooFewPoints     = "too_few_points"     // not enough points to estimate the limits
	CodeLengthMismatch   = "length_mismatch"    // values/labels or counts/sizes of different lengths
	CodeInternal         = "internal"           // a bug: a non-finite number reached the result
)

// Error is the only error type returned by this package. Code is one of the
// Code… constants; En and Vi carry the same message in English and
// Vietnamese; Line is the 1-based input line for CSV errors (0 otherwise).
type Error struct {
	Code string `json:"code"`
	Line int    `json:"line,omitempty"`
	Vi   string `json:"vi"`
	En   string `json:"en"`
}

// Error returns the English message, prefixed with "spc: ".
func (e *Error) Error() string { return "spc: " + e.En }

// Vietnamese returns the Vietnamese message, prefixed with "spc: ".
func (e *Error) Vietnamese() string { return "spc: " + e.Vi }

// errorf builds an *Error; vi and en are fmt formats sharing the same args.
func errorf(code, vi, en string, args ...any) *Error {
	return &Error{Code: code, Vi: fmt.Sprintf(vi, args...), En: fmt.Sprintf(en, args...)}
}

// lineErrorf is errorf with a line number, which is also put in the text.
func lineErrorf(line int, code, vi, en string, args ...any) *Error {
	e := errorf(code, vi, en, args...)
	e.Line = line
	e.Vi = fmt.Sprintf("dòng %d: %s", line, e.Vi)
	e.En = fmt.Sprintf("line %d: %s", line, e.En)
	return e
}
