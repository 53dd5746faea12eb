package registry

import (
	"strconv"
	"strings"

	"nscl/internal/fault"
)

// EligibilityInput is what the eligibility rules look at.
type EligibilityInput struct {
	Track            Track
	CounterpartPct   float64
	SizeClass        SizeClass // of the latest year with figures on or before the date
	SizeYear         int       // that year, 0 if none
	Industry         Industry
	ImprovementYears int // distinct years with recorded improvement activity, up to the date
	Judgement        OfficerJudgement
	Active           bool
}

// Eligibility is the answer, with reasons people can read: the first reason
// sums up, the others explain each rule.
type Eligibility struct {
	Track    Track        `json:"track"`
	Date     string       `json:"date"`
	Eligible bool         `json:"eligible"`
	Reasons  []fault.Text `json:"reasons"`
}

func pct(f float64) string { return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1) }
func pctEn(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Evaluate applies rules r to in.
func Evaluate(r TrackRules, in EligibilityInput) Eligibility {
	var fails, passes []fault.Text
	var who []fault.Text // the summary: the firm, then the rules worth naming
	check := func(ok bool, yes, no fault.Text) {
		if ok {
			passes = append(passes, yes)
		} else {
			fails = append(fails, no)
		}
	}
	checkNamed := func(ok bool, yes, no fault.Text) {
		check(ok, yes, no)
		if ok {
			who = append(who, yes)
		}
	}
	size := in.SizeClass.Label()
	sizeVi, sizeEn := "doanh nghiệp "+strings.ToLower(size.Vi), strings.ToLower(size.En)+" enterprise"
	if in.Industry != IndustryNone {
		ind := in.Industry.Label()
		sizeVi += " ngành " + strings.ToLower(ind.Vi)
		sizeEn = strings.ToLower(size.En) + " " + strings.ToLower(ind.En) + " enterprise"
	}
	who = append(who, text(sizeVi, sizeEn))
	check(in.Active, text("doanh nghiệp đang hoạt động", "the enterprise is active"),
		text("doanh nghiệp không còn hoạt động", "the enterprise is no longer active"))
	if r.RequireSME {
		switch {
		case in.SizeClass == SizeUnknown:
			fails = append(fails, text("chưa đủ số liệu năm để xác định quy mô (lao động và doanh thu hoặc nguồn vốn)",
				"no yearly figures to determine the size class (employees and revenue or capital)"))
		default:
			y := strconv.Itoa(in.SizeYear)
			check(in.SizeClass.IsSME(),
				text("là doanh nghiệp nhỏ và vừa theo Nghị định 80/2021 (số liệu năm "+y+")", "an SME under Decree 80/2021 (figures of "+y+")"),
				text("không phải doanh nghiệp nhỏ và vừa (quy mô lớn, số liệu năm "+y+")", "not an SME (large, figures of "+y+")"))
		}
	}
	if r.RequirePriorityIndustry {
		check(in.Industry != IndustryNone, text("thuộc ngành ưu tiên", "in a priority industry"),
			text("không thuộc 8 ngành ưu tiên", "not in one of the 8 priority industries"))
	}
	lo, hi, s := r.MinCounterpartPct, r.MaxCounterpartPct, in.CounterpartPct
	checkNamed(s >= lo && s <= hi,
		text("vốn đối ứng "+pct(s)+"% trong khoảng "+pct(lo)+"–"+pct(hi)+"%", "counterpart share "+pctEn(s)+"% within "+pctEn(lo)+"–"+pctEn(hi)+"%"),
		text("vốn đối ứng "+pct(s)+"% ngoài khoảng "+pct(lo)+"–"+pct(hi)+"%", "counterpart share "+pctEn(s)+"% outside "+pctEn(lo)+"–"+pctEn(hi)+"%"))
	if r.MinImprovementYears > 0 {
		n, m := strconv.Itoa(in.ImprovementYears), strconv.Itoa(r.MinImprovementYears)
		checkNamed(in.ImprovementYears >= r.MinImprovementYears,
			text(n+" năm có hoạt động cải tiến được ghi nhận (tối thiểu "+m+")", n+" years of recorded improvement activity (at least "+m+")"),
			text("chỉ "+n+" năm có hoạt động cải tiến được ghi nhận, cần tối thiểu "+m, "only "+n+" years of recorded improvement activity, at least "+m+" needed"))
	}
	if r.RequireSectorSpecific {
		j := in.Judgement.SectorSpecific
		checkNamed(j != nil && *j, text("được cán bộ đánh giá là đặc thù ngành", "judged sector-specific by an officer"),
			judgementMissing(j, text("chưa được cán bộ đánh giá tính đặc thù ngành", "not yet judged sector-specific by an officer"),
				text("cán bộ đánh giá không đặc thù ngành", "judged not sector-specific by an officer")))
	}
	if r.RequireReplicable {
		j := in.Judgement.Replicable
		checkNamed(j != nil && *j, text("được cán bộ đánh giá có khả năng nhân rộng", "judged replicable by an officer"),
			judgementMissing(j, text("chưa được cán bộ đánh giá khả năng nhân rộng", "not yet judged replicable by an officer"),
				text("cán bộ đánh giá không có khả năng nhân rộng", "judged not replicable by an officer")))
	}
	tr := in.Track.Label()
	out := Eligibility{Track: in.Track, Eligible: len(fails) == 0}
	var sum fault.Text
	if out.Eligible {
		sum = text("Đủ điều kiện "+tr.Vi+": "+join(who, false), "Eligible for "+tr.En+": "+join(who, true))
	} else {
		sum = text("Chưa đủ điều kiện "+tr.Vi+": "+join(fails, false), "Not eligible for "+tr.En+": "+join(fails, true))
	}
	out.Reasons = append([]fault.Text{sum}, fails...)
	out.Reasons = append(out.Reasons, passes...)
	return out
}

func judgementMissing(j *bool, missing, no fault.Text) fault.Text {
	if j == nil {
		return missing
	}
	return no
}

func join(ts []fault.Text, en bool) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		if en {
			parts[i] = t.En
		} else {
			parts[i] = t.Vi
		}
	}
	return strings.Join(parts, "; ")
}
