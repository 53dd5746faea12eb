package assessment

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/seal"
)

// Store keeps schemes, assessments, certificates and accreditations. Its
// methods are declared by area, each in the area's file (schemes.go,
// audit.go, audit_findings.go, certificate.go, accreditation.go); core.go has those every area
// uses. Finders return fault.NotFound for a missing object; an update whose
// version is stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error

	CoreStore
	SchemeStore
	AuditStore
	FindingStore
	CertificateStore
	AccreditationStore
}

// Registry is what assessment reads of the registry (*registry.Service
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
	// Signer seals certificates; without it recognition refuses to issue
	// (the platform's signing key is not configured).
	Signer *seal.Signer
	// Keyring checks codes (the signer's key and any retired ones); built
	// from Signer when nil.
	Keyring *seal.Keyring
	Geo     *geo.Table // the provinces; loaded from the embedded table when nil
	Clock   func() time.Time
	Log     *slog.Logger
	BaseURL string // for links in notices and the certificates' QR codes
}

// Service is the assessment's use cases: it validates, authorizes (the
// actor comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store   Store
	reg     Registry
	mailer  Mailer
	signer  *seal.Signer
	keyring *seal.Keyring
	geo     *geo.Table
	now     func() time.Time
	log     *slog.Logger
	baseURL string
	certs   certState // certificate.go: what the certificate area keeps (e.g. the verification rate limiter)
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Geo == nil {
		o.Geo = geo.MustLoad()
	}
	if o.Keyring == nil && o.Signer != nil {
		o.Keyring = seal.NewKeyring(o.Signer.Public())
	}
	return &Service{store: o.Store, reg: o.Registry, mailer: o.Mailer, signer: o.Signer, keyring: o.Keyring, geo: o.Geo,
		now: o.Clock, log: o.Log, baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

// BaseURL is the platform's public URL (for QR codes), without a final "/".
func (s *Service) BaseURL() string { return s.baseURL }

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}
