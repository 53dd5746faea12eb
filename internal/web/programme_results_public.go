package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// --- public pilot models ---

type resPilotsPage struct {
	Layout
	Rows       []resPilotRow
	Pager      Pager
	Tools      []option
	Industries []option
	Provinces  []option
}

type resPilotRow struct {
	Href, Title, Enterprise, Province, Industry, Tools, Replications string
}

func (h *Handler) handlePilots(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := pageParam(q)
	const limit = 20
	f := programme.PilotFilter{Tool: q.Get("tool"), Industry: q.Get("industry"), Province: q.Get("province"),
		Offset: (page - 1) * limit, Limit: limit}
	ps, total, err := h.programme.Pilots(r.Context(), f)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	names := h.resToolNames(r)
	p := &resPilotsPage{Pager: newPager(r, page, limit, total), Provinces: h.provinceOptions(f.Province)}
	for _, x := range ps {
		p.Rows = append(p.Rows, resPilotRow{Href: pilotHref(x.ID), Title: x.Title, Enterprise: x.EnterpriseName,
			Province: h.provinceName(x.ProvinceCode), Industry: resIndustry(lang, x.Industry), Tools: resTools(names, x.Tools),
			Replications: vn.Int(int64(x.Replications))})
	}
	codes := make([]string, 0, len(names))
	for c := range names {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int { return strings.Compare(vn.Fold(names[a]), vn.Fold(names[b])) })
	for _, c := range codes {
		p.Tools = append(p.Tools, option{Value: c, Label: names[c], Selected: c == f.Tool})
	}
	for _, i := range registry.Industries {
		p.Industries = append(p.Industries, option{Value: string(i), Label: i.Label().In(lang), Selected: string(i) == f.Industry})
	}
	return h.render(w, r, http.StatusOK, "programme_results_pilots", text("res.pilots_title"), p)
}

type resPilotPage struct {
	Layout
	Row          resPilotRow
	Summary      string
	KPIs         []resKPIResultRow
	Overall      string
	Tree         string
	Confirmed    string
	CanReplicate bool
	NewHref      string
	RepsText     string
	Names        []string // the tree as text, indented by level
}

// resTreeNames writes the tree under n as lines indented by level.
func resTreeNames(n *programme.TreeNode, level int, prov func(string) string, out []string) []string {
	for _, c := range n.Children {
		label := c.Name
		if c.Province != "" {
			label += " (" + prov(c.Province) + ")"
		}
		out = append(out, strings.Repeat("— ", level+1)+label)
		out = resTreeNames(c, level+1, prov, out)
	}
	return out
}

func (h *Handler) handlePilot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lang := h.lang(r)
	v, err := h.programme.Pilot(r.Context(), programme.ActivityID(id), lang)
	if err != nil {
		return err
	}
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	names := h.resToolNames(r)
	x := v.Pilot
	p := &resPilotPage{Row: resPilotRow{Href: pilotHref(x.ID), Title: x.Title, Enterprise: x.EnterpriseName, Province: h.provinceName(x.ProvinceCode),
		Industry: resIndustry(lang, x.Industry), Tools: resTools(names, x.Tools), Replications: vn.Int(int64(x.Replications))},
		Summary: x.Summary, Overall: resPct(v.Overall), Confirmed: vn.Int(int64(v.Confirmed)), CanReplicate: v.CanReplicate,
		NewHref: "/replications/new?pilot=" + strconv.FormatInt(int64(x.ID), 10)}
	for _, k := range v.KPIs {
		name, unit := resKPIName(lang, defs, k.Code)
		row := resKPIResultRow{Name: name, Unit: unit, Baseline: resNum(k.Baseline), Target: resNum(k.Target), Improvement: resPct(k.Improvement),
			Reached: k.Reached, HasActual: true, Verified: true}
		row.Actual = resNum(*k.Actual)
		p.KPIs = append(p.KPIs, row)
	}
	p.RepsText = fmtText(text("res.pilot_reps"), "{n}", vn.Int(int64(x.Replications)), "{c}", vn.Int(int64(v.Confirmed))).In(lang)
	if v.Tree.Size() > 0 {
		p.Names = resTreeNames(v.Tree, 0, h.provinceName, nil)
		p.Tree = resTreeOption(v.Tree, lang, h.provinceName)
		p.Charts = true
	}
	return h.render(w, r, http.StatusOK, "programme_results_pilot", fault.Text{Vi: x.Title, En: x.Title}, p)
}
