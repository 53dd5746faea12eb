package web

import (
	"net/http"
	"net/url"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/httpx"
)

// loginPage is the sign-in form.
type loginPage struct {
	Layout
	formErrors
	Email string
	Next  string
}

// login2FAPage asks for the two-factor code after a correct password.
type login2FAPage struct {
	Layout
	formErrors
	Next string
}

// forgotPage asks for the email to send a reset link to.
type forgotPage struct {
	Layout
	formErrors
	Email string
}

// forgotSentPage says a link was sent if the account exists.
type forgotSentPage struct {
	Layout
}

// resetPage asks for the new password of a reset link.
type resetPage struct {
	Layout
	formErrors
	Token string
}

func (h *Handler) handleLoginShow(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if !auth.ActorFrom(r.Context()).IsAnonymous() {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return h.renderPublic(w, r, "login", text("login.title"), &loginPage{Next: next})
}

func (h *Handler) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	email, next := formValue(r, "email"), safeNext(formValue(r, "next"))
	res, err := h.auth.Login(ctx, email, r.PostFormValue("password"), httpx.ClientIP(r))
	if err != nil {
		switch fault.KindOf(err) {
		case fault.Unauthenticated, fault.TooMany, fault.Forbidden, fault.Invalid:
			status, _ := statusOf(err)
			p := &loginPage{Email: email, Next: next, formErrors: newFormErrors(h.lang(r), err, nil)}
			return h.render(w, r, status, "login", text("login.title"), p)
		}
		return err
	}
	if res.NeedTOTP {
		if err := h.authn.SetPending(ctx, res.User); err != nil {
			return err
		}
		to := "/login/2fa"
		if next != "/" {
			to += "?next=" + url.QueryEscape(next)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	if err := h.authn.SignIn(ctx, res.User); err != nil {
		return err
	}
	if res.MustEnrolTOTP {
		h.flash(ctx, "info", text("flash.must_enrol_totp"))
		http.Redirect(w, r, "/account/2fa", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (h *Handler) handleLogin2FAShow(w http.ResponseWriter, r *http.Request) error {
	if h.authn.Pending(r.Context()) == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	p := &login2FAPage{Next: safeNext(r.URL.Query().Get("next"))}
	return h.render(w, r, http.StatusOK, "login_2fa", text("login2fa.title"), p)
}

func (h *Handler) handleLogin2FA(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	id := h.authn.Pending(ctx)
	if id == 0 {
		h.flash(ctx, "info", text("flash.login_again"))
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	next := safeNext(formValue(r, "next"))
	u, err := h.auth.CompleteTOTP(ctx, id, formValue(r, "code"), httpx.ClientIP(r))
	if err != nil {
		switch fault.KindOf(err) {
		case fault.Unauthenticated, fault.TooMany, fault.Invalid:
			status, _ := statusOf(err)
			fe := newFormErrors(h.lang(r), err, nil)
			fe.Errors["code"] = fe.Message
			p := &login2FAPage{Next: next, formErrors: fe}
			return h.render(w, r, status, "login_2fa", text("login2fa.title"), p)
		case fault.NotFound:
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return nil
		}
		return err
	}
	if err := h.authn.SignIn(ctx, u); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	if err := h.authn.SignOut(ctx); err != nil {
		return err
	}
	// The new anonymous session keeps the language the user was reading.
	h.authn.SetLang(ctx, lang)
	h.flash(ctx, "success", text("flash.logged_out"))
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (h *Handler) handleForgotShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderPublic(w, r, "forgot", text("forgot.title"), &forgotPage{})
}

func (h *Handler) handleForgot(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := formValue(r, "email")
	if email == "" {
		err := (&fault.Error{Kind: fault.Invalid, Message: text("form.invalid")}).Field("email",
			text("forgot.email_required").Vi, text("forgot.email_required").En)
		p := &forgotPage{Email: email, formErrors: newFormErrors(h.lang(r), err, nil)}
		return h.render(w, r, http.StatusUnprocessableEntity, "forgot", text("forgot.title"), p)
	}
	if err := h.auth.RequestPasswordReset(r.Context(), email, httpx.ClientIP(r)); err != nil {
		if fault.Is(err, fault.TooMany) {
			p := &forgotPage{Email: email, formErrors: newFormErrors(h.lang(r), err, nil)}
			return h.render(w, r, http.StatusTooManyRequests, "forgot", text("forgot.title"), p)
		}
		return err
	}
	return h.render(w, r, http.StatusOK, "forgot_sent", text("forgot.title"), &forgotSentPage{})
}

func (h *Handler) handleResetShow(w http.ResponseWriter, r *http.Request) error {
	p := &resetPage{Token: r.PathValue("token")}
	return h.render(w, r, http.StatusOK, "reset", text("reset.title"), p)
}

func (h *Handler) handleReset(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	token := r.PathValue("token")
	password, password2 := r.PostFormValue("password"), r.PostFormValue("password2")
	var err error
	if password != password2 {
		m := text("form.password_mismatch")
		err = (&fault.Error{Kind: fault.Invalid, Message: text("form.invalid")}).Field("password2", m.Vi, m.En)
	} else {
		err = h.auth.ResetPassword(r.Context(), token, password)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := &resetPage{Token: token, formErrors: newFormErrors(h.lang(r), err, nil)}
		return h.render(w, r, http.StatusUnprocessableEntity, "reset", text("reset.title"), p)
	}
	h.flash(r.Context(), "success", text("flash.password_reset"))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// handleLang switches the language: for a signed-in user it is saved on
// the account (so it follows them to the next sign-in), and in the session.
func (h *Handler) handleLang(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	lang := r.PostFormValue("lang")
	if lang != "vi" && lang != "en" {
		return badRequest(nil)
	}
	ctx := r.Context()
	if !auth.ActorFrom(ctx).IsAnonymous() {
		if err := h.auth.SetLanguage(ctx, lang); err != nil {
			return err
		}
	}
	h.authn.SetLang(ctx, lang)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}
