package auth

import "context"

// Actor is who a request acts for.
type Actor struct {
	UserID       UserID
	Email        string
	Name         string
	Role         Role
	ProvinceCode string // for RoleProvince
	EnterpriseID int64  // for RoleEnterprise
	Lang         string // "vi" or "en"
	TOTPEnabled  bool
	ViaToken     bool // authenticated by a personal API token
	System       bool // the platform itself: command line, demo data, scheduled jobs
}

// IsAnonymous reports whether a is nil or the public visitor.
func (a *Actor) IsAnonymous() bool { return a == nil || (a.UserID == 0 && !a.System) }

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
