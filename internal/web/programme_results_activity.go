package web

import (
	"net/http"

	"nscl/internal/programme"
	"nscl/internal/vn"
)

// --- the results tab ---

type resActivityPage struct {
	Layout
	Tabs         []activityTab
	ID           programme.ActivityID
	Title        string
	Pilot        bool
	KPIs         []resKPIResultRow
	Overall      string
	Reps         []resRepRow
	Others       string
	Tree         string
	TreeNodes    int
	CanReplicate bool
	PublicHref   string
}

type resKPIResultRow struct {
	Name        string
	Unit        string
	Baseline    string
	Target      string
	Actual      string
	Improvement string
	Reached     bool
	HasActual   bool
	Verified    bool
}

// resRepRow is a replication in the tables.
type resRepRow struct {
	ID         programme.ReplicationID
	Href       string
	Enterprise string
	Province   string
	Pilot      string
	PilotHref  string
	AppliedOn  string
	Status     string
	Confirmed  bool
	CanConfirm bool
	Version    int
	KPIs       []string
	Overall    string
}

func (h *Handler) repRow(r *http.Request, defs map[string]programme.KPIDef, x *programme.ReplicationResult) resRepRow {
	lang := h.lang(r)
	row := resRepRow{ID: x.ID, Href: repHref(x.ID), Enterprise: x.EnterpriseName, Province: h.provinceName(x.ProvinceCode),
		Pilot: x.PilotTitle, PilotHref: pilotHref(x.PilotID), AppliedOn: resDate(x.AppliedOn), Status: resRepStatus(lang, x.Status),
		Confirmed: x.Status == programme.ReplicationConfirmed, CanConfirm: h.programme.CanConfirm(r.Context(), &x.ReplicationRecord),
		Version: x.Version, Overall: resPct(x.Overall)}
	for _, k := range x.Results {
		name, _ := resKPIName(lang, defs, k.Code)
		row.KPIs = append(row.KPIs, name+": "+resPct(k.Improvement))
	}
	return row
}

func (h *Handler) handleActivityResults(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	res, err := h.programme.Results(r.Context(), programme.ActivityID(id), h.lang(r))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	a := res.Activity
	p := &resActivityPage{Tabs: activityTabs(a, tabResults, lang), ID: a.ID, Title: a.Title, Pilot: a.Type == programme.TypePilotModel,
		Overall: resPct(res.Overall), CanReplicate: res.CanReplicate}
	if p.Pilot && a.Status.Supported() {
		p.PublicHref = pilotHref(a.ID)
	}
	for _, k := range res.KPIs {
		name, unit := resKPIName(lang, defs, k.Code)
		row := resKPIResultRow{Name: name, Unit: unit, Baseline: resNum(k.Baseline), Target: resNum(k.Target), Actual: "—",
			Improvement: resPct(k.Improvement), Reached: k.Reached, HasActual: k.Actual != nil, Verified: k.Verified}
		if k.Actual != nil {
			row.Actual = resNum(*k.Actual)
		}
		p.KPIs = append(p.KPIs, row)
	}
	if p.Pilot {
		for i := range res.Replications {
			p.Reps = append(p.Reps, h.repRow(r, defs, &res.Replications[i]))
		}
		if res.Others > 0 {
			p.Others = fmtText(text("res.others_unconfirmed"), "{n}", vn.Int(int64(res.Others))).In(lang)
		}
		p.TreeNodes = res.Tree.Size()
		if p.TreeNodes > 0 {
			p.Tree = resTreeOption(res.Tree, lang, h.provinceName)
			p.Charts = true
		}
	}
	title := fmtText(text("res.results_title"), "{title}", a.Title)
	return h.render(w, r, http.StatusOK, "programme_results_activity", title, p)
}
