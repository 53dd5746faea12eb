package programme

import (
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Screen is the automatic screening of a proposal at submission: every
// rule the platform checks by itself, each with its outcome and a readable
// reason. c is the proposal's call (nil for an activity without a call,
// which only the budget rules apply to); elig is the registry's
// eligibility of the proposing enterprise for the call's track (nil when
// the track has no eligibility rules or the proposer is an organisation):
// its reasons become the screening's, so the rules (counterpart range, SME,
// improvement years…) are the registry's settings in force, never ours.
//
// The registry's track rules are eligibility rules for ENTERPRISE
// beneficiaries (an SME, a priority industry, the counterpart share it
// brings). An organisation's proposal (institute, school, centre running a
// course or a study) is not subject to them: that is a decision, not an
// omission, and the screening says so in a passed reason of rule
// "organisation" whenever the track has such rules.
func Screen(a *Activity, c *Call, elig *registry.Eligibility, now time.Time) Screening {
	sc := Screening{At: now}
	add := func(rule string, ok bool, t fault.Text) {
		sc.Reasons = append(sc.Reasons, Reason{Rule: rule, OK: ok, Text: t})
	}
	if c != nil {
		dl := DeadlineText(c.Deadline)
		if now.After(c.Deadline) {
			add("deadline", false, text("Nộp sau hạn "+dl.Vi+".", "Submitted after the deadline of "+dl.En+"."))
		} else {
			add("deadline", true, text("Nộp trước hạn "+dl.Vi+".", "Submitted before the deadline of "+dl.En+"."))
		}
		tl := a.Type.Label()
		if len(c.Types) == 0 || slices.Contains(c.Types, a.Type) {
			add("type", true, text("Loại nhiệm vụ "+tl.Vi+" thuộc đợt "+c.Code+".", "Activity type "+tl.En+" is open in call "+c.Code+"."))
		} else {
			add("type", false, text("Đợt "+c.Code+" không nhận loại nhiệm vụ "+tl.Vi+".", "Call "+c.Code+" does not take "+tl.En+" proposals."))
		}
		if len(c.Industries) > 0 {
			il := registry.Industry(a.Industry).Label()
			if slices.Contains(c.Industries, a.Industry) {
				add("industry", true, text("Ngành "+il.Vi+" thuộc các ngành của đợt.", "Industry "+il.En+" is among the call's industries."))
			} else {
				add("industry", false, text("Ngành của đơn vị đề xuất ("+actOrDash(il.Vi)+") không thuộc các ngành của đợt: "+strings.Join(c.Industries, ", ")+".",
					"The proposer's industry ("+actOrDash(il.En)+") is not among the call's industries: "+strings.Join(c.Industries, ", ")+"."))
			}
		}
		if len(c.Provinces) > 0 {
			if slices.Contains(c.Provinces, a.ProvinceCode) {
				add("province", true, text("Địa bàn ("+a.ProvinceCode+") thuộc phạm vi của đợt.", "The province ("+a.ProvinceCode+") is within the call's."))
			} else {
				add("province", false, text("Địa bàn của đơn vị đề xuất ("+actOrDash(a.ProvinceCode)+") ngoài phạm vi của đợt: "+strings.Join(c.Provinces, ", ")+".",
					"The proposer's province ("+actOrDash(a.ProvinceCode)+") is outside the call's: "+strings.Join(c.Provinces, ", ")+"."))
			}
		}
	}
	lines := slices.Clone(a.Budget)
	bad := fault.Fields{}
	CheckBudget(lines, a.StateBudget, a.Counterpart, bad)
	if len(bad) == 0 {
		add("budget", true, text("Dự toán khớp: ngân sách nhà nước "+vn.Money(a.StateBudget)+", vốn đối ứng "+vn.Money(a.Counterpart)+".",
			"The budget adds up: state "+vn.Money(a.StateBudget)+", counterpart "+vn.Money(a.Counterpart)+"."))
	} else {
		for _, k := range actSortedKeys(bad) {
			add("budget", false, bad[k])
		}
	}
	if c != nil && c.MaxStateBudget > 0 {
		if a.StateBudget <= c.MaxStateBudget {
			add("cap", true, text("Ngân sách nhà nước đề nghị không vượt mức tối đa "+vn.Money(c.MaxStateBudget)+" của đợt.",
				"The state budget requested is within the call's cap of "+vn.Money(c.MaxStateBudget)+"."))
		} else {
			add("cap", false, text("Ngân sách nhà nước đề nghị "+vn.Money(a.StateBudget)+" vượt mức tối đa "+vn.Money(c.MaxStateBudget)+" của đợt.",
				"The state budget requested, "+vn.Money(a.StateBudget)+", exceeds the call's cap of "+vn.Money(c.MaxStateBudget)+"."))
		}
	}
	if elig != nil {
		sc.Reasons = append(sc.Reasons, EligibilityReasons(elig)...)
	} else if _, ok := a.Track.Eligibility(); ok && a.OrganisationID != 0 {
		tl := a.Track.Label()
		add("organisation", true, text("Đề xuất của tổ chức: không áp dụng điều kiện doanh nghiệp và tỷ lệ vốn đối ứng của hướng "+tl.Vi+".",
			"An organisation's proposal: the enterprise conditions and the counterpart share of the "+tl.En+" track do not apply."))
	}
	sc.Passed = true
	for _, r := range sc.Reasons {
		sc.Passed = sc.Passed && r.OK
	}
	return sc
}

// EligibilityReasons converts the registry's eligibility into reasons: its
// summary first (failed when not eligible), then each rule. The registry
// names the failed rules in its summary, which is how a failed rule is told
// from a passed one.
func EligibilityReasons(e *registry.Eligibility) []Reason {
	if len(e.Reasons) == 0 {
		return []Reason{{Rule: "eligibility", OK: e.Eligible, Text: text("Điều kiện của hướng hỗ trợ", "The track's eligibility")}}
	}
	sum := e.Reasons[0]
	out := []Reason{{Rule: "eligibility", OK: e.Eligible, Text: sum}}
	for _, r := range e.Reasons[1:] {
		ok := e.Eligible || !strings.Contains(sum.Vi, r.Vi)
		rule := "eligibility"
		if strings.Contains(r.En, "counterpart share") {
			rule = "counterpart"
		}
		out = append(out, Reason{Rule: rule, OK: ok, Text: r})
	}
	return out
}

// CounterpartShare is counterpart / (state + counterpart) in percent, as the
// registry's eligibility takes it, computed so that the registry's float
// comparison with its bounds behaves as an exact one: the division is done
// exactly and rounded once, and the result equals a whole number only when
// the share is exactly that number (exactly 30% and 50% pass a 30–50% rule,
// 29.999…% never rounds up onto 30). 0 for an empty budget.
func CounterpartShare(state, counterpart int64) float64 {
	total := state + counterpart
	if total <= 0 || counterpart < 0 {
		return 0
	}
	exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(counterpart), big.NewInt(100)), big.NewInt(total))
	f, _ := exact.Float64()
	if r := math.Round(f); f == r {
		switch exact.Cmp(new(big.Rat).SetFloat64(r)) {
		case -1:
			f = math.Nextafter(r, math.Inf(-1))
		case 1:
			f = math.Nextafter(r, math.Inf(1))
		}
	}
	return f
}

// ShareText writes a counterpart share with one decimal, Vietnamese comma
// ("33,3"; "33.3" in English). A share that is not a whole number is never
// shown as one (29.99% is "29,9", not "30,0"), so the figure never seems to
// meet a bound it misses.
func ShareText(share float64) fault.Text {
	v := math.Round(share*10) / 10
	if v == math.Round(v) && share != v {
		if share < v {
			v = math.Floor(share*10) / 10
		} else {
			v = math.Ceil(share*10) / 10
		}
	}
	en := strconv.FormatFloat(v, 'f', 1, 64)
	return text(strings.Replace(en, ".", ",", 1), en)
}

// ShareReasons rewrites the registry's reasons so that they show share as
// ShareText does: the registry writes the share it was given with every
// digit ("33,333333333333336%").
func ShareReasons(e *registry.Eligibility, share float64) {
	en := strconv.FormatFloat(share, 'f', -1, 64)
	vi := strings.Replace(en, ".", ",", 1)
	t := ShareText(share)
	for i, r := range e.Reasons {
		e.Reasons[i].Vi = strings.ReplaceAll(r.Vi, " "+vi+"%", " "+t.Vi+"%")
		e.Reasons[i].En = strings.ReplaceAll(r.En, " "+en+"%", " "+t.En+"%")
	}
}

// DeadlineText writes a deadline as dd/mm/yyyy hh:mm, Vietnam time.
func DeadlineText(t time.Time) fault.Text {
	s := t.In(vn.Zone).Format("02/01/2006 15:04")
	return text(s+" (giờ Việt Nam)", s+" (Vietnam time)")
}

func actOrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func actSortedKeys(m fault.Fields) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
