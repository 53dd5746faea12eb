package web

import (
	"net/http"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// --- spread ---

type resSpreadPage struct {
	Layout
	Province   string
	Provinces  []option
	Pilots     string
	Replicated string
	Rate       string
	Reps       string
	Confirmed  string
	Reached    string
	PerPilot   []resPilotReachRow
	Breakdowns []resBreakdown
	ActKPIs    []resQuartRow
	RepKPIs    []resQuartRow
	XLSX       string // the query of the tables' downloads (/programme/spread/{table}.xlsx)
}

type resPilotReachRow struct {
	Href, Title, Enterprise, Province string
	Replications, Confirmed, Depth    string
}

type resCountRow struct{ Label, N string }

type resBreakdown struct {
	Title string
	Rows  []resCountRow
	Href  string // its XLSX download
}

type resQuartRow struct{ Name, N, Q1, Median, Q3 string }

// spreadFigures reads the province filter of /programme/spread (and of
// its downloads) and asks the service for the figures.
func (h *Handler) spreadFigures(r *http.Request) (*programme.SpreadFigures, error) {
	prov := r.URL.Query().Get("province")
	if prov != "" && h.geo != nil {
		if _, ok := h.geo.Province(prov); !ok {
			return nil, programme.ErrSpreadProvince
		}
	}
	return h.programme.SpreadFigures(r.Context(), prov)
}

func (h *Handler) handleSpread(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	sp, err := h.spreadFigures(r)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	defs, _, err := h.resKPIDefs(r)
	if err != nil {
		return err
	}
	p := &resSpreadPage{Pilots: vn.Int(int64(sp.Pilots)), Replicated: vn.Int(int64(sp.Replicated)), Rate: vn.Decimal(sp.Rate, 1) + " %",
		Reps: vn.Int(int64(sp.Replications)), Confirmed: vn.Int(int64(sp.Confirmed)), Reached: vn.Int(int64(sp.Reached)),
		XLSX: xlsxHref("", r.URL.Query())}
	if sp.Province != "" {
		p.Province = h.provinceName(sp.Province)
	}
	if auth.Can(a, auth.ActProgrammeManage) {
		p.Provinces = h.provinceOptions(sp.Province)
	}
	for _, x := range sp.PerPilot {
		p.PerPilot = append(p.PerPilot, resPilotReachRow{Href: actHref(x.ID) + tabResults, Title: x.Title, Enterprise: x.Enterprise,
			Province: h.provinceName(x.Province), Replications: vn.Int(int64(x.Replications)), Confirmed: vn.Int(int64(x.Confirmed)),
			Depth: vn.Int(int64(x.Depth))})
	}
	counts := func(key string, title fault.Text, cs []programme.ReachCount, label func(string) string) {
		b := resBreakdown{Title: title.In(lang), Href: "/programme/spread/" + key + ".xlsx" + p.XLSX}
		for _, c := range cs {
			b.Rows = append(b.Rows, resCountRow{label(c.Key), vn.Int(int64(c.N))})
		}
		p.Breakdowns = append(p.Breakdowns, b)
	}
	counts("sectors", text("res.by_sector"), sp.BySector, func(k string) string { return resIndustry(lang, k) })
	counts("provinces", text("res.by_province"), sp.ByProvince, func(k string) string {
		if k == "" {
			return text("res.unknown").In(lang)
		}
		return h.provinceName(k)
	})
	counts("sizes", text("res.by_size"), sp.BySize, func(k string) string { return resSize(lang, k) })
	quart := func(qs []programme.KPIQuartiles) []resQuartRow {
		var out []resQuartRow
		for _, q := range qs {
			name, _ := resKPIName(lang, defs, q.Code)
			out = append(out, resQuartRow{name, vn.Int(int64(q.N)), resPct(&q.Q1), resPct(&q.Median), resPct(&q.Q3)})
		}
		return out
	}
	p.ActKPIs, p.RepKPIs = quart(sp.ActivityKPIs), quart(sp.RepKPIs)
	return h.render(w, r, http.StatusOK, "programme_results_spread", text("res.spread_title"), p)
}
