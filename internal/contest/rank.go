package contest

import (
	"math"
	"sort"
	"time"
)

// The ranking and the normalisation of a contest's scores: pure functions
// of the scores, stdlib only, so that the results can be recomputed and
// checked by hand.
//
// Normalisation: for each judge j, the z-score of each total they gave,
// z = (x − μ_j) / σ_j over every entry they scored (σ_j = 0 gives z = 0),
// rescaled to the contest's overall mean M and standard deviation S of the
// raw totals: n = M + S·z, so normalised scores are in points. An entry's
// normalised score is the mean of its judges' normalised scores.
// Normalised scores stay within the rubric: each sheet's normalised total
// is clamped to [0, the rubric's total points] and each normalised
// criterion score to [0, the criterion's MaxPoints] (a lenient judge's
// top mark rescaled could otherwise exceed the rubric, e.g. 132.75 of
// 100); the final total is clamped to [0, total points] likewise. After
// clamping, the criterion scores of an entry without consensus may not
// add up exactly to its normalised total, which is the one ranked.
//
// Final score: per criterion, the consensus score where the organiser
// recorded one, else the mean of the judges' criterion scores, each
// shifted by its sheet's normalisation (n − x) in proportion to the
// criterion's points; without consensus it equals the normalised score.
//
// Ranking, per category: final score descending, then the tie-break
// criteria (TieBreak 1 first) descending, then the earlier submission;
// entries still equal share the rank (1, 2, 2, 4). Awards: the tiers in
// order, Count entries each at most, each entry needing the tier's
// MinScore; an entry tied (same rank) with the last one awarded a tier
// receives the same tier.

// RankSheet is one judge's submitted scores of one entry, per criterion in
// the rubric's order.
type RankSheet struct {
	JudgeID int64
	Scores  []float64
}

// RankEntry is one judged entry, as the ranking reads it.
type RankEntry struct {
	ID          EntryID
	CategoryID  CategoryID
	SubmittedAt time.Time
	Sheets      []RankSheet
	// Consensus holds the organiser's consensus score per criterion (in
	// the rubric's order), NaN where none was recorded; nil for none.
	Consensus []float64
}

// Ranked is one entry's result.
type Ranked struct {
	ID         EntryID    `json:"entry_id"`
	CategoryID CategoryID `json:"category_id"`
	Judges     int        `json:"judges"`
	Raw        float64    `json:"raw"`        // mean of the judges' raw totals
	Normalised float64    `json:"normalised"` // mean of their normalised totals
	Final      float64    `json:"final"`      // consensus where recorded, else normalised
	Criteria   []float64  `json:"criteria"`   // the final score per criterion
	Consensus  bool       `json:"consensus"`  // a consensus score was recorded
	RawRank    int        `json:"raw_rank"`   // rank on the raw scores, in the category
	Rank       int        `json:"rank"`       // rank on the final scores, in the category; 0 unranked (no scores)
	AwardTier  int        `json:"award_tier"` // index in the category's tiers, −1 none
	Award      string     `json:"award"`
	rawCrit    []float64
	submitted  time.Time
}

// RankChange is how many places normalisation moved the entry: positive
// is up.
func (r *Ranked) RankChange() int {
	if r.Rank == 0 {
		return 0
	}
	return r.RawRank - r.Rank
}

// Leniency is one judge's leniency: how far their totals lie from the
// contest's, per round.
type Leniency struct {
	JudgeID int64   `json:"judge_id"`
	Entries int     `json:"entries"`
	Mean    float64 `json:"mean"` // mean of their raw totals
	SD      float64 `json:"sd"`   // standard deviation of their raw totals
	// Independent round: their mean raw total minus the overall mean, in
	// points and in units of the overall standard deviation.
	Points  float64 `json:"points"`
	SDUnits float64 `json:"sd_units"`
	// Consensus round: the mean of their raw total minus the entry's final
	// score, over the entries they scored, in points and SD units.
	ConsensusPoints  float64 `json:"consensus_points"`
	ConsensusSDUnits float64 `json:"consensus_sd_units"`
}

// Ranking is the outcome of Rank.
type Ranking struct {
	Mean    float64    `json:"mean"` // overall mean of the raw totals
	SD      float64    `json:"sd"`   // their standard deviation
	Entries []Ranked   `json:"entries"`
	Judges  []Leniency `json:"judges"` // by judge id
}

// Rank normalises, ranks and awards entries scored on criteria, within
// categories (their award tiers). Entries are returned by category (in
// categories' order, unknown ones last), then rank; entries without any
// sheet come last in their category with Rank 0.
func Rank(criteria []Criterion, categories []Category, entries []RankEntry) *Ranking {
	nc := len(criteria)
	maxPoints := 0.0
	for _, c := range criteria {
		maxPoints += c.MaxPoints
	}
	// Per-judge statistics of the raw totals, and the overall ones.
	type acc struct {
		n          int
		sum, sumSq float64
		devSum     float64
	}
	judges := map[int64]*acc{}
	var all acc
	totals := make([][]float64, len(entries))
	for i := range entries {
		sh := entries[i].Sheets
		totals[i] = make([]float64, len(sh))
		for k := range sh {
			t := 0.0
			for _, v := range sh[k].Scores {
				t += v
			}
			totals[i][k] = t
			a := judges[sh[k].JudgeID]
			if a == nil {
				a = &acc{}
				judges[sh[k].JudgeID] = a
			}
			a.n++
			a.sum += t
			a.sumSq += t * t
			all.n++
			all.sum += t
			all.sumSq += t * t
		}
	}
	mean, sd := stats(all.n, all.sum, all.sumSq)
	type js struct{ mean, sd float64 }
	jstat := make(map[int64]js, len(judges))
	for id, a := range judges {
		m, s := stats(a.n, a.sum, a.sumSq)
		jstat[id] = js{m, s}
	}

	out := &Ranking{Mean: mean, SD: sd, Entries: make([]Ranked, len(entries))}
	for i := range entries {
		e := &entries[i]
		r := &out.Entries[i]
		r.ID, r.CategoryID, r.Judges, r.submitted, r.AwardTier = e.ID, e.CategoryID, len(e.Sheets), e.SubmittedAt, -1
		r.Criteria = make([]float64, nc)
		r.rawCrit = make([]float64, nc)
		if len(e.Sheets) == 0 {
			continue
		}
		var rawSum, normSum float64
		for k := range e.Sheets {
			x := totals[i][k]
			st := jstat[e.Sheets[k].JudgeID]
			z := 0.0
			if st.sd > 0 {
				z = (x - st.mean) / st.sd
			}
			n := mean + sd*z
			if maxPoints > 0 {
				n = clamp(n, maxPoints)
			}
			rawSum += x
			normSum += n
			shift := n - x
			for c := 0; c < nc && c < len(e.Sheets[k].Scores); c++ {
				v := e.Sheets[k].Scores[c]
				r.rawCrit[c] += v
				w := 0.0
				if maxPoints > 0 {
					w = criteria[c].MaxPoints / maxPoints
				}
				nv := v + shift*w
				if criteria[c].MaxPoints > 0 {
					nv = clamp(nv, criteria[c].MaxPoints)
				}
				r.Criteria[c] += nv
			}
		}
		nj := float64(len(e.Sheets))
		r.Raw, r.Normalised = rawSum/nj, normSum/nj
		final := 0.0
		for c := 0; c < nc; c++ {
			r.rawCrit[c] /= nj
			r.Criteria[c] /= nj
			if c < len(e.Consensus) && !math.IsNaN(e.Consensus[c]) {
				r.Criteria[c] = e.Consensus[c]
				r.Consensus = true
			}
			final += r.Criteria[c]
		}
		r.Final = final
		if !r.Consensus {
			r.Final = r.Normalised
		}
		if maxPoints > 0 {
			r.Final = clamp(r.Final, maxPoints)
		}
	}

	// Leniency, both rounds.
	for i := range entries {
		for k, sh := range entries[i].Sheets {
			judges[sh.JudgeID].devSum += totals[i][k] - out.Entries[i].Final
		}
	}
	for id, a := range judges {
		st := jstat[id]
		l := Leniency{JudgeID: id, Entries: a.n, Mean: st.mean, SD: st.sd, Points: st.mean - mean,
			ConsensusPoints: a.devSum / float64(a.n)}
		if sd > 0 {
			l.SDUnits, l.ConsensusSDUnits = l.Points/sd, l.ConsensusPoints/sd
		}
		out.Judges = append(out.Judges, l)
	}
	sort.Slice(out.Judges, func(i, j int) bool { return out.Judges[i].JudgeID < out.Judges[j].JudgeID })

	// Tie-break order: criterion indexes by TieBreak.
	var tb []int
	for c := range criteria {
		if criteria[c].TieBreak > 0 {
			tb = append(tb, c)
		}
	}
	sort.SliceStable(tb, func(i, j int) bool { return criteria[tb[i]].TieBreak < criteria[tb[j]].TieBreak })

	catPos := make(map[CategoryID]int, len(categories))
	for i, c := range categories {
		catPos[c.ID] = i
	}
	pos := func(id CategoryID) int {
		if p, ok := catPos[id]; ok {
			return p
		}
		return len(categories)
	}
	// Raw ranks, then final ranks (the returned order).
	rankBy(out.Entries, pos, tb, func(r *Ranked) (float64, []float64) { return r.Raw, r.rawCrit }, func(r *Ranked) *int { return &r.RawRank })
	rankBy(out.Entries, pos, tb, func(r *Ranked) (float64, []float64) { return r.Final, r.Criteria }, func(r *Ranked) *int { return &r.Rank })

	// Awards.
	for i := 0; i < len(out.Entries); {
		j := i
		for j < len(out.Entries) && out.Entries[j].CategoryID == out.Entries[i].CategoryID {
			j++
		}
		if p := pos(out.Entries[i].CategoryID); p < len(categories) {
			award(out.Entries[i:j], categories[p].Awards)
		}
		i = j
	}
	return out
}

// clamp bounds v to [0, hi].
func clamp(v, hi float64) float64 {
	return math.Max(0, math.Min(v, hi))
}

// stats returns the mean and the population standard deviation.
func stats(n int, sum, sumSq float64) (float64, float64) {
	if n == 0 {
		return 0, 0
	}
	m := sum / float64(n)
	v := sumSq/float64(n) - m*m
	if v < 1e-12 {
		return m, 0
	}
	return m, math.Sqrt(v)
}

// rankBy sorts rs by category, then by key with the tie-breaks, and sets
// each one's rank in its category (unscored entries get 0, last).
func rankBy(rs []Ranked, pos func(CategoryID) int, tb []int, key func(*Ranked) (float64, []float64), rank func(*Ranked) *int) {
	const eps = 1e-9
	// cmp: <0 when a ranks before b; 0 when they share the rank.
	cmp := func(a, b *Ranked) int {
		if (a.Judges == 0) != (b.Judges == 0) {
			if a.Judges == 0 {
				return 1
			}
			return -1
		}
		ka, ca := key(a)
		kb, cb := key(b)
		if d := ka - kb; math.Abs(d) > eps {
			if d > 0 {
				return -1
			}
			return 1
		}
		for _, c := range tb {
			if d := ca[c] - cb[c]; math.Abs(d) > eps {
				if d > 0 {
					return -1
				}
				return 1
			}
		}
		if !a.submitted.Equal(b.submitted) {
			if a.submitted.IsZero() {
				return 1
			}
			if b.submitted.IsZero() || a.submitted.Before(b.submitted) {
				return -1
			}
			return 1
		}
		return 0
	}
	sort.SliceStable(rs, func(i, j int) bool {
		pi, pj := pos(rs[i].CategoryID), pos(rs[j].CategoryID)
		if pi != pj {
			return pi < pj
		}
		if rs[i].CategoryID != rs[j].CategoryID {
			return rs[i].CategoryID < rs[j].CategoryID
		}
		if c := cmp(&rs[i], &rs[j]); c != 0 {
			return c < 0
		}
		return rs[i].ID < rs[j].ID
	})
	n := 0
	for i := range rs {
		if i == 0 || rs[i].CategoryID != rs[i-1].CategoryID {
			n = 0
		}
		n++
		switch {
		case rs[i].Judges == 0:
			*rank(&rs[i]) = 0
		case n > 1 && cmp(&rs[i], &rs[i-1]) == 0:
			*rank(&rs[i]) = *rank(&rs[i-1])
		default:
			*rank(&rs[i]) = n
		}
	}
}

// award gives a category's ranked entries their tiers.
func award(rs []Ranked, tiers []AwardTier) {
	used := make([]int, len(tiers))
	t := 0
	for i := range rs {
		r := &rs[i]
		if r.Rank == 0 {
			continue
		}
		if i > 0 && rs[i-1].AwardTier >= 0 && rs[i-1].Rank == r.Rank && r.Final+1e-9 >= tiers[rs[i-1].AwardTier].MinScore {
			r.AwardTier, r.Award = rs[i-1].AwardTier, rs[i-1].Award
			used[r.AwardTier]++
			continue
		}
		for t < len(tiers) && (used[t] >= tiers[t].Count || r.Final+1e-9 < tiers[t].MinScore) {
			t++
		}
		if t == len(tiers) {
			break
		}
		r.AwardTier, r.Award = t, tiers[t].Name
		used[t]++
	}
}
