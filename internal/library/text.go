package library

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Limits of the inputs.
const (
	MaxTitle    = 300
	MaxSummary  = 1000
	MaxBody     = 50000
	MaxShort    = 120
	MaxKPIs     = 12
	MaxTools    = 10
	MaxVideos   = 10
	MaxURL      = 500
	MaxPageSize = 100
)

var badTextMessage = fault.Text{
	Vi: "Văn bản có ký tự điều khiển hoặc ký tự không hợp lệ (không phải UTF-8); vui lòng nhập lại.",
	En: "The text has a control character or an invalid (non UTF-8) character; please type it again.",
}

// checkText normalises *s (NFC, trimmed), refuses a control character or
// invalid bytes, an empty required text and one over max runes. Multi-line
// texts keep their line breaks.
func checkText(bad fault.Fields, field string, s *string, max int, required bool, what fault.Text) {
	v := strings.ReplaceAll(*s, "\r\n", "\n")
	if !vn.IsText(v) {
		bad.Add(field, badTextMessage.Vi, badTextMessage.En)
		*s = ""
		return
	}
	v = vn.NFC(v)
	*s = v
	switch n := utf8.RuneCountInString(v); {
	case n == 0 && required:
		bad.Add(field, "Vui lòng nhập "+what.Vi+".", "Please enter "+what.En+".")
	case n > max:
		bad.Add(field, fmt.Sprintf("Tối đa %d ký tự.", max), fmt.Sprintf("At most %d characters.", max))
	}
}

// Improvement is the change from before to after in % of before, positive
// when better; false when before is 0 or the change is not a finite figure
// of at most MaxKPIValue % (a baseline too close to 0, or values that are
// not numbers).
func Improvement(before, after float64, lowerBetter bool) (float64, bool) {
	if before == 0 {
		return 0, false
	}
	p := (after - before) / math.Abs(before) * 100
	if math.IsNaN(p) || math.IsInf(p, 0) || math.Abs(p) > MaxKPIValue {
		return 0, false
	}
	if lowerBetter {
		p = -p
	}
	return math.Round(p*10) / 10, true
}

func withImprovement(ks []CaseKPI) []CaseKPI {
	out := make([]CaseKPI, len(ks))
	for i, k := range ks {
		if p, ok := Improvement(k.Before, k.After, k.LowerBetter); ok {
			k.Improvement = &p
		}
		out[i] = k
	}
	return out
}

func pageOf(page, per int) (int, int) {
	if per <= 0 || per > MaxPageSize {
		per = 20
	}
	if page < 1 {
		page = 1
	}
	return per, (min(page, 100000) - 1) * per
}

// fieldErr is a fault.Invalid naming one field.
func fieldErr(field, vi, en string) error {
	bad := fault.Fields{}
	bad.Add(field, vi, en)
	return bad.Err()
}
