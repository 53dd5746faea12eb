package training

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/registry"
	"nscl/internal/seal"
)

// Store keeps courses, sessions, enrolments and credentials
// (sqldb/training*.go). Finders return fault.NotFound for a missing
// object; an update whose version is stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error
}

// Registry is what training reads of the registry (*registry.Service
// does): an enterprise the actor may see.
type Registry interface {
	FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error)
}

// Mailer sends one plain-text email (*mail.Service does).
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// Options configure a Service. Store and Registry are required.
type Options struct {
	Store    Store
	Registry Registry
	Mailer   Mailer // without it no notices are sent
	// Signer seals credentials; without it completion refuses to issue
	// one (the platform's signing key is not configured).
	Signer *seal.Signer
	// Keyring checks codes; built from Signer when nil.
	Keyring *seal.Keyring
	Clock   func() time.Time
	Log     *slog.Logger
	BaseURL string // for links in notices and the credentials' QR codes
}

// Service is training's use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store   Store
	reg     Registry
	mailer  Mailer
	signer  *seal.Signer
	keyring *seal.Keyring
	now     func() time.Time
	log     *slog.Logger
	baseURL string
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Keyring == nil && o.Signer != nil {
		o.Keyring = seal.NewKeyring(o.Signer.Public())
	}
	return &Service{store: o.Store, reg: o.Registry, mailer: o.Mailer, signer: o.Signer, keyring: o.Keyring, now: o.Clock, log: o.Log,
		baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}
