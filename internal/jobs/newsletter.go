package jobs

import (
	"context"
	"encoding/json"
	"time"

	"github.com/riverqueue/river"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/news"
)

// KindNewsletterSend is the kind of a newsletter's sending to its
// recipients.
const KindNewsletterSend = "newsletter_send"

// NewsletterSender sends newsletters for the job (*news.Service does):
// one step of a newsletter's sending, with progress; called again until
// the step says it is done. It must survive being stopped and restarted
// at any point without mailing anyone twice (news explains its rule).
type NewsletterSender interface {
	RunNewsletterSend(ctx context.Context, id int64, progress func(done, total int64, msg string)) (news.SendStep, error)
}

// newsletterParams are the stored parameters of a send.
type newsletterParams struct {
	Newsletter int64 `json:"newsletter"`
}

type newsletterArgs struct{ trackedArgs }

func (newsletterArgs) Kind() string { return KindNewsletterSend }

func newsletterKind(s *Service, n NewsletterSender) *kindDef {
	return trackedKind(
		func(id JobID) newsletterArgs { return newsletterArgs{trackedArgs{id}} },
		func(a *auth.Actor) bool { return auth.Can(a, auth.ActNewsletterManage) },
		func(ctx context.Context, j *Job, p *Progress) error {
			var in newsletterParams
			if err := json.Unmarshal([]byte(j.Params), &in); err != nil || in.Newsletter <= 0 {
				return river.JobCancel(fault.Internalf("jobs: newsletter send %d params: %v", j.ID, err))
			}
			step, err := n.RunNewsletterSend(ctx, in.Newsletter, p.Set)
			switch {
			case err != nil && fault.Is(err, fault.NotFound):
				return river.JobCancel(err)
			case err != nil:
				return err
			case !step.Done:
				// The step is over (or soft bounces wait): go on later
				// without spending an attempt.
				return river.JobSnooze(min(step.Wait, 10*time.Minute))
			}
			return nil
		})
}

// EnqueueNewsletterSend queues the sending of a newsletter whose
// recipients are frozen (news.Service.Send calls it) and returns the
// job's id. Errors: as Enqueue.
func (s *Service) EnqueueNewsletterSend(ctx context.Context, newsletter int64, title string) (int64, error) {
	j, err := s.Enqueue(ctx, KindNewsletterSend, title, newsletterParams{Newsletter: newsletter})
	if err != nil {
		return 0, err
	}
	return int64(j.ID), nil
}

// NewsletterJobFinished tells whether a newsletter's send job will never
// run again (done, failed or cancelled), for news.Options.JobFinished:
// the newsletter's page then offers to resume. An unknown job counts as
// finished.
func (s *Service) NewsletterJobFinished(ctx context.Context, id int64) (bool, error) {
	j, err := s.store.FindJobByID(ctx, JobID(id))
	if fault.Is(err, fault.NotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return j.Status.IsFinished(), nil
}
