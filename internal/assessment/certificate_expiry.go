package assessment

import (
	"context"
	"fmt"
	"time"

	"nscl/internal/vn"
)

// The scheduled keeping of certificates (jobs.CertificateKeeper): expired
// certificates are marked, and the enterprises are reminded before expiry.

// The bounds of one run of KeepCertificates.
const (
	CertificateBatch  = 500              // certificates expired, and reminders sent, per run at most
	CertificateBudget = 60 * time.Second // wall time after which a run stops starting sends
)

// KeepCertificates runs the certificates' scheduled keeping at now (see
// KeepCertificatesWithin) within the default bounds.
func (s *Service) KeepCertificates(ctx context.Context, now time.Time) (int, bool, error) {
	return s.KeepCertificatesWithin(ctx, now, CertificateBudget, CertificateBatch)
}

// KeepCertificatesWithin marks as expired the valid certificates whose
// expiry day has passed (Vietnam's calendar; each audited), then sends
// the expiry reminders due: to the enterprise's users, 90 days and 30
// days before the expiry day, once each (the certificate remembers the
// last one sent; one issued within 30 days of its expiry gets the 30-day
// one only). It returns how many certificates it expired or reminded and
// whether some were left for another run: at most batch of each per run,
// and no send starts once budget (wall time) has passed. Without a mailer
// no reminder is sent nor marked. Reruns, and runs at once (two
// processes, a snoozed run and the hourly one), are harmless: a
// certificate is expired and audited by the one run whose statement
// changed it, and each reminder is claimed by one run before it is sent.
//
// The mark comes before the send (as the programme's reminders do): a
// crash between the two loses one reminder rather than repeating it every
// run.
func (s *Service) KeepCertificatesWithin(ctx context.Context, now time.Time, budget time.Duration, batch int) (int, bool, error) {
	start := time.Now()
	spent := func() bool { return time.Since(start) >= budget || ctx.Err() != nil }
	today := day(now)
	done := 0
	err := s.store.Tx(ctx, func(tx Store) error {
		cs, err := tx.ExpireCertificates(ctx, today.Format(time.DateOnly), batch)
		if err != nil {
			return err
		}
		for _, c := range cs {
			after := *c
			after.Status, after.Version = CertExpired, c.Version+1
			if err := s.record(ctx, tx, "certificate.expire", "certificate", int64(c.ID), c, &after); err != nil {
				return err
			}
		}
		done = len(cs)
		return nil
	})
	if err != nil {
		return 0, true, err
	}
	if done >= batch {
		return done, true, nil
	}
	if s.mailer == nil {
		return done, false, nil
	}
	rs, err := s.store.FindCertificatesToRemind(ctx, today.Format(time.DateOnly),
		today.AddDate(0, 0, ExpiryReminders[1]).Format(time.DateOnly), today.AddDate(0, 0, ExpiryReminders[0]).Format(time.DateOnly), batch+1)
	if err != nil {
		return done, true, err
	}
	more := len(rs) > batch
	rs = rs[:min(len(rs), batch)]
	for _, r := range rs {
		if spent() {
			return done, true, nil
		}
		c := r.Certificate
		// The claim is conditional on the mark read: of two runs at once,
		// only the one whose claim changed the row sends.
		claimed, err := s.store.ClaimCertificateReminder(ctx, c.ID, r.From, r.Days)
		if err != nil {
			return done, true, err
		}
		if !claimed {
			continue
		}
		done++
		left := int(c.ExpiresOn.Sub(today).Hours()/24 + 0.5)
		s.notify(ctx, c.EnterpriseID,
			fmt.Sprintf("Giấy chứng nhận số %s sắp hết hiệu lực / Certificate no. %s expires soon", c.Number, c.Number),
			fmt.Sprintf("Giấy chứng nhận số %s (%s, mức %s) của %s hết hiệu lực ngày %s (còn %d ngày). "+
				"Để được công nhận lại, doanh nghiệp đề nghị đánh giá độc lập trước ngày này.\n"+
				"Certificate no. %s (%s, level %s) of %s expires on %s (in %d days). "+
				"To be recognised again, ask for an independent assessment before that day.",
				c.Number, c.SchemeName.Vi, c.LevelName.Vi, c.EnterpriseName, vn.Date(*c.ExpiresOn), left,
				c.Number, c.SchemeName.En, c.LevelName.En, c.EnterpriseName, vn.Date(*c.ExpiresOn), left),
			fmt.Sprintf("/certificates/%d", c.ID))
	}
	return done, more, nil
}
