package web

import (
	"context"
	"net/http"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// The directory pages: the public search of experts and organisations,
// the profiles, the officers' forms, the expert's own profile with consents
// and data rights, and the administrators' personal-data requests.
// Authorization is the directory service's; pages only hide what the actor
// cannot do.

// registerDirectory registers the directory pages.
func (h *Handler) registerDirectory(mux Router) {
	h.handle(mux, "GET /experts", h.handleExpertList)
	h.handle(mux, "GET /experts/new", h.handleExpertNew)
	h.handle(mux, "POST /experts", h.handleExpertCreate)
	h.handle(mux, "GET /experts/export.xlsx", h.handleExpertExport)
	h.handle(mux, "GET /experts/import", h.handleDirectoryImportForm)
	h.handle(mux, "POST /experts/import", h.handleDirectoryImport)
	h.handle(mux, "GET /experts/me", h.handleMyProfile)
	h.handle(mux, "POST /experts/me", h.handleMyProfileSave)
	h.handle(mux, "GET /experts/me/privacy", h.handleMyPrivacy)
	h.handle(mux, "POST /experts/me/consents", h.handleMyConsents)
	h.handle(mux, "GET /experts/me/data.json", h.handleMyData)
	h.handle(mux, "POST /experts/me/deletion", h.handleMyDeletion)
	h.handle(mux, "GET /experts/me/relations", h.handleMyRelations)
	h.handle(mux, "POST /experts/me/relations", h.handleMyRelationDeclare)
	h.handle(mux, "POST /experts/me/relations/{enterprise}/delete", h.handleMyRelationRemove)
	h.handle(mux, "GET /experts/{id}", h.handleExpertShow)
	h.handle(mux, "GET /experts/{id}/edit", h.handleExpertEdit)
	h.handle(mux, "POST /experts/{id}", h.handleExpertUpdate)
	h.handle(mux, "GET /organisations", h.handleOrgList)
	h.handle(mux, "GET /organisations/new", h.handleOrgNew)
	h.handle(mux, "POST /organisations", h.handleOrgCreate)
	h.handle(mux, "GET /organisations/{id}", h.handleOrgShow)
	h.handle(mux, "GET /organisations/{id}/edit", h.handleOrgEdit)
	h.handle(mux, "POST /organisations/{id}", h.handleOrgUpdate)
	h.handle(mux, "GET /admin/privacy", h.handlePrivacyList)
	h.handle(mux, "POST /admin/privacy/{id}/carry-out", h.handlePrivacyCarryOut)
}

// directoryPages are the page models of the directory area.
func directoryPages() map[string]page {
	return map[string]page{
		"directory_experts":     &dirExpertsPage{},
		"directory_expert":      &dirExpertPage{},
		"directory_expert_form": &dirExpertFormPage{},
		"directory_privacy":     &dirPrivacyPage{},
		"directory_orgs":        &dirOrgsPage{},
		"directory_org":         &dirOrgPage{},
		"directory_org_form":    &dirOrgFormPage{},
		"directory_requests":    &dirRequestsPage{},
		"directory_import":      &dirImportPage{},
		"directory_relations":   &dirRelationsPage{},
	}
}

// dirBase has the helpers of the directory pages.
type dirBase struct {
	Tab string // "experts" or "organisations": the tab in force
}

// Day formats a "2006-01-02" date as dd/mm/yyyy ("—" when empty).
func (dirBase) Day(s string) string {
	if s == "" {
		return "—"
	}
	return isoToVN(s)
}

// toolNames returns the catalogue's tool names in lang, by code.
func (h *Handler) dirToolNames(ctx context.Context, lang string) ([]catalog.Tool, map[catalog.ToolCode]string) {
	ts, err := h.directory.Tools(ctx)
	if err != nil {
		ts = nil
	}
	names := make(map[catalog.ToolCode]string, len(ts))
	for _, t := range ts {
		n := t.Name.In(lang)
		if n == "" {
			n = string(t.Code)
		}
		names[t.Code] = n
	}
	return ts, names
}

// dirSectorLabel names a sector (a priority industry or "other").
func dirSectorLabel(s string) fault.Text {
	if s == directory.OtherSector {
		return fault.Text{Vi: "Ngành khác", En: "Other industries"}
	}
	return registry.Industry(s).Label()
}

// dirSectorOptions lists the 8 priority industries and "other".
func dirSectorOptions(lang string, selected func(string) bool) []option {
	var out []option
	for _, i := range registry.Industries {
		out = append(out, option{Value: string(i), Label: i.Label().In(lang), Selected: selected(string(i))})
	}
	return append(out, option{Value: directory.OtherSector, Label: dirSectorLabel(directory.OtherSector).In(lang), Selected: selected(directory.OtherSector)})
}

func dirExpertHref(id directory.ExpertID) string { return directory.ExpertURL(id) }

func dirOrgHref(id directory.OrganisationID) string { return directory.OrganisationURL(id) }

func dirCanManageDirectory(r *http.Request) bool {
	return auth.Can(auth.ActorFrom(r.Context()), auth.ActDirectoryManage)
}

func dirCanOwnProfile(r *http.Request) bool {
	return auth.Can(auth.ActorFrom(r.Context()), auth.ActExpertProfile)
}

// dirAnyID reads the {id} of the path for anyone (public pages).
func dirAnyID(r *http.Request) (int64, error) { return pathID(r, "id") }

func dirItoa64(n int64) string { return strconv.FormatInt(n, 10) }
