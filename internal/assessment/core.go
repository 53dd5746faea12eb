package assessment

import (
	"context"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// CoreStore holds what every area reads and what the shipped schemes, the
// fixtures and the demo create (sqldb/assessment_core.go).
type CoreStore interface {
	// CreateScheme inserts s (ID, CreatedAt, UpdatedAt set) with its first
	// version v (ID, SchemeID, No 1, Rev 1 set; v.Status as given: a
	// published v becomes the scheme's published version).
	CreateScheme(ctx context.Context, s *Scheme, v *Version) error
	// FindScheme returns a scheme with its published and draft version ids.
	FindScheme(ctx context.Context, id SchemeID) (*Scheme, error)
	// FindSchemeByCode is FindScheme by code.
	FindSchemeByCode(ctx context.Context, code string) (*Scheme, error)
	// FindSchemes returns every scheme, shipped first, then by code.
	FindSchemes(ctx context.Context) ([]*Scheme, error)
	// FindVersion returns a version with its body.
	FindVersion(ctx context.Context, id VersionID) (*Version, error)

	// FindAssessment returns an assessment with its joined names.
	FindAssessment(ctx context.Context, id AssessmentID) (*Assessment, error)
	// FindAnswers returns the answers of an assessment, by item key.
	FindAnswers(ctx context.Context, id AssessmentID) (map[string]Answer, error)

	// FindCertificate returns a certificate.
	FindCertificate(ctx context.Context, id CertificateID) (*Certificate, error)
	// FindCertificateByNumber returns the certificate of a number.
	FindCertificateByNumber(ctx context.Context, number string) (*Certificate, error)

	// FindAccreditationFor returns the assessor's accreditation for a
	// scheme (whatever its status and dates; NotFound when none).
	FindAccreditationFor(ctx context.Context, user auth.UserID, scheme SchemeID) (*Accreditation, error)
	// FindConsultingTies returns why an account is tied to an enterprise
	// as its consultant since a moment: an engagement of the account's
	// expert profile with the enterprise that was active or completed
	// since then, or a relation the expert declared with it (any date).
	// Empty when there is none.
	FindConsultingTies(ctx context.Context, user auth.UserID, enterprise int64, since time.Time) ([]Tie, error)
}

// Tie is one reason an assessor is tied to an enterprise.
type Tie struct {
	Kind  string    `json:"kind"` // "engagement" or "relation"
	Since time.Time `json:"since"`
	Note  string    `json:"note,omitempty"`
}

// ConflictWindow is how far back a consulting tie excludes an assessor:
// not the enterprise's own consultant in the last 2 years.
const ConflictWindow = 2 // years

// errSignIn is what every area answers an anonymous actor where an account
// is needed.
var errSignIn = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")

// actor returns the signed-in actor of ctx, or errSignIn.
func actor(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

// notFound is the answer for an object the actor may not see, the same as
// for one that does not exist.
func notFound(what string) error {
	return fault.New(fault.NotFound, "Không tìm thấy "+what+".", "Not found.")
}

// mayView reports whether a may see an enterprise's assessments,
// certificates and findings: officers of its scope, its own users, and (for
// one assessment) the assessor assigned to it.
func mayView(a *auth.Actor, x *Assessment) bool {
	if auth.Allowed(a, auth.ActAssessmentView, auth.Scope{ProvinceCode: x.ProvinceCode, EnterpriseID: int64(x.EnterpriseID)}) {
		return true
	}
	return x.AssessorID != 0 && a.UserID == x.AssessorID && auth.Can(a, auth.ActAssessIndependent)
}

// day returns t's calendar day in Vietnam (midnight, vn.Zone): the form
// of every date without a time (issue, expiry, due dates).
func day(t time.Time) time.Time {
	loc := vn.Zone
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// Schemes returns the schemes an actor may assess on: those with a
// published version and not archived (shipped first, then by code). Anyone
// may read them: the criteria are public, so that enterprises prepare.
func (s *Service) Schemes(ctx context.Context) ([]*Scheme, error) {
	all, err := s.store.FindSchemes(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, sc := range all {
		if sc.Published != 0 && !sc.Archived {
			out = append(out, sc)
		}
	}
	return out, nil
}

// PublishedVersion returns the version new assessments of scheme id use,
// with its body (NotFound when the scheme has none or is archived).
func (s *Service) PublishedVersion(ctx context.Context, id SchemeID) (*Scheme, *Version, error) {
	sc, err := s.store.FindScheme(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if sc.Published == 0 || sc.Archived {
		return nil, nil, notFound("bộ tiêu chí đang áp dụng")
	}
	v, err := s.store.FindVersion(ctx, sc.Published)
	if err != nil {
		return nil, nil, err
	}
	return sc, v, nil
}
