package web

import (
	"net/http"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
)

const usersPerPage = 50

// usersPage lists users for admins.
type usersPage struct {
	Layout
	Users     []*auth.User
	Query     string
	Role      string
	Province  string
	Roles     []auth.Role
	Provinces []geo.Province
	Pager     Pager
}

// ProvinceName returns the short name of a province code.
func (p *usersPage) ProvinceName(code string) string { return provinceName(p.Provinces, code) }

// userFormPage creates or edits a user.
type userFormPage struct {
	Layout
	formErrors
	IsNew     bool
	ID        auth.UserID
	Form      userForm
	User      *auth.User // the stored user, when editing
	Roles     []auth.Role
	Provinces []geo.Province
}

// userForm is the user form as typed (passwords are never sent back).
type userForm struct {
	Email         string
	Name          string
	Role          string
	ProvinceCode  string
	EnterpriseTax string
	Lang          string
	Disabled      bool
}

func provinceName(ps []geo.Province, code string) string {
	for _, p := range ps {
		if p.Code == code {
			return p.Short
		}
	}
	return code
}

func (h *Handler) handleUserList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := pageParam(q)
	p := &usersPage{Query: q.Get("q"), Role: q.Get("role"), Province: q.Get("province"), Roles: auth.Roles, Provinces: h.geo.Provinces}
	f := auth.UserFilter{Query: p.Query, Role: auth.Role(p.Role), ProvinceCode: p.Province,
		Offset: (page - 1) * usersPerPage, Limit: usersPerPage}
	users, total, err := h.auth.FindUsers(r.Context(), f)
	if err != nil {
		return err
	}
	p.Users, p.Pager = users, newPager(r, page, usersPerPage, total)
	return h.render(w, r, http.StatusOK, "users", text("users.title"), p)
}

// requireUsersManage refuses a request from someone who may not manage users.
func requireUsersManage(r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActUsersManage) {
		return fault.New(fault.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
	}
	return nil
}

func (h *Handler) handleUserNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUsersManage(r); err != nil {
		return err
	}
	p := &userFormPage{IsNew: true, Form: userForm{Lang: "vi"}, Roles: auth.Roles, Provinces: h.geo.Provinces}
	return h.render(w, r, http.StatusOK, "user_form", text("users.new_title"), p)
}

// readUserForm reads the posted user form and looks up the enterprise by
// tax code. notFound is set when a tax code was given and matches nothing.
func (h *Handler) readUserForm(r *http.Request) (f userForm, in auth.UserInput, notFound bool, err error) {
	f = userForm{
		Email: formValue(r, "email"), Name: formValue(r, "name"), Role: formValue(r, "role"),
		ProvinceCode: formValue(r, "province_code"), EnterpriseTax: formValue(r, "enterprise_tax_code"),
		Lang: formValue(r, "lang"), Disabled: r.PostFormValue("disabled") != "",
	}
	in = auth.UserInput{Email: f.Email, Name: f.Name, Password: r.PostFormValue("password"), Role: auth.Role(f.Role),
		ProvinceCode: f.ProvinceCode, Lang: f.Lang, Disabled: f.Disabled}
	if f.EnterpriseTax != "" && in.Role.NeedsEnterprise() {
		ents, _, err := h.registry.FindEnterprises(r.Context(), registry.Filter{Query: f.EnterpriseTax, Limit: 20})
		if err != nil {
			return f, in, false, err
		}
		for _, e := range ents {
			if e.TaxCode == f.EnterpriseTax {
				in.EnterpriseID = int64(e.ID)
			}
		}
		notFound = in.EnterpriseID == 0
		if notFound {
			in.EnterpriseID = -1 // the service rejects it; the form says the tax code is unknown
		}
	}
	return f, in, notFound, nil
}

// userFormErrors converts a service error for the form; the service's
// enterprise_id field is the form's tax code field.
func userFormErrors(lang string, err error, taxNotFound bool) formErrors {
	fe := newFormErrors(lang, err, map[string]string{"enterprise_id": "enterprise_tax_code"})
	if taxNotFound {
		fe.Errors["enterprise_tax_code"] = text("users.tax_not_found").In(lang)
	}
	return fe
}

func (h *Handler) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f, in, taxNotFound, err := h.readUserForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.auth.CreateUser(ctx, in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		status, _ := statusOf(err)
		p := &userFormPage{IsNew: true, Form: f, Roles: auth.Roles, Provinces: h.geo.Provinces,
			formErrors: userFormErrors(h.lang(r), err, taxNotFound)}
		return h.render(w, r, status, "user_form", text("users.new_title"), p)
	}
	h.flash(ctx, "success", text("flash.user_created"))
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(int64(u.ID), 10), http.StatusSeeOther)
	return nil
}

func (h *Handler) handleUserEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := requireUsersManage(r); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.auth.FindUserByID(ctx, auth.UserID(id))
	if err != nil {
		return err
	}
	f := userForm{Email: u.Email, Name: u.Name, Role: string(u.Role), ProvinceCode: u.ProvinceCode, Lang: u.Lang, Disabled: u.Disabled}
	if u.EnterpriseID != 0 {
		e, err := h.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(u.EnterpriseID))
		if err != nil && !fault.Is(err, fault.NotFound) {
			return err
		}
		if e != nil {
			f.EnterpriseTax = e.TaxCode
		}
	}
	p := &userFormPage{ID: u.ID, User: u, Form: f, Roles: auth.Roles, Provinces: h.geo.Provinces}
	return h.render(w, r, http.StatusOK, "user_form", text("users.edit_title"), p)
}

func (h *Handler) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f, in, taxNotFound, err := h.readUserForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := h.auth.UpdateUser(ctx, auth.UserID(id), in); err != nil {
		if !isFormError(err) {
			return err
		}
		u, ferr := h.auth.FindUserByID(ctx, auth.UserID(id))
		if ferr != nil {
			return ferr
		}
		status, _ := statusOf(err)
		p := &userFormPage{ID: auth.UserID(id), User: u, Form: f, Roles: auth.Roles, Provinces: h.geo.Provinces,
			formErrors: userFormErrors(h.lang(r), err, taxNotFound)}
		return h.render(w, r, status, "user_form", text("users.edit_title"), p)
	}
	h.flash(ctx, "success", text("flash.user_saved"))
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (h *Handler) handleUserResetTOTP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := h.auth.ResetTOTP(ctx, auth.UserID(id)); err != nil {
		return err
	}
	h.flash(ctx, "success", text("flash.totp_reset"))
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
