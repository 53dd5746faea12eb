package news

import (
	"context"
	"errors"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/mail"
)

// maxAttempts is how many times a soft-bounced (4xx) mail is tried.
const maxAttempts = 3

var errNothingToSend = fault.New(fault.Invalid, "Không có người nhận nào trong phân nhóm này.", "No confirmed subscriber is in this segment.")

// queueClaim is how long a Send's claim to queue the job holds: a second
// Send meanwhile (a double click) changes nothing; after it (the first
// died before recording its job) Send queues again.
const queueClaim = 2 * time.Minute

// Send starts sending a draft: the recipient list is frozen (one delivery
// per confirmed subscriber in the segment) and a job is queued. It is
// idempotent: the first call claims the queueing (QueuedAt, committed
// before the job is queued), and a Send while that job is being queued,
// queued or running returns the newsletter unchanged. A newsletter still
// sending whose job will never run again (the queue gave up: failed,
// cancelled) or that was left without a job is queued again: "resume"
// (ActNewsletterManage).
func (s *Service) Send(ctx context.Context, id NewsletterID, version int) (*Newsletter, error) {
	if err := may(ctx, auth.ActNewsletterManage, errNotManager); err != nil {
		return nil, err
	}
	if s.enqueue == nil {
		return nil, fault.New(fault.Unavailable, "Chức năng gửi bản tin chưa được cấu hình.", "Sending newsletters is not configured.")
	}
	deadJob, err := s.deadJob(ctx, id)
	if err != nil {
		return nil, err
	}
	var n *Newsletter
	claimed := false
	err = s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindNewsletter(ctx, id)
		if err != nil {
			return notFound(err, errNoNewsletter)
		}
		now := s.now().UTC()
		switch {
		case old.Status == NLSent,
			old.Status == NLSending && old.JobID != 0 && old.JobID != deadJob,
			old.Status == NLSending && old.JobID == 0 && old.QueuedAt != nil && now.Sub(*old.QueuedAt) < queueClaim:
			n = old
			return nil
		case old.Status == NLDraft && old.Version != version:
			return fault.New(fault.Conflict, "Bản tin vừa được người khác thay đổi; hãy xem lại trước khi gửi.",
				"Someone else changed the newsletter meanwhile; check it again before sending.")
		case old.Status == NLDraft && len(old.ArticleIDs) == 0 && len(old.CaseIDs) == 0 && old.Intro == "":
			return fault.New(fault.Invalid, "Bản tin chưa có nội dung.", "The newsletter has no content.")
		}
		cp := *old
		n = &cp
		k, err := tx.FreezeRecipients(ctx, n)
		if err != nil {
			return err
		}
		if k == 0 {
			return errNothingToSend
		}
		action := "news.newsletter.send"
		if old.Status == NLSending {
			action = "news.newsletter.resume"
		}
		n.Status, n.Recipients, n.UpdatedAt, n.JobID, n.QueuedAt = NLSending, k, now, 0, &now
		if n.StartedAt == nil {
			n.StartedAt = &now
		}
		if err := tx.UpdateNewsletter(ctx, n); err != nil {
			return err
		}
		claimed = true
		return s.record(ctx, tx, action, "newsletter", int64(n.ID), old, n)
	})
	if err != nil || !claimed {
		return n, err
	}
	jobID, qerr := s.enqueue(ctx, int64(n.ID), "Gửi bản tin: "+n.Subject)
	err = s.store.Tx(context.WithoutCancel(ctx), func(tx Store) error {
		cur, ferr := tx.FindNewsletter(ctx, id)
		if ferr != nil {
			return ferr
		}
		if qerr == nil {
			cur.JobID = jobID
		}
		cur.QueuedAt, cur.UpdatedAt = nil, s.now().UTC() // a failed queueing may be tried again at once
		if ferr := tx.UpdateNewsletter(ctx, cur); ferr != nil {
			return ferr
		}
		n = cur
		return qerr
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// deadJob returns the job of a newsletter still sending when that job
// will never run again, else 0.
func (s *Service) deadJob(ctx context.Context, id NewsletterID) (int64, error) {
	if s.jobDone == nil {
		return 0, nil
	}
	n, err := s.store.FindNewsletter(ctx, id)
	if err != nil {
		return 0, notFound(err, errNoNewsletter)
	}
	if n.Status != NLSending || n.JobID == 0 {
		return 0, nil
	}
	done, err := s.jobDone(ctx, n.JobID)
	if err != nil || !done {
		return 0, err
	}
	return n.JobID, nil
}

// Resumable tells whether a newsletter is still sending but its job will
// never run again: Send resumes it (ActNewsletterManage).
func (s *Service) Resumable(ctx context.Context, n *Newsletter) bool {
	if may(ctx, auth.ActNewsletterManage, errNotManager) != nil || n.Status != NLSending {
		return false
	}
	if n.JobID == 0 {
		return n.QueuedAt == nil || s.now().Sub(*n.QueuedAt) >= queueClaim
	}
	job, err := s.deadJob(ctx, n.ID)
	return err == nil && job == n.JobID
}

// SendStep is the outcome of one step of a newsletter's sending.
type SendStep struct {
	Done bool          // every delivery is settled
	Wait time.Duration // not done: go on after this long (soft bounces wait)
}

// RunNewsletterSend sends a sending newsletter's deliveries, a batch at a
// time, for one step (Options.Step), reporting progress. It is what the
// newsletter job runs (the job was authorised when queued).
//
// Restart rule (at most once): a batch is claimed (its rows marked
// "sending", committed) before its SMTP conversation starts, and settled
// after. Rows found "sending" when a step begins were claimed by a
// process that died before settling them: their mails may have gone, so
// they become "unknown" and are never resent. Within a running step
// nothing is lost: a mail whose transaction never started (a broken
// connection before its DATA, a stop between mails) goes back to
// "pending"; one whose text went out without a reply is "unknown".
func (s *Service) RunNewsletterSend(ctx context.Context, id int64, progress func(done, total int64, msg string)) (SendStep, error) {
	if progress == nil {
		progress = func(int64, int64, string) {}
	}
	if s.transport == nil {
		return SendStep{}, fault.New(fault.Unavailable, "Chưa cấu hình gửi thư.", "Mail sending is not configured.")
	}
	bg := context.WithoutCancel(ctx)
	n, err := s.store.FindNewsletter(ctx, NewsletterID(id))
	if err != nil {
		return SendStep{}, err
	}
	if n.Status != NLSending {
		return SendStep{Done: true}, nil
	}
	// One run at a time: the lease is taken here and renewed per batch;
	// only its holder may judge rows left "sending" abandoned.
	owner := newSalt()
	lease := func() (bool, error) {
		now := s.now()
		return s.store.TakeLease(bg, n.ID, owner, now, now.Add(s.lease))
	}
	if ok, err := lease(); err != nil {
		return SendStep{}, err
	} else if !ok {
		return SendStep{Wait: s.lease / 2}, nil // another run is sending it
	}
	defer func() {
		if err := s.store.ReleaseLease(bg, n.ID, owner); err != nil {
			s.log.WarnContext(ctx, "news: release newsletter lease", "newsletter", id, "err", err)
		}
	}()
	if k, err := s.store.AbandonSending(ctx, n.ID, s.now()); err != nil {
		return SendStep{}, err
	} else if k > 0 {
		s.log.WarnContext(ctx, "news: deliveries left sending by an interrupted run marked unknown", "newsletter", id, "count", k)
	}
	c, err := s.content(ctx, n)
	if err != nil {
		return SendStep{}, err
	}
	key, err := s.key(ctx)
	if err != nil {
		return SendStep{}, err
	}
	counts, err := s.store.DeliveryCounts(ctx, n.ID)
	if err != nil {
		return SendStep{}, err
	}
	total := int64(counts.Total())
	done := int64(counts.Done())
	report := func() {
		progress(done, total, strconv.FormatInt(done, 10)+" / "+strconv.FormatInt(total, 10)+" thư đã xử lý (mails handled)")
	}
	report()
	host := hostOf(s.baseURL)
	until := s.now().Add(s.step)
	msgs := make([]Outgoing, 0, s.batch)
	for s.now().Before(until) {
		if err := ctx.Err(); err != nil {
			return SendStep{}, err
		}
		if ok, err := lease(); err != nil {
			return SendStep{}, err
		} else if !ok {
			return SendStep{Wait: s.lease / 2}, nil // lost (expired and taken): stop at once
		}
		batch, err := s.store.ClaimDeliveries(ctx, n.ID, s.batch, s.now())
		if err != nil {
			return SendStep{}, err
		}
		if len(batch) == 0 {
			next, err := s.store.NextRetry(ctx, n.ID)
			if err != nil {
				return SendStep{}, err
			}
			if next != nil {
				return SendStep{Wait: max(next.Sub(s.now()), 0)}, nil
			}
			return SendStep{Done: true}, s.finish(bg, n.ID)
		}
		msgs = msgs[:0]
		for _, d := range batch {
			unsub := s.unsubscribeURL(key, d.SubscriberID, d.Salt)
			msgs = append(msgs, Outgoing{To: d.Email, Subject: n.Subject, Text: c.TextFor(unsub), Headers: [][2]string{
				{"Message-ID", "<nl" + strconv.FormatInt(id, 10) + ".s" + strconv.FormatInt(int64(d.SubscriberID), 10) + "@" + host + ">"},
				{"List-Unsubscribe", "<" + unsub + ">"},
				{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
				{"List-Id", "NSCL <newsletter." + host + ">"},
			}})
		}
		codes, sendErr := s.transport.Send(ctx, msgs)
		settle, settled := s.settle(batch, codes)
		if err := s.store.SettleDeliveries(bg, settle, s.now()); err != nil {
			return SendStep{}, err
		}
		done += int64(settled)
		report()
		if sendErr != nil {
			if ctx.Err() != nil {
				return SendStep{}, ctx.Err()
			}
			var refused *mail.RefusedError
			if errors.As(sendErr, &refused) {
				// The server refuses the platform's sender (not any
				// recipient): nobody is bounced, the rows stay pending.
				return SendStep{}, fault.Wrap(fault.Unavailable, sendErr, "Máy chủ thư từ chối người gửi ("+strconv.Itoa(refused.Code)+
					" ở bước "+refused.Step+"); kiểm tra cấu hình SMTP. Sẽ thử lại.",
					"The mail server refuses the sender ("+strconv.Itoa(refused.Code)+" at "+refused.Step+"); check the SMTP settings. Will retry.")
			}
			// A connection problem: the job is retried (with River's backoff).
			return SendStep{}, fault.Wrap(fault.Unavailable, sendErr, "Máy chủ thư không trả lời; sẽ thử lại.", "The mail server did not answer; will retry.")
		}
	}
	return SendStep{}, nil
}

// settle turns SMTP codes into outcomes; settled counts the final ones.
func (s *Service) settle(batch []Delivery, codes []int) (out []Settle, settled int) {
	now := s.now().UTC()
	retry := now.Add(s.retry)
	out = make([]Settle, len(batch))
	for i, d := range batch {
		code := mail.CodeNotStarted
		if i < len(codes) {
			code = codes[i]
		}
		o := Settle{ID: d.ID, SubscriberID: d.SubscriberID, Code: code, Attempts: d.Attempts + 1}
		switch {
		case code >= 200 && code < 300:
			o.Status = DelSent
		case code >= 500:
			o.Status = DelHard
		case code >= 400 && o.Attempts >= maxAttempts:
			o.Status = DelFailed
		case code >= 400:
			o.Status, o.RetryAt = DelSoft, &retry
		case code == mail.CodeUnknown:
			o.Status = DelUnknown
		default: // never started: as it was
			o.Status, o.Attempts = DelPending, d.Attempts
			if d.Attempts > 0 {
				o.Status, o.RetryAt = DelSoft, &now
			}
		}
		switch o.Status {
		case DelSent, DelHard, DelFailed, DelUnknown:
			settled++
		}
		out[i] = o
	}
	return out, settled
}

// finish marks the newsletter sent.
func (s *Service) finish(ctx context.Context, id NewsletterID) error {
	return s.store.Tx(ctx, func(tx Store) error {
		n, err := tx.FindNewsletter(ctx, id)
		if err != nil {
			return err
		}
		if n.Status != NLSending {
			return nil
		}
		old := *n
		now := s.now().UTC()
		n.Status, n.FinishedAt, n.UpdatedAt = NLSent, &now, now
		if err := tx.UpdateNewsletter(ctx, n); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.newsletter.sent", "newsletter", int64(n.ID), &old, n)
	})
}

func hostOf(base string) string {
	h := base
	for _, p := range []string{"https://", "http://"} {
		if len(h) > len(p) && h[:len(p)] == p {
			h = h[len(p):]
		}
	}
	for i := 0; i < len(h); i++ {
		if h[i] == '/' || h[i] == ':' {
			h = h[:i]
			break
		}
	}
	if h == "" {
		return "nscl.localhost"
	}
	return h
}
