package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"nscl/internal/programme"
)

// postForm is a parsed POST of the form values.
func postForm(t *testing.T, v url.Values) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := parseForm(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTargetForm pins how the targets' form reads a value: Vietnamese
// decimals (comma, dots between thousands); NaN, Inf, hex and exponents
// refused next to the value (strconv.ParseFloat took them, and NaN passed
// every bound); "1.200" asks for a decimal comma; the version read comes
// back to the service.
func TestTargetForm(t *testing.T) {
	for _, c := range []struct {
		value   string
		want    float64
		bad     string // a fragment of the Vietnamese message, "" = parsed
		badEn   string
		version string
	}{
		{value: "7,5", want: 7.5, version: "3"},
		{value: "1200", want: 1200},
		{value: "1.234,5", want: 1234.5},
		{value: "7.5", want: 7.5},
		{value: "NaN", bad: "phải là một số", badEn: "must be a number"},
		{value: "nan", bad: "phải là một số"},
		{value: "Inf", bad: "phải là một số"},
		{value: "-Infinity", bad: "phải là một số"},
		{value: "0x10", bad: "phải là một số"},
		{value: "1e3", bad: "phải là một số"},
		{value: "1.200", bad: "Dùng dấu phẩy cho phần thập phân, ví dụ 7,5", badEn: "Use a comma for decimals, e.g. 7,5"},
		{value: "", bad: "Vui lòng nhập giá trị"},
		{value: "5", version: "abc", bad: "tải lại trang"},
	} {
		in, raw, bad := targetForm(postForm(t, url.Values{"metric": {"pilot_models"}, "year": {"2026"}, "value": {c.value}, "version": {c.version}}))
		if raw != c.value {
			t.Errorf("%q: raw %q", c.value, raw)
		}
		if c.bad == "" {
			if len(bad) != 0 || in.Value != c.want || in.Metric != programme.MetricPilotModels || in.Year != 2026 {
				t.Errorf("%q: %+v, %v; want %v", c.value, in, bad, c.want)
			}
			if c.version == "3" && in.Version != 3 {
				t.Errorf("%q: version %d, want 3", c.value, in.Version)
			}
			continue
		}
		if !strings.Contains(bad["value"].Vi, c.bad) || c.badEn != "" && !strings.Contains(bad["value"].En, c.badEn) {
			t.Errorf("%q: value message %+v, want %q / %q", c.value, bad["value"], c.bad, c.badEn)
		}
	}
	if _, _, bad := targetForm(postForm(t, url.Values{"metric": {"pilot_models"}, "year": {"x"}, "value": {"1"}})); bad["year"].Vi == "" {
		t.Errorf("a bad year is not refused: %v", bad)
	}
}

// TestPlanForm pins the plan grid's numbers: vn.ParseAmount (dots or
// spaces between thousands); a decimal comma, letters, "NaN" and a count
// beyond int64 are a row's error; a count above the cap parses and is the
// service's to refuse (the test in programme).
func TestPlanForm(t *testing.T) {
	row := planLineKey(planGrid()[0])
	for _, c := range []struct {
		count, state string
		ok           bool
		wantN        int
		wantState    int64
	}{
		{count: "30", state: "18.000.000.000", ok: true, wantN: 30, wantState: 18_000_000_000},
		{count: "1.000", state: "1 500 000 ₫", ok: true, wantN: 1000, wantState: 1_500_000},
		{count: "", state: "", ok: true},
		{count: "2147483648", state: "1", ok: true, wantN: 1 << 31, wantState: 1},
		{count: "3", state: "1,5"},
		{count: "3", state: "18 tỷ"},
		{count: "NaN", state: "1"},
		{count: "2,5", state: "1"},
		{count: "99999999999999999999", state: "1"},
		{count: "1", state: "99.999.999.999.999.999.999"},
		{count: "1", state: "1.50.000"},
	} {
		in, bad := planForm(postForm(t, url.Values{"year": {"2026"}, "title": {"x"}, "count-" + row: {c.count}, "state-" + row: {c.state}}))
		if c.ok != (len(bad) == 0) {
			t.Errorf("%q/%q: bad rows %v", c.count, c.state, bad)
			continue
		}
		if !c.ok {
			if !strings.Contains(bad[0].Vi, "không dùng dấu phẩy") || !strings.Contains(bad[0].En, "no comma") {
				t.Errorf("%q/%q: message %+v", c.count, c.state, bad[0])
			}
			continue
		}
		if l := in.Lines[0]; l.PlannedCount != c.wantN || l.StateBudget != c.wantState {
			t.Errorf("%q/%q: line %+v", c.count, c.state, l)
		}
	}
}

// TestCallForm_MaxBudget pins the call's cap: vn.ParseAmount, empty = no
// cap, a comma or junk refused next to the field.
func TestCallForm_MaxBudget(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"500.000.000", 500_000_000, true},
		{"", 0, true},
		{"500,5", 0, false},
		{"NaN", 0, false},
		{"5e8", 0, false},
		{"99999999999999999999", 0, false},
	} {
		v, bad := callForm(postForm(t, url.Values{"max_state_budget": {c.in}, "opens_date": {"01/12/2026"}, "deadline_date": {"01/02/2027"}}))
		if c.ok != (bad["max_state_budget"].Vi == "") || c.ok && v.in.MaxStateBudget != c.want {
			t.Errorf("%q: %d, %v", c.in, v.in.MaxStateBudget, bad)
		}
		if !c.ok && bad["max_state_budget"].En == "" {
			t.Errorf("%q: no English message", c.in)
		}
	}
}
