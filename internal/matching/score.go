package matching

import (
	"math"
	"slices"

	"nscl/internal/catalog"
)

// The weights of the fit score, in points out of 100. They are the one
// place the ranking's policy is written down; every part is the weight
// times a fraction in [0, 1]:
//
//   - tools: the expert's level (1 practitioner, 2 consultant, 3 lead
//     consultant → 1/3, 2/3, 1) in each tool of the need, weighted by the
//     tool's place in the need's order (RankDecay: the first tool counts 1,
//     the second 1/(1+RankDecay), …), over the sum of those weights;
//   - sector: the expert declares experience in the need's priority
//     industry ("other" for a firm outside the eight);
//   - province: the expert serves the need's province;
//   - capacity: free places (capacity − active engagements), FreeFull of
//     them or more count 1. Experts with no free place are left out of the
//     ranking (and counted: "n experts at full capacity");
//   - rating: the average enterprise rating shrunk toward PriorRating with
//     the weight of PriorWeight ratings (a Bayesian average), so that one
//     rating of 5 (3.75) does not beat forty of 4.8 (4.66); scaled from 1–5;
//   - experience: completed engagements, ExperienceFull or more count 1.
//
// Conflicts of interest are not a part: an expert whose organisation is the
// enterprise, or who declared a relation with it, is left out and counted.
// Earlier or current engagements with the enterprise are not a conflict.
const (
	WeightTools      = 40.0
	WeightSector     = 15.0
	WeightProvince   = 15.0
	WeightCapacity   = 10.0
	WeightRating     = 12.0
	WeightExperience = 8.0

	RankDecay      = 0.5
	FreeFull       = 3
	PriorRating    = 3.5
	PriorWeight    = 5.0
	ExperienceFull = 20
	// MaxLevel is the highest expertise level.
	MaxLevel = 3
)

// Profile is what the ranking reads of an expert who may be matched
// (status active, consent to matching).
type Profile struct {
	ID           ExpertID
	Organisation OrganisationID // for conflicts of interest, even when not public
	// OrgPublic: the expert made the organisation public; only then is the
	// expert counted in (and may name) the organisation's ranking.
	OrgPublic   bool
	Tools       map[catalog.ToolCode]int // level per tool
	Sectors     []string
	Provinces   []string
	Capacity    int
	Active      int
	Completed   int
	RatingSum   int
	RatingCount int
	pos         int32 // in the index
}

// publicOrg is the organisation the expert made public, 0 if none.
func (p *Profile) publicOrg() OrganisationID {
	if !p.OrgPublic {
		return 0
	}
	return p.Organisation
}

// Parts is a fit score broken into its parts, each in points.
type Parts struct {
	Tools      float64 `json:"tools"`
	Sector     float64 `json:"sector"`
	Province   float64 `json:"province"`
	Capacity   float64 `json:"capacity"`
	Rating     float64 `json:"rating"`
	Experience float64 `json:"experience"`
}

// Total is the sum of the parts, out of 100.
func (p Parts) Total() float64 {
	return p.Tools + p.Sector + p.Province + p.Capacity + p.Rating + p.Experience
}

// Query is a need as the ranking sees it.
type Query struct {
	Tools        []catalog.ToolCode // by priority
	Industry     string             // "" for a firm outside the priority industries
	ProvinceCode string
}

// sector is the expert_sectors value of the need's industry.
func (q Query) sector() string {
	if q.Industry == "" {
		return "other"
	}
	return q.Industry
}

// RankWeight is the weight of the i-th (0-based) tool of a need.
func RankWeight(i int) float64 { return 1 / (1 + RankDecay*float64(i)) }

// BayesRating is the average rating shrunk toward the prior.
func BayesRating(sum, count int) float64 {
	return (PriorRating*PriorWeight + float64(sum)) / (PriorWeight + float64(count))
}

// Free is the expert's free places.
func (p *Profile) Free() int { return p.Capacity - p.Active }

// Score returns the fit of expert p for q. An expert with none of the
// need's tools scores 0 for tools but is scored all the same.
func Score(q Query, p *Profile) Parts {
	var num, den float64
	for i, t := range q.Tools {
		w := RankWeight(i)
		den += w
		num += w * float64(min(p.Tools[t], MaxLevel)) / MaxLevel
	}
	frac := 0.0
	if den > 0 {
		frac = num / den
	}
	return partsOf(frac, slices.Contains(p.Sectors, q.sector()), slices.Contains(p.Provinces, q.ProvinceCode), p)
}

// partsOf computes the parts from the tools fraction and the two matches
// (Score and the index's fast path share it).
func partsOf(toolFrac float64, sector, province bool, p *Profile) Parts {
	var parts Parts
	parts.Tools = WeightTools * toolFrac
	if sector {
		parts.Sector = WeightSector
	}
	if province {
		parts.Province = WeightProvince
	}
	parts.Capacity = WeightCapacity * float64(min(max(p.Free(), 0), FreeFull)) / FreeFull
	parts.Rating = WeightRating * (BayesRating(p.RatingSum, p.RatingCount) - 1) / 4
	parts.Experience = WeightExperience * float64(min(p.Completed, ExperienceFull)) / ExperienceFull
	return round(parts)
}

// round keeps one decimal per part, so that the parts shown add up to the
// total shown.
func round(p Parts) Parts {
	r := func(v float64) float64 { return math.Round(v*10) / 10 }
	return Parts{r(p.Tools), r(p.Sector), r(p.Province), r(p.Capacity), r(p.Rating), r(p.Experience)}
}

// Conflicts are what makes an expert conflicted for one enterprise.
type Conflicts struct {
	Organisations map[OrganisationID]bool // organisations that are the enterprise
	Experts       map[ExpertID]bool       // experts who declared a relation with it
}

// Has reports whether p is conflicted.
func (c Conflicts) Has(p *Profile) bool {
	return (len(c.Experts) > 0 && c.Experts[p.ID]) || (p.Organisation != 0 && len(c.Organisations) > 0 && c.Organisations[p.Organisation])
}

// Scored is one ranked expert (before names are read).
type Scored struct {
	ID           ExpertID
	Organisation OrganisationID
	Parts        Parts
	Total        float64
	Levels       map[catalog.ToolCode]int // the expert's levels in the need's tools
	Free         int
	profile      *Profile
}

// Ranking is the result of Rank before names are read.
type Ranking struct {
	Experts       []Scored // best first, at most the limit
	Organisations []ScoredOrg
	Candidates    int // experts with at least one of the need's tools
	Conflicted    int // left out for conflict of interest
	Full          int // left out for having no free place
}

// ScoredOrg is an organisation ranked by its best member.
type ScoredOrg struct {
	ID      OrganisationID
	Best    float64  // best member's total
	BestID  ExpertID // that member
	Members int      // members among the candidates (not conflicted, not full)
}

// better orders scored experts: total, then the tools part, then id.
func better(a, b *Scored) bool {
	if a.Total != b.Total {
		return a.Total > b.Total
	}
	if a.Parts.Tools != b.Parts.Tools {
		return a.Parts.Tools > b.Parts.Tools
	}
	return a.ID < b.ID
}

// Rank scores the candidates (experts with at least one of q's tools) and
// returns the best limit experts and organisations. Conflicted and full
// experts are left out and counted.
func Rank(q Query, candidates []*Profile, c Conflicts, limit int) Ranking {
	limit = max(limit, 1)
	return rankWith(candidates, c, limit, q.Tools, func(p *Profile) Parts { return Score(q, p) })
}

// rankWith is Rank with the scoring function given (the index scores
// from its own arrays).
func rankWith(candidates []*Profile, c Conflicts, limit int, tools []catalog.ToolCode, score func(p *Profile) Parts) Ranking {
	var r Ranking
	r.Candidates = len(candidates)
	top := make([]Scored, 0, limit+1)
	orgs := map[OrganisationID]*ScoredOrg{}
	for _, p := range candidates {
		if c.Has(p) {
			r.Conflicted++
			continue
		}
		if p.Free() <= 0 {
			r.Full++
			continue
		}
		parts := score(p)
		s := Scored{ID: p.ID, Organisation: p.publicOrg(), Parts: parts, Total: totalOf(parts), Free: p.Free(), profile: p}
		if s.Organisation != 0 {
			o := orgs[s.Organisation]
			if o == nil {
				o = &ScoredOrg{ID: s.Organisation}
				orgs[s.Organisation] = o
			}
			o.Members++
			if o.BestID == 0 || s.Total > o.Best || (s.Total == o.Best && s.ID < o.BestID) {
				o.Best, o.BestID = s.Total, s.ID
			}
		}
		top = insertTop(top, s, limit)
	}
	r.Experts = withLevels(top, tools)
	for _, o := range orgs {
		r.Organisations = append(r.Organisations, *o)
	}
	r.Organisations = sortOrgs(r.Organisations, limit)
	return r
}

// insertTop inserts s into top (best first) if it is among the best limit.
func insertTop(top []Scored, s Scored, limit int) []Scored {
	if len(top) == limit && !better(&s, &top[limit-1]) {
		return top
	}
	i, _ := slices.BinarySearchFunc(top, s, func(a, b Scored) int {
		if better(&a, &b) {
			return -1
		}
		return 1
	})
	top = slices.Insert(top, i, s)
	if len(top) > limit {
		top = top[:limit]
	}
	return top
}

// withLevels fills the levels of the ranked experts in the need's tools.
func withLevels(top []Scored, tools []catalog.ToolCode) []Scored {
	for i := range top {
		p := top[i].profile
		top[i].Levels = map[catalog.ToolCode]int{}
		for _, t := range tools {
			if l := p.Tools[t]; l > 0 {
				top[i].Levels[t] = l
			}
		}
	}
	return top
}

// sortOrgs orders organisations by best member, then members, then id,
// and keeps limit.
func sortOrgs(os []ScoredOrg, limit int) []ScoredOrg {
	slices.SortFunc(os, func(a, b ScoredOrg) int {
		switch {
		case a.Best != b.Best:
			if a.Best > b.Best {
				return -1
			}
			return 1
		case a.Members != b.Members:
			return b.Members - a.Members
		}
		return int(a.ID - b.ID)
	})
	if len(os) > limit {
		os = os[:limit]
	}
	return os
}

// totalOf is the total of parts as ranked and shown: one decimal.
func totalOf(p Parts) float64 { return math.Round(p.Total()*10) / 10 }
