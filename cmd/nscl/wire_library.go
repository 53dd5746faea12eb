package main

import (
	"context"

	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/programme"
)

// wireLibrary builds the case library and guides' service.
func (a *app) wireLibrary() {
	var prog library.Programme
	if a.programme != nil {
		prog = libraryProgramme{a.programme}
	}
	a.library = library.NewService(library.Options{Store: a.db.Library(), Programme: prog, Geo: a.geo, Log: a.log})
}

// libraryProgramme reads the programme's public pilot models for the
// library: verified CaseKPI results only, and the replications confirmed by
// an officer (the others are only counted).
type libraryProgramme struct{ p *programme.Service }

func (l libraryProgramme) Pilot(ctx context.Context, id int64, lang string) (*library.Pilot, error) {
	v, err := l.p.Pilot(ctx, programme.ActivityID(id), lang)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, fault.New(fault.NotFound, "Không có mô hình điểm này.", "No such pilot model.")
		}
		return nil, err
	}
	out := &library.Pilot{ActivityID: id, Title: v.Pilot.Title, EnterpriseID: v.Pilot.EnterpriseID, EnterpriseName: v.Pilot.EnterpriseName,
		ProvinceCode: v.Pilot.ProvinceCode, Tools: v.Pilot.Tools}
	for _, k := range v.KPIs {
		if !k.Verified || k.Actual == nil {
			continue
		}
		out.KPIs = append(out.KPIs, library.CaseKPI{Name: k.Def.Name.In(lang), Unit: string(k.Def.Unit), Before: k.Baseline, After: *k.Actual,
			Verified: true, LowerBetter: k.Def.Direction == programme.Down})
	}
	var walk func(n *programme.TreeNode)
	walk = func(n *programme.TreeNode) {
		for _, c := range n.Children {
			if c.Others > 0 {
				out.Others += c.Others
			} else {
				out.Replicators = append(out.Replicators, library.CaseReplicator{Name: c.Name, ProvinceCode: c.Province, AppliedOn: c.AppliedOn})
			}
			walk(c)
		}
	}
	if v.Tree != nil {
		walk(v.Tree)
	}
	return out, nil
}
