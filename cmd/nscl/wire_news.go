package main

import (
	"context"

	"nscl/internal/fault"
	"nscl/internal/mail"
	"nscl/internal/news"
)

// wireNews builds the news and newsletters' service. Newsletters go out
// over one SMTP connection per batch when SMTP is configured, else into
// the outbox; the send job is queued through a.jobs, built later.
func (a *app) wireNews() {
	o := news.Options{Store: a.db.News(), Log: a.log, BaseURL: a.cfg.BaseURL, Mailer: a.mail,
		Enqueue: func(ctx context.Context, id int64, title string) (int64, error) {
			if a.jobs == nil {
				return 0, fault.New(fault.Unavailable, "Hàng đợi công việc chưa chạy.", "The job queue is not running.")
			}
			return a.jobs.EnqueueNewsletterSend(ctx, id, title)
		},
		JobFinished: func(ctx context.Context, jobID int64) (bool, error) {
			if a.jobs == nil {
				return false, nil
			}
			return a.jobs.NewsletterJobFinished(ctx, jobID)
		}}
	if a.library != nil {
		o.Cases = a.library
	}
	if a.cfg.SMTP.Host != "" {
		o.Transport = news.SMTPTransport{Sender: mail.NewBatchSender(mail.SMTPConfig(a.cfg.SMTP))}
	}
	a.news = news.NewService(o)
}
