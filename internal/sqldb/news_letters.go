package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/news"
)

const newsletterColumns = `id, subject, intro_md, article_ids, case_ids, segment, status, COALESCE(job_id, 0), recipients,
	COALESCE(created_by, 0), created_at, updated_at, started_at, finished_at, queued_at, version`

var newsletterWhat = fault.Text{Vi: "Bản tin", En: "The newsletter"}

func scanNewsletter(row interface{ Scan(...any) error }) (*news.Newsletter, error) {
	var n news.Newsletter
	var arts, cases, seg string
	var started, finished, queued sql.NullTime
	if err := row.Scan(&n.ID, &n.Subject, &n.Intro, &arts, &cases, &seg, &n.Status, &n.JobID, &n.Recipients, &n.CreatedBy,
		&n.CreatedAt, &n.UpdatedAt, &started, &finished, &queued, &n.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(arts), &n.ArticleIDs); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(cases), &n.CaseIDs); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(seg), &n.Segment); err != nil {
		return nil, err
	}
	n.StartedAt, n.FinishedAt, n.QueuedAt = timePtr(started), timePtr(finished), timePtr(queued)
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	return &n, nil
}

func newsletterJSON(n *news.Newsletter) (arts, cases, seg string) {
	a, _ := json.Marshal(orEmpty(n.ArticleIDs))
	c, _ := json.Marshal(orEmpty(n.CaseIDs))
	s, _ := json.Marshal(n.Segment)
	return string(a), string(c), string(s)
}

func orEmpty(xs []int64) []int64 {
	if xs == nil {
		return []int64{}
	}
	return xs
}

// CreateNewsletter inserts n.
func (s *NewsStore) CreateNewsletter(ctx context.Context, n *news.Newsletter) error {
	arts, cases, seg := newsletterJSON(n)
	n.Version = 1
	err := s.w.QueryRowContext(ctx, `INSERT INTO newsletters (subject, intro_md, article_ids, case_ids, segment, status, recipients,
		created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id`,
		n.Subject, n.Intro, arts, cases, seg, string(n.Status), n.Recipients, nullInt64(n.CreatedBy), utc(n.CreatedAt)).Scan(&n.ID)
	return translate(err, "create newsletter")
}

// UpdateNewsletter writes n at n.Version and increments it.
func (s *NewsStore) UpdateNewsletter(ctx context.Context, n *news.Newsletter) error {
	arts, cases, seg := newsletterJSON(n)
	res, err := s.w.ExecContext(ctx, `UPDATE newsletters SET subject = $1, intro_md = $2, article_ids = $3, case_ids = $4, segment = $5,
		status = $6, job_id = $7, recipients = $8, updated_at = $9, started_at = $10, finished_at = $11, queued_at = $14, version = version + 1
		WHERE id = $12 AND version = $13`,
		n.Subject, n.Intro, arts, cases, seg, string(n.Status), nullInt64(n.JobID), n.Recipients, utc(n.UpdatedAt), nullTime(n.StartedAt),
		nullTime(n.FinishedAt), int64(n.ID), n.Version, nullTime(n.QueuedAt))
	if err := s.affected(ctx, res, err, "update newsletter", "newsletters", int64(n.ID), newsletterWhat); err != nil {
		return err
	}
	n.Version++
	return nil
}

// FindNewsletter reads a newsletter.
func (s *NewsStore) FindNewsletter(ctx context.Context, id news.NewsletterID) (*news.Newsletter, error) {
	n, err := scanNewsletter(s.r.QueryRowContext(ctx, `SELECT `+newsletterColumns+` FROM newsletters WHERE id = $1`, int64(id)))
	return n, translate(err, "find newsletter")
}

// FindNewsletters returns a page, newest first, and the total.
func (s *NewsStore) FindNewsletters(ctx context.Context, offset, limit int) ([]*news.Newsletter, int, error) {
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM newsletters`).Scan(&total); err != nil {
		return nil, 0, translate(err, "count newsletters")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+newsletterColumns+` FROM newsletters ORDER BY id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, translate(err, "find newsletters")
	}
	var out []*news.Newsletter
	for rows.Next() {
		n, err := scanNewsletter(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan newsletter")
		}
		out = append(out, n)
	}
	return out, total, closeRows(rows, "find newsletters")
}

// FreezeRecipients writes one pending delivery per confirmed subscriber
// in n's segment, once, and returns how many deliveries n has.
func (s *NewsStore) FreezeRecipients(ctx context.Context, n *news.Newsletter) (int, error) {
	var have int
	if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM newsletter_deliveries WHERE newsletter_id = $1`, int64(n.ID)).Scan(&have); err != nil {
		return 0, translate(err, "count deliveries")
	}
	if have > 0 {
		return have, nil
	}
	conds, args := segmentWhere(n.Segment, []any{int64(n.ID)})
	conds = append(conds, "p.status = 'confirmed'")
	res, err := s.w.ExecContext(ctx, `INSERT INTO newsletter_deliveries (newsletter_id, subscriber_id, email, salt, status)
		SELECT $1, p.id, p.email, p.salt, 'pending' FROM news_subscribers p WHERE `+strings.Join(conds, " AND ")+` ORDER BY p.id`, args...)
	if err != nil {
		return 0, translate(err, "freeze recipients")
	}
	k, err := res.RowsAffected()
	return int(k), translate(err, "freeze recipients")
}

// AbandonSending marks the deliveries left "sending" as "unknown".
func (s *NewsStore) AbandonSending(ctx context.Context, id news.NewsletterID, now time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE newsletter_deliveries SET status = 'unknown', updated_at = $1
		WHERE newsletter_id = $2 AND status = 'sending'`, utc(now), int64(id))
	if err != nil {
		return 0, translate(err, "abandon deliveries")
	}
	k, err := res.RowsAffected()
	return int(k), translate(err, "abandon deliveries")
}

// TakeLease makes owner the newsletter's only send run until until.
func (s *NewsStore) TakeLease(ctx context.Context, id news.NewsletterID, owner string, now, until time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE newsletters SET lease_owner = $1, lease_until = $2
		WHERE id = $3 AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until IS NULL OR lease_until < $4)`,
		owner, utc(until), int64(id), utc(now))
	if err != nil {
		return false, translate(err, "take newsletter lease")
	}
	k, err := res.RowsAffected()
	return k == 1, translate(err, "take newsletter lease")
}

// ReleaseLease ends owner's lease.
func (s *NewsStore) ReleaseLease(ctx context.Context, id news.NewsletterID, owner string) error {
	_, err := s.w.ExecContext(ctx, `UPDATE newsletters SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
		int64(id), owner)
	return translate(err, "release newsletter lease")
}

// ClaimDeliveries marks up to limit deliveries "sending" and returns them:
// pending ones first, then soft bounces due at now. Those whose
// subscriber left meanwhile are skipped. It runs in its own transaction
// (or the caller's). The claim is atomic: PostgreSQL locks the rows it
// picks (skipping those another claim holds) and each UPDATE re-checks
// the status, so only the rows it actually changed are returned.
func (s *NewsStore) ClaimDeliveries(ctx context.Context, id news.NewsletterID, limit int, now time.Time) ([]news.Delivery, error) {
	var out []news.Delivery
	lock := ""
	if s.db.dialect.name() == "postgres" {
		lock = " FOR UPDATE OF d SKIP LOCKED"
	}
	err := s.inTx(ctx, func(c conn) error {
		out = out[:0]
		var picked []news.Delivery
		var claim, skip []any
		for _, q := range []struct {
			cond string
			args []any
		}{{`d.status = 'pending'`, nil}, {`d.status = 'soft' AND d.retry_at <= $3`, []any{utc(now)}}} {
			if len(picked) >= limit {
				break
			}
			rows, err := c.w.QueryContext(ctx, `SELECT d.id, d.subscriber_id, d.email, d.salt, d.attempts, p.status
				FROM newsletter_deliveries d JOIN news_subscribers p ON p.id = d.subscriber_id
				WHERE d.newsletter_id = $1 AND `+q.cond+` ORDER BY d.id LIMIT $2`+lock, append([]any{int64(id), limit - len(picked)}, q.args...)...)
			if err != nil {
				return translate(err, "claim deliveries")
			}
			for rows.Next() {
				var d news.Delivery
				var st string
				if err := rows.Scan(&d.ID, &d.SubscriberID, &d.Email, &d.Salt, &d.Attempts, &st); err != nil {
					rows.Close()
					return translate(err, "scan delivery")
				}
				if news.SubStatus(st) != news.SubConfirmed {
					skip = append(skip, d.ID)
					continue
				}
				claim = append(claim, d.ID)
				picked = append(picked, d)
			}
			if err := closeRows(rows, "claim deliveries"); err != nil {
				return err
			}
		}
		got := map[int64]bool{}
		for _, set := range []struct {
			status string
			ids    []any
		}{{news.DelSending, claim}, {news.DelSkipped, skip}} {
			for len(set.ids) > 0 {
				chunk := set.ids[:min(len(set.ids), 500)]
				set.ids = set.ids[len(chunk):]
				args := append([]any{set.status, utc(now)}, chunk...)
				rows, err := c.w.QueryContext(ctx, `UPDATE newsletter_deliveries SET status = $1, updated_at = $2 WHERE id IN `+
					newsIn(2, len(chunk))+` AND status IN ('pending', 'soft') RETURNING id`, args...)
				if err != nil {
					return translate(err, "claim deliveries")
				}
				for rows.Next() {
					var x int64
					if err := rows.Scan(&x); err != nil {
						rows.Close()
						return translate(err, "claim deliveries")
					}
					got[x] = true
				}
				if err := closeRows(rows, "claim deliveries"); err != nil {
					return err
				}
			}
		}
		for _, d := range picked {
			if got[int64(d.ID)] {
				out = append(out, d)
			}
		}
		return nil
	})
	return out, err
}

// SettleDeliveries writes the outcomes, grouped into few statements; hard
// bounces make their subscribers bounced.
func (s *NewsStore) SettleDeliveries(ctx context.Context, out []news.Settle, now time.Time) error {
	type key struct {
		status   string
		code     int
		attempts int
		retry    time.Time
	}
	groups := map[key][]any{}
	var bounced []any
	for _, o := range out {
		k := key{status: o.Status, code: o.Code, attempts: o.Attempts}
		if o.RetryAt != nil {
			k.retry = utc(*o.RetryAt)
		}
		groups[k] = append(groups[k], o.ID)
		if o.Status == news.DelHard {
			bounced = append(bounced, int64(o.SubscriberID))
		}
	}
	return s.inTx(ctx, func(c conn) error {
		for k, ids := range groups {
			var retry any
			if !k.retry.IsZero() {
				retry = k.retry
			}
			for len(ids) > 0 {
				chunk := ids[:min(len(ids), 500)]
				ids = ids[len(chunk):]
				args := append([]any{k.status, k.code, k.attempts, retry, utc(now)}, chunk...)
				if _, err := c.w.ExecContext(ctx, `UPDATE newsletter_deliveries SET status = $1, code = $2, attempts = $3, retry_at = $4,
					updated_at = $5 WHERE id IN `+newsIn(5, len(chunk)), args...); err != nil {
					return translate(err, "settle deliveries")
				}
			}
		}
		for len(bounced) > 0 {
			chunk := bounced[:min(len(bounced), 500)]
			bounced = bounced[len(chunk):]
			args := append([]any{utc(now)}, chunk...)
			if _, err := c.w.ExecContext(ctx, `UPDATE news_subscribers SET status = 'bounced', left_at = $1, updated_at = $1,
				version = version + 1 WHERE status = 'confirmed' AND id IN `+newsIn(1, len(chunk)), args...); err != nil {
				return translate(err, "bounce subscribers")
			}
		}
		return nil
	})
}

// DeliveryCounts counts a newsletter's deliveries by status.
func (s *NewsStore) DeliveryCounts(ctx context.Context, id news.NewsletterID) (news.DeliveryCounts, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, COUNT(*) FROM newsletter_deliveries WHERE newsletter_id = $1 GROUP BY status`, int64(id))
	if err != nil {
		return nil, translate(err, "count deliveries")
	}
	out := news.DeliveryCounts{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, translate(err, "scan delivery count")
		}
		out[st] = n
	}
	return out, closeRows(rows, "count deliveries")
}

// NextRetry returns when the earliest soft bounce is due, or nil.
func (s *NewsStore) NextRetry(ctx context.Context, id news.NewsletterID) (*time.Time, error) {
	var t sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT retry_at FROM newsletter_deliveries WHERE newsletter_id = $1 AND status = 'soft'
		ORDER BY retry_at LIMIT 1`, int64(id)).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err, "next retry")
	}
	return timePtr(t), nil
}
