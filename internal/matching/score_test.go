package matching

import (
	"math/rand/v2"
	"testing"

	"nscl/internal/catalog"
)

func prof(id ExpertID, tools map[catalog.ToolCode]int) *Profile {
	return &Profile{ID: id, Tools: tools, Capacity: 3, Sectors: []string{"plastics"}, Provinces: []string{"79"}}
}

func TestScore_Parts(t *testing.T) {
	q := Query{Tools: []catalog.ToolCode{"5s", "kaizen"}, Industry: "plastics", ProvinceCode: "79"}
	p := &Profile{ID: 1, Tools: map[catalog.ToolCode]int{"5s": 3, "kaizen": 3}, Sectors: []string{"plastics"}, Provinces: []string{"79"},
		Capacity: 5, Active: 1, Completed: 40, RatingSum: 200, RatingCount: 40}
	got := Score(q, p)
	want := Parts{Tools: 40, Sector: 15, Province: 15, Capacity: 10, Rating: 12 * (BayesRating(200, 40) - 1) / 4, Experience: 8}
	want = round(want)
	if got != want {
		t.Fatalf("Score = %+v, want %+v", got, want)
	}
	// Only the second tool, level 1; other province, other industry, one
	// free place, no record.
	p2 := &Profile{ID: 2, Tools: map[catalog.ToolCode]int{"kaizen": 1}, Sectors: []string{"steel"}, Provinces: []string{"01"}, Capacity: 1}
	got = Score(q, p2)
	w2 := RankWeight(1)
	if want := round(Parts{Tools: 40 * (w2 / 3) / (1 + w2), Capacity: 10.0 / 3, Rating: 12 * (PriorRating - 1) / 4}); got != want {
		t.Fatalf("Score(second tool only) = %+v, want %+v", got, want)
	}
	// The first tool weighs more than the second.
	a := Score(q, &Profile{Tools: map[catalog.ToolCode]int{"5s": 2}, Capacity: 1})
	b := Score(q, &Profile{Tools: map[catalog.ToolCode]int{"kaizen": 2}, Capacity: 1})
	if a.Tools <= b.Tools {
		t.Fatalf("first tool %v, second %v: want first > second", a.Tools, b.Tools)
	}
	// A firm outside the priority industries matches experts of "other".
	if s := Score(Query{Tools: q.Tools}, &Profile{Sectors: []string{"other"}}); s.Sector != WeightSector {
		t.Fatalf("other industry: sector part %v", s.Sector)
	}
}

func TestBayesRating_Prior(t *testing.T) {
	one := BayesRating(5, 1)
	forty := BayesRating(40*48/10, 40)
	if one >= forty {
		t.Fatalf("one rating of 5 = %.2f, forty of 4.8 = %.2f: want the forty to rank higher", one, forty)
	}
	if got := BayesRating(0, 0); got != PriorRating {
		t.Fatalf("no rating = %v, want the prior %v", got, PriorRating)
	}
}

func TestRank_ConflictsCapacityOrder(t *testing.T) {
	q := Query{Tools: []catalog.ToolCode{"5s", "lean"}, Industry: "plastics", ProvinceCode: "79"}
	best := prof(1, map[catalog.ToolCode]int{"5s": 3, "lean": 3})
	best.Organisation, best.OrgPublic = 10, true
	good := prof(2, map[catalog.ToolCode]int{"5s": 3, "lean": 2})
	good.Organisation, good.OrgPublic = 10, true
	related := prof(3, map[catalog.ToolCode]int{"5s": 3, "lean": 3})
	ownOrg := prof(4, map[catalog.ToolCode]int{"5s": 3, "lean": 3})
	ownOrg.Organisation = 20
	full := prof(5, map[catalog.ToolCode]int{"5s": 3, "lean": 3})
	full.Active = full.Capacity
	newcomer := prof(6, map[catalog.ToolCode]int{"5s": 3, "lean": 3})
	newcomer.RatingSum, newcomer.RatingCount, newcomer.Completed = 5, 1, 1
	veteran := prof(7, map[catalog.ToolCode]int{"5s": 3, "lean": 3})
	veteran.RatingSum, veteran.RatingCount, veteran.Completed = 192, 40, 1
	c := Conflicts{Organisations: map[OrganisationID]bool{20: true}, Experts: map[ExpertID]bool{3: true}}
	r := Rank(q, []*Profile{good, best, related, ownOrg, full, newcomer, veteran}, c, 10)
	if r.Conflicted != 2 || r.Full != 1 || r.Candidates != 7 {
		t.Fatalf("conflicted %d, full %d, candidates %d; want 2, 1, 7", r.Conflicted, r.Full, r.Candidates)
	}
	var ids []ExpertID
	for _, e := range r.Experts {
		ids = append(ids, e.ID)
		if e.Total != float64(int(e.Parts.Total()*10+0.5))/10 {
			t.Fatalf("expert %d: total %v is not the sum of its parts %+v", e.ID, e.Total, e.Parts)
		}
	}
	want := []ExpertID{7, 6, 1, 2}
	if len(ids) != len(want) {
		t.Fatalf("ranked %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ranked %v, want %v (the veteran before the one-rating newcomer)", ids, want)
		}
	}
	if len(r.Organisations) != 1 || r.Organisations[0].ID != 10 || r.Organisations[0].BestID != 1 || r.Organisations[0].Members != 2 {
		t.Fatalf("organisations %+v, want org 10 with best member 1 and 2 members", r.Organisations)
	}
	if got := Rank(q, []*Profile{good, best, newcomer, veteran}, Conflicts{}, 2); len(got.Experts) != 2 || got.Experts[0].ID != 7 {
		t.Fatalf("limit 2: %+v", got.Experts)
	}
}

// TestIndex_RankSameAsScore checks that the index's fast path gives the
// parts and order of Score.
func TestIndex_RankSameAsScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tools := []catalog.ToolCode{"5s", "kaizen", "lean", "qc7", "tpm", "iso9001"}
	secs := []string{"plastics", "steel", "other", "textiles"}
	provs := []string{"01", "79", "31", "48"}
	var ps []*Profile
	for i := range 2000 {
		p := &Profile{ID: ExpertID(i + 1), Tools: map[catalog.ToolCode]int{}, Capacity: 1 + rng.IntN(4), Completed: rng.IntN(30)}
		p.Active = rng.IntN(p.Capacity + 1)
		p.RatingCount = rng.IntN(10)
		p.RatingSum = p.RatingCount * (1 + rng.IntN(5))
		for range 1 + rng.IntN(3) {
			p.Tools[tools[rng.IntN(len(tools))]] = 1 + rng.IntN(3)
		}
		p.Sectors = []string{secs[rng.IntN(len(secs))]}
		p.Provinces = []string{provs[rng.IntN(len(provs))], provs[rng.IntN(len(provs))]}
		if rng.IntN(3) > 0 {
			p.Organisation = OrganisationID(1 + rng.IntN(60))
			p.OrgPublic = rng.IntN(4) > 0 // some members keep their organisation private
		}
		ps = append(ps, p)
	}
	var x index
	x.build(ps)
	for _, q := range []Query{{Tools: tools[:3], Industry: "plastics", ProvinceCode: "79"}, {Tools: []catalog.ToolCode{"tpm"}, ProvinceCode: "01"},
		{Tools: []catalog.ToolCode{"iso9001", "5s"}, Industry: "steel", ProvinceCode: "99"}} {
		c := Conflicts{Experts: map[ExpertID]bool{5: true, 9: true}, Organisations: map[OrganisationID]bool{7: true}}
		x.rank(q, c, 50) // twice: the pooled buffers must come back clean
		fast := x.rank(q, c, 50)
		slow := Rank(q, x.candidates(q.Tools), c, 50)
		if fast.Candidates != slow.Candidates || fast.Conflicted != slow.Conflicted || fast.Full != slow.Full || len(fast.Experts) != len(slow.Experts) {
			t.Fatalf("%+v: fast %d/%d/%d/%d, slow %d/%d/%d/%d", q, fast.Candidates, fast.Conflicted, fast.Full, len(fast.Experts),
				slow.Candidates, slow.Conflicted, slow.Full, len(slow.Experts))
		}
		for i := range fast.Experts {
			f, s := fast.Experts[i], slow.Experts[i]
			if f.ID != s.ID || f.Organisation != s.Organisation || f.Parts != s.Parts || f.Total != s.Total || f.Free != s.Free || len(f.Levels) != len(s.Levels) {
				t.Fatalf("%+v #%d: fast %+v, slow %+v", q, i, f, s)
			}
		}
		if len(fast.Organisations) != len(slow.Organisations) || len(fast.Organisations) == 0 {
			t.Fatalf("%+v: %d organisations fast, %d slow", q, len(fast.Organisations), len(slow.Organisations))
		}
		for i := range fast.Organisations {
			if fast.Organisations[i] != slow.Organisations[i] {
				t.Fatalf("%+v org #%d: fast %+v, slow %+v", q, i, fast.Organisations[i], slow.Organisations[i])
			}
		}
	}
}
