package sqldb

// The certificate area of the assessment store (see assessment.go):
// numbering, issue, recognition, lists, revocation, expiry and reminders
// (0022_assessment.sql, 0026_certificates.sql).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// NextCertificateSeq takes the next sequence number of (prefix, year) with
// one upsert: its row stays locked (PostgreSQL) or the database's writer
// held (SQLite) until the transaction ends.
func (s *AssessmentStore) NextCertificateSeq(ctx context.Context, prefix string, year int) (int, error) {
	var n int
	err := s.w.QueryRowContext(ctx, `INSERT INTO certificate_sequences (prefix, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (prefix, year) DO UPDATE SET last = certificate_sequences.last + 1 RETURNING last`, prefix, year).Scan(&n)
	return n, translate(err, "next certificate number")
}

// CreateCertificate inserts a certificate at version 1.
func (s *AssessmentStore) CreateCertificate(ctx context.Context, c *assessment.Certificate, signerTitle string) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.db.now()
	}
	if c.Status == "" {
		c.Status = assessment.CertValid
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO certificates (number, code, enterprise_id, enterprise_name, name_folded, tax_code,
		province_code, assessment_id, scheme_id, scheme_code, scheme_name_vi, scheme_name_en, version_no, level_code, level_name_vi,
		level_name_en, score_pct, issued_on, expires_on, issuer, signer, signer_title, issued_by, status, created_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, 1)
		RETURNING id`,
		c.Number, c.Code, int64(c.EnterpriseID), c.EnterpriseName, vn.Fold(c.EnterpriseName), c.TaxCode, c.ProvinceCode,
		int64(c.AssessmentID), int64(c.SchemeID), c.SchemeCode, c.SchemeName.Vi, c.SchemeName.En, c.VersionNo, c.LevelCode,
		c.LevelName.Vi, c.LevelName.En, c.ScorePct, dayText(&c.IssuedOn), dayText(c.ExpiresOn), c.Issuer, c.Signer, signerTitle,
		nullInt64(int64(c.IssuedBy)), string(c.Status), utc(c.CreatedAt)).Scan(&c.ID)
	if err != nil {
		return translate(err, "create certificate")
	}
	c.Version = 1
	return nil
}

// SetRecognition writes an assessment's recognition at its version.
func (s *AssessmentStore) SetRecognition(ctx context.Context, x *assessment.Assessment) error {
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = s.db.now()
	}
	var decided string
	if x.DecisionDate != nil {
		decided = dayText(x.DecisionDate)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE assessments SET status = $1, recognised_at = $2, recognised_by = $3, decision_no = $4,
		decision_date = $5, recognition_note = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9`,
		string(x.Status), nullTime(x.RecognisedAt), nullInt64(int64(x.RecognisedBy)), x.DecisionNo, decided, x.RecognitionNote,
		utc(x.UpdatedAt), int64(x.ID), x.Version)
	if err != nil {
		return translate(err, "set recognition")
	}
	if err := changed(res, "set recognition", "Cuộc đánh giá vừa được người khác thay đổi.", "Someone else changed this assessment meanwhile."); err != nil {
		return err
	}
	x.Version++
	return nil
}

// FindCertificateDetail reads a certificate with its signer's title and
// the recognition decision of its assessment.
func (s *AssessmentStore) FindCertificateDetail(ctx context.Context, id assessment.CertificateID) (*assessment.CertificateDetail, error) {
	var d assessment.CertificateDetail
	var decided string
	row := s.r.QueryRowContext(ctx, `SELECT `+certificateColumns+`, signer_title,
		COALESCE((SELECT a.decision_no FROM assessments a WHERE a.id = certificates.assessment_id), ''),
		COALESCE((SELECT a.decision_date FROM assessments a WHERE a.id = certificates.assessment_id), '')
		FROM certificates WHERE id = $1`, int64(id))
	c, err := scanCertificate(scanMore{row, []any{&d.SignerTitle, &d.DecisionNo, &decided}})
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find certificate %d", id))
	}
	d.Certificate, d.DecisionDate = c, dayOf(decided)
	return &d, nil
}

// scanMore scans a row's columns into the destinations a scanner asks for,
// then into more: a table's extra columns after those the shared scanner
// reads.
type scanMore struct {
	sc   interface{ Scan(...any) error }
	more []any
}

func (s scanMore) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.more...)...) }

// FindCertificateOf reads the certificate issued on an assessment.
func (s *AssessmentStore) FindCertificateOf(ctx context.Context, id assessment.AssessmentID) (*assessment.Certificate, error) {
	c, err := scanCertificate(s.r.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE assessment_id = $1`, int64(id)))
	return c, translate(err, fmt.Sprintf("find certificate of assessment %d", id))
}

// certificateWhere writes f's conditions.
func certificateWhere(f assessment.CertificateFilter) *where {
	w := &where{}
	if f.Provinces != nil {
		if len(f.Provinces) == 0 {
			w.add("1 = 0")
		} else {
			ph := make([]string, len(f.Provinces))
			args := make([]any, len(f.Provinces))
			for i, p := range f.Provinces {
				ph[i], args[i] = "?", p
			}
			w.add("province_code IN ("+strings.Join(ph, ", ")+")", args...)
		}
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.Province != "" {
		w.add("province_code = ?", f.Province)
	}
	if f.SchemeCode != "" {
		w.add("scheme_code = ?", f.SchemeCode)
	}
	today := f.Today
	if today == "" {
		today = time.Now().In(vn.Zone).Format(time.DateOnly)
	}
	switch f.State {
	case assessment.StateValid:
		w.add("status = 'valid' AND (expires_on = '' OR expires_on >= ?)", today)
	case assessment.StateExpiring:
		by := today
		if t, err := time.Parse(time.DateOnly, today); err == nil {
			by = t.AddDate(0, 0, assessment.ExpiryReminders[0]).Format(time.DateOnly)
		}
		w.add("status = 'valid' AND expires_on <> '' AND expires_on >= ? AND expires_on <= ?", today, by)
	case assessment.StateExpired:
		w.add("(status = 'expired' OR status = 'valid' AND expires_on <> '' AND expires_on < ?)", today)
	case assessment.StateRevoked:
		w.add("status = 'revoked'")
	}
	if f.Folded != "" {
		pat := likeContains(f.Folded)
		w.add(`(name_folded LIKE ? ESCAPE '\' OR tax_code LIKE ? ESCAPE '\' OR lower(number) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	return w
}

// FindCertificates reads a page of the certificates matching f, newest
// issue first, with the total.
func (s *AssessmentStore) FindCertificates(ctx context.Context, f assessment.CertificateFilter) ([]*assessment.Certificate, int, error) {
	w := certificateWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = assessment.PageSize
	}
	args := append(w.args, limit, max(f.Offset, 0))
	rows, err := s.r.QueryContext(ctx, `SELECT `+certificateColumns+`, COUNT(*) OVER() FROM certificates`+w.sql()+
		fmt.Sprintf(` ORDER BY issued_on DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, translate(err, "find certificates")
	}
	var out []*assessment.Certificate
	total := 0
	for rows.Next() {
		c, err := scanCertificate(scanMore{rows, []any{&total}})
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan certificate")
		}
		out = append(out, c)
	}
	if err := closeRows(rows, "find certificates"); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// A page past the end: the total still counts.
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM certificates`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count certificates")
		}
	}
	return out, total, nil
}

// RevokeCertificate writes a revocation at the certificate's version.
func (s *AssessmentStore) RevokeCertificate(ctx context.Context, c *assessment.Certificate) error {
	res, err := s.w.ExecContext(ctx, `UPDATE certificates SET status = $1, revoked_at = $2, revoked_by = $3, revoked_reason = $4,
		version = version + 1 WHERE id = $5 AND version = $6`, string(c.Status), nullTime(c.RevokedAt), nullInt64(int64(c.RevokedBy)),
		c.RevokedReason, int64(c.ID), c.Version)
	if err != nil {
		return translate(err, "revoke certificate")
	}
	if err := changed(res, "revoke certificate", "Giấy chứng nhận vừa được người khác thay đổi.", "Someone else changed this certificate meanwhile."); err != nil {
		return err
	}
	c.Version++
	return nil
}

// FindAwaitingRecognition reads the submitted independent assessments with
// a level, oldest submission first.
func (s *AssessmentStore) FindAwaitingRecognition(ctx context.Context, provinces []string, offset, limit int) ([]*assessment.Assessment, int, error) {
	w := &where{}
	w.add("a.mode = 'independent' AND a.status = 'submitted' AND a.level_code <> ''")
	if provinces != nil {
		if len(provinces) == 0 {
			return nil, 0, nil
		}
		ph := make([]string, len(provinces))
		args := make([]any, len(provinces))
		for i, p := range provinces {
			ph[i], args[i] = "?", p
		}
		w.add("a.province_code IN ("+strings.Join(ph, ", ")+")", args...)
	}
	args := append(w.args, limit, offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+assessmentColumns+`, COUNT(*) OVER()`+assessmentFrom+w.sql()+
		fmt.Sprintf(` ORDER BY a.submitted_at, a.id LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, translate(err, "find assessments awaiting recognition")
	}
	var out []*assessment.Assessment
	total := 0
	for rows.Next() {
		x, err := scanAssessment(scanMore{rows, []any{&total}})
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan assessment")
		}
		out = append(out, x)
	}
	return out, total, closeRows(rows, "find assessments awaiting recognition")
}

// ExpireCertificates marks at most limit lapsed certificates expired in
// one statement and returns them as they were.
func (s *AssessmentStore) ExpireCertificates(ctx context.Context, today string, limit int) ([]*assessment.Certificate, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates
		WHERE status = 'valid' AND expires_on <> '' AND expires_on < $1 ORDER BY expires_on, id LIMIT $2`, today, limit)
	if err != nil {
		return nil, translate(err, "find lapsed certificates")
	}
	var out []*assessment.Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan certificate")
		}
		out = append(out, c)
	}
	if err := closeRows(rows, "find lapsed certificates"); err != nil {
		return nil, err
	}
	for _, c := range out {
		// The status is checked again: a revocation meanwhile wins.
		if _, err := s.w.ExecContext(ctx, `UPDATE certificates SET status = 'expired', version = version + 1
			WHERE id = $1 AND status = 'valid'`, int64(c.ID)); err != nil {
			return nil, translate(err, "expire certificate")
		}
	}
	return out, nil
}

// FindCertificatesToRemind reads the certificates whose expiry reminder
// is due.
func (s *AssessmentStore) FindCertificatesToRemind(ctx context.Context, today, by30, by90 string, limit int) ([]assessment.Reminder, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+certificateColumns+`, CASE WHEN expires_on <= $2 THEN 30 ELSE 90 END
		FROM certificates
		WHERE status = 'valid' AND expires_on <> '' AND expires_on >= $1 AND expires_on <= $3
		AND (reminder_days = 0 OR reminder_days > 30 AND expires_on <= $2)
		ORDER BY expires_on, id LIMIT $4`, today, by30, by90, limit)
	if err != nil {
		return nil, translate(err, "find certificates to remind")
	}
	var out []assessment.Reminder
	for rows.Next() {
		var days int
		c, err := scanCertificate(scanMore{rows, []any{&days}})
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan certificate")
		}
		out = append(out, assessment.Reminder{Certificate: c, Days: days})
	}
	return out, closeRows(rows, "find certificates to remind")
}

// MarkCertificateReminded records the reminder sent.
func (s *AssessmentStore) MarkCertificateReminded(ctx context.Context, id assessment.CertificateID, days int) error {
	_, err := s.w.ExecContext(ctx, `UPDATE certificates SET reminder_days = $1, reminded_at = $2 WHERE id = $3`, days, utc(s.db.now()), int64(id))
	return translate(err, "mark certificate reminded")
}

// FindMailboxes reads the enabled accounts of an enterprise.
func (s *AssessmentStore) FindMailboxes(ctx context.Context, ent registry.EnterpriseID) ([]assessment.Mailbox, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT email, name, lang FROM users WHERE enterprise_id = $1 AND NOT disabled ORDER BY id`, int64(ent))
	if err != nil {
		return nil, translate(err, "find enterprise mailboxes")
	}
	var out []assessment.Mailbox
	for rows.Next() {
		var m assessment.Mailbox
		if err := rows.Scan(&m.Email, &m.Name, &m.Lang); err != nil {
			rows.Close()
			return nil, translate(err, "scan mailbox")
		}
		out = append(out, m)
	}
	return out, closeRows(rows, "find enterprise mailboxes")
}
