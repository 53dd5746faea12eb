package web

import (
	"net/http"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sheet"
	"nscl/internal/vn"
)

// registryFormPage registers an enterprise or edits its profile.
type registryFormPage struct {
	Layout
	formErrors
	IsNew      bool
	ID         registry.EnterpriseID
	Name       string // the enterprise's current name, for the breadcrumbs
	Form       entForm
	Locked     bool // the officer-only fields are shown but cannot be changed
	Provinces  []option
	Ownerships []option
	Editions   []option
	Statuses   []option
	Public     []option
}

// entForm is the profile form as typed.
type entForm struct {
	TaxCode, Name, NameEN, ShortName, Province, Commune, Address string
	VSIC, VSICEdition, Ownership, Founded, Status                string
	Email, Phone, Website, Person                                string
	Public                                                       map[string]bool
}

func formOf(e *registry.Enterprise) entForm {
	f := entForm{TaxCode: e.TaxCode, Name: e.Name, NameEN: e.NameEN, ShortName: e.ShortName, Province: e.ProvinceCode,
		Commune: e.Commune, Address: e.Address, VSIC: e.VSIC, Ownership: string(e.Ownership), Founded: isoToVN(e.FoundedOn),
		Status: string(e.Status), Email: e.Contact.Email, Phone: e.Contact.Phone, Website: e.Contact.Website, Person: e.Contact.Person,
		Public: map[string]bool{}}
	if e.VSICEdition != 0 {
		f.VSICEdition = strconv.Itoa(int(e.VSICEdition))
	}
	for _, p := range e.Public {
		f.Public[string(p)] = true
	}
	return f
}

func readEntForm(r *http.Request) entForm {
	f := entForm{TaxCode: formValue(r, "tax_code"), Name: formValue(r, "name"), NameEN: formValue(r, "name_en"),
		ShortName: formValue(r, "short_name"), Province: formValue(r, "province_code"), Commune: formValue(r, "commune"),
		Address: formValue(r, "address"), VSIC: formValue(r, "vsic"), VSICEdition: formValue(r, "vsic_edition"),
		Ownership: formValue(r, "ownership"), Founded: formValue(r, "founded_on"), Status: formValue(r, "status"),
		Email: formValue(r, "email"), Phone: formValue(r, "phone"), Website: formValue(r, "website"), Person: formValue(r, "person"),
		Public: map[string]bool{}}
	for _, v := range r.PostForm["public"] {
		f.Public[v] = true
	}
	return f
}

func (f entForm) edition() registry.VSICEdition {
	if f.VSICEdition == "" {
		return registry.VSIC2025
	}
	n, err := strconv.Atoi(f.VSICEdition)
	if err != nil {
		return -1 // the service names the field
	}
	return registry.VSICEdition(n)
}

func (f entForm) public() []registry.PublicField {
	out := []registry.PublicField{}
	for _, p := range registry.PublicFields {
		if f.Public[string(p)] {
			out = append(out, p)
		}
	}
	return out
}

func (f entForm) contact() registry.Contact {
	return registry.Contact{Email: f.Email, Phone: f.Phone, Website: f.Website, Person: f.Person}
}

// formPage fills the choices of the profile form.
func (h *Handler) formPage(lang string, p *registryFormPage) *registryFormPage {
	p.Provinces = h.provinceOptions(p.Form.Province)
	p.Ownerships = ownershipOptions(lang, registry.Ownership(p.Form.Ownership))
	ed := p.Form.VSICEdition
	if ed == "" {
		ed = "2025"
	}
	p.Editions = []option{{Value: "2025", Label: "VSIC 2025 (QĐ 36/2025/QĐ-TTg)", Selected: ed == "2025"},
		{Value: "2018", Label: "VSIC 2018 (QĐ 27/2018/QĐ-TTg)", Selected: ed == "2018"}}
	p.Statuses = []option{{Value: string(registry.StatusActive), Label: text("reg.status_active").In(lang), Selected: p.Form.Status != string(registry.StatusDissolved)},
		{Value: string(registry.StatusDissolved), Label: text("reg.status_dissolved").In(lang), Selected: p.Form.Status == string(registry.StatusDissolved)}}
	for _, f := range registry.PublicFields {
		p.Public = append(p.Public, option{Value: string(f), Label: publicLabel(f).In(lang), Selected: p.Form.Public[string(f)]})
	}
	return p
}

func (h *Handler) handleEnterpriseNew(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if err := requireEnterpriseManage(a); err != nil {
		return err
	}
	f := entForm{Province: a.ProvinceCode, VSICEdition: "2025", Public: map[string]bool{}}
	p := h.formPage(h.lang(r), &registryFormPage{IsNew: true, Form: f})
	return h.render(w, r, http.StatusOK, "registry_form", text("reg.new_title"), p)
}

func (h *Handler) handleEnterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	f := readEntForm(r)
	in := registry.Enterprise{TaxCode: f.TaxCode, Name: f.Name, NameEN: f.NameEN, ShortName: f.ShortName, ProvinceCode: f.Province,
		Commune: f.Commune, Address: f.Address, VSIC: f.VSIC, VSICEdition: f.edition(), Ownership: registry.Ownership(f.Ownership),
		FoundedOn: f.Founded, Contact: f.contact(), Public: f.public(), Status: registry.Status(f.Status)}
	e, err := h.registry.CreateEnterprise(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := h.formPage(h.lang(r), &registryFormPage{IsNew: true, Form: f, formErrors: newFormErrors(h.lang(r), err, nil)})
		return h.render(w, r, formStatus(err), "registry_form", text("reg.new_title"), p)
	}
	h.flash(r.Context(), "success", text("reg.flash_created"))
	redirect(w, r, entURL(e.ID))
	return nil
}

func (h *Handler) handleEnterpriseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := actor(r)
	if err != nil {
		return err
	}
	e, err := h.registry.FindEnterpriseByID(r.Context(), registry.EnterpriseID(id))
	if err != nil {
		return err
	}
	if !auth.Allowed(a, auth.ActEnterpriseEdit, entScope(e)) {
		return fault.New(fault.Forbidden, "Bạn không có quyền sửa hồ sơ doanh nghiệp này.", "You may not edit this enterprise.")
	}
	p := h.formPage(h.lang(r), &registryFormPage{ID: e.ID, Name: e.Name, Form: formOf(e),
		Locked: !auth.Allowed(a, auth.ActEnterpriseManage, entScope(e))})
	return h.render(w, r, http.StatusOK, "registry_form", text("reg.edit_title"), p)
}

func (h *Handler) handleEnterpriseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := actor(r)
	if err != nil {
		return err
	}
	f := readEntForm(r)
	ed, own, contact, pub := f.edition(), registry.Ownership(f.Ownership), f.contact(), f.public()
	u := registry.EnterpriseUpdate{Name: &f.Name, NameEN: &f.NameEN, ShortName: &f.ShortName, Commune: &f.Commune, Address: &f.Address,
		VSIC: &f.VSIC, VSICEdition: &ed, Ownership: &own, FoundedOn: &f.Founded, Contact: &contact, Public: &pub}
	// The officer-only fields are sent only by officers' forms (they are
	// disabled on an enterprise user's); the service refuses them to others.
	if _, ok := r.PostForm["tax_code"]; ok {
		u.TaxCode = &f.TaxCode
	}
	if _, ok := r.PostForm["province_code"]; ok {
		u.ProvinceCode = &f.Province
	}
	if _, ok := r.PostForm["status"]; ok {
		st := registry.Status(f.Status)
		u.Status = &st
	}
	e, err := h.registry.UpdateEnterprise(r.Context(), registry.EnterpriseID(id), u)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		cur, ferr := h.registry.FindEnterpriseByID(r.Context(), registry.EnterpriseID(id))
		if ferr != nil {
			return ferr
		}
		locked := !auth.Allowed(a, auth.ActEnterpriseManage, entScope(cur))
		if locked {
			f.TaxCode, f.Province, f.Status = cur.TaxCode, cur.ProvinceCode, string(cur.Status)
		}
		p := h.formPage(h.lang(r), &registryFormPage{ID: cur.ID, Name: cur.Name, Form: f, Locked: locked,
			formErrors: newFormErrors(h.lang(r), err, nil)})
		return h.render(w, r, formStatus(err), "registry_form", text("reg.edit_title"), p)
	}
	h.flash(r.Context(), "success", text("reg.flash_updated"))
	redirect(w, r, entURL(e.ID))
	return nil
}

// registryFiguresPage adds or changes the figures of one year.
type registryFiguresPage struct {
	Layout
	formErrors
	Ent    *registry.Enterprise
	Href   string
	Form   figuresForm
	Exists bool // the year already has figures: the form replaces them
}

type figuresForm struct {
	Year, Employees, Revenue, Capital, ValueAdded, EnergyKWh, Exports string
}

func plain(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func (h *Handler) handleFiguresForm(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	e, err := h.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(id))
	if err != nil {
		return err
	}
	p := &registryFiguresPage{Ent: e, Href: entURL(e.ID)}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	p.Form.Year = strconv.Itoa(time.Now().In(vn.Zone).Year() - 1)
	if year > 0 {
		p.Form.Year = strconv.Itoa(year)
		ms, err := h.registry.FindFigures(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Year == year {
				p.Exists = true
				p.Form = figuresForm{Year: strconv.Itoa(year), Employees: plain(m.Employees), Revenue: plain(m.Revenue), Capital: plain(m.Capital),
					ValueAdded: plain(m.ValueAdded), EnergyKWh: plain(m.EnergyKWh), Exports: plain(m.Exports)}
			}
		}
	}
	return h.render(w, r, http.StatusOK, "registry_figures", text("reg.figures_title"), p)
}

func (h *Handler) handleFiguresPut(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	form := figuresForm{Year: formValue(r, "year"), Employees: formValue(r, "employees"), Revenue: formValue(r, "revenue"),
		Capital: formValue(r, "capital"), ValueAdded: formValue(r, "value_added"), EnergyKWh: formValue(r, "energy_kwh"),
		Exports: formValue(r, "exports")}
	bad := fault.Fields{}
	num := func(name, v string, money bool) *int64 {
		if v == "" {
			return nil
		}
		var n int64
		var err error
		if money {
			n, err = sheet.ParseMoney(v)
		} else {
			n, err = sheet.ParseInt(v)
		}
		if err != nil {
			bad.Add(name, "Vui lòng nhập một số nguyên, ví dụ 1.234.567 (tiền có thể viết 12,5 tỷ).",
				"Please enter a whole number, e.g. 1,234,567 (amounts may be written 12.5 tỷ).")
			return nil
		}
		return &n
	}
	f := registry.Figures{Employees: num("employees", form.Employees, false), Revenue: num("revenue", form.Revenue, true),
		Capital: num("capital", form.Capital, true), ValueAdded: num("value_added", form.ValueAdded, true),
		EnergyKWh: num("energy_kwh", form.EnergyKWh, false), Exports: num("exports", form.Exports, true)}
	if y, err := strconv.Atoi(form.Year); err == nil {
		f.Year = y
	} else {
		bad.Add("year", "Vui lòng nhập năm, ví dụ 2024.", "Please enter a year, e.g. 2024.")
	}
	ctx := r.Context()
	err = bad.Err()
	if err == nil {
		_, err = h.registry.PutFigures(ctx, registry.EnterpriseID(id), f)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		e, ferr := h.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(id))
		if ferr != nil {
			return ferr
		}
		p := &registryFiguresPage{Ent: e, Href: entURL(e.ID), Form: form, formErrors: newFormErrors(h.lang(r), err, nil)}
		return h.render(w, r, formStatus(err), "registry_figures", text("reg.figures_title"), p)
	}
	h.flash(ctx, "success", fmtText(text("reg.flash_figures"), "{year}", strconv.Itoa(f.Year)))
	redirect(w, r, entURL(registry.EnterpriseID(id))+"#figures")
	return nil
}

func (h *Handler) handleFiguresDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	year, err := pathID(r, "year")
	if err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	if _, err := h.registry.DeleteFigures(r.Context(), registry.EnterpriseID(id), int(year)); err != nil {
		return err
	}
	h.flash(r.Context(), "success", fmtText(text("reg.flash_figures_deleted"), "{year}", strconv.FormatInt(year, 10)))
	redirect(w, r, entURL(registry.EnterpriseID(id))+"#figures")
	return nil
}
