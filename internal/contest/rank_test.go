package contest

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-3 }

var rankCriteria = []Criterion{{Code: "A", MaxPoints: 60, TieBreak: 1}, {Code: "B", MaxPoints: 40}}

// TestRank_NormalisesLeniency is worked by hand: J1 (lenient) scores E1
// 90 and E2 70 (μ 80, σ 10), J2 (harsh) scores E3 50 and E2 30 (μ 40,
// σ 10); overall M 60, S √500 ≈ 22.3607. Normalised: E1 and E3
// 60 + 22.3607 = 82.3607, E2 60 − 22.3607 = 37.6393. E1 and E3 tie on the
// final score: criterion A breaks it (E3 35 + 32.3607·0.6 = 54.4164,
// E1 54 − 7.6393·0.6 = 49.4164). Raw: E1 90 first, E2 and E3 tie on 50,
// A breaks it (E3 35, E2 30).
func TestRank_NormalisesLeniency(t *testing.T) {
	cats := []Category{{ID: 1, Awards: []AwardTier{{Name: "Vàng", Count: 1, MinScore: 80}, {Name: "Bạc", Count: 1, MinScore: 50}}}}
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	es := []RankEntry{
		{ID: 1, CategoryID: 1, SubmittedAt: day, Sheets: []RankSheet{{JudgeID: 1, Scores: []float64{54, 36}}}},
		{ID: 2, CategoryID: 1, SubmittedAt: day, Sheets: []RankSheet{{JudgeID: 1, Scores: []float64{40, 30}}, {JudgeID: 2, Scores: []float64{20, 10}}}},
		{ID: 3, CategoryID: 1, SubmittedAt: day, Sheets: []RankSheet{{JudgeID: 2, Scores: []float64{35, 15}}}},
	}
	r := Rank(rankCriteria, cats, es)
	if !near(r.Mean, 60) || !near(r.SD, math.Sqrt(500)) {
		t.Fatalf("overall %v ± %v", r.Mean, r.SD)
	}
	want := []struct {
		id                 EntryID
		raw, norm          float64
		rawRank, rank, chg int
		award              string
	}{
		{3, 50, 82.3607, 2, 1, 1, "Vàng"},
		{1, 90, 82.3607, 1, 2, -1, "Bạc"},
		{2, 50, 37.6393, 3, 3, 0, ""},
	}
	for i, w := range want {
		g := r.Entries[i]
		if g.ID != w.id || !near(g.Raw, w.raw) || !near(g.Normalised, w.norm) || !near(g.Final, w.norm) || g.RawRank != w.rawRank ||
			g.Rank != w.rank || g.RankChange() != w.chg || g.Award != w.award {
			t.Errorf("entry %d: got %+v, want %+v", i, g, w)
		}
	}
	if !near(r.Entries[0].Criteria[0], 54.4164) || !near(r.Entries[1].Criteria[0], 49.4164) {
		t.Errorf("criterion A: %v %v", r.Entries[0].Criteria, r.Entries[1].Criteria)
	}
	if len(r.Judges) != 2 || !near(r.Judges[0].Points, 20) || !near(r.Judges[0].SDUnits, 20/math.Sqrt(500)) ||
		!near(r.Judges[1].Points, -20) || !near(r.Judges[0].ConsensusPoints, 20) || !near(r.Judges[1].ConsensusPoints, -20) {
		t.Errorf("leniency %+v", r.Judges)
	}
}

// TestRank_TiesAndConsensus: one judge gives the same scores (σ 0, so
// z 0 and both normalise to the mean 40): they share rank 1 and the gold
// tier; a third entry with the same scores submitted later ranks 3rd
// (the earlier submission breaks the tie) and still receives the silver.
// A consensus of 30 on A for entry 2 makes its final 30 + 20 = 50, first.
func TestRank_TiesAndConsensus(t *testing.T) {
	cats := []Category{{ID: 7, Awards: []AwardTier{{Name: "Vàng", Count: 1}, {Name: "Bạc", Count: 1}}}}
	d1 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	sheet := []RankSheet{{JudgeID: 9, Scores: []float64{20, 20}}}
	es := []RankEntry{
		{ID: 1, CategoryID: 7, SubmittedAt: d1, Sheets: sheet},
		{ID: 2, CategoryID: 7, SubmittedAt: d1, Sheets: sheet},
		{ID: 3, CategoryID: 7, SubmittedAt: d1.Add(time.Hour), Sheets: sheet},
		{ID: 4, CategoryID: 7},
	}
	r := Rank(rankCriteria, cats, es)
	got := []int{r.Entries[0].Rank, r.Entries[1].Rank, r.Entries[2].Rank, r.Entries[3].Rank}
	if got[0] != 1 || got[1] != 1 || got[2] != 3 || got[3] != 0 || r.Entries[3].ID != 4 {
		t.Fatalf("ranks %v", got)
	}
	if r.Entries[0].Award != "Vàng" || r.Entries[1].Award != "Vàng" || r.Entries[2].Award != "Bạc" || r.Entries[3].AwardTier != -1 {
		t.Errorf("awards %+v", r.Entries)
	}
	if !near(r.Entries[0].Normalised, 40) {
		t.Errorf("σ 0 normalised %v", r.Entries[0].Normalised)
	}
	es[1].Consensus = []float64{30, math.NaN()}
	r = Rank(rankCriteria, cats, es)
	if r.Entries[0].ID != 2 || !r.Entries[0].Consensus || !near(r.Entries[0].Final, 50) || r.Entries[0].Rank != 1 || r.Entries[1].Rank != 2 {
		t.Fatalf("with consensus %+v", r.Entries[:2])
	}
	if r.Entries[0].Award != "Vàng" || r.Entries[1].Award != "Bạc" || r.Entries[2].Award != "" {
		t.Errorf("awards with consensus %+v", r.Entries)
	}
}

// benchEntries builds n entries × judges sheets × criteria with a pool
// of 200 judges of differing leniency, across 10 categories.
func benchEntries(n, judges, criteria int) ([]Criterion, []Category, []RankEntry) {
	rng := rand.New(rand.NewPCG(1, 2))
	crit := make([]Criterion, criteria)
	for i := range crit {
		crit[i] = Criterion{Code: string(rune('A' + i)), MaxPoints: 50, TieBreak: i % 4}
	}
	cats := make([]Category, 10)
	for i := range cats {
		cats[i] = Category{ID: CategoryID(i + 1), Awards: []AwardTier{{Name: "Vàng", Count: 1, MinScore: 600}, {Name: "Bạc", Count: 3, MinScore: 500}}}
	}
	bias := make([]float64, 200)
	for i := range bias {
		bias[i] = rng.NormFloat64() * 5
	}
	es := make([]RankEntry, n)
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := range es {
		q := 20 + rng.Float64()*20
		e := RankEntry{ID: EntryID(i + 1), CategoryID: CategoryID(i%10 + 1), SubmittedAt: day.Add(time.Duration(i) * time.Minute)}
		for k := 0; k < judges; k++ {
			j := (i*judges + k) % 200
			sc := make([]float64, criteria)
			for c := range sc {
				sc[c] = math.Max(0, math.Min(50, q+bias[j]+rng.NormFloat64()*3))
			}
			e.Sheets = append(e.Sheets, RankSheet{JudgeID: int64(j + 1), Scores: sc})
		}
		es[i] = e
	}
	return crit, cats, es
}

func BenchmarkRank2000x5x20(b *testing.B) {
	crit, cats, es := benchEntries(2000, 5, 20)
	b.ReportAllocs()
	for b.Loop() {
		Rank(crit, cats, es)
	}
}

// BenchmarkRankReferenceSort is the machine's yardstick for
// BenchmarkRank2000x5x20: summing the same 200,000 scores into 10,000
// sheet totals and sorting them.
func BenchmarkRankReferenceSort(b *testing.B) {
	_, _, es := benchEntries(2000, 5, 20)
	totals := make([]float64, 0, 10000)
	for b.Loop() {
		totals = totals[:0]
		for i := range es {
			for _, sh := range es[i].Sheets {
				t := 0.0
				for _, v := range sh.Scores {
					t += v
				}
				totals = append(totals, t)
			}
		}
		sort.Float64s(totals)
	}
}

// A lenient judge's top mark rescaled to the contest's mean and sd may
// exceed the rubric: J1 scores E1 100 and E2–E4 90 (μ 92.5, σ 4.33,
// z(E1) 1.732); J2 scores E5, E7 10 and E6, E8 90. Overall M 71.25,
// S 35.52: unclamped, E1 would get 71.25 + 35.52·1.732 ≈ 132.8 of 100 and
// pass the 95-point award minimum. Every normalised score stays in
// [0, MaxPoints].
func TestRank_NormalisedWithinRubric(t *testing.T) {
	crit := []Criterion{{Code: "A", MaxPoints: 100}}
	cats := []Category{{ID: 1, Awards: []AwardTier{{Name: "Vàng", Count: 1, MinScore: 95}}}}
	sc := func(j int64, v float64) []RankSheet { return []RankSheet{{JudgeID: j, Scores: []float64{v}}} }
	es := []RankEntry{
		{ID: 1, CategoryID: 1, Sheets: sc(1, 100)}, {ID: 2, CategoryID: 1, Sheets: sc(1, 90)},
		{ID: 3, CategoryID: 1, Sheets: sc(1, 90)}, {ID: 4, CategoryID: 1, Sheets: sc(1, 90)},
		{ID: 5, CategoryID: 1, Sheets: sc(2, 10)}, {ID: 6, CategoryID: 1, Sheets: sc(2, 90)},
		{ID: 7, CategoryID: 1, Sheets: sc(2, 10)}, {ID: 8, CategoryID: 1, Sheets: sc(2, 90)},
	}
	r := Rank(crit, cats, es)
	for _, e := range r.Entries {
		for _, v := range []float64{e.Final, e.Normalised, e.Criteria[0]} {
			if v > 100 || v < 0 {
				t.Errorf("entry %d: final %.2f, normalised %.2f, criterion A %.2f — outside the rubric's 0–100", e.ID, e.Final, e.Normalised, e.Criteria[0])
				break
			}
		}
		if e.ID == 1 && (e.Final != 100 || e.Rank != 1) {
			t.Errorf("entry 1: final %.2f rank %d, want 100 (clamped) and first", e.Final, e.Rank)
		}
		if e.ID == 5 && e.Final < 0 {
			t.Errorf("entry 5: final %.2f below 0", e.Final)
		}
	}
}
