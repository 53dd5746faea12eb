package programme

import (
	"math"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Direction says which way a KPI improves.
type Direction string

// The directions.
const (
	Up   Direction = "up"   // more is better
	Down Direction = "down" // less is better
)

// Unit is the unit of a KPI, with the range of values it admits.
type Unit string

// The units.
const (
	UnitPercent       Unit = "percent"
	UnitPPM           Unit = "ppm"
	UnitMVNDPerPerson Unit = "mvnd_per_person"
	UnitMVNDPerYear   Unit = "mvnd_per_year"
	UnitDays          Unit = "days"
	UnitTurns         Unit = "turns_per_year"
	UnitKWhPerUnit    Unit = "kwh_per_unit"
	UnitPerPersonYear Unit = "per_person_year"
	UnitCount         Unit = "count"
	UnitHours         Unit = "hours"
)

// Units lists the units.
var Units = []Unit{UnitPercent, UnitPPM, UnitMVNDPerPerson, UnitMVNDPerYear, UnitDays, UnitTurns, UnitKWhPerUnit,
	UnitPerPersonYear, UnitCount, UnitHours}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool {
	for _, x := range Units {
		if x == u {
			return true
		}
	}
	return false
}

// Label is the unit as written after a value.
func (u Unit) Label() fault.Text {
	switch u {
	case UnitPercent:
		return text("%", "%")
	case UnitPPM:
		return text("ppm", "ppm")
	case UnitMVNDPerPerson:
		return text("triệu đồng/người/năm", "million VND/person/year")
	case UnitMVNDPerYear:
		return text("triệu đồng/năm", "million VND/year")
	case UnitDays:
		return text("ngày", "days")
	case UnitTurns:
		return text("vòng/năm", "turns/year")
	case UnitKWhPerUnit:
		return text("kWh/đơn vị sản phẩm", "kWh/unit")
	case UnitPerPersonYear:
		return text("đề xuất/người/năm", "per person per year")
	case UnitCount:
		return text("", "")
	case UnitHours:
		return text("giờ", "hours")
	}
	return text(string(u), string(u))
}

// Range is the closed range of values the unit admits: the physical
// bounds of percentages and ppm, and for the others a ceiling far above
// any real firm (a value beyond it is a typing error, and would overflow
// the aggregates).
func (u Unit) Range() (lo, hi float64) {
	switch u {
	case UnitPercent:
		return 0, 100
	case UnitPPM:
		return 0, 1_000_000
	case UnitDays:
		return 0, 3_650
	case UnitTurns, UnitPerPersonYear:
		return 0, 10_000
	case UnitHours:
		return 0, 10_000_000
	}
	return 0, 1e12
}

// KPIDef is a KPI of the catalogue.
type KPIDef struct {
	Code      string     `json:"code"`
	Name      fault.Text `json:"name"`
	Unit      Unit       `json:"unit"`
	Direction Direction  `json:"direction"`
	Builtin   bool       `json:"builtin"`
	Hidden    bool       `json:"hidden"`
	CreatedAt time.Time  `json:"created_at"`
}

// ActivityKPI is a KPI of an activity: its baseline and target at the
// proposal, its actual value at the final report, verified by an assessor
// or expert.
type ActivityKPI struct {
	Code       string      `json:"code"`
	Baseline   float64     `json:"baseline"`
	Target     float64     `json:"target"`
	Actual     *float64    `json:"actual,omitempty"`
	VerifiedBy auth.UserID `json:"verified_by,omitempty"`
	VerifiedAt *time.Time  `json:"verified_at,omitempty"`
}

// Improvement is the change from baseline to value in percent of the
// baseline, positive when better in direction d; false when the baseline is
// zero (no percentage can be given).
func Improvement(d Direction, baseline, value float64) (float64, bool) {
	if baseline == 0 || math.IsNaN(baseline) || math.IsNaN(value) {
		return 0, false
	}
	p := (value - baseline) / math.Abs(baseline) * 100
	if d == Down {
		p = -p
	}
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return 0, false
	}
	return p, true
}

// CheckValue checks that v is a value of the KPI's unit and, if not, adds
// a message naming the KPI and the range to f under field; it reports
// whether v is valid.
func (k *KPIDef) CheckValue(f fault.Fields, field string, v float64) bool {
	lo, hi := k.Unit.Range()
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		u := k.Unit.Label()
		rng := fault.Text{Vi: "trong khoảng " + vn.Decimal(lo, 0) + "–" + vn.Decimal(hi, 0) + " " + u.Vi,
			En: "within " + num(lo, false) + "–" + num(hi, false) + " " + u.En}
		f.Add(field, k.Name.Vi+": giá trị "+num(v, true)+" không hợp lệ, phải "+rng.Vi+".",
			k.Name.En+": the value "+num(v, false)+" is not valid, it must be "+rng.En+".")
		return false
	}
	return true
}

// CheckTarget checks that target is an improvement on baseline in the
// KPI's direction (a target that is worse, or equal, is refused) and, if
// not, adds a message to f under field.
func (k *KPIDef) CheckTarget(f fault.Fields, field string, baseline, target float64) bool {
	better := target > baseline
	if k.Direction == Down {
		better = target < baseline
	}
	if better {
		return true
	}
	way := fault.Text{Vi: "lớn hơn", En: "above"}
	if k.Direction == Down {
		way = fault.Text{Vi: "nhỏ hơn", En: "below"}
	}
	f.Add(field, k.Name.Vi+": mục tiêu phải "+way.Vi+" số liệu nền ("+num(baseline, true)+").",
		k.Name.En+": the target must be "+way.En+" the baseline ("+num(baseline, false)+").")
	return false
}

// num writes f with at most 4 decimals, with a decimal comma in Vietnamese.
func num(f float64, vi bool) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if r := strconv.FormatFloat(f, 'f', 4, 64); len(s) > len(r) {
		s = strings.TrimRight(strings.TrimRight(r, "0"), ".")
	}
	if vi {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
