package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// accountPage is the user's own account: profile, password, two-factor
// status and personal API tokens.
type accountPage struct {
	Layout
	User         *auth.User
	ProvinceName string
	Enterprise   *registry.Enterprise
	CodesLeft    int
	Tokens       []*auth.Token
	Now          time.Time
	Password     formErrors // the change-password form
	TokenForm    formErrors // the new-token form
	TokenName    string
	TokenExpires string
	NewSecret    string // a token secret just created, shown this once
	NewToken     *auth.Token
}

// TokenActive reports whether t is usable now (for the status badge).
func (p *accountPage) TokenActive(t *auth.Token) bool { return t.IsActive(p.Now) }

// totpPage is two-factor enrolment and status.
type totpPage struct {
	Layout
	formErrors
	Enabled   bool
	CodesLeft int
	Pending   bool         // an enrolment is started: show the QR code
	QR        template.URL // data: URL of the QR code PNG
	Secret    []string     // the secret in groups of four, for typing by hand
	Codes     []string     // recovery codes just issued, shown once
}

// actor returns the signed-in actor, or Unauthenticated (the error page
// then redirects to the login page).
func actor(r *http.Request) (*auth.Actor, error) {
	a := auth.ActorFrom(r.Context())
	if a.IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	return a, nil
}

func (h *Handler) handleAccountShow(w http.ResponseWriter, r *http.Request) error {
	p, err := h.accountPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "account", text("account.title"), p)
}

// accountPage loads what the account page shows.
func (h *Handler) accountPage(r *http.Request) (*accountPage, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	u, err := h.auth.FindUserByID(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	p := &accountPage{User: u, Now: time.Now()}
	if u.ProvinceCode != "" {
		p.ProvinceName = h.geo.Name(u.ProvinceCode)
	}
	if u.EnterpriseID != 0 {
		e, err := h.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(u.EnterpriseID))
		if err != nil && !fault.Is(err, fault.NotFound) {
			return nil, err
		}
		p.Enterprise = e
	}
	if u.TOTPEnabled {
		if p.CodesLeft, err = h.auth.RecoveryCodesLeft(ctx); err != nil {
			return nil, err
		}
	}
	if p.Tokens, err = h.auth.FindTokens(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

func (h *Handler) handleAccountPassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	current, next, next2 := r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("password2")
	if next != next2 {
		m := text("form.password_mismatch")
		err = (&fault.Error{Kind: fault.Invalid, Message: text("form.invalid")}).Field("password2", m.Vi, m.En)
	} else {
		err = h.auth.ChangePassword(ctx, current, next)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p, perr := h.accountPage(r)
		if perr != nil {
			return perr
		}
		p.Password = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, http.StatusUnprocessableEntity, "account", text("account.title"), p)
	}
	// A new password ends every session signed in before it, this one too:
	// sign this one in again.
	u, err := h.auth.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	if err := h.authn.SignIn(ctx, u); err != nil {
		return err
	}
	h.flash(ctx, "success", text("flash.password_changed"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (h *Handler) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	name, expiresText := formValue(r, "name"), formValue(r, "expires")
	var (
		secret string
		tok    *auth.Token
		err    error
	)
	var expires *time.Time
	if expiresText != "" {
		d, perr := vn.ParseDate(expiresText)
		if perr != nil {
			m := text("form.date_invalid")
			err = (&fault.Error{Kind: fault.Invalid, Message: text("form.invalid")}).Field("expires", m.Vi, m.En)
		}
		expires = &d
	}
	if err == nil {
		secret, tok, err = h.auth.CreateToken(ctx, name, expires)
	}
	p, perr := h.accountPage(r)
	if perr != nil {
		return perr
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p.TokenForm = newFormErrors(h.lang(r), err, nil)
		p.TokenName, p.TokenExpires = name, expiresText
		return h.render(w, r, http.StatusUnprocessableEntity, "account", text("account.title"), p)
	}
	// The secret is rendered in this response only: never in a URL, the
	// session or a log.
	p.NewSecret, p.NewToken = secret, tok
	return h.render(w, r, http.StatusOK, "account", text("account.title"), p)
}

func (h *Handler) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.auth.RevokeToken(r.Context(), auth.TokenID(id)); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("flash.token_revoked"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (h *Handler) handleTOTPShow(w http.ResponseWriter, r *http.Request) error {
	p, err := h.totpPage(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "account_2fa", text("totp.title"), p)
}

// totpPage loads the two-factor status, and the started enrolment if any.
func (h *Handler) totpPage(r *http.Request) (*totpPage, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p := &totpPage{Enabled: a.TOTPEnabled}
	if a.TOTPEnabled {
		if p.CodesLeft, err = h.auth.RecoveryCodesLeft(ctx); err != nil {
			return nil, err
		}
		return p, nil
	}
	e, err := h.auth.PendingTOTP(ctx)
	if fault.Is(err, fault.NotFound) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	p.Pending = true
	p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(e.QRPNG))
	p.Secret = groups(e.Secret, 4)
	return p, nil
}

// groups splits s into groups of n characters.
func groups(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

func (h *Handler) handleTOTPStart(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if _, err := h.auth.BeginTOTP(ctx); err != nil {
		if !fault.Is(err, fault.Conflict) {
			return err
		}
		h.flash(ctx, "info", text("flash.totp_already_on"))
	}
	http.Redirect(w, r, "/account/2fa", http.StatusSeeOther)
	return nil
}

func (h *Handler) handleTOTPConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := actor(r)
	if err != nil {
		return err
	}
	codes, err := h.auth.ConfirmTOTP(r.Context(), strings.TrimSpace(r.PostFormValue("code")))
	if err != nil {
		if !fault.Is(err, fault.Invalid) {
			return err
		}
		p, perr := h.totpPage(r)
		if perr != nil {
			return perr
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, http.StatusUnprocessableEntity, "account_2fa", text("totp.title"), p)
	}
	// The recovery codes are shown in this response only. The actor of this
	// request still says "not enrolled": show the page as the next one will.
	enrolled := *a
	enrolled.TOTPEnabled = true
	r = r.WithContext(auth.WithActor(r.Context(), &enrolled))
	p := &totpPage{Enabled: true, Codes: codes, CodesLeft: len(codes)}
	return h.render(w, r, http.StatusOK, "account_2fa", text("totp.title"), p)
}
