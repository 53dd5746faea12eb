package programme

import (
	"context"
	"fmt"
	"time"

	"nscl/internal/vn"
)

// Reminder windows.
const (
	MilestoneReminderDays = 7 // a milestone not reported is reminded from 7 days before its due date, and daily once overdue
	DraftReminderDays     = 3 // a draft is reminded in the last 3 days before its call's deadline
)

// Limits of one reminder run. The job runs under River's 90 s timeout and
// one SMTP conversation may take up to 40 s (mail.Service: 10 s to dial,
// 30 s for the rest), so a run starts no send after 45 s; what is left
// waits for the next run, which the job schedules a minute later.
const (
	ReminderBudget = 45 * time.Second
	ReminderBatch  = 500
)

// Kinds of reminders in programme_reminders.
const (
	reminderMilestone     = "milestone"
	reminderDraftDeadline = "draft_deadline"
)

// SendReminders sends the reminders due at now within ReminderBudget and
// ReminderBatch (SendRemindersWithin).
func (s *Service) SendReminders(ctx context.Context, now time.Time) (int, bool, error) {
	return s.SendRemindersWithin(ctx, now, ReminderBudget, ReminderBatch)
}

// SendRemindersWithin sends the deadline reminders due at now and returns
// how many went out and whether some are left for another run: one a day
// per milestone not yet reported that is due within 7 days or overdue, to
// the proposer's contact (the activity's creator); one a day per draft
// whose call closes within 3 days, to its creator. Each is remembered in
// programme_reminders (kind, object, Vietnam calendar day), so a rerun on
// the same day sends nothing twice; that table has no trigger, so a run
// does not bump programme_version nor empty the dashboard's cache.
//
// It stops starting sends once budget has passed (wall time, not the
// service clock: the limit is River's real timeout) or after batch
// reminders; the rest is reported as left.
//
// The mark comes before the send: a crash or a timeout between the two
// loses that reminder for the day (the next day's goes out as usual),
// where sending first would resend it every hour after a failed mark.
// mail.Service.SendMail stores every message in the outbox before trying
// SMTP and records a failed send there, so a mail that did not go out is
// visible to an admin; only a failure to store it is logged here.
func (s *Service) SendRemindersWithin(ctx context.Context, now time.Time, budget time.Duration, batch int) (int, bool, error) {
	if s.mailer == nil {
		return 0, false, nil
	}
	start := time.Now()
	spent := func() bool { return time.Since(start) >= budget || ctx.Err() != nil }
	local := now.In(vn.Zone)
	day := local.Format(time.DateOnly)
	until := local.AddDate(0, 0, MilestoneReminderDays).Format(time.DateOnly)
	ms, err := s.store.FindDueMilestones(ctx, until, reminderMilestone, day, batch+1)
	if err != nil {
		return 0, false, err
	}
	more := len(ms) > batch
	ms = ms[:min(len(ms), batch)]
	sent, done := 0, 0
	for _, m := range ms {
		if spent() {
			return sent, true, nil
		}
		if err := s.store.MarkReminded(ctx, reminderMilestone, int64(m.ID), day); err != nil {
			return sent, true, err
		}
		done++
		if m.Email == "" {
			continue
		}
		due, _ := time.ParseInLocation(time.DateOnly, m.DueDate, vn.Zone)
		var subject, body string
		if m.DueDate < day {
			subject = "Mốc đã quá hạn báo cáo / Milestone report overdue"
			body = fmt.Sprintf("Mốc %d “%s” của nhiệm vụ “%s” đã quá hạn báo cáo (hạn %s). Vui lòng gửi báo cáo tiến độ.\n"+
				"Milestone %d “%s” of the activity “%s” is overdue (due %s). Please send the progress report.",
				m.Seq, m.Title, m.ActivityTitle, vn.Date(due), m.Seq, m.Title, m.ActivityTitle, vn.Date(due))
		} else {
			subject = "Sắp đến hạn báo cáo mốc / Milestone report due soon"
			body = fmt.Sprintf("Mốc %d “%s” của nhiệm vụ “%s” đến hạn báo cáo ngày %s.\n"+
				"Milestone %d “%s” of the activity “%s” is due on %s.",
				m.Seq, m.Title, m.ActivityTitle, vn.Date(due), m.Seq, m.Title, m.ActivityTitle, vn.Date(due))
		}
		link := fmt.Sprintf("%s/activities/%d/execution", s.baseURL, m.ActivityID)
		if err := s.mailer.SendMail(ctx, m.Email, "[NSCL] "+subject, body+"\n\n"+link+"\n"); err != nil {
			s.log.Warn("programme: milestone reminder not sent", "milestone", m.ID, "err", err)
			continue
		}
		sent++
	}
	if more || done >= batch {
		return sent, true, nil
	}
	ds, err := s.store.FindClosingDrafts(ctx, now.UTC(), now.UTC().AddDate(0, 0, DraftReminderDays), reminderDraftDeadline, day, batch-done+1)
	if err != nil {
		return sent, true, err
	}
	more = len(ds) > batch-done
	ds = ds[:min(len(ds), batch-done)]
	for _, d := range ds {
		if spent() {
			return sent, true, nil
		}
		if err := s.store.MarkReminded(ctx, reminderDraftDeadline, int64(d.ActivityID), day); err != nil {
			return sent, true, err
		}
		if d.Email == "" {
			continue
		}
		body := fmt.Sprintf("Đề xuất “%s” (đợt %s) vẫn là bản nháp; đợt kêu gọi đóng lúc %s. Vui lòng hoàn thiện và nộp trước hạn.\n"+
			"The proposal “%s” (call %s) is still a draft; the call closes at %s. Please complete and submit it in time.",
			d.Title, d.CallCode, vn.DateTime(d.Deadline), d.Title, d.CallCode, vn.DateTime(d.Deadline))
		link := fmt.Sprintf("%s/activities/%d", s.baseURL, d.ActivityID)
		if err := s.mailer.SendMail(ctx, d.Email, "[NSCL] Sắp hết hạn nộp đề xuất / The call closes soon", body+"\n\n"+link+"\n"); err != nil {
			s.log.Warn("programme: draft reminder not sent", "activity", d.ActivityID, "err", err)
			continue
		}
		sent++
	}
	return sent, more, nil
}
