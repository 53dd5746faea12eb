package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/vn"
)

// CreateScheme inserts a scheme with its first version.
func (s *AssessmentStore) CreateScheme(ctx context.Context, sc *assessment.Scheme, v *assessment.Version) error {
	now := s.db.now()
	if sc.CreatedAt.IsZero() {
		sc.CreatedAt = now
	}
	sc.UpdatedAt = sc.CreatedAt
	body, err := json.Marshal(v.Body)
	if err != nil {
		return fmt.Errorf("sqldb: scheme body: %w", err)
	}
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO assessment_schemes (code, name_vi, name_en, kind, tools, shipped, validity_months,
			archived, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			sc.Code, sc.Name.Vi, sc.Name.En, string(sc.Kind), joinList(sc.Tools), boolInt(sc.Shipped), sc.ValidityMonths,
			boolInt(sc.Archived), utc(sc.CreatedAt), utc(sc.UpdatedAt)).Scan(&sc.ID)
		if err != nil {
			return translate(err, "create scheme")
		}
		v.SchemeID, v.No, v.Rev = sc.ID, 1, 1
		if v.CreatedAt.IsZero() {
			v.CreatedAt = sc.CreatedAt
		}
		v.UpdatedAt = v.CreatedAt
		if v.Status == assessment.VersionPublished && v.PublishedAt == nil {
			at := v.CreatedAt
			v.PublishedAt = &at
		}
		err = c.w.QueryRowContext(ctx, `INSERT INTO scheme_versions (scheme_id, no, status, body, note, published_at, published_by,
			created_by, created_at, updated_at, rev) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
			int64(sc.ID), string(v.Status), string(body), v.Note, nullTime(v.PublishedAt), nullInt64(int64(v.PublishedBy)),
			nullInt64(int64(v.CreatedBy)), utc(v.CreatedAt), utc(v.UpdatedAt)).Scan(&v.ID)
		if err != nil {
			return translate(err, "create scheme version")
		}
		switch v.Status {
		case assessment.VersionPublished:
			sc.Published, sc.PublishedNo = v.ID, 1
		case assessment.VersionDraft:
			sc.DraftID = v.ID
		}
		return nil
	})
}

// schemeColumns reads a scheme with its published and draft versions.
const schemeColumns = `s.id, s.code, s.name_vi, s.name_en, s.kind, s.tools, s.shipped, s.validity_months, s.archived,
	s.created_at, s.updated_at,
	COALESCE((SELECT v.id FROM scheme_versions v WHERE v.scheme_id = s.id AND v.status = 'published'), 0),
	COALESCE((SELECT v.no FROM scheme_versions v WHERE v.scheme_id = s.id AND v.status = 'published'), 0),
	COALESCE((SELECT v.id FROM scheme_versions v WHERE v.scheme_id = s.id AND v.status = 'draft'), 0)`

func scanScheme(sc interface{ Scan(...any) error }) (*assessment.Scheme, error) {
	var x assessment.Scheme
	var kind, tools string
	var shipped, archived int
	var created, updated sql.NullTime
	if err := sc.Scan(&x.ID, &x.Code, &x.Name.Vi, &x.Name.En, &kind, &tools, &shipped, &x.ValidityMonths, &archived,
		&created, &updated, &x.Published, &x.PublishedNo, &x.DraftID); err != nil {
		return nil, err
	}
	x.Kind, x.Tools, x.Shipped, x.Archived = assessment.Kind(kind), splitAs[string](tools), shipped != 0, archived != 0
	x.CreatedAt, x.UpdatedAt = timeOf(created), timeOf(updated)
	return &x, nil
}

// FindScheme reads a scheme.
func (s *AssessmentStore) FindScheme(ctx context.Context, id assessment.SchemeID) (*assessment.Scheme, error) {
	x, err := scanScheme(s.r.QueryRowContext(ctx, `SELECT `+schemeColumns+` FROM assessment_schemes s WHERE s.id = $1`, int64(id)))
	return x, translate(err, fmt.Sprintf("find scheme %d", id))
}

// FindSchemeByCode reads a scheme by code.
func (s *AssessmentStore) FindSchemeByCode(ctx context.Context, code string) (*assessment.Scheme, error) {
	x, err := scanScheme(s.r.QueryRowContext(ctx, `SELECT `+schemeColumns+` FROM assessment_schemes s WHERE s.code = $1`, code))
	return x, translate(err, "find scheme "+code)
}

// FindSchemes reads every scheme, shipped first, then by code.
func (s *AssessmentStore) FindSchemes(ctx context.Context) ([]*assessment.Scheme, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+schemeColumns+` FROM assessment_schemes s ORDER BY s.shipped DESC, s.code`)
	if err != nil {
		return nil, translate(err, "find schemes")
	}
	var out []*assessment.Scheme
	for rows.Next() {
		x, err := scanScheme(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan scheme")
		}
		out = append(out, x)
	}
	return out, closeRows(rows, "find schemes")
}

// FindVersion reads a scheme version with its body.
func (s *AssessmentStore) FindVersion(ctx context.Context, id assessment.VersionID) (*assessment.Version, error) {
	var v assessment.Version
	var status, body string
	var pubAt, created, updated sql.NullTime
	var pubBy, createdBy sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT id, scheme_id, no, status, body, note, published_at, published_by, created_by,
		created_at, updated_at, rev FROM scheme_versions WHERE id = $1`, int64(id)).Scan(&v.ID, &v.SchemeID, &v.No, &status, &body,
		&v.Note, &pubAt, &pubBy, &createdBy, &created, &updated, &v.Rev)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find scheme version %d", id))
	}
	if err := json.Unmarshal([]byte(body), &v.Body); err != nil {
		return nil, fmt.Errorf("sqldb: scheme version %d body: %w", id, err)
	}
	v.Status, v.PublishedAt, v.CreatedAt, v.UpdatedAt = assessment.VersionStatus(status), timePtr(pubAt), timeOf(created), timeOf(updated)
	v.PublishedBy, v.CreatedBy = auth.UserID(pubBy.Int64), auth.UserID(createdBy.Int64)
	return &v, nil
}

// assessmentColumns reads an assessment with its joined names (aliases: a
// assessments, e enterprises, s schemes, v versions, u assessor).
const assessmentColumns = `a.id, a.enterprise_id, e.name, e.tax_code, a.province_code, a.scheme_id, a.version_id, v.no, s.code,
	s.name_vi, s.name_en, a.mode, a.status, a.site, COALESCE(a.assessor_id, 0), COALESCE(u.name, ''), COALESCE(a.based_on, 0),
	a.started_at, a.submitted_at, a.score_pct, a.points, a.level_code, a.recognised_at, COALESCE(a.recognised_by, 0),
	a.decision_no, a.decision_date, a.recognition_note, a.cancel_reason, COALESCE(a.created_by, 0), a.created_at, a.updated_at,
	a.version`

// assessmentFrom joins what assessmentColumns reads.
const assessmentFrom = ` FROM assessments a JOIN enterprises e ON e.id = a.enterprise_id
	JOIN assessment_schemes s ON s.id = a.scheme_id JOIN scheme_versions v ON v.id = a.version_id
	LEFT JOIN users u ON u.id = a.assessor_id`

func scanAssessment(sc interface{ Scan(...any) error }) (*assessment.Assessment, error) {
	var x assessment.Assessment
	var mode, status, decisionDate string
	var started, submitted, recognised, created, updated sql.NullTime
	if err := sc.Scan(&x.ID, &x.EnterpriseID, &x.EnterpriseName, &x.TaxCode, &x.ProvinceCode, &x.SchemeID, &x.VersionID, &x.VersionNo,
		&x.SchemeCode, &x.SchemeName.Vi, &x.SchemeName.En, &mode, &status, &x.Site, &x.AssessorID, &x.AssessorName, &x.BasedOn,
		&started, &submitted, &x.ScorePct, &x.Points, &x.LevelCode, &recognised, &x.RecognisedBy, &x.DecisionNo, &decisionDate,
		&x.RecognitionNote, &x.CancelReason, &x.CreatedBy, &created, &updated, &x.Version); err != nil {
		return nil, err
	}
	x.Mode, x.Status = assessment.Mode(mode), assessment.Status(status)
	x.StartedAt, x.SubmittedAt, x.RecognisedAt = timePtr(started), timePtr(submitted), timePtr(recognised)
	x.DecisionDate = dayOf(decisionDate)
	x.CreatedAt, x.UpdatedAt = timeOf(created), timeOf(updated)
	return &x, nil
}

// FindAssessment reads an assessment.
func (s *AssessmentStore) FindAssessment(ctx context.Context, id assessment.AssessmentID) (*assessment.Assessment, error) {
	x, err := scanAssessment(s.r.QueryRowContext(ctx, `SELECT `+assessmentColumns+assessmentFrom+` WHERE a.id = $1`, int64(id)))
	return x, translate(err, fmt.Sprintf("find assessment %d", id))
}

// FindAnswers reads an assessment's answers by item key.
func (s *AssessmentStore) FindAnswers(ctx context.Context, id assessment.AssessmentID) (map[string]assessment.Answer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT item_key, value, na, note, COALESCE(answered_by, 0), answered_at
		FROM assessment_answers WHERE assessment_id = $1`, int64(id))
	if err != nil {
		return nil, translate(err, "find answers")
	}
	out := map[string]assessment.Answer{}
	for rows.Next() {
		var a assessment.Answer
		var na int
		var at sql.NullTime
		if err := rows.Scan(&a.ItemKey, &a.Value, &na, &a.Note, &a.AnsweredBy, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan answer")
		}
		a.NA, a.AnsweredAt = na != 0, timeOf(at)
		out[a.ItemKey] = a
	}
	return out, closeRows(rows, "find answers")
}

// certificateColumns reads a certificate.
const certificateColumns = `id, number, code, enterprise_id, enterprise_name, tax_code, province_code, assessment_id, scheme_id,
	scheme_code, scheme_name_vi, scheme_name_en, version_no, level_code, level_name_vi, level_name_en, score_pct, issued_on,
	expires_on, issuer, signer, COALESCE(issued_by, 0), status, revoked_at, COALESCE(revoked_by, 0), revoked_reason, reminded_at,
	created_at, version`

func scanCertificate(sc interface{ Scan(...any) error }) (*assessment.Certificate, error) {
	var c assessment.Certificate
	var issued, expires, status string
	var revoked, reminded, created sql.NullTime
	if err := sc.Scan(&c.ID, &c.Number, &c.Code, &c.EnterpriseID, &c.EnterpriseName, &c.TaxCode, &c.ProvinceCode, &c.AssessmentID,
		&c.SchemeID, &c.SchemeCode, &c.SchemeName.Vi, &c.SchemeName.En, &c.VersionNo, &c.LevelCode, &c.LevelName.Vi, &c.LevelName.En,
		&c.ScorePct, &issued, &expires, &c.Issuer, &c.Signer, &c.IssuedBy, &status, &revoked, &c.RevokedBy, &c.RevokedReason,
		&reminded, &created, &c.Version); err != nil {
		return nil, err
	}
	c.IssuedOn, c.ExpiresOn, c.Status = dayVal(issued), dayOf(expires), assessment.CertificateStatus(status)
	c.RevokedAt, c.RemindedAt, c.CreatedAt = timePtr(revoked), timePtr(reminded), timeOf(created)
	return &c, nil
}

// FindCertificate reads a certificate.
func (s *AssessmentStore) FindCertificate(ctx context.Context, id assessment.CertificateID) (*assessment.Certificate, error) {
	c, err := scanCertificate(s.r.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE id = $1`, int64(id)))
	return c, translate(err, fmt.Sprintf("find certificate %d", id))
}

// FindCertificateByNumber reads the certificate of a number.
func (s *AssessmentStore) FindCertificateByNumber(ctx context.Context, number string) (*assessment.Certificate, error) {
	c, err := scanCertificate(s.r.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE number = $1`, number))
	return c, translate(err, "find certificate by number")
}

// accreditationColumns reads an accreditation (aliases: r accreditations, u
// users, s schemes).
const accreditationColumns = `r.id, r.user_id, u.name, r.scheme_id, s.code, s.name_vi, s.name_en, r.number, r.granted_on,
	r.expires_on, r.status, r.note, r.created_at, r.updated_at, r.version`

const accreditationFrom = ` FROM assessor_accreditations r JOIN users u ON u.id = r.user_id
	JOIN assessment_schemes s ON s.id = r.scheme_id`

func scanAccreditation(sc interface{ Scan(...any) error }) (*assessment.Accreditation, error) {
	var x assessment.Accreditation
	var granted, expires, status string
	var created, updated sql.NullTime
	if err := sc.Scan(&x.ID, &x.UserID, &x.UserName, &x.SchemeID, &x.SchemeCode, &x.SchemeName.Vi, &x.SchemeName.En, &x.Number,
		&granted, &expires, &status, &x.Note, &created, &updated, &x.Version); err != nil {
		return nil, err
	}
	x.GrantedOn, x.ExpiresOn, x.Status = dayVal(granted), dayVal(expires), assessment.AccreditationStatus(status)
	x.CreatedAt, x.UpdatedAt = timeOf(created), timeOf(updated)
	return &x, nil
}

// FindAccreditationFor reads an assessor's accreditation for a scheme.
func (s *AssessmentStore) FindAccreditationFor(ctx context.Context, user auth.UserID, scheme assessment.SchemeID) (*assessment.Accreditation, error) {
	x, err := scanAccreditation(s.r.QueryRowContext(ctx, `SELECT `+accreditationColumns+accreditationFrom+`
		WHERE r.user_id = $1 AND r.scheme_id = $2`, int64(user), int64(scheme)))
	return x, translate(err, "find accreditation")
}

// FindConsultingTies reads the engagements (active, or completed since
// since) of the account's expert profile with the enterprise, and the
// relation the expert declared with it.
func (s *AssessmentStore) FindConsultingTies(ctx context.Context, user auth.UserID, enterprise int64, since time.Time) ([]assessment.Tie, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT 'engagement', g.accepted_at, ''
		FROM engagements g JOIN experts x ON x.id = g.expert_id
		WHERE x.user_id = $1 AND g.enterprise_id = $2 AND (g.completed_at IS NULL OR g.completed_at >= $3)
		UNION ALL
		SELECT 'relation', r.declared_at, r.kind
		FROM expert_relations r JOIN experts x ON x.id = r.expert_id
		WHERE x.user_id = $1 AND r.enterprise_id = $2`, int64(user), enterprise, utc(since))
	if err != nil {
		return nil, translate(err, "find consulting ties")
	}
	var out []assessment.Tie
	for rows.Next() {
		var t assessment.Tie
		var at sql.NullTime
		if err := rows.Scan(&t.Kind, &at, &t.Note); err != nil {
			rows.Close()
			return nil, translate(err, "scan tie")
		}
		t.Since = timeOf(at).In(vn.Zone)
		out = append(out, t)
	}
	return out, closeRows(rows, "find consulting ties")
}
