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
	for i, p := range t.Provinces {
		t.byCode[p.Code] = i
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
