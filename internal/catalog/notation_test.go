package catalog_test

import (
	"strings"
	"testing"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

func TestParseNotation(t *testing.T) {
	for _, tc := range []struct {
		in, code, full string
		kind           catalog.StandardKind
		number, body   string
		year           int
	}{
		{"TCVN 4980:2006", "TCVN 4980:2006", "TCVN 4980:2006", catalog.KindTCVN, "4980", "", 2006},
		{"tcvn  iso 9001 : 2015", "TCVN ISO 9001:2015", "TCVN ISO 9001:2015", catalog.KindTCVN, "9001", "", 2015},
		{"TCVN ISO / IEC 17025:2017", "TCVN ISO/IEC 17025:2017", "TCVN ISO/IEC 17025:2017", catalog.KindTCVN, "17025", "", 2017},
		{"TCVN 7447-7-712:2019", "TCVN 7447-7-712:2019", "TCVN 7447-7-712:2019", catalog.KindTCVN, "7447-7-712", "", 2019},
		{"TCVN 7447 – 7 – 712:2019", "TCVN 7447-7-712:2019", "TCVN 7447-7-712:2019", catalog.KindTCVN, "7447-7-712", "", 2019},
		{"TCVN 111:2006 (ISO 15:1998)", "TCVN 111:2006", "TCVN 111:2006 (ISO 15:1998)", catalog.KindTCVN, "111", "", 2006},
		{"TCVN 111:2006( iso 15 : 1998 )", "TCVN 111:2006", "TCVN 111:2006 (ISO 15:1998)", catalog.KindTCVN, "111", "", 2006},
		{"TCVN 5603:2008 (CAC/RCP 1-1969)", "TCVN 5603:2008", "TCVN 5603:2008 (CAC/RCP 1-1969)", catalog.KindTCVN, "5603", "", 2008},
		{"QCVN 01:2020/BCT", "QCVN 01:2020/BCT", "QCVN 01:2020/BCT", catalog.KindQCVN, "01", "BCT", 2020},
		{"qcvn 01 : 2019 / bct", "QCVN 01:2019/BCT", "QCVN 01:2019/BCT", catalog.KindQCVN, "01", "BCT", 2019},
		{"QCVN 3:2009/BKHCN", "QCVN 3:2009/BKHCN", "QCVN 3:2009/BKHCN", catalog.KindQCVN, "3", "BKHCN", 2009},
		{"QCVN 01-1:2018/BYT", "QCVN 01-1:2018/BYT", "QCVN 01-1:2018/BYT", catalog.KindQCVN, "01-1", "BYT", 2018},
		{"QCVN 18:2014/BLĐTBXH", "QCVN 18:2014/BLĐTBXH", "QCVN 18:2014/BLĐTBXH", catalog.KindQCVN, "18", "BLĐTBXH", 2014},
		{"ＴＣＶＮ ４９８０:２００６", "TCVN 4980:2006", "TCVN 4980:2006", catalog.KindTCVN, "4980", "", 2006},
	} {
		n, err := catalog.ParseNotation("code", tc.in)
		if err != nil {
			t.Errorf("ParseNotation(%q): %v", tc.in, err)
			continue
		}
		if n.Code() != tc.code || n.String() != tc.full || n.Kind != tc.kind || n.Number != tc.number || n.Body != tc.body || n.Year != tc.year {
			t.Errorf("ParseNotation(%q) = %+v (%q, %q)", tc.in, n, n.Code(), n.String())
		}
	}
}

func TestParseNotation_Invalid(t *testing.T) {
	for _, in := range []string{
		"", "TCVN", "TCVN 4980", "TCVN 4980-2006", "TCVN 4980:06", "TCVN 4980:1850", "TCVN :2006", "TCVN 49a0:2006",
		"TCVN 7447--7:2019", "TCVN 7447-:2019", "ISO 9001:2015", "TCVN ISO 9001:2015 (ISO 9001)x", "TCVN 111:2006 (15:1998)",
		"TCVN 111:2006 (ISO 15:98)", "QCVN 01:2020", "QCVN 01:2020/", "QCVN 01:2020/bct1", "QCVN 0001:2020/BCT",
		"QCVN 01:2020/BCT (ISO 15:1998)", "TCVN 4980:2006/BCT", "TCVN 1234567:2006",
	} {
		_, err := catalog.ParseNotation("code", in)
		if !fault.Is(err, fault.Invalid) {
			t.Errorf("ParseNotation(%q) = %v, want Invalid", in, err)
			continue
		}
		f := fault.FieldsOf(err)["code"]
		if !strings.Contains(f.Vi, "không đúng quy cách") || !strings.Contains(f.En, "not a valid designation") {
			t.Errorf("ParseNotation(%q): message %+v", in, f)
		}
	}
}

func TestSortKey(t *testing.T) {
	a, _ := catalog.ParseNotation("c", "TCVN 2:2000")
	b, _ := catalog.ParseNotation("c", "TCVN 10:1999")
	if a.SortKey() >= b.SortKey() {
		t.Errorf("TCVN 2 sorts after TCVN 10: %q %q", a.SortKey(), b.SortKey())
	}
}

func TestBuiltin(t *testing.T) {
	tools := catalog.Builtin()
	if len(tools) != len(catalog.BuiltinTools) {
		t.Fatalf("%d tools, want %d", len(tools), len(catalog.BuiltinTools))
	}
	codes := map[catalog.ToolCode]bool{}
	for i, tl := range tools {
		codes[tl.Code] = true
		if tl.Code != catalog.BuiltinTools[i] {
			t.Errorf("tool %d is %s, want %s", i, tl.Code, catalog.BuiltinTools[i])
		}
		if tl.Name.Vi == "" || tl.Name.En == "" || tl.Purpose.Vi == "" || tl.Purpose.En == "" || tl.Results.Vi == "" || tl.Results.En == "" || !tl.Kind.Valid() {
			t.Errorf("tool %s lacks content", tl.Code)
		}
		if tl.Standard != "" {
			if n, err := catalog.ParseNotation("s", tl.Standard); err != nil || n.Code() != tl.Standard {
				t.Errorf("tool %s standard %q: %v", tl.Code, tl.Standard, err)
			}
		}
		for _, s := range tl.Sectors {
			if !s.Valid() {
				t.Errorf("tool %s sector %q", tl.Code, s)
			}
		}
	}
	for _, tl := range tools {
		for _, p := range tl.Prerequisites {
			if !codes[p] || p == tl.Code {
				t.Errorf("tool %s prerequisite %q", tl.Code, p)
			}
		}
	}
}
