package assessment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/vn"
)

var (
	errNoSigner = fault.New(fault.Unavailable,
		"Chưa cấu hình khóa ký của nền tảng (NSCL_SIGNING_KEY) nên chưa thể cấp giấy chứng nhận. Vui lòng báo quản trị hệ thống.",
		"The platform's signing key (NSCL_SIGNING_KEY) is not configured, so no certificate can be issued. Please tell the system administrator.")
	errRecognitionConflict = fault.New(fault.Conflict,
		"Cuộc đánh giá vừa được người khác thay đổi. Vui lòng tải lại trang rồi thực hiện lại.",
		"Someone else changed this assessment meanwhile. Please reload the page and try again.")
	errCertificateConflict = fault.New(fault.Conflict,
		"Giấy chứng nhận vừa được người khác thay đổi. Vui lòng tải lại trang rồi thực hiện lại.",
		"Someone else changed this certificate meanwhile. Please reload the page and try again.")
	errRecogniseDenied = fault.New(fault.Forbidden,
		"Chỉ cán bộ Bộ Công Thương và cán bộ Sở Công Thương của tỉnh doanh nghiệp được công nhận.",
		"Only ministry officers and the officers of the enterprise's province may recognise it.")
	errRevokeDenied = fault.New(fault.Forbidden,
		"Chỉ cán bộ Bộ Công Thương và cán bộ Sở Công Thương của tỉnh doanh nghiệp được thu hồi giấy chứng nhận.",
		"Only ministry officers and the officers of the enterprise's province may revoke the certificate.")
	errCertificatesDenied = fault.New(fault.Forbidden,
		"Danh sách giấy chứng nhận dành cho cán bộ quản lý và doanh nghiệp. Mọi người có thể tra cứu tại trang Tra cứu chứng nhận.",
		"The certificates' list is for officers and enterprises. Anyone can search the public register.")
)

// anyProvince is a scope in a province no actor is scoped to: an actor
// allowed there is allowed in every province.
var anyProvince = auth.Scope{ProvinceCode: "\x00"}

// mayManageCertificates reports whether a may recognise assessments and
// revoke certificates of an enterprise in province prov.
func mayManageCertificates(a *auth.Actor, prov string) bool {
	return auth.Allowed(a, auth.ActCertificateManage, auth.Scope{ProvinceCode: prov})
}

// mayViewCertificate reports whether a may see a certificate: officers of
// its scope and the enterprise's own users.
func mayViewCertificate(a *auth.Actor, c *Certificate) bool {
	return auth.Allowed(a, auth.ActAssessmentView, auth.Scope{ProvinceCode: c.ProvinceCode, EnterpriseID: int64(c.EnterpriseID)})
}

// CanSign reports whether the platform can issue certificates (its signing
// key is configured).
func (s *Service) CanSign() bool { return s.signer != nil }

// issuerOf names the body that issues the certificates an actor
// recognises: the ministry, or a province's department.
func (s *Service) issuerOf(a *auth.Actor) (issuer, parent, place string) {
	if a.Role == auth.RoleProvince && a.ProvinceCode != "" {
		if p, ok := s.geo.Province(a.ProvinceCode); ok {
			return "Sở Công Thương " + p.Short, provinceAuthority(p.Name, p.Short), p.Short
		}
	}
	return "Bộ Công Thương", "", "Hà Nội"
}

// provinceAuthority names a province's people's committee, the parent of
// its department: "Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân
// tỉnh Đồng Nai".
func provinceAuthority(name, short string) string {
	if strings.HasPrefix(name, "Thành phố ") {
		return "Ủy ban nhân dân thành phố " + short
	}
	return "Ủy ban nhân dân tỉnh " + short
}

// awaitsRecognition reports whether x is an assessment an officer may
// recognise: independent, submitted, with a level.
func awaitsRecognition(x *Assessment) bool {
	return x.Mode == ModeIndependent && x.Status == StatusSubmitted && x.LevelCode != ""
}

// MayRecognise reports whether the actor in ctx may recognise x now (for
// the assessment page's link to the recognition form).
func (s *Service) MayRecognise(ctx context.Context, x *Assessment) bool {
	return awaitsRecognition(x) && mayManageCertificates(auth.ActorFrom(ctx), x.ProvinceCode)
}

// RecognitionCase is what the recognition form shows: the assessment and,
// once decided, its certificate.
type RecognitionCase struct {
	Assessment  *Assessment
	Certificate *Certificate // nil unless recognised
	LevelName   fault.Text
	Issuer      string // who would issue the certificate
	CanDecide   bool   // it awaits recognition and the actor may decide
	// Accreditation is the assessor's accreditation on the scheme (nil
	// when there is none); AccreditationProblem says why it does not
	// allow recognising the result (empty when it does): then only a
	// decline is possible.
	Accreditation        *Accreditation
	AccreditationProblem fault.Text
}

// Recognition returns the recognition case of assessment id for an
// officer who may recognise it: NotFound unless the actor sees it,
// Forbidden unless they may recognise in its province.
func (s *Service) Recognition(ctx context.Context, id AssessmentID) (*RecognitionCase, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	x, err := s.store.FindAssessment(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayView(a, x) {
		return nil, notFound("cuộc đánh giá")
	}
	if err != nil {
		return nil, err
	}
	if !mayManageCertificates(a, x.ProvinceCode) {
		return nil, errRecogniseDenied
	}
	rc := &RecognitionCase{Assessment: x, CanDecide: awaitsRecognition(x)}
	rc.Issuer, _, _ = s.issuerOf(a)
	if x.Mode == ModeIndependent {
		if rc.Accreditation, rc.AccreditationProblem, err = assessorAccreditation(ctx, s.store, x); err != nil {
			return nil, err
		}
	}
	if v, err := s.store.FindVersion(ctx, x.VersionID); err == nil {
		rc.LevelName = levelName(&v.Body, x.LevelCode)
	} else {
		return nil, err
	}
	if x.Status == StatusRecognised {
		c, err := s.store.FindCertificateOf(ctx, x.ID)
		if err != nil && !fault.Is(err, fault.NotFound) {
			return nil, err
		}
		rc.Certificate = c
	}
	return rc, nil
}

// levelName names a level of a body ("" code: none).
func levelName(b *Body, code string) fault.Text {
	for _, l := range b.Levels {
		if l.Code == code {
			return l.Name
		}
	}
	return fault.Text{Vi: code, En: code}
}

// assessorAccreditation reads the accreditation of x's assessor on x's
// scheme and says why it does not allow recognising x's result (an empty
// text when it does): the accreditation must have been in force on the
// day the result was submitted, and must not have been withdrawn or
// suspended since. One that merely expired after the submission does not
// matter: the result was made by an accredited assessor.
func assessorAccreditation(ctx context.Context, st Store, x *Assessment) (*Accreditation, fault.Text, error) {
	if x.AssessorID == 0 {
		return nil, fault.Text{Vi: "Cuộc đánh giá không có đánh giá viên được phân công.", En: "The assessment has no assigned assessor."}, nil
	}
	acc, err := st.FindAccreditationFor(ctx, x.AssessorID, x.SchemeID)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.Text{Vi: "Đánh giá viên chưa được công nhận cho bộ tiêu chí này.", En: "The assessor is not accredited on this scheme."}, nil
	}
	if err != nil {
		return nil, fault.Text{}, err
	}
	submitted := day(x.UpdatedAt)
	if x.SubmittedAt != nil {
		submitted = day(*x.SubmittedAt)
	}
	switch {
	case acc.Status == AccreditationWithdrawn:
		return acc, fault.Text{Vi: "Chứng nhận đánh giá viên số " + acc.Number + " đã bị thu hồi.", En: "The assessor's accreditation no. " + acc.Number + " was withdrawn."}, nil
	case acc.Status == AccreditationSuspended:
		return acc, fault.Text{Vi: "Chứng nhận đánh giá viên số " + acc.Number + " đang bị đình chỉ.", En: "The assessor's accreditation no. " + acc.Number + " is suspended."}, nil
	case submitted.Before(day(acc.GrantedOn)):
		return acc, fault.Text{Vi: "Chứng nhận đánh giá viên số " + acc.Number + " chỉ có hiệu lực từ ngày " + vn.Date(acc.GrantedOn) + ", sau ngày nộp kết quả " + vn.Date(submitted) + ".",
			En: "The assessor's accreditation no. " + acc.Number + " took effect on " + vn.Date(acc.GrantedOn) + ", after the result was submitted on " + vn.Date(submitted) + "."}, nil
	case !acc.ActiveOn(submitted):
		return acc, fault.Text{Vi: "Chứng nhận đánh giá viên số " + acc.Number + " đã hết hạn ngày " + vn.Date(acc.ExpiresOn) + ", trước ngày nộp kết quả " + vn.Date(submitted) + ".",
			En: "The assessor's accreditation no. " + acc.Number + " expired on " + vn.Date(acc.ExpiresOn) + ", before the result was submitted on " + vn.Date(submitted) + "."}, nil
	}
	return acc, fault.Text{}, nil
}

// decidable reads assessment id in tx for a recognition decision by a: in
// the actor's view (NotFound otherwise), in their scope (Forbidden), at
// version (Conflict), awaiting recognition.
func (s *Service) decidable(ctx context.Context, tx Store, a *auth.Actor, id AssessmentID, version int) (*Assessment, error) {
	x, err := tx.FindAssessment(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayView(a, x) {
		return nil, notFound("cuộc đánh giá")
	}
	if err != nil {
		return nil, err
	}
	if !mayManageCertificates(a, x.ProvinceCode) {
		return nil, errRecogniseDenied
	}
	switch {
	case x.Mode != ModeIndependent:
		return nil, fault.New(fault.Invalid,
			"Chỉ kết quả đánh giá độc lập mới được công nhận; tự đánh giá của doanh nghiệp không được cấp giấy chứng nhận.",
			"Only an independent assessment can be recognised; an enterprise's self-assessment gets no certificate.")
	case x.Status == StatusRecognised || x.Status == StatusNotRecognised:
		return nil, fault.New(fault.Conflict, "Cuộc đánh giá này đã có quyết định công nhận.", "This assessment has been decided already.")
	case x.Status != StatusSubmitted:
		return nil, fault.New(fault.Conflict,
			"Cuộc đánh giá chưa hoàn thành: chỉ công nhận khi đánh giá viên đã nộp kết quả.",
			"The assessment is not submitted: it can be recognised once the assessor has submitted the result.")
	case x.LevelCode == "":
		return nil, fault.New(fault.Invalid,
			"Kết quả đánh giá chưa đạt mức nào của bộ tiêu chí nên không được công nhận.",
			"The assessment reached no level of the scheme, so it cannot be recognised.")
	case x.Version != version:
		return nil, errRecognitionConflict
	}
	return x, nil
}

// Recognise recognises a submitted independent assessment that reached a
// level, and issues its certificate, in one transaction: the assessment
// becomes recognised (with the decision) and the certificate gets the next
// number of its scheme's prefix and year, today's issue date (Vietnam),
// the expiry after the scheme's validity, the issuer of the officer
// (the ministry, or their province's department), the names of the
// enterprise, scheme and level as they are today, and its signed code.
// The enterprise's users are told by mail. ActCertificateManage in the
// enterprise's province; a self-assessment, one not submitted or without
// a level is refused; a stale version is fault.Conflict. Without the
// platform's signing key nothing is issued (fault.Unavailable).
func (s *Service) Recognise(ctx context.Context, id AssessmentID, in RecognitionInput) (*Certificate, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActCertificateManage) {
		return nil, errRecogniseDenied
	}
	if s.signer == nil {
		return nil, errNoSigner
	}
	now := s.now()
	decided, err := in.check(now)
	if err != nil {
		return nil, err
	}
	var out *Certificate
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := s.decidable(ctx, tx, a, id, in.Version)
		if err != nil {
			return err
		}
		// The result must come from an assessor accredited on the scheme
		// when it was submitted (and not withdrawn or suspended since).
		if _, why, err := assessorAccreditation(ctx, tx, x); err != nil {
			return err
		} else if why.Vi != "" {
			return fault.New(fault.Invalid, "Không thể công nhận: "+why.Vi, "Cannot recognise: "+why.En)
		}
		sc, err := tx.FindScheme(ctx, x.SchemeID)
		if err != nil {
			return err
		}
		v, err := tx.FindVersion(ctx, x.VersionID)
		if err != nil {
			return err
		}
		issued := day(now)
		seq, err := tx.NextCertificateSeq(ctx, certificatePrefix(sc.Kind), issued.Year())
		if err != nil {
			return err
		}
		issuer, _, _ := s.issuerOf(a)
		c := &Certificate{Number: fmt.Sprintf("%s-%d-%06d", certificatePrefix(sc.Kind), issued.Year(), seq),
			EnterpriseID: x.EnterpriseID, EnterpriseName: x.EnterpriseName, TaxCode: x.TaxCode, ProvinceCode: x.ProvinceCode,
			AssessmentID: x.ID, SchemeID: sc.ID, SchemeCode: sc.Code, SchemeName: sc.Name, VersionNo: x.VersionNo,
			LevelCode: x.LevelCode, LevelName: levelName(&v.Body, x.LevelCode), ScorePct: x.ScorePct, IssuedOn: issued,
			Issuer: issuer, Signer: in.SignerName, IssuedBy: a.UserID, Status: CertValid, CreatedAt: now}
		if sc.ValidityMonths > 0 {
			exp := issued.AddDate(0, sc.ValidityMonths, 0)
			c.ExpiresOn = &exp
		}
		if c.Code, err = s.signer.Sign(sealedOf(c)); err != nil {
			return fmt.Errorf("assessment: seal certificate %s: %w", c.Number, err)
		}
		if err := tx.CreateCertificate(ctx, c, in.SignerTitle); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errRecognitionConflict
			}
			return err
		}
		before := *x
		x.Status, x.RecognisedAt, x.RecognisedBy = StatusRecognised, &now, a.UserID
		x.DecisionNo, x.DecisionDate, x.RecognitionNote, x.UpdatedAt = in.DecisionNo, &decided, in.Note, now
		if err := tx.SetRecognition(ctx, x); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errRecognitionConflict
			}
			return err
		}
		if err := s.record(ctx, tx, "assessment.recognise", "assessment", int64(x.ID), &before, x); err != nil {
			return err
		}
		out = c
		return s.record(ctx, tx, "certificate.issue", "certificate", int64(c.ID), nil, c)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, out.EnterpriseID, "Giấy chứng nhận số "+out.Number+" / Certificate no. "+out.Number,
		fmt.Sprintf("Doanh nghiệp %s được công nhận %s, mức %s. Giấy chứng nhận số %s, ngày cấp %s%s.\n"+
			"%s is recognised for %s, level %s. Certificate no. %s, issued on %s%s.",
			out.EnterpriseName, out.SchemeName.Vi, out.LevelName.Vi, out.Number, vn.Date(out.IssuedOn), expiryVi(out),
			out.EnterpriseName, out.SchemeName.En, out.LevelName.En, out.Number, vn.Date(out.IssuedOn), expiryEn(out)),
		fmt.Sprintf("/certificates/%d", out.ID))
	return out, nil
}

func expiryVi(c *Certificate) string {
	if c.ExpiresOn == nil {
		return ", không thời hạn"
	}
	return ", có hiệu lực đến ngày " + vn.Date(*c.ExpiresOn)
}

func expiryEn(c *Certificate) string {
	if c.ExpiresOn == nil {
		return ", without expiry"
	}
	return ", valid until " + vn.Date(*c.ExpiresOn)
}

// Decline records that an officer does not recognise a submitted
// independent assessment, with the reason (required), and tells the
// enterprise's users. The same rules as Recognise.
func (s *Service) Decline(ctx context.Context, id AssessmentID, in ReasonInput) (*Assessment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActCertificateManage) {
		return nil, errRecogniseDenied
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	now := s.now()
	var out *Assessment
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := s.decidable(ctx, tx, a, id, in.Version)
		if err != nil {
			return err
		}
		before := *x
		x.Status, x.RecognisedAt, x.RecognisedBy, x.RecognitionNote, x.UpdatedAt = StatusNotRecognised, &now, a.UserID, in.Reason, now
		if err := tx.SetRecognition(ctx, x); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errRecognitionConflict
			}
			return err
		}
		out = x
		return s.record(ctx, tx, "assessment.decline", "assessment", int64(x.ID), &before, x)
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, out.EnterpriseID, "Kết quả xét công nhận / Recognition decision",
		fmt.Sprintf("Kết quả đánh giá độc lập theo %s của doanh nghiệp %s chưa được công nhận. Lý do: %s\n"+
			"The independent assessment of %s on %s is not recognised. Reason: %s",
			out.SchemeName.Vi, out.EnterpriseName, in.Reason, out.EnterpriseName, out.SchemeName.En, in.Reason),
		fmt.Sprintf("/assessments/%d", out.ID))
	return out, nil
}

// notify mails the enterprise's users; a failure is logged, never
// returned (the decision is made and stored).
func (s *Service) notify(ctx context.Context, ent registry.EnterpriseID, subject, body, path string) {
	if s.mailer == nil {
		return
	}
	boxes, err := s.store.FindMailboxes(ctx, ent)
	if err != nil {
		s.log.Warn("assessment: certificate notice not sent", "enterprise", ent, "err", err)
		return
	}
	for _, b := range boxes {
		if err := s.mailer.SendMail(ctx, b.Email, "[NSCL] "+subject, body+"\n\n"+s.baseURL+path+"\n"); err != nil {
			s.log.Warn("assessment: certificate notice not sent", "to", b.Email, "err", err)
		}
	}
}

// Certificates returns a page of the certificates the actor sees under q
// and the total: officers those of their scope (the ministry every one),
// an enterprise user its own. Others are refused: they have the public
// register.
func (s *Service) Certificates(ctx context.Context, q CertificateQuery) ([]*Certificate, int, error) {
	f, err := s.certificateScope(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	return s.store.FindCertificates(ctx, f)
}

// CertificatesAll is Certificates without paging, up to limit rows (for
// the XLSX download).
func (s *Service) CertificatesAll(ctx context.Context, q CertificateQuery, limit int) ([]*Certificate, int, error) {
	f, err := s.certificateScope(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	f.Offset, f.Limit = 0, limit
	return s.store.FindCertificates(ctx, f)
}

func (s *Service) certificateScope(ctx context.Context, q CertificateQuery) (CertificateFilter, error) {
	a, err := actor(ctx)
	if err != nil {
		return CertificateFilter{}, err
	}
	if !auth.Can(a, auth.ActAssessmentView) {
		return CertificateFilter{}, errCertificatesDenied
	}
	f := q.filter(dayText(s.now()))
	switch {
	case a.Role == auth.RoleEnterprise:
		f.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	case !auth.Allowed(a, auth.ActAssessmentView, anyProvince):
		// Not allowed in every province (a provincial officer): their own.
		f.Provinces = []string{a.ProvinceCode}
	}
	return f, nil
}

// Certificate returns a certificate the actor may see (officers of its
// scope, its enterprise's users) with its signer and decision; NotFound
// otherwise.
func (s *Service) Certificate(ctx context.Context, id CertificateID) (*CertificateDetail, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCertificateDetail(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayViewCertificate(a, c.Certificate) {
		return nil, notFound("giấy chứng nhận")
	}
	return c, err
}

// AssessmentCertificate returns the certificate issued on assessment id,
// for those who may see it (NotFound when none).
func (s *Service) AssessmentCertificate(ctx context.Context, id AssessmentID) (*Certificate, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCertificateOf(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayViewCertificate(a, c) {
		return nil, notFound("giấy chứng nhận")
	}
	return c, err
}

// MayRevoke reports whether the actor may revoke c now.
func (s *Service) MayRevoke(ctx context.Context, c *Certificate) bool {
	return c.Status != CertRevoked && mayManageCertificates(auth.ActorFrom(ctx), c.ProvinceCode)
}

// Revoke revokes a certificate with the reason (required), shown publicly
// with the date from then on. ActCertificateManage in the certificate's
// province; a stale version is fault.Conflict; a revoked certificate
// stays revoked.
func (s *Service) Revoke(ctx context.Context, id CertificateID, in ReasonInput) (*Certificate, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActCertificateManage) {
		return nil, errRevokeDenied
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	now := s.now()
	var out *Certificate
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := tx.FindCertificate(ctx, id)
		if fault.Is(err, fault.NotFound) || err == nil && !mayViewCertificate(a, c) {
			return notFound("giấy chứng nhận")
		}
		if err != nil {
			return err
		}
		if !mayManageCertificates(a, c.ProvinceCode) {
			return errRevokeDenied
		}
		if c.Status == CertRevoked {
			return fault.New(fault.Conflict, "Giấy chứng nhận đã bị thu hồi.", "The certificate is revoked already.")
		}
		if c.Version != in.Version {
			return errCertificateConflict
		}
		before := *c
		c.Status, c.RevokedAt, c.RevokedBy, c.RevokedReason = CertRevoked, &now, a.UserID, in.Reason
		if err := tx.RevokeCertificate(ctx, c); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errCertificateConflict
			}
			return err
		}
		out = c
		return s.record(ctx, tx, "certificate.revoke", "certificate", int64(c.ID), &before, c)
	})
	if err != nil {
		return nil, err
	}
	// This server's verification shows the revocation at once (the others
	// within VerifyFresh).
	s.certs.rows.drop(out.Number)
	s.notify(ctx, out.EnterpriseID, "Thu hồi giấy chứng nhận số "+out.Number+" / Certificate no. "+out.Number+" revoked",
		fmt.Sprintf("Giấy chứng nhận số %s (%s) của %s đã bị thu hồi ngày %s. Lý do: %s\n"+
			"Certificate no. %s (%s) of %s was revoked on %s. Reason: %s",
			out.Number, out.SchemeName.Vi, out.EnterpriseName, vn.Date(now), in.Reason,
			out.Number, out.SchemeName.En, out.EnterpriseName, vn.Date(now), in.Reason),
		fmt.Sprintf("/certificates/%d", out.ID))
	return out, nil
}

// AwaitingRecognition returns a page (from offset) of the submitted
// independent assessments with a level that the actor may recognise,
// oldest submission first, and the total. ActCertificateManage.
func (s *Service) AwaitingRecognition(ctx context.Context, offset, limit int) ([]*Assessment, int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !auth.Can(a, auth.ActCertificateManage) {
		return nil, 0, errRecogniseDenied
	}
	var provs []string
	if !mayManageCertificates(a, anyProvince.ProvinceCode) {
		provs = []string{a.ProvinceCode}
	}
	return s.store.FindAwaitingRecognition(ctx, provs, max(offset, 0), min(max(limit, 1), 200))
}

// VerifyURL is the public verification address of a code.
func (s *Service) VerifyURL(code string) string { return s.baseURL + "/verify/" + code }

// Sealed returns the payload a certificate's facts seal (its code signs
// it).
func Sealed(c *Certificate) seal.Payload { return sealedOf(c) }

// Today is the calendar day in Vietnam by the service's clock.
func (s *Service) Today() time.Time { return day(s.now()) }
