package programme_test

import (
	"strings"
	"testing"
	"time"

	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

func actScreeningCall() *programme.Call {
	return &programme.Call{Code: "BCT-2026-01", Track: programme.TrackBreadth, Types: []programme.ActivityType{programme.TypePilotModel},
		Industries: []string{"textiles"}, Provinces: []string{"79", "01"}, MaxStateBudget: 500_000_000,
		OpensAt: time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 4, 30, 10, 0, 0, 0, time.UTC), Status: programme.CallOpen}
}

func actScreeningActivity() *programme.Activity {
	return &programme.Activity{Type: programme.TypePilotModel, Track: programme.TrackBreadth, ProvinceCode: "79", Industry: "textiles",
		StateBudget: 300_000_000, Counterpart: 200_000_000,
		Budget: []programme.BudgetLine{{Item: "Chuyên gia", State: 200_000_000, Counterpart: 50_000_000},
			{Item: "Đào tạo", State: 100_000_000, Counterpart: 150_000_000}}}
}

// actBreadthRules are the breadth track's rules as shipped (0002_registry):
// an SME, counterpart 30–50%.
var actBreadthRules = registry.TrackRules{RequireSME: true, MinCounterpartPct: 30, MaxCounterpartPct: 50}

func actEligibility(a *programme.Activity) *registry.Eligibility {
	e := registry.Evaluate(actBreadthRules, registry.EligibilityInput{Track: registry.TrackBreadth, CounterpartPct: a.CounterpartPct(),
		Industry: registry.Industry(a.Industry), SizeClass: registry.SizeSmall, SizeYear: 2025, Active: true})
	return &e
}

func actFailed(sc programme.Screening) map[string]string {
	out := map[string]string{}
	for _, r := range sc.Reasons {
		if !r.OK {
			out[r.Rule] += r.Text.Vi + " | " + r.Text.En
		}
	}
	return out
}

// TestScreen checks each rule of the automatic screening on its own: a
// proposal that passes, then one change at a time that fails exactly one
// rule, with a reason that says why (the counterpart share citing the
// track's 30–50% range, the budget by how much, the deadline with its date
// and time in Vietnam).
func TestScreen(t *testing.T) {
	now := time.Date(2026, 4, 1, 3, 0, 0, 0, time.UTC)
	a, c := actScreeningActivity(), actScreeningCall()
	sc := programme.Screen(a, c, actEligibility(a), now)
	if !sc.Passed || len(actFailed(sc)) != 0 {
		t.Fatalf("a good proposal failed: %+v", sc)
	}
	rules := map[string]bool{}
	for _, r := range sc.Reasons {
		rules[r.Rule] = true
	}
	for _, r := range []string{"deadline", "type", "industry", "province", "budget", "cap", "eligibility", "counterpart"} {
		if !rules[r] {
			t.Errorf("rule %s not reported", r)
		}
	}

	cases := []struct {
		name   string
		change func(a *programme.Activity, c *programme.Call) time.Time
		rule   string
		want   []string
	}{
		{"after the deadline", func(a *programme.Activity, c *programme.Call) time.Time { return c.Deadline.Add(time.Minute) },
			"deadline", []string{"30/04/2026 17:00"}},
		{"type not in the call", func(a *programme.Activity, c *programme.Call) time.Time {
			a.Type = programme.TypeDepthProject
			return now
		}, "type", []string{"BCT-2026-01"}},
		{"industry outside the call's", func(a *programme.Activity, c *programme.Call) time.Time {
			a.Industry = "steel"
			return now
		}, "industry", []string{"textiles"}},
		{"province outside the call's", func(a *programme.Activity, c *programme.Call) time.Time {
			a.ProvinceCode = "48"
			return now
		}, "province", []string{"48", "79, 01"}},
		{"budget does not add up", func(a *programme.Activity, c *programme.Call) time.Time {
			a.Budget[1].State = 90_000_000
			return now
		}, "budget", []string{"300.000.000 ₫", "290.000.000 ₫", "chênh 10.000.000 ₫"}},
		{"state budget over the cap", func(a *programme.Activity, c *programme.Call) time.Time {
			c.MaxStateBudget = 250_000_000
			return now
		}, "cap", []string{"250.000.000 ₫"}},
		{"counterpart outside the range", func(a *programme.Activity, c *programme.Call) time.Time {
			a.Counterpart, a.Budget[1].Counterpart = 500_000_000, 450_000_000 // 62.5%
			return now
		}, "counterpart", []string{"62,5%", "30–50%", "outside 30–50%"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, c := actScreeningActivity(), actScreeningCall()
			at := tc.change(a, c)
			sc := programme.Screen(a, c, actEligibility(a), at)
			if sc.Passed {
				t.Fatal("passed")
			}
			f := actFailed(sc)
			got, ok := f[tc.rule]
			if !ok {
				t.Fatalf("rule %s did not fail; failed: %v", tc.rule, f)
			}
			for rule := range f {
				if rule != tc.rule && rule != "eligibility" {
					t.Errorf("rule %s failed too: %s", rule, f[rule])
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("reason %q does not say %q", got, w)
				}
			}
		})
	}

	// Without a call (and without eligibility: an organisation's capacity
	// activity) only the budget is checked.
	sc = programme.Screen(actScreeningActivity(), nil, nil, now)
	if !sc.Passed || len(sc.Reasons) != 1 || sc.Reasons[0].Rule != "budget" {
		t.Errorf("no call: %+v", sc)
	}
}

func TestDeadlineText(t *testing.T) {
	got := programme.DeadlineText(time.Date(2026, 4, 30, 16, 59, 0, 0, time.UTC))
	if got.Vi != "30/04/2026 23:59 (giờ Việt Nam)" || vn.Zone == nil {
		t.Errorf("deadline = %q", got.Vi)
	}
}

// TestSniffAttachment: the content decides, not the name.
func TestSniffAttachment(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
		ok   bool
	}{
		{"pdf", []byte("%PDF-1.7\n1 0 obj"), programme.TypePDF, true},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), programme.TypePNG, true},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), programme.TypeJPEG, true},
		{"exe named .pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", false},
		{"html", []byte("<html><body>x</body></html>"), "", false},
		{"zip that is not office", actZipOf(t, "a.txt"), "", false},
		{"docx", actZipOf(t, "word/document.xml"), programme.TypeDOCX, true},
		{"xlsx", actZipOf(t, "xl/workbook.xml"), programme.TypeXLSX, true},
	} {
		got, ok := programme.SniffAttachment(tc.data)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
