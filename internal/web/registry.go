package web

import (
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/httpx"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The enterprise registry pages: the list with search, filters and facets;
// the profile with figures, chart, eligibility, officer judgement,
// activities and history; the profile and figures forms; claims; and the
// programme settings. Authorization is the registry service's; the pages
// only hide what the actor cannot do.

// registerRegistry registers the enterprise registry pages.
func (h *Handler) registerRegistry(mux Router) {
	h.handle(mux, "GET /enterprises", h.handleEnterpriseList)
	h.handle(mux, "GET /enterprises/new", h.handleEnterpriseNew)
	h.handle(mux, "POST /enterprises", h.handleEnterpriseCreate)
	h.handle(mux, "GET /enterprises/{id}", h.handleEnterpriseShow)
	// The pages and forms of one enterprise: GET …/edit and …/figures(?year=),
	// POST …/edit, …/figures, …/judgement and …/activities. One pattern per
	// method, so that the fixed paths under /enterprises/ (import/{id}, …)
	// stay more specific than these instead of conflicting with them.
	h.handle(mux, "GET /enterprises/{id}/{page}", h.enterprisePage(map[string]httpx.HandlerFunc{
		"edit":    h.handleEnterpriseEdit,
		"figures": h.handleFiguresForm,
	}))
	h.handle(mux, "POST /enterprises/{id}/{page}", h.enterprisePage(map[string]httpx.HandlerFunc{
		"edit":       h.handleEnterpriseUpdate,
		"figures":    h.handleFiguresPut,
		"judgement":  h.handleJudgement,
		"activities": h.handleActivityCreate,
	}))
	h.handle(mux, "POST /enterprises/{id}/figures/{year}/delete", h.handleFiguresDelete)
	h.handle(mux, "GET /enterprises/claims", h.handleClaimList)
	h.handle(mux, "POST /enterprises/claims", h.handleClaimCreate)
	h.handle(mux, "POST /enterprises/claims/{id}/decide", h.handleClaimDecide)
	h.handle(mux, "GET /admin/settings", h.handleSettings)
	h.handle(mux, "POST /admin/settings", h.handleSettingCreate)
}

// enterprisePage dispatches the {page} of an enterprise to its handler; an
// unknown page is 404.
func (h *Handler) enterprisePage(pages map[string]httpx.HandlerFunc) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		fn, ok := pages[r.PathValue("page")]
		if !ok {
			return &fault.Error{Kind: fault.NotFound, Message: text("error.page_not_found")}
		}
		return fn(w, r)
	}
}

// registryPages are the page models of the registry.
func registryPages() map[string]page {
	return map[string]page{
		"registry_list":     &registryListPage{},
		"registry_claim":    &registryClaimPage{},
		"registry_show":     &registryShowPage{},
		"registry_form":     &registryFormPage{},
		"registry_figures":  &registryFiguresPage{},
		"registry_claims":   &registryClaimsPage{},
		"registry_settings": &registrySettingsPage{},
	}
}

// regBase has the number and date helpers of the registry pages.
type regBase struct{}

// Money formats an optional amount of đồng ("—" when unset).
func (regBase) Money(v *int64) string {
	if v == nil {
		return "—"
	}
	return vn.Money(*v)
}

// Int formats an optional whole number ("—" when unset).
func (regBase) Int(v *int64) string {
	if v == nil {
		return "—"
	}
	return vn.Int(*v)
}

// Productivity formats labour productivity in đồng per employee.
func (regBase) Productivity(v *float64) string {
	if v == nil {
		return "—"
	}
	return vn.Int(int64(*v+0.5)) + " ₫"
}

// Growth formats a growth fraction as a signed percentage with one decimal.
func (regBase) Growth(v *float64) string {
	if v == nil {
		return "—"
	}
	s := vn.Decimal(*v*100, 1) + " %"
	if *v > 0 {
		s = "+" + s
	}
	return s
}

// GrowthClass is "up" or "down" for a growth, "" for none.
func (regBase) GrowthClass(v *float64) string {
	switch {
	case v == nil || *v == 0:
		return ""
	case *v > 0:
		return "up"
	}
	return "down"
}

// Day formats a "2006-01-02" date as dd/mm/yyyy.
func (regBase) Day(s string) string { return isoToVN(s) }

// SizeBadge is the badge class of a size class.
func (regBase) SizeBadge(c registry.SizeClass) string {
	switch c {
	case registry.SizeMicro, registry.SizeSmall, registry.SizeMedium:
		return "badge-ok"
	case registry.SizeLarge:
		return "badge-info"
	}
	return "badge-muted"
}

// isoToVN turns "2006-01-02" into "02/01/2006" ("" stays "").
func isoToVN(s string) string {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return s[8:10] + "/" + s[5:7] + "/" + s[0:4]
	}
	return s
}

// entScope is the policy scope of an enterprise.
func entScope(e *registry.Enterprise) auth.Scope {
	return auth.Scope{ProvinceCode: e.ProvinceCode, EnterpriseID: int64(e.ID)}
}

// entURL is the profile page of an enterprise.
func entURL(id registry.EnterpriseID) string {
	return "/enterprises/" + strconv.FormatInt(int64(id), 10)
}

// fmtText fills {n}-style placeholders of a catalogue text.
func fmtText(t fault.Text, pairs ...string) fault.Text {
	r := strings.NewReplacer(pairs...)
	return fault.Text{Vi: r.Replace(t.Vi), En: r.Replace(t.En)}
}

// industryLabel names an industry, "Ngành khác" for none.
func industryLabel(i registry.Industry) fault.Text { return i.Label() }

// vsicLabel is "2220 — Sản xuất sản phẩm từ plastic" style text of an
// enterprise's main line (division name).
func vsicLabel(e *registry.Enterprise) string {
	if e.VSIC == "" {
		return ""
	}
	if name, ok := registry.VSICDivisionName(e.VSICEdition, e.VSIC[:2]); ok {
		return e.VSIC + " — " + name
	}
	return e.VSIC
}

// requireEnterpriseManage refuses actors who may not register enterprises
// anywhere (the GET of the create form; the service checks the POST).
func requireEnterpriseManage(a *auth.Actor) error {
	if !auth.Can(a, auth.ActEnterpriseManage) {
		return fault.New(fault.Forbidden, "Bạn không có quyền đăng ký doanh nghiệp.", "You may not register enterprises.")
	}
	return nil
}

// requireSettingsManage refuses actors who may not change programme settings.
func requireSettingsManage(a *auth.Actor) error {
	if !auth.Can(a, auth.ActSettingsManage) {
		return fault.New(fault.Forbidden, "Chỉ cán bộ Bộ và quản trị viên được thay đổi thiết lập chương trình.",
			"Only ministry officers and admins may change programme settings.")
	}
	return nil
}

// formStatus is the status of a form shown again with errors.
func formStatus(err error) int {
	s, _ := statusOf(err)
	return s
}

// option is a select option.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// provinceOptions lists the 34 units, selected marked.
func (h *Handler) provinceOptions(selected string) []option {
	out := make([]option, 0, len(h.geo.Provinces))
	for _, p := range h.geo.Provinces {
		out = append(out, option{Value: p.Code, Label: p.Short, Selected: p.Code == selected})
	}
	return out
}

// ownershipOptions lists the ownership types in lang.
func ownershipOptions(lang string, selected registry.Ownership) []option {
	out := make([]option, 0, len(registry.Ownerships))
	for _, o := range registry.Ownerships {
		out = append(out, option{Value: string(o), Label: o.Label().In(lang), Selected: o == selected})
	}
	return out
}

// publicLabel names a field an enterprise may make public.
func publicLabel(f registry.PublicField) fault.Text {
	switch f {
	case registry.PublicAddress:
		return text("reg.public_address")
	case registry.PublicContact:
		return text("reg.public_contact")
	case registry.PublicWebsite:
		return text("reg.public_website")
	case registry.PublicEmployees:
		return text("reg.public_employees")
	case registry.PublicRevenue:
		return text("reg.public_revenue")
	case registry.PublicFounded:
		return text("reg.public_founded")
	}
	return fault.Text{Vi: string(f), En: string(f)}
}

// historyLabel names a change of an enterprise.
func historyLabel(action string) fault.Text {
	switch action {
	case "enterprise.create":
		return text("reg.h.create")
	case "enterprise.update":
		return text("reg.h.update")
	case "enterprise.judge":
		return text("reg.h.judge")
	case "enterprise.figures.put":
		return text("reg.h.figures_put")
	case "enterprise.figures.delete":
		return text("reg.h.figures_delete")
	case "enterprise.activity.create":
		return text("reg.h.activity")
	case "enterprise.link_parent":
		return text("reg.h.link_parent")
	}
	return fault.Text{Vi: action, En: action}
}

// settingTexts are the title and the explanation of a setting.
func settingTexts(k registry.SettingKey) (title, intro fault.Text) {
	switch k {
	case registry.SettingBreadth:
		return text("reg.setting_breadth"), text("reg.setting_breadth_intro")
	case registry.SettingDepth:
		return text("reg.setting_depth"), text("reg.setting_depth_intro")
	}
	return fault.Text{Vi: string(k), En: string(k)}, fault.Text{}
}
