package training

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/vn"
)

var errCredentialNotFound = fault.New(fault.NotFound, "Không tìm thấy chứng chỉ.", "Credential not found.")

// errNoSigner is completion without the platform's signing key.
var errNoSigner = fault.New(fault.Unavailable,
	"Chưa cấu hình khóa ký chứng chỉ của hệ thống (NSCL_SIGNING_KEY) nên chưa cấp được chứng chỉ. Vui lòng liên hệ quản trị hệ thống.",
	"The platform's signing key (NSCL_SIGNING_KEY) is not configured, so no credential can be issued. Please contact the administrator.")

// NumberSeries is the series of a tool's credentials of a year, e.g.
// "TH-KAIZEN-2026"; a credential's number adds a six-digit sequence.
func NumberSeries(tool string, year int) string {
	t := strings.ToUpper(strings.NewReplacer("_", "", "-", "").Replace(tool))
	return fmt.Sprintf("TH-%s-%d", t, year)
}

// Payload is what a credential's code seals.
func (c *Credential) Payload() seal.Payload {
	p := seal.Payload{Kind: seal.KindCredential, Number: c.Number, Holder: c.HolderName, Scheme: c.ToolCode, Level: c.Level.Code(), Issued: c.IssuedOn}
	if c.ExpiresOn != nil {
		p.Expires = *c.ExpiresOn
	}
	return p
}

// CompletionResult is what completing a session did.
type CompletionResult struct {
	Session     *Session
	Credentials []*Credential // issued, one per participant who met attendance and passed
	NotPassed   []*Enrolment  // the others
}

// CompleteSession ends a session in progress on or after its last day: a
// participant who attended at least the course's minimum and passed its
// exam or practical assessment gets a credential (numbered, sealed); the
// others are marked as not passed. Every participant's attendance and
// result must be recorded first. Without the signing key nothing is
// issued and the session stays in progress. The session's officers only.
func (s *Service) CompleteSession(ctx context.Context, id SessionID, version int) (*CompletionResult, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if s.signer == nil {
		// Checked before anything else: an officer who may not complete
		// learns it from the authorization below.
		x, err := s.Session(ctx, id)
		if err != nil {
			return nil, err
		}
		if !mayRunSession(a, x) {
			return nil, sessionDenied()
		}
		return nil, errNoSigner
	}
	now := s.now()
	today := day(now)
	res := &CompletionResult{}
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := writableSession(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if x.Status != SessionInProgress {
			return fault.New(fault.Conflict, "Chỉ kết thúc được lớp đang học (trạng thái: "+x.Status.Label().Vi+").",
				"Only a session in progress can be completed (it is "+strings.ToLower(x.Status.Label().En)+").")
		}
		if today.Before(x.EndsOn) {
			return fault.New(fault.Conflict, "Lớp học đến hết ngày "+vn.Date(x.EndsOn)+": chưa kết thúc được.",
				"The session runs until "+vn.Date(x.EndsOn)+": it cannot be completed yet.")
		}
		course, err := tx.FindCourse(ctx, x.CourseID)
		if err != nil {
			return err
		}
		roster, err := tx.FindEnrolments(ctx, EnrolmentFilter{SessionID: x.ID, Statuses: []EnrolmentStatus{EnrolEnrolled}})
		if err != nil {
			return err
		}
		var missing []string
		for _, e := range roster {
			if !OutcomeOf(x, e).Recorded {
				missing = append(missing, e.FullName)
			}
		}
		if len(missing) > 0 {
			names := strings.Join(missing, ", ")
			return fault.New(fault.Invalid, "Chưa ghi đủ điểm danh và kết quả của: "+names+".",
				"The attendance and result of these participants are not recorded yet: "+names+".")
		}
		for _, e := range roster {
			after := *e
			after.UpdatedAt = now
			if !OutcomeOf(x, e).Eligible() {
				after.Status = EnrolNotPassed
				if err := tx.UpdateEnrolment(ctx, &after); err != nil {
					return stale(err, "Kết quả của "+e.FullName)
				}
				res.NotPassed = append(res.NotPassed, &after)
				if err := s.record(ctx, tx, "training.enrolment.not_passed", "training_enrolment", int64(e.ID), e, &after); err != nil {
					return err
				}
				continue
			}
			c, err := s.issue(ctx, tx, a, x, course, e, today)
			if err != nil {
				return err
			}
			after.Status = EnrolPassed
			if err := tx.UpdateEnrolment(ctx, &after); err != nil {
				return stale(err, "Kết quả của "+e.FullName)
			}
			if err := s.record(ctx, tx, "training.enrolment.passed", "training_enrolment", int64(e.ID), e, &after); err != nil {
				return err
			}
			res.Credentials = append(res.Credentials, c)
		}
		after := *x
		after.Status, after.CompletedAt, after.UpdatedAt = SessionCompleted, &now, now
		if err := tx.UpdateSession(ctx, &after); err != nil {
			return stale(err, "Lớp học")
		}
		res.Session = &after
		return s.record(ctx, tx, "training.session.completed", "training_session", int64(x.ID), x,
			map[string]any{"session": &after, "credentials": len(res.Credentials), "not_passed": len(res.NotPassed)})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// issue numbers, seals and stores the credential of e, in tx.
func (s *Service) issue(ctx context.Context, tx Store, a *auth.Actor, x *Session, course *Course, e *Enrolment, today time.Time) (*Credential, error) {
	tool, err := tx.FindTool(ctx, course.ToolCode)
	if err != nil {
		return nil, err
	}
	c := &Credential{EnrolmentID: e.ID, SessionID: x.ID, CourseID: course.ID, HolderName: e.FullName, HolderEmail: e.Email,
		UserID: e.UserID, EnterpriseID: e.EnterpriseID, EnterpriseName: e.EnterpriseName, ProvinceCode: x.ProvinceCode,
		ToolCode: course.ToolCode, ToolName: tool.Name, Level: course.Level, CourseTitle: course.Title, IssuedOn: today,
		Issuer: s.Issuer(x.OwnerProvince), IssuerProvince: x.OwnerProvince, IssuedBy: a.UserID, Status: CredValid, CreatedAt: s.now()}
	if e.EnterpriseID != 0 {
		if ent, err := s.reg.FindEnterpriseByID(auth.SystemContext(ctx), e.EnterpriseID); err == nil {
			c.EnterpriseName, c.EnterpriseProvince = ent.Name, ent.ProvinceCode
		} else if !fault.Is(err, fault.NotFound) {
			return nil, err
		}
	}
	if course.ValidityMonths > 0 {
		exp := today.AddDate(0, course.ValidityMonths, -1)
		c.ExpiresOn = &exp
	}
	series := NumberSeries(course.ToolCode, today.Year())
	n, err := tx.NextNumber(ctx, series)
	if err != nil {
		return nil, err
	}
	c.Number = fmt.Sprintf("%s-%06d", series, n)
	if c.Code, err = s.signer.Sign(c.Payload()); err != nil {
		return nil, fault.Internalf("training: seal credential %s: %w", c.Number, err)
	}
	if err := tx.CreateCredential(ctx, c); err != nil {
		return nil, err
	}
	if err := s.record(ctx, tx, "training.credential.issue", "practitioner_credential", int64(c.ID), nil, c); err != nil {
		return nil, err
	}
	return c, nil
}

// mayViewCredential reports whether a sees c: officers of the issuing
// unit, of the session's or of the enterprise's province (the ministry
// every one), the enterprise's users, the holder's account.
func mayViewCredential(a *auth.Actor, c *Credential) bool {
	switch {
	case a.IsAnonymous():
		return false
	case mayRevoke(a, c) || mayRun(a, c.ProvinceCode) || c.EnterpriseProvince != "" && mayRun(a, c.EnterpriseProvince):
		return true
	case a.Role == auth.RoleEnterprise:
		return c.EnterpriseID != 0 && int64(c.EnterpriseID) == a.EnterpriseID
	}
	return c.UserID != 0 && c.UserID == a.UserID
}

// CredentialQuery is what a list of credentials is filtered by.
type CredentialQuery struct {
	Tool    string
	Level   Level
	Status  CredentialStatus
	Query   string
	Page    int
	PerPage int
}

// Credentials returns the credentials the actor sees and their total:
// officers those of their scope (every one for the ministry), an
// enterprise user their enterprise's, anyone else their own.
func (s *Service) Credentials(ctx context.Context, q CredentialQuery) ([]*Credential, int, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, 0, err
	}
	if badText(q.Tool) || badText(q.Query) {
		return nil, 0, nil
	}
	f := CredentialFilter{Tool: q.Tool, Level: q.Level, Status: q.Status, On: s.Today(), Query: vn.Fold(q.Query)}
	if !f.Level.Valid() {
		f.Level = 0
	}
	switch f.Status {
	case CredValid, CredExpired, CredRevoked:
	default:
		f.Status = ""
	}
	switch {
	case runsAll(a):
	case auth.Can(a, auth.ActTrainingManage):
		f.Province = a.ProvinceCode
	case a.Role == auth.RoleEnterprise:
		if a.EnterpriseID == 0 {
			return nil, 0, nil
		}
		f.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	default:
		f.UserID = a.UserID
	}
	if q.PerPage <= 0 || q.PerPage > 500 {
		q.PerPage = 50
	}
	f.Limit = q.PerPage
	if q.Page > 1 {
		f.Offset = (q.Page - 1) * q.PerPage
	}
	return s.store.FindCredentials(ctx, f)
}

// Credential returns a credential the actor sees (NotFound otherwise).
func (s *Service) Credential(ctx context.Context, id CredentialID) (*Credential, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCredential(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayViewCredential(a, c) {
		return nil, errCredentialNotFound
	}
	return c, err
}

// mayRevoke reports whether a revokes c: the officers of its issuing
// unit, and the ministry's (admins too) every one.
func mayRevoke(a *auth.Actor, c *Credential) bool {
	if !auth.Can(a, auth.ActTrainingManage) {
		return false
	}
	if a.Role == auth.RoleProvince {
		return c.IssuerProvince != "" && c.IssuerProvince == a.ProvinceCode
	}
	return true
}

// MayRevoke reports whether the actor in ctx may revoke c now.
func (s *Service) MayRevoke(ctx context.Context, c *Credential) bool {
	return c.Status == CredValid && mayRevoke(auth.ActorFrom(ctx), c)
}

// RevokeCredential revokes a valid credential with a reason: the officers
// of the unit that issued it, and the ministry's.
func (s *Service) RevokeCredential(ctx context.Context, id CredentialID, version int, reason string) (*Credential, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if badText(reason) {
		return nil, textError("reason")
	}
	reason = vn.NFC(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return nil, fault.New(fault.Invalid, "Vui lòng nêu lý do thu hồi.", "Please give the reason for the revocation.").
			Field("reason", "Vui lòng nêu lý do thu hồi.", "Please give the reason for the revocation.")
	case n > MaxReason:
		return nil, fault.New(fault.Invalid, "Lý do quá dài.", "The reason is too long.").
			Field("reason", fmt.Sprintf("Tối đa %d ký tự.", MaxReason), fmt.Sprintf("At most %d characters.", MaxReason))
	}
	now := s.now()
	var out *Credential
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := tx.FindCredential(ctx, id)
		if fault.Is(err, fault.NotFound) || err == nil && !mayViewCredential(a, c) {
			return errCredentialNotFound
		}
		if err != nil {
			return err
		}
		if !mayRevoke(a, c) {
			return fault.New(fault.Forbidden, "Chỉ cán bộ của đơn vị cấp chứng chỉ ("+c.Issuer+") và cán bộ Bộ được thu hồi chứng chỉ.",
				"Only the officers of the issuing unit ("+c.Issuer+") and the ministry's may revoke a credential.")
		}
		if c.Version != version {
			return conflict("Chứng chỉ")
		}
		if c.Status == CredRevoked {
			return fault.New(fault.Conflict, "Chứng chỉ đã bị thu hồi.", "The credential is already revoked.")
		}
		after := *c
		after.Status, after.RevokedAt, after.RevokedBy, after.RevokedReason = CredRevoked, &now, a.UserID, reason
		if err := tx.UpdateCredential(ctx, &after); err != nil {
			return stale(err, "Chứng chỉ")
		}
		out = &after
		return s.record(ctx, tx, "training.credential.revoke", "practitioner_credential", int64(c.ID), c, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MaxPractitionersPage is the longest page of practitioners.
const MaxPractitionersPage = 500

// PractitionerQuery is the page of an enterprise's practitioners asked
// for.
type PractitionerQuery struct {
	Page    int // 1-based
	PerPage int // MaxPractitionersPage at most
}

// ToolCount is how many practitioners of a tool an enterprise has.
type ToolCount struct {
	Tool  string     `json:"tool"`
	Name  fault.Text `json:"tool_name"`
	Count int        `json:"count"`
}

// PractitionerList is a page of an enterprise's practitioners.
type PractitionerList struct {
	Enterprise  *registry.Enterprise
	Credentials []*Credential
	Total       int
	ByTool      []ToolCount // over all the pages
}

// Practitioners returns a page of an enterprise's certified
// practitioners: its credentials valid today, newest first, with their
// total. Officers of the enterprise's scope and its own users (the
// registry decides who sees it).
func (s *Service) Practitioners(ctx context.Context, id registry.EnterpriseID, q PractitionerQuery) (*PractitionerList, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	e, err := s.reg.FindEnterpriseByID(ctx, id)
	if err != nil {
		if fault.Is(err, fault.Forbidden) {
			return nil, fault.New(fault.NotFound, "Không tìm thấy doanh nghiệp.", "Enterprise not found.")
		}
		return nil, err
	}
	if q.PerPage <= 0 {
		q.PerPage = 100
	}
	q.PerPage = min(q.PerPage, MaxPractitionersPage)
	f := CredentialFilter{EnterpriseID: id, Status: CredValid, On: s.Today(), Limit: q.PerPage}
	if q.Page > 1 {
		f.Offset = (min(q.Page, 100000) - 1) * q.PerPage
	}
	cs, n, err := s.store.FindCredentials(ctx, f)
	if err != nil {
		return nil, err
	}
	by, err := s.store.CountCredentialsByTool(ctx, f)
	if err != nil {
		return nil, err
	}
	return &PractitionerList{Enterprise: e, Credentials: cs, Total: n, ByTool: by}, nil
}

// credentialForVerify finds a credential by number for the public page.
func (s *Service) credentialForVerify(ctx context.Context, number string) (*PublicCredential, error) {
	if number == "" || len(number) > 64 || badText(number) {
		return nil, errCredentialNotFound
	}
	c, err := s.store.FindCredentialByNumber(ctx, number)
	if fault.Is(err, fault.NotFound) {
		return nil, errCredentialNotFound
	}
	if err != nil {
		return nil, err
	}
	p := &PublicCredential{Number: c.Number, HolderName: c.HolderName, Enterprise: c.EnterpriseName, ToolCode: c.ToolCode,
		ToolName: c.ToolName, Level: c.Level.Code(), LevelName: c.Level.Label(), CourseName: fault.Text{Vi: c.CourseTitle, En: c.CourseTitle},
		IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn, Issuer: c.Issuer, Status: string(c.StatusOn(s.Today())),
		RevokedAt: c.RevokedAt, RevokedReason: c.RevokedReason, Sealed: c.Payload(), Code: c.Code}
	return p, nil
}
