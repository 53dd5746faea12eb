package programme_test

import (
	"strings"
	"testing"
	"time"

	"nscl/internal/programme"
	"nscl/internal/registry"
)

// TestCounterpartShare: the registry's 30–50% rule passes exactly 30% and
// 50% and refuses 29.999% and 50.001%, and the share is written with one
// decimal that never shows a miss as a bound.
func TestCounterpartShare(t *testing.T) {
	for _, c := range []struct {
		state, cpt int64
		pass       bool
		vi         string
	}{
		{700_000_000, 300_000_000, true, "30,0"},
		{500_000_000, 500_000_000, true, "50,0"},
		{70_001, 29_999, false, "29,9"},
		{49_999, 50_001, false, "50,1"},
		{700_000_000_000_001, 299_999_999_999_999, false, "29,9"},
		{2, 1, true, "33,3"},
	} {
		share := programme.CounterpartShare(c.state, c.cpt)
		e := registry.Evaluate(actBreadthRules, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: share,
			Industry: registry.IndustryTextiles, SizeClass: registry.SizeSmall, SizeYear: 2025, Active: true})
		if e.Eligible != c.pass {
			t.Errorf("%d/%d: share %v eligible %v, want %v", c.cpt, c.state+c.cpt, share, e.Eligible, c.pass)
		}
		if got := programme.ShareText(share).Vi; got != c.vi {
			t.Errorf("%d/%d: shown %q, want %q", c.cpt, c.state+c.cpt, got, c.vi)
		}
		programme.ShareReasons(&e, share)
		joined := ""
		for _, r := range e.Reasons {
			joined += r.Vi + " | "
		}
		if !strings.Contains(joined, "vốn đối ứng "+c.vi+"%") {
			t.Errorf("%d/%d: reasons %q do not show %s%%", c.cpt, c.state+c.cpt, joined, c.vi)
		}
	}
	if programme.CounterpartShare(0, 0) != 0 {
		t.Errorf("an empty budget has a share")
	}
}

// TestScreen_Organisation: an organisation's proposal in a track with
// enterprise eligibility rules is not held to them, and the screening
// says so in a passed reason.
func TestScreen_Organisation(t *testing.T) {
	now := time.Date(2026, 4, 1, 3, 0, 0, 0, time.UTC)
	a, c := actScreeningActivity(), actScreeningCall()
	a.OrganisationID, a.Counterpart = 7, 900_000_000 // a share no enterprise could bring
	a.Budget[1].Counterpart = 850_000_000
	sc := programme.Screen(a, c, nil, now)
	if !sc.Passed {
		t.Fatalf("an organisation's proposal failed: %v", actFailed(sc))
	}
	var said bool
	for _, r := range sc.Reasons {
		if r.Rule == "organisation" {
			said = r.OK && strings.Contains(r.Text.Vi, "Đề xuất của tổ chức: không áp dụng điều kiện doanh nghiệp và tỷ lệ vốn đối ứng của hướng") &&
				strings.Contains(r.Text.En, "do not apply")
		}
	}
	if !said {
		t.Errorf("no reason saying the track's rules do not apply: %+v", sc.Reasons)
	}
	a.OrganisationID = 0
	for _, r := range programme.Screen(a, c, actEligibility(a), now).Reasons {
		if r.Rule == "organisation" {
			t.Errorf("an enterprise's proposal told the rules do not apply")
		}
	}
}
