package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"nscl/internal/auth"
)

// KindNewsletterSend is the kind of a newsletter's sending to its
// recipients.
const KindNewsletterSend = "newsletter_send"

// NewsletterSender sends newsletters for the job (*news.Service does).
// The news area defines what it needs here; the job runs it with
// progress and resumes it after a restart.
type NewsletterSender interface {
}

type newsletterArgs struct{ trackedArgs }

func (newsletterArgs) Kind() string { return KindNewsletterSend }

func newsletterKind(s *Service, n NewsletterSender) *kindDef {
	return trackedKind(
		func(id JobID) newsletterArgs { return newsletterArgs{trackedArgs{id}} },
		func(a *auth.Actor) bool { return auth.Can(a, auth.ActNewsletterManage) },
		func(ctx context.Context, j *Job, p *Progress) error {
			return river.JobCancel(context.Canceled) // the news area replaces this
		})
}
