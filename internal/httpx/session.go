package httpx

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// Session keys.
const (
	keyUserID     = "uid"         // signed-in user
	keySignedInAt = "at"          // unix microseconds of sign-in
	keyPendingID  = "pending_uid" // password checked, waiting for the TOTP code
	keyLang       = "lang"        // language of an anonymous visitor
	keyFlash      = "flash"
)

// NewSessions returns the session manager: a database-backed store, a
// 12-hour absolute and 2-hour idle lifetime, an HttpOnly SameSite=Lax cookie
// that is Secure when secure is true (served over TLS).
func NewSessions(store scs.Store, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.Lifetime = 12 * time.Hour
	sm.IdleTimeout = 2 * time.Hour
	sm.Cookie.Name = "nscl_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	return sm
}

// Authenticator puts the actor of each request into its context: from a
// "Bearer" personal API token, or from the session cookie.
type Authenticator struct {
	Sessions *scs.SessionManager
	Auth     *auth.Service
	// OnError renders a token that fails (401); session failures just make
	// the request anonymous.
	OnError ErrorHandler
}

// Middleware must run inside Sessions.LoadAndSave.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var actor *auth.Actor
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			var err error
			actor, err = a.Auth.AuthenticateToken(ctx, strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
			if err != nil {
				a.OnError(w, r, err)
				return
			}
		} else if uid := a.Sessions.GetInt64(ctx, keyUserID); uid != 0 {
			signedIn := time.UnixMicro(a.Sessions.GetInt64(ctx, keySignedInAt))
			var err error
			actor, err = a.Auth.ActorForSession(ctx, auth.UserID(uid), signedIn)
			if err != nil {
				if !fault.Is(err, fault.Unauthenticated) {
					a.OnError(w, r, err)
					return
				}
				_ = a.Sessions.Destroy(ctx)
				actor = nil
			}
		}
		meta := audit.Meta{IP: ClientIP(r), RequestID: RequestID(ctx)}
		if actor != nil {
			meta.ActorID, meta.ActorEmail = int64(actor.UserID), actor.Email
			ctx = auth.WithActor(ctx, actor)
			noteUser(ctx, int64(actor.UserID))
		}
		ctx = audit.WithMeta(ctx, meta)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// SignIn makes the session belong to u: a new session token (so a token
// planted before sign-in is useless), the user id and the sign-in time.
func (a *Authenticator) SignIn(ctx context.Context, u *auth.User) error {
	if err := a.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	a.Sessions.Remove(ctx, keyPendingID)
	a.Sessions.Put(ctx, keyUserID, int64(u.ID))
	a.Sessions.Put(ctx, keySignedInAt, time.Now().UnixMicro())
	return nil
}

// SetPending remembers a user whose password was right and who must still
// enter a two-factor code.
func (a *Authenticator) SetPending(ctx context.Context, u *auth.User) error {
	if err := a.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	a.Sessions.Put(ctx, keyPendingID, int64(u.ID))
	return nil
}

// Pending returns the user waiting for a two-factor code, or 0.
func (a *Authenticator) Pending(ctx context.Context) auth.UserID {
	return auth.UserID(a.Sessions.GetInt64(ctx, keyPendingID))
}

// SignOut ends the session.
func (a *Authenticator) SignOut(ctx context.Context) error { return a.Sessions.Destroy(ctx) }

// SetLang remembers the language of the session (for anonymous visitors).
func (a *Authenticator) SetLang(ctx context.Context, lang string) { a.Sessions.Put(ctx, keyLang, lang) }

// SessionLang returns the session's language, or "".
func (a *Authenticator) SessionLang(ctx context.Context) string {
	return a.Sessions.GetString(ctx, keyLang)
}

// Flash is a one-time message shown on the next page.
type Flash struct {
	Kind string     // "success", "error", "info"
	Text fault.Text // in both languages
}

// AddFlash queues a message for the next page.
func (a *Authenticator) AddFlash(ctx context.Context, kind, vi, en string) {
	a.Sessions.Put(ctx, keyFlash, kind+"\x00"+vi+"\x00"+en)
}

// PopFlash returns and clears the queued message.
func (a *Authenticator) PopFlash(ctx context.Context) *Flash {
	s := a.Sessions.PopString(ctx, keyFlash)
	if s == "" {
		return nil
	}
	parts := strings.SplitN(s, "\x00", 3)
	if len(parts) != 3 {
		return nil
	}
	return &Flash{Kind: parts[0], Text: fault.Text{Vi: parts[1], En: parts[2]}}
}
