package web

import (
	"net/http"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/httpx"
)

// Router is what Register needs of a mux (http.ServeMux has it).
type Router interface {
	Handle(pattern string, handler http.Handler)
}

// Register registers every page route on mux. The caller wraps the mux in
// the session, authentication, security and cross-origin middleware.
func (h *Handler) Register(mux Router) {
	mux.Handle("GET /static/", h.staticHandler())

	h.handle(mux, "GET /{$}", h.handleHome)
	h.handle(mux, "POST /lang", h.handleLang)

	h.handle(mux, "GET /login", h.handleLoginShow)
	h.handle(mux, "POST /login", h.handleLogin)
	h.handle(mux, "GET /login/2fa", h.handleLogin2FAShow)
	h.handle(mux, "POST /login/2fa", h.handleLogin2FA)
	h.handle(mux, "POST /logout", h.handleLogout)
	h.handle(mux, "GET /password/forgot", h.handleForgotShow)
	h.handle(mux, "POST /password/forgot", h.handleForgot)
	h.handle(mux, "GET /reset/{token}", h.handleResetShow)
	h.handle(mux, "POST /reset/{token}", h.handleReset)

	h.handle(mux, "GET /account", h.handleAccountShow)
	h.handle(mux, "POST /account/password", h.handleAccountPassword)
	h.handle(mux, "POST /account/tokens", h.handleTokenCreate)
	h.handle(mux, "POST /account/tokens/{id}/revoke", h.handleTokenRevoke)
	h.handle(mux, "GET /account/2fa", h.handleTOTPShow)
	h.handle(mux, "POST /account/2fa/start", h.handleTOTPStart)
	h.handle(mux, "POST /account/2fa/confirm", h.handleTOTPConfirm)

	h.handle(mux, "GET /admin/users", h.handleUserList)
	h.handle(mux, "GET /admin/users/new", h.handleUserNew)
	h.handle(mux, "POST /admin/users", h.handleUserCreate)
	h.handle(mux, "GET /admin/users/{id}", h.handleUserEdit)
	h.handle(mux, "POST /admin/users/{id}", h.handleUserUpdate)
	h.handle(mux, "POST /admin/users/{id}/reset-2fa", h.handleUserResetTOTP)

	h.handle(mux, "GET /admin/audit", h.handleAuditList)
	h.handle(mux, "POST /admin/audit/export", h.handleAuditExport)
	h.handle(mux, "GET /admin/outbox", h.handleOutboxList)
	h.handle(mux, "GET /admin/outbox/{id}", h.handleOutboxShow)
	h.handle(mux, "GET /admin/system", h.handleSystemShow)

	h.handle(mux, "GET /jobs", h.handleJobList)
	h.handle(mux, "GET /jobs/{id}", h.handleJobShow)
	h.handle(mux, "GET /jobs/{id}/progress", h.handleJobProgress)
	h.handle(mux, "GET /jobs/{id}/result", h.handleJobResult)

	h.registerQuality(mux)
	h.registerRegistry(mux)
	h.registerEnterpriseFiles(mux)
	if h.catalog != nil {
		h.registerCatalog(mux)
	}
	if h.directory != nil {
		h.registerDirectory(mux)
	}
	if h.diagnosis != nil {
		h.registerDiagnosis(mux)
	}
	if h.matching != nil {
		h.registerMatching(mux)
	}
	if h.programme != nil {
		h.registerProgrammeSetup(mux) // programme_setup*.go
		h.registerActivities(mux)     // programme_activity*.go
		h.registerExecution(mux)      // programme_execution*.go
		h.registerResults(mux)        // programme_results*.go
		h.registerDashboard(mux)      // programme_dashboard*.go
	}
	if h.assess != nil {
		h.registerSchemes(mux)      // assessment_schemes*.go
		h.registerAssessing(mux)    // assessment_audit*.go
		h.registerFindings(mux)     // assessment_findings*.go (photos and findings)
		h.registerCertificates(mux) // assessment_certificate*.go
	}
	if h.training != nil {
		h.registerTraining(mux) // training*.go
	}
	if h.contest != nil {
		h.registerContestSetup(mux) // contest_setup*.go (contests and entries)
		h.registerJudging(mux)      // contest_judging*.go (judging and results)
		h.registerHonours(mux)      // contest_honours*.go (the honour roll)
	}
	h.registerPortal(mux) // portal*.go (the public home page's parts)
	if h.library != nil {
		h.registerLibrary(mux) // library*.go (cases and guides)
	}
	if h.news != nil {
		h.registerNews(mux) // news*.go (news, feed, newsletters)
	}

	// ServeMux's "/" matches every path no other pattern does: a 404 page.
	mux.Handle("/", h.enforceTOTP(http.HandlerFunc(h.NotFound)))
}

// handle registers fn behind the two-factor enforcement.
func (h *Handler) handle(mux Router, pattern string, fn httpx.HandlerFunc) {
	mux.Handle(pattern, h.enforceTOTP(httpx.Adapt(h.log, h.Error, fn)))
}

// enforceTOTP keeps a user whose role requires two-factor sign-in, and who
// has not enrolled yet, on the enrolment page: only /account/2fa…, /logout,
// /lang and /static/ are reachable until enrolment is done.
func (h *Handler) enforceTOTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := auth.ActorFrom(r.Context())
		if a.IsAnonymous() || !a.Role.RequiresTOTP() || a.TOTPEnabled || totpExempt(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		redirect(w, r, "/account/2fa")
	})
}

func totpExempt(p string) bool {
	return p == "/account/2fa" || strings.HasPrefix(p, "/account/2fa/") || p == "/logout" || p == "/lang" ||
		strings.HasPrefix(p, "/static/")
}

// redirect sends the browser to a local URL: 303 (so a POST becomes a GET),
// or an HX-Redirect header for htmx requests.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
