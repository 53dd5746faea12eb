package web

import (
	"encoding/json"
	"testing"
)

// TestProvinceMapArchipelagos pins the embedded province map: 34
// provinces, and both archipelagos kept — Hoàng Sa in Đà Nẵng's feature
// (48, east of 111° E) and Trường Sa in Khánh Hòa's (56, east of 113° E).
func TestProvinceMapArchipelagos(t *testing.T) {
	b, err := files.ReadFile("static/vn-provinces.json")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]string `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 34 {
		t.Errorf("%d provinces, want 34", len(fc.Features))
	}
	east := map[string]float64{}
	for _, f := range fc.Features {
		var polys [][][][2]float64
		if f.Geometry.Type == "Polygon" {
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				t.Fatal(err)
			}
			polys = append(polys, p)
		} else if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
			t.Fatal(err)
		}
		for _, p := range polys {
			for _, ring := range p {
				for _, pt := range ring {
					east[f.Properties["code"]] = max(east[f.Properties["code"]], pt[0])
				}
			}
		}
	}
	if east["48"] <= 111 {
		t.Errorf("Đà Nẵng reaches %.2f° E: Hoàng Sa is missing", east["48"])
	}
	if east["56"] <= 113 {
		t.Errorf("Khánh Hòa reaches %.2f° E: Trường Sa is missing", east["56"])
	}
}
