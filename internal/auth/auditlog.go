package auth

import (
	"context"

	"nscl/internal/audit"
	"nscl/internal/fault"
)

// AuditReader gives the audit log to those allowed to read it. It lives in
// auth because audit sits below auth and cannot ask the policy itself.
type AuditReader struct {
	store audit.Store
}

// NewAuditReader returns an AuditReader over store.
func NewAuditReader(store audit.Store) *AuditReader { return &AuditReader{store: store} }

// FindEntries returns entries matching f, newest first, and the total.
// Only actors allowed ActAuditRead may read; others get Forbidden.
func (r *AuditReader) FindEntries(ctx context.Context, f audit.Filter) ([]*audit.Entry, int, error) {
	a := ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, 0, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !Can(a, ActAuditRead) {
		return nil, 0, forbidden()
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 1000 {
		f.Limit = 1000
	}
	return r.store.FindEntries(ctx, f)
}
