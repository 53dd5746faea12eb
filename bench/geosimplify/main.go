// Command geosimplify writes the dashboard's province map
// (internal/web/static/vn-provinces.json) from the shared boundaries
// (vn-provinces-2025.geojson): every ring is simplified with the
// Douglas–Peucker algorithm at a tolerance in degrees and its coordinates
// rounded, but no polygon is ever dropped — the tiny islands of Hoàng Sa
// (in Đà Nẵng's feature) and Trường Sa (in Khánh Hòa's) keep at least a
// triangle each, so that both archipelagos stay on the map.
//
//	go run ./bench/geosimplify -in /work/shared/domain/vn-provinces-2025.geojson \
//	    -out internal/web/static/vn-provinces.json
//
// Each feature's properties become {code, name}: the statistics office
// code and the short name (ECharts matches regions by name).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
)

type feature struct {
	Type       string            `json:"type"`
	Properties map[string]string `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

type collection struct {
	Type     string    `json:"type"`
	Features []feature `json:"features"`
}

type pt [2]float64

func main() {
	in := flag.String("in", "/work/shared/domain/vn-provinces-2025.geojson", "source GeoJSON")
	out := flag.String("out", "internal/web/static/vn-provinces.json", "simplified GeoJSON to write")
	tol := flag.Float64("tolerance", 0.006, "Douglas–Peucker tolerance, degrees")
	dec := flag.Int("decimals", 3, "decimals kept in coordinates")
	flag.Parse()
	if err := run(*in, *out, *tol, *dec); err != nil {
		fmt.Fprintln(os.Stderr, "geosimplify:", err)
		os.Exit(1)
	}
}

func run(in, out string, tol float64, dec int) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var c collection
	if err := json.Unmarshal(raw, &c); err != nil {
		return err
	}
	type geom struct {
		Type        string           `json:"type"`
		Coordinates [][][][2]float64 `json:"coordinates"`
	}
	type outFeature struct {
		Type       string            `json:"type"`
		Properties map[string]string `json:"properties"`
		Geometry   geom              `json:"geometry"`
	}
	res := struct {
		Type     string       `json:"type"`
		Features []outFeature `json:"features"`
	}{Type: "FeatureCollection"}
	polys, pointsIn, pointsOut := 0, 0, 0
	for _, f := range c.Features {
		var mp [][][]pt
		switch f.Geometry.Type {
		case "Polygon":
			var p [][]pt
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return err
			}
			mp = [][][]pt{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil {
				return err
			}
		default:
			return fmt.Errorf("feature %s: geometry %s", f.Properties["code"], f.Geometry.Type)
		}
		g := geom{Type: "MultiPolygon"}
		for _, poly := range mp {
			var rings [][][2]float64
			for _, ring := range poly {
				pointsIn += len(ring)
				s := simplifyRing(ring, tol, dec)
				pointsOut += len(s)
				rs := make([][2]float64, len(s))
				for i, p := range s {
					rs[i] = [2]float64(p)
				}
				rings = append(rings, rs)
			}
			g.Coordinates = append(g.Coordinates, rings)
			polys++
		}
		res.Features = append(res.Features, outFeature{Type: "Feature",
			Properties: map[string]string{"code": f.Properties["code"], "name": f.Properties["short"]}, Geometry: g})
	}
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("%d features, %d polygons, %d → %d points, %d bytes\n", len(res.Features), polys, pointsIn, pointsOut, len(b))
	return nil
}

// simplifyRing simplifies a closed ring, keeping it closed and at least a
// triangle (4 positions): a ring smaller than the tolerance keeps its
// extreme points instead of vanishing.
func simplifyRing(ring []pt, tol float64, dec int) []pt {
	if len(ring) < 4 {
		return roundAll(ring, dec+1)
	}
	s := douglasPeucker(ring, tol)
	d := dec
	if len(s) < 4 {
		// A tiny island: keep the first point and the two farthest from
		// it, at one more decimal so that they stay distinct.
		s = triangle(ring)
		d = dec + 1
	}
	out := roundAll(s, d)
	// Rounding may merge neighbours; drop repeats but never below a triangle.
	dedup := []pt{out[0]}
	for _, p := range out[1:] {
		if p != dedup[len(dedup)-1] {
			dedup = append(dedup, p)
		}
	}
	if len(dedup) >= 4 && dedup[0] == dedup[len(dedup)-1] {
		return dedup
	}
	out = roundAll(s, 4)
	if out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	return out
}

func triangle(ring []pt) []pt {
	a := ring[0]
	bi, ci := 1, 2
	best := -1.0
	for i := 1; i < len(ring)-1; i++ {
		if d := dist2(a, ring[i]); d > best {
			best, bi = d, i
		}
	}
	best = -1
	for i := 1; i < len(ring)-1; i++ {
		if i == bi {
			continue
		}
		if d := segDist(ring[i], a, ring[bi]); d > best {
			best, ci = d, i
		}
	}
	if ci < bi {
		bi, ci = ci, bi
	}
	return []pt{a, ring[bi], ring[ci], a}
}

func roundAll(ps []pt, dec int) []pt {
	f := math.Pow(10, float64(dec))
	out := make([]pt, len(ps))
	for i, p := range ps {
		out[i] = pt{math.Round(p[0]*f) / f, math.Round(p[1]*f) / f}
	}
	return out
}

func douglasPeucker(ps []pt, tol float64) []pt {
	if len(ps) < 3 {
		return ps
	}
	keep := make([]bool, len(ps))
	keep[0], keep[len(ps)-1] = true, true
	var rec func(lo, hi int)
	rec = func(lo, hi int) {
		if hi <= lo+1 {
			return
		}
		idx, best := -1, tol
		for i := lo + 1; i < hi; i++ {
			if d := segDist(ps[i], ps[lo], ps[hi]); d > best {
				idx, best = i, d
			}
		}
		if idx < 0 {
			return
		}
		keep[idx] = true
		rec(lo, idx)
		rec(idx, hi)
	}
	// A closed ring's ends coincide: split at the point farthest from the
	// start so that the segments are well defined.
	far, fd := 0, -1.0
	for i := range ps {
		if d := dist2(ps[0], ps[i]); d > fd {
			far, fd = i, d
		}
	}
	keep[far] = true
	rec(0, far)
	rec(far, len(ps)-1)
	var out []pt
	for i, p := range ps {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

func dist2(a, b pt) float64 { dx, dy := a[0]-b[0], a[1]-b[1]; return dx*dx + dy*dy }

// segDist is the distance from p to the segment ab.
func segDist(p, a, b pt) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	if l == 0 {
		return math.Sqrt(dist2(p, a))
	}
	t := math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	return math.Sqrt(dist2(p, pt{a[0] + t*dx, a[1] + t*dy}))
}
