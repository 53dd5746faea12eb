package main

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/diagnosis"
	"nscl/internal/registry"
)

// The self-diagnosis demo: submitted diagnoses of this year and last year
// for enterprises picked by peer group (sector and size class), so that
// every diagnosed firm has at least five diagnosed peers; the demo
// enterprise user's firm (doanhnghiep@nscl.demo) with submitted diagnoses
// of the two previous years (its last result shows the comparison) and a
// half-answered draft this year to continue; a draft for another firm.

// diagnosisSizes returns how many enterprises get diagnoses this year and
// how many enterprises are read to pick them from.
func diagnosisSizes(scale demo.Scale) (diagnosed, pool int) {
	if scale == demo.National {
		return 20_000, 80_000
	}
	return 420, 2_000
}

// diagGen makes plausible answers: a firm's maturity, with each dimension
// and question scattered around it.
type diagGen struct {
	rng *rand.Rand
	c   *diagnosis.Content
}

// answers returns answers around base (1–5), year-on-year progress added.
func (g *diagGen) answers(base float64, dimOffsets []float64) map[string]int {
	out := map[string]int{}
	for i, d := range g.c.Dimensions {
		for _, q := range d.Questions {
			v := int(math.Round(base + dimOffsets[i] + g.rng.NormFloat64()*0.6))
			out[q.Code] = min(max(v, 1), diagnosis.Levels)
		}
	}
	return out
}

// firm draws a firm's base maturity (larger firms tend higher) and its
// dimension offsets.
func (g *diagGen) firm(size registry.SizeClass) (float64, []float64) {
	base := 1.6 + g.rng.Float64()*2.4
	switch size {
	case registry.SizeMedium:
		base += 0.3
	case registry.SizeLarge:
		base += 0.6
	}
	offs := make([]float64, len(g.c.Dimensions))
	for i := range offs {
		offs[i] = g.rng.NormFloat64() * 0.7
	}
	return base, offs
}

// submitted returns a submitted diagnosis of e for year with answers.
func (g *diagGen) submitted(e *registry.Enterprise, year, version int, answers map[string]int, at time.Time) *diagnosis.Diagnosis {
	r := diagnosis.Score(g.c, answers)
	d := &diagnosis.Diagnosis{EnterpriseID: int64(e.ID), Year: year, Version: version, Status: diagnosis.StatusSubmitted, Answers: answers,
		ProvinceCode: e.ProvinceCode, Sector: diagnosis.SectorKey(e), SizeClass: string(e.SizeClass),
		Score: r.Score, Level: r.Level, Levels: r.Levels, CreatedAt: at.Add(-72 * time.Hour), UpdatedAt: at, SubmittedAt: &at,
		Path: diagnosis.Recommend(g.c, r.Levels, diagnosis.Profile{SizeClass: string(e.SizeClass), Industry: string(e.Industry), VSIC: e.VSIC})}
	return d
}

func (a *app) seedDiagnosis(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.diagnosis == nil {
		return nil
	}
	ctx = auth.SystemContext(ctx)
	if err := a.diagnosis.EnsureDefault(ctx); err != nil {
		return err
	}
	q, err := a.db.Diagnosis().FindCurrentQuestionnaire(ctx)
	if err != nil {
		return err
	}
	target, pool := diagnosisSizes(scale)
	g := &diagGen{rng: rand.New(rand.NewPCG(seed, 0x646961)), c: &q.Content}
	now := time.Now().UTC()
	year := diagnosis.Year(now)

	// The demo firm.
	var home *registry.Enterprise
	if u, err := a.db.Auth().FindUserByEmail(ctx, "doanhnghiep@nscl.demo"); err == nil && u.EnterpriseID != 0 {
		if home, err = a.db.Registry().FindEnterpriseByID(ctx, registry.EnterpriseID(u.EnterpriseID)); err != nil {
			return fmt.Errorf("demo: diagnosis: %w", err)
		}
	}

	// The pool: active firms of a sample spread over the registry (every
	// k-th by id), grouped by peer group (sector and size class), at most
	// 3×per of each priority industry (or none) and size class.
	type key struct{ sector, size string }
	groups := map[key][]*registry.Enterprise{}
	var order []key
	industries := []registry.Industry{registry.IndustryNone, registry.IndustryTextiles, registry.IndustryLeather, registry.IndustryPlastics,
		registry.IndustrySteel, registry.IndustryChemicals, registry.IndustryMechanical, registry.IndustryEnergy, registry.IndustryElectronic}
	per := target/(len(industries)*len(registry.SizeClasses)) + 1
	total, err := a.db.Registry().CountEnterprises(ctx)
	if err != nil {
		return fmt.Errorf("demo: diagnosis: %w", err)
	}
	sample, err := a.db.Registry().DemoSample(ctx, pool, total/pool)
	if err != nil {
		return fmt.Errorf("demo: diagnosis: %w", err)
	}
	type cell struct {
		ind  registry.Industry
		size registry.SizeClass
	}
	taken := map[cell]int{}
	for _, ind := range industries {
		for _, size := range registry.SizeClasses {
			taken[cell{ind, size}] = 0
		}
	}
	for _, e := range sample {
		c := cell{e.Industry, e.SizeClass}
		if n, ok := taken[c]; !ok || n >= 3*per || e.Status != registry.StatusActive {
			continue
		}
		taken[c]++
		if e.ParentID != 0 || (home != nil && e.ID == home.ID) {
			continue
		}
		k := key{diagnosis.SectorKey(e), string(e.SizeClass)}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	// The demo firm's group first (twelve peers when the pool has them),
	// then a share of every group of six or more, so that every sector and
	// size appears and every diagnosed firm has five diagnosed peers.
	var picked []*registry.Enterprise
	if home != nil {
		k := key{diagnosis.SectorKey(home), string(home.SizeClass)}
		picked = append(picked, groups[k][:min(len(groups[k]), 12)]...)
		delete(groups, k)
	}
	for pass := 0; len(picked) < target && pass < 10; pass++ {
		for _, k := range order {
			es := groups[k]
			n := min(len(es), per, target-len(picked))
			if len(es) < 6 || n == 0 {
				continue
			}
			if len(es)-n < 6 { // never leave a remainder too small to form a group later
				n = len(es)
			}
			picked = append(picked, es[:n]...)
			groups[k] = es[n:]
			if len(picked) >= target {
				break
			}
		}
	}

	thisYearAt := now.Add(-24 * time.Hour)
	lastYearAt := time.Date(year-1, 11, 15, 3, 0, 0, 0, time.UTC)
	var ds []*diagnosis.Diagnosis
	for i, e := range picked {
		base, offs := g.firm(e.SizeClass)
		if i%3 != 2 || i < 12 { // two in three also diagnosed last year, a little less mature
			ds = append(ds, g.submitted(e, year-1, q.Version, g.answers(base-0.3, offs), lastYearAt))
		}
		if i == len(picked)-1 && len(picked) > 12 { // a draft for another firm, a third answered
			ans := g.answers(base, offs)
			codes := slices.Sorted(maps.Keys(ans)) // not map order: the same seed gives the same draft
			for _, k := range codes[len(ans)/3:] {
				delete(ans, k)
			}
			ds = append(ds, &diagnosis.Diagnosis{EnterpriseID: int64(e.ID), Year: year, Version: q.Version, Status: diagnosis.StatusDraft,
				Answers: ans, ProvinceCode: e.ProvinceCode, Sector: diagnosis.SectorKey(e), SizeClass: string(e.SizeClass),
				CreatedAt: thisYearAt, UpdatedAt: thisYearAt})
			continue
		}
		ds = append(ds, g.submitted(e, year, q.Version, g.answers(base, offs), thisYearAt))
	}
	if home != nil {
		base, offs := g.firm(home.SizeClass)
		base = min(base, 2.6) // room to improve, so that the path is long
		ds = append(ds, g.submitted(home, year-2, q.Version, g.answers(base-0.5, offs), time.Date(year-2, 10, 20, 3, 0, 0, 0, time.UTC)),
			g.submitted(home, year-1, q.Version, g.answers(base, offs), lastYearAt))
		// This year: the first three dimensions answered, to continue.
		ans := g.answers(base+0.4, offs)
		for _, d := range q.Dimensions[3:] {
			for _, qq := range d.Questions {
				delete(ans, qq.Code)
			}
		}
		ds = append(ds, &diagnosis.Diagnosis{EnterpriseID: int64(home.ID), Year: year, Version: q.Version, Status: diagnosis.StatusDraft,
			Answers: ans, ProvinceCode: home.ProvinceCode, Sector: diagnosis.SectorKey(home), SizeClass: string(home.SizeClass),
			CreatedAt: thisYearAt, UpdatedAt: thisYearAt})
	}
	if err := a.db.Diagnosis().CreateDiagnosesBulk(ctx, ds); err != nil {
		return fmt.Errorf("demo: diagnosis: %w", err)
	}
	return nil
}
