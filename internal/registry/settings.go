package registry

import (
	"encoding/json"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// SettingKey names a programme setting. Settings are rules the ministry
// changes by decision (co-funding shares, track-record years); they live in
// the settings table with the date they take effect, never in code. The
// defaults are seeded by migration 0002_registry.
type SettingKey string

// The registry's settings.
const (
	SettingBreadth SettingKey = "track.breadth" // TrackRules of the breadth track (chiều rộng)
	SettingDepth   SettingKey = "track.depth"   // TrackRules of the depth track (chiều sâu)
)

// Setting is one value of a setting, in force from EffectiveFrom (a date in
// Vietnam, "2006-01-02") until the next value's EffectiveFrom.
type Setting struct {
	ID            int64           `json:"id"`
	Key           SettingKey      `json:"key"`
	Value         json.RawMessage `json:"value"`
	EffectiveFrom string          `json:"effective_from"`
	Note          string          `json:"note"`
	SetBy         auth.UserID     `json:"set_by"`
	SetAt         time.Time       `json:"set_at"`
}

// Track is a support track of the programme.
type Track string

// The tracks whose eligibility the registry computes.
const (
	TrackBreadth Track = "breadth" // chiều rộng
	TrackDepth   Track = "depth"   // chiều sâu
)

// SettingKey returns the key of the track's rules.
func (t Track) SettingKey() (SettingKey, bool) {
	switch t {
	case TrackBreadth:
		return SettingBreadth, true
	case TrackDepth:
		return SettingDepth, true
	}
	return "", false
}

// Label names the track.
func (t Track) Label() fault.Text {
	switch t {
	case TrackBreadth:
		return text("chiều rộng", "breadth")
	case TrackDepth:
		return text("chiều sâu", "depth")
	}
	return text(string(t), string(t))
}

// TrackRules are the eligibility rules of a track, the JSON value of its
// setting. Shares are percentages of the activity's cost that the
// enterprise funds (vốn đối ứng), inclusive.
type TrackRules struct {
	RequireSME              bool    `json:"require_sme"`
	RequirePriorityIndustry bool    `json:"require_priority_industry"`
	MinCounterpartPct       float64 `json:"min_counterpart_pct"`
	MaxCounterpartPct       float64 `json:"max_counterpart_pct"`
	MinImprovementYears     int     `json:"min_improvement_years"`
	RequireSectorSpecific   bool    `json:"require_sector_specific"`
	RequireReplicable       bool    `json:"require_replicable"`
}

// ParseTrackRules reads and checks a TrackRules value.
func ParseTrackRules(raw []byte) (TrackRules, error) {
	var r TrackRules
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, problemErr("value", CodeSettingInvalid, "Giá trị thiết lập không đúng định dạng: "+err.Error(),
			"The setting value does not parse: "+err.Error())
	}
	if r.MinCounterpartPct < 0 || r.MaxCounterpartPct > 100 || r.MinCounterpartPct > r.MaxCounterpartPct || r.MinImprovementYears < 0 {
		return r, problemErr("value", CodeSettingInvalid, "Tỷ lệ đối ứng phải trong 0–100% (tối thiểu ≤ tối đa) và số năm không âm.",
			"Counterpart shares must be within 0–100% (min ≤ max) and years non-negative.")
	}
	return r, nil
}

// ValidateSettingValue checks a value for key.
func ValidateSettingValue(key SettingKey, raw []byte) error {
	switch key {
	case SettingBreadth, SettingDepth:
		_, err := ParseTrackRules(raw)
		return err
	}
	return problemErr("key", CodeSettingInvalid, "Không có thiết lập này.", "There is no such setting.")
}

// SettingKeys lists the known keys.
var SettingKeys = []SettingKey{SettingBreadth, SettingDepth}

// SettingInForce returns the value in force on date ("2006-01-02"): the one
// with the latest EffectiveFrom ≤ date (the latest set wins a tie), and
// false if none.
func SettingInForce(values []*Setting, date string) (*Setting, bool) {
	var best *Setting
	for _, s := range values {
		if s.EffectiveFrom > date {
			continue
		}
		if best == nil || s.EffectiveFrom > best.EffectiveFrom || (s.EffectiveFrom == best.EffectiveFrom && s.ID > best.ID) {
			best = s
		}
	}
	return best, best != nil
}
