package contest_test

import (
	"testing"
	"time"

	"nscl/internal/contest"
	"nscl/internal/registry"
)

// A size category admits exactly its size class ("medium", shown as
// "Vừa / Medium", refuses micro and small firms); "sme" admits every small
// and medium enterprise and no large one.
func TestEntry_SizeCategoryExact(t *testing.T) {
	cases := []struct {
		value string
		size  registry.SizeClass
		ok    bool
	}{
		{"medium", registry.SizeMicro, false},
		{"medium", registry.SizeSmall, false},
		{"medium", registry.SizeMedium, true},
		{"medium", registry.SizeLarge, false},
		{"small", registry.SizeSmall, true},
		{"large", registry.SizeLarge, true},
		{"large", registry.SizeUnknown, false},
		{contest.SizeSME, registry.SizeMicro, true},
		{contest.SizeSME, registry.SizeSmall, true},
		{contest.SizeSME, registry.SizeMedium, true},
		{contest.SizeSME, registry.SizeLarge, false},
		{contest.SizeSME, registry.SizeUnknown, false},
	}
	for _, tc := range cases {
		cat := &contest.Category{Basis: contest.BasisSize, Value: tc.value}
		ps := contest.Eligible(&contest.Contest{}, cat, &registry.Enterprise{SizeClass: tc.size}, &contest.Entry{}, time.Now())
		if got := len(ps) == 0; got != tc.ok {
			t.Errorf("category %q (%s), firm %q: admitted %v, want %v", tc.value, contest.SizeCategoryLabel(tc.value).En, tc.size, got, tc.ok)
		}
	}
	if l := contest.SizeCategoryLabel(contest.SizeSME); l.Vi != "DN nhỏ và vừa" || l.En != "SME" {
		t.Errorf("sme label %+v", l)
	}
	p, ok := contest.PresetByCode("gtclqg")
	if !ok {
		t.Fatal("no gtclqg preset")
	}
	for _, c := range p.Categories {
		if c.Code == "SX-SME" && c.Value != contest.SizeSME {
			t.Errorf("SX-SME preset category value %q, want %q", c.Value, contest.SizeSME)
		}
	}
}
