package programme

import (
	"math"
	"sort"

	"nscl/internal/fault"
)

// entSet is a set of enterprise ids.
type entSet map[int64]struct{}

func (m *entSet) add(id int64) {
	if id == 0 {
		return
	}
	if *m == nil {
		*m = entSet{}
	}
	(*m)[id] = struct{}{}
}

// hide reports whether a public cell resting on the enterprises m must be
// suppressed. A row is suppressed whole when any of its figures rests on
// fewer than 5 enterprises: its count, or its money disbursed (paid to
// fewer firms than the row holds).
func hide(public bool, m entSet) bool { return public && len(m) < PublicMinEnterprises }

// complement hides more rows of a public table when the rows already
// hidden rest, together, on fewer than 5 enterprises in any of sets (the
// enterprises behind the rows, those paid, …): the total minus the rows
// shown would give those few firms away. It hides the shown row with the
// fewest enterprises until the hidden rows rest on 5 or more, or none.
func complement(hidden []bool, sets ...[]entSet) {
	for {
		exposed := false
		for _, set := range sets {
			var u entSet
			for i, h := range hidden {
				if h {
					for id := range set[i] {
						u.add(id)
					}
				}
			}
			if len(u) > 0 && len(u) < PublicMinEnterprises {
				exposed = true
			}
		}
		if !exposed {
			return
		}
		j := -1
		for i, h := range hidden {
			if !h && (j < 0 || len(sets[0][i]) < len(sets[0][j])) {
				j = i
			}
		}
		if j < 0 {
			return
		}
		hidden[j] = true
	}
}

// aggregate computes the dashboard under flt in a few passes over the facts.
//
// Year attribution: the activities, their budgets and the breakdowns go by
// the activity's (plan) year; the supported activities, the enterprises
// supported and the pilots go by their contract year (the year they
// reached in_progress, read from the contract date) — the same on the
// cards, the progress series and the spread; the money disbursed goes by
// the year it was paid.
func (f *Facts) aggregate(flt FactsFilter, public bool) *Dashboard {
	d := &Dashboard{Filter: flt, Public: public, Version: f.Version, BuiltAt: f.BuiltAt}
	prov, provOK := uint8(0), true
	if flt.Province != "" {
		prov, provOK = f.dict.find(flt.Province)
	}
	inProv := func(p uint8) bool { return flt.Province == "" || provOK && p == prov }
	inYear := func(y int16) bool { return flt.Year == 0 || int(y) == flt.Year }
	st := func(i uint8) Status { return Status(f.dict.str(i)) }
	// counted reports whether the activity takes part: the public figures
	// count only those the programme decided to support.
	counted := func(s Status) bool { return !public || s.Committed() }

	// Per-index accumulators; ents only for the public figures.
	type acc struct {
		n, sup                       int
		state, counter, appr, disbur int64
		ents, paid                   entSet // the enterprises behind the row; those paid
	}
	var byStatus, byType, byTrack, byInd, bySize, byProv [256]acc
	years := map[int]bool{}
	var entsActs, entsSup entSet // the activities counted; the supported ones (contract year)
	entsProv := map[uint8]entSet{}
	entsYear := map[int16]entSet{}
	pilotsYear := map[int16]int{}
	budgetYear := map[int16]*BudgetRow{}
	budgetEnts := map[int16]*[2]entSet{} // committed, paid
	budgetRow := func(y int16) *BudgetRow {
		b := budgetYear[y]
		if b == nil {
			b = &BudgetRow{Year: int(y)}
			budgetYear[y] = b
			budgetEnts[y] = &[2]entSet{}
		}
		return b
	}
	pilotType, _ := f.dict.find(string(TypePilotModel))
	pilotIdx := map[int32]bool{}

	for i := range f.Acts {
		a := &f.Acts[i]
		s := st(a.Status)
		if !inProv(a.Province) || !counted(s) {
			continue
		}
		years[int(a.Year)] = true
		sup := s.Supported()
		// Progress and the yearly budget ignore the year filter: they are
		// the series over the years.
		if sup {
			years[int(a.ContractYear)] = true
			m := entsYear[a.ContractYear]
			m.add(a.EnterpriseID)
			entsYear[a.ContractYear] = m
			if a.Type == pilotType {
				pilotsYear[a.ContractYear]++
			}
			if inYear(a.ContractYear) {
				d.Totals.Supported++
				entsSup.add(a.EnterpriseID)
				if a.Type == pilotType {
					d.Totals.Pilots++
					pilotIdx[int32(i)] = true
				}
			}
		}
		if s.Committed() {
			b := budgetRow(a.Year)
			b.CommittedState += a.Approved
			b.CommittedCounter += a.Counterpart
			budgetEnts[a.Year][0].add(a.EnterpriseID)
		}
		if !inYear(a.Year) {
			continue
		}
		d.Totals.Activities++
		entsActs.add(a.EnterpriseID)
		add := func(x *acc) {
			x.n++
			x.state += a.State
			x.counter += a.Counterpart
			x.appr += a.Approved
			x.disbur += a.Disbursed
			if sup {
				x.sup++
			}
			if public {
				x.ents.add(a.EnterpriseID)
				if a.Disbursed > 0 {
					x.paid.add(a.EnterpriseID)
				}
			}
		}
		add(&byStatus[a.Status])
		add(&byType[a.Type])
		add(&byTrack[a.Track])
		add(&byInd[a.Industry])
		add(&bySize[a.Size])
		add(&byProv[a.Province])
		if s.Committed() {
			d.Totals.Committed += a.Approved
			d.Totals.Counterpart += a.Counterpart
		}
		if sup {
			m := entsProv[a.Province]
			m.add(a.EnterpriseID)
			entsProv[a.Province] = m
		}
	}
	d.Totals.Enterprises = len(entsSup)

	// The money paid, by the year it was paid.
	var entsPaid entSet
	for _, x := range f.Disb {
		a := &f.Acts[x.Act]
		if !inProv(a.Province) || !counted(st(a.Status)) || x.Year == 0 {
			continue
		}
		years[int(x.Year)] = true
		budgetRow(x.Year).Disbursed += x.Amount
		budgetEnts[x.Year][1].add(a.EnterpriseID)
		if inYear(x.Year) {
			d.Totals.Disbursed += x.Amount
			entsPaid.add(a.EnterpriseID)
		}
	}
	if public && (hide(true, entsActs) || d.Totals.Supported > 0 && hide(true, entsSup) || d.Totals.Disbursed > 0 && hide(true, entsPaid)) {
		d.Totals = Totals{Hidden: true}
	}

	breakdown := func(arr *[256]acc, keys []string, label func(string) fault.Text) []Breakdown {
		var out []Breakdown
		var hidden []bool
		var ents, paid []entSet
		seen := map[string]bool{}
		emit := func(key string) {
			i, ok := f.dict.find(key)
			if !ok || seen[key] {
				return
			}
			seen[key] = true
			x := arr[i]
			if x.n == 0 {
				return
			}
			out = append(out, Breakdown{Key: key, Label: label(key), Activities: x.n, Supported: x.sup, State: x.state,
				Counterpart: x.counter, Approved: x.appr, Disbursed: x.disbur})
			hidden = append(hidden, hide(public, x.ents) || x.disbur > 0 && hide(public, x.paid))
			ents, paid = append(ents, x.ents), append(paid, x.paid)
		}
		for _, k := range keys {
			emit(k)
		}
		for _, k := range f.dict.vals { // values outside the vocabulary, after it
			if arr == &byStatus || arr == &byType || arr == &byTrack {
				break
			}
			emit(k)
		}
		if public {
			complement(hidden, ents, paid)
		}
		for i, h := range hidden {
			if h {
				out[i] = Breakdown{Key: out[i].Key, Label: out[i].Label, Hidden: true}
			}
		}
		return out
	}
	var stKeys, tyKeys, trKeys []string
	for _, x := range Statuses {
		stKeys = append(stKeys, string(x))
	}
	for _, x := range ActivityTypes {
		tyKeys = append(tyKeys, string(x))
	}
	for _, x := range Tracks {
		trKeys = append(trKeys, string(x))
	}
	d.ByStatus = breakdown(&byStatus, stKeys, func(k string) fault.Text { return Status(k).Label() })
	d.ByType = breakdown(&byType, tyKeys, func(k string) fault.Text { return ActivityType(k).Label() })
	d.ByTrack = breakdown(&byTrack, trKeys, func(k string) fault.Text { return Track(k).Label() })
	d.ByIndustry = breakdown(&byInd, IndustryKeys, IndustryLabel)
	d.BySize = breakdown(&bySize, SizeKeys, SizeLabel)

	// Replications (the spread) and their provinces.
	replProv := map[uint8]int{}
	replProvEnts := map[uint8]entSet{}
	var replEnts entSet
	replProvs := map[uint8]struct{}{}
	replicated := map[int32]struct{}{}
	for _, r := range f.Repls {
		if r.Pilot >= 0 && pilotIdx[r.Pilot] {
			// Of the pilots counted, those replicated (at any time).
			replicated[r.Pilot] = struct{}{}
		}
		if !inProv(r.Province) || !inYear(r.Year) {
			continue
		}
		years[int(r.Year)] = true
		d.Spread.Replications++
		replProv[r.Province]++
		m := replProvEnts[r.Province]
		m.add(r.EnterpriseID)
		replProvEnts[r.Province] = m
		replEnts.add(r.EnterpriseID)
		replProvs[r.Province] = struct{}{}
		for len(d.Spread.ByDepth) < int(r.Depth) {
			d.Spread.ByDepth = append(d.Spread.ByDepth, 0)
		}
		if r.Depth > 0 {
			d.Spread.ByDepth[r.Depth-1]++
		}
	}
	d.Spread.Pilots = d.Totals.Pilots
	if d.Totals.Hidden {
		d.Spread.Pilots = 0
		replicated = nil
	}
	d.Spread.Replicated = len(replicated)
	d.Spread.Enterprises = len(replEnts)
	d.Spread.Provinces = len(replProvs)
	if public && d.Spread.Replications > 0 && hide(true, replEnts) {
		d.Spread = Spread{Hidden: true}
	}

	var provHidden []bool
	var provEnts, provPaid, provRepl []entSet
	for i, code := range f.dict.vals {
		x := byProv[i]
		if code == "" || x.n == 0 && replProv[uint8(i)] == 0 || !inProv(uint8(i)) {
			continue
		}
		row := ProvinceRow{Code: code, Activities: x.n, Supported: x.sup, Enterprises: len(entsProv[uint8(i)]),
			Approved: x.appr, Disbursed: x.disbur, Replications: replProv[uint8(i)]}
		d.Provinces = append(d.Provinces, row)
		provHidden = append(provHidden, public && (x.n > 0 && hide(true, x.ents) || x.disbur > 0 && hide(true, x.paid) ||
			row.Replications > 0 && hide(true, replProvEnts[uint8(i)])))
		provEnts, provPaid, provRepl = append(provEnts, x.ents), append(provPaid, x.paid), append(provRepl, replProvEnts[uint8(i)])
	}
	if public {
		complement(provHidden, provEnts, provPaid, provRepl)
	}
	for i, h := range provHidden {
		if h {
			d.Provinces[i] = ProvinceRow{Code: d.Provinces[i].Code, Hidden: true}
		}
	}
	sort.Slice(d.Provinces, func(i, j int) bool { return d.Provinces[i].Code < d.Provinces[j].Code })

	// KPI improvements of the filtered activities.
	vals := map[uint8][]float64{}
	kpiEnts := map[uint8]entSet{}
	for _, k := range f.KPIs {
		a := &f.Acts[k.Act]
		if !inProv(a.Province) || !inYear(a.Year) || !counted(st(a.Status)) {
			continue
		}
		vals[k.KPI] = append(vals[k.KPI], float64(k.Improvement))
		m := kpiEnts[k.KPI]
		m.add(a.EnterpriseID)
		kpiEnts[k.KPI] = m
	}
	for i, xs := range vals {
		code := f.dict.str(i)
		box := KPIBox{Code: code, Name: f.KPIDefs[code].Name, Hidden: true}
		if !hide(public, kpiEnts[i]) {
			q := quantiles(xs)
			box = KPIBox{Code: code, Name: f.KPIDefs[code].Name, N: len(xs),
				Min: round1(q[0]), Q1: round1(q[1]), Median: round1(q[2]), Q3: round1(q[3]), Max: round1(q[4])}
		}
		d.KPIs = append(d.KPIs, box)
	}
	sort.Slice(d.KPIs, func(i, j int) bool {
		bi, bj := f.KPIDefs[d.KPIs[i].Code].Builtin, f.KPIDefs[d.KPIs[j].Code].Builtin
		if bi != bj {
			return bi
		}
		return d.KPIs[i].Code < d.KPIs[j].Code
	})

	f.progress(d, flt, public, inProv, entsYear, pilotsYear, budgetYear, budgetEnts, years)
	for y := range years {
		d.Years = append(d.Years, y)
	}
	sort.Ints(d.Years)
	if public {
		d.Filter.Province = ""
	}
	return d
}

// progress fills the targets-versus-results and budget series: every
// programme year from the first with data or a plan up to the current
// year (activities contracted after the last plan year still count).
func (f *Facts) progress(d *Dashboard, flt FactsFilter, public bool, inProv func(uint8) bool, entsYear map[int16]entSet,
	pilotsYear map[int16]int, budget map[int16]*BudgetRow, budgetEnts map[int16]*[2]entSet, years map[int]bool) {
	targets := map[Metric]map[int]float64{}
	for _, t := range f.Targets {
		if targets[t.Metric] == nil {
			targets[t.Metric] = map[int]float64{}
		}
		targets[t.Metric][t.Year] = t.Value
	}
	target := func(m Metric, y int) *float64 {
		if flt.Province != "" { // the targets are national
			return nil
		}
		if v, ok := targets[m][y]; ok {
			return &v
		}
		return nil
	}
	planned := map[int]*BudgetRow{}
	for _, p := range f.Plans {
		if flt.Province != "" && p.Province != flt.Province {
			continue
		}
		b := planned[p.Year]
		if b == nil {
			b = &BudgetRow{}
			planned[p.Year] = b
		}
		b.PlannedState += p.StateBudget
		b.PlannedCounterpart += p.Counterpart
	}
	experts := map[int]int{} // valid at the end of the year, not cumulated
	for _, e := range f.Experts {
		if flt.Province == "" || e.Province == flt.Province {
			experts[e.Year] += e.N
		}
	}
	lp := map[int][]float64{}
	for _, g := range f.LP {
		if inProv(g.Province) {
			lp[int(g.Year)] = append(lp[int(g.Year)], float64(g.Growth))
		}
	}

	first, last := math.MaxInt, 0
	for y := range years {
		first, last = min(first, y), max(last, y)
	}
	for y := range planned {
		first, last = min(first, y), max(last, y)
	}
	if last == 0 {
		return
	}
	last = max(last, f.BuiltAt.Year())
	cumPilots := 0
	for y, n := range pilotsYear {
		if int(y) < first {
			cumPilots += n
		}
	}
	for y := first; y <= last; y++ {
		cumPilots += pilotsYear[int16(y)]
		row := ProgressRow{Year: y, EnterprisesTarget: target(MetricEnterprisesSupported, y), Enterprises: len(entsYear[int16(y)]),
			PilotsTarget: target(MetricPilotModels, 0), Pilots: cumPilots,
			ExpertsTarget: target(MetricExpertsCertified, y), Experts: experts[y], LPTarget: target(MetricLPGrowth, y)}
		if xs := lp[y]; len(xs) > 0 && !(public && len(xs) < PublicMinEnterprises) {
			m := round1(quantiles(xs)[2])
			row.LPGrowth, row.LPCount = &m, len(xs)
		}
		if public && row.Enterprises > 0 && row.Enterprises < PublicMinEnterprises {
			row.Enterprises, row.Hidden = 0, true
		}
		d.Progress = append(d.Progress, row)
		b := BudgetRow{Year: y}
		if p := planned[y]; p != nil {
			b.PlannedState, b.PlannedCounterpart = p.PlannedState, p.PlannedCounterpart
		}
		if c := budget[int16(y)]; c != nil {
			b.CommittedState, b.CommittedCounter, b.Disbursed = c.CommittedState, c.CommittedCounter, c.Disbursed
			if e := budgetEnts[int16(y)]; public && (c.CommittedState > 0 && hide(true, e[0]) || c.Disbursed > 0 && hide(true, e[1])) {
				b = BudgetRow{Year: y, Hidden: true}
			}
		}
		if flt.Year == 0 || flt.Year == y {
			d.Totals.Planned += b.PlannedState
		}
		d.Budget = append(d.Budget, b)
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
