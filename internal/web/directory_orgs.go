package web

import (
	"net/http"

	"nscl/internal/directory"
	"nscl/internal/fault"
)

const dirOrgPageSize = 20

// dirOrgsPage is the organisation search.
type dirOrgsPage struct {
	Layout
	dirBase
	Q         string
	Kinds     []option
	Provinces []option
	Rows      []dirOrgRow
	Pager     Pager
	CanManage bool
	Filtered  bool
}

type dirOrgRow struct {
	*directory.Organisation
	Href, KindLabel, Province string
}

func (h *Handler) handleOrgList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := pageParam(q)
	f := directory.OrgFilter{Query: q.Get("q"), Kind: directory.OrgKind(q.Get("kind")), Province: q.Get("province"),
		Offset: (page - 1) * dirOrgPageSize, Limit: dirOrgPageSize}
	os, total, err := h.directory.SearchOrganisations(r.Context(), f)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &dirOrgsPage{dirBase: dirBase{Tab: "organisations"}, Q: q.Get("q"), CanManage: dirCanManageDirectory(r),
		Pager: newPager(r, page, dirOrgPageSize, total), Provinces: h.provinceOptions(q.Get("province"))}
	for _, o := range os {
		p.Rows = append(p.Rows, dirOrgRow{Organisation: o, Href: dirOrgHref(o.ID), KindLabel: o.Kind.Label().In(lang), Province: h.dirProvName(o.ProvinceCode)})
	}
	for _, k := range directory.OrgKinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: q.Get("kind") == string(k)})
	}
	p.Filtered = q.Get("q") != "" || q.Get("kind") != "" || q.Get("province") != ""
	return h.render(w, r, http.StatusOK, "directory_orgs", text("dir.orgs_title"), p)
}

func (h *Handler) dirProvName(code string) string {
	if code == "" {
		return "—"
	}
	return h.geo.Name(code)
}

// dirOrgPage is one organisation with its members.
type dirOrgPage struct {
	Layout
	dirBase
	O            directory.Organisation
	KindLabel    string
	Province     string
	Accredited   bool
	EntHref      string
	Members      []dirExpertRow
	Pager        Pager
	CanManage    bool
	IsTestingLab bool
}

func (h *Handler) handleOrgShow(w http.ResponseWriter, r *http.Request) error {
	id, err := dirAnyID(r)
	if err != nil {
		return err
	}
	o, err := h.directory.Organisation(r.Context(), directory.OrganisationID(id))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	page := pageParam(r.URL.Query())
	es, total, err := h.directory.SearchExperts(r.Context(), directory.ExpertFilter{OrganisationID: o.ID, Offset: (page - 1) * dirExpertPageSize, Limit: dirExpertPageSize})
	if err != nil {
		return err
	}
	_, names := h.dirToolNames(r.Context(), lang)
	p := &dirOrgPage{dirBase: dirBase{Tab: "organisations"}, O: *o, KindLabel: o.Kind.Label().In(lang), Province: h.dirProvName(o.ProvinceCode),
		Accredited: o.AccreditationValid(h.directory.Today()), CanManage: dirCanManageDirectory(r), IsTestingLab: o.Kind == directory.OrgTestingLab,
		Pager: newPager(r, page, dirExpertPageSize, total)}
	if o.EnterpriseID != 0 && dirAuth0(r) != nil {
		p.EntHref = "/enterprises/" + dirItoa64(o.EnterpriseID)
	}
	for _, e := range es {
		p.Members = append(p.Members, h.dirExpertRow(e, lang, names))
	}
	return h.render(w, r, http.StatusOK, "directory_org", fault.Text{Vi: o.Name, En: o.Name}, p)
}

// dirOrgFormPage is the organisation form (officers).
type dirOrgFormPage struct {
	Layout
	dirBase
	formErrors
	IsNew     bool
	ID        int64
	Action    string
	Form      directory.Organisation
	Kinds     []option
	Provinces []option
}

func (h *Handler) orgFormPage(r *http.Request, o directory.Organisation) *dirOrgFormPage {
	lang := h.lang(r)
	p := &dirOrgFormPage{dirBase: dirBase{Tab: "organisations"}, Form: o, Provinces: h.provinceOptions(o.ProvinceCode), ID: int64(o.ID)}
	p.Form.ValidFrom, p.Form.ValidTo = isoToVN(o.ValidFrom), isoToVN(o.ValidTo)
	for _, k := range directory.OrgKinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: o.Kind == k})
	}
	return p
}

func dirReadOrgForm(r *http.Request) directory.Organisation {
	return directory.Organisation{Kind: directory.OrgKind(formValue(r, "kind")), Name: formValue(r, "name"), ShortName: formValue(r, "short_name"),
		TaxCode: formValue(r, "tax_code"), ProvinceCode: formValue(r, "province_code"), Address: formValue(r, "address"),
		Website: formValue(r, "website"), Email: formValue(r, "email"), Phone: formValue(r, "phone"), Description: formValue(r, "description"),
		VILAS: formValue(r, "vilas_number"), ValidFrom: formValue(r, "vilas_valid_from"), ValidTo: formValue(r, "vilas_valid_to"),
		TestScope: formValue(r, "test_scope"), Equipment: formValue(r, "equipment"), Status: formValue(r, "status")}
}

func (h *Handler) dirManagerOnly(r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if !dirCanManageDirectory(r) {
		return fault.New(fault.Forbidden, "Bạn không có quyền quản lý danh bạ.", "You may not manage the directory.")
	}
	return nil
}

func (h *Handler) handleOrgNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	p := h.orgFormPage(r, directory.Organisation{Kind: directory.OrgConsulting})
	p.IsNew, p.Action = true, "/organisations"
	return h.render(w, r, http.StatusOK, "directory_org_form", text("dir.new_org"), p)
}

func (h *Handler) saveOrg(w http.ResponseWriter, r *http.Request, id int64, save func(o directory.Organisation) (*directory.Organisation, error)) error {
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := dirReadOrgForm(r)
	o, err := save(in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		in.ID = directory.OrganisationID(id)
		p := h.orgFormPage(r, in)
		p.Form.ValidFrom, p.Form.ValidTo = in.ValidFrom, in.ValidTo // as typed
		p.IsNew, p.Action = id == 0, "/organisations"
		if id != 0 {
			p.Action = dirOrgHref(directory.OrganisationID(id))
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, formStatus(err), "directory_org_form", text("dir.new_org"), p)
	}
	h.flash(r.Context(), "success", text("dir.flash_saved"))
	redirect(w, r, dirOrgHref(o.ID))
	return nil
}

func (h *Handler) handleOrgCreate(w http.ResponseWriter, r *http.Request) error {
	return h.saveOrg(w, r, 0, func(o directory.Organisation) (*directory.Organisation, error) {
		return h.directory.CreateOrganisation(r.Context(), o)
	})
}

func (h *Handler) handleOrgEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := h.dirManagerOnly(r); err != nil {
		return err
	}
	o, err := h.directory.Organisation(r.Context(), directory.OrganisationID(id))
	if err != nil {
		return err
	}
	p := h.orgFormPage(r, *o)
	p.Action = dirOrgHref(o.ID)
	return h.render(w, r, http.StatusOK, "directory_org_form", text("dir.edit_org"), p)
}

func (h *Handler) handleOrgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.saveOrg(w, r, id, func(o directory.Organisation) (*directory.Organisation, error) {
		return h.directory.UpdateOrganisation(r.Context(), directory.OrganisationID(id), o)
	})
}
