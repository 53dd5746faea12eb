// Package geo holds Vietnam's provincial-level units: the 34 in force since
// 1 July 2025 (statistics office codes and names) and the 63 pre-merger
// provinces with the unit each became part of. The data is embedded from
// reference.json, a copy of shared/domain/reference.json.
//
// Glossary: tỉnh = province; thành phố trực thuộc trung ương = centrally run
// city; both are "provincial-level units" here and carry a two-digit code.
package geo

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"nscl/internal/vn"
)

//go:embed reference.json
var referenceJSON []byte

// Province is a provincial-level unit in force since 1 July 2025.
type Province struct {
	Code  string `json:"code"`  // two-digit statistics office code, e.g. "01"
	Name  string `json:"name"`  // official name, e.g. "Thành phố Hà Nội"
	Short string `json:"short"` // name without the "Tỉnh"/"Thành phố" prefix
}

// OldProvince is one of the 63 units before the 2025 merger.
type OldProvince struct {
	OldCode string `json:"old_code"`
	Name    string `json:"name"`
	Short   string `json:"short"`
	NewCode string `json:"new_code"` // the unit it became part of
}

// Table is the loaded reference data. It is read-only after Load.
type Table struct {
	Provinces []Province
	Old       []OldProvince
	byCode    map[string]int
	byKey     map[string]string // nameKey of any known name → unit code
	oldByCode map[string]string // pre-merger code → unit code
}

// Load parses the embedded reference data.
func Load() (*Table, error) {
	var raw struct {
		Provinces []Province    `json:"provinces_2025"`
		Old       []OldProvince `json:"old_provinces"`
	}
	if err := json.Unmarshal(referenceJSON, &raw); err != nil {
		return nil, fmt.Errorf("geo: parse reference data: %w", err)
	}
	t := &Table{Provinces: raw.Provinces, Old: raw.Old, byCode: map[string]int{}}
	sort.Slice(t.Provinces, func(i, j int) bool { return t.Provinces[i].Code < t.Provinces[j].Code })
	t.byKey, t.oldByCode = map[string]string{}, map[string]string{}
	for i, p := range t.Provinces {
		t.byCode[p.Code] = i
		t.byKey[nameKey(p.Name)] = p.Code
		t.byKey[nameKey(p.Short)] = p.Code
	}
	for _, o := range t.Old {
		if _, ok := t.byCode[o.NewCode]; !ok {
			return nil, fmt.Errorf("geo: old province %s maps to unknown unit %s", o.Name, o.NewCode)
		}
		t.oldByCode[o.OldCode] = o.NewCode
		for _, n := range []string{o.Name, o.Short} {
			k := nameKey(n)
			if c, ok := t.byKey[k]; ok && c != o.NewCode {
				return nil, fmt.Errorf("geo: name %q maps to both %s and %s", n, c, o.NewCode)
			}
			t.byKey[k] = o.NewCode
		}
	}
	for alias, name := range aliases {
		code, ok := t.byKey[nameKey(name)]
		if !ok {
			return nil, fmt.Errorf("geo: alias %q names unknown %q", alias, name)
		}
		t.byKey[nameKey(alias)] = code
	}
	return t, nil
}

// MustLoad is Load for program start, where the embedded data is known good
// (a test loads it).
func MustLoad() *Table {
	t, err := Load()
	if err != nil {
		panic(err)
	}
	return t
}

// Province returns the unit with the given code.
func (t *Table) Province(code string) (Province, bool) {
	i, ok := t.byCode[code]
	if !ok {
		return Province{}, false
	}
	return t.Provinces[i], true
}

// Name returns the short name for code, or code itself if unknown.
func (t *Table) Name(code string) string {
	if p, ok := t.Province(code); ok {
		return p.Short
	}
	return code
}

// aliases are common names that are not official ones → an official name.
var aliases = map[string]string{
	"HCM":              "Hồ Chí Minh",
	"TPHCM":            "Hồ Chí Minh",
	"TP.HCM":           "Hồ Chí Minh",
	"Sài Gòn":          "Hồ Chí Minh",
	"Saigon":           "Hồ Chí Minh",
	"Ho Chi Minh City": "Hồ Chí Minh",
	"Hanoi":            "Hà Nội",
	"Thừa Thiên Huế":   "Huế", // the name until Huế became a centrally run city (January 2025)
	"Bà Rịa Vũng Tàu":  "Bà Rịa - Vũng Tàu",
	"BRVT":             "Bà Rịa - Vũng Tàu",
}

// nameSeparators become spaces in a province name key.
var nameSeparators = strings.NewReplacer("-", " ", ".", " ", ",", " ", "–", " ")

// nameKey folds a province name for lookup: diacritics, case, the
// "Tỉnh"/"Thành phố"/"TP." prefixes, dashes and dots do not matter.
func nameKey(s string) string {
	k := vn.Fold(s)
	k = nameSeparators.Replace(k)
	k = strings.Join(strings.Fields(k), " ")
	for _, p := range []string{"tinh ", "thanh pho ", "tp "} {
		k = strings.TrimPrefix(k, p)
	}
	return strings.ReplaceAll(k, " ", "")
}

// Resolve returns the code of the unit (one of the 34) named by s: a
// two-digit code of a unit or of a pre-July-2025 province ("02" Hà Giang
// → "08"), or any spelling of the name of one of the 34 units or of the
// 63 former provinces, with or without diacritics and the "Tỉnh",
// "Thành phố", "TP." prefixes ("tp hcm", "ba ria vung tau" → "79").
func (t *Table) Resolve(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if isDigits(s) && len(s) <= 2 {
		if len(s) == 1 {
			s = "0" + s
		}
		if _, ok := t.byCode[s]; ok {
			return s, true
		}
		c, ok := t.oldByCode[s]
		return c, ok
	}
	c, ok := t.byKey[nameKey(s)]
	return c, ok
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
