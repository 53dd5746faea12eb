package matching

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"nscl/internal/catalog"
)

// BenchmarkIndex_Rank is the in-memory part of a ranking (no database): a
// need of four common tools over 50,000 profiles with 1–6 tools each.
func BenchmarkIndex_Rank(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	tools := catalog.BuiltinTools
	secs := []string{"textiles", "leather", "plastics", "steel", "chemicals", "mechanical", "energy", "electronics", "other"}
	provs := []string{"01", "79", "31", "48", "75", "92", "22", "04", "08", "11", "12", "14", "15", "19", "20", "24"}
	ps := make([]*Profile, 50_000)
	for i := range ps {
		p := &Profile{ID: ExpertID(i + 1), Tools: map[catalog.ToolCode]int{}, Capacity: 1 + rng.IntN(5), Completed: rng.IntN(20)}
		for range 1 + rng.IntN(6) {
			// The first tools of the catalogue (5S, Kaizen, 7 QC, QCC, Lean) are the common ones.
			t := tools[min(rng.IntN(len(tools)), rng.IntN(len(tools)))]
			p.Tools[t] = 1 + rng.IntN(3)
		}
		p.Sectors = []string{secs[rng.IntN(len(secs))]}
		p.Provinces = []string{provs[rng.IntN(len(provs))]}
		ps[i] = p
	}
	var x index
	x.build(ps)
	q := Query{Tools: []catalog.ToolCode{"5s", "kaizen", "qc7", "lean"}, Industry: "plastics", ProvinceCode: "79"}
	c := Conflicts{Experts: map[ExpertID]bool{10: true}, Organisations: map[OrganisationID]bool{}}
	var lat []time.Duration
	for b.Loop() {
		s := time.Now()
		r := x.rank(q, c, 20)
		lat = append(lat, time.Since(s))
		if len(r.Experts) != 20 {
			b.Fatal("short ranking")
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}
