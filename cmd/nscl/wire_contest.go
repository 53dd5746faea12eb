package main

import (
	"context"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// wireContest builds the contests' service over the registry and the
// programme's completed activities.
func (a *app) wireContest() {
	var acts contest.Activities
	if a.programme != nil {
		acts = contestActivities{a.programme}
	}
	a.contest = contest.NewService(contest.Options{Store: a.db.Contest(), Registry: a.registry, Activities: acts, Mailer: a.mail, Geo: a.geo,
		Log: a.log, BaseURL: a.cfg.BaseURL})
}

// contestActivities adapts the programme to what contests read of it: an
// enterprise's closed activities, as the actor may see them (the
// enterprise's own users see their proposals; officers their scope), with
// their verified KPI results.
type contestActivities struct{ p *programme.Service }

func (c contestActivities) CompletedActivities(ctx context.Context, ent registry.EnterpriseID) ([]contest.ActivityRef, error) {
	if auth.ActorFrom(ctx).IsAnonymous() {
		return nil, nil
	}
	defs, err := c.p.ProposalKPIs(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]programme.KPIDef{}
	for _, d := range defs {
		names[d.Code] = d
	}
	var out []contest.ActivityRef
	for offset := 0; ; offset += 100 {
		list, total, err := c.p.Activities(ctx, programme.ActivityQuery{Status: programme.StatusClosed, Offset: offset, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			if x.EnterpriseID != int64(ent) {
				continue
			}
			if v, err := c.p.Activity(ctx, x.ID); err == nil {
				x = v.Activity // the list may leave the KPIs out
			}
			ref := contest.ActivityRef{ID: int64(x.ID), Code: "HD-" + strconv.FormatInt(int64(x.ID), 10), Title: x.Title}
			if x.ClosedAt != nil {
				ref.ClosedOn = x.ClosedAt.In(vn.Zone)
			} else {
				ref.ClosedOn = x.UpdatedAt.In(vn.Zone)
			}
			for _, k := range x.KPIs {
				if k.Actual == nil || k.VerifiedAt == nil {
					continue
				}
				d := names[k.Code]
				name, unit := d.Name.Vi, d.Unit.Label().Vi
				if name == "" {
					name = k.Code
				}
				ref.KPIs = append(ref.KPIs, contest.EntryKPI{Name: name, Unit: unit, Before: k.Baseline, After: *k.Actual, Verified: true,
					Evidence: "Kết quả đã xác minh ngày " + vn.Date(*k.VerifiedAt)})
			}
			out = append(out, ref)
		}
		if offset+len(list) >= total || len(list) == 0 {
			break
		}
	}
	return out, nil
}
