package training

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/vn"
)

// Store keeps courses, sessions, enrolments and credentials
// (sqldb/training*.go). Finders return fault.NotFound for a missing
// object; an update whose version is stale is fault.Conflict.
type Store interface {
	// Tx runs fn with a Store bound to one transaction (or the current one).
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry, in the current transaction if any.
	AddAudit(ctx context.Context, e audit.Entry) error

	// FindTools returns the catalogue's tools that are not hidden, in
	// catalogue order.
	FindTools(ctx context.Context) ([]Tool, error)
	// FindTool returns one catalogue tool (hidden or not).
	FindTool(ctx context.Context, code string) (*Tool, error)
	// FindExpertName returns the name of a directory expert.
	FindExpertName(ctx context.Context, id int64) (string, error)

	// CreateCourse inserts c (ID, Version 1, times set).
	CreateCourse(ctx context.Context, c *Course) error
	// UpdateCourse writes c if c.Version is still the stored one
	// (fault.Conflict otherwise); c.Version becomes the new one.
	UpdateCourse(ctx context.Context, c *Course) error
	FindCourse(ctx context.Context, id CourseID) (*Course, error)
	// FindCourses returns the courses matching f, by tool (catalogue
	// order), level, title.
	FindCourses(ctx context.Context, f CourseFilter) ([]*Course, error)

	// CreateSession inserts s (ID, Version 1, times set).
	CreateSession(ctx context.Context, s *Session) error
	// UpdateSession writes s's fields (not Enrolled) if s.Version is still
	// the stored one (fault.Conflict otherwise); s.Version becomes the new one.
	UpdateSession(ctx context.Context, s *Session) error
	FindSession(ctx context.Context, id SessionID) (*Session, error)
	// FindSessions returns the sessions matching f by start day (the
	// latest first when f.Latest) and their total.
	FindSessions(ctx context.Context, f SessionFilter) ([]*Session, int, error)
	// TakeSeat counts one more enrolment in a session if it has a seat
	// left: false when it is full. Safe under concurrent enrolments.
	TakeSeat(ctx context.Context, id SessionID) (bool, error)
	// FreeSeat counts one enrolment less.
	FreeSeat(ctx context.Context, id SessionID) error

	// CreateEnrolment inserts e (ID, Version 1, times set); a second
	// enrolment of the same email in the session, not cancelled, is
	// fault.Conflict.
	CreateEnrolment(ctx context.Context, e *Enrolment) error
	// UpdateEnrolment writes e's status, attendance and result if
	// e.Version is still the stored one; e.Version becomes the new one.
	UpdateEnrolment(ctx context.Context, e *Enrolment) error
	FindEnrolment(ctx context.Context, id EnrolmentID) (*Enrolment, error)
	// FindEnrolments returns the enrolments matching f, in enrolment order.
	FindEnrolments(ctx context.Context, f EnrolmentFilter) ([]*Enrolment, error)

	// NextNumber returns the next number of a series (1, 2, …): each
	// caller gets its own, whatever runs concurrently.
	NextNumber(ctx context.Context, series string) (int, error)
	// CreateCredential inserts c (ID, Version 1, CreatedAt set); a number
	// or an enrolment that has one already is fault.Conflict.
	CreateCredential(ctx context.Context, c *Credential) error
	// UpdateCredential writes c's status and revocation if c.Version is
	// still the stored one; c.Version becomes the new one.
	UpdateCredential(ctx context.Context, c *Credential) error
	FindCredential(ctx context.Context, id CredentialID) (*Credential, error)
	FindCredentialByNumber(ctx context.Context, number string) (*Credential, error)
	// FindCredentials returns the credentials matching f, newest first,
	// and their total.
	FindCredentials(ctx context.Context, f CredentialFilter) ([]*Credential, int, error)
	// CountCredentialsByTool counts the credentials matching f (Limit and
	// Offset aside) per tool, in catalogue order.
	CountCredentialsByTool(ctx context.Context, f CredentialFilter) ([]ToolCount, error)
}

// Tool is a catalogue tool as training names it.
type Tool struct {
	Code string     `json:"code"`
	Name fault.Text `json:"name"`
}

// CourseFilter selects courses.
type CourseFilter struct {
	Tool            string
	Level           Level
	IncludeArchived bool
}

// SessionFilter selects sessions. Zero fields do not filter.
type SessionFilter struct {
	CourseID CourseID
	Tool     string
	Level    Level
	Province string
	Statuses []SessionStatus
	EndsFrom time.Time // sessions ending on this day or later
	Latest   bool      // newest start first (else soonest first)
	Limit    int
	Offset   int
}

// EnrolmentFilter selects enrolments. Zero fields do not filter.
type EnrolmentFilter struct {
	SessionID    SessionID
	EnterpriseID registry.EnterpriseID
	UserID       auth.UserID
	Email        string // lower case
	Statuses     []EnrolmentStatus
}

// CredentialFilter selects credentials. Zero fields do not filter. Scope
// fields (Province, EnterpriseID, UserID) restrict to what an actor sees.
type CredentialFilter struct {
	Province     string // issued in it, or to an enterprise of it
	EnterpriseID registry.EnterpriseID
	UserID       auth.UserID
	Tool         string
	Level        Level
	// Status filters on day On: valid (not revoked, not expired on On),
	// expired, revoked.
	Status CredentialStatus
	On     time.Time
	Query  string // the holder's name or the number, folded
	Limit  int
	Offset int
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
	Geo     *geo.Table // the provinces; loaded from the embedded table when nil
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
	geo     *geo.Table
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
	if o.Geo == nil {
		o.Geo = geo.MustLoad()
	}
	return &Service{store: o.Store, reg: o.Registry, mailer: o.Mailer, signer: o.Signer, keyring: o.Keyring, geo: o.Geo, now: o.Clock, log: o.Log,
		baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

// BaseURL is the platform's public URL (for QR codes), without a final "/".
func (s *Service) BaseURL() string { return s.baseURL }

// Today is the service's current calendar day in Vietnam.
func (s *Service) Today() time.Time { return day(s.now()) }

// record writes the audit entry of a change, in tx.
func (s *Service) record(ctx context.Context, tx Store, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}

// errSignIn is the answer to an anonymous actor where an account is needed.
var errSignIn = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")

// signedIn returns the signed-in actor of ctx, or errSignIn.
func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

// mayRun reports whether a runs the training of unit prov ("" = the
// ministry's): admins and ministry officers everything, a provincial
// officer their own province only.
func mayRun(a *auth.Actor, prov string) bool {
	if !auth.Can(a, auth.ActTrainingManage) {
		return false
	}
	if a.Role == auth.RoleProvince {
		return prov != "" && prov == a.ProvinceCode
	}
	return true
}

// unitOf is the training unit of an officer: their province for a
// provincial officer, "" (the ministry) for anyone else.
func unitOf(a *auth.Actor) string {
	if a.Role == auth.RoleProvince {
		return a.ProvinceCode
	}
	return ""
}

// mayRunSession reports whether a runs session x (edits, opens, starts,
// records, completes, cancels it): the officers of its owner unit only;
// the ministry's session by ministry officers (and admins) even when it
// is held in a province, a province's by that province's officers.
func mayRunSession(a *auth.Actor, x *Session) bool {
	if !auth.Can(a, auth.ActTrainingManage) || a.Role == auth.RoleProvince && a.ProvinceCode == "" {
		return false
	}
	return unitOf(a) == x.OwnerProvince
}

// mayOverseeSession reports whether a reads everything of session x (its
// whole roster): those who run it, the ministry, the officers of the
// province it is held in.
func mayOverseeSession(a *auth.Actor, x *Session) bool {
	return mayRunSession(a, x) || mayRun(a, x.ProvinceCode)
}

// MayRunSession reports whether the actor in ctx runs session x.
func (s *Service) MayRunSession(ctx context.Context, x *Session) bool {
	return mayRunSession(auth.ActorFrom(ctx), x)
}

// MayOverseeSession reports whether the actor in ctx reads session x's
// whole roster.
func (s *Service) MayOverseeSession(ctx context.Context, x *Session) bool {
	return mayOverseeSession(auth.ActorFrom(ctx), x)
}

// runsAll reports whether a runs every unit's training.
func runsAll(a *auth.Actor) bool {
	return auth.Can(a, auth.ActTrainingManage) && a.Role != auth.RoleProvince
}

// MayManage reports whether the actor in ctx runs any training (for the
// pages' links).
func (s *Service) MayManage(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActTrainingManage)
}

// MayRun reports whether the actor in ctx runs the training of unit prov.
func (s *Service) MayRun(ctx context.Context, prov string) bool {
	return mayRun(auth.ActorFrom(ctx), prov)
}

// day returns t's calendar day in Vietnam (midnight, vn.Zone).
func day(t time.Time) time.Time {
	t = t.In(vn.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, vn.Zone)
}

func (s *Service) knownProvince(code string) bool { _, ok := s.geo.Province(code); return ok }

// ProvinceName returns a province's name ("" when unknown).
func (s *Service) ProvinceName(code string) string {
	if p, ok := s.geo.Province(code); ok {
		return p.Name
	}
	return ""
}

// Tools returns the catalogue's tools, for the course form and filters.
// Public.
func (s *Service) Tools(ctx context.Context) ([]Tool, error) { return s.store.FindTools(ctx) }

func conflict(what string) error {
	return fault.New(fault.Conflict, what+" vừa được người khác thay đổi. Vui lòng tải lại trang, xem thay đổi của họ rồi thực hiện lại.",
		"Someone else changed this meanwhile. Please reload the page, review their change and try again.")
}

// stale turns a store's version conflict into the area's message.
func stale(err error, what string) error {
	if fault.Is(err, fault.Conflict) {
		return conflict(what)
	}
	return err
}
