package sqldb

// The certificate area of the assessment store (see assessment.go):
// numbering, issue, recognition, lists, revocation, expiry and reminders
// (0022_assessment.sql, 0026_certificates.sql).

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
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
// one statement and returns those it changed, as they were. The status is
// the statement's condition: a certificate another run expired meanwhile,
// or that was revoked, is neither changed nor returned (on PostgreSQL the
// statement waits for a concurrent run's rows and checks them again).
func (s *AssessmentStore) ExpireCertificates(ctx context.Context, today string, limit int) ([]*assessment.Certificate, error) {
	rows, err := s.w.QueryContext(ctx, `UPDATE certificates SET status = 'expired', version = version + 1
		WHERE status = 'valid' AND id IN (SELECT id FROM certificates
			WHERE status = 'valid' AND expires_on <> '' AND expires_on < $1 ORDER BY expires_on, id LIMIT $2)
		RETURNING `+certificateColumns, today, limit)
	if err != nil {
		return nil, translate(err, "expire certificates")
	}
	var out []*assessment.Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan certificate")
		}
		// As it was before the statement.
		c.Status, c.Version = assessment.CertValid, c.Version-1
		out = append(out, c)
	}
	if err := closeRows(rows, "expire certificates"); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *assessment.Certificate) int {
		if a.ExpiresOn.Equal(*b.ExpiresOn) {
			return cmp.Compare(a.ID, b.ID)
		}
		return a.ExpiresOn.Compare(*b.ExpiresOn)
	})
	return out, nil
}

// FindCertificatesToRemind reads the certificates whose expiry reminder
// is due, each with the reminder mark it has (the claim's condition).
func (s *AssessmentStore) FindCertificatesToRemind(ctx context.Context, today, by30, by90 string, limit int) ([]assessment.Reminder, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+certificateColumns+`, CASE WHEN expires_on <= $2 THEN 30 ELSE 90 END, reminder_days
		FROM certificates
		WHERE status = 'valid' AND expires_on <> '' AND expires_on >= $1 AND expires_on <= $3
		AND (reminder_days = 0 OR reminder_days > 30 AND expires_on <= $2)
		ORDER BY expires_on, id LIMIT $4`, today, by30, by90, limit)
	if err != nil {
		return nil, translate(err, "find certificates to remind")
	}
	var out []assessment.Reminder
	for rows.Next() {
		var days, from int
		c, err := scanCertificate(scanMore{rows, []any{&days, &from}})
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan certificate")
		}
		out = append(out, assessment.Reminder{Certificate: c, Days: days, From: from})
	}
	return out, closeRows(rows, "find certificates to remind")
}

// ClaimCertificateReminder records the reminder of days as sent if the
// certificate's reminder mark is still from and it is still valid, and
// reports whether it did: of two runs at once, one claims it.
func (s *AssessmentStore) ClaimCertificateReminder(ctx context.Context, id assessment.CertificateID, from, days int) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE certificates SET reminder_days = $1, reminded_at = $2
		WHERE id = $3 AND reminder_days = $4 AND status = 'valid'`, days, utc(s.db.now()), int64(id), from)
	if err != nil {
		return false, translate(err, "claim certificate reminder")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, translate(err, "claim certificate reminder")
	}
	return n == 1, nil
}

// FindCertificateToVerify reads the certificate of a number for the
// public verification (what its page shows and its code seals; not its
// signer, issuing account, reminders nor creation), the hottest query of
// the certificates: with a
// statement prepared once per database (and per connection by
// database/sql), so that a look-up does not parse its SQL again. In a
// transaction it is FindCertificateByNumber.
func (s *AssessmentStore) FindCertificateToVerify(ctx context.Context, number string) (*assessment.Certificate, error) {
	db, ok := s.r.(*sql.DB)
	if !ok || s.tx != nil {
		return s.FindCertificateByNumber(ctx, number)
	}
	stmt, err := verifyStmts.get(ctx, db)
	if err != nil {
		return s.FindCertificateByNumber(ctx, number)
	}
	c, err := scanVerified(stmt.QueryRowContext(ctx, number))
	if err != nil && !errors.Is(err, sql.ErrNoRows) && ctx.Err() == nil {
		// A statement of a closed database, say: prepare it again next time.
		verifyStmts.drop(db, stmt)
	}
	return c, translate(err, "find certificate to verify")
}

// verifyQuery is the verification's look-up by number: the columns the
// public page shows and the code seals.
const verifyQuery = `SELECT id, number, code, enterprise_id, enterprise_name, tax_code, province_code, scheme_code, scheme_name_vi,
	scheme_name_en, level_code, level_name_vi, level_name_en, score_pct, issued_on, expires_on, issuer, status, revoked_at,
	revoked_reason, version FROM certificates WHERE number = $1`

// scanVerified scans a row of verifyQuery.
func scanVerified(sc interface{ Scan(...any) error }) (*assessment.Certificate, error) {
	var c assessment.Certificate
	var issued, expires, status string
	var revoked sql.NullTime
	if err := sc.Scan(&c.ID, &c.Number, &c.Code, &c.EnterpriseID, &c.EnterpriseName, &c.TaxCode, &c.ProvinceCode, &c.SchemeCode,
		&c.SchemeName.Vi, &c.SchemeName.En, &c.LevelCode, &c.LevelName.Vi, &c.LevelName.En, &c.ScorePct, &issued, &expires, &c.Issuer,
		&status, &revoked, &c.RevokedReason, &c.Version); err != nil {
		return nil, err
	}
	c.IssuedOn, c.ExpiresOn, c.Status, c.RevokedAt = dayVal(issued), dayOf(expires), assessment.CertificateStatus(status), timePtr(revoked)
	return &c, nil
}

// verifyStmts keeps the verification's prepared statement per database
// pool: a few (one database in a process; tests open many, so the oldest
// are closed beyond stmtCacheMax).
var verifyStmts = &stmtCache{query: verifyQuery}

const stmtCacheMax = 8

// stmtCache is a query prepared per *sql.DB, at most stmtCacheMax of them.
type stmtCache struct {
	query string
	mu    sync.Mutex
	m     map[*sql.DB]*sql.Stmt
	order []*sql.DB
}

func (c *stmtCache) get(ctx context.Context, db *sql.DB) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[db]; ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, c.query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[*sql.DB]*sql.Stmt{}
	}
	if len(c.order) >= stmtCacheMax {
		old := c.order[0]
		c.order = c.order[1:]
		_ = c.m[old].Close()
		delete(c.m, old)
	}
	c.m[db] = st
	c.order = append(c.order, db)
	return st, nil
}

// drop forgets st if it is still db's statement.
func (c *stmtCache) drop(db *sql.DB, st *sql.Stmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m[db] != st {
		return
	}
	delete(c.m, db)
	c.order = slices.DeleteFunc(c.order, func(d *sql.DB) bool { return d == db })
	_ = st.Close()
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
