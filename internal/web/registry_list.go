package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// registryListPage is the enterprise list with search, filters and facets.
type registryListPage struct {
	Layout
	regBase
	Rows       []enterpriseListRow
	Pager      Pager
	Form       listForm
	Facets     []facetGroup
	Provinces  []option
	Industries []option
	Sizes      []option
	Ownerships []option
	Sorts      []option
	CanManage  bool // register and import
	CanClaims  bool // decide claims
	ExportCSV  string
	ExportXLSX string
	ExportJSON string
	Filtered   bool
}

// listForm is the filter form as the user typed it.
type listForm struct {
	Q, VSIC string
}

type enterpriseListRow struct {
	*registry.Enterprise
	Href      string
	Province  string
	Industry  string
	Size      string
	Ownership string
}

// facetGroup is one facet: counts per value, each a link that filters by it.
type facetGroup struct {
	Label  string
	Items  []facetItem
	Clear  string // the list without this filter, "" when it is not set
	Param  string
	Active bool
}

type facetItem struct {
	Label   string
	Count   int
	Href    string
	Current bool
}

// withParam returns the list URL base?q with name set to value (or removed
// when value is "") and the page reset.
func withParam(base string, q url.Values, name, value string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	c.Del("page")
	if value == "" {
		c.Del(name)
	} else {
		c.Set(name, value)
	}
	if len(c) == 0 {
		return base
	}
	return base + "?" + c.Encode()
}

func (h *Handler) handleEnterpriseList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActEnterpriseView) && auth.Can(a, auth.ActEnterpriseClaim) {
		return h.renderClaimPage(w, r, http.StatusOK, claimForm{}, formErrors{})
	}
	q := r.URL.Query()
	f := enterpriseFilter(q)
	f.Facets = true
	pg, err := h.registry.SearchEnterprises(r.Context(), f)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &registryListPage{Form: listForm{Q: q.Get("q"), VSIC: q.Get("vsic")},
		CanManage: auth.Can(a, auth.ActEnterpriseManage), CanClaims: auth.Can(a, auth.ActClaimDecide)}
	for _, e := range pg.Enterprises {
		p.Rows = append(p.Rows, enterpriseListRow{Enterprise: e, Href: entURL(e.ID), Province: h.geo.Name(e.ProvinceCode),
			Industry: industryLabel(e.Industry).In(lang), Size: e.SizeClass.Label().In(lang), Ownership: e.Ownership.Label().In(lang)})
	}
	page := f.Offset/enterprisePageSize + 1
	p.Pager = newPager(r, page, enterprisePageSize, pg.Total)
	raw := r.URL.RawQuery
	p.ExportCSV = "/enterprises/export?format=csv&" + raw
	p.ExportXLSX = "/enterprises/export?format=xlsx&" + raw
	p.ExportJSON = "/enterprises/export?format=json&" + raw

	// The filter selects, with the values that are in force.
	if a.Role != auth.RoleProvince && a.Role != auth.RoleEnterprise {
		p.Provinces = h.provinceOptions(f.ProvinceCode) // the others see one province at most
	}
	cur := func(name string) string { return q.Get(name) }
	for _, i := range registry.Industries {
		p.Industries = append(p.Industries, option{Value: string(i), Label: i.Label().In(lang), Selected: cur("industry") == string(i)})
	}
	p.Industries = append(p.Industries, option{Value: "none", Label: registry.IndustryNone.Label().In(lang), Selected: cur("industry") == "none"})
	for _, c := range registry.SizeClasses {
		p.Sizes = append(p.Sizes, option{Value: string(c), Label: c.Label().In(lang), Selected: cur("size") == string(c)})
	}
	p.Sizes = append(p.Sizes, option{Value: "unknown", Label: registry.SizeUnknown.Label().In(lang), Selected: cur("size") == "unknown"})
	p.Ownerships = ownershipOptions(lang, registry.Ownership(cur("ownership")))
	for _, s := range []struct {
		v     registry.Sort
		label fault.Text
	}{{registry.SortName, text("reg.sort_name")}, {registry.SortFoundedDesc, text("reg.sort_founded_desc")}, {registry.SortFounded, text("reg.sort_founded")},
		{registry.SortEmployeesDesc, text("reg.sort_employees_desc")}, {registry.SortEmployees, text("reg.sort_employees")}} {
		p.Sorts = append(p.Sorts, option{Value: string(s.v), Label: s.label.In(lang), Selected: f.Sort == s.v})
	}
	for _, k := range []string{"q", "province", "industry", "vsic", "size", "ownership"} {
		if q.Get(k) != "" {
			p.Filtered = true
		}
	}
	if pg.Facets != nil {
		p.Facets = h.facetGroups(q, lang, pg.Facets, a)
	}
	return h.render(w, r, http.StatusOK, "registry_list", text("reg.list_title"), p)
}

// facetGroups turns the facet counts into link lists, largest first for
// provinces and in the domain's order for the others.
func (h *Handler) facetGroups(q url.Values, lang string, fc *registry.Facets, a *auth.Actor) []facetGroup {
	group := func(param, label string) facetGroup {
		g := facetGroup{Label: text(label).In(lang), Param: param, Active: q.Get(param) != ""}
		if g.Active {
			g.Clear = withParam("/enterprises", q, param, "")
		}
		return g
	}
	item := func(g *facetGroup, value, label string, n int) {
		if n == 0 && q.Get(g.Param) != value {
			return
		}
		g.Items = append(g.Items, facetItem{Label: label, Count: n, Href: withParam("/enterprises", q, g.Param, value), Current: q.Get(g.Param) == value})
	}
	var out []facetGroup
	if a.Role != auth.RoleProvince && a.Role != auth.RoleEnterprise {
		g := group("province", "reg.province")
		codes := make([]string, 0, len(fc.Province))
		for c := range fc.Province {
			codes = append(codes, c)
		}
		sort.Slice(codes, func(i, j int) bool {
			if fc.Province[codes[i]] != fc.Province[codes[j]] {
				return fc.Province[codes[i]] > fc.Province[codes[j]]
			}
			return codes[i] < codes[j]
		})
		for _, c := range codes {
			item(&g, c, h.geo.Name(c), fc.Province[c])
		}
		out = append(out, g)
	}
	g := group("industry", "reg.industry")
	for _, i := range registry.Industries {
		item(&g, string(i), i.Label().In(lang), fc.Industry[i])
	}
	item(&g, "none", registry.IndustryNone.Label().In(lang), fc.Industry[registry.IndustryNone])
	out = append(out, g)
	g = group("size", "reg.size")
	for _, c := range registry.SizeClasses {
		item(&g, string(c), c.Label().In(lang), fc.SizeClass[c])
	}
	item(&g, "unknown", registry.SizeUnknown.Label().In(lang), fc.SizeClass[registry.SizeUnknown])
	out = append(out, g)
	g = group("ownership", "reg.ownership")
	for _, o := range registry.Ownerships {
		item(&g, string(o), o.Label().In(lang), fc.Ownership[o])
	}
	out = append(out, g)
	return out
}

// registryClaimPage is what an enterprise user without an enterprise sees:
// the claim form and their claims.
type registryClaimPage struct {
	Layout
	formErrors
	Form   claimForm
	Claims []claimRow
}

type claimForm struct {
	TaxCode, Note string
}

// claimRow is a claim with the enterprise's public name and tax code.
type claimRow struct {
	*registry.Claim
	Name       string
	TaxCode    string
	Href       string // the profile, for those who may open it
	StatusText string
	Badge      string
	Errors     formErrors // of the decide form
	Typed      string     // the reason as typed, when the decide form failed
}

// IsPending reports whether the claim still waits for a decision.
func (c claimRow) IsPending() bool { return c.Claim.Status == registry.ClaimPending }

func (h *Handler) claimRows(r *http.Request, cs []*registry.Claim, linkProfiles bool) []claimRow {
	lang := h.lang(r)
	out := make([]claimRow, 0, len(cs))
	for _, c := range cs {
		row := claimRow{Claim: c, StatusText: claimStatusText(c.Status).In(lang), Badge: claimBadge(c.Status)}
		if v, err := h.registry.PublicEnterprise(r.Context(), c.EnterpriseID); err == nil {
			row.Name, row.TaxCode = v.Name, v.TaxCode
		}
		if linkProfiles {
			row.Href = entURL(c.EnterpriseID)
		}
		out = append(out, row)
	}
	return out
}

func claimBadge(s registry.ClaimStatus) string {
	switch s {
	case registry.ClaimApproved:
		return "badge-ok"
	case registry.ClaimRejected:
		return "badge-danger"
	}
	return "badge-warn"
}

func (h *Handler) renderClaimPage(w http.ResponseWriter, r *http.Request, status int, f claimForm, fe formErrors) error {
	cs, _, err := h.registry.FindClaims(r.Context(), registry.ClaimFilter{Limit: 50})
	if err != nil {
		return err
	}
	p := &registryClaimPage{Form: f, formErrors: fe, Claims: h.claimRows(r, cs, false)}
	return h.render(w, r, status, "registry_claim", text("reg.claim_title"), p)
}

// pagerFor is a Pager over a query parameter other than "page".
func pagerFor(base string, q url.Values, param string, page, limit, total int) Pager {
	pages := max((total+limit-1)/limit, 1)
	p := Pager{Page: page, Pages: pages, Total: total}
	link := func(n int) string {
		c := url.Values{}
		for k, v := range q {
			c[k] = v
		}
		c.Set(param, strconv.Itoa(n))
		return base + "?" + c.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, pages))
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}
